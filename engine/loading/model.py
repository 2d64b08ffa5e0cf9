"""Load glTF 2.0 (engine.loading.gltf_reader), and OBJ (+MTL), PLY and STL through trimesh, into
`engine.scene` data.

Everything a person can get wrong in a file becomes a `UserError(path, what)`; things that
can be drawn anyway (a missing texture, a point cloud beside a mesh) become warnings
kept in `scene.metadata["warnings"]`.
"""
from __future__ import annotations

import logging
import warnings as warnings_module
from collections.abc import Hashable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

import numpy as np
import trimesh

from engine.errors import UserError
from engine.fileio import input_problem
from engine.loading.headers import triangle_estimate
from engine.scene import AlphaMode, Material, Mesh, Node, Scene
from engine.scene.graph import NodeCycleError
from engine.scene.material import srgb_to_linear
from engine.scene.mesh import MeshError
from engine.scene.normals import crease_normals

MODEL_EXTENSIONS = (".glb", ".gltf", ".obj", ".ply", ".stl")
MAX_MODEL_BYTES = 1 << 30
# Memory grows with triangles (trimesh's arrays, then ours with normals split at creases): above this a
# model is refused before it is read, rather than read until the machine runs out of memory.
MAX_TRIANGLES = 4_000_000
MAX_TEXTURE_SIDE = 4096                  # larger textures are scaled down, with a warning
MAX_IMAGE_PIXELS = 16384 * 16384         # larger images are not decoded at all (a 16384² image is 1 GB)
# Crease normals compare corner pairs at each vertex (about 110 bytes each): above this many, a mesh
# gets smooth normals, whose memory is linear in its size.
MAX_CREASE_PAIRS = 4_000_000
MAX_COORDINATE = 1e9        # metres: positions and node transforms (a model of the Earth is 6.4e6 m across)


def load_model(path: str | Path) -> Scene:
    """Read a model file into a Scene whose meshes are shared between the nodes that use them."""
    path = Path(path)
    ext = path.suffix.lower()
    if ext not in MODEL_EXTENSIONS:
        raise UserError(path, f"unknown extension {ext or '(none)'!r}; "
                              f"expected one of {', '.join(MODEL_EXTENSIONS)} or .toml")
    problem = input_problem(path)
    if problem:
        raise UserError(path, problem)
    if path.stat().st_size == 0:
        raise UserError(path, "the file is empty")
    if path.stat().st_size > MAX_MODEL_BYTES:
        raise UserError(path, f"the file is larger than {MAX_MODEL_BYTES >> 20} MB")
    warnings: list[str] = []
    if ext in (".glb", ".gltf"):
        # Imported here: the glTF reader uses this module's limits and mesh helpers.
        from engine.loading.gltf_reader import read_gltf
        with _image_limit():
            scene = read_gltf(path, warnings, lambda uri: _beside(path, uri))
    else:
        _check_triangles(path, triangle_estimate(path))
        with _image_limit():
            loaded = _trimesh_load(path, warnings)
            scene = _convert(loaded, path, warnings)
    scene.metadata["warnings"] = list(dict.fromkeys(warnings))   # a texture shared by meshes is named once
    scene.metadata["source"] = str(path)
    return scene


def _beside(path: Path, uri: str) -> Path:
    """The file a URI names, which must be in the model's folder or below it: not through '..', an
    absolute path or a symbolic link that leads out (a model must not read the files around it)."""
    # URIs are percent-encoded ("my%20texture.png", as Blender writes them): check the file name.
    rel = PurePosixPath(unquote(uri))
    if rel.is_absolute() or ".." in rel.parts or ".." in PurePosixPath(uri).parts:
        raise UserError(path, f"refusing {uri!r}: it points outside the model's folder")
    root = path.parent.resolve()
    try:
        target = (root / rel).resolve()
        if not target.is_relative_to(root):
            raise UserError(path, f"refusing {uri!r}: a link that leads outside the model's folder")
        if not target.is_file():
            raise UserError(path, f"missing file {uri!r} next to the model")
    except (OSError, RuntimeError) as exc:   # a name too long, a loop of links
        raise UserError(path, f"cannot open {uri!r}: {getattr(exc, 'strerror', None) or exc}") from None
    return target


