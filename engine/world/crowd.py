"""Other attendees: walk between named places on the nav mesh, keep apart, pause at booths.

State is held as arrays for instanced drawing: positions (n, 2), headings (n,), phases (n,), speeds (n,),
colours (n, 3). A step is vectorised: steering towards each agent's next path corner, separation
from neighbours found through a spatial hash, and one batched point location to keep everyone on
the mesh; only the few agents that reach a corner, finish a pause or leave the mesh are handled one
by one. Paths between places are computed once and shared. Deterministic for a given seed.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from engine.world.avatar import advance_phase, limb_angles
from engine.world.movement import move_from
from engine.world.navmesh import NavMesh
from engine.world.paths import Unreachable, find_path

SEPARATION_M = 0.8  # centre distance below which two people push apart (two 0.3 m radii plus a gap)
PUSH = 1.5  # m/s of sideways push at zero distance
ARRIVE_M = 0.25  # a corner counts as reached within this distance
TURN_RATE = 6.0  # rad/s
STUCK_S = 4.0  # replan when a walker has not got closer to its corner for this long

# Palette of clothing colours (linear RGB), picked per attendee by the seed.
PALETTE = np.array([[0.62, 0.10, 0.08], [0.05, 0.20, 0.52], [0.08, 0.35, 0.12], [0.70, 0.55, 0.05],
                    [0.30, 0.30, 0.32], [0.80, 0.80, 0.78], [0.35, 0.08, 0.40], [0.05, 0.45, 0.50],
                    [0.75, 0.30, 0.05], [0.10, 0.10, 0.12]])


def default_pause(place_id: str) -> tuple[float, float]:
    """Seconds (min, max) an attendee lingers at a place: longer at booths and experiences."""
    if place_id.startswith(("booth", "exp", "experience")):
        return (4.0, 12.0)
    return (1.0, 4.0)


class Crowd:
    """n attendees walking between `places` ({id: (x, z)}) on `navmesh`."""

    def __init__(self, navmesh: NavMesh, places: Mapping[str, Sequence[float]], n: int = 60, seed: int = 0,
                 speed_range: tuple[float, float] = (1.0, 1.5), pause=default_pause) -> None:
        self.mesh = navmesh
        self.rng = np.random.default_rng(seed)
        self._pause_of = pause
        self._init_places(places)
        self.n = n if len(self.place_ids) >= 2 else 0
        self.preferred = self.rng.uniform(*speed_range, size=self.n)
        self.colours = PALETTE[self.rng.integers(0, len(PALETTE), size=self.n)]
        self.headings = self.rng.uniform(-math.pi, math.pi, size=self.n)
        self.phases = self.rng.uniform(0, 2 * math.pi, size=self.n)
        self.speeds = np.zeros(self.n)
        self.pause_left = np.zeros(self.n)
        self._stuck = np.zeros(self.n)
        self._best = np.full(self.n, np.inf)
        self._paths: list[np.ndarray] = [np.zeros((1, 2))] * self.n
        self._corner_i = np.zeros(self.n, dtype=np.int64)
        self.corners = np.zeros((self.n, 2))
        self.destination = np.zeros(self.n, dtype=np.int64)
        self.positions = np.zeros((self.n, 2))
        for i in range(self.n):
            self._start_midway(i)
        self._tris = self.mesh.locate_many(self.positions)  # each attendee's triangle, kept up to date

    # ------------------------------------------------------------------------------------------ set-up
    def _init_places(self, places: Mapping[str, Sequence[float]]) -> None:
        """Snap places onto the mesh and keep those from which some other place can be reached."""
        ids, pts = [], []
        for pid, p in places.items():
            try:
                pts.append(self.mesh.nearest_point(p))
                ids.append(pid)
            except ValueError:
                break  # empty mesh: nobody walks
        comp = np.array([self.mesh.component_of(p) for p in pts], dtype=np.int64)
        keep = [i for i in range(len(ids)) if np.count_nonzero(comp == comp[i]) >= 2]
        self.place_ids = [ids[i] for i in keep]
        self.place_points = np.array([pts[i] for i in keep]).reshape(-1, 2)
        self._place_comp = comp[keep]
        self._cache: dict[tuple[int, int], np.ndarray] = {}

    def _route(self, a: int, b: int) -> np.ndarray:
        """Corner points (k, 2) from place a to place b, computed once per pair."""
        key = (a, b)
        if key not in self._cache:
            self._cache[key] = find_path(self.mesh, self.place_points[a], self.place_points[b]).points
        return self._cache[key]

    def _pick_destination(self, origin: int) -> int:
        """Another place in the same connected part of the floor."""
        options = np.nonzero((self._place_comp == self._place_comp[origin])
                             & (np.arange(len(self.place_ids)) != origin))[0]
        return int(self.rng.choice(options))

    def _start_midway(self, i: int) -> None:
        """Put attendee i somewhere along a route between two places, so the crowd starts spread out."""
        a = int(self.rng.integers(len(self.place_ids)))
        b = self._pick_destination(a)
        pts = self._route(a, b)
        seg = np.linalg.norm(np.diff(pts, axis=0), axis=1)
        s = self.rng.uniform(0, seg.sum())
        k = int(np.searchsorted(np.cumsum(seg), s)) if len(seg) else 0
        k = min(k, max(len(seg) - 1, 0))
        start = pts[k] + (pts[k + 1] - pts[k]) * ((s - seg[:k].sum()) / max(seg[k], 1e-9)) if len(seg) else pts[0]
        self.positions[i] = start
        self._set_path(i, pts, b, corner=k + 1)

    def _set_path(self, i: int, pts: np.ndarray, dest: int, corner: int = 1) -> None:
        self._paths[i] = pts
        self.destination[i] = dest
        self._corner_i[i] = min(corner, len(pts) - 1)
        self.corners[i] = pts[self._corner_i[i]]
        self._stuck[i], self._best[i] = 0.0, np.inf

    # ------------------------------------------------------------------------------------------ stepping
    def step(self, dt: float) -> None:
        """Advance everyone by dt seconds."""
        if self.n == 0 or dt <= 0:
            return
        self._update_pauses(dt)
        walking = self.pause_left <= 0.0
        to_corner = self.corners - self.positions
        dist = np.hypot(to_corner[:, 0], to_corner[:, 1])
        self._advance_corners(np.nonzero(walking & (dist < np.maximum(ARRIVE_M, self.preferred * dt)))[0])
        walking = self.pause_left <= 0.0
        to_corner = self.corners - self.positions
        dist = np.hypot(to_corner[:, 0], to_corner[:, 1])
        vel = np.where(walking[:, None], to_corner / np.maximum(dist, 1e-9)[:, None] * self.preferred[:, None], 0.0)
        vel += separation(self.positions, SEPARATION_M) * PUSH
        self._move(vel, dt)
        self._watch_progress(walking, dist, dt)

    def _update_pauses(self, dt: float) -> None:
        pausing = self.pause_left > 0.0
        self.pause_left[pausing] -= dt
        for i in np.nonzero(pausing & (self.pause_left <= 0.0))[0]:
            origin = int(self.destination[i])
            dest = self._pick_destination(origin)
            self._set_path(int(i), self._route(origin, dest), dest)

    def _advance_corners(self, arrived: np.ndarray) -> None:
        """Attendees within reach of their corner head for the next one, or pause at the path's end."""
        for i in arrived:
            k = self._corner_i[i] + 1
            if k < len(self._paths[i]):
                self._corner_i[i] = k
                self.corners[i] = self._paths[i][k]
                self._best[i] = np.inf
            else:
                lo, hi = self._pause_of(self.place_ids[self.destination[i]])
                self.pause_left[i] = self.rng.uniform(lo, hi)

    def _move(self, vel: np.ndarray, dt: float) -> None:
        """Apply velocities (n, 2); anyone the move would take off the mesh slides along the wall."""
        old = self.positions
        new = old + vel * dt
        tris = self.mesh.locate_many(new)
        for i in np.nonzero(tris < 0)[0]:
            p, t = (old[i], int(self._tris[i])) if self._tris[i] >= 0 else self.mesh.snap(old[i])
            new[i], tris[i] = move_from(self.mesh, p, t, vel[i] * dt)
        self._tris = tris
        moved = new - old
        dist = np.hypot(moved[:, 0], moved[:, 1])
        self.speeds = dist / dt
        self.positions = new
        going = dist > 1e-4
        target = np.arctan2(moved[:, 0], -moved[:, 1])
        turn = (target - self.headings + np.pi) % (2 * np.pi) - np.pi
        self.headings = np.where(going, self.headings + np.clip(turn, -TURN_RATE * dt, TURN_RATE * dt),
                                 self.headings)
        self.phases = advance_phase(self.phases, dist, self.speeds)

    def _watch_progress(self, walking: np.ndarray, dist: np.ndarray, dt: float) -> None:
        """Replan from where they stand for walkers that have stopped getting closer (jammed at a corner)."""
        better = dist < self._best - 0.05
        self._best = np.where(better, dist, self._best)
        self._stuck = np.where(walking & ~better, self._stuck + dt, 0.0)
        for i in np.nonzero(self._stuck > STUCK_S)[0]:
            dest = int(self.destination[i])
            try:
                pts = find_path(self.mesh, self.positions[i], self.place_points[dest]).points
            except Unreachable:
                pts = self._route(dest, self._pick_destination(dest))
            self._set_path(int(i), pts, dest)

    # ------------------------------------------------------------------------------------------ drawing
    def limb_angles(self) -> dict[str, np.ndarray]:
        """Per-attendee joint angles (n,) for instanced drawing (see `avatar.limb_angles`)."""
        return limb_angles(self.phases, self.speeds)


