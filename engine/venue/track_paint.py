"""Paint on the track: white edge lines, red and white kerbs at the turns, the start/finish line with its
chequered band, the starting grid's slots and the pit lane's lines.

Illustrative (this project's choice): kerb length (55 m either side of each apex, 2 m blocks), 20 grid
slots 8 m apart on alternate sides, pole position on the pit side.
"""
from __future__ import annotations

import numpy as np

from engine.venue import geo
from engine.venue.geometry import Color, MeshBuilder, hex_color
from engine.venue.track_geometry import Straight, dense, offset_line, ribbon, stripes

WHITE = hex_color("#f2f2f2")
RED = hex_color("#d02a23")
BLACK = hex_color("#111111")
EDGE_LINE_M = 0.35
KERB_M = 1.2
KERB_REACH_M = 55.0
KERB_BLOCK_M = 2.0
GRID_SLOTS = 20
GRID_PITCH_M = 8.0
GRID_SLOT_OUTER_M = 4.6   # inside the narrowest half-width of the straight
Y_LINE, Y_KERB, Y_START = 0.05, 0.06, 0.07


def edge_lines(b: MeshBuilder, left: np.ndarray, right: np.ndarray) -> None:
    """A white line just inside each edge, all the way round."""
    for edge, sign in ((left, -1), (right, 1)):
        ribbon(b, offset_line(edge, -sign * EDGE_LINE_M), edge, Y_LINE, WHITE, closed=True)


def kerbs(b: MeshBuilder, centre: np.ndarray, half: np.ndarray, turns_s: list[float]) -> None:
    """Red and white blocks outside both edges for KERB_REACH_M either side of each apex."""
    pts, hw, s = dense(centre, half, KERB_BLOCK_M)
    length = s[-1] + (s[1] - s[0])
    left, right = offset_line(pts, -hw[:, 1]), offset_line(pts, hw[:, 0])
    for ts in turns_s:
        rel = (s - ts + length / 2) % length - length / 2
        sel = np.flatnonzero(np.abs(rel) < KERB_REACH_M)
        if len(sel) < 2:
            continue
        sel = sel[np.argsort(rel[sel])]
        cols = np.array([RED, WHITE])[np.arange(len(sel) - 1) % 2]
        for edge, sign in ((left, -1), (right, 1)):
            e = edge[sel]
            stripes(b, e, offset_line(e, sign * KERB_M), Y_KERB, cols)


def start_and_grid(b: MeshBuilder, centre: np.ndarray, start_s: float) -> None:
    """The start/finish line, a chequered band beside it and the grid slots behind it."""
    st = Straight(*geo.point_at(centre, start_s))
    w = 9.0
    _rect(b, st, (-0.6, 0.6), (-w, w), WHITE)
    for k in range(10):
        for r in range(2):
            if (k + r) % 2 == 0:
                _rect(b, st, (0.6 + r * 1.2, 1.8 + r * 1.2), (-w + k * 1.8, -w + (k + 1) * 1.8), BLACK)
    for k in range(GRID_SLOTS):
        slot = Straight(*geo.point_at(centre, start_s - GRID_PITCH_M * (k + 1)))
        side = 1 if k % 2 == 0 else -1
        inner, outer = 0.8, GRID_SLOT_OUTER_M
        c0, c1 = sorted((side * inner, side * outer))
        _rect(b, slot, (-0.15, 0.15), (c0, c1), WHITE)
        tick = side * outer
        _rect(b, slot, (-1.8, 0.0), (min(tick, tick - side * 0.3), max(tick, tick - side * 0.3)), WHITE)


def _rect(b: MeshBuilder, st: Straight, along: tuple[float, float], across: tuple[float, float],
          color: Color) -> None:
    """A painted rectangle in the straight's frame."""
    q = st.rect(along, across)
    stripes(b, q[[0, 1]], q[[3, 2]], Y_START, np.array([color]))


def pit_lane_lines(b: MeshBuilder, pit_centre: np.ndarray, half_width: float) -> None:
    """White lines along both sides of the pit lane (an open polyline)."""
    for sign in (-1, 1):
        edge = offset_line(pit_centre, sign * half_width)
        ribbon(b, edge, offset_line(pit_centre, sign * (half_width - 0.3)), Y_LINE, WHITE, closed=False)
