"""What a camera must not pass through: the solid parts of a scene as triangles in a grid over the
plan, and people as upright cylinders. Short rays (a camera boom, a fly step) ask it how far they
can go. Built once per scene; pure numpy.
"""
from __future__ import annotations

import numpy as np

from engine.scene.graph import Scene

CELL_M = 4.0
SMALL_M = 0.8          # meshes smaller than this (seats) are not worth a camera's attention
GROUND_Y = 0.15        # triangles wholly below this are floors and paving: the ground clamp covers them
PERSON_RADIUS = 0.35
PERSON_HEIGHT = 1.95


class CollisionWorld:
    """Triangles (n, 3, 3) bucketed by the plan cells (x, z) their bounds touch."""

    def __init__(self, triangles: np.ndarray, cell: float = CELL_M, ground_y: float = 0.0) -> None:
        self.tris = np.asarray(triangles, np.float64).reshape(-1, 3, 3)
        self.cell = cell
        self.ground_y = ground_y
        self._bucket()

    @classmethod
    def from_scene(cls, scene: Scene, ground_y: float = 0.0) -> CollisionWorld:
        """The scene's walls, roofs, stages, booths, trees and buildings (not floors, not seats)."""
        parts = []
        for batch in scene.batches():
            mesh = batch.mesh
            if len(mesh.positions) == 0 or float(np.max(batch.radii, initial=0.0)) < SMALL_M:
                continue
            local = np.asarray(mesh.positions, np.float64)[np.asarray(mesh.indices).reshape(-1, 3)]
            homog = np.concatenate([local, np.ones((*local.shape[:2], 1))], axis=-1)
            world = np.einsum("nij,tkj->ntki", batch.transforms, homog)[..., :3].reshape(-1, 3, 3)
            parts.append(world[world[:, :, 1].max(axis=1) > ground_y + GROUND_Y])
        tris = np.concatenate(parts) if parts else np.zeros((0, 3, 3))
        return cls(tris, ground_y=ground_y)

    def _bucket(self) -> None:
        """A CSR table: cell -> triangle ids, over the cells each triangle's x/z bounds cover."""
        xz = self.tris[:, :, [0, 2]]
        self.origin = xz.reshape(-1, 2).min(axis=0) if len(xz) else np.zeros(2)
        lo = np.floor((xz.min(axis=1) - self.origin) / self.cell).astype(np.int64)
        hi = np.floor((xz.max(axis=1) - self.origin) / self.cell).astype(np.int64)
        self.dims = (hi.max(axis=0) + 1) if len(hi) else np.ones(2, np.int64)
        spans = hi - lo + 1
        counts = spans[:, 0] * spans[:, 1]
        tri_ids = np.repeat(np.arange(len(self.tris)), counts)
        k = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        cx = np.repeat(lo[:, 0], counts) + k % np.repeat(spans[:, 0], counts)
        cz = np.repeat(lo[:, 1], counts) + k // np.repeat(spans[:, 0], counts)
        cells = cx * self.dims[1] + cz
        order = np.argsort(cells, kind="stable")
        self._ids = tri_ids[order]
        self._starts = np.searchsorted(cells[order], np.arange(int(self.dims[0] * self.dims[1]) + 1))

    def _candidates(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Ids of the triangles in the cells a segment's points (k, 3) to (k, 3) cross."""
        steps = max(2, int(np.ceil(np.max(np.linalg.norm(b - a, axis=1)) / (self.cell / 2))) + 1)
        u = np.linspace(0.0, 1.0, steps)[:, None, None]
        pts = (a[None] + (b - a)[None] * u).reshape(-1, 3)[:, [0, 2]]
        ij = np.floor((pts - self.origin) / self.cell).astype(np.int64)
        ok = (ij >= 0).all(axis=1) & (ij < self.dims).all(axis=1)
        cells = np.unique(ij[ok, 0] * self.dims[1] + ij[ok, 1])
        if len(cells) == 0:
            return np.zeros(0, np.int64)
        return np.unique(np.concatenate([self._ids[self._starts[c]:self._starts[c + 1]] for c in cells]))

    def distances(self, origins: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """For segments origins (k, 3) -> ends (k, 3): the fraction (k,) of each that is clear
        (1.0 when nothing is hit). Möller-Trumbore against the nearby triangles, both faces."""
        origins = np.atleast_2d(np.asarray(origins, np.float64))
        ends = np.atleast_2d(np.asarray(ends, np.float64))
        out = np.ones(len(origins))
        ids = self._candidates(origins, ends) if len(self.tris) else np.zeros(0, np.int64)
        if len(ids):
            out = np.minimum(out, _segment_triangles(origins, ends - origins, self.tris[ids]))
        return out


def _segment_triangles(o: np.ndarray, d: np.ndarray, tris: np.ndarray) -> np.ndarray:
    """Smallest t in [0, 1] where o + t d (k rays) meets any triangle (m, 3, 3); 1.0 for none."""
    v0, e1, e2 = tris[:, 0], tris[:, 1] - tris[:, 0], tris[:, 2] - tris[:, 0]
    p = np.cross(d[:, None], e2[None])                                   # (k, m, 3)
    det = np.einsum("mj,kmj->km", e1, p)
    ok = np.abs(det) > 1e-12
    inv = np.where(ok, 1.0 / np.where(ok, det, 1.0), 0.0)
    s = o[:, None] - v0[None]
    u = np.einsum("kmj,kmj->km", s, p) * inv
    q = np.cross(s, e1[None])
    v = np.einsum("kj,kmj->km", d, q) * inv
    t = np.einsum("mj,kmj->km", e2, q) * inv
    hit = ok & (u >= 0) & (v >= 0) & (u + v <= 1) & (t >= 0) & (t <= 1)
    return np.where(hit, t, 1.0).min(axis=1, initial=1.0)


def people_clear(origin: np.ndarray, end: np.ndarray, xz: np.ndarray, radius: float = PERSON_RADIUS,
                 height: float = PERSON_HEIGHT) -> float:
    """The clear fraction of the segment origin -> end (3,) past people standing at xz (n, 2),
    each an upright cylinder; people the segment starts inside are ignored (the avatar itself)."""
    if len(xz) == 0:
        return 1.0
    o, d = np.asarray(origin, np.float64), np.asarray(end, np.float64) - origin
    rel = o[[0, 2]][None] - np.asarray(xz, np.float64)
    a = float(d[0] ** 2 + d[2] ** 2)
    c = (rel ** 2).sum(axis=1) - radius ** 2
    if a < 1e-12:
        return 1.0
    b = 2 * (rel @ d[[0, 2]])
    disc = b * b - 4 * a * c
    t = (-b - np.sqrt(np.maximum(disc, 0.0))) / (2 * a)
    y = o[1] + t * d[1]
    hit = (disc > 0) & (c > 0) & (t >= 0) & (t <= 1) & (y >= 0) & (y <= height)
    return float(np.min(np.where(hit, t, 1.0), initial=1.0))


def inside_person(point: np.ndarray, xz: np.ndarray, radius: float = PERSON_RADIUS,
                  height: float = PERSON_HEIGHT) -> np.ndarray | None:
    """The point pushed out sideways from any person it stands inside, or None if it is clear."""
    if len(xz) == 0 or not 0.0 <= point[1] <= height:
        return None
    rel = point[[0, 2]][None] - np.asarray(xz, np.float64)
    dist = np.hypot(rel[:, 0], rel[:, 1])
    i = int(np.argmin(dist))
    if dist[i] >= radius:
        return None
    away = rel[i] / dist[i] if dist[i] > 1e-6 else np.array([1.0, 0.0])
    out = point.copy()
    out[[0, 2]] = np.asarray(xz[i], np.float64) + away * (radius + 0.05)
    return out
