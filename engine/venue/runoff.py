"""What lies beside the track: tarmac run-off on the outside of every turn, gravel traps beyond it at the
sharp ones, and barriers (armco, tyre walls where they face gravel) round the whole lap on both sides.

Illustrative (this project's choice, plausible for a Tilke circuit): run-off widths, which corners get
gravel (those turning through 75 degrees or more within 120 m), and the barrier's distance from the edge.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from engine.venue import geo
from engine.venue.geometry import MeshBuilder, hex_color
from engine.venue.track_geometry import flat_area, offset_line, wall_along

KERB_M = 1.2
RUNOFF_WINDOW = (-60.0, 90.0)  # from the apex: run-off starts before it and reaches further after
TARMAC_M = 14.0                # run-off's widest, past the kerb
GRAVEL_M = 22.0                # gravel's widest, past the tarmac
GRAVEL_TURN_DEG = 75.0
BARRIER_FROM_EDGE_M = 6.5      # on straights: grass between the edge and the barrier
BARRIER_BEYOND_RUNOFF_M = 3.0
MIN_BARRIER_RUN_M = 60.0       # shorter rings (slivers inside tight loops) are left out
TYRE_NEAR_GRAVEL_M = 6.0

TARMAC = hex_color("#5c5f63")
GRAVEL = hex_color("#cdb991")
ARMCO = hex_color("#a3a9b0")
TYRE = hex_color("#202122")
TYRE_RED = hex_color("#c7302a")
TYRE_WHITE = hex_color("#ececec")


@dataclass
class Trackside:
    """Plan areas and lines (circuit frame): the track surface, run-off, gravel, and barrier runs
    ((k, 2) polylines, each flagged whether it is a tyre wall)."""

    track: BaseGeometry
    tarmac: BaseGeometry
    gravel: BaseGeometry
    gravel_turns: list[int]
    barriers: list[tuple[np.ndarray, bool]]


def track_area(left: np.ndarray, right: np.ndarray) -> BaseGeometry:
    """The track surface between its two closed edges (n, 2), as the union of its segments' quads."""
    nxt = np.roll(np.arange(len(left)), -1)
    quads = np.stack([left, left[nxt], right[nxt], right], axis=1)
    return shapely.union_all(shapely.make_valid(shapely.polygons(quads)))


def turn_angle(centre: np.ndarray, s: float, reach: float = 60.0) -> float:
    """How far (degrees, positive clockwise seen from above) the track turns from s - reach to s + reach."""
    _, t0 = geo.point_at(centre, s - reach)
    _, t1 = geo.point_at(centre, s + reach)
    return float(np.degrees(np.arctan2(t0[0] * t1[1] - t0[1] * t1[0], t0 @ t1)))


def _band(pts: np.ndarray, hw: np.ndarray, s: np.ndarray, apex: float, side: int, inner: float,
          outer: float) -> Polygon:
    """Beside the track on `side` (+1 right, -1 left) round an apex: from inner to outer metres past the
    edge, both scaled by a profile that swells from nothing at the window's ends."""
    length = s[-1] + (s[1] - s[0])
    rel = (s - apex + length / 2) % length - length / 2
    sel = np.flatnonzero((rel >= RUNOFF_WINDOW[0]) & (rel <= RUNOFF_WINDOW[1]))
    if len(sel) < 3:
        return Polygon()
    sel = sel[np.argsort(rel[sel])]
    u = (rel[sel] - RUNOFF_WINDOW[0]) / (RUNOFF_WINDOW[1] - RUNOFF_WINDOW[0])
    prof = np.sin(np.pi * u) ** 0.6
    edge = hw[sel, 0] if side > 0 else hw[sel, 1]
    a = offset_line(pts[sel], side * (edge + KERB_M + inner * prof))
    b = offset_line(pts[sel], side * (edge + KERB_M + outer * prof))
    return shapely.make_valid(Polygon(np.vstack([a, b[::-1]]))).buffer(0)


