"""Routes on the venue's nav mesh for the simulation: which door each person takes, which gate or
entrance is nearest, and the corners of the way between them as a chain of short legs.

JuPedSim steers each person to the next stage of their journey along its own shortest path; its search
costs grow with the length of that path, so long routes are handed over as legs of at most LEG_M.
The nav mesh is built from the same walkable area as the simulation (engine.sim.geometry).
"""
from __future__ import annotations

from functools import cached_property

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import dijkstra

from engine.sim.geometry import XZ
from engine.world import NavMesh, Unreachable, find_path

LEG_M = 12.0


class Routes:
    """Walking distances from chosen places over the nav mesh's triangles (Dijkstra between triangle
    centroids: a slight overestimate, enough to choose between doors), and paths between places."""

    def __init__(self, navmesh: NavMesh) -> None:
        self.mesh = navmesh
        self._from: dict[XZ, np.ndarray] = {}
        self._paths: dict[tuple[XZ, XZ], list[XZ]] = {}

    @cached_property
    def _graph(self):
        nb = self.mesh.neighbors
        rows = np.repeat(np.arange(len(nb)), 3)
        cols = nb.ravel()
        keep = cols >= 0
        rows, cols = rows[keep], cols[keep]
        c = self.mesh.centroids
        weights = np.hypot(*(c[rows] - c[cols]).T) + 1e-9
        return coo_matrix((weights, (rows, cols)), shape=(len(nb), len(nb))).tocsr()

    def triangles(self, points: np.ndarray) -> np.ndarray:
        """The triangle (k,) each point (k, 2) stands on, or the nearest one when it is off the mesh."""
        tri = self.mesh.locate_many(np.asarray(points, float).reshape(-1, 2))
        for i in np.flatnonzero(tri < 0):
            tri[i] = self.mesh.snap(points[i])[1]
        return tri

    def distances_from(self, place: XZ) -> np.ndarray:
        """Metres (T,) from `place` to every triangle (inf where unreachable)."""
        if place not in self._from:
            start = int(self.triangles(np.array([place]))[0])
            d = dijkstra(self._graph, indices=start)
            self._from[place] = d + float(np.hypot(*(self.mesh.centroids[start] - np.asarray(place))))
        return self._from[place]

    def distance(self, a: XZ, b: XZ) -> float:
        return float(self.distances_from(a)[self.triangles(np.array([b]))[0]])

    def legs(self, a: XZ, b: XZ) -> list[XZ]:
        """The corners between a and b (neither included), with long straight stretches cut into legs
        of at most LEG_M. Raises Unreachable when no path joins them."""
        key = (a, b)
        if key not in self._paths:
            points = find_path(self.mesh, a, b).points
            out: list[XZ] = []
            prev = np.asarray(a, float)
            for q in list(points[1:-1]) + [np.asarray(b, float)]:
                length = float(np.hypot(*(q - prev)))
                for k in range(1, int(np.ceil(length / LEG_M))):
                    p = prev + (q - prev) * (k * LEG_M / length)
                    out.append((float(p[0]), float(p[1])))
                out.append((float(q[0]), float(q[1])))
                prev = q
            self._paths[key] = out[:-1]
        return self._paths[key]


__all__ = ["LEG_M", "Routes", "Unreachable"]
