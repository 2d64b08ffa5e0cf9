"""Organizer mode: the plan from above (or an orbit), labels with capacity and seats, a walking-time
heat map from any place, and the scene file and agenda reloaded when saved (a bad edit shows an
error banner and the last good scene stays)."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from engine.app.controllers import Obstacles, OrbitController
from engine.app.heatmap import heat_mesh, walking_times
from engine.app.keymap import PANEL_ACTIONS
from engine.app.mode import Handlers, QuietMode, Services, TextField
from engine.app.organizer_labels import PlanLabel, make_labels, screen_labels
from engine.app.organizer_live import OrganizerLive
from engine.app.organizer_replay import Replay
from engine.app.people import PeopleDrawer
from engine.errors import UserError
from engine.i18n import _, on_language_change
from engine.scene.camera import Camera, ray_from_pixel
from engine.scene.graph import Batch, make_batch
from engine.ui.layout import Label, Region, Widget
from engine.ui.names import display_name
from engine.ui.text import panel
from engine.ui.widgets import PRIORITY
from engine.venue import Venue, open_scene
from engine.world.collision import CollisionWorld
from engine.world.navmesh import NavMesh
from engine.world.venue_nav import navmesh_for, spawn_point

if TYPE_CHECKING:   # the network client (asyncio, websockets) is imported only to join
    from engine.net.client import ClientOptions

RELOAD_CHECK_S = 1.0
BANNER_LINE = 110
PLAN_MARGIN = 1.25
PLAN_RAISE = 0.07     # of the view's height


class OrganizerMode(QuietMode):
    name: str = "organizer"
    help_sections: tuple[str, ...] = ("organizer", "together", "panel", "view", "general")

    def __init__(self, services: Services, replay: Path | None = None,
                 presence: ClientOptions | None = None) -> None:
        self.services = services
        self._framed_for: tuple[int, int] | None = None
        self.live = self._join(presence) if presence is not None else None
        self.people_drawer = PeopleDrawer()
        self._camera = Camera()
        self.plan = True
        self.orbit: OrbitController | None = None
        self.show_labels = True
        self.heat: tuple[Batch, float] | None = None
        self.heat_legend: np.ndarray | None = None
        self.heat_source = np.asarray(spawn_point(services.venue) or (0.0, 0.0), dtype=np.float64)
        self.banner: np.ndarray | None = None
        self.banner_version = 0
        self._since_check = 0.0
        self._mtimes = self._watched_mtimes()
        self._setup_venue()
        self._stop_listening = on_language_change(self._relabel)
        if replay is not None:   # a `simulate --out` folder to replay at once
            self.replay.load(replay)

    def _relabel(self, lang: str) -> None:
        """The language changed: the plan's labels and the heat map's legend are drawn again in it."""
        self.plan_labels[:] = make_labels(self.services.venue, self.live.live if self.live else lambda h: "")
        if self.heat is not None:
            self.heat_legend = self._heat_legend(self.heat[1])

    @property
    def camera(self) -> Camera:
        return self._camera

    def _join(self, options: ClientOptions) -> OrganizerLive:
        """Watch the live venue through a presence server: counts on the plan, the roster, the chat."""
        venue = self.services.venue
        from engine.net.client import PresenceClient
        client = PresenceClient(options)
        live = OrganizerLive(client, self.services.toasts, self.services.clock,
                             lambda h: display_name(venue.halls[h]) if h in venue.halls else h, self.centre_on)
        client.start()
        return live

    def centre_on(self, xz: np.ndarray) -> None:
        """Move the plan (or the orbit's target) over a point."""
        if self.orbit is not None:
            self.orbit.target = np.array([xz[0], 0.0, xz[1]])
            self.orbit.sync()
            return
        shift = np.array([xz[0], 0.0, xz[1]]) - self._camera.target * np.array([1.0, 0.0, 1.0])
        self._camera.eye, self._camera.target = self._camera.eye + shift, self._camera.target + shift
        self._framed_for = None

    # -- the venue (again after every reload) -------------------------------------------
    def _setup_venue(self) -> None:
        venue = self.services.venue
        self.navmesh: NavMesh | None = navmesh_for(venue) if venue.halls else None
        self.plan_labels: list[PlanLabel] = make_labels(venue, self.live.live if self.live else lambda h: "")
        self._counts_version = self.live.counts_version if self.live else 0
        self.obstacles = Obstacles(CollisionWorld.from_scene(venue.scene))
        self.replay = Replay(venue, self.services.toasts,    # a reloaded scene needs a new simulation
                             counts=lambda: dict(self.live.occupancy) if self.live is not None else {})
        self._frame_plan()
        if self.heat is not None:
            self.set_heat_source(self.heat_source)

    def _frame_plan(self) -> None:
        w, h = self.services.size
        if self.navmesh is not None and len(self.navmesh.vertices):
            lo, hi = self.navmesh.vertices.min(axis=0) - 15, self.navmesh.vertices.max(axis=0) + 15
        else:
            b = self.services.venue.scene.bounds()
            lo, hi = b[0][[0, 2]], b[1][[0, 2]]
        cam = self._camera
        # A margin all round leaves the HUD's corners and edges to the HUD, and more at the bottom,
        # where messages stack up: the plan sits a little above the middle.
        cam.ortho_height = float(max(hi[1] - lo[1], (hi[0] - lo[0]) * h / w)) * PLAN_MARGIN
        centre = (lo + hi) / 2 + np.array([0.0, cam.ortho_height * PLAN_RAISE])
        cam.eye, cam.target = np.array([centre[0], 500.0, centre[1]]), np.array([centre[0], 0.0, centre[1]])
        cam.up, cam.orthographic = np.array([0.0, 0.0, -1.0]), True
        cam.near, cam.far = 1.0, 1000.0
        self.plan, self.orbit = True, None
        self._framed_for = (w, h)   # framed again on resize until moved by hand

    def _to_orbit(self) -> None:
        cam = self._camera
        centre = cam.target.copy()
        cam.orthographic, cam.up, cam.fov_y = False, np.array([0.0, 1.0, 0.0]), 50.0
        cam.eye = centre + np.array([0.0, cam.ortho_height * 0.6, cam.ortho_height * 0.6])
        self.orbit = OrbitController(cam, self.obstacles)
        self.plan = False

    # -- actions ------------------------------------------------------------------------
    def handlers(self) -> Handlers:
        return {"toggle_plan": lambda: self._frame_plan() if not self.plan else self._to_orbit(),
                "toggle_heatmap": self._toggle_heat, "toggle_labels": self._toggle_labels,
                "reload": self.reload, "frame_all": self._frame_plan,
                "replay": lambda: self.replay.toggle(), "replay_pause": lambda: self.replay.pause(),
                "replay_faster": lambda: self.replay.faster(1), "replay_slower": lambda: self.replay.faster(-1),
                "replay_back": lambda: self.replay.seek(self.replay.time - 10.0),
                "replay_forward": lambda: self.replay.seek(self.replay.time + 10.0), **self._live_handlers()}

    def _live_handlers(self) -> Handlers:
        live = self.live
        if live is None:
            return {}
        if live.focus() is not None:      # its chat field or roster has the keys
            return {**live.handlers(), **{a: functools.partial(live.panel, a) for a in PANEL_ACTIONS}}
        return live.handlers()

    def focus(self) -> TextField | None:
        return self.live.focus() if self.live is not None else None

    def _toggle_labels(self) -> None:
        self.show_labels = not self.show_labels

    def _toggle_heat(self) -> None:
        if self.heat is None:
            self.set_heat_source(self.heat_source)
            self.services.toasts.show(_("Walking times from here: click the plan to choose another place"))
        else:
            self.heat = self.heat_legend = None

    def set_heat_source(self, xz: np.ndarray) -> None:
        if self.navmesh is None:
            self.services.toasts.show(_("This scene has no floors to walk"), error=True)
            return
        self.heat_source = np.asarray(xz, dtype=np.float64)
        seconds = walking_times(self.navmesh, self.heat_source)
        mesh, top = heat_mesh(self.navmesh, seconds)
        self.heat = (make_batch(mesh, np.eye(4)[None]), top)
        self.heat_legend = self._heat_legend(top)

    def _heat_legend(self, top: float) -> np.ndarray:
        """The heat map's colours and the walking minutes they stand for."""
        minutes = _("{minutes} min")
        return panel([[(minutes.format(minutes=0), (40, 180, 90, 255)),
                       (minutes.format(minutes=f"{top / 120:.1f}"), (240, 220, 60, 255)),
                       (minutes.format(minutes=f"{top / 60:.1f}"), (120, 40, 150, 255))]], size=13, padding=8,
                     title=_("Walking time"))

    # -- input --------------------------------------------------------------------------
    def drag(self, button: int, dx: float, dy: float) -> None:
        self._framed_for = None
        if self.orbit is None:
            per_px = self._camera.ortho_height / self.services.size[1]
            shift = np.array([-dx * per_px, 0.0, -dy * per_px])
            self._camera.eye, self._camera.target = self._camera.eye + shift, self._camera.target + shift
        elif button == 1:
            self.orbit.rotate(dx, dy)
        else:
            self.orbit.pan(dx, dy, self.services.size[1])

    def wheel(self, steps: float) -> None:
        self._framed_for = None
        if self.orbit is None:
            self._camera.ortho_height = float(np.clip(self._camera.ortho_height * 0.85 ** steps, 10, 3000))
        else:
            self.orbit.zoom(steps)

    def click(self, pos: tuple[int, int], double: bool) -> bool:
        w, h = self.services.size
        origin, direction = ray_from_pixel(self._camera, pos[0], pos[1], w, h)
        hit = origin - direction * (origin[1] / direction[1]) if direction[1] < -1e-6 else None
        ground = hit[[0, 2]] if hit is not None else None
        if self.replay.click(pos, self.services.hud_rect("replay-slider"), ground):
            return True
        if self.heat is None or ground is None:
            return False
        self.set_heat_source(ground)
        return True

    # -- reloading ----------------------------------------------------------------------
    def _watched(self) -> list[Path]:
        venue = self.services.venue
        return [p for p in (venue.path, venue.agenda_path) if p is not None]

    def _watched_mtimes(self) -> dict[Path, float | None]:
        out: dict[Path, float | None] = {}
        for p in self._watched():
            try:
                out[p] = p.stat().st_mtime
            except OSError:
                out[p] = None
        return out

    def reload(self) -> bool:
        """Open the scene again; on a problem keep the last good scene and show why."""
        path = self.services.venue.path
        self._mtimes = self._watched_mtimes()
        try:
            venue: Venue = open_scene(path)
        except UserError as exc:
            self._show_banner(f"{exc.where}: {exc.what}")
            return False
        self.services.set_venue(venue)
        self._mtimes = self._watched_mtimes()
        self.banner = None
        self._setup_venue()
        problems = len(venue.problems)
        name = path.name if path is not None else _("the scene")
        self.services.toasts.show(
            _("Reloaded {name}: {problems} problems (validate lists them)").format(name=name, problems=problems)
            if problems else _("Reloaded {name}").format(name=name))
        return True

    def _show_banner(self, message: str) -> None:
        lines = [message[i:i + BANNER_LINE] for i in range(0, min(len(message), 4 * BANNER_LINE), BANNER_LINE)]
        rows = [[(line, (255, 235, 230, 255))] for line in lines]
        rows.append([(_("Showing the last good scene. Fix the file and save: it reloads by itself."),
                      (255, 200, 190, 255))])
        self.banner = panel(rows, size=15, background=(150, 30, 30, 235), title=_("Scene not reloaded"))
        self.banner_version += 1

    def update(self, dt: float, held: frozenset[str]) -> None:
        if self.orbit is not None:
            self.orbit.update(dt, held)
        elif self._framed_for is not None and self._framed_for != self.services.size:
            self._frame_plan()
        self.replay.update(dt)
        if self.live is not None:
            self.live.receive(dt)
            if self.live.counts_version != self._counts_version:   # counts changed: the hall labels say so
                self._counts_version = self.live.counts_version
                self.plan_labels = make_labels(self.services.venue, self.live.live)
        self._since_check += dt
        if self._since_check >= RELOAD_CHECK_S:
            self._since_check = 0.0
            if self._watched_mtimes() != self._mtimes:
                self.reload()

    # -- drawing ------------------------------------------------------------------------
    def dynamic(self) -> list[Batch]:
        heat = [self.heat[0]] if self.heat is not None else []
        return heat + self.replay.batches() + self.people_drawer.batches(self.replay.people())

    def widgets(self, size: tuple[int, int]) -> list[Widget]:
        out = []
        if self.heat is not None and self.heat_legend is not None:
            out.append(Widget("heat-legend", self.heat_legend, Region.BOTTOM_LEFT, PRIORITY["legend"]))
        if self.banner is not None:
            out.append(Widget("banner", self.banner, Region.TOP_CENTRE, PRIORITY["banner"], self.banner_version,
                              min_scale=0.4))
        return out + self.replay.widgets(size) + (self.live.widgets() if self.live is not None else [])

    def labels(self, size: tuple[int, int]) -> list[Label]:
        return screen_labels(self.plan_labels, self._camera, size) if self.show_labels else []

    def close(self) -> None:
        self._stop_listening()
        if self.live is not None:
            self.live.client.stop()
