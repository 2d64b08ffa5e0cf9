"""Moving on the nav mesh: sliding along walls (`move_along`) and walking a path (`PathFollower`).

`move_along` walks the straight move triangle by triangle; where it would leave the mesh it stops on
the wall edge and keeps only the part of the move along that edge (as Hubs clamps its avatar to its
nav mesh), so the avatar slides along walls and never passes through one.
"""
from __future__ import annotations

import math

import numpy as np

from engine.world.navmesh import INSET, NavMesh, Point2
from engine.world.paths import WALK_SPEED, Path


def heading_of(direction: Point2) -> float:
    """Compass bearing (radians) of a plan direction (x, z): 0 faces north (-z), pi/2 faces east (+x)."""
    return math.atan2(float(direction[0]), -float(direction[1]))


def forward_of(heading: float) -> np.ndarray:
    """Unit plan direction (2,) of a compass bearing (inverse of `heading_of`)."""
    return np.array([math.sin(heading), -math.cos(heading)])


def move_along(navmesh: NavMesh, pos: Point2, delta: Point2, max_slides: int = 3) -> np.ndarray:
    """Where the avatar ends when it tries to move by delta (2,) from pos (2,): a point on the mesh.

    A start off the mesh is first moved to its nearest walkable point. Each time the move meets a wall
    the rest of it is projected onto the wall, up to `max_slides` times (a corner ends the slide).
    """
    p, t = navmesh.snap(pos)
    return move_from(navmesh, p, t, delta, max_slides)[0]


def move_from(navmesh: NavMesh, p: np.ndarray, t: int, delta: Point2,
              max_slides: int = 3) -> tuple[np.ndarray, int]:
    """`move_along` from a point p (2,) known to lie in triangle t: (end point (2,), its triangle)."""
    px, pz = float(p[0]), float(p[1])
    dx, dz = float(delta[0]), float(delta[1])
    verts, tris, _ = navmesh.as_lists()
    for _ in range(max_slides + 1):
        if dx * dx + dz * dz < 1e-18:
            break
        t, ex, ez, wall = _walk(navmesh, t, px, pz, dx, dz)
        if wall < 0:
            return np.array([ex, ez]), t
        ax, az = verts[tris[t][wall]]
        bx, bz = verts[tris[t][(wall + 1) % 3]]
        length = max(math.hypot(bx - ax, bz - az), 1e-300)
        ux, uz = (bx - ax) / length, (bz - az) / length
        along = (px + dx - ex) * ux + (pz + dz - ez) * uz
        # Keep the part of the move along the wall; step a hair inside (left of a counter-clockwise
        # edge) so the same wall is not hit again at once.
        px, pz = ex - uz * INSET, ez + ux * INSET
        dx, dz = ux * along, uz * along
    return np.array([px, pz]), t


def _walk(mesh: NavMesh, t: int, px: float, pz: float, dx: float, dz: float) -> tuple[int, float, float, int]:
    """Follow the segment p -> p + d from triangle t: (last triangle, end x, end z, wall edge index or -1).

    In each triangle the segment leaves through the edge whose line it crosses first while heading
    outwards; a missing neighbour there is a wall and the walk stops on it.
    """
    verts, tri, nbr = mesh.as_lists()
    s_in = 0.0
    for _ in range(4 * len(tri) + 8):  # a walk visits each triangle at most once; the cap guards rounding
        exit_s, exit_i = 1.0, -1
        corners = tri[t]
        for i in range(3):
            ax, az = verts[corners[i]]
            bx, bz = verts[corners[(i + 1) % 3]]
            ex, ez = bx - ax, bz - az
            rate = ex * dz - ez * dx  # change per unit s of the inside measure below
            if rate < 0.0:
                s = (ex * (pz - az) - ez * (px - ax)) / -rate  # that measure is > 0 inside
                if s < exit_s:
                    exit_s, exit_i = s, i
        if exit_i < 0:
            return t, px + dx, pz + dz, -1
        exit_s = max(exit_s, s_in)
        n = nbr[t][exit_i]
        if n < 0:
            return t, px + dx * exit_s, pz + dz * exit_s, exit_i
        t, s_in = n, exit_s
    return t, px + dx * s_in, pz + dz * s_in, -1


class PathFollower:
    """Walks a path at a constant speed; `step(dt)` returns the new position (2,).

    Arrival is exact: the follower stops on the path's last point and sets `arrived`.
    """

    def __init__(self, path: Path | np.ndarray, speed: float = WALK_SPEED) -> None:
        pts = path.points if isinstance(path, Path) else np.asarray(path, dtype=np.float64).reshape(-1, 2)
        self.points = pts
        self.speed = float(speed)
        seg = np.linalg.norm(np.diff(pts, axis=0), axis=1)
        self._cum = np.concatenate([[0.0], np.cumsum(seg)])
        self.distance = 0.0  # metres walked along the path

    @property
    def length_m(self) -> float:
        return float(self._cum[-1])

    @property
    def remaining_m(self) -> float:
        return max(self.length_m - self.distance, 0.0)

    @property
    def arrived(self) -> bool:
        return self.distance >= self.length_m

    @property
    def position(self) -> np.ndarray:
        """Current point (2,) on the path."""
        return self._sample(self.distance)[0]

    @property
    def heading(self) -> float:
        """Compass bearing of the segment being walked (of the last one once arrived)."""
        return heading_of(self._sample(self.distance)[1])

    def step(self, dt: float) -> np.ndarray:
        """Advance by speed * dt metres (never past the end); returns the position (2,)."""
        self.distance = min(self.distance + self.speed * dt, self.length_m)
        return self.position

    def _sample(self, s: float) -> tuple[np.ndarray, np.ndarray]:
        """Position (2,) and direction (2,) at distance s along the path."""
        pts = self.points
        if len(pts) < 2 or self.length_m <= 0:
            return pts[-1].copy(), np.array([0.0, -1.0])
        i = int(np.clip(np.searchsorted(self._cum, s, side="right") - 1, 0, len(pts) - 2))
        span = max(self._cum[i + 1] - self._cum[i], 1e-12)
        u = min(max((s - self._cum[i]) / span, 0.0), 1.0)
        return pts[i] + u * (pts[i + 1] - pts[i]), pts[i + 1] - pts[i]
