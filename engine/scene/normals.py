"""Normals for meshes that arrive without them: smooth across gentle angles, split at creases."""
from __future__ import annotations

import numpy as np


def crease_normals(positions: np.ndarray, indices: np.ndarray, crease_deg: float = 35.0
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-corner normals averaged over faces within `crease_deg` of each other at a vertex.

    positions (n, 3), indices (m, 3). Returns (normals (k, 3) float32, source vertex (k,) int,
    new indices (m, 3) uint32): corners that share a vertex and a normal share one output vertex,
    so a box gets 24 vertices and a sphere stays shared.
    """
    tri = positions[indices].astype(np.float64)
    face_n = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])  # length = 2 * area
    unit = face_n / np.maximum(np.linalg.norm(face_n, axis=1, keepdims=True), 1e-20)
    corner_face = np.repeat(np.arange(len(indices)), 3)
    corner_vert = indices.reshape(-1).astype(np.int64)
    order = np.argsort(corner_vert, kind="stable")
    _, start, count = np.unique(corner_vert[order], return_index=True, return_counts=True)
    # Pair every corner with every corner at the same vertex (sum of degree^2 pairs).
    group_count = np.repeat(count, count)
    group_start = np.repeat(start, count)
    a = np.repeat(np.arange(len(order)), group_count)
    offset = np.arange(len(a)) - np.repeat(np.cumsum(group_count) - group_count, group_count)
    b = group_start[a] + offset
    ca, cb = order[a], order[b]
    fa, fb = corner_face[ca], corner_face[cb]
    keep = (unit[fa] * unit[fb]).sum(axis=1) >= np.cos(np.radians(crease_deg))
    acc = np.zeros((len(corner_vert), 3))
    for k in range(3):
        acc[:, k] = np.bincount(ca[keep], weights=face_n[fb[keep], k], minlength=len(acc))
    normals = acc / np.maximum(np.linalg.norm(acc, axis=1, keepdims=True), 1e-20)
    key = np.column_stack([corner_vert, np.round(normals * 512).astype(np.int64)])
    _, first, inverse = np.unique(key, axis=0, return_index=True, return_inverse=True)
    return (normals[first].astype(np.float32), corner_vert[first],
            inverse.reshape(-1, 3).astype(np.uint32))
