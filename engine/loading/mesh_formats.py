"""What trimesh's OBJ and PLY readers miss, put right before the model is converted.

- OBJ + MTL: texture paths in an .mtl are relative to the .mtl file (not to the .obj), may be written
  with Windows separators (`map_Kd .\\wood.jpg`) or carry options (`map_Kd -s 2 2 1 wood.jpg`). A texture
  or material library that is missing is a warning naming it and its file; the model still loads.
  Nothing outside the model's folder is read.
- PLY: faces stored as `element tristrips` (a `vertex_indices` list, -1 restarting the strip), as
  some scanners write them, become triangles.
"""
from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

import numpy as np
import trimesh

WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")


class TriangleLimitError(ValueError):
    """A PLY's triangle strips make more triangles than the loader takes."""


class ObjResolver(trimesh.resolvers.Resolver):
    """The files an OBJ names, for trimesh: its material library (relative to the .obj) and the
    textures that library names (relative to the .mtl). Problems become warnings in `warnings`, and
    the file is then not there for trimesh (which draws without it)."""

    def __init__(self, path: Path, warnings: list[str]) -> None:
        self.path = path
        self.root = path.parent.resolve()
        self.warnings = warnings
        self._mtl_dir = PurePosixPath(".")
        self._mtl_name = ""

    def get(self, key: str) -> bytes:
        name = texture_name(key)
        if name.suffix.lower() == ".mtl":
            data = self._read(name, name, f"material library {key.strip()!r}", "drawn in plain colours")
            self._mtl_dir, self._mtl_name = name.parent, name.name
            return data
        # trimesh asks for a library's textures while reading it, so they belong to the last library.
        return self._read(self._mtl_dir / name, PurePosixPath(name.name),
                          f"texture {key.strip()!r} (map_Kd in {self._mtl_name})", "drawn without it")

    def _read(self, rel: PurePosixPath, fallback: PurePosixPath, what: str, outcome: str) -> bytes:
        """The bytes of `rel` (else `fallback`, its bare file name beside the .mtl) inside the model's
        folder; a warning and FileNotFoundError when neither can be read."""
        for candidate in (rel, self._mtl_dir / fallback):
            target = self._inside(candidate)
            if target is not None and target.is_file():
                try:
                    return target.read_bytes()
                except OSError as exc:
                    self._warn(f"{what} cannot be read ({exc.strerror or exc}): {outcome}")
                    raise FileNotFoundError(str(rel)) from None
        if self._inside(rel) is None:
            self._warn(f"{what} points outside the model's folder: {outcome}")
        else:
            self._warn(f"{what} is missing: {outcome}")
        raise FileNotFoundError(str(rel))

    def _inside(self, rel: PurePosixPath) -> Path | None:
        """The file `rel` names under the model's folder, or None when it would lead out of it (an
        absolute path, '..' past the top, a link out)."""
        if rel.is_absolute() or WINDOWS_DRIVE.match(str(rel)):
            return None
        try:
            target = (self.root / rel).resolve()
        except (OSError, RuntimeError):
            return None
        return target if target.is_relative_to(self.root) else None

    def _warn(self, text: str) -> None:
        self.warnings.append(f"{self.path}: {text}")

    def write(self, name: str, data: bytes) -> None:
        raise PermissionError("loading a model never writes files")

    def namespaced(self, namespace: str) -> ObjResolver:
        return self

    def keys(self) -> list[str]:
        return []


def texture_name(value: str) -> PurePosixPath:
    """The file an MTL statement's value names, as a relative POSIX path: options (`-s 1 1 1`,
    `-bm 0.5`) dropped, Windows separators turned, `./` removed."""
    text = value.strip()
    if text.startswith("-"):
        text = text.split()[-1]     # options come first; the file name is what is left
    return PurePosixPath(text.replace("\\", "/"))


def ply_strips(loaded: trimesh.Scene, max_triangles: int) -> None:
    """Replace, in place, each PLY point cloud whose file also held `tristrips` by the mesh the strips
    make (raises TriangleLimitError past `max_triangles`)."""
    for name, geom in list(loaded.geometry.items()):
        raw = (getattr(geom, "metadata", None) or {}).get("_ply_raw")
        element = raw.get("tristrips") if isinstance(raw, dict) else None
        strips = _strip_rows(element.get("data")) if isinstance(element, dict) else None
        if strips is None or not isinstance(geom, trimesh.PointCloud):
            continue
        faces = strip_triangles(strips, len(geom.vertices), max_triangles)
        colors = geom.colors if len(getattr(geom, "colors", [])) == len(geom.vertices) else None
        loaded.geometry[name] = trimesh.Trimesh(vertices=geom.vertices, faces=faces, vertex_colors=colors,
                                                process=False)


def _strip_rows(data: object) -> np.ndarray | None:
    """The `vertex_indices` lists of a PLY element as trimesh read them: a dict of arrays (ASCII, or
    lists of varying length), or a structured array whose list field holds (count, indices)."""
    if isinstance(data, dict):
        rows = data.get("vertex_indices")
        return None if rows is None else np.asarray(rows)
    if isinstance(data, np.ndarray) and data.dtype.names and "vertex_indices" in data.dtype.names:
        rows = data["vertex_indices"]
        return rows["f1"] if rows.dtype.names and "f1" in rows.dtype.names else rows
    return None


def strip_triangles(strips: np.ndarray, n_vertices: int, max_triangles: int) -> np.ndarray:
    """Triangles (m, 3) of triangle strips (rows of vertex indices, -1 starting a new strip), every
    other one flipped so all keep the strip's winding; triangles with a repeated vertex (used to join
    strips) are dropped."""
    pieces: list[np.ndarray] = []
    total = 0
    for row in strips:
        indices = np.asarray(row, dtype=np.int64).reshape(-1)
        for strip in np.split(indices, np.flatnonzero(indices < 0)):
            strip = strip[strip >= 0]
            if len(strip) < 3:
                continue
            tri = np.column_stack([strip[:-2], strip[1:-1], strip[2:]])
            tri[1::2, :2] = tri[1::2, 1::-1]
            keep = (tri[:, 0] != tri[:, 1]) & (tri[:, 1] != tri[:, 2]) & (tri[:, 0] != tri[:, 2])
            pieces.append(tri[keep])
            total += int(keep.sum())
            if total > max_triangles:
                raise TriangleLimitError(f"its triangle strips make more than {max_triangles:,} triangles")
    faces = np.concatenate(pieces) if pieces else np.zeros((0, 3), np.int64)
    if len(faces) and faces.max() >= n_vertices:
        raise ValueError(f"a triangle strip names vertex {int(faces.max())} of {n_vertices}")
    return faces
