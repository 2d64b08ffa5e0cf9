"""What explore mode puts on the screen: the hall card, the clock, the minimap, the large plan (M),
the go-to and agenda lists, and the name tag over your avatar. Each is a widget in a named region;
the viewer's layout keeps them apart."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from engine.i18n import N_
from engine.scene.camera import Camera, project
from engine.ui.layout import ABOVE, Label, Region, Widget
from engine.ui.list_panel import Entry, ListPanel
from engine.ui.minimap import Area, PlanMap, PlanText
from engine.ui.names import display_name, short_names
from engine.ui.text import label
from engine.ui.widgets import PRIORITY
from engine.venue import Venue

MINIMAP_WIDTH = 300
PLAN_STEP_PX = 100          # the large plan is re-rendered only when the window grows past a step
TAG_HEIGHT_M = 1.85         # just over the head (the tag sits on this point)
RenderPlan = Callable[[PlanMap], np.ndarray]


@dataclass
class Choices:
    """What choosing in the lists does: go to a place, go to a session's hall, bookmark a session."""

    place: Callable[[str], object]
    session: Callable[[str], None]
    bookmark: Callable[[str], None]


class ExploreHud:
    def __init__(self, venue: Venue, area: Area, places: list[Entry], name: str, render_plan: RenderPlan,
                 choices: Choices) -> None:
        self.venue = venue
        self.choices = choices
        self.area = area
        self.render_plan = render_plan
        self.goto = ListPanel(N_("Go to"), places)
        self.agenda = ListPanel(N_("Agenda"), [], visible_rows=10,
                                hint=N_("type to search · Enter: go to its hall · Tab: bookmark · Esc"))
        self.minimap = PlanMap(area, MINIMAP_WIDTH, "minimap", Region.BOTTOM_RIGHT, PRIORITY["map"])
        self.plan: PlanMap | None = None
        self.plan_open = False
        self.tag = label(name, size=15, background=(20, 24, 32, 170), padding=5)
        self._frames = 0

    # -- panels ---------------------------------------------------------------------------
    def open_list(self) -> ListPanel | None:
        return next((p for p in (self.goto, self.agenda) if p.open), None)

    def close_all(self) -> None:
        self.goto.close()
        self.agenda.close()
        self.plan_open = False

    def show(self, panel: ListPanel) -> None:
        self.close_all()
        panel.show()

    def toggle_plan(self) -> None:
        opening = not self.plan_open
        self.close_all()
        self.plan_open = opening

    def panel(self, action: str) -> None:
        """A panel key for the open go-to or agenda list."""
        panel = self.open_list()
        if panel is None:
            if action == "panel_close":
                self.close_all()            # the plan
            return
        if action == "panel_choose":
            chosen = panel.chosen()
            self.close_all()
            if chosen is not None:
                (self.choices.place if panel is self.goto else self.choices.session)(chosen.key)
        elif action == "panel_bookmark" and panel is self.agenda:
            chosen = panel.chosen()
            if chosen is not None:
                self.choices.bookmark(chosen.key)
        elif action in ("panel_up", "panel_down"):
            panel.move(-1 if action == "panel_up" else 1)
        elif action == "panel_erase":
            panel.backspace()
        elif action == "panel_close":
            self.close_all()

    def relabel(self, places: list[Entry]) -> None:
        """The language changed: the go-to rows are given again and the plans relabelled on their next
        frame (the lists redraw their own words)."""
        self.goto.set_entries(places)
        self.minimap.image = None
        self.plan = None

    # -- pictures -------------------------------------------------------------------------
    def _ensure_pictures(self, size: tuple[int, int]) -> None:
        """The minimap is drawn after the first frame is up; the large plan when first opened."""
        if self.minimap.image is None and self._frames > 1:
            self.minimap.set_plan(self.render_plan(self.minimap), self._labels(short=True))
        if self.plan_open:
            width = self._plan_width(size)
            if self.plan is None or self.plan.width != width:
                self.plan = PlanMap(self.area, width, "plan", Region.CENTRE, PRIORITY["panel"])
                self.plan.set_plan(self.render_plan(self.plan), self._labels(short=False), size=14)

    def _plan_width(self, size: tuple[int, int]) -> int:
        x0, z0, x1, z1 = self.area
        fit = min(size[0] * 0.9, size[1] * 0.85 * (x1 - x0) / (z1 - z0))
        return max(PLAN_STEP_PX, int(fit // PLAN_STEP_PX) * PLAN_STEP_PX)

    def _labels(self, short: bool) -> list[PlanText]:
        """Hall names for a plan, in the current language: on the minimap a sub-forum is its number; on
        the large plan it is "Sub-forum 4" / "分论坛四" where the hall is wide enough, else its number."""
        out: list[PlanText] = []
        for h in self.venue.halls.values():
            title, number = short_names(display_name(h))
            texts = [number] if short else list(dict.fromkeys([title, number]))
            out.append((texts, h.center[0], h.center[1], float(min(h.size)) * 1.2))
        return out

    # -- widgets --------------------------------------------------------------------------
    def widgets(self, size: tuple[int, int], xz: np.ndarray, heading: float, card: Widget | None,
                clock: Widget | None) -> list[Widget]:
        self._frames += 1
        self._ensure_pictures(size)
        out = [w for w in (card, clock, self.minimap.widget(xz, heading)) if w is not None]
        panel = self.open_list()
        if panel is not None:
            width = int(min(max(size[0] * 0.5, 360), 680))
            out.append(Widget(panel.title, panel.image(width), Region.CENTRE, PRIORITY["panel"], panel.version,
                              min_scale=0.6))
        elif self.plan_open and self.plan is not None:
            plan = self.plan.widget(xz, heading)
            if plan is not None:
                out.append(plan)
        return out

    def name_tag(self, camera: Camera, size: tuple[int, int], xz: np.ndarray) -> Label:
        x, y, _ = project(camera, np.array([xz[0], TAG_HEIGHT_M, xz[1]]), *size)
        return Label("name-tag", self.tag, (float(x), float(y)), priority=10, offsets=ABOVE)
