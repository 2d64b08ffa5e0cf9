"""The viewer: a window, a venue, a mode (what the person is doing) and a HUD, in one short loop.

    events -> input router -> mode actions;  fixed-step updates;  one frame drawn

The viewer is the modes' services (engine.app.mode.Services): the venue, toasts, the clock, the
window's size, pictures rendered offscreen and where HUD widgets were drawn.

L switches between Chinese and English while it runs: the viewer redraws its help and hint, each mode
listens for the change itself (engine.i18n.on_language_change) and panels redraw on their next picture.
"""
from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import numpy as np

from engine.app.input import InputRouter
from engine.app.keymap import KeyMap, help_lines
from engine.app.language import switched_text
from engine.app.mode import Handlers, Mode
from engine.app.quality import QualityControl, QualityStats, target_fps
from engine.errors import UserError
from engine.fileio import write_png
from engine.i18n import _, on_language_change, toggle_language
from engine.platform.events import Event, QuitEvent, ResizeEvent
from engine.platform.window import Window
from engine.render.overlay import OverlayImage
from engine.render.quality import Quality
from engine.render.renderer import Renderer
from engine.render.targets import default_samples, is_software, window_target
from engine.render.timing import GpuTimer
from engine.scene.camera import Camera
from engine.scene.graph import Scene
from engine.ui.layout import Placed, Rect, Region, Widget, layout, place_labels
from engine.ui.text import label
from engine.ui.widgets import PRIORITY, HelpOverlay, Toasts
from engine.venue import Venue

FIXED_STEP = 1.0 / 60.0
MAX_CATCH_UP_S = 0.25     # after a stall, updates catch up at most this much
HINT_SECONDS = 6.0


