"""Curves and easing for camera paths: centripetal Catmull-Rom chains and smooth ease in/out.

Pure numpy. A chain passes through every control point; the centripetal knot spacing
(|P[i+1] - P[i]| ** 0.5) keeps it free of cusps and self-loops even where points bunch up.
"""
from __future__ import annotations

import numpy as np

ALPHA = 0.5  # centripetal


def smootherstep(x: float | np.ndarray) -> float | np.ndarray:
    """Ease 0..1 -> 0..1 with zero velocity and acceleration at both ends (6x^5 - 15x^4 + 10x^3)."""
    x = np.clip(x, 0.0, 1.0)
    return x * x * x * (x * (6.0 * x - 15.0) + 10.0)


def knots(points: np.ndarray, alpha: float = ALPHA) -> np.ndarray:
    """Centripetal knot values (n,) of control points (n, d); consecutive points must differ."""
    p = np.asarray(points, dtype=np.float64)
    step = np.linalg.norm(np.diff(p, axis=0), axis=1) ** alpha
    return np.concatenate([[0.0], np.cumsum(np.maximum(step, 1e-6))])


class CatmullRomChain:
    """A curve through `points` (n, d), n >= 2. `values` (n, k) optional extra channels (angles, fov)
    interpolated with the same knots, so they follow the curve's own parameter.

    The parameter u runs 0 .. n-1: u = i is control point i.
    """

    def __init__(self, points: np.ndarray, values: np.ndarray | None = None) -> None:
        p = np.asarray(points, dtype=np.float64)
        if p.ndim != 2 or len(p) < 2:
            raise ValueError("a chain needs at least two control points (n, d)")
        v = np.zeros((len(p), 0)) if values is None else np.asarray(values, dtype=np.float64).reshape(len(p), -1)
        self.dim = p.shape[1]
        data = np.hstack([p, v])
        # phantom end points: reflections, so the ends have natural tangents
        self._data = np.vstack([2 * data[0] - data[1], data, 2 * data[-1] - data[-2]])
        self._t = knots(self._data[:, :self.dim])
        self.n = len(p)

    def __call__(self, u: float | np.ndarray) -> np.ndarray:
        """Points (..., d + k) at parameter(s) u in [0, n-1]."""
        u = np.clip(np.asarray(u, dtype=np.float64), 0.0, self.n - 1)
        i = np.minimum(np.floor(u).astype(int), self.n - 2)     # segment from control i to i + 1
        f = (u - i)[..., None]
        j = i + 1                                              # index into the padded arrays
        P0, P1, P2, P3 = (self._data[j + k] for k in (-1, 0, 1, 2))
        t0, t1, t2, t3 = (self._t[j + k][..., None] for k in (-1, 0, 1, 2))
        t = t1 + f * (t2 - t1)
        A1 = ((t1 - t) * P0 + (t - t0) * P1) / (t1 - t0)
        A2 = ((t2 - t) * P1 + (t - t1) * P2) / (t2 - t1)
        A3 = ((t3 - t) * P2 + (t - t2) * P3) / (t3 - t2)
        B1 = ((t2 - t) * A1 + (t - t0) * A2) / (t2 - t0)
        B2 = ((t3 - t) * A2 + (t - t1) * A3) / (t3 - t1)
        return ((t2 - t) * B1 + (t - t1) * B2) / (t2 - t1)

    def arc_table(self, samples_per_segment: int = 48) -> tuple[np.ndarray, np.ndarray]:
        """(u (m,), s (m,)): the parameter and the arc length from the start at dense samples."""
        u = np.linspace(0.0, self.n - 1, (self.n - 1) * samples_per_segment + 1)
        pts = self(u)[:, :self.dim]
        s = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(pts, axis=0), axis=1))])
        return u, s


def unwrap_degrees(angles: np.ndarray) -> np.ndarray:
    """Angles (n,) in degrees made continuous: each differs from the previous by at most 180."""
    return np.degrees(np.unwrap(np.radians(np.asarray(angles, dtype=np.float64))))