@contextmanager
def _image_limit() -> Iterator[None]:
    """Pillow refuses images above MAX_IMAGE_PIXELS while a model loads (its own default would also
    refuse a legitimate 16384² texture, which is scaled down instead)."""
    from PIL import Image
    saved = Image.MAX_IMAGE_PIXELS
    # Pillow warns above its limit and refuses above twice it.
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS // 2
    try:
        with warnings_module.catch_warnings():
            warnings_module.simplefilter("ignore", Image.DecompressionBombWarning)
            yield
    finally:
        Image.MAX_IMAGE_PIXELS = saved


def _check_triangles(path: Path, triangles: int) -> None:
    if triangles > MAX_TRIANGLES:
        raise UserError(path, f"about {triangles:,} triangles is above the limit of {MAX_TRIANGLES:,}; "
                              "simplify the model (for example with Blender's Decimate modifier)")


def _trimesh_load(path: Path, warnings: list[str]) -> trimesh.Scene:
    from engine.loading.mesh_formats import ObjResolver, TriangleLimitError, ply_strips
    logging.getLogger("trimesh").setLevel(logging.ERROR)
    resolver = ObjResolver(path, warnings) if path.suffix.lower() == ".obj" else None
    try:
        with np.errstate(all="ignore"):   # inf or NaN in a file: refused below, not warned about on the way
            loaded = trimesh.load(str(path), force="scene", process=False, resolver=resolver)
            if isinstance(loaded, trimesh.Scene) and path.suffix.lower() == ".ply":
                ply_strips(loaded, MAX_TRIANGLES)
    except TriangleLimitError as exc:
        raise UserError(path, f"{exc}; simplify the model (for example with Blender's Decimate modifier)") from None
    except Exception as exc:  # trimesh raises many types for corrupt files
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise UserError(path, f"cannot read {path.suffix.lower()[1:].upper()} file: {reason}") from None
    if not isinstance(loaded, trimesh.Scene):
        raise UserError(path, "the file holds no meshes")
    return loaded


def _convert(loaded: trimesh.Scene, path: Path, warnings: list[str]) -> Scene:
    """An OBJ, PLY or STL file as trimesh read it (their vertex colours are sRGB: see convert_mesh)."""
    merge = path.suffix.lower() == ".stl"  # STL repeats vertices per face; share them to smooth
    meshes: dict[str, Mesh] = {}
    for name, geom in loaded.geometry.items():
        if not isinstance(geom, trimesh.Trimesh):
            warnings.append(f"{path}: skipped {name!r}: a {type(geom).__name__}, not a mesh")
            continue
        try:
            meshes[name] = convert_mesh(geom, name, False, merge, warnings)
        except MeshError as exc:
            raise UserError(path, str(exc)) from None
    if not meshes:
        raise UserError(path, "the file holds no mesh with faces")
    scene = Scene(name=path.stem)
    nodes: dict[Hashable, Node] = {loaded.graph.base_frame: scene.root}
    for parent, child, data in loaded.graph.to_edgelist():
        node = nodes.setdefault(child, Node(name=str(child)))
        node.matrix = np.asarray(data.get("matrix", np.eye(4)), dtype=np.float64)
        if not np.isfinite(node.matrix).all():
            raise UserError(path, f"node {child!r} has a non-finite transform")
        geom_name = data.get("geometry")
        if geom_name in meshes:
            node.meshes.append(meshes[geom_name])
        node.extras = dict(data.get("metadata") or {})
        nodes.setdefault(parent, Node(name=str(parent))).add(node)
    scene.changed()
    _check_placement(scene, path)
    return scene


def _check_placement(scene: Scene, path: Path) -> None:
    """Every node's world transform within MAX_COORDINATE (a chain of huge scales overflows float32 on
    the way to the GPU), and no node that contains itself (the walk names the cycle)."""
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            for node, world in scene.walk():
                if not np.isfinite(world).all() or np.abs(world).max() > MAX_COORDINATE:
                    raise UserError(path, f"node {node.name[:60]!r} is moved or scaled more than "
                                          f"{MAX_COORDINATE:.0e} m")
        scene.batches()
    except NodeCycleError as exc:
        raise UserError(path, str(exc)) from None


