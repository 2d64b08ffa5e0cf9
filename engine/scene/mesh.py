"""Mesh geometry as plain numpy arrays, checked on construction."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from engine.scene.material import Material


class MeshError(ValueError):
    """Geometry that cannot be drawn (no faces, NaN, out-of-range indices)."""


@dataclass(eq=False)
class Mesh:
    """One drawable primitive: geometry plus the material it is drawn with.

    positions: (n, 3) float32; normals: (n, 3) float32; indices: (m, 3) uint32;
    uvs: (n, 2) float32 or None; colors: (n, 4) float32 linear RGBA or None;
    tangents: (n, 4) float32 (xyz tangent, w handedness) or None, for normal maps: made from the uvs
    by the renderer when a normal-mapped mesh has none;
    ao: (n,) float32 ambient occlusion in [0, 1] (1: open sky), baked when assets are built, or None.
    Identity (not value) is what instancing groups by: a mesh used by many nodes stays one mesh.
    """

    positions: np.ndarray
    indices: np.ndarray
    normals: np.ndarray | None = None
    uvs: np.ndarray | None = None
    colors: np.ndarray | None = None
    material: Material = field(default_factory=Material)
    name: str = ""
    tangents: np.ndarray | None = None
    ao: np.ndarray | None = None
    # Coarser levels of detail may be made for distant copies; small parts whose shape matters at any
    # distance (a person's hair and limbs) turn this off.
    lod: bool = True

    def __post_init__(self) -> None:
        with np.errstate(over="ignore"):  # values past float32 become inf, refused just below
            self.positions = np.ascontiguousarray(self.positions, dtype=np.float32).reshape(-1, 3)
        self.indices = np.ascontiguousarray(self.indices, dtype=np.uint32).reshape(-1, 3)
        n = len(self.positions)
        if len(self.indices) == 0:
            raise MeshError(f"mesh {self.name!r} has no faces")
        if not np.isfinite(self.positions).all():
            raise MeshError(f"mesh {self.name!r} has NaN or infinite vertex positions")
        if int(self.indices.max()) >= n:
            raise MeshError(f"mesh {self.name!r} has a face index {int(self.indices.max())} "
                            f"past its {n} vertices")
        if self.normals is None or len(self.normals) != n:
            self.normals = vertex_normals(self.positions, self.indices)
        self.normals = np.nan_to_num(np.ascontiguousarray(self.normals, dtype=np.float32))
        self.uvs = _optional(self.uvs, n, 2, "uvs", self.name)
        self.colors = _optional(self.colors, n, 4, "colors", self.name)
        self.tangents = _optional(self.tangents, n, 4, "tangents", self.name)
        ao = _optional(None if self.ao is None else np.reshape(self.ao, (-1, 1)), n, 1, "ao", self.name)
        self.ao = None if ao is None else ao.reshape(-1)
        lo, hi = self.positions.min(axis=0), self.positions.max(axis=0)
        self.bounds = np.stack([lo, hi]).astype(np.float32)
        centre = (lo + hi) / 2
        self.center = centre.astype(np.float32)
        # In float64: squares of float32 coordinates beyond ~1e19 overflow to an infinite radius.
        self.radius = float(np.sqrt(((self.positions - centre.astype(np.float64)) ** 2).sum(axis=1).max()))

    @property
    def triangle_count(self) -> int:
        return len(self.indices)


def _optional(arr: np.ndarray | None, n: int, width: int, what: str, name: str) -> np.ndarray | None:
    if arr is None:
        return None
    arr = np.asarray(arr, dtype=np.float32)
    if arr.shape != (n, width):
        raise MeshError(f"mesh {name!r}: {what} has shape {arr.shape}, expected ({n}, {width})")
    return np.ascontiguousarray(np.nan_to_num(arr))


def vertex_normals(positions: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """Area-weighted vertex normals: (n, 3) float32, unit length (zero for unused vertices)."""
    tri = positions[indices].astype(np.float64)  # float32 cross products overflow beyond ~1e19 m
    face_n = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    normals = np.zeros_like(positions, dtype=np.float64)
    for k in range(3):
        np.add.at(normals, indices[:, k], face_n)
    length = np.linalg.norm(normals, axis=1, keepdims=True)
    return (normals / np.where(length > 0, length, 1)).astype(np.float32)
