"""Kiosk mode for booths: an attract tour of every hall and a lap of the circuit; any key, click or
touch hands control to the visitor; left alone, it eases back into the tour and resets."""
from __future__ import annotations

import numpy as np

from engine.app.explore import ExploreMode, ExploreOptions
from engine.app.kiosk_config import KioskConfig
from engine.render.overlay import OverlayImage
from engine.scene.camera import Camera
from engine.scene.graph import make_batch
from engine.ui.text import label, panel

ATTRACT, VISITOR = "attract", "visitor"
EASE_S = 2.0   # seconds to blend from the visitor's view into the tour


class KioskState:
    """attract -> (any input) -> visitor -> (idle for idle_seconds) -> attract. Times from a clock."""

    def __init__(self, idle_seconds: float, now: float) -> None:
        self.idle_seconds = idle_seconds
        self.state = ATTRACT
        self.last_input = now
        self.attract_since = now

    def input(self, now: float) -> bool:
        """Someone touched it: returns True when this hands control to a visitor."""
        self.last_input = now
        if self.state == ATTRACT:
            self.state = VISITOR
            return True
        return False

    def tick(self, now: float) -> bool:
        """Returns True when the visitor has been idle long enough to go back to attract."""
        if self.state == VISITOR and now - self.last_input >= self.idle_seconds:
            self.state = ATTRACT
            self.attract_since = now
            return True
        return False


