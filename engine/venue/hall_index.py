"""Which hall a point is in, for many points at once (per-frame tests need numpy, not shapely)."""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from engine.venue.model import Hall


class HallIndex:
    """Hall footprints as rotated rectangles: centre, half sizes and rotation of each hall."""

    def __init__(self, halls: Iterable[Hall]) -> None:
        halls = list(halls)
        self.ids = [h.id for h in halls]
        self.centers = np.array([h.center for h in halls], dtype=np.float64).reshape(-1, 2)
        self.half = np.array([(h.size[0] / 2, h.size[1] / 2) for h in halls], np.float64).reshape(-1, 2)
        angles = np.radians([h.rotation for h in halls])
        self.cos, self.sin = np.cos(angles), np.sin(angles)
        self.heights = np.array([h.height for h in halls], dtype=np.float64)

    def local(self, points: np.ndarray) -> np.ndarray:
        """Points (n, 2) in every hall's frame: (n, halls, 2). Inverse of Hall.local_to_world."""
        d = np.asarray(points, np.float64).reshape(-1, 1, 2) - self.centers[None]
        x = self.cos * d[..., 0] - self.sin * d[..., 1]
        z = self.sin * d[..., 0] + self.cos * d[..., 1]
        return np.stack([x, z], axis=-1)

    def hall_of(self, points: np.ndarray, margin: float = 0.0) -> np.ndarray:
        """(n,) index of the hall holding each point (n, 2), -1 outside; margin grows the halls."""
        if len(self.ids) == 0:
            return np.full(len(np.atleast_2d(points)), -1)
        inside = (np.abs(self.local(points)) <= self.half[None] + margin).all(axis=-1)
        return np.where(inside.any(axis=1), inside.argmax(axis=1), -1)

    def hall_id(self, x: float, z: float) -> str | None:
        i = int(self.hall_of(np.array([[x, z]]))[0])
        return self.ids[i] if i >= 0 else None
