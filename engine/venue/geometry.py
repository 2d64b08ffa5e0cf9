"""Procedural geometry: a builder that accumulates boxes, quads, prisms and cylinders into one mesh.

Everything is plain numpy; `MeshBuilder.arrays()` gives (positions (n, 3), indices (m, 3), normals (n, 3),
uvs (n, 2), colors (n, 4)) float32/uint32 ready for `engine.scene.Mesh`. Colours are linear RGBA.
Faces are flat-shaded (each face has its own vertices) and wound counter-clockwise seen from outside.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import mapbox_earcut as earcut
import numpy as np
from numpy.typing import ArrayLike

from engine.scene.material import srgb_to_linear

Color = tuple[float, float, float, float]   # linear RGBA


def hex_color(text: str, alpha: float = 1.0) -> Color:
    """'#RRGGBB' (sRGB) to a linear RGBA tuple."""
    text = text.lstrip("#")
    rgb = [int(text[i:i + 2], 16) / 255.0 for i in (0, 2, 4)]
    lin = srgb_to_linear(np.array(rgb))
    return (float(lin[0]), float(lin[1]), float(lin[2]), float(alpha))


WHITE: Color = (1.0, 1.0, 1.0, 1.0)


class MeshBuilder:
    """Accumulates flat-shaded faces; call `arrays()` once done."""

    def __init__(self) -> None:
        self._pos: list[np.ndarray] = []
        self._nrm: list[np.ndarray] = []
        self._uv: list[np.ndarray] = []
        self._col: list[np.ndarray] = []
        self._idx: list[np.ndarray] = []
        self._count = 0

    @property
    def empty(self) -> bool:
        return self._count == 0

    def add(self, positions: ArrayLike, indices: ArrayLike, normals: ArrayLike,
            uvs: ArrayLike | None = None, color: ArrayLike = WHITE) -> None:
        """Faces as arrays: positions (n, 3), indices (m, 3) into them, normals (3,) or (n, 3),
        uvs (n, 2) or None, color (4,) or (n, 4)."""
        positions = np.asarray(positions, dtype=np.float64).reshape(-1, 3)
        n = len(positions)
        self._pos.append(positions)
        self._nrm.append(np.broadcast_to(np.asarray(normals, dtype=np.float64), (n, 3)))
        self._uv.append(np.zeros((n, 2)) if uvs is None else np.asarray(uvs, dtype=np.float64))
        col = np.asarray(color, dtype=np.float64)
        self._col.append(np.broadcast_to(col, (n, 4)) if col.ndim == 1 else col)
        self._idx.append(np.asarray(indices, dtype=np.int64).reshape(-1, 3) + self._count)
        self._count += n

    def quad(self, corners: ArrayLike, color: Sequence[float] = WHITE,
             uvs: ArrayLike | None = None, outward: ArrayLike | None = None) -> None:
        """Four corners counter-clockwise seen from the front (or any order plus `outward`, the front's
        direction). Default uvs: (0, 1) (1, 1) (1, 0) (0, 0) at the four corners."""
        c = np.asarray(corners, dtype=np.float64)
        uv = np.array([[0, 1], [1, 1], [1, 0], [0, 0]], float) if uvs is None else np.asarray(uvs, float)
        a, b = (c[1] - c[0]).tolist(), (c[2] - c[0]).tolist()
        n = np.array([a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]])
        if outward is not None:
            o = np.asarray(outward, dtype=np.float64)
            if n[0] * o[0] + n[1] * o[1] + n[2] * o[2] < 0:
                c, uv, n = c[::-1], uv[::-1], -n
        n /= max(math.sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]), 1e-12)
        self.add(c, [[0, 1, 2], [0, 2, 3]], n, uv, color)

    def box(self, lo: Sequence[float], hi: Sequence[float], color: Sequence[float] = WHITE,
            faces: str = "xXyYzZ", uv_scale: float = 0.0) -> None:
        """An axis-aligned box; `faces` picks sides (x=-x, X=+x, ...). uv_scale > 0 gives world-scaled uvs."""
        (x0, y0, z0), (x1, y1, z1) = lo, hi
        sides = {
            "x": [(x0, y0, z1), (x0, y0, z0), (x0, y1, z0), (x0, y1, z1)],
            "X": [(x1, y0, z0), (x1, y0, z1), (x1, y1, z1), (x1, y1, z0)],
            "y": [(x0, y0, z0), (x1, y0, z0), (x1, y0, z1), (x0, y0, z1)],
            "Y": [(x0, y1, z1), (x1, y1, z1), (x1, y1, z0), (x0, y1, z0)],
            "z": [(x1, y0, z0), (x0, y0, z0), (x0, y1, z0), (x1, y1, z0)],
            "Z": [(x0, y0, z1), (x1, y0, z1), (x1, y1, z1), (x0, y1, z1)],
        }
        outward = {"x": (-1, 0, 0), "X": (1, 0, 0), "y": (0, -1, 0), "Y": (0, 1, 0),
                   "z": (0, 0, -1), "Z": (0, 0, 1)}
        for key in faces:
            c = np.array(sides[key], dtype=np.float64)
            uvs = None
            if uv_scale > 0:
                axes = {"x": (2, 1), "X": (2, 1), "y": (0, 2), "Y": (0, 2), "z": (0, 1), "Z": (0, 1)}[key]
                uvs = c[:, axes] * uv_scale
            self.quad(c, color, uvs, outward=outward[key])

    def oriented_box(self, center: Sequence[float], size: Sequence[float], yaw_deg: float,
                     color: Sequence[float] = WHITE, faces: str = "xXyYzZ") -> None:
        """A box of `size` (x, y, z) with its base centre at `center`, turned yaw_deg about +Y."""
        sx, sy, sz = size
        self.box((-sx / 2, 0, -sz / 2), (sx / 2, sy, sz / 2), color, faces)
        rot = yaw_matrix(yaw_deg)
        for j in range(len(self._pos) - len(faces), len(self._pos)):  # the chunks just added
            self._pos[j] = self._pos[j] @ rot.T + np.asarray(center, float)
            self._nrm[j] = np.asarray(self._nrm[j]) @ rot.T

    def prism(self, polygon_xz: np.ndarray, y0: float, y1: float, color: Sequence[float] = WHITE,
              top: bool = True, bottom: bool = False, sides: bool = True, uv_scale: float = 0.0) -> None:
        """A vertical prism over a simple polygon (k, 2) in x/z (any winding)."""
        poly = _ccw_from_above(np.asarray(polygon_xz, dtype=np.float64))
        if top or bottom:
            tris = triangulate(poly)
            for y, flip in ((y1, False), (y0, True)):
                if (y == y1 and not top) or (y == y0 and not bottom):
                    continue
                pos = np.column_stack([poly[:, 0], np.full(len(poly), y), poly[:, 1]])
                uv = poly * uv_scale if uv_scale > 0 else None
                self.add(pos, tris[:, ::-1] if flip else tris, (0, -1 if flip else 1, 0), uv, color)
        if sides and y1 > y0:
            nxt = np.roll(poly, -1, axis=0)
            for a, b in zip(poly, nxt):
                d = b - a
                self.quad([(b[0], y0, b[1]), (a[0], y0, a[1]), (a[0], y1, a[1]), (b[0], y1, b[1])], color,
                          outward=(-d[1], 0.0, d[0]))

    def cylinder(self, center: Sequence[float], radius: float, height: float, segments: int = 8,
                 color: Sequence[float] = WHITE, top_radius: float | None = None, caps: bool = True) -> None:
        """A vertical (optionally tapered) cylinder standing on `center`; flat-shaded sides."""
        cx, cy, cz = center
        r1 = radius if top_radius is None else top_radius
        ang = np.linspace(0, 2 * math.pi, segments + 1)
        for a0, a1 in zip(ang[:-1], ang[1:]):
            p = [(cx + radius * math.cos(a1), cy, cz - radius * math.sin(a1)),
                 (cx + radius * math.cos(a0), cy, cz - radius * math.sin(a0)),
                 (cx + r1 * math.cos(a0), cy + height, cz - r1 * math.sin(a0)),
                 (cx + r1 * math.cos(a1), cy + height, cz - r1 * math.sin(a1))]
            mid = (a0 + a1) / 2
            if r1 > 1e-6:
                self.quad(p, color, outward=(math.cos(mid), 0, -math.sin(mid)))
            else:
                n = np.array([math.cos(mid), radius / height, -math.sin(mid)])
                self.add(np.array(p[:3]), [[0, 1, 2]], n / np.linalg.norm(n), None, color)
        if caps and r1 > 1e-6:
            ring = np.column_stack([cx + r1 * np.cos(ang[:-1]), cz - r1 * np.sin(ang[:-1])])
            self.prism(ring, cy + height, cy + height, color, top=True, sides=False)

    def extend(self, other: MeshBuilder) -> None:
        """Append everything `other` holds (its indices moved past this builder's vertices)."""
        self._pos += other._pos
        self._nrm += other._nrm
        self._uv += other._uv
        self._col += other._col
        self._idx += [i + self._count for i in other._idx]
        self._count += other._count

    def transformed(self, matrix: np.ndarray) -> None:
        """Apply a (4, 4) transform to everything added so far."""
        m = np.asarray(matrix, dtype=np.float64)
        normal_m = np.linalg.inv(m[:3, :3]).T
        self._pos = [p @ m[:3, :3].T + m[:3, 3] for p in self._pos]
        self._nrm = [np.asarray(n) @ normal_m.T for n in self._nrm]

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        if self.empty:
            raise ValueError("no geometry")
        pos = np.concatenate(self._pos).astype(np.float32)
        nrm = np.concatenate([np.asarray(n) for n in self._nrm])
        nrm = (nrm / np.maximum(np.linalg.norm(nrm, axis=1, keepdims=True), 1e-12)).astype(np.float32)
        uv = np.concatenate(self._uv).astype(np.float32)
        col = np.concatenate([np.asarray(c) for c in self._col]).astype(np.float32)
        idx = np.concatenate(self._idx).astype(np.uint32)
        return pos, idx, nrm, uv, col


def yaw_matrix(deg: float) -> np.ndarray:
    """(3, 3) rotation about +Y by `deg` (counter-clockwise seen from above: +x turns towards -z)."""
    a = math.radians(deg)
    c, s = math.cos(a), math.sin(a)
    return np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]])


