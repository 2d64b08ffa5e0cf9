"""Getting about in explore mode: the avatar on the nav mesh, named places, going to one (walking
or teleporting), walking to a clicked point, which hall you are in, and the path drawn ahead."""
from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from engine.i18n import _
from engine.scene import Material, Mesh
from engine.scene.graph import Batch, make_batch
from engine.ui.names import display_name
from engine.ui.widgets import Toasts
from engine.venue import Venue
from engine.venue.geometry import MeshBuilder
from engine.venue.hall_index import HallIndex
from engine.world.avatar import Avatar, MoveInput
from engine.world.paths import Unreachable, find_path
from engine.world.venue_nav import navmesh_for, place_points, spawn_point

MAX_CLICK_SNAP_M = 12.0   # a click farther than this from any floor is not a walking target
PATH_DOT_SPACING_M = 0.9


class Navigation:
    def __init__(self, venue: Venue, toasts: Toasts, name: str, colour: tuple[float, float, float],
                 reduced_motion: bool) -> None:
        self.venue, self.toasts = venue, toasts
        self.navmesh = navmesh_for(venue)
        self.places = place_points(venue)
        self.halls = HallIndex(venue.halls.values())
        start = np.asarray(spawn_point(venue) or self.navmesh.centroids[0], dtype=np.float64)
        self.avatar = Avatar(position=self.navmesh.nearest_point(start), heading=self._spawn_heading(),
                             name=name, colour=colour)
        self.reduced_motion = reduced_motion
        self.hall: str | None = None
        self.dot = _dot_mesh()
        self._teleported = False   # since take_teleported() was last asked
        self.on_hall_change: Callable[[str | None, str | None], None] = lambda old, new: None

    def _spawn_heading(self) -> float:
        sp = self.venue.spawn
        if sp is None:
            return 0.0
        d = np.asarray(sp.look_at, float) - np.asarray(sp.position, float)
        return math.atan2(d[0], -d[2])

    def plan_area(self) -> tuple[float, float, float, float]:
        """The venue's buildings and open spaces, with a margin (the circuit stays off the map)."""
        v = self.navmesh.vertices
        x0, z0 = v.min(axis=0) - 10
        x1, z1 = v.max(axis=0) + 10
        return (float(x0), float(z0), float(x1), float(z1))

    def same_space(self, head: np.ndarray, pts: np.ndarray) -> np.ndarray:
        """For the camera boom: points (k, 2) in the same hall as the head (2,), or outdoors when
        the head is outdoors."""
        inside = int(self.halls.hall_of(head[None])[0])
        if inside >= 0:
            local = self.halls.local(pts)[:, inside]
            return np.asarray((np.abs(local) <= self.halls.half[inside] - 0.3).all(axis=1))
        return np.asarray(self.halls.hall_of(pts, margin=0.4) < 0)

    # -- places ---------------------------------------------------------------------------
    def target_of(self, place_id: str) -> np.ndarray:
        """The walkable plan point of a place id; raises KeyError for an unknown id."""
        if place_id in self.places:
            return np.asarray(self.places[place_id], dtype=np.float64)
        wp = self.venue.waypoints[place_id]
        return np.asarray((wp.position[0], wp.position[2]), dtype=np.float64)

    def place_name(self, place_id: str) -> str:
        for table in (self.venue.halls, self.venue.booths, self.venue.experiences):
            item = table.get(place_id)
            if item is not None:
                return display_name(item)
        wp = self.venue.waypoints.get(place_id)
        return display_name(wp) if wp is not None and wp.name else place_id

    def go_to(self, place_id: str, instant: bool | None = None) -> bool:
        """Walk (or teleport, with reduced motion) to a place; False with a toast if impossible."""
        try:
            goal = self.target_of(place_id)
        except KeyError:
            self.toasts.show(_("No place called {id}").format(id=repr(place_id)), error=True)
            return False
        if self.reduced_motion if instant is None else instant:
            self.teleport(self.navmesh.nearest_point(goal))
            return True
        try:
            path = find_path(self.navmesh, self.avatar.position, goal)
        except Unreachable as exc:
            self.toasts.show(_("Can't get there: {why}").format(why=exc), error=True)
            return False
        self.avatar.walk_to(path)
        minutes = path.walking_time_s / 60
        self.toasts.show(_("Walking to {place}: {metres} m, about {minutes} min").format(
            place=self.place_name(place_id), metres=f"{path.length_m:.0f}", minutes=f"{max(minutes, 0.1):.1f}"))
        return True

    def walk_to_point(self, xz: np.ndarray) -> bool:
        """Walk to the floor point nearest xz that is reachable from where the avatar is."""
        component = self.navmesh.component_of(self.avatar.position)
        goal = self.navmesh.nearest_point(xz, component=component)
        if np.hypot(*(goal - xz)) > MAX_CLICK_SNAP_M:
            self.toasts.show(_("Nowhere to walk there: click on a floor"))
            return False
        if self.reduced_motion:
            self.teleport(goal)
            return True
        try:
            self.avatar.walk_to(find_path(self.navmesh, self.avatar.position, goal))
        except Unreachable:
            self.toasts.show(_("Can't get there from here"), error=True)
            return False
        return True

    def teleport(self, xz: np.ndarray) -> None:
        self.avatar.teleport(xz)
        self._teleported = True
        self.track_hall()

    def take_teleported(self) -> bool:
        """Whether the avatar jumped since the last ask (others then see a jump, not a sprint)."""
        jumped, self._teleported = self._teleported, False
        return jumped

    # -- per step -------------------------------------------------------------------------
    def step(self, dt: float, held: frozenset[str], camera_yaw: float) -> None:
        inp = MoveInput(forward=("move_forward" in held) - ("move_back" in held),
                        right=("move_right" in held) - ("move_left" in held), run="run" in held)
        self.avatar.step(dt, inp, camera_yaw, self.navmesh)
        self.track_hall()

    def track_hall(self) -> None:
        """Notice entering or leaving a hall (the hall card and door toasts follow)."""
        index = int(self.halls.hall_of(self.avatar.position[None])[0])
        hall = self.halls.ids[index] if index >= 0 else None
        if hall != self.hall:
            old, self.hall = self.hall, hall
            if old is not None and hall is None:
                self.toasts.show(_("Left {hall}").format(hall=display_name(self.venue.halls[old])))
            self.on_hall_change(old, hall)

    def path_dots(self) -> Batch | None:
        """Discs on the floor along the rest of the path being walked."""
        follower = self.avatar.follower
        if follower is None:
            return None
        samples = resample(follower.points, follower.distance, PATH_DOT_SPACING_M)
        if len(samples) == 0:
            return None
        mats = np.tile(np.eye(4), (len(samples), 1, 1))
        mats[:, 0, 3], mats[:, 1, 3], mats[:, 2, 3] = samples[:, 0], 0.03, samples[:, 1]
        return make_batch(self.dot, mats)


def _dot_mesh() -> Mesh:
    """A flat cyan disc for the walking path drawn on the floor."""
    b = MeshBuilder()
    b.cylinder((0.0, 0.0, 0.0), 0.16, 0.02, segments=10)
    pos, idx, nrm, _uv, _col = b.arrays()
    material = Material(base_color=(0.1, 0.75, 1.0, 1.0), unlit=True, name="path-dot")
    return Mesh(pos, idx, nrm, None, None, material, name="path-dot")


def resample(points: np.ndarray, start: float, spacing: float) -> np.ndarray:
    """Points every `spacing` metres along a polyline (k, 2), from arc length `start` to its end."""
    seg = np.diff(points, axis=0)
    lengths = np.hypot(seg[:, 0], seg[:, 1])
    cum = np.concatenate([[0.0], np.cumsum(lengths)])
    if cum[-1] <= start:
        return np.zeros((0, 2))
    s = np.arange(start + spacing, cum[-1], spacing)
    return np.column_stack([np.interp(s, cum, points[:, 0]), np.interp(s, cum, points[:, 1])])
