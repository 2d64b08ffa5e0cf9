"""Tangents for normal maps, made from positions and uvs when a model brings none.

glTF's convention: the tangent points along +u, and the bitangent, cross(normal, tangent) * w,
points to the top of the image (towards smaller v, as glTF's v runs down the image), where a normal
map's green channel points. Mirrored uvs give w = -1.
"""
from __future__ import annotations

import numpy as np

from engine.scene.mesh import vertex_normals


def vertex_tangents(positions: np.ndarray, normals: np.ndarray | None, uvs: np.ndarray | None,
                    indices: np.ndarray) -> np.ndarray:
    """(n, 4) float32: unit tangents orthogonal to the normals, handedness (+1 or -1) in w.

    positions (n, 3), normals (n, 3) (made from the faces if None), uvs (n, 2) or None,
    indices (m, 3). Per-triangle tangents weighted by the triangle's area are summed at each vertex;
    where the uvs give no direction (none, or degenerate), any unit vector perpendicular to the
    normal is used.
    """
    n = len(positions)
    if normals is None:
        normals = vertex_normals(positions, indices)
    normals64 = _unit(np.asarray(normals, np.float64).reshape(n, 3), _fallback_normal)
    if uvs is None:
        return _with_w(_perpendicular(normals64), np.ones(n))
    face_t, face_b = _face_frames(positions, uvs, indices)
    idx = np.asarray(indices, np.int64).reshape(-1, 3)
    tangent = np.zeros((n, 3))
    bitangent = np.zeros((n, 3))
    for k in range(3):
        np.add.at(tangent, idx[:, k], face_t)
        np.add.at(bitangent, idx[:, k], face_b)
    # Gram-Schmidt: the part of the summed tangent that lies in the surface.
    tangent -= normals64 * np.einsum("ij,ij->i", normals64, tangent)[:, None]
    tangent = _unit(tangent, lambda bad: _perpendicular(normals64[bad]))
    side = np.einsum("ij,ij->i", np.cross(normals64, tangent), bitangent)
    return _with_w(tangent, np.where(side < 0, -1.0, 1.0))


def _face_frames(positions: np.ndarray, uvs: np.ndarray,
                 indices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per triangle: the directions of +u and of -v (image up) in space, scaled by the triangle's area."""
    tri = np.asarray(positions, np.float64)[np.asarray(indices, np.int64).reshape(-1, 3)]
    tex = np.asarray(uvs, np.float64)[np.asarray(indices, np.int64).reshape(-1, 3)]
    e1, e2 = tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]
    d1, d2 = tex[:, 1] - tex[:, 0], tex[:, 2] - tex[:, 0]
    det = d1[:, 0] * d2[:, 1] - d2[:, 0] * d1[:, 1]
    ok = np.abs(det) > 1e-20
    inv = np.where(ok, 1.0 / np.where(ok, det, 1.0), 0.0)[:, None]
    t = (e1 * d2[:, 1:2] - e2 * d1[:, 1:2]) * inv
    b = -(e2 * d1[:, 0:1] - e1 * d2[:, 0:1]) * inv   # along -v: glTF's v grows down the image
    area = np.linalg.norm(np.cross(e1, e2), axis=1)[:, None]
    return _unit(t, lambda bad: 0.0) * area, _unit(b, lambda bad: 0.0) * area


def _unit(v: np.ndarray, fallback) -> np.ndarray:
    """Rows of v at unit length; rows too short to have a direction become fallback(mask)."""
    length = np.linalg.norm(v, axis=1)
    bad = ~(length > 1e-12)
    out = v / np.where(bad, 1.0, length)[:, None]
    if bad.any():
        out[bad] = fallback(bad)
    return out


def _fallback_normal(bad: np.ndarray) -> np.ndarray:
    return np.array([0.0, 1.0, 0.0])


def _perpendicular(normals: np.ndarray) -> np.ndarray:
    """A unit vector perpendicular to each (unit) normal: the normal crossed with whichever axis is
    least parallel to it."""
    axis = np.zeros_like(normals)
    axis[np.arange(len(normals)), np.argmin(np.abs(normals), axis=1)] = 1.0
    side = np.cross(axis, normals)
    return side / np.linalg.norm(side, axis=1, keepdims=True)


def _with_w(tangent: np.ndarray, w: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(np.hstack([tangent, w[:, None]]), dtype=np.float32)
