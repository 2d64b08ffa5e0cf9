"""Plan geometry the circuit's builders share: polylines moved sideways, flat strips and areas, walls along a
line, the frame of the start/finish straight, and splitting a big mesh into tiles the renderer can cull.

All in x/z metres (z south); "right" is right of the direction of travel.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import mapbox_earcut as earcut
import numpy as np
from shapely.geometry.base import BaseGeometry

from engine.venue import geo
from engine.venue.geometry import Color, MeshBuilder

# World-scaled texture coordinates of flat ground surfaces: one unit every 4 m, so a tiling texture (asphalt,
# gravel, water ripples) put on their material later repeats at a plausible size.
GROUND_UV_PER_M = 0.25


@dataclass(frozen=True)
class Straight:
    """A point on the track and the directions there: along the track (tan) and to its right."""

    pos: np.ndarray
    tan: np.ndarray

    @property
    def right(self) -> np.ndarray:
        return np.array([-self.tan[1], self.tan[0]])

    @property
    def yaw(self) -> float:
        """Degrees about +Y that turn a box's local +x onto `tan` (see geometry.yaw_matrix)."""
        return math.degrees(math.atan2(-self.tan[1], self.tan[0]))

    def at(self, along: float, across: float) -> np.ndarray:
        """The x/z point `along` metres down the track and `across` metres to its right."""
        return self.pos + self.tan * along + self.right * across

    def rect(self, along: tuple[float, float], across: tuple[float, float]) -> np.ndarray:
        """The (4, 2) outline spanning those ranges, in order round its edge."""
        (a0, a1), (c0, c1) = along, across
        return np.array([self.at(a0, c0), self.at(a1, c0), self.at(a1, c1), self.at(a0, c1)])


def offset_line(line: np.ndarray, dist: np.ndarray | float) -> np.ndarray:
    """A polyline (n, 2) moved sideways; positive = right of travel."""
    t = np.gradient(line, axis=0)
    t /= np.maximum(np.linalg.norm(t, axis=1, keepdims=True), 1e-12)
    right = np.column_stack([-t[:, 1], t[:, 0]])
    return line + right * np.asarray(dist, dtype=np.float64).reshape(-1, 1)


