"""One glTF mesh primitive into an engine Mesh: its attributes (from accessors, or decoded from
KHR_draco_mesh_compression), its triangles (strips and fans unrolled), its uvs with the material's
KHR_texture_transform baked in, and normals from the file or, when it has none, split at creases."""
from __future__ import annotations

from typing import Any

import numpy as np

from engine.loading.gltf_accessors import DTYPES, GltfData, to_float
from engine.loading.gltf_check import GltfError
from engine.loading.gltf_materials import MaterialUse
from engine.loading.model import MAX_COORDINATE, MAX_CREASE_PAIRS, MAX_TRIANGLES, _corner_pairs, smooth_normals
from engine.scene import Mesh, Wrap
from engine.scene.mesh import MeshError
from engine.scene.normals import crease_normals

TRIANGLES, STRIP, FAN = 4, 5, 6
NOT_DRAWN = {0: "POINTS", 1: "LINES", 2: "LINE_LOOP", 3: "LINE_STRIP"}
DRACO = "KHR_draco_mesh_compression"
# The accessor componentType of a decoded Draco array's numpy type.
COMPONENT_OF = {dtype: component for component, dtype in DTYPES.items()}


def primitive_arrays(prim: dict, data: GltfData, texcoord: int, where: str
                     ) -> tuple[dict[str, np.ndarray], np.ndarray | None]:
    """The attributes the renderer uses, as float32 (n, k) arrays, and the flat vertex indices (None:
    the vertices in order). `texcoord` is the uv set to read as UV (-1: none)."""
    ext = prim.get("extensions")
    if isinstance(ext, dict) and isinstance(ext.get(DRACO), dict):
        return _draco(prim, ext[DRACO], data, texcoord, where)
    attributes = prim["attributes"]
    wanted = {"POSITION": "POSITION", "NORMAL": "NORMAL", "TANGENT": "TANGENT", "COLOR_0": "COLOR_0"}
    if texcoord >= 0:
        wanted[f"TEXCOORD_{texcoord}"] = "UV"
    out: dict[str, np.ndarray] = {}
    count = data.doc["accessors"][attributes["POSITION"]]["count"]
    for name, key in wanted.items():
        if name not in attributes:
            continue
        if data.doc["accessors"][attributes[name]]["count"] != count:
            raise GltfError(f"{where}.attributes.{name}: a different count of vertices from POSITION")
        out[key] = data.accessor(attributes[name])
    indices = None
    if "indices" in prim:
        indices = data.accessor(prim["indices"], as_float=False).reshape(-1).astype(np.int64)
    return out, indices


def _draco(prim: dict, ext: dict, data: GltfData, texcoord: int, where: str
           ) -> tuple[dict[str, np.ndarray], np.ndarray | None]:
    try:
        import DracoPy
    except ImportError:
        raise GltfError(f"{where}: {DRACO} needs the DracoPy package, which is not installed") from None
    view, ids = ext.get("bufferView"), ext.get("attributes")
    if isinstance(view, bool) or not isinstance(view, int) or not 0 <= view < len(data.doc["bufferViews"]) \
            or not isinstance(ids, dict) or "POSITION" not in ids:
        raise GltfError(f"{where}.extensions.{DRACO}: expected a bufferView and attributes with POSITION")
    try:
        decoded = DracoPy.decode(data.view_bytes(view))
    except Exception as exc:  # DracoPy raises several types for damaged data
        raise GltfError(f"{where}: the {DRACO} data cannot be decoded ({exc or type(exc).__name__})") from None
    faces = getattr(decoded, "faces", None)   # None: the data is a point cloud
    faces = np.zeros((0, 3), np.int64) if faces is None else np.asarray(faces)
    if faces.size == 0 or len(faces) > MAX_TRIANGLES:
        raise GltfError(f"{where}: the {DRACO} data holds {len(faces):,} triangles")
    names = {"POSITION": "POSITION", "NORMAL": "NORMAL", "TANGENT": "TANGENT", "COLOR_0": "COLOR_0"}
    if texcoord >= 0:
        names[f"TEXCOORD_{texcoord}"] = "UV"
    out: dict[str, np.ndarray] = {}
    for name, key in names.items():
        if name in ids:
            out[key] = _draco_attribute(decoded, ids[name], prim["attributes"].get(name), data, f"{where}.{name}")
    if any(len(v) != len(out["POSITION"]) for v in out.values()):
        raise GltfError(f"{where}: the {DRACO} attributes differ in length")
    return out, faces.reshape(-1).astype(np.int64)


def _draco_attribute(decoded: Any, unique_id: Any, accessor: Any, data: GltfData, where: str) -> np.ndarray:
    found = None
    if isinstance(unique_id, int) and not isinstance(unique_id, bool):
        found = decoded.get_attribute_by_unique_id(unique_id)
    if not found or found.get("data") is None:
        raise GltfError(f"{where}: no attribute {unique_id!r} in the {DRACO} data")
    values = np.asarray(found["data"])
    values = values.reshape(len(values), -1)
    normalized = isinstance(accessor, int) and not isinstance(accessor, bool) and \
        data.doc["accessors"][accessor].get("normalized") is True
    component = COMPONENT_OF.get(values.dtype, 5126)
    return to_float(values if component != 5126 else values.astype(np.float32), component, normalized)


