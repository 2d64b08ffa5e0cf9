"""Booths and experience kiosks: where each instance stands, its sign board, and its outline as an obstacle."""
from __future__ import annotations

import numpy as np

from engine.venue.geometry import hex_color, transform, yaw_matrix
from engine.venue.interior import CARPET_Y, muted
from engine.venue.layout import experience_yaw
from engine.venue.model import Booth, Experience, SceneSpec
from engine.venue.parts import VenueParts
from engine.venue.signs import CELL

BOOTH_MESH_SIZE = (6.0, 4.0)   # the booth prop's width and depth: other sizes scale it
KIOSK_HALF = (0.6, 0.4)        # the kiosk prop's half width and half depth
BANNER_Y = 6.5                 # centre height of the banner hung over each booth


def add_exhibits(spec: SceneSpec, parts: VenueParts) -> None:
    """Every booth, then every experience point (laid out already)."""
    halls = {h.id: h for h in spec.halls}
    for b in spec.booths:
        hall = halls.get(b.hall)
        _booth(b, parts, BANNER_Y if hall is None else min(BANNER_Y, hall.height - 2.0))
    for e in spec.experiences:
        _kiosk(e, experience_yaw(e, halls.get(e.hall), spec.plaza), parts)


def _front(yaw: float) -> tuple[float, float]:
    """The x/z direction a prop turned by `yaw` faces (its front is -z)."""
    front = yaw_matrix(yaw) @ np.array([0.0, 0.0, -1.0])
    return (float(front[0]), float(front[2]))


def _booth(b: Booth, parts: VenueParts, banner_y: float) -> None:
    at, yaw = b.placed_at, b.facing or 0.0
    sx, sz = b.size[0] / BOOTH_MESH_SIZE[0], b.size[1] / BOOTH_MESH_SIZE[1]
    parts.booths.append(transform((at[0], 0.0, at[1]), yaw, (sx, 1.0, sz)))
    # The booth's own carpet, a muted shade of its colour: the floor reads as stands, not one sheet.
    carpet = muted(hex_color(b.color), 0.45)
    parts.floors.oriented_box((at[0], CARPET_Y, at[1]), (b.size[0], 0.03, b.size[1]), yaw, carpet, faces="xXYzZ")
    if banner_y > 4.5:   # above the booth's own board
        _banner(b, parts, banner_y)
    board = np.array([at[0], 3.55, at[1]]) + yaw_matrix(yaw) @ np.array([0.0, 0.0, -0.45 * sz])
    cell_w, cell_h = CELL["booth"]
    width = min(4.0, b.size[0] - 0.6)
    parts.signs.add(f"booth:{b.id}", board, width, width * cell_h / cell_w, _front(yaw))
    parts.obstacles.append(b.footprint())


def _banner(b: Booth, parts: VenueParts, y: float) -> None:
    """The booth's name on a banner hung high over it, both faces, so it is found across the hall."""
    at, yaw = b.placed_at, b.facing or 0.0
    cell_w, cell_h = CELL["booth"]
    width = min(5.0, b.size[0] - 0.5)
    height = width * cell_h / cell_w
    front = _front(yaw)
    centre = (at[0], y, at[1])
    parts.walls.oriented_box((at[0], y + height / 2, at[1]), (width + 0.2, 0.08, 0.08), yaw,
                             hex_color("#3a3d42"))
    for sign in (1.0, -1.0):
        off = 0.02 * sign
        parts.signs.add(f"booth:{b.id}", (centre[0] + front[0] * off, centre[1], centre[2] + front[1] * off),
                        width, height, (front[0] * sign, front[1] * sign))


def _kiosk(e: Experience, yaw: float, parts: VenueParts) -> None:
    at = e.placed_at
    rot = yaw_matrix(yaw)
    parts.kiosks.append(transform((at[0], 0.0, at[1]), yaw))
    board = np.array([at[0], 2.75, at[1]]) + rot @ np.array([0.0, 0.0, 0.3])
    parts.signs.add(f"exp:{e.id}", board, 1.6, 0.5, _front(yaw))
    hx, hz = KIOSK_HALF
    corners = np.array([[-hx, 0, -hz], [hx, 0, -hz], [hx, 0, hz], [-hx, 0, hz]]) @ rot.T
    parts.obstacles.append(corners[:, [0, 2]] + np.asarray(at))
