"""The ground kept clear in front of every hall door, so nothing tall (a lamp post, a tree, a kiosk)
stands between a visitor and the door, its sign or its screens."""
from __future__ import annotations

import numpy as np
from shapely import contains_xy
from shapely.geometry import Polygon
from shapely.ops import unary_union

from engine.venue.model import Area, Door, Hall

CLEAR_DEPTH_M = 8.0       # how far out from the wall the zone reaches
CLEAR_MARGIN_M = 3.5      # either side of the door: its screens, the glazed lobby, some air


def door_clear_zone(door: Door, depth: float = CLEAR_DEPTH_M, margin: float = CLEAR_MARGIN_M) -> Polygon:
    """The rectangle (x/z) in front of a placed door: door width plus `margin` each side, `depth` out."""
    c, out = np.asarray(door.center, float), np.asarray(door.outward, float)
    along = np.array([-out[1], out[0]])
    half = door.width / 2 + margin
    near, far = c - out * 0.5, c + out * depth
    return Polygon([near - along * half, near + along * half, far + along * half, far - along * half])


def clear_zones(halls: list[Hall]) -> Area:
    """Every door's clear zone, merged."""
    return unary_union([door_clear_zone(d) for h in halls for d in h.doors])


def outside(zones: Area, matrices: list[np.ndarray]) -> list[np.ndarray]:
    """The transforms (4, 4) whose position (x, z) lies outside `zones`."""
    if not matrices or zones.is_empty:
        return list(matrices)
    xz = np.array([[m[0, 3], m[2, 3]] for m in matrices])
    keep = ~contains_xy(zones, xz[:, 0], xz[:, 1])
    return [m for m, k in zip(matrices, keep) if k]
