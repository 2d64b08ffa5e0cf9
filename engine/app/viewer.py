"""The viewer: a window, a venue, camera controllers and overlays, in one short main loop."""
from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from typing import Callable

from engine.app.actions import HELD_ACTIONS, KeyMap, help_lines
from engine.app.controllers import FlyController, OrbitController
from engine.ui.widgets import HelpOverlay, StatsOverlay, Toasts

FIXED_STEP = 1.0 / 60.0


class Viewer:
    """Owns the renderer for one window. Drive it with events (run) or with actions (do)."""

    def __init__(self, venue, window, keymap: KeyMap | None = None,
                 clock: Callable[[], float] = time.perf_counter,
                 screenshot_dir: Path | None = None) -> None:
        from engine.render.renderer import Renderer
        self.venue, self.window = venue, window
        self.keymap = keymap or KeyMap.default()
        self.clock = clock
        self.screenshot_dir = screenshot_dir or Path.cwd()
        self.renderer = Renderer()
        self.camera = venue.default_camera(window.size[0] / window.size[1])
        self.controller = OrbitController(self.camera)
        self.help = HelpOverlay(help_lines(self.keymap), title="Anting Venue: keys")
        self.stats = StatsOverlay()
        self.toasts = Toasts()
        self.held: set[str] = set()
        self.running = True
        self.frames = 0
        self.last_screenshot: Path | None = None
        self._drag: int | None = None
        self.toasts.show("F1: keys", seconds=4.0)

    # -- actions ------------------------------------------------------------------------
    def do(self, action: str) -> None:
        """Perform a named action once (held actions are pressed and released by `hold`)."""
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
        self.window.toggle_fullscreen()

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

    def _on_toggle_camera(self) -> None:
        if isinstance(self.controller, OrbitController):
            self.controller = FlyController(self.camera, speed=max(self.controller.distance / 10, 2.0))
            self.toasts.show("Fly camera: WASD to move, drag to look")
        else:
            self.controller = OrbitController(self.camera)
            self.toasts.show("Orbit camera: drag to rotate, wheel to zoom")

    def _on_frame_all(self) -> None:
        from engine.scene.camera import frame_bounds
        w, h = self.window.size
        framed = frame_bounds(self.venue.scene.bounds(), self.camera.fov_y, w / h)
        for slot in ("eye", "target", "near", "far"):
            setattr(self.camera, slot, getattr(framed, slot))
        self.controller = OrbitController(self.camera)

    # -- events -------------------------------------------------------------------------
    def handle(self, event) -> None:
        pg = self.window.pygame
        if event.type == pg.QUIT:
            self.running = False
        elif event.type in (pg.KEYDOWN, pg.KEYUP):
            action = self.keymap.action_for(pg.key.name(event.key))
            if action in HELD_ACTIONS:
                self.hold(action, event.type == pg.KEYDOWN)
            elif action and event.type == pg.KEYDOWN:
                self.do(action)
        elif event.type == pg.MOUSEBUTTONDOWN and event.button in (1, 2, 3):
            self._drag = event.button
        elif event.type == pg.MOUSEBUTTONUP and event.button == self._drag:
            self._drag = None
        elif event.type == pg.MOUSEMOTION and self._drag:
            dx, dy = event.rel
            if self._drag == 1:
                self.controller.rotate(dx, dy)
            else:
                self.controller.pan(dx, dy, self.window.size[1])
        elif event.type == pg.MOUSEWHEEL:
            self.controller.zoom(event.y)
        elif event.type in (pg.VIDEORESIZE, pg.WINDOWSIZECHANGED):
            self.window.resized(self.window.pygame.display.get_surface().get_size())

    # -- the loop -----------------------------------------------------------------------
    def run(self, max_frames: int | None = None) -> None:
        """Events, fixed-step updates, one frame drawn; until quit or `max_frames` frames."""
        pg = self.window.pygame
        last = self.clock()
        lag = 0.0
        while self.running and (max_frames is None or self.frames < max_frames):
            for event in pg.event.get():
                self.handle(event)
            now = self.clock()
            lag, last = min(lag + now - last, 0.25), now
            while lag >= FIXED_STEP:
                self.update(FIXED_STEP)
                lag -= FIXED_STEP
            self.draw()

    def update(self, dt: float) -> None:
        self.controller.update(dt, self.held)
        self.toasts.update(dt)

    def overlays(self) -> list:
        size = self.window.size
        return self.stats.layers(size) + self.toasts.layers(size) + self.help.layers(size)

    def draw(self, flip: bool = True) -> None:
        start = self.clock()
        stats = self.renderer.render(self.venue.scene, self.camera, self.window.target,
                                     overlays=self.overlays())
        if flip:
            self.window.flip()
            self.frames += 1
        ms = (self.clock() - start) * 1000
        self.stats.update(ms / 1000 + 1e-3, ms, stats.draw_calls, stats.triangles, stats.culled)

    def close(self) -> None:
        self.renderer.release()
        self.window.close()
