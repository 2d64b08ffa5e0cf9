"""Per-frame choice of what to draw: frustum culling, level of detail and draw order (pure numpy)."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from engine.scene.camera import Camera, spheres_visible

# Projected radius (pixels) below which each coarser level is used; below the last, nothing is drawn.
LOD_PIXELS = (40.0, 10.0)
SUBPIXEL_RADIUS = 0.5


@dataclass
class Selection:
    """Instances of one batch to draw this frame, grouped by level: order (k,) into the batch's
    transforms, and (level, start, count) runs into that order. nearest: the closest distance."""

    order: np.ndarray
    runs: list[tuple[int, int, int]]
    nearest: float


def pixels_per_metre_at_unit_distance(cam: Camera, height: int) -> float:
    """How many pixels one metre spans one metre from the camera (the focal length in pixels)."""
    if cam.orthographic:
        return height / cam.ortho_height
    return (height / 2) / math.tan(math.radians(cam.fov_y) / 2)


def select(centers: np.ndarray, radii: np.ndarray, planes: np.ndarray, eye: np.ndarray,
           focal_px: float, levels: int, orthographic: bool = False,
           back_to_front: bool = False) -> Selection | None:
    """Which instances (world spheres: centres (k, 3), radii (k,)) to draw and at what level.

    levels: how many coarser levels the mesh has (0 means only the full mesh).
    Returns None when nothing is visible.
    """
    if len(centers) == 1:
        return _select_one(centers[0], float(radii[0]), planes, eye, focal_px, levels, orthographic)
    visible = spheres_visible(planes, centers, radii)
    idx = np.flatnonzero(visible)
    if len(idx) == 0:
        return None
    dist = np.linalg.norm(centers[idx] - eye, axis=1)
    px = radii[idx] * (focal_px if orthographic else focal_px / np.maximum(dist, 1e-6))
    level = np.zeros(len(idx), dtype=np.int64)
    for i, threshold in enumerate(LOD_PIXELS[:levels]):
        level[px < threshold] = i + 1
    drawn = px >= SUBPIXEL_RADIUS
    if not drawn.all():
        idx, dist, level = idx[drawn], dist[drawn], level[drawn]
        if len(idx) == 0:
            return None
    # Sort by level, then front to back (early depth rejection) or back to front (blending).
    order = np.lexsort((-dist if back_to_front else dist, level))
    idx, level = idx[order], level[order]
    cuts = [0, *(np.flatnonzero(level[1:] != level[:-1]) + 1).tolist(), len(idx)]
    runs = [(int(level[a]), a, b - a) for a, b in zip(cuts[:-1], cuts[1:])]
    return Selection(idx, runs, float(max(dist.min() - radii[idx].max(), 0.0)))


_ONE = np.zeros(1, dtype=np.int64)


def _select_one(center: np.ndarray, radius: float, planes: np.ndarray, eye: np.ndarray,
                focal_px: float, levels: int, orthographic: bool) -> Selection | None:
    """The same choice for a batch of one (most merged meshes), without array overheads."""
    if ((planes[:, :3] @ center + planes[:, 3]) < -radius).any():
        return None
    dist = float(np.sqrt(((center - eye) ** 2).sum()))
    px = radius * (focal_px if orthographic else focal_px / max(dist, 1e-6))
    if px < SUBPIXEL_RADIUS:
        return None
    level = sum(1 for threshold in LOD_PIXELS[:levels] if px < threshold)
    return Selection(_ONE, [(level, 0, 1)], max(dist - radius, 0.0))


class Groups:
    """The bounding spheres of many batches in one array, so a frame tests them all at once.

    offsets (B + 1,): batch b owns rows offsets[b]:offsets[b + 1]; max_level (N,): how many
    coarser levels each instance's mesh has.
    """

    def __init__(self, centers: list[np.ndarray], radii: list[np.ndarray], levels: list[int]) -> None:
        counts = [len(c) for c in centers]
        self.offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self.centers = np.concatenate(centers).astype(np.float64) if counts else np.zeros((0, 3))
        self.radii = np.concatenate(radii).astype(np.float64) if counts else np.zeros(0)
        self.max_level = np.repeat(np.asarray(levels, dtype=np.int64), counts)


def select_groups(groups: Groups, blended: list[bool], planes: np.ndarray, eye: np.ndarray,
                  focal_px: float, orthographic: bool = False) -> list[Selection | None]:
    """`select` for every batch of `groups` at once: one vectorised test for all instances, then
    per-batch ordering. Gives the same selections as calling `select` batch by batch."""
    if len(groups.radii) == 0:
        return [None] * (len(groups.offsets) - 1)
    centers, radii = groups.centers, groups.radii
    visible = spheres_visible(planes, centers, radii)
    dist = np.sqrt(((centers - eye) ** 2).sum(axis=1))
    px = radii * (focal_px if orthographic else focal_px / np.maximum(dist, 1e-6))
    level = np.minimum((px[:, None] < np.asarray(LOD_PIXELS)[None, :]).sum(axis=1), groups.max_level)
    drawn = visible & (px >= SUBPIXEL_RADIUS)
    out: list[Selection | None] = []
    offsets = groups.offsets.tolist()
    for b, (a, e) in enumerate(zip(offsets[:-1], offsets[1:])):
        if e - a == 1:
            out.append(Selection(_ONE, [(int(level[a]), 0, 1)], max(float(dist[a] - radii[a]), 0.0))
                       if drawn[a] else None)
            continue
        idx = np.flatnonzero(drawn[a:e])
        if len(idx) == 0:
            out.append(None)
            continue
        d, lv = dist[a:e][idx], level[a:e][idx]
        order = np.lexsort((-d if blended[b] else d, lv))
        idx, lv = idx[order], lv[order]
        cuts = [0, *(np.flatnonzero(lv[1:] != lv[:-1]) + 1).tolist(), len(idx)]
        runs = [(int(lv[i]), i, j - i) for i, j in zip(cuts[:-1], cuts[1:])]
        out.append(Selection(idx, runs, float(max(d.min() - radii[a:e][idx].max(), 0.0))))
    return out
