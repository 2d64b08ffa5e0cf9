"""Organizer mode: the plan from above (or an orbit), labels with capacity and seats, a walking-time
heat map from any place, and the scene file and agenda reloaded when saved (a bad edit shows an
error banner and the last good scene stays)."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from engine.app.controllers import OrbitController
from engine.app.heatmap import heat_mesh, walking_times
from engine.render.overlay import OverlayImage
from engine.scene.camera import Camera, project, ray_from_pixel
from engine.scene.graph import make_batch
from engine.ui.text import label, panel

RELOAD_CHECK_S = 1.0
DETAIL_BELOW_M = 160.0   # booth and experience labels appear when the view is this close


class OrganizerMode:
    name = "organizer"
    help_sections = ("organizer", "view", "general")

    def __init__(self, viewer) -> None:
        from engine.world.venue_nav import spawn_point
        self.viewer = viewer
        self.camera = Camera()
        self.plan = True
        self.show_labels = True
        self.heat = None
        self.heat_source = np.asarray(spawn_point(viewer.venue) or (0.0, 0.0), dtype=np.float64)
        self.banner: np.ndarray | None = None
        self.banner_version = 0
        self._since_check = 0.0
        self._mtimes = self._watched_mtimes()
        self._setup_venue()

    # -- the venue (again after every reload) -------------------------------------------
    def _setup_venue(self) -> None:
        from engine.world.venue_nav import navmesh_for
        venue = self.viewer.venue
        self.navmesh = navmesh_for(venue) if venue.halls else None
        self.labels = self._make_labels(venue)
        self._frame_plan()
        if self.heat is not None:
            self.set_heat_source(self.heat_source)

    def _make_labels(self, venue) -> list[tuple[np.ndarray, np.ndarray, bool]]:
        """(world point (3,), image, detail-only) for every hall, booth and experience."""
        out = []
        for h in venue.halls.values():
            seats = f"{h.seats} seats · capacity {h.capacity}" if h.seats else (
                f"standing capacity {h.capacity}" if h.capacity else "no seating")
            warn = h.capacity > h.seats > 0
            rows = [[(seats, (255, 150, 130, 255) if warn else (200, 212, 230, 255))]]
            # "Sub-forum 4: Medical Treatment" reads as two short lines on a crowded plan.
            title, _, theme = h.name.partition(": ")
            if theme:
                rows.insert(0, [(theme, (235, 238, 245, 255))])
            out.append((np.array([h.center[0], h.height + 1.0, h.center[1]]),
                        panel(rows, size=12, padding=5, title=title), False))
        for b in venue.booths.values():
            if b.at is not None:
                out.append((np.array([b.at[0], 3.0, b.at[1]]), label(b.name, size=11, padding=3), True))
        for e in venue.experiences.values():
            if e.at is not None:
                out.append((np.array([e.at[0], 2.5, e.at[1]]),
                            label(e.name, size=11, padding=3, background=(30, 60, 40, 200)), True))
        return out

    def _frame_plan(self) -> None:
        w, h = self.viewer.window.size
        if self.navmesh is not None and len(self.navmesh.vertices):
            lo, hi = self.navmesh.vertices.min(axis=0) - 15, self.navmesh.vertices.max(axis=0) + 15
        else:
            b = self.viewer.venue.scene.bounds()
            lo, hi = b[0][[0, 2]], b[1][[0, 2]]
        centre = (lo + hi) / 2
        height = max(hi[1] - lo[1], (hi[0] - lo[0]) * h / w)
        cam = self.camera
        cam.eye, cam.target = np.array([centre[0], 500.0, centre[1]]), np.array([centre[0], 0.0, centre[1]])
        cam.up, cam.orthographic, cam.ortho_height = np.array([0.0, 0.0, -1.0]), True, float(height)
        cam.near, cam.far = 1.0, 1000.0
        self.plan = True
        self.orbit: OrbitController | None = None

    def _to_orbit(self) -> None:
        cam = self.camera
        centre = cam.target.copy()
        cam.orthographic, cam.up, cam.fov_y = False, np.array([0.0, 1.0, 0.0]), 50.0
        cam.eye = centre + np.array([0.0, cam.ortho_height * 0.6, cam.ortho_height * 0.6])
        self.orbit = OrbitController(cam)
        self.plan = False

    # -- actions ------------------------------------------------------------------------
    def action(self, name: str) -> bool:
        if name == "toggle_plan":
            self._frame_plan() if not self.plan else self._to_orbit()
        elif name == "toggle_heatmap":
            if self.heat is None:
                self.set_heat_source(self.heat_source)
                self.viewer.toasts.show("Walking times from here: click the plan to choose another place")
            else:
                self.heat = None
        elif name == "toggle_labels":
            self.show_labels = not self.show_labels
        elif name == "reload":
            self.reload()
        elif name == "frame_all":
            self._frame_plan()
        else:
            return False
        return True

    def set_heat_source(self, xz: np.ndarray) -> None:
        if self.navmesh is None:
            self.viewer.toasts.show("This scene has no floors to walk", error=True)
            return
        self.heat_source = np.asarray(xz, dtype=np.float64)
        seconds = walking_times(self.navmesh, self.heat_source)
        mesh, top = heat_mesh(self.navmesh, seconds)
        self.heat = (make_batch(mesh, np.eye(4)[None]), top)
        self.heat_legend = panel([[("0 min", (40, 180, 90, 255)), (f"{top / 120:.1f} min", (240, 220, 60, 255)),
                                   (f"{top / 60:.1f} min", (120, 40, 150, 255))]], size=13, padding=8,
                                 title="Walking time")

    # -- input --------------------------------------------------------------------------
    def drag(self, button: int, dx: float, dy: float) -> None:
        if self.plan:
            per_px = self.camera.ortho_height / self.viewer.window.size[1]
            shift = np.array([-dx * per_px, 0.0, -dy * per_px])
            self.camera.eye, self.camera.target = self.camera.eye + shift, self.camera.target + shift
        elif button == 1:
            self.orbit.rotate(dx, dy)
        else:
            self.orbit.pan(dx, dy, self.viewer.window.size[1])

    def wheel(self, steps: float) -> None:
        if self.plan:
            self.camera.ortho_height = float(np.clip(self.camera.ortho_height * 0.85 ** steps, 10, 3000))
        else:
            self.orbit.zoom(steps)

    def click(self, pos: tuple[int, int], double: bool) -> bool:
        if self.heat is None:
            return False
        w, h = self.viewer.window.size
        origin, direction = ray_from_pixel(self.camera, pos[0], pos[1], w, h)
        if direction[1] >= -1e-6:
            return False
        hit = origin - direction * (origin[1] / direction[1])
        self.set_heat_source(hit[[0, 2]])
        return True

    def text(self, event) -> bool:
        return False

    # -- reloading ----------------------------------------------------------------------
    def _watched(self) -> list[Path]:
        venue = self.viewer.venue
        return [p for p in (venue.path, getattr(venue, "agenda_path", None)) if p is not None]

    def _watched_mtimes(self) -> dict[Path, float | None]:
        out = {}
        for p in self._watched():
            try:
                out[p] = p.stat().st_mtime
            except OSError:
                out[p] = None
        return out

    def reload(self) -> bool:
        """Open the scene again; on a problem keep the last good scene and show why."""
        from engine.errors import UserError
        from engine.venue import open_scene
        path = self.viewer.venue.path
        self._mtimes = self._watched_mtimes()
        try:
            venue = open_scene(path)
        except UserError as exc:
            self._show_banner(f"{exc.where}: {exc.what}")
            return False
        self.viewer.venue = venue
        self._mtimes = self._watched_mtimes()
        self.banner = None
        self._setup_venue()
        problems = len(getattr(venue, "problems", []))
        self.viewer.toasts.show(f"Reloaded {path.name}" + (f": {problems} problems (validate lists them)"
                                                           if problems else ""))
        return True

    def _show_banner(self, message: str) -> None:
        rows = [[(message[i:i + 110], (255, 235, 230, 255))] for i in range(0, min(len(message), 440), 110)]
        rows.append([("Showing the last good scene. Fix the file and save: it reloads by itself.",
                      (255, 200, 190, 255))])
        self.banner = panel(rows, size=15, background=(150, 30, 30, 235), title="Scene not reloaded")
        self.banner_version += 1

    def update(self, dt: float, held: set[str]) -> None:
        if self.orbit is not None:
            self.orbit.update(dt, held)
        self._since_check += dt
        if self._since_check >= RELOAD_CHECK_S:
            self._since_check = 0.0
            if self._watched_mtimes() != self._mtimes:
                self.reload()

    # -- drawing ------------------------------------------------------------------------
    def dynamic(self) -> list:
        return [self.heat[0]] if self.heat is not None else []

    def overlays(self, size: tuple[int, int]) -> list[OverlayImage]:
        layers: list[OverlayImage] = []
        if self.show_labels:
            layers += self._label_layers(size)
        if self.heat is not None:
            layers.append(OverlayImage("heat-legend", self.heat_legend, 14, size[1] - self.heat_legend.shape[0] - 14))
        if self.banner is not None:
            layers.append(OverlayImage("banner", self.banner, (size[0] - self.banner.shape[1]) / 2, 14,
                                       self.banner_version))
        return layers

    def _label_layers(self, size: tuple[int, int]) -> list[OverlayImage]:
        near = (self.camera.ortho_height if self.plan else
                float(np.linalg.norm(self.camera.eye - self.camera.target))) < DETAIL_BELOW_M
        chosen = [(p, img) for p, img, detail in self.labels if near or not detail]
        if not chosen:
            return []
        pts = project(self.camera, np.array([p for p, _ in chosen]), *size)
        layers, taken = [], []
        for i, ((_, img), (x, y, _)) in enumerate(zip(chosen, pts)):
            h, w = img.shape[:2]
            box = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
            if not (np.isfinite(x) and box[2] > 0 and box[0] < size[0] and box[3] > 0 and box[1] < size[1]):
                continue
            # Halls come first in the list: a label that would cover one already placed is left out.
            if any(box[0] < t[2] and t[0] < box[2] and box[1] < t[3] and t[1] < box[3] for t in taken):
                continue
            taken.append(box)
            layers.append(OverlayImage(f"label-{i}", img, box[0], box[1]))
        return layers