class Viewer:
    """Owns the renderer for one window. Drive it with events (run, feed) or actions (do)."""

    def __init__(self, venue: Venue, window: Window, keymap: KeyMap | None = None,
                 clock: Callable[[], float] = time.perf_counter, screenshot_dir: Path | None = None,
                 mode_factory: Callable[[Viewer], Mode] | None = None, samples: int | None = None,
                 quality: Quality | str = Quality.LOW) -> None:
        """`quality`: a fixed level, or `auto` to hold the frame rate (`view` asks for auto)."""
        from engine.app.model_mode import ModelMode
        self.venue, self.window = venue, window
        self.keymap = keymap or KeyMap.default()
        self.clock = clock
        self.screenshot_dir = screenshot_dir or Path.home() / "Pictures" / "anting-venue"
        self.renderer = Renderer()
        self.target = window_target(window.size, default_samples(window.renderer_name) if samples is None
                                    else samples)
        self.timer = GpuTimer()
        # Frame costs are real seconds whatever clock moves the venue (tests inject their own).
        self.quality = QualityControl(self.renderer, quality, target_fps(window.renderer_name), time.perf_counter)
        self._software = is_software(window.renderer_name)
        self._last_flip: float | None = None
        self.stats = QualityStats(self.quality)
        self.toasts = Toasts()
        self.router = InputRouter(self.keymap, clock)
        self.running = True
        self.frames = 0
        self.last_screenshot: Path | None = None
        self.placed: list[Placed] = []
        self._frame_start: float | None = None
        self._last: float | None = None        # clock reading of the last update, and time owed
        self._lag = 0.0
        self._hint = self._hint_image()
        self._hint_until = clock() + HINT_SECONDS
        self.mode: Mode = (mode_factory or ModelMode)(self)
        self.help = self._help_overlay()
        self._stop_listening = on_language_change(self._relabel)
        # A kiosk runs unattended all day: an error in one frame is logged and the next frame drawn.
        self.resilient = self.mode.name == "kiosk"
        self.errors = 0
        self._logged: set[str] = set()

    def _hint_image(self) -> np.ndarray:
        return label(_("F1: keys"), size=15, background=(16, 20, 28, 170), padding=6)

    def _help_overlay(self) -> HelpOverlay:
        return HelpOverlay(help_lines(self.keymap, self.mode.help_sections), title=_("Anting Venue: keys"))

    def _relabel(self, lang: str) -> None:
        """The language changed: the help list and the hint are drawn again in it."""
        visible = self.help.visible
        self.help = self._help_overlay()
        self.help.visible = visible
        self._hint = self._hint_image()

    # -- services for the modes ---------------------------------------------------------
    @property
    def size(self) -> tuple[int, int]:
        return self.target.size

    @property
    def camera(self) -> Camera:
        return self.mode.camera

    def set_venue(self, venue: Venue) -> None:
        self.venue = venue
        self.quality.restart()

    def render_image(self, scene: Scene, camera: Camera, size: tuple[int, int]) -> np.ndarray:
        """A picture (h, w, 4) of the scene rendered offscreen (the plan under the minimap)."""
        try:
            return self.renderer.render_image(scene, camera, size)
        finally:
            self.target.bind()

    def hud_rect(self, key: str) -> Rect | None:
        return next((p.rect for p in self.placed if p.widget.key == key), None)

    def hide_help(self) -> None:
        self.help.visible = False

    def quit(self) -> None:
        self.running = False

    # -- actions ------------------------------------------------------------------------
    def handlers(self) -> Handlers:
        return {"help": self._toggle_help, "toggle_stats": self._toggle_stats, "quit": self.quit,
                "toggle_fullscreen": self._toggle_fullscreen, "screenshot": self.screenshot,
                "cycle_quality": self.cycle_quality, "toggle_language": self.toggle_language}

    def do(self, action: str) -> bool:
        """Perform a named action once, as its key would."""
        return self.router.do(action, self.mode, self.handlers())

    def _toggle_help(self) -> None:
        self.help.visible = not self.help.visible

    def _toggle_stats(self) -> None:
        self.stats.visible = not self.stats.visible

    def cycle_quality(self) -> None:
        self.toasts.show(self.quality.cycle())

    def toggle_language(self) -> None:
        """Chinese or English from now on, everything redrawn in it; the toast says which, in it."""
        toggle_language()
        self.toasts.show(switched_text())

    def _toggle_fullscreen(self) -> None:
        problem = self.window.toggle_fullscreen()
        if problem:
            self.toasts.show(_("Fullscreen is not available here: {problem}").format(problem=problem), error=True)

    def screenshot(self) -> Path | None:
        """Save the next frame as PNG in the pictures folder; the toast says where."""
        name = datetime.now().strftime("anting-venue-%Y%m%d-%H%M%S-%f")[:-3] + ".png"
        path = self.screenshot_dir / name
        self.draw(flip=False)
        try:
            self.screenshot_dir.mkdir(parents=True, exist_ok=True)
            write_png(self.target.read_rgba(), path)
        except OSError as exc:
            self.toasts.show(_("Screenshot failed: cannot make {folder}: {why}").format(
                folder=self.screenshot_dir, why=exc.strerror), error=True)
            return None
        except UserError as exc:
            self.toasts.show(_("Screenshot failed: {why}").format(why=exc.what), error=True)
            return None
        self.last_screenshot = path
        self.toasts.show(_("Saved {path}").format(path=path), seconds=6.0)
        return path

    # -- events -------------------------------------------------------------------------
    def feed(self, event: Event) -> None:
        if isinstance(event, QuitEvent):
            self.running = False
        elif isinstance(event, ResizeEvent):
            self.resize(event.size)
        else:
            self.router.feed(event, self.mode, self.handlers())

    def resize(self, size: tuple[int, int]) -> None:
        """The window has a new size: targets, projection (from the target's aspect) and HUD follow."""
        size = (max(1, size[0]), max(1, size[1]))
        if size != self.target.size:
            self.target.resize(*size)
            self.quality.restart()

    # -- the loop -----------------------------------------------------------------------
    def run(self, max_frames: int | None = None) -> None:
        """Events, fixed-step updates, one frame drawn; until quit or `max_frames` frames."""
        if self._last is None:
            self._last = self.clock()
        self._last_flip = None     # time spent between runs is no frame's cost
        while self.running and (max_frames is None or self.frames < max_frames):
            try:
                self._frame_start = time.perf_counter()   # CPU time counts input and updates too
                self.router.begin_batch()
                for event in self.window.poll():
                    self.feed(event)
                now = self.clock()
                self._lag, self._last = min(self._lag + now - self._last, MAX_CATCH_UP_S), now
                while self._lag >= FIXED_STEP:
                    self.update(FIXED_STEP)
                    self._lag -= FIXED_STEP
                self.draw()
            except Exception:
                if not self.resilient:
                    raise
                self._survive()

    def _survive(self) -> None:
        """Log the error (each distinct one once, with its traceback) and carry on."""
        self.errors += 1
        self.frames += 1   # the frame is spent, so a frame limit still ends the run
        text = traceback.format_exc()
        summary = text.strip().splitlines()[-1]
        if summary not in self._logged:
            self._logged.add(summary)
            print(f"error in frame {self.frames} (the kiosk carries on):\n{text}", file=sys.stderr)

    def update(self, dt: float) -> None:
        self.mode.update(dt, frozenset(self.router.held))
        self.toasts.update(dt)

    # -- drawing ------------------------------------------------------------------------
    def widgets(self) -> list[Widget]:
        out = self.mode.widgets(self.size) + self.help.widgets() + self.stats.widgets() + self.toasts.widgets()
        if self.clock() < self._hint_until and not self.help.visible:
            out.append(Widget("hint", self._hint, Region.BOTTOM_CENTRE, PRIORITY["hint"]))
        return out

    def overlays(self) -> list[OverlayImage]:
        """The HUD laid out for this frame (remembered for hit tests), then labels clear of it."""
        size = self.size
        self.placed = layout(self.widgets(), size)
        layers = [layer for p in self.placed for layer in _layers(p)]
        self._place_input_method()
        taken = [p.rect for p in self.placed]
        for lab, k, rect in place_labels(self.mode.labels(size), size, taken):
            layers.append(OverlayImage(f"{lab.key}:{k}", lab.variant(k), rect.x, rect.y, lab.version))
        return layers

    def _place_input_method(self) -> None:
        """Tell the input method where the open text field is, so its candidates open beside it: the
        chat's line at the foot of its box, a list's search line at the top of its panel."""
        if self.mode.focus() is None:
            return
        panel = next((p for p in self.placed if p.widget.priority == PRIORITY["panel"]), None)
        set_rect = getattr(self.window, "set_text_input_rect", None)
        if panel is None or set_rect is None:
            return
        r, s = panel.rect, panel.scale
        top = r.bottom - 40 * s if panel.widget.key == "chat" else r.y + 44 * s
        set_rect((int(r.x), int(top), int(r.w), int(36 * s)))

    def draw(self, flip: bool = True) -> None:
        start = self._frame_start if self._frame_start is not None else time.perf_counter()
        self._frame_start = None
        self.timer.begin()
        stats = self.renderer.render(self.venue.scene, self.camera, self.target,
                                     overlays=self.overlays(), dynamic=self.mode.dynamic())
        self.timer.end()
        cpu = time.perf_counter() - start
        if flip:
            self.target.present()
            self.window.flip()
            self.frames += 1
            self._measure(cpu)
        self.stats.record(self.clock(), cpu, self.timer.last_ms, stats.draw_calls, stats.triangles)

    def _measure(self, cpu_s: float) -> None:
        """Tell the quality control what the frame cost. On a CPU rasterizer that is the time from
        one shown frame to the next (the drawing happens as the frame is shown); on a GPU it is the
        CPU or the GPU time, whichever is longer, since waiting for the display's refresh would
        hide any room to spare."""
        now = time.perf_counter()
        interval = None if self._last_flip is None else now - self._last_flip
        self._last_flip = now
        gpu_ms = self.timer.last_ms
        if interval is None:
            return
        self.quality.frame(interval if self._software or gpu_ms is None else max(cpu_s, gpu_ms / 1000.0))

    def close(self) -> None:
        self._stop_listening()
        self.mode.close()
        self.timer.release()
        self.target.release()
        self.renderer.release()
        self.window.close()


def _layers(p: Placed) -> list[OverlayImage]:
    """A placed widget and the pictures drawn inside it, at its scale."""
    w, r, s = p.widget, p.rect, p.scale
    out = [OverlayImage(w.key, w.image, r.x, r.y, w.version, w.opacity, r.w, r.h)]
    for key, image, x, y in w.children:
        h, iw = image.shape[:2]
        out.append(OverlayImage(key, image, r.x + x * s, r.y + y * s, 0, w.opacity, iw * s, h * s))
    return out
