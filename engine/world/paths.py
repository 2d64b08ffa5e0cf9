"""Shortest walking paths on a nav mesh: A* over triangles, then string pulling (the funnel algorithm).

A* finds the corridor (the chain of triangles); the funnel pulls the path taut through the corridor's
portals, so it bends only at corners, as a person walking would.
"""
from __future__ import annotations

import heapq
import math
import weakref
from dataclasses import dataclass, field

import numpy as np

from engine.world.navmesh import NavMesh, Point2

WALK_SPEED = 1.3  # m/s, an unhurried adult walking pace
# A* crosses a portal no nearer its ends than this fraction of its length (a corner is not a doorway).
PORTAL_MARGIN = 0.05


class Unreachable(ValueError):
    """No walkable path joins the two points: they lie in parts of the floor that do not connect."""


@dataclass(frozen=True)
class Path:
    """A walking path: corner points (k, 2) float64 in plan (x, z), from start to goal."""

    points: np.ndarray
    length_m: float
    goal_snapped: bool = False  # the goal was off the mesh and was moved to the nearest walkable point
    corridor: tuple[int, ...] = field(default=(), repr=False)  # triangle indices walked through

    def walk_time_s(self, speed: float = WALK_SPEED) -> float:
        """Seconds to walk the path at `speed` m/s."""
        return self.length_m / speed

    @property
    def walking_time_s(self) -> float:
        """Seconds at the walking pace (1.3 m/s)."""
        return self.walk_time_s()

    @property
    def start(self) -> np.ndarray:
        return self.points[0]

    @property
    def goal(self) -> np.ndarray:
        return self.points[-1]


def find_path(navmesh: NavMesh, start: Point2, goal: Point2) -> Path:
    """Shortest path from start (2,) to goal (2,).

    A start or goal off the mesh is first moved to its nearest walkable point (a click inside a wall
    walks to the wall). Raises Unreachable when the two lie in components that do not connect.
    """
    if len(navmesh) == 0:
        raise Unreachable("there is no walkable floor")
    a, ta = navmesh.snap(start)
    b, tb = navmesh.snap(goal)
    snapped = bool(np.hypot(*(b - np.asarray(goal, dtype=np.float64))) > 1e-4)
    if navmesh.component[ta] != navmesh.component[tb]:
        raise Unreachable(f"no walkable path from ({a[0]:.1f}, {a[1]:.1f}) to ({b[0]:.1f}, {b[1]:.1f}): "
                          "the floor between them does not connect")
    steps = corridor(navmesh, a, b, ta, tb)
    pts = string_pull(navmesh, a, b, steps)
    length = float(np.linalg.norm(np.diff(pts, axis=0), axis=1).sum())
    tris = (ta,) + tuple(int(navmesh.neighbors[t, i]) for t, i in steps)
    return Path(pts, length, snapped, tris)


Portal = tuple[int, int, float, float, float, float]
# Search graphs by nav mesh, built on a mesh's first search and dropped with the mesh.
_SEARCH_GRAPHS: weakref.WeakKeyDictionary[NavMesh, list[list[Portal]]] = weakref.WeakKeyDictionary()


def _search_graph(mesh: NavMesh) -> list[list[Portal]]:
    """Per triangle, its open portals as (neighbour, edge index, x0, z0, dx, dz); cached per mesh.

    (x0, z0) is the portal's start vertex and (dx, dz) runs to its end vertex. A* touches a few values
    per step; plain lists are several times faster than numpy indexing there.
    """
    graph = _SEARCH_GRAPHS.get(mesh)
    if graph is None:
        v = mesh.vertices[mesh.triangles]  # (T, 3, 2)
        starts = v.tolist()
        ds = (np.roll(v, -1, axis=1) - v).tolist()
        graph = [[(n, i, *starts[t][i], *ds[t][i]) for i, n in enumerate(row) if n >= 0]
                 for t, row in enumerate(mesh.neighbors.tolist())]
        _SEARCH_GRAPHS[mesh] = graph
    return graph