def dense(centre: np.ndarray, half: np.ndarray, step: float = 4.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Linear resampling of the closed centre line: points (k, 2), half-widths (k, 2), s (k,)."""
    p = geo.closed(centre)
    h = np.vstack([half, half[:1]])
    cum = geo.cumulative(p)
    s = np.arange(0.0, cum[-1], step)
    pts = np.column_stack([np.interp(s, cum, p[:, 0]), np.interp(s, cum, p[:, 1])])
    hw = np.column_stack([np.interp(s, cum, h[:, 0]), np.interp(s, cum, h[:, 1])])
    # a light smoothing of the corners the 141-point source draws as polygons
    for _ in range(2):
        pts = (np.roll(pts, 1, 0) + 2 * pts + np.roll(pts, -1, 0)) / 4
    return pts, hw, s


def ribbon(b: MeshBuilder, left: np.ndarray, right: np.ndarray, y: float, color: Color | np.ndarray,
           closed: bool, uv_scale: float = 0.0) -> None:
    """A flat strip between two polylines (n, 2) at height y, facing up; color (4,) or per point (n, 4)."""
    n = len(left)
    pos = np.empty((2 * n, 3))
    pos[0::2, 0], pos[0::2, 2] = left[:, 0], left[:, 1]
    pos[1::2, 0], pos[1::2, 2] = right[:, 0], right[:, 1]
    pos[:, 1] = y
    segs = n if closed else n - 1
    i = np.arange(segs)
    a, bb, c, d = 2 * i, 2 * i + 1, (2 * i + 2) % (2 * n), (2 * i + 3) % (2 * n)
    tris = np.concatenate([np.column_stack([a, c, bb]), np.column_stack([bb, c, d])])
    _face_up(pos, tris)
    col = np.asarray(color, dtype=np.float64)
    if col.ndim == 2:
        col = np.repeat(col, 2, axis=0)
    b.add(pos, tris, (0, 1, 0), pos[:, [0, 2]] * uv_scale if uv_scale else None, col)


def _face_up(pos: np.ndarray, tris: np.ndarray) -> None:
    """Turn every triangle (in place) so that its front faces +Y."""
    nrm = np.cross(pos[tris[:, 1]] - pos[tris[:, 0]], pos[tris[:, 2]] - pos[tris[:, 0]])
    flip = nrm[:, 1] < 0
    tris[flip] = tris[flip][:, ::-1]


def flat_area(b: MeshBuilder, geom: BaseGeometry, y: float, color: Color, uv_scale: float = GROUND_UV_PER_M) -> None:
    """Every polygon of a shapely geometry (holes kept) as a flat surface at height y, facing up."""
    for poly in getattr(geom, "geoms", [geom]):
        if poly.geom_type != "Polygon" or poly.is_empty:
            continue
        rings = [np.asarray(poly.exterior.coords)[:-1]] + [np.asarray(r.coords)[:-1] for r in poly.interiors]
        verts = np.vstack(rings)
        ends = np.cumsum([len(r) for r in rings]).astype(np.uint32)
        tris = np.asarray(earcut.triangulate_float64(verts, ends), dtype=np.int64).reshape(-1, 3)
        if len(tris) == 0:
            continue
        pos = np.column_stack([verts[:, 0], np.full(len(verts), y), verts[:, 1]])
        _face_up(pos, tris)
        b.add(pos, tris, (0, 1, 0), verts * uv_scale, color)


def wall_along(b: MeshBuilder, line: np.ndarray, height: float, thickness: float,
               colors: Color | np.ndarray) -> None:
    """A wall of `thickness` centred on an open polyline (n, 2): both sides and the top, each segment
    coloured by colors (4,) or (n - 1, 4)."""
    if len(line) < 2:
        return
    a, c = line[:-1], line[1:]
    d = c - a
    d /= np.maximum(np.linalg.norm(d, axis=1, keepdims=True), 1e-12)
    side = np.column_stack([-d[:, 1], d[:, 0]]) * (thickness / 2)
    col = np.broadcast_to(np.asarray(colors, dtype=np.float64), (len(a), 4))
    for sgn in (1.0, -1.0):
        p0, p1 = a + side * sgn, c + side * sgn
        _strip_quads(b, p0, p1, 0.0, height, col, np.column_stack([side[:, 0] * sgn, side[:, 1] * sgn]))
    k = len(a)
    quads = np.stack([a - side, c - side, c + side, a + side], axis=1)
    pos = np.concatenate([np.column_stack([q[:, 0], np.full(k, height), q[:, 1]]) for q in quads.transpose(1, 0, 2)])
    tris = _quad_tris(k)
    _face_up(pos, tris)
    b.add(pos, tris, (0, 1, 0), None, np.tile(col, (4, 1)))


def _strip_quads(b: MeshBuilder, p0: np.ndarray, p1: np.ndarray, y0: float, y1: float, col: np.ndarray,
                 outward: np.ndarray) -> None:
    """Vertical quads from p0[i] to p1[i] (k, 2) between heights y0 and y1, facing `outward` (k, 2)."""
    k = len(p0)
    corners = [(p0, y0), (p1, y0), (p1, y1), (p0, y1)]
    pos = np.concatenate([np.column_stack([p[:, 0], np.full(k, y), p[:, 1]]) for p, y in corners])
    tris = _quad_tris(k)
    nrm = np.column_stack([outward[:, 0], np.zeros(k), outward[:, 1]])
    nrm /= np.maximum(np.linalg.norm(nrm, axis=1, keepdims=True), 1e-12)
    face = np.cross(pos[tris[:, 1]] - pos[tris[:, 0]], pos[tris[:, 2]] - pos[tris[:, 0]])
    flip = (face * np.tile(nrm, (2, 1))).sum(axis=1) < 0
    tris[flip] = tris[flip][:, ::-1]
    b.add(pos, tris, np.tile(nrm, (4, 1)), None, np.tile(col, (4, 1)))


def _quad_tris(k: int) -> np.ndarray:
    """Triangles (2k, 3) of k quads whose corners are stacked corner by corner: rows i, k + i, 2k + i, 3k + i."""
    i = np.arange(k)
    return np.concatenate([np.column_stack([i, i + k, i + 2 * k]), np.column_stack([i, i + 2 * k, i + 3 * k])])


def tiles(b: MeshBuilder, size: float, min_share: float = 0.05) -> list[MeshBuilder]:
    """The builder's triangles split by a square grid of `size` metres (each triangle goes to the cell of its
    centroid), so the renderer can cull the parts out of view. A cell with under `min_share` of the triangles
    joins the nearest bigger one (a draw call for a sliver costs more than it saves). Cells in a fixed order."""
    pos, idx, nrm, uv, col = b.arrays()
    centre = pos[idx].mean(axis=1)[:, [0, 2]]
    keys, which = np.unique(np.floor(centre / size).astype(np.int64), axis=0, return_inverse=True)
    which = which.reshape(-1)
    counts = np.bincount(which, minlength=len(keys))
    big = np.flatnonzero(counts >= min_share * len(idx))
    if len(big) == 0:
        big = np.array([int(np.argmax(counts))])
    home = big[np.argmin(((keys[:, None, :] - keys[None, big, :]) ** 2).sum(axis=2), axis=1)]
    which = home[which]
    out = []
    for k in big:
        tri = idx[which == k]
        used, local = np.unique(tri, return_inverse=True)
        part = MeshBuilder()
        part.add(pos[used], local.reshape(-1, 3), nrm[used], uv[used], col[used])
        out.append(part)
    return out


def stripes(b: MeshBuilder, inner: np.ndarray, outer: np.ndarray, y: float, colors: np.ndarray) -> None:
    """Separate flat quads between two polylines (n, 2), one per segment, each its own colour (n - 1, 4):
    kerb blocks and chequers keep hard edges instead of blending into their neighbours."""
    k = len(inner) - 1
    corners = [inner[:-1], inner[1:], outer[1:], outer[:-1]]
    pos = np.concatenate([np.column_stack([c[:, 0], np.full(k, y), c[:, 1]]) for c in corners])
    tris = _quad_tris(k)
    _face_up(pos, tris)
    b.add(pos, tris, (0, 1, 0), None, np.tile(np.asarray(colors, dtype=np.float64), (4, 1)))
