"""A pygame window that owns an OpenGL 3.3 core context (also under SDL's offscreen driver), and
the edge where pygame's events become the engine's own (engine.platform.events)."""
from __future__ import annotations

import contextlib
import os
import sys
import warnings
from types import ModuleType
from typing import Any

from engine.errors import UserError
from engine.platform.events import (
    Event,
    KeyEvent,
    PointerEvent,
    QuitEvent,
    ResizeEvent,
    TextEditEvent,
    TextEvent,
    WheelEvent,
)

HEADLESS_HINT = "headless commands: render, tour, report, bench"


class Window:
    """The window, its GL context and its size. Draw into it through a render target made for it."""

    def __init__(self, size: tuple[int, int], title: str, fullscreen: bool = False) -> None:
        os.environ.setdefault("SDL_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR", "0")
        pygame = import_pygame()
        self._pg = pygame
        try:
            pygame.display.init()
        except pygame.error as exc:
            raise UserError("display", f"cannot open a window: {exc}; {HEADLESS_HINT}") from None
        pygame.font.init()
        self.fullscreen = fullscreen
        self.title = title
        self._open(size, fullscreen)
        from engine.gfx.gl import gl_version
        from engine.platform.egl import require_gl_33
        require_gl_33()
        self.renderer_name = gl_version()[3]
        pygame.key.start_text_input()   # typed text arrives as TEXTINPUT, after any input method
        self._text_rect: tuple[int, int, int, int] | None = None

    def _open(self, size: tuple[int, int], fullscreen: bool) -> None:
        pg = self._pg
        last: Exception | None = None
        for vsync in (1, 0):   # some drivers cannot sync to the display: then run without
            pg.display.gl_set_attribute(pg.GL_CONTEXT_MAJOR_VERSION, 3)
            pg.display.gl_set_attribute(pg.GL_CONTEXT_MINOR_VERSION, 3)
            pg.display.gl_set_attribute(pg.GL_CONTEXT_PROFILE_MASK, pg.GL_CONTEXT_PROFILE_CORE)
            pg.display.gl_set_attribute(pg.GL_DEPTH_SIZE, 24)
            flags = pg.OPENGL | pg.DOUBLEBUF | (pg.FULLSCREEN if fullscreen else pg.RESIZABLE)
            try:
                with warnings.catch_warnings():   # "vsync not available" is a warning: we carry on
                    warnings.simplefilter("ignore")
                    pg.display.set_mode((0, 0) if fullscreen else size, flags, vsync=vsync)
                break
            except pg.error as exc:
                last = exc
        else:
            raise UserError("OpenGL", f"cannot open an OpenGL 3.3 core window: {last}")
        pg.display.set_caption(self.title)
        self.size = self.drawable_size()

    def drawable_size(self) -> tuple[int, int]:
        """The window's real size now. An OpenGL window's display surface keeps the size it was
        opened with, so the window itself is asked."""
        w, h = self._pg.display.get_window_size()
        return max(1, int(w)), max(1, int(h))

    def poll(self) -> list[Event]:
        """The events since the last call, as the engine's own; a size change the window manager
        made without telling (or told in several events) comes out as one ResizeEvent."""
        events: list[Event] = []
        for raw in self._pg.event.get():
            event = translate(self._pg, raw)
            if event is not None and not isinstance(event, ResizeEvent):
                events.append(event)
        size = self.drawable_size()
        if size != self.size:
            self.size = size
            events.append(ResizeEvent(size))
        return events

    def toggle_fullscreen(self) -> str | None:
        """Switch with pygame's toggle, which keeps the GL context (and so every GPU object).
        Returns why it could not, or None."""
        try:
            if not self._pg.display.toggle_fullscreen():
                return "the video driver cannot switch to fullscreen"
        except self._pg.error as exc:   # e.g. SDL's offscreen driver, some Wayland setups
            return str(exc)
        self.fullscreen = not self.fullscreen
        return None

    def set_text_input_rect(self, rect: tuple[int, int, int, int] | None) -> None:
        """Where the text being typed is, in window pixels (x, y, w, h): an input method opens its list of
        candidates just below it rather than over the field. Asked of SDL only when it moves."""
        if rect is None or rect == self._text_rect:
            return
        self._text_rect = rect
        # A video driver without text input (offscreen) has nowhere to place it.
        with contextlib.suppress(self._pg.error):
            self._pg.key.set_text_input_rect(self._pg.Rect(*rect))

    def flip(self) -> None:
        self._pg.display.flip()

    def close(self) -> None:
        self._pg.display.quit()


def translate(pg: Any, event: Any) -> Event | None:
    """One pygame event as an engine event, or None for those the engine does not use."""
    t = event.type
    if t == pg.QUIT:
        return QuitEvent()
    if t in (pg.KEYDOWN, pg.KEYUP):
        return KeyEvent(pg.key.name(event.key).lower(), t == pg.KEYDOWN, _mods(pg, event.mod),
                        getattr(event, "unicode", "") or "")
    if t == pg.TEXTINPUT:
        return TextEvent(event.text)
    if t == pg.TEXTEDITING:
        return TextEditEvent(event.text, int(getattr(event, "start", 0)), int(getattr(event, "length", 0)))
    if t in (pg.MOUSEBUTTONDOWN, pg.MOUSEBUTTONUP) and event.button in (1, 2, 3):
        return PointerEvent("down" if t == pg.MOUSEBUTTONDOWN else "up", tuple(event.pos), event.button)
    if t == pg.MOUSEMOTION:
        return PointerEvent("move", tuple(event.pos), 0, tuple(event.rel))
    if t == pg.MOUSEWHEEL:
        return WheelEvent(float(-event.y if getattr(event, "flipped", False) else event.y))
    if t in (pg.VIDEORESIZE, pg.WINDOWSIZECHANGED):
        return ResizeEvent((0, 0))   # the real size is read from the window in poll()
    return None


def _mods(pg: Any, mod: int) -> frozenset[str]:
    return frozenset(name for name, flag in (("ctrl", pg.KMOD_CTRL), ("shift", pg.KMOD_SHIFT),
                                             ("alt", pg.KMOD_ALT)) if mod & flag)


def import_pygame() -> ModuleType:
    """pygame, imported without pkg_resources: pygame only uses it to find its bundled font and
    falls back to the plain file, but importing it takes a fifth of a second of the viewer's start."""
    if "pygame" in sys.modules or "pkg_resources" in sys.modules:
        import pygame
        return pygame
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes its import fail fast
    try:
        import pygame
    finally:
        del sys.modules["pkg_resources"]
    return pygame

