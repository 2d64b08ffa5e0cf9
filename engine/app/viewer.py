"""The viewer: a window, a venue, a mode (what the person is doing) and overlays, in one short loop.

Modes (model viewing, exploring with an avatar, kiosk, organizer) share this loop; each turns
actions, drags, clicks and typed text into camera moves and overlays of its own.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from engine.app.actions import HELD_ACTIONS, KeyMap, help_lines
from engine.ui.widgets import HelpOverlay, StatsOverlay, Toasts

FIXED_STEP = 1.0 / 60.0
DOUBLE_CLICK_S = 0.4


class Viewer:
    """Owns the renderer for one window. Drive it with events (run) or with actions (do)."""

    def __init__(self, venue, window, keymap: KeyMap | None = None,
                 clock: Callable[[], float] = time.perf_counter,
                 screenshot_dir: Path | None = None, mode_factory=None) -> None:
        from engine.app.model_mode import ModelMode
        from engine.render.renderer import Renderer
        self.venue, self.window = venue, window
        self.keymap = keymap or KeyMap.default()
        self.clock = clock
        self.screenshot_dir = screenshot_dir or Path.cwd()
        self.renderer = Renderer()
        self.stats = StatsOverlay()
        self.toasts = Toasts()
        self.held: set[str] = set()
        self.running = True
        self.frames = 0
        self.last_screenshot: Path | None = None
        self._last_frame = self.clock()
        self._drag: int | None = None
        self._last_click: tuple[float, tuple[int, int]] = (-1.0, (0, 0))
        self.mode = (mode_factory or ModelMode)(self)
        self.help = HelpOverlay(help_lines(self.keymap, getattr(self.mode, "help_sections", None)),
                                title="Anting Venue: keys")
        # A kiosk runs unattended all day: an error in one frame is logged and the next frame drawn.
        self.resilient = getattr(self.mode, "name", "") == "kiosk"
        self.errors = 0
        self._logged: set[str] = set()
        self.toasts.show("F1: keys", seconds=4.0)

    @property
    def camera(self):
        return self.mode.camera

    # -- actions ------------------------------------------------------------------------
    def do(self, action: str) -> None:
        """Perform a named action once: the mode first, then the viewer's own."""
        if self.mode.action(action):
            return
        handler = getattr(self, f"_on_{action}", None)
        if handler is not None:
            handler()

    def hold(self, action: str, down: bool) -> None:
        (self.held.add if down else self.held.discard)(action)

    def _on_help(self) -> None:
        self.help.visible = not self.help.visible

    def _on_toggle_stats(self) -> None:
        self.stats.visible = not self.stats.visible

    def _on_quit(self) -> None:
        self.running = False

    def _on_toggle_fullscreen(self) -> None:
        try:
            self.window.toggle_fullscreen()
        except self.window.pygame.error as exc:   # e.g. SDL's offscreen driver, some Wayland setups
            self.toasts.show(f"Fullscreen is not available here: {exc}", error=True)

    def _on_screenshot(self) -> None:
        from engine.commands.render import write_png
        from engine.errors import UserError
        name = datetime.now().strftime("anting-venue-%Y%m%d-%H%M%S-%f")[:-3] + ".png"
        path = self.screenshot_dir / name
        self.draw(flip=False)
        try:
            write_png(self.window.target.read_rgba(), path)
        except UserError as exc:
            self.toasts.show(f"Screenshot failed: {exc.what}", error=True)
            return
        self.last_screenshot = path
        self.toasts.show(f"Saved {path.name}")

    # -- events -------------------------------------------------------------------------
    def handle(self, event) -> None:
        pg = self.window.pygame
        if event.type == pg.QUIT:
            self.running = False
        elif event.type in (pg.KEYDOWN, pg.KEYUP, pg.TEXTINPUT) and self.mode.text(event):
            return   # an open panel took the key
        elif event.type in (pg.KEYDOWN, pg.KEYUP):
            action = self.keymap.action_for(pg.key.name(event.key))
            if action in HELD_ACTIONS:
                self.hold(action, event.type == pg.KEYDOWN)
            elif action and event.type == pg.KEYDOWN:
                self.do(action)
        elif event.type == pg.MOUSEBUTTONDOWN and event.button in (1, 2, 3):
            self._drag = event.button
            if event.button == 1:
                self._click(event.pos)
        elif event.type == pg.MOUSEBUTTONUP and event.button == self._drag:
            self._drag = None
        elif event.type == pg.MOUSEMOTION and self._drag:
            self.mode.drag(self._drag, *event.rel)
        elif event.type == pg.MOUSEWHEEL:
            self.mode.wheel(event.y)
        elif event.type in (pg.VIDEORESIZE, pg.WINDOWSIZECHANGED):
            self.window.resized(self.window.pygame.display.get_surface().get_size())

    def _click(self, pos: tuple[int, int]) -> None:
        now = self.clock()
        last_t, last_pos = self._last_click
        double = now - last_t < DOUBLE_CLICK_S and abs(pos[0] - last_pos[0]) + abs(pos[1] - last_pos[1]) < 8
        self._last_click = (-1.0, pos) if double else (now, pos)
        if self.mode.click(pos, double):
            self._drag = None   # the click was used (a panel, the minimap): no drag follows

    # -- the loop -----------------------------------------------------------------------
    def run(self, max_frames: int | None = None) -> None:
        """Events, fixed-step updates, one frame drawn; until quit or `max_frames` frames."""
        pg = self.window.pygame
        last = self.clock()
        lag = 0.0
        while self.running and (max_frames is None or self.frames < max_frames):
            try:
                for event in pg.event.get():
                    self.handle(event)
                now = self.clock()
                lag, last = min(lag + now - last, 0.25), now
                while lag >= FIXED_STEP:
                    self.update(FIXED_STEP)
                    lag -= FIXED_STEP
                self.draw()
            except Exception:
                if not self.resilient:
                    raise
                self._survive()

    def _survive(self) -> None:
        """Log the error (each distinct one once, with its traceback) and carry on."""
        import sys
        import traceback
        self.errors += 1
        self.frames += 1   # the frame is spent, so a frame limit still ends the run
        text = traceback.format_exc()
        summary = text.strip().splitlines()[-1]
        if summary not in self._logged:
            self._logged.add(summary)
            print(f"error in frame {self.frames} (the kiosk carries on):\n{text}", file=sys.stderr)

    def update(self, dt: float) -> None:
        self.mode.update(dt, self.held)
        self.toasts.update(dt)

    def overlays(self) -> list:
        size = self.window.size
        return (self.mode.overlays(size) + self.stats.layers(size) + self.toasts.layers(size)
                + self.help.layers(size))

    def draw(self, flip: bool = True) -> None:
        start = self.clock()
        stats = self.renderer.render(self.venue.scene, self.camera, self.window.target,
                                     overlays=self.overlays(), dynamic=self.mode.dynamic())
        if flip:
            self.window.flip()
            self.frames += 1
        now = self.clock()
        self.stats.update(now, start - self._last_frame, (now - start) * 1000, stats.draw_calls,
                          stats.triangles, stats.culled)
        self._last_frame = start

    def close(self) -> None:
        self.renderer.release()
        self.window.close()
