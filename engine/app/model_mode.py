"""Looking at a model (or a venue from above): orbit and fly cameras, no avatar.

A model on its own has no floor or walls to keep to, so the cameras move freely (under it too). Its
waypoints (Hubs, OMI) are places to look from: G lists them, and choosing one puts the fly camera there.
"""
from __future__ import annotations

import functools

from engine.app.controllers import FlyController, OrbitController
from engine.app.keymap import PANEL_ACTIONS
from engine.app.mode import Handlers, QuietMode, Services, TextField
from engine.i18n import N_, _, ngettext
from engine.scene.camera import Camera, frame_bounds
from engine.ui.layout import Region, Widget
from engine.ui.list_panel import Entry, ListPanel
from engine.ui.names import display_name, search_names
from engine.ui.widgets import PRIORITY


class ModelMode(QuietMode):
    """Orbit by default; C switches to a fly camera and back."""

    name: str = "model"
    help_sections: tuple[str, ...] = ("move", "fly", "view", "general")

    def __init__(self, services: Services, camera: Camera | None = None, goto: str | None = None) -> None:
        self.services = services
        w, h = services.size
        self._camera = camera or services.venue.default_camera(w / h)
        self.controller: OrbitController | FlyController = OrbitController(self._camera)
        self.places = ListPanel(N_("Go to"), waypoint_entries(services.venue))
        if goto is not None:
            self.go_to(goto)
        elif self.places.entries:
            n = len(self.places.entries)
            services.toasts.show(ngettext("G: go to one of the model's {n} waypoints",
                                          "G: go to one of the model's {n} waypoints", n).format(n=n))

    @property
    def camera(self) -> Camera:
        return self._camera

    def handlers(self) -> Handlers:
        table: dict = {"toggle_camera": self.switch_camera, "frame_all": self.frame_all, "go_to": self.open_places}
        if self.places.open:
            table.update({a: functools.partial(self.panel, a) for a in PANEL_ACTIONS})
        return table

    def focus(self) -> TextField | None:
        return self.places if self.places.open else None

    # -- places -------------------------------------------------------------------------
    def open_places(self) -> None:
        if not self.places.entries:
            self.services.toasts.show(_("This model has no waypoints to go to"))
            return
        self.places.show()

    def panel(self, action: str) -> None:
        """A panel key while the go-to list is open."""
        if action == "panel_choose":
            chosen = self.places.chosen()
            self.places.close()
            if chosen is not None:
                self.go_to(chosen.key)
        elif action in ("panel_up", "panel_down"):
            self.places.move(-1 if action == "panel_up" else 1)
        elif action == "panel_erase":
            self.places.backspace()
        elif action == "panel_close":
            self.places.close()

    def go_to(self, place_id: str) -> bool:
        """Stand at a waypoint looking where it looks, with the fly camera; False (and a toast) for an
        unknown id."""
        wp = self.services.venue.waypoints.get(place_id)
        if wp is None:
            self.services.toasts.show(_("No place called {id}").format(id=repr(place_id)), error=True)
            return False
        view = self.services.venue.view_camera(place_id, fov_y=self._camera.fov_y)
        for slot in ("eye", "target", "near", "far"):
            setattr(self._camera, slot, getattr(view, slot))
        self.controller = FlyController(self._camera, speed=4.0)
        self.services.toasts.show(_("At {place}").format(place=display_name(wp) or place_id))
        return True

    def widgets(self, size: tuple[int, int]) -> list[Widget]:
        if not self.places.open:
            return []
        width = int(min(max(size[0] * 0.5, 360), 680))
        return [Widget(self.places.title, self.places.image(width), Region.CENTRE, PRIORITY["panel"],
                       self.places.version, min_scale=0.6)]

    # -- cameras ------------------------------------------------------------------------

    def switch_camera(self) -> None:
        toasts = self.services.toasts
        if isinstance(self.controller, OrbitController):
            self.controller = FlyController(self._camera, speed=max(self.controller.distance / 10, 2.0))
            toasts.show(_("Fly camera: WASD to move, E up, Q down, drag to look"))
        else:
            self.controller = OrbitController(self._camera)
            toasts.show(_("Orbit camera: drag to rotate, wheel to zoom"))

    def frame_all(self) -> None:
        w, h = self.services.size
        framed = frame_bounds(self.services.venue.scene.bounds(), self._camera.fov_y, w / h)
        for slot in ("eye", "target", "near", "far"):
            setattr(self._camera, slot, getattr(framed, slot))
        self.controller = OrbitController(self._camera)

    def drag(self, button: int, dx: float, dy: float) -> None:
        if button == 1:
            self.controller.rotate(dx, dy)
        else:
            self.controller.pan(dx, dy, self.services.size[1])

    def wheel(self, steps: float) -> None:
        self.controller.zoom(steps)

    def update(self, dt: float, held: frozenset[str]) -> None:
        self.controller.update(dt, held)


def waypoint_entries(venue) -> list[Entry]:
    """"Go to" rows for a model's waypoints, spawn points first."""
    rows = [Entry(wid, display_name(wp) or wid, f"{wp.kind} · {wid}", names=search_names(wp))
            for wid, wp in venue.waypoints.items()]
    return sorted(rows, key=lambda e: not e.detail.startswith("spawn"))
