"""Booths and experience kiosks: where each instance stands, its sign board, and its outline as an obstacle."""
from __future__ import annotations

import numpy as np

from engine.venue.geometry import transform, yaw_matrix
from engine.venue.layout import experience_yaw
from engine.venue.model import Booth, Experience, SceneSpec
from engine.venue.parts import VenueParts
from engine.venue.signs import CELL

BOOTH_MESH_SIZE = (6.0, 4.0)   # the booth prop's width and depth: other sizes scale it
KIOSK_HALF = (0.6, 0.4)        # the kiosk prop's half width and half depth


def add_exhibits(spec: SceneSpec, parts: VenueParts) -> None:
    """Every booth, then every experience point (laid out already)."""
    halls = {h.id: h for h in spec.halls}
    for b in spec.booths:
        _booth(b, parts)
    for e in spec.experiences:
        _kiosk(e, experience_yaw(e, halls.get(e.hall), spec.plaza), parts)


def _front(yaw: float) -> tuple[float, float]:
    """The x/z direction a prop turned by `yaw` faces (its front is -z)."""
    front = yaw_matrix(yaw) @ np.array([0.0, 0.0, -1.0])
    return (float(front[0]), float(front[2]))


def _booth(b: Booth, parts: VenueParts) -> None:
    at, yaw = b.placed_at, b.facing or 0.0
    sx, sz = b.size[0] / BOOTH_MESH_SIZE[0], b.size[1] / BOOTH_MESH_SIZE[1]
    parts.booths.append(transform((at[0], 0.0, at[1]), yaw, (sx, 1.0, sz)))
    board = np.array([at[0], 3.55, at[1]]) + yaw_matrix(yaw) @ np.array([0.0, 0.0, -0.45 * sz])
    cell_w, cell_h = CELL["booth"]
    width = min(4.0, b.size[0] - 0.6)
    parts.signs.add(f"booth:{b.id}", board, width, width * cell_h / cell_w, _front(yaw))
    parts.obstacles.append(b.footprint())


def _kiosk(e: Experience, yaw: float, parts: VenueParts) -> None:
    at = e.placed_at
    rot = yaw_matrix(yaw)
    parts.kiosks.append(transform((at[0], 0.0, at[1]), yaw))
    board = np.array([at[0], 2.75, at[1]]) + rot @ np.array([0.0, 0.0, 0.3])
    parts.signs.add(f"exp:{e.id}", board, 1.6, 0.5, _front(yaw))
    hx, hz = KIOSK_HALF
    corners = np.array([[-hx, 0, -hz], [hx, 0, -hz], [hx, 0, hz], [-hx, 0, hz]]) @ rot.T
    parts.obstacles.append(corners[:, [0, 2]] + np.asarray(at))
