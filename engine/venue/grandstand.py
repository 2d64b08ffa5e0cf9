"""The main grandstand on the start/finish straight and the two wing-like roof bridges over the track at
both ends of it.

Known (shared/data/FACTS.md): one long main grandstand of about 29,000-30,000 seats faces the pits across the
straight, and wing-like viewing platforms (bridges) cross the track at either end of the pit and grandstand
complex. Illustrative (this project's choice, kept plausible): two decks of rows (20 below, 18 above, 0.85 m
deep, which at 0.5 m a seat over 390 m holds about 30,000 seats), the heights, the canopy, the bridges' size
and the wing roofs' sweep, and the seat colours.

Everything is in the circuit's frame, laid out from the `Straight` at the start/finish line; the stand is
on the left of the direction of travel (outside the lap), the pits on the right.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.venue.geometry import Color, MeshBuilder, hex_color, triangulate
from engine.venue.track_geometry import Straight

HALF_LENGTH_M = 195.0          # the stand runs 390 m along the straight, centred on the start line
FRONT_M = 20.0                 # its front wall this far left of the centre line
ROW_DEPTH_M = 0.85
DECKS = ((20, 0.42, 1.6), (18, 0.55, 12.5))   # (rows, rise per row, height of the first row) below, above
CONCOURSE_M = 1.0              # the walkway between the decks
SEAT_PAN_M = 0.42
SEAT_BACK_M = 0.4
BACK_PARAPET_M = 1.1
CANOPY = ((-60.0, 29.0), (-14.0, 33.5))   # (across, height) of its back and lifted front edge
CANOPY_T = 0.9
AISLE_EVERY_M = 24.0           # a block of seats between stair aisles
AISLE_M = 1.6
BRIDGE_HALF_WIDTH_M = 16.0     # along the track
BRIDGE_ACROSS = (-64.0, 60.0)  # from behind the stand to beyond the pit building
BRIDGE_DECK = (17.0, 25.0)     # underside and top of the glazed deck
WING_RISE = (28.0, 9.0)        # the wing roof's height at mid-span, and how much its tips lift

SEAT_BLUE = hex_color("#2f6db3")
SEAT_SKY = hex_color("#4f9bd8")
SEAT_RED = hex_color("#c8372d")
CONCRETE = hex_color("#b9b4aa")
CONCRETE_DARK = hex_color("#8f8b83")
FACADE = hex_color("#d9dadc")
GLASS = hex_color("#3c5468")
ROOF = hex_color("#eeeff1")
ROOF_UNDER = hex_color("#dfe2e6")
STEEL = hex_color("#c4c8cc")


@dataclass(frozen=True)
class Row:
    """One row of seats: its front edge `across` (negative: left of the track), the height of its tread,
    its depth and the deck it belongs to (0 lower, 1 upper)."""

    across: float
    height: float
    depth: float
    deck: int


def rows() -> list[Row]:
    """Every row, front to back: each is further from the track and higher than the one before."""
    out: list[Row] = []
    across = -FRONT_M
    for deck, (count, rise, first) in enumerate(DECKS):
        if deck:
            across -= CONCOURSE_M
        for r in range(count):
            out.append(Row(across, first + r * rise, ROW_DEPTH_M, deck))
            across -= ROW_DEPTH_M
    return out


def back_across() -> float:
    """Where the stand's back wall is (across, negative)."""
    return rows()[-1].across - ROW_DEPTH_M - 1.5