def triangles(indices: np.ndarray, mode: int, where: str) -> np.ndarray:
    """(m, 3) vertex indices of a TRIANGLES, TRIANGLE_STRIP or TRIANGLE_FAN list (each face wound as
    glTF says: every other strip triangle reversed)."""
    if mode == TRIANGLES:
        if len(indices) % 3:
            raise GltfError(f"{where}: {len(indices):,} vertex indices is not a whole number of triangles")
        return indices.reshape(-1, 3)
    i = np.arange(max(len(indices) - 2, 0))
    if mode == STRIP:
        odd = i % 2
        return np.column_stack([indices[i + odd], indices[i + 1 - odd], indices[i + 2]])
    return np.column_stack([indices[i + 1], indices[i + 2], np.full(len(i), indices[0] if len(indices) else 0)])


def build_mesh(arrays: dict[str, np.ndarray], faces: np.ndarray, use: MaterialUse, name: str) -> Mesh:
    """The Mesh of a primitive's arrays (raises MeshError for geometry that cannot be drawn)."""
    positions = arrays["POSITION"]
    n = len(positions)
    if faces.size == 0:
        raise MeshError(f"mesh {name!r} has no faces")
    if int(faces.max()) >= n:
        raise MeshError(f"mesh {name!r} has a face index {int(faces.max())} past its {n} vertices")
    if not np.isfinite(positions).all():
        raise MeshError(f"mesh {name!r} has NaN or infinite vertex positions")
    if np.abs(positions).max() > MAX_COORDINATE:
        raise MeshError(f"mesh {name!r} has vertices more than {MAX_COORDINATE:.0e} m from its origin")
    uvs = _uvs(arrays.get("UV"), use)
    colors = _colors(arrays.get("COLOR_0"))
    tangents = arrays.get("TANGENT")
    normals = _unit(arrays.get("NORMAL"))
    if normals is None:
        positions64 = positions.astype(np.float64)
        if _corner_pairs(faces, n) > MAX_CREASE_PAIRS:
            normals = smooth_normals(positions64, faces)
        else:
            normals, src, faces = crease_normals(positions64, faces)
            positions = positions[src]
            uvs, colors = (None if a is None else a[src] for a in (uvs, colors))
            tangents = None if tangents is None else tangents[src]
    ao = _occlusion(uvs, use)
    return Mesh(positions, faces, normals, uvs, colors, use.material, name=name, tangents=tangents, ao=ao)


def _occlusion(uvs: np.ndarray | None, use: MaterialUse) -> np.ndarray | None:
    """The occlusion texture's red channel at each vertex (nearest texel, wrapped as its sampler says),
    blended by the texture's strength: per-vertex AO, which is what the renderer draws."""
    ref = use.occlusion
    if ref is None or uvs is None:
        return None
    h, w = ref.pixels.shape[:2]
    u = _wrap_coords(uvs[:, 0].astype(np.float64) * w, w, ref.sampler.wrap_s)
    v = _wrap_coords(uvs[:, 1].astype(np.float64) * h, h, ref.sampler.wrap_t)
    occ = ref.pixels[v, u, 0].astype(np.float32) / 255.0
    return 1.0 + use.occlusion_strength * (occ - 1.0)


def _wrap_coords(x: np.ndarray, size: int, wrap: Wrap) -> np.ndarray:
    x = np.nan_to_num(x)
    # A vertex on the image's edge (uv 1.0) reads the texel inside it, not the first one again.
    x = np.where((x >= 0) & (x <= size), np.minimum(x, size - 1), x)
    i = np.floor(x).astype(np.int64)
    if wrap is Wrap.CLAMP:
        return np.clip(i, 0, size - 1)
    if wrap is Wrap.MIRROR:
        period = np.mod(i, 2 * size)
        return np.where(period < size, period, 2 * size - 1 - period)
    return np.mod(i, size)


def _uvs(uv: np.ndarray | None, use: MaterialUse) -> np.ndarray | None:
    if uv is None or use.texcoord < 0:
        return None
    if use.transform is None:
        return uv
    m = use.transform
    return (uv.astype(np.float64) @ m[:2, :2].T + m[:2, 2]).astype(np.float32)


def _colors(colors: np.ndarray | None) -> np.ndarray | None:
    """COLOR_0 as RGBA (a VEC3 gets alpha 1); glTF vertex colours are linear already."""
    if colors is None or colors.shape[1] == 4:
        return colors
    return np.column_stack([colors[:, :3], np.ones(len(colors), np.float32)])


def _unit(normals: np.ndarray | None) -> np.ndarray | None:
    """File normals made unit length (quantized ones are only close); None when they are unusable."""
    if normals is None or not np.isfinite(normals).all():
        return None
    length = np.linalg.norm(normals, axis=1, keepdims=True)
    return np.where(length > 1e-12, normals / np.maximum(length, 1e-12), normals).astype(np.float32)