def transform(position: Sequence[float], yaw_deg: float = 0.0,
              scale: Sequence[float] = (1.0, 1.0, 1.0)) -> np.ndarray:
    """(4, 4) node matrix: translate @ rotate-about-Y @ scale."""
    m = np.eye(4)
    m[:3, :3] = yaw_matrix(yaw_deg) @ np.diag(scale)
    m[:3, 3] = position
    return m


def _ccw_from_above(poly: np.ndarray) -> np.ndarray:
    """Counter-clockwise seen from +Y (looking down, x right, z down the page... i.e. signed area in (x, -z) > 0)."""
    if len(poly) > 1 and np.allclose(poly[0], poly[-1]):
        poly = poly[:-1]
    x, z = poly[:, 0], poly[:, 1]
    area = 0.5 * np.sum(x * np.roll(-z, -1) - np.roll(x, -1) * -z)
    return poly if area > 0 else poly[::-1]


def triangulate(poly: np.ndarray) -> np.ndarray:
    """Triangles (m, 3) int64 of a simple polygon (k, 2), wound so +Y faces are front-facing."""
    tris = np.asarray(earcut.triangulate_float64(np.asarray(poly, np.float64), np.array([len(poly)], np.uint32)),
                      dtype=np.int64).reshape(-1, 3)
    # Ensure each triangle's normal is +Y: (b - a) x (c - a) with x/z axes.
    p = np.column_stack([poly[:, 0], np.zeros(len(poly)), poly[:, 1]])
    n = np.cross(p[tris[:, 1]] - p[tris[:, 0]], p[tris[:, 2]] - p[tris[:, 0]])
    flip = n[:, 1] < 0
    tris[flip] = tris[flip][:, ::-1]
    return tris
