"""Coarser versions of a mesh for when it covers few pixels, by vertex clustering.

Vertices are snapped to a grid; each occupied cell becomes one vertex (attributes averaged) and
triangles that collapse are dropped. Crude up close, indistinguishable at a few pixels.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from engine.scene.mesh import vertex_normals


def cluster(positions: np.ndarray, indices: np.ndarray, cells_across: int,
            extra: Sequence[np.ndarray | None] = ()) -> tuple[np.ndarray, np.ndarray, np.ndarray, list]:
    """Simplify on a grid with `cells_across` cells along the mesh's largest extent.

    positions (n, 3), indices (m, 3). Returns (positions (k, 3), indices (j, 3) uint32,
    normals (k, 3), [each extra (n, c) array averaged to (k, c), or None]).
    """
    lo, hi = positions.min(axis=0), positions.max(axis=0)
    size = max(float((hi - lo).max()), 1e-9) / cells_across
    cell = np.floor((positions - lo) / size).astype(np.int64)
    # One integer per cell (in the order of the rows): a flat unique is many times faster than by rows.
    m = cells_across + 2
    key = (cell[:, 0] * m + cell[:, 1]) * m + cell[:, 2]
    _, remap, counts = np.unique(key, return_inverse=True, return_counts=True)
    remap = remap.reshape(-1)
    k = len(counts)

    def average(values: np.ndarray) -> np.ndarray:
        out = np.zeros((k, values.shape[1]))
        for c in range(values.shape[1]):
            out[:, c] = np.bincount(remap, weights=values[:, c], minlength=k)
        return (out / counts[:, None]).astype(np.float32)

    new_pos = average(positions)
    tri = remap[indices.astype(np.int64)]
    keep = (tri[:, 0] != tri[:, 1]) & (tri[:, 1] != tri[:, 2]) & (tri[:, 0] != tri[:, 2])
    tri = tri[keep]
    if len(tri):
        # Two faces over the same three cells, one each way round, are a sliver: keep one.
        s = np.sort(tri, axis=1)
        tri = np.unique((s[:, 0] * k + s[:, 1]) * k + s[:, 2], return_index=True)[1]
        tri = remap[indices.astype(np.int64)][keep][np.sort(tri)]
    normals = vertex_normals(new_pos, tri.astype(np.uint32)) if len(tri) else np.zeros_like(new_pos)
    return new_pos, tri.astype(np.uint32), normals, [None if e is None else average(e) for e in extra]


def lod_chain(positions: np.ndarray, indices: np.ndarray, extra: Sequence[np.ndarray | None] = (),
              levels: tuple[int, ...] = (14, 4), min_triangles: int = 32) -> list[tuple]:
    """Successively coarser (positions, indices, normals, extras) levels, each at most 60 % of the last's
    triangles or half its vertices.

    Meshes under `min_triangles` get none: drawing them whole is already cheap (a 40-triangle seat is
    not, times the thousands in a hall).
    """
    chain: list[tuple] = []
    last, last_vertices = len(indices), len(positions)
    if last < min_triangles:
        return chain
    for cells in levels:
        level = cluster(positions, indices, cells, list(extra))
        # Fewer vertices count as much as fewer triangles: a flat-shaded part repeats each corner per
        # face, and on a CPU rasterizer its vertices cost more than its few pixels.
        if len(level[1]) > 0 and (len(level[1]) <= 0.6 * last or len(level[0]) <= 0.5 * last_vertices):
            chain.append(level)
            last, last_vertices = len(level[1]), len(level[0])
    return chain
