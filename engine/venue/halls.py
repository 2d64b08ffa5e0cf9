"""Hall geometry: walls with door openings, accent fins and parapet, carpet, ceiling, door canopies and
signs, stage, lectern, screens and seats, and the walls, stage and seat blocks as obstacles.

Each part is built in the hall's own frame (stage at the north wall, -z) and moved into the venue frame.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from engine.venue.facade import (
    FACADE,
    INNER,
    PLINTH,
    PLINTH_M,
    WALL_T,
    door_portals,
    facade_glass,
    fins_and_coping,
    local_doors,
    portal_top,
    wall_lines,
)
from engine.venue.geometry import WHITE, Color, MeshBuilder, hex_color, transform, yaw_matrix
from engine.venue.interior import carpet_tiles, ceiling_panels, darker, muted, stage_truss
from engine.venue.model import Hall, Seating
from engine.venue.parts import VenueParts

LECTERN = "#d9c7a5"
AISLE_M = 1.2             # between seat blocks


def build_hall(hall: Hall, parts: VenueParts) -> None:
    """Geometry of one hall into the shared builders (in the venue frame), its obstacles into `parts`."""
    w, d, h = hall.size[0] / 2, hall.size[1] / 2, hall.height
    accent = hex_color(hall.color)
    m = transform((hall.center[0], 0.0, hall.center[1]), hall.rotation)
    _in_hall_frame(parts.walls, m, lambda b: _walls(b, hall, accent))
    _in_hall_frame(parts.metal, m, lambda b: fins_and_coping(b, hall))
    _in_hall_frame(parts.glass_panels, m, lambda b: facade_glass(b, hall))
    _in_hall_frame(parts.floors, m, lambda b: carpet_tiles(b, w, d, carpet_color(hall)))
    _in_hall_frame(parts.ceilings, m, lambda b: b.box((-w, h - 0.05, -d), (w, h, d), WHITE, faces="y"))
    _in_hall_frame(parts.lights, m, lambda b: ceiling_panels(b, w, d, h))
    _in_hall_frame(parts.glass, m, lambda b: _canopies(b, hall))
    _door_signs(hall, parts)
    if hall.stage_depth:
        _stage(hall, parts, m, accent)
        _screens(hall, parts)
    if hall.seating:
        _seats(hall, hall.seating, parts)


def _in_hall_frame(target: MeshBuilder, matrix: np.ndarray, fill: Callable[[MeshBuilder], None]) -> None:
    """Run `fill` on a builder in the hall's frame and add the result, moved by `matrix`, to `target`."""
    b = MeshBuilder()
    fill(b)
    if not b.empty:
        b.transformed(matrix)
        target.extend(b)


def carpet_color(hall: Hall) -> Color:
    """The hall's carpet: a neutral of its kind (linear RGBA); the themed colour stays on the accents."""
    return hex_color(hall.kind.carpet)


