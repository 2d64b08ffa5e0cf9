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


def xz_to_lonlat(xz: np.ndarray, origin_lat: float, origin_lon: float) -> np.ndarray:
    """Inverse of `lonlat_to_xz`: (n, 2) x/z metres to (n, 2) lon/lat degrees."""
    p = np.asarray(xz, dtype=np.float64).reshape(-1, 2)
    lon = origin_lon + np.degrees(p[:, 0] / (EARTH_RADIUS_M * math.cos(math.radians(origin_lat))))
    lat = origin_lat + np.degrees(-p[:, 1] / EARTH_RADIUS_M)
    return np.column_stack([lon, lat])


def haversine_length(lonlat: np.ndarray, closed: bool = True) -> float:
    """Great-circle length in metres of a lon/lat polyline (n, 2)."""
    ll = np.radians(np.asarray(lonlat, dtype=np.float64))
    if closed and not np.allclose(ll[0], ll[-1]):
        ll = np.vstack([ll, ll[:1]])
    lon, lat = ll[:, 0], ll[:, 1]
    a = (np.sin(np.diff(lat) / 2) ** 2
         + np.cos(lat[:-1]) * np.cos(lat[1:]) * np.sin(np.diff(lon) / 2) ** 2)
    return float(2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(a)).sum())


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


def resample_closed(points: np.ndarray, step: float) -> np.ndarray:
    """A closed Catmull-Rom curve through (n, 2) points, sampled about every `step` units: (k, 2), open end."""
    p = np.asarray(points, dtype=np.float64)
    if np.allclose(p[0], p[-1]):
        p = p[:-1]
    n = len(p)
    out = []
    for i in range(n):
        p0, p1, p2, p3 = p[(i - 1) % n], p[i], p[(i + 1) % n], p[(i + 2) % n]
        seg = float(np.linalg.norm(p2 - p1))
        k = max(1, int(math.ceil(seg / step)))
        t = np.arange(k)[:, None] / k
        out.append(0.5 * ((2 * p1) + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t ** 2
                          + (-p0 + 3 * p1 - 3 * p2 + p3) * t ** 3))
    return np.concatenate(out)


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
