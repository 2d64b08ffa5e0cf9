"""A line of trees round the circuit's site: where each tree stands, how big and turned how.

The site is the convex hull of the track and its buildings, pushed out a little; trees stand along its edge
at a fixed spacing (sizes and turns varied by a fixed sequence, so a rebuild plants the same trees), except
where something must stay open: the forecourt in front of the grandstand's back (so the stand is seen from
the venue's plaza), paths, halls and the plaza. Illustrative: the real site's planting is not in the data.
"""
from __future__ import annotations

import numpy as np
from shapely.geometry import MultiPoint
from shapely.geometry.base import BaseGeometry

SPACING_M = 11.0
SITE_MARGIN_M = 45.0
GOLDEN = 0.6180339887498949


def tree_line(site: np.ndarray, keep_open: BaseGeometry) -> np.ndarray:
    """Trees (k, 4): x, z, yaw degrees, scale; `site` (n, 2) the points to plant round, `keep_open` where none
    may stand."""
    hull = MultiPoint([tuple(p) for p in site]).convex_hull.buffer(SITE_MARGIN_M, quad_segs=6)
    ring = hull.exterior
    count = int(ring.length // SPACING_M)
    out = []
    for k in range(count):
        p = ring.interpolate(k * SPACING_M)
        if keep_open.contains(p):
            continue
        jitter = (k * GOLDEN) % 1.0
        out.append((p.x, p.y, (k * 137.5) % 360.0, 0.9 + 0.5 * jitter))
    return np.array(out, dtype=np.float64).reshape(-1, 4)