def lay_out(centre: np.ndarray, pts: np.ndarray, hw: np.ndarray, s: np.ndarray, left: np.ndarray,
            right: np.ndarray, turns_s: list[float], keep_clear: BaseGeometry) -> Trackside:
    """Run-off and gravel on the outside of each turn, clear of the track and of `keep_clear` (pit lane,
    buildings); then barriers round it all."""
    track = track_area(left, right)
    clear = unary_union([track.buffer(KERB_M + 0.3), keep_clear])
    tarmac, gravel, gravel_turns = [], [], []
    for number, apex in enumerate(turns_s, start=1):
        angle = turn_angle(centre, apex)
        outside = -1 if angle > 0 else 1
        tarmac.append(_band(pts, hw, s, apex, outside, 0.0, TARMAC_M))
        if abs(angle) >= GRAVEL_TURN_DEG:
            gravel.append(_band(pts, hw, s, apex, outside, TARMAC_M, TARMAC_M + GRAVEL_M))
            gravel_turns.append(number)
    tarmac_area = unary_union(tarmac).difference(clear)
    gravel_area = unary_union(gravel).difference(clear).difference(tarmac_area)
    barriers = _barriers(track, tarmac_area, gravel_area, keep_clear)
    return Trackside(track, tarmac_area, gravel_area, gravel_turns, barriers)


def _barriers(track: BaseGeometry, tarmac: BaseGeometry, gravel: BaseGeometry,
              keep_clear: BaseGeometry) -> list[tuple[np.ndarray, bool]]:
    """The edge of everything a car may run onto, pushed out a little: both sides of the whole lap."""
    zone = unary_union([track.buffer(BARRIER_FROM_EDGE_M, quad_segs=4),
                        tarmac.buffer(BARRIER_BEYOND_RUNOFF_M, quad_segs=4),
                        gravel.buffer(BARRIER_BEYOND_RUNOFF_M, quad_segs=4)])
    rings = []
    for poly in getattr(zone, "geoms", [zone]):
        rings += [poly.exterior, *poly.interiors]
    runs: list[tuple[np.ndarray, bool]] = []
    gravel_near = gravel.buffer(TYRE_NEAR_GRAVEL_M, quad_segs=4)
    for ring in rings:
        if ring.length < MIN_BARRIER_RUN_M:
            continue
        kept = LineString(ring.coords).simplify(0.3).difference(keep_clear.buffer(1.0))
        for piece in getattr(kept, "geoms", [kept]):
            if piece.length >= 4.0:
                runs += _split_by_kind(np.asarray(shapely.segmentize(piece, 4.0).coords), gravel_near)
    return runs


def _split_by_kind(line: np.ndarray, gravel_near: BaseGeometry) -> list[tuple[np.ndarray, bool]]:
    """The polyline cut into runs of armco and of tyre wall (the segments that face gravel)."""
    mids = (line[:-1] + line[1:]) / 2
    tyre = shapely.contains_xy(gravel_near, mids[:, 0], mids[:, 1])
    cuts = [0, *(np.flatnonzero(tyre[1:] != tyre[:-1]) + 1).tolist(), len(tyre)]
    out = []
    for a, e in zip(cuts[:-1], cuts[1:]):
        run = line[a:e + 1]
        if not tyre[a]:
            run = np.asarray(LineString(run).simplify(0.2).coords)
        out.append((run, bool(tyre[a])))
    return out


def build_surfaces(ground: MeshBuilder, gravel: MeshBuilder, side: Trackside) -> None:
    flat_area(ground, side.tarmac, 0.02, TARMAC)
    flat_area(gravel, side.gravel, 0.02, GRAVEL)


def build_barriers(b: MeshBuilder, side: Trackside) -> None:
    """Armco rails 0.8 m high; tyre walls 1.0 m high and 1.2 m deep in red, white and black bundles."""
    for line, tyre in side.barriers:
        if tyre:
            k = np.arange(len(line) - 1)
            cols = np.array([TYRE_RED, TYRE, TYRE_WHITE, TYRE])[k % 4]
            wall_along(b, line, 1.0, 1.2, cols)
        else:
            wall_along(b, line, 0.8, 0.3, ARMCO)
