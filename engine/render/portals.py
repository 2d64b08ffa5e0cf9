"""Seen from inside a room, what lies wholly outside it shows only through the room's openings.

A room (`Lighting.interiors`) may list its openings (doors, the cut-away roof) as world quads. When the
eye is inside such a room, a still batch whose world box neither touches the room nor can be seen
through any opening is not drawn: from inside the main forum, the circuit behind its walls costs
nothing. The test is conservative: a box that might show through a door is kept.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from engine.scene.graph import Batch
from engine.scene.lights import Interior

MARGIN_M = 0.5   # a box this close to the room counts as in it (walls have thickness)
_CORNERS = np.array([[i & 1, (i >> 1) & 1, (i >> 2) & 1] for i in range(8)], np.float64)


def room_of(eye: np.ndarray, rooms: Sequence[Interior]) -> Interior | None:
    """The room with openings whose box holds the eye, below its top, or None."""
    for room in rooms:
        lo, hi = np.asarray(room.box_min), np.asarray(room.box_max)
        if room.openings and (lo < eye).all() and (eye < hi).all():
            return room
    return None


def batch_corners(batch: Batch) -> np.ndarray:
    """(8, 3) corners of the world box round every instance of the batch."""
    lo, hi = batch.mesh.bounds.astype(np.float64)
    local = lo + _CORNERS * (hi - lo)                                     # (8, 3)
    t = batch.transforms.astype(np.float64)
    world = np.einsum("kij,cj->kci", t[:, :3, :3], local) + t[:, None, :3, 3]
    w = world.reshape(-1, 3)
    return w.min(axis=0) + _CORNERS * (w.max(axis=0) - w.min(axis=0))


def portal_planes(eye: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """(5, 4) planes (normal, d) bounding what the eye sees through a convex quad: one through the eye
    and each edge, and the quad's own plane, each facing the seen side (a·p + d >= 0 inside)."""
    centre = quad.mean(axis=0)
    planes = []
    for a, b in zip(quad, np.roll(quad, -1, axis=0), strict=True):
        n = np.cross(a - eye, b - eye)
        if np.dot(n, centre - eye) < 0:
            n = -n
        planes.append((*n, -np.dot(n, eye)))
    n = np.cross(quad[1] - quad[0], quad[2] - quad[0])
    if np.dot(n, centre - eye) < 0:
        n = -n
    planes.append((*n, -np.dot(n, centre)))
    return np.asarray(planes, np.float64)


def hidden(corners: np.ndarray, room: Interior, eye: np.ndarray) -> np.ndarray:
    """(B,) bool for boxes (B, 8, 3): outside the room and seen through none of its openings."""
    lo, hi = np.asarray(room.box_min) - MARGIN_M, np.asarray(room.box_max) + MARGIN_M
    touches = (corners.max(axis=1) >= lo).all(axis=1) & (corners.min(axis=1) <= hi).all(axis=1)
    planes = np.stack([portal_planes(eye, np.asarray(q, np.float64)) for q in room.openings])   # (P, 5, 4)
    side = np.einsum("bcj,pkj->bpkc", corners, planes[:, :, :3]) + planes[None, :, :, 3, None]
    # Through an opening unless all 8 corners lie outside one of its planes (scaled: the planes are not unit).
    scale = np.linalg.norm(planes[:, :, :3], axis=2)[None, :, :, None]
    through = ~(side < -1e-6 * scale).all(axis=3).any(axis=2)          # (B, P)
    return ~touches & ~through.any(axis=1)