def convert_mesh(geom: trimesh.Trimesh, name: str, linear_colors: bool = True,
                 merge: bool = False, notes: list[str] | None = None) -> Mesh:
    """One trimesh mesh into an engine Mesh with its material (raises MeshError); what was changed
    to draw it (a texture scaled down) is added to `notes`."""
    vertices = np.asarray(geom.vertices, dtype=np.float64)
    faces = np.asarray(geom.faces, dtype=np.int64)
    if vertices.ndim != 2 or vertices.shape[1] != 3:
        # An OBJ line `v 1 2`, or a glTF POSITION of VEC2 or SCALAR, gives vertices of other shapes.
        raise MeshError(f"mesh {name!r} has vertices of {vertices.shape[1] if vertices.ndim == 2 else 1} "
                        "coordinates; positions need x, y and z")
    if faces.size == 0:
        raise MeshError(f"mesh {name!r} has no faces")
    if faces.ndim != 2 or faces.shape[1] != 3:
        raise MeshError(f"mesh {name!r} has faces that are not triangles")
    if faces.min() < 0 or faces.max() >= len(vertices):
        raise MeshError(f"mesh {name!r} has a face index {int(faces.max())} past its "
                        f"{len(vertices)} vertices")
    if not np.isfinite(vertices).all():
        raise MeshError(f"mesh {name!r} has NaN or infinite vertex positions")
    if np.abs(vertices).max() > MAX_COORDINATE:
        # Finite, but normals (cross products) and the GPU's float32 would overflow.
        raise MeshError(f"mesh {name!r} has vertices more than {MAX_COORDINATE:.0e} m from its origin")
    material, uvs, colors = _visual(geom, linear_colors, notes if notes is not None else [])
    if colors is not None and len(colors) == len(faces):  # face colours: one vertex per corner
        vertices, uvs = vertices[faces].reshape(-1, 3), None if uvs is None else uvs[faces].reshape(-1, 2)
        colors = np.repeat(colors, 3, axis=0)
        faces = np.arange(len(vertices)).reshape(-1, 3)
    if merge and uvs is None and colors is None:
        vertices, inverse = np.unique(vertices, axis=0, return_inverse=True)
        faces = inverse.reshape(-1, 3)
    normals = _file_normals(geom, len(vertices))
    if normals is None and _corner_pairs(faces, len(vertices)) > MAX_CREASE_PAIRS:
        normals = smooth_normals(vertices, faces)
    if normals is None:
        normals, src, faces = crease_normals(vertices, faces)
        vertices = vertices[src]
        uvs = None if uvs is None else uvs[src]
        colors = None if colors is None else colors[src]
    return Mesh(vertices, faces, normals, uvs, colors, material, name=name)


def _corner_pairs(faces: np.ndarray, n: int) -> int:
    """How many corner pairs `crease_normals` compares: every corner with every other at its vertex,
    so a vertex shared by k faces costs k² (a fan of a million triangles round one vertex, 10^12)."""
    degree = np.bincount(faces.reshape(-1), minlength=n).astype(np.int64)
    return int((degree * degree).sum())


