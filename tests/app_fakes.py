"""What modes need of a viewer, without a window or GL: time moves only when told, pictures are
flat grey, and HUD widgets are laid out as the viewer would."""
from __future__ import annotations

import numpy as np

from engine.app.keymap import KeyMap
from engine.ui.layout import Placed, Rect, layout
from engine.ui.widgets import Toasts


class FakeServices:
    def __init__(self, venue, size: tuple[int, int] = (640, 360)) -> None:
        self.venue = venue
        self.toasts = Toasts()
        self.keymap = KeyMap.default()
        self.now = 0.0
        self.clock = lambda: self.now
        self._size = size
        self.placed: list[Placed] = []
        self.running = True
        self.help_visible = False

    @property
    def size(self) -> tuple[int, int]:
        return self._size

    def set_venue(self, venue) -> None:
        self.venue = venue

    def render_image(self, scene, camera, size) -> np.ndarray:
        return np.full((size[1], size[0], 4), 128, np.uint8)

    def lay_out(self, mode) -> list[Placed]:
        """Place the mode's widgets as the viewer does each frame (for hit tests)."""
        self.placed = layout(mode.widgets(self._size), self._size)
        return self.placed

    def hud_rect(self, key: str) -> Rect | None:
        return next((p.rect for p in self.placed if p.widget.key == key), None)

    def hide_help(self) -> None:
        self.help_visible = False

    def quit(self) -> None:
        self.running = False