def neighbour_pairs(points: np.ndarray, radius: float) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i, j), i != j, of points (n, 2) closer than radius, through a uniform hash grid.

    Each point is binned into a cell of side `radius`; candidates come from the 3 x 3 cells around it,
    found with searchsorted over the sorted cell keys (x * width + z): no Python loop over points.
    """
    n = len(points)
    if n < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    cell = np.floor(points / radius).astype(np.int64)
    cell -= cell.min(axis=0) - 1  # keep every key (and its neighbours') positive
    width = int(cell[:, 1].max()) + 2
    key = cell[:, 0] * width + cell[:, 1]
    order = np.argsort(key, kind="stable")
    sorted_keys = key[order]
    firsts, seconds = [], []
    for dx in (-1, 0, 1):
        # Keys of the three cells (dx, -1..1) are consecutive, so one range covers them.
        lo = np.searchsorted(sorted_keys, key + dx * width - 1, side="left")
        count = np.searchsorted(sorted_keys, key + dx * width + 1, side="right") - lo
        i = np.repeat(np.arange(n), count)
        local = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
        firsts.append(i)
        seconds.append(order[lo[i] + local])
    i, j = np.concatenate(firsts), np.concatenate(seconds)
    d = points[i] - points[j]
    close = (i != j) & (np.einsum("ij,ij->i", d, d) < radius * radius)
    return i[close], j[close]


def separation(points: np.ndarray, radius: float) -> np.ndarray:
    """Push (n, 2) away from neighbours closer than radius, growing linearly to 1 at zero distance."""
    push = np.zeros_like(points)
    i, j = neighbour_pairs(points, radius)
    if len(i) == 0:
        return push
    d = points[i] - points[j]
    dist = np.hypot(d[:, 0], d[:, 1])
    weight = (radius - np.minimum(dist, radius)) / radius
    # Two people on the same spot: push along a direction fixed by their indices, so it is deterministic.
    same = dist < 1e-6
    angle = (np.minimum(i[same], j[same]) * 2.399963) % (2 * np.pi)  # golden angle spreads the directions
    d[same] = np.column_stack([np.cos(angle), np.sin(angle)]) * np.sign(i[same] - j[same])[:, None]
    dist[same] = 1.0
    f = d / dist[:, None] * weight[:, None]
    push[:, 0] = np.bincount(i, weights=f[:, 0], minlength=len(points))
    push[:, 1] = np.bincount(i, weights=f[:, 1], minlength=len(points))
    return push