def smooth_normals(vertices: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """Vertex normals (n, 3) float32 averaged over the faces round each vertex, weighted by area: memory
    linear in the mesh, for meshes too large (or too fan-shaped) to split at creases."""
    tri = vertices[faces]
    face_n = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    acc = np.zeros((len(vertices), 3))
    for k in range(3):
        acc[:, k] = np.bincount(faces.reshape(-1), weights=np.repeat(face_n[:, k], 3), minlength=len(vertices))
    length = np.linalg.norm(acc, axis=1, keepdims=True)
    out = np.where(length > 1e-20, acc / np.maximum(length, 1e-20), [0.0, 1.0, 0.0])
    return out.astype(np.float32)


def _file_normals(geom: trimesh.Trimesh, n: int) -> np.ndarray | None:
    """Normals the file itself provided (trimesh computes them lazily otherwise)."""
    cached = geom._cache.cache.get("vertex_normals") if hasattr(geom, "_cache") else None
    if cached is not None and len(cached) == n and np.isfinite(cached).all():
        return np.asarray(cached, dtype=np.float32)
    return None


def _visual(geom: trimesh.Trimesh, linear_colors: bool, notes: list[str]
            ) -> tuple[Material, np.ndarray | None, np.ndarray | None]:
    visual = geom.visual
    if isinstance(visual, trimesh.visual.TextureVisuals):
        uv = None
        if visual.uv is not None and len(visual.uv) == len(geom.vertices):
            # trimesh puts v = 0 at the image's bottom (OBJ's way); the engine, like glTF, at the top.
            uv = np.asarray(visual.uv, dtype=np.float64) * [1.0, -1.0] + [0.0, 1.0]
        return _material(visual.material, uv is not None, notes), uv, None
    colors = None
    if isinstance(visual, trimesh.visual.ColorVisuals) and visual.kind in ("vertex", "face"):
        raw = visual.vertex_colors if visual.kind == "vertex" else visual.face_colors
        colors = np.asarray(raw, dtype=np.float64) / 255.0
        if not linear_colors:
            colors[:, :3] = srgb_to_linear(colors[:, :3])
    blend = colors is not None and bool((colors[:, 3] < 0.999).any())
    return Material(base_color=(1.0, 1.0, 1.0, 1.0),
                    alpha_mode=AlphaMode.BLEND if blend else AlphaMode.OPAQUE), None, colors


def _texture(image: Any, name: str, notes: list[str]) -> np.ndarray | None:
    """(h, w, 4) uint8 RGBA of a texture, scaled down to MAX_TEXTURE_SIDE (with a note) when larger:
    beyond that it costs memory and upload time for no detail a screen can show, and the GPU may
    refuse it. An image that cannot be decoded gives None (drawn without texture, with a note)."""
    from PIL import Image
    try:
        if max(image.size) > MAX_TEXTURE_SIDE:
            notes.append(f"texture of {name or 'a material'!r} is {image.size[0]}x{image.size[1]}: "
                         f"scaled down to fit {MAX_TEXTURE_SIDE}x{MAX_TEXTURE_SIDE}")
            image = image.copy() if image.mode == "P" else image
            image.thumbnail((MAX_TEXTURE_SIDE, MAX_TEXTURE_SIDE), Image.Resampling.BILINEAR, reducing_gap=2.0)
        return np.ascontiguousarray(np.asarray(image.convert("RGBA")))
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, MemoryError):
        notes.append(f"texture of {name or 'a material'!r} cannot be decoded: drawn without it")
        return None


def _material(mat: trimesh.visual.material.Material | None, has_uv: bool, notes: list[str]) -> Material:
    pbr = _as_pbr(mat)
    if pbr is None:
        return Material()
    factor = pbr.baseColorFactor
    base = (1.0, 1.0, 1.0, 1.0) if factor is None else _rgba(factor)
    texture = None
    if has_uv and pbr.baseColorTexture is not None:
        texture = _texture(pbr.baseColorTexture, str(pbr.name or ""), notes)
    mode = str(pbr.alphaMode or "OPAQUE").upper()
    emissive = pbr.emissiveFactor
    return Material(
        base_color=base, texture=texture,
        alpha_mode=AlphaMode(mode) if mode in AlphaMode.__members__ else AlphaMode.OPAQUE,
        alpha_cutoff=float(pbr.alphaCutoff if pbr.alphaCutoff is not None else 0.5),
        double_sided=bool(pbr.doubleSided),
        roughness=float(pbr.roughnessFactor if pbr.roughnessFactor is not None else 0.8),
        metallic=float(pbr.metallicFactor if pbr.metallicFactor is not None else 0.0),
        emissive=(float(emissive[0]), float(emissive[1]), float(emissive[2])) if emissive is not None
        else (0.0, 0.0, 0.0),
        name=str(pbr.name or ""))


def _as_pbr(mat: trimesh.visual.material.Material | None) -> trimesh.visual.material.PBRMaterial | None:
    """The material as glTF's metallic-roughness kind (trimesh converts its simple and multi materials);
    None for none, or a kind trimesh cannot convert."""
    if isinstance(mat, trimesh.visual.material.PBRMaterial):
        return mat
    if isinstance(mat, (trimesh.visual.material.SimpleMaterial, trimesh.visual.material.MultiMaterial)):
        return mat.to_pbr()
    return None


def _rgba(factor: Sequence[float]) -> tuple[float, float, float, float]:
    """A colour factor of 0..255 values (as trimesh stores it) in 0..1."""
    return (float(factor[0]) / 255.0, float(factor[1]) / 255.0, float(factor[2]) / 255.0, float(factor[3]) / 255.0)
