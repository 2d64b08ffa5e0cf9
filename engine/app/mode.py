"""What a mode is (model viewing, exploring, kiosk, organizer) and what it may ask of the viewer.

A mode turns named actions, drags, clicks and typed text into camera moves, people and HUD widgets.
It never sees pygame or GL: input arrives as actions through its handler table, and it asks the
viewer's services for what needs a window or a renderer.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol

import numpy as np

from engine.app.keymap import KeyMap
from engine.scene.camera import Camera
from engine.scene.graph import Batch, Scene
from engine.ui.layout import Label, Rect, Widget
from engine.ui.widgets import Toasts
from engine.venue import Venue

Handlers = Mapping[str, Callable[[], object]]


class TextField(Protocol):
    """Whatever has the keyboard while it is open: typed text goes here, keys act as panel keys."""

    composing: str    # what an input method is composing in it, not yet typed

    def type(self, text: str) -> None: ...

    def compose(self, text: str) -> None:
        """Show what an input method is composing ("" when it is cancelled)."""
        ...


class Services(Protocol):
    """What the viewer offers a mode."""

    venue: Venue
    toasts: Toasts
    clock: Callable[[], float]
    keymap: KeyMap

    @property
    def size(self) -> tuple[int, int]: ...

    def set_venue(self, venue: Venue) -> None: ...

    def render_image(self, scene: Scene, camera: Camera, size: tuple[int, int]) -> np.ndarray: ...

    def hud_rect(self, key: str) -> Rect | None: ...

    def hide_help(self) -> None: ...

    def quit(self) -> None: ...


class Mode(Protocol):
    name: str
    help_sections: tuple[str, ...]

    @property
    def camera(self) -> Camera: ...

    def handlers(self) -> Handlers:
        """Action name -> what doing it means in this mode (the viewer's own actions come after)."""
        ...

    def focus(self) -> TextField | None:
        """The open text field that takes the keyboard, if any."""
        ...

    def intercept(self, action: str | None) -> bool:
        """Called with every key press (its action, or None) and pointer press (None) before
        anything else: True swallows it (a kiosk's attract loop takes any input as a touch)."""
        ...

    def drag(self, button: int, dx: float, dy: float) -> None: ...

    def wheel(self, steps: float) -> None: ...

    def click(self, pos: tuple[int, int], double: bool) -> bool:
        """A left click; True when it was used (then no drag follows)."""
        ...

    def update(self, dt: float, held: frozenset[str]) -> None: ...

    def dynamic(self) -> list[Batch]:
        """Per-frame batches drawn with the scene (people, paths, heat maps)."""
        ...

    def widgets(self, size: tuple[int, int]) -> list[Widget]: ...

    def labels(self, size: tuple[int, int]) -> list[Label]: ...

    def close(self) -> None:
        """Take out of the venue's scene whatever the mode put in (door screens)."""
        ...


class QuietMode:
    """Defaults for the parts of Mode a simple mode does not need."""

    def focus(self) -> TextField | None:
        return None

    def intercept(self, action: str | None) -> bool:
        return False

    def click(self, pos: tuple[int, int], double: bool) -> bool:
        return False

    def dynamic(self) -> list[Batch]:
        return []

    def widgets(self, size: tuple[int, int]) -> list[Widget]:
        return []

    def labels(self, size: tuple[int, int]) -> list[Label]:
        return []

    def close(self) -> None:
        pass