class KioskMode:
    name = "kiosk"
    help_sections = ("move", "places", "agenda", "general")

    def __init__(self, viewer, config: KioskConfig | None = None, explore: ExploreOptions | None = None) -> None:
        from engine.tour import Tour
        from engine.tour.car import car_mesh
        self.viewer = viewer
        self.config = config or KioskConfig()
        self.explore_options = explore or ExploreOptions(crowd=self.config.crowd)
        self.visitor = self._new_visitor()
        self.tour = Tour(viewer.venue)
        self.car = car_mesh()
        self.state = KioskState(self.config.idle_seconds, viewer.clock())
        self.camera = Camera(fov_y=55.0)
        self._blend_from: tuple[np.ndarray, np.ndarray] | None = None
        self._caption_key: tuple = ()
        self._caption: np.ndarray | None = None
        self._caption_version = 0
        self._hud_text = ""
        self._hud: np.ndarray | None = None
        self._hud_version = 0
        self.controls_until = -1.0
        self.controls = panel([[("WASD / arrows", (255, 214, 102, 255)), ("walk", (235, 238, 245, 255))],
                               [("double-click", (255, 214, 102, 255)), ("walk to that spot", (235, 238, 245, 255))],
                               [("G", (255, 214, 102, 255)), ("go to a hall or booth", (235, 238, 245, 255))],
                               [("Tab", (255, 214, 102, 255)), ("the agenda", (235, 238, 245, 255))],
                               [("F1", (255, 214, 102, 255)), ("all keys", (235, 238, 245, 255))]],
                              size=18, title="You're in control")
        self.prompt = label("Touch the screen or press any key to explore the venue", size=22)
        self.frame = None
        self._attract_camera(self.state.attract_since)   # a sensible first frame before any update

    # -- the state machine's edges ----------------------------------------------------
    def _touched(self) -> None:
        now = self.viewer.clock()
        if self.state.input(now):
            self.visitor.show_avatar = True
            self.visitor.follow.follow(self.visitor.avatar.position)
            self.controls_until = now + self.config.controls_card_seconds

    def _back_to_attract(self) -> None:
        """Reset what the visitor changed, then ease from their view into the tour."""
        self._blend_from = (self.camera.eye.copy(), self.camera.target.copy())
        self.visitor.remove()
        self.visitor = self._new_visitor()
        self.viewer.help.visible = False

    def _new_visitor(self) -> ExploreMode:
        visitor = ExploreMode(self.viewer, self.explore_options)
        visitor.show_avatar = False
        return visitor

    @property
    def in_attract(self) -> bool:
        return self.state.state == ATTRACT

    # -- input ------------------------------------------------------------------------
    def action(self, name: str) -> bool:
        if name == "quit":
            return True   # Esc never ends the kiosk: the configured combination does
        if self.in_attract:
            self._touched()
            return True
        self.state.input(self.viewer.clock())
        return self.visitor.action(name)

    def text(self, event) -> bool:
        pg = self.viewer.window.pygame
        if event.type == pg.KEYDOWN and self._is_quit(event, pg):
            self.viewer.running = False
            return True
        if event.type in (pg.KEYDOWN, pg.TEXTINPUT):
            if self.in_attract:
                self._touched()
                return True
            self.state.input(self.viewer.clock())
        return False if self.in_attract else self.visitor.text(event)

    def _is_quit(self, event, pg) -> bool:
        mods, key = self.config.quit_combo
        held = {name for name, flag in (("ctrl", pg.KMOD_CTRL), ("shift", pg.KMOD_SHIFT),
                                        ("alt", pg.KMOD_ALT)) if event.mod & flag}
        return pg.key.name(event.key).lower() == key and held == set(mods)

    def drag(self, button: int, dx: float, dy: float) -> None:
        self.state.input(self.viewer.clock())
        if not self.in_attract:
            self.visitor.drag(button, dx, dy)

    def wheel(self, steps: float) -> None:
        self.state.input(self.viewer.clock())
        if not self.in_attract:
            self.visitor.wheel(steps)

    def click(self, pos: tuple[int, int], double: bool) -> bool:
        if self.in_attract:
            self._touched()
            return True
        self.state.input(self.viewer.clock())
        return self.visitor.click(pos, double)

    # -- per step ---------------------------------------------------------------------
    def update(self, dt: float, held: set[str]) -> None:
        now = self.viewer.clock()
        if held:
            self.state.input(now)
        if self.state.tick(now):
            self._back_to_attract()
        if self.in_attract:
            self.visitor.step_crowd(dt)
            self._attract_camera(now)
        else:
            self.visitor.update(dt, held)
            self.camera = self.visitor.camera

    def _attract_camera(self, now: float) -> None:
        t = now - self.state.attract_since
        self.frame = self.tour.at(t, loop=True)
        cam = self.frame.camera()
        if self._blend_from is not None:
            u = min(t / EASE_S, 1.0)
            ease = u * u * (3 - 2 * u)
            cam.eye = self._blend_from[0] * (1 - ease) + cam.eye * ease
            cam.target = self._blend_from[1] * (1 - ease) + cam.target * ease
            if u >= 1.0:
                self._blend_from = None
        self.camera = cam

    # -- drawing ------------------------------------------------------------------------
    def dynamic(self) -> list:
        if not self.in_attract:
            return self.visitor.dynamic()
        batches = self.visitor.dynamic()
        car = self.frame.car if self.frame is not None else None
        if car is not None:
            from engine.tour.car import car_matrix
            batches.append(make_batch(self.car, car_matrix(*car)[None]))
        return batches

    def overlays(self, size: tuple[int, int]) -> list[OverlayImage]:
        if not self.in_attract:
            layers = self.visitor.overlays(size)
            if self.viewer.clock() < self.controls_until:
                h, w = self.controls.shape[:2]
                layers.append(OverlayImage("controls", self.controls, (size[0] - w) / 2, (size[1] - h) / 2))
            return layers
        layers = []
        caption = self._caption_image()
        if caption is not None:
            layers.append(OverlayImage("caption", caption, 30, size[1] - caption.shape[0] - 90,
                                       self._caption_version, opacity=self.frame.caption_opacity))
        hud = self._hud_image()
        if hud is not None:
            layers.append(OverlayImage("lap-hud", hud, size[0] - hud.shape[1] - 30, 30, self._hud_version))
        ph, pw = self.prompt.shape[:2]
        layers.append(OverlayImage("prompt", self.prompt, (size[0] - pw) / 2, size[1] - ph - 24))
        return layers

    def _caption_image(self) -> np.ndarray | None:
        """Hall name and theme from the tour, plus what is on now and next in that hall."""
        frame = self.frame
        if frame is None or not frame.caption:
            return None
        at = self.visitor.clock.now()
        extra: tuple[str, ...] = ()
        if frame.hall:
            nn = self.visitor.agenda.now_next(frame.hall, at, count=1)
            extra = tuple(f"Now: {s.title}" for s in nn.now[:1]) + tuple(
                f"Next {s.start.astimezone(at.tzinfo):%a %H:%M}: {s.title}" for s in nn.next[:1])
        key = frame.caption + extra
        if key != self._caption_key:
            self._caption_key = key
            rows = [[(line, (225, 232, 245, 255))] for line in frame.caption[1:] + extra]
            self._caption = panel(rows, size=20, padding=16, title=frame.caption[0])
            self._caption_version += 1
        return self._caption

    def _hud_image(self) -> np.ndarray | None:
        from engine.tour import format_lap_time
        frame = self.frame
        if frame is None or frame.lap_time is None:
            return None
        turn = f"Turn {frame.turn}" if frame.turn else ""
        text = f"{format_lap_time(frame.lap_time)}   {frame.speed_kmh or 0:5.0f} km/h   {turn}"
        if text != self._hud_text:
            self._hud_text = text
            self._hud = panel([[(text, (255, 255, 255, 255))]], size=22, padding=12, title="Lap of Shanghai")
            self._hud_version += 1
        return self._hud