def _wall_segments(length: float, doors: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Solid intervals along a wall [-L/2, L/2] around door openings given as (centre, width)."""
    cuts = sorted((c - w / 2, c + w / 2) for c, w in doors)
    out, x = [], -length / 2
    for a, b in cuts:
        if a > x:
            out.append((x, a))
        x = max(x, b)
    if x < length / 2:
        out.append((x, length / 2))
    return out


def _walls(b: MeshBuilder, hall: Hall, accent: Color) -> None:
    """The four walls around their doors (a lintel above each), then the door portals."""
    w, d, h = hall.size[0] / 2, hall.size[1] / 2, hall.height
    for wall, ((lo, hi), at, axis) in wall_lines(w, d).items():
        doors = local_doors(hall, wall)
        for a, c in _wall_segments(hi - lo, [(p, dw) for p, dw, _ in doors]):
            _wall_box(b, axis, at, a, c, 0.0, h)
        for p, dw, dh in doors:
            _wall_box(b, axis, at, p - dw / 2, p + dw / 2, dh, h)
            _sill(b, axis, at, p - dw / 2, p + dw / 2)
    door_portals(b, hall, accent)


def _sill(b: MeshBuilder, axis: str, at: float, a: float, c: float) -> None:
    """The threshold across the wall's thickness in a door opening, level with the carpet."""
    t = WALL_T / 2 + 0.02
    if axis == "x":
        b.box((a, 0.0, at - t), (c, 0.045, at + t), PLINTH, faces="Y")
    else:
        b.box((at - t, 0.0, a), (at + t, 0.045, c), PLINTH, faces="Y")


def _wall_box(b: MeshBuilder, axis: str, at: float, a: float, c: float, y0: float, y1: float) -> None:
    """A wall piece from a to c along `axis` ('x' or 'z'), centred on `at` across: a stone plinth, light
    panels above (outside), a pale finish facing the room."""
    if c - a < 1e-3 or y1 - y0 < 1e-3:
        return
    t = WALL_T
    sgn = 1 if at > 0 else -1
    outside, inside = ("X" if axis == "z" else "Z", "x" if axis == "z" else "z")
    if sgn < 0:
        outside, inside = inside, outside
    for lo, hi, col in ((y0, min(y1, PLINTH_M), PLINTH), (max(y0, PLINTH_M), y1, FACADE)):
        if hi - lo < 1e-3:
            continue
        box_lo = (a, lo, at - t / 2) if axis == "x" else (at - t / 2, lo, a)
        box_hi = (c, hi, at + t / 2) if axis == "x" else (at + t / 2, hi, c)
        ends = "xX" if axis == "x" else "zZ"
        b.box(box_lo, box_hi, col, faces=outside + ends + "yY")
        b.box(box_lo, box_hi, INNER if col is FACADE else PLINTH, faces=inside)


def _canopies(b: MeshBuilder, hall: Hall) -> None:
    """A glass canopy over every door, outside."""
    w, d = hall.size[0] / 2, hall.size[1] / 2
    for wall in ("north", "south", "east", "west"):
        for p, dw, dh in local_doors(hall, wall):
            cw = dw + 2.0
            if wall in ("north", "south"):
                z0 = d if wall == "south" else -d - 3.0
                b.box((p - cw / 2, dh + 0.3, z0), (p + cw / 2, dh + 0.4, z0 + 3.0), WHITE)
            else:
                x0 = w if wall == "east" else -w - 3.0
                b.box((x0, dh + 0.3, p - cw / 2), (x0 + 3.0, dh + 0.4, p + cw / 2), WHITE)


def _door_signs(hall: Hall, parts: VenueParts) -> None:
    """The hall's sign above every door, outside, hung just under its portal's head bar."""
    for door in hall.doors:
        wall_len = hall.size[0] if door.wall in ("north", "south") else hall.size[1]
        sw = min(8.0, wall_len - 1.0, max(door.width + 3.0, 6.0))
        out = WALL_T / 2 + 0.05
        sc = (door.center[0] + door.outward[0] * out, portal_top(hall, door.height) - 0.08 - sw / 16,
              door.center[1] + door.outward[1] * out)
        parts.signs.add(f"hall:{hall.id}", sc, sw, sw / 8, door.outward)


def _stage_width(hall: Hall) -> float:
    return min(hall.size[0] - 2 * WALL_T, max(12.0, hall.size[0] * 0.7))


def _stage(hall: Hall, parts: VenueParts, matrix: np.ndarray, accent: Color) -> None:
    """The stage against the north wall (an obstacle) with the lectern on it, its skirt and the wall
    behind it in the hall's colour, and a lighting truss over its front edge."""
    d, h = hall.size[1] / 2, hall.height
    sd, sh, sw = hall.stage_depth, hall.stage_height, _stage_width(hall)

    def fill(b: MeshBuilder) -> None:
        b.box((-sw / 2, 0.0, -d + WALL_T / 2), (sw / 2, sh, -d + sd), WHITE, faces="xXYZ")
        if hall.lectern:
            b.box((sw * 0.28 - 0.35, sh, -d + sd - 1.6), (sw * 0.28 + 0.35, sh + 1.15, -d + sd - 1.1),
                  hex_color(LECTERN))

    def dress(b: MeshBuilder) -> None:
        b.box((-sw / 2, 0.05, -d + sd), (sw / 2, sh - 0.05, -d + sd + 0.03), accent, faces="Z")
        b.box((-sw / 2, sh, -d + WALL_T / 2), (sw / 2, h - 0.4, -d + WALL_T / 2 + 0.03),
              darker(muted(accent, 0.3), 0.5), faces="Z")
    _in_hall_frame(parts.stages, matrix, fill)
    _in_hall_frame(parts.walls, matrix, dress)
    truss, lenses = MeshBuilder(), MeshBuilder()
    stage_truss(truss, lenses, hall, sw)
    for built, target in ((truss, parts.metal), (lenses, parts.lights)):
        built.transformed(matrix)
        target.extend(built)
    parts.obstacles.append(hall.local_to_world(np.array([[-sw / 2, -d], [sw / 2, -d], [sw / 2, -d + sd],
                                                         [-sw / 2, -d + sd]])))


def _screens(hall: Hall, parts: VenueParts) -> None:
    """The main screen above the stage and up to two smaller ones beside it, on the north wall."""
    w, d, h = hall.size[0] / 2, hall.size[1] / 2, hall.height
    north_in = yaw_matrix(hall.rotation) @ np.array([0.0, 0.0, 1.0])   # from the north wall into the hall
    scr_w = min(hall.size[0] * 0.45, 16.0)
    scr_h = scr_w * 9 / 16
    y = min(hall.stage_height + 1.6 + scr_h / 2, h - 0.6 - scr_h / 2)
    centres = [0.0] if hall.screens <= 1 else [0.0, -scr_w * 0.85, scr_w * 0.85][:hall.screens]
    for k, cx in enumerate(centres):
        ww, hh = (scr_w, scr_h) if k == 0 else (scr_w * 0.55, scr_w * 0.55 * 9 / 16)
        if abs(cx) + ww / 2 > w - 0.5:
            continue
        p = hall.local_to_world(np.array([[cx, -d + WALL_T / 2 + 0.06]]))[0]
        parts.signs.add(f"screen:{hall.id}", (p[0], y if k == 0 else y - 0.5, p[1]), ww, hh,
                        (float(north_in[0]), float(north_in[2])))


def _seats(hall: Hall, s: Seating, parts: VenueParts) -> None:
    """Rows of seats facing the stage in blocks between aisles; each block is one obstacle."""
    blocks = [min(s.aisle_every, s.per_row - k) for k in range(0, s.per_row, s.aisle_every)]
    total = s.per_row * s.seat_width + (len(blocks) - 1) * AISLE_M
    z0 = -hall.size[1] / 2 + hall.stage_depth + s.front_gap + s.row_pitch / 2
    x = -total / 2
    for n in blocks:
        _seat_block(hall, s, parts, x, z0, n)
        x += n * s.seat_width
        x += AISLE_M


def _seat_block(hall: Hall, s: Seating, parts: VenueParts, x0: float, z0: float, n: int) -> None:
    """`n` seats across from x0 in every row, the first row's centre at z0 (hall frame)."""
    for row in range(s.rows):
        z = z0 + row * s.row_pitch
        for k in range(n):
            p = hall.local_to_world(np.array([[x0 + (k + 0.5) * s.seat_width, z]]))[0]
            parts.seats.append(transform((p[0], 0.0, p[1]), hall.rotation))
    x1 = x0 + n * s.seat_width
    front, back = z0 - s.row_pitch / 2 + 0.1, z0 + (s.rows - 0.5) * s.row_pitch - 0.35
    parts.obstacles.append(hall.local_to_world(np.array([[x0, front], [x1, front], [x1, back], [x0, back]])))


def wall_obstacles(hall: Hall) -> list[np.ndarray]:
    """Outline polygons (4, 2) of every solid wall piece (door openings left out)."""
    w, d, t = hall.size[0] / 2, hall.size[1] / 2, WALL_T
    out = []
    for wall, ((lo, hi), at, axis) in wall_lines(w, d).items():
        doors = local_doors(hall, wall)
        for a, c in _wall_segments(hi - lo, [(p, dw) for p, dw, _ in doors]):
            if axis == "x":
                pts = [[a, at - t / 2], [c, at - t / 2], [c, at + t / 2], [a, at + t / 2]]
            else:
                pts = [[at - t / 2, a], [at + t / 2, a], [at + t / 2, c], [at - t / 2, c]]
            out.append(hall.local_to_world(np.array(pts, float)))
    return out