def corridor(mesh: NavMesh, start: np.ndarray, goal: np.ndarray, ta: int, tb: int) -> list[tuple[int, int]]:
    """A* from triangle ta to tb: the crossings [(triangle, edge index), ...] in walking order.

    Each portal is crossed where the straight line from the point the walker entered the triangle by
    to the goal meets it (clamped to the portal, a hair in from its ends), so g is the length of a real
    path through the corridor that already heads for the goal: close to the taut length, whatever the
    triangles' shapes. (Portal midpoints would charge a zigzag that grows with the triangles' size and
    can send the search around the edge of an open plaza.) The heuristic is the straight-line distance.
    Raises Unreachable if the search runs dry (it cannot when both share a component).
    """
    if ta == tb:
        return []
    graph = _search_graph(mesh)
    gx, gz = float(goal[0]), float(goal[1])
    sx, sz = float(start[0]), float(start[1])
    best = {ta: 0.0}
    where = {ta: (sx, sz)}
    came: dict[int, tuple[int, int]] = {}
    heap = [(math.hypot(gx - sx, gz - sz), 0.0, ta)]
    closed = set()
    hypot, push, pop, inf = math.hypot, heapq.heappush, heapq.heappop, math.inf
    lo, hi = PORTAL_MARGIN, 1.0 - PORTAL_MARGIN
    while heap:
        _, g, t = pop(heap)
        if t == tb:
            break
        if t in closed:
            continue
        closed.add(t)
        px, pz = where[t]
        rx, rz = gx - px, gz - pz  # the ray from the entry point to the goal
        for n, i, x0, z0, dx, dz in graph[t]:
            if n in closed:
                continue
            # Where the ray's line meets the portal: u along the portal, clamped to it.
            den = dx * rz - dz * rx
            if den != 0.0:
                u = ((px - x0) * rz - (pz - z0) * rx) / den
                u = lo if u < lo else hi if u > hi else u
            else:  # parallel: the portal point nearest the entry point
                u = ((px - x0) * dx + (pz - z0) * dz) / max(dx * dx + dz * dz, 1e-300)
                u = lo if u < lo else hi if u > hi else u
            mx, mz = x0 + u * dx, z0 + u * dz
            ng = g + hypot(mx - px, mz - pz)
            if ng < best.get(n, inf):
                best[n] = ng
                where[n] = (mx, mz)
                came[n] = (t, i)
                push(heap, (ng + hypot(gx - mx, gz - mz), ng, n))
    else:
        raise Unreachable("no walkable path between the two points")
    steps = []
    t = tb
    while t != ta:
        steps.append(came[t])
        t = came[t][0]
    return steps[::-1]


def portals(mesh: NavMesh, start: np.ndarray, goal: np.ndarray,
            steps: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """Left and right portal end points (m+2, 2) each, for a walker going through the corridor.

    Triangles are counter-clockwise, so leaving one through its edge i (vertex i to i+1), the edge's
    end vertex is on the walker's left and its start vertex on the right (in the x-right, z-up frame
    where the cross product is positive counter-clockwise).
    """
    left = np.empty((len(steps) + 2, 2))
    right = np.empty((len(steps) + 2, 2))
    left[0] = right[0] = start
    left[-1] = right[-1] = goal
    if steps:
        t = np.array([s[0] for s in steps])
        i = np.array([s[1] for s in steps])
        right[1:-1] = mesh.vertices[mesh.triangles[t, i]]
        left[1:-1] = mesh.vertices[mesh.triangles[t, (i + 1) % 3]]
    return left, right


def _cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    """Cross product of (a - o) and (b - o): > 0 when b lies counter-clockwise (left) of the ray o->a."""
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def string_pull(mesh: NavMesh, start: np.ndarray, goal: np.ndarray,
                steps: list[tuple[int, int]]) -> np.ndarray:
    """The taut path through the corridor's portals ("simple stupid funnel"): (k, 2) corner points."""
    if not steps:
        return np.array([start, goal], dtype=np.float64)
    lefts, rights = portals(mesh, start, goal, steps)
    L = [tuple(p) for p in lefts.tolist()]
    R = [tuple(p) for p in rights.tolist()]
    apex = left = right = L[0]
    apex_i = left_i = right_i = 0
    out = [apex]
    i = 1
    while i < len(L):
        nl, nr = L[i], R[i]
        # Tighten the right side when the new right point lies inside the funnel.
        if _cross(apex, right, nr) >= 0.0:
            if apex == right or _cross(apex, left, nr) < 0.0:
                right, right_i = nr, i
            else:  # the right side crossed the left: the left point is a corner of the path
                out.append(left)
                apex, apex_i = left, left_i
                left = right = apex
                left_i = right_i = apex_i
                i = apex_i + 1
                continue
        if _cross(apex, left, nl) <= 0.0:
            if apex == left or _cross(apex, right, nl) > 0.0:
                left, left_i = nl, i
            else:
                out.append(right)
                apex, apex_i = right, right_i
                left = right = apex
                left_i = right_i = apex_i
                i = apex_i + 1
                continue
        i += 1
    if out[-1] != L[-1]:
        out.append(L[-1])
    return _drop_repeats(np.array(out, dtype=np.float64))


def _drop_repeats(points: np.ndarray) -> np.ndarray:
    """Remove consecutive points closer than a millimetre (shared portal vertices repeat)."""
    keep = np.ones(len(points), dtype=bool)
    keep[1:] = np.linalg.norm(np.diff(points, axis=0), axis=1) > 1e-3
    keep[-1] = True
    pts = points[keep]
    if len(pts) >= 2 and np.linalg.norm(pts[-1] - pts[-2]) <= 1e-3:
        pts = np.delete(pts, -2, axis=0)
    return pts
