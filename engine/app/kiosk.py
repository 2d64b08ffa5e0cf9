"""Kiosk mode for booths: an attract tour of every hall and a lap of the circuit; any key, click or
touch hands control to the visitor; left alone, it eases back into the tour and resets (the quality
level a visitor picked included)."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from engine.app.explore import ExploreMode, ExploreOptions
from engine.app.kiosk_config import KioskConfig
from engine.app.mode import Handlers, Services, TextField
from engine.i18n import _, language, on_language_change
from engine.i18n.dates import format_datetime, format_time, venue_time
from engine.scene.camera import Camera
from engine.scene.graph import Batch, make_batch
from engine.tour import Tour, TourFrame
from engine.tour.car import car_matrix, car_mesh
from engine.ui.captions import lap_text, tour_caption
from engine.ui.layout import Label, Region, Widget
from engine.ui.names import language_tag, session_title
from engine.ui.text import label, panel
from engine.ui.widgets import KEY_COLOR, PRIORITY, TEXT_COLOR

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
    name: str = "kiosk"
    help_sections: tuple[str, ...] = ("move", "places", "agenda", "panel", "kiosk", "general")

    def __init__(self, services: Services, config: KioskConfig | None = None,
                 explore: ExploreOptions | None = None, on_attract: Callable[[], None] | None = None) -> None:
        """`on_attract`: what else to reset when the kiosk is left alone (the viewer's quality level)."""
        self.services = services
        self.on_attract = on_attract
        self.config = config or KioskConfig()
        self.explore_options = explore or ExploreOptions(crowd=self.config.crowd)
        self.visitor = self._new_visitor()
        self.tour = Tour(services.venue)
        self.car = car_mesh()
        self.state = KioskState(self.config.idle_seconds, services.clock())
        self._camera = Camera(fov_y=55.0)
        self._blend_from: tuple[np.ndarray, np.ndarray] | None = None
        self._caption_key: tuple = ()
        self._caption: np.ndarray | None = None
        self._caption_version = 0
        self._hud_text = ""
        self._hud: np.ndarray | None = None
        self._hud_version = 0
        self.controls_until = -1.0
        self.controls = self._controls_card()
        self.prompt = self._prompt()
        self._stop_listening = on_language_change(self._relabel)
        self.frame: TourFrame | None = None
        self._attract_camera(self.state.attract_since)   # a sensible first frame before any update

    def _prompt(self) -> np.ndarray:
        return label(_("Touch the screen or press any key to explore the venue"), size=22)

    def _relabel(self, lang: str) -> None:
        """The language changed: the prompt, the controls card and the caption are drawn again in it."""
        self.controls = self._controls_card()
        self.prompt = self._prompt()
        self._caption_key = ()
        self._hud_text = ""

    def _controls_card(self) -> np.ndarray:
        """What a visitor can do, with the keys the key map has for it."""
        keymap = self.services.keymap
        rows = [("move_forward", _("walk (WASD / arrows)")), ("go_to", _("go to a hall or booth")),
                ("agenda", _("the agenda")), ("toggle_language", _("中文 / English")), ("help", _("all keys"))]
        cells = [[(_("double-click"), KEY_COLOR), (_("walk to that spot"), TEXT_COLOR)]]
        for action, text in rows:
            keys = keymap.keys_for(action)
            if keys:
                cells.append([(" / ".join(c.label() for c in keys[:2]), KEY_COLOR), (text, TEXT_COLOR)])
        return panel(cells, size=18, title=_("You're in control"))

    @property
    def camera(self) -> Camera:
        return self._camera

    # -- the state machine's edges ----------------------------------------------------
    def _touched(self) -> None:
        now = self.services.clock()
        self.visitor.show_avatar = True
        self.visitor.follow.follow(self.visitor.avatar.position)
        self.controls_until = now + self.config.controls_card_seconds

    def _back_to_attract(self) -> None:
        """Reset what the visitor changed, then ease from their view into the tour."""
        self._blend_from = (self._camera.eye.copy(), self._camera.target.copy())
        self.visitor.close()
        self.visitor = self._new_visitor()
        self.services.hide_help()
        if self.on_attract is not None:
            self.on_attract()

    def _new_visitor(self) -> ExploreMode:
        visitor = ExploreMode(self.services, self.explore_options)
        visitor.show_avatar = False
        return visitor

    @property
    def in_attract(self) -> bool:
        return self.state.state == ATTRACT

    # -- input ------------------------------------------------------------------------
    def intercept(self, action: str | None) -> bool:
        """Every key press and touch counts as someone there; in the attract loop it only wakes
        the kiosk (the quit combination still quits)."""
        if action == "kiosk_quit":
            return False
        if self.state.input(self.services.clock()):
            self._touched()
            return True
        return False

    def handlers(self) -> Handlers:
        own: dict = {"kiosk_quit": self.services.quit, "quit": lambda: None}   # Esc never ends a booth's demo
        if self.in_attract:
            return own
        return {**self.visitor.handlers(), **own}

    def focus(self) -> TextField | None:
        return None if self.in_attract else self.visitor.focus()

    def drag(self, button: int, dx: float, dy: float) -> None:
        self.state.input(self.services.clock())
        if not self.in_attract:
            self.visitor.drag(button, dx, dy)

    def wheel(self, steps: float) -> None:
        self.state.input(self.services.clock())
        if not self.in_attract:
            self.visitor.wheel(steps)

    def click(self, pos: tuple[int, int], double: bool) -> bool:
        return False if self.in_attract else self.visitor.click(pos, double)

    # -- per step ---------------------------------------------------------------------
    def update(self, dt: float, held: frozenset[str]) -> None:
        now = self.services.clock()
        if held:
            self.state.input(now)
        if self.state.tick(now):
            self._back_to_attract()
        if self.in_attract:
            self.visitor.step_crowd(dt)
            self._attract_camera(now)
        else:
            self.visitor.update(dt, held)
            self._camera = self.visitor.camera

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
        self._camera = cam

    # -- drawing ------------------------------------------------------------------------
    def dynamic(self) -> list[Batch]:
        batches = self.visitor.dynamic()
        car = self.frame.car if self.in_attract and self.frame is not None else None
        if car is not None:
            batches.append(make_batch(self.car, car_matrix(*car)[None]))
        return batches

    def widgets(self, size: tuple[int, int]) -> list[Widget]:
        if not self.in_attract:
            out = self.visitor.widgets(size)
            if self.services.clock() < self.controls_until:
                out.append(Widget("controls", self.controls, Region.CENTRE, PRIORITY["panel"] - 5))
            return out
        out = [Widget("prompt", self.prompt, Region.BOTTOM_CENTRE, PRIORITY["toast"] - 10, min_scale=0.4)]
        caption = self._caption_image()
        if caption is not None and self.frame is not None:
            out.append(Widget("caption", caption, Region.BOTTOM_LEFT, PRIORITY["caption"], self._caption_version,
                              self.frame.caption_opacity, min_scale=0.4))
        hud = self._hud_image()
        if hud is not None:
            out.append(Widget("lap-hud", hud, Region.TOP_RIGHT, PRIORITY["clock"], self._hud_version, min_scale=0.4))
        return out

    def labels(self, size: tuple[int, int]) -> list[Label]:
        return [] if self.in_attract else self.visitor.labels(size)

    def close(self) -> None:
        self._stop_listening()
        self.visitor.close()

    def _caption_image(self) -> np.ndarray | None:
        """Hall name and theme from the tour, plus what is on now and next in that hall, in the current
        language."""
        frame = self.frame
        caption = tour_caption(frame, self.services.venue) if frame is not None else ()
        if frame is None or not caption:
            return None
        at = self.visitor.time.clock.now()
        extra: tuple[str, ...] = ()
        if frame.hall:
            nn = self.visitor.time.agenda.now_next(frame.hall, at, count=1)
            extra = tuple(_("Now: {title}").format(title=language_tag(s) + session_title(s)) for s in nn.now[:1])
            for s in nn.next[:1]:
                same_day = venue_time(s.start).date() == venue_time(at).date()
                when = format_time(s.start) if same_day else format_datetime(s.start)
                extra += (_("Next {time}: {title}").format(time=when, title=language_tag(s) + session_title(s)),)
        key = (language(), *caption, *extra)
        if key != self._caption_key:
            self._caption_key = key
            rows = [[(line, (225, 232, 245, 255))] for line in caption[1:] + extra]
            self._caption = panel(rows, size=20, padding=16, title=caption[0], wrap_width=640)
            self._caption_version += 1
        return self._caption

    def _hud_image(self) -> np.ndarray | None:
        frame = self.frame
        if frame is None or frame.lap_time is None:
            return None
        text = lap_text(frame)
        if text != self._hud_text:
            self._hud_text = text
            self._hud = panel([[(text, (255, 255, 255, 255))]], size=22, padding=12, title=_("Lap of Shanghai"))
            self._hud_version += 1
        return self._hud