def seat_count() -> int:
    """Seats at 0.5 m each, aisles left out: about the real stand's 29,000-30,000."""
    per_block = int((AISLE_EVERY_M - AISLE_M) / 0.5)
    blocks = int(2 * HALF_LENGTH_M // AISLE_EVERY_M)
    return len(rows()) * per_block * blocks


def profile() -> np.ndarray:
    """The stand's cross-section (k, 2) of (across, height), from the front wall's foot round to the back's."""
    pts = [(-FRONT_M, 0.0)]
    for row in rows():
        if pts[-1][0] != row.across:
            pts.append((row.across, pts[-1][1]))
        pts += [(row.across, row.height), (row.across - row.depth, row.height)]
    back, top = back_across(), pts[-1][1] + BACK_PARAPET_M
    pts += [(back, top), (back, 0.0)]
    return np.array(pts)


def _seat_color(row: Row, block: int, blocks: int) -> Color:
    """Illustrative: blue below, sky blue above, red in the four central blocks of both decks."""
    if abs(block - (blocks - 1) / 2) < 2:
        return SEAT_RED
    return SEAT_SKY if row.deck else SEAT_BLUE


def _blocks() -> list[tuple[float, float, int]]:
    """Spans along the stand: (start, end, block number, or -1 for an aisle)."""
    spans, a, k = [], -HALF_LENGTH_M, 0
    while a < HALF_LENGTH_M - 1e-6:
        e = min(a + AISLE_M, HALF_LENGTH_M)
        spans.append((a, e, -1))
        if e < HALF_LENGTH_M:
            spans.append((e, min(e + AISLE_EVERY_M - AISLE_M, HALF_LENGTH_M), k))
            k += 1
        a = e + AISLE_EVERY_M - AISLE_M
    return spans


def build_grandstand(b: MeshBuilder, st: Straight) -> None:
    """Seating rows (treads and risers coloured by block, aisles in concrete), the end walls, back facade,
    the canopy and its columns."""
    spans = _blocks()
    blocks = max(k for *_, k in spans) + 1
    prev_h, prev_end, prev_deck = 0.0, -FRONT_M, -1
    for row in rows():
        first, prev_deck = row.deck != prev_deck, row.deck
        if prev_end > row.across:   # the concourse between the decks
            _extrude(b, st, (prev_end, prev_h, row.across, prev_h), -HALF_LENGTH_M, HALF_LENGTH_M, CONCRETE, UP)
        _extrude(b, st, (row.across, prev_h, row.across, row.height), -HALF_LENGTH_M, HALF_LENGTH_M,
                 CONCRETE if first else CONCRETE_DARK, TOWARDS_TRACK)
        _extrude(b, st, (row.across, row.height, row.across - row.depth, row.height), -HALF_LENGTH_M,
                 HALF_LENGTH_M, CONCRETE, UP)
        _seats(b, st, row, spans, blocks)
        prev_h, prev_end = row.height, row.across - row.depth
    back = back_across()
    top = prev_h + BACK_PARAPET_M
    _extrude(b, st, (prev_end, prev_h, back, top), -HALF_LENGTH_M, HALF_LENGTH_M, CONCRETE, UP)
    _extrude(b, st, (back, top, back, 0.0), -HALF_LENGTH_M, HALF_LENGTH_M, FACADE, AWAY)
    _extrude(b, st, (back - 0.02, 4.0, back - 0.02, 8.0), -HALF_LENGTH_M, HALF_LENGTH_M, GLASS, AWAY)
    prof = profile()
    for end in (-HALF_LENGTH_M, HALF_LENGTH_M):
        _end_wall(b, st, prof, end)
    _canopy(b, st)


def _seats(b: MeshBuilder, st: Straight, row: Row, spans: list[tuple[float, float, int]], blocks: int) -> None:
    """A row's seats in each block between the aisles: a seat pan and, behind it, the backs (the coloured
    lines that make a stand read as seating from afar)."""
    pan_front, back = row.across - 0.12, row.across - row.depth * 0.62
    y = row.height + SEAT_PAN_M
    for a0, a1, k in spans:
        if k < 0:
            continue
        col = _seat_color(row, k, blocks)
        _extrude(b, st, (pan_front, y, back, y), a0, a1, _shade(col, 0.8), UP)
        _extrude(b, st, (pan_front, row.height, pan_front, y), a0, a1, _shade(col, 0.6), TOWARDS_TRACK)
        _extrude(b, st, (back, y, back, y + SEAT_BACK_M), a0, a1, col, TOWARDS_TRACK)
        _extrude(b, st, (back - 0.05, y - 0.1, back - 0.05, y + SEAT_BACK_M), a0, a1, _shade(col, 0.45), AWAY)


UP, TOWARDS_TRACK, AWAY, DOWN = (0.0, 1.0), (1.0, 0.0), (-1.0, 0.0), (0.0, -1.0)


def _shade(col: Color, k: float) -> Color:
    return (col[0] * k, col[1] * k, col[2] * k, col[3])


def _extrude(b: MeshBuilder, st: Straight, edge: tuple[float, float, float, float], a0: float, a1: float,
             color: Color, out: tuple[float, float]) -> None:
    """One edge of the cross-section (across0, y0, across1, y1) swept along the stand from a0 to a1, its
    front facing `out` (across, up): across positive is towards the track."""
    c0, y0, c1, y1 = edge
    p = [st.at(a0, c0), st.at(a1, c0), st.at(a1, c1), st.at(a0, c1)]
    corners = [(p[0][0], y0, p[0][1]), (p[1][0], y0, p[1][1]), (p[2][0], y1, p[2][1]), (p[3][0], y1, p[3][1])]
    r = st.right
    b.quad(corners, color, outward=(r[0] * out[0], out[1], r[1] * out[0]))


def _end_wall(b: MeshBuilder, st: Straight, prof: np.ndarray, along: float) -> None:
    """The cross-section filled at one end of the stand, facing away from it."""
    tris = triangulate(prof[:, [0, 1]] * np.array([1.0, -1.0]))
    pos = np.array([[*st.at(along, c)[:1], y, st.at(along, c)[1]] for c, y in prof])
    out = np.array([st.tan[0], 0.0, st.tan[1]]) * np.sign(along)
    face = np.cross(pos[tris[:, 1]] - pos[tris[:, 0]], pos[tris[:, 2]] - pos[tris[:, 0]])
    flip = face @ out < 0
    tris[flip] = tris[flip][:, ::-1]
    b.add(pos, tris, out, None, CONCRETE_DARK)


def _canopy(b: MeshBuilder, st: Straight) -> None:
    """The roof over both decks: a thin plate rising towards its front edge, on columns along the back."""
    (c0, h0), (c1, h1) = CANOPY
    ext = HALF_LENGTH_M + 6.0
    _extrude(b, st, (c1, h1, c0, h0), -ext, ext, ROOF, UP)
    _extrude(b, st, (c0, h0 - CANOPY_T, c1, h1 - CANOPY_T), -ext, ext, ROOF_UNDER, DOWN)
    _extrude(b, st, (c1, h1 - CANOPY_T, c1, h1), -ext, ext, ROOF, TOWARDS_TRACK)
    back = back_across()
    for k in range(int(2 * ext // 26) + 1):
        c = st.at(-ext + 3 + k * 26.0, back - 1.2)
        b.oriented_box((c[0], 0.0, c[1]), (1.0, h0 + (h1 - h0) * (back - 1.2 - c0) / (c1 - c0), 1.0), st.yaw,
                       STEEL, faces="xXzZ")


def bridge_centres() -> tuple[float, float]:
    """Where the two roof bridges stand along the straight: just beyond each end of the stand."""
    d = HALF_LENGTH_M + BRIDGE_HALF_WIDTH_M + 4.0
    return (-d, d)


def bridge_footprint(st: Straight, along: float) -> np.ndarray:
    """The (4, 2) outline of one bridge's deck in plan."""
    return st.rect((along - BRIDGE_HALF_WIDTH_M, along + BRIDGE_HALF_WIDTH_M), BRIDGE_ACROSS)


def build_bridges(b: MeshBuilder, st: Straight) -> None:
    """At each end: a glazed deck across track, pit lane and pit building, on pylons outside them, under a
    wing-like roof whose tips sweep up (illustrative shape of the real 'wings')."""
    for along in bridge_centres():
        lo, hi = BRIDGE_DECK
        mid = (BRIDGE_ACROSS[0] + BRIDGE_ACROSS[1]) / 2
        span = BRIDGE_ACROSS[1] - BRIDGE_ACROSS[0]
        c = st.at(along, mid)
        b.oriented_box((c[0], lo, c[1]), (2 * BRIDGE_HALF_WIDTH_M - 2, 1.2, span), st.yaw, FACADE)
        b.oriented_box((c[0], lo + 1.2, c[1]), (2 * BRIDGE_HALF_WIDTH_M - 2.4, hi - lo - 2.0, span - 0.4), st.yaw,
                       GLASS, faces="xXzZ")
        b.oriented_box((c[0], hi - 0.8, c[1]), (2 * BRIDGE_HALF_WIDTH_M - 2, 0.8, span), st.yaw, FACADE)
        for across in (BRIDGE_ACROSS[0] + 4.0, -30.0, BRIDGE_ACROSS[1] - 2.0):
            for side in (-1, 1):
                p = st.at(along + side * (BRIDGE_HALF_WIDTH_M - 4.0), across)
                b.oriented_box((p[0], 0.0, p[1]), (2.2, lo, 2.2), st.yaw, STEEL, faces="xXzZ")
        _wing(b, st, along)


def _wing(b: MeshBuilder, st: Straight, along: float) -> None:
    """A curved plate over the deck: lowest mid-span, rising and widening towards both tips."""
    c0, c1 = BRIDGE_ACROSS[0] - 8.0, BRIDGE_ACROSS[1] + 8.0
    mid, half = (c0 + c1) / 2, (c1 - c0) / 2
    u = np.linspace(-1.0, 1.0, 17)
    height = WING_RISE[0] + WING_RISE[1] * u ** 2
    width = BRIDGE_HALF_WIDTH_M + 2.0 + 8.0 * u ** 2
    across = mid + half * u
    for top in (True, False):
        y = height + (0.0 if top else -1.0)
        left = np.array([[*st.at(along - w, a)] for w, a in zip(width, across)])
        right = np.array([[*st.at(along + w, a)] for w, a in zip(width, across)])
        _sheet(b, left, right, y, ROOF if top else ROOF_UNDER, up=top)


def _sheet(b: MeshBuilder, left: np.ndarray, right: np.ndarray, y: np.ndarray, color: Color, up: bool) -> None:
    """A strip between two plan polylines (n, 2) at heights y (n,), facing up or down; smooth normals."""
    n = len(left)
    pos = np.empty((2 * n, 3))
    pos[0::2] = np.column_stack([left[:, 0], y, left[:, 1]])
    pos[1::2] = np.column_stack([right[:, 0], y, right[:, 1]])
    i = np.arange(n - 1)
    tris = np.concatenate([np.column_stack([2 * i, 2 * i + 2, 2 * i + 1]),
                           np.column_stack([2 * i + 1, 2 * i + 2, 2 * i + 3])])
    face = np.cross(pos[tris[:, 1]] - pos[tris[:, 0]], pos[tris[:, 2]] - pos[tris[:, 0]])
    flip = (face[:, 1] < 0) if up else (face[:, 1] > 0)
    tris[flip] = tris[flip][:, ::-1]
    nrm = np.zeros_like(pos)
    np.add.at(nrm, tris.reshape(-1), np.repeat(np.cross(pos[tris[:, 1]] - pos[tris[:, 0]],
                                                        pos[tris[:, 2]] - pos[tris[:, 0]]), 3, axis=0))
    b.add(pos, tris, nrm, None, color)


def footprint(st: Straight) -> np.ndarray:
    """The stand's (4, 2) outline in plan, for people walking round it."""
    return st.rect((-HALF_LENGTH_M, HALF_LENGTH_M), (back_across(), -FRONT_M))


def seat_view(st: Straight) -> tuple[np.ndarray, np.ndarray]:
    """A seated eye in the upper deck's front row, 20 m past the start line, looking across at the pits:
    eye (3,), target (3,)."""
    row = next(r for r in rows() if r.deck == 1)
    eye = st.at(20.0, row.across - row.depth / 2)
    target = st.at(-60.0, 40.0)
    return np.array([eye[0], row.height + 1.2, eye[1]]), np.array([target[0], 2.0, target[1]])
