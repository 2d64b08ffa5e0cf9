"""Geo-reference: WGS84 lon/lat to the venue's local frame (x = east, z = south, metres), and polyline maths."""
from __future__ import annotations

import math

import numpy as np

EARTH_RADIUS_M = 6371008.8  # mean radius (IUGG)


def lonlat_to_xz(lonlat: np.ndarray, origin_lat: float, origin_lon: float) -> np.ndarray:
    """(n, 2) lon/lat degrees to (n, 2) local x (east), z (south) metres.

    Equirectangular about the origin: under 0.01 % off within a few kilometres, which is the venue's scale.
    """
    ll = np.asarray(lonlat, dtype=np.float64).reshape(-1, 2)
    x = np.radians(ll[:, 0] - origin_lon) * EARTH_RADIUS_M * math.cos(math.radians(origin_lat))
    north = np.radians(ll[:, 1] - origin_lat) * EARTH_RADIUS_M
    return np.column_stack([x, -north])


def closed(points: np.ndarray) -> np.ndarray:
    """The polyline with its first point repeated at the end (if it is not already)."""
    p = np.asarray(points, dtype=np.float64)
    return p if np.allclose(p[0], p[-1]) else np.vstack([p, p[:1]])


def polyline_length(points: np.ndarray, is_closed: bool = True) -> float:
    """Length of an (n, 2) polyline in its units."""
    p = closed(points) if is_closed else np.asarray(points, dtype=np.float64)
    return float(np.linalg.norm(np.diff(p, axis=0), axis=1).sum())


def signed_area_en(points_xz: np.ndarray) -> float:
    """Signed area in east/north terms: positive when the x/z loop runs counter-clockwise seen from above."""
    p = np.asarray(points_xz, dtype=np.float64)
    e, n = p[:, 0], -p[:, 1]
    return 0.5 * float(np.sum(e * np.roll(n, -1) - np.roll(e, -1) * n))


def is_clockwise(points_xz: np.ndarray) -> bool:
    """Whether a closed x/z loop runs clockwise seen from above (north up, east right)."""
    return signed_area_en(points_xz) < 0


def cumulative(points: np.ndarray, is_closed: bool = True) -> np.ndarray:
    """Distance along the polyline at each point (n,), starting at 0."""
    p = np.asarray(points, dtype=np.float64)
    d = np.linalg.norm(np.diff(p, axis=0), axis=1)
    return np.concatenate([[0.0], np.cumsum(d)])


def point_at(points: np.ndarray, s: float) -> tuple[np.ndarray, np.ndarray]:
    """Position (2,) and unit tangent (2,) at distance s along a closed polyline."""
    p = closed(points)
    cum = cumulative(p)
    s = s % cum[-1]
    i = int(np.clip(np.searchsorted(cum, s, side="right") - 1, 0, len(p) - 2))
    t = (s - cum[i]) / max(cum[i + 1] - cum[i], 1e-12)
    d = p[i + 1] - p[i]
    return p[i] + t * d, d / max(float(np.linalg.norm(d)), 1e-12)
