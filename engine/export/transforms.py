"""Node transforms in glTF's terms: translation, rotation quaternion (x, y, z, w) and scale."""
from __future__ import annotations

import math

import numpy as np


def decompose(matrices: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Translations (k, 3), unit quaternions (k, 4) and scales (k, 3), float32, of affine transforms
    (k, 4, 4) made of a translation, a rotation and a scale (a mirror becomes a negative x scale)."""
    m = np.asarray(matrices, dtype=np.float64).reshape(-1, 4, 4)
    linear = m[:, :3, :3]
    scale = np.linalg.norm(linear, axis=1)                      # the length of each column
    scale = np.where(scale > 1e-12, scale, 1.0)
    mirrored = np.linalg.det(linear) < 0
    scale[mirrored, 0] *= -1.0
    rot = linear / scale[:, None, :]
    return (m[:, :3, 3].astype(np.float32), quaternions(rot).astype(np.float32), scale.astype(np.float32))


def quaternions(rot: np.ndarray) -> np.ndarray:
    """Unit quaternions (k, 4) as (x, y, z, w) of rotation matrices (k, 3, 3), w >= 0."""
    r = rot
    t = np.stack([1 + r[:, 0, 0] + r[:, 1, 1] + r[:, 2, 2], 1 + r[:, 0, 0] - r[:, 1, 1] - r[:, 2, 2],
                  1 - r[:, 0, 0] + r[:, 1, 1] - r[:, 2, 2], 1 - r[:, 0, 0] - r[:, 1, 1] + r[:, 2, 2]], axis=1)
    q = np.empty((len(r), 4))
    best = np.argmax(t, axis=1)    # the largest term keeps the division well away from zero
    for case in range(4):
        k = best == case
        if k.any():
            q[k] = _case(r[k], t[k, case], case)
    q *= np.where(q[:, 3:] < 0, -1.0, 1.0)
    return q / np.linalg.norm(q, axis=1, keepdims=True)


def _case(r: np.ndarray, t: np.ndarray, case: int) -> np.ndarray:
    """Quaternions (x, y, z, w) of rotations `r` (k, 3, 3) whose largest diagonal term is `case`
    (0: w, 1: x, 2: y, 3: z), with `t` (k,) that term."""
    s = np.sqrt(np.maximum(t, 1e-12)) * 2          # 4 times the largest component
    a, b, c = r[:, 2, 1] - r[:, 1, 2], r[:, 0, 2] - r[:, 2, 0], r[:, 1, 0] - r[:, 0, 1]
    d, e, f = r[:, 0, 1] + r[:, 1, 0], r[:, 0, 2] + r[:, 2, 0], r[:, 1, 2] + r[:, 2, 1]
    big = s * s / 4
    rows = {0: (a, b, c, big), 1: (big, d, e, a), 2: (d, big, f, b), 3: (e, f, big, c)}[case]
    return np.stack(rows, axis=1) / s[:, None]


def yaw_quaternion(radians: float) -> list[float]:
    """The rotation (x, y, z, w) turning `radians` about +Y (counter-clockwise seen from above)."""
    return [0.0, math.sin(radians / 2), 0.0, math.cos(radians / 2)]


def is_identity(matrix: np.ndarray) -> bool:
    return bool(np.allclose(matrix, np.eye(4), atol=1e-9))
