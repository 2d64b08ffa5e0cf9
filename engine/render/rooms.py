"""Which lit interior (Lighting.interiors) each instance can be in, so its vertices test one room or none.

The vertex shader tries every room for a vertex it knows nothing about; with 11 halls that loop was
most of the vertex work on a CPU rasterizer (thousands of seats, each in exactly one hall). The code
goes in the bottom row of the instance's transform, which an affine transform leaves unused.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from engine.scene.lights import Interior

# How far outside its box a room's light reaches: the shader's blend (0.5 m) plus its normal probe
# (0.6 m), with a margin.
REACH = 1.2
OUTSIDE, SEVERAL = -1.0, 0.0


def room_codes(centers: np.ndarray, radii: np.ndarray, rooms: Sequence[Interior]) -> np.ndarray:
    """(k,) float32 per instance (world bounding spheres): -1 when clear of every room, i + 1 when
    only room i can reach it, 0 when several can (the shader then tries them all)."""
    if not rooms:
        return np.full(len(centers), OUTSIDE, np.float32)
    lo = np.array([r.box_min for r in rooms], np.float64) - REACH
    hi = np.array([r.box_max for r in rooms], np.float64) + REACH
    c = centers.astype(np.float64)[:, None, :]
    r = radii.astype(np.float64)[:, None, None]
    near = np.all((c + r >= lo[None]) & (c - r <= hi[None]), axis=2)     # (k, rooms)
    hits = near.sum(axis=1)
    codes = np.where(hits == 1, near.argmax(axis=1) + 1.0, SEVERAL)
    return np.where(hits == 0, OUTSIDE, codes).astype(np.float32)
