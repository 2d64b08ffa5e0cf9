"""Read a glTF 2.0 file (.gltf or .glb) into an engine Scene.

Nodes keep their hierarchy, names, `extras` and `extensions`; each glTF mesh becomes one engine Mesh
per primitive, shared by every node that uses it (one instanced draw). EXT_mesh_gpu_instancing
instances become child nodes sharing those meshes. A node whose world transform mirrors (negative
determinant) draws a copy of the mesh with its triangles wound the other way, so its faces stay
outward. What the file holds that is not drawn is named in one warning per feature (gltf_support).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from engine.errors import UserError
from engine.loading.gltf_accessors import GltfData, Resolve
from engine.loading.gltf_check import GltfError
from engine.loading.gltf_check import triangle_estimate as gltf_triangles
from engine.loading.gltf_materials import GltfMaterials
from engine.loading.gltf_meta import read_gltf_file
from engine.loading.gltf_primitives import FAN, NOT_DRAWN, TRIANGLES, build_mesh, primitive_arrays, triangles
from engine.loading.gltf_support import Notes, note_unsupported
from engine.loading.model import _check_placement, _check_triangles
from engine.scene import Mesh, Node, Scene
from engine.scene.mesh import MeshError

INSTANCING = "EXT_mesh_gpu_instancing"
MAX_INSTANCES = 100_000   # nodes made for instances in one file (each is a Python object and a matrix)


def read_gltf(path: Path, warnings: list[str], resolve: Resolve) -> Scene:
    """The Scene a glTF file describes; UserError for a file that cannot be drawn, warnings (appended to
    `warnings`) for what is drawn differently from the file or not at all."""
    try:
        doc, binary = read_gltf_file(path)
    except (ValueError, OSError) as exc:
        raise UserError(path, str(exc)) from None
    _check_triangles(path, gltf_triangles(doc))
    for buffer in doc.get("buffers") or []:
        uri = buffer.get("uri")
        if isinstance(uri, str) and not uri.startswith("data:"):
            resolve(uri)   # a missing or escaping buffer file refuses the model before anything is read
    notes = Notes(path, warnings)
    note_unsupported(doc, notes)
    reader = _Reader(path, doc, GltfData(doc, resolve, binary), notes)
    try:
        with np.errstate(all="ignore"):   # inf or NaN in a file: refused where it matters, not warned about
            scene = reader.scene()
    except (GltfError, MeshError) as exc:
        raise UserError(path, str(exc)) from None
    except OSError as exc:
        raise UserError(path, f"cannot read a file the model names: {exc.strerror or exc}") from None
    if not scene.batches():
        raise UserError(path, "the file holds no mesh with faces")
    return scene


class _Reader:
    def __init__(self, path: Path, doc: dict, data: GltfData, notes: Notes) -> None:
        self.path, self.doc, self.data, self.notes = path, doc, data, notes
        self.materials = GltfMaterials(doc, data, path, notes)
        self._meshes: dict[int, list[Mesh]] = {}
        self._flipped: dict[int, list[Mesh]] = {}
        self._instances = 0

    def scene(self) -> Scene:
        scene = Scene(name=self.path.stem)
        nodes = self.doc.get("nodes") or []
        stack = [(i, scene.root, np.eye(4)) for i in reversed(self._roots())]
        while stack:   # gltf_check has refused cycles and nodes with two parents
            index, parent, parent_world = stack.pop()
            node, world = self._node(index, nodes[index], parent_world)
            parent.add(node)
            stack.extend((c, node, world) for c in reversed(nodes[index].get("children", [])))
        scene.changed()
        _check_placement(scene, self.path)
        return scene

    def _roots(self) -> list[int]:
        scenes = self.doc.get("scenes") or []
        if not scenes:   # no scene: every node without a parent
            children = {c for n in self.doc.get("nodes") or [] for c in n.get("children", [])}
            return [i for i in range(len(self.doc.get("nodes") or [])) if i not in children]
        chosen = self.doc.get("scene", 0)
        if len(scenes) > 1:
            self.notes.once("scenes", f"the file holds {len(scenes)} scenes: only scene {chosen} is drawn")
        return list(scenes[chosen].get("nodes", []))

    def _node(self, index: int, data: dict, parent_world: np.ndarray) -> tuple[Node, np.ndarray]:
        name = str(data["name"]) if isinstance(data.get("name"), str) else f"node_{index}"
        extras, extensions = data.get("extras"), data.get("extensions")
        node = Node(name=name, matrix=local_matrix(data),
                    extras=dict(extras) if isinstance(extras, dict) else {},
                    extensions=dict(extensions) if isinstance(extensions, dict) else {})
        world = parent_world @ node.matrix
        if "skin" in data:
            self.notes.unsupported("skins", "drawn in the rest pose")
        if "mesh" not in data:
            return node, world
        instancing = node.extensions.get(INSTANCING)
        if isinstance(instancing, dict):
            self._add_instances(node, world, data["mesh"], instancing, f"nodes[{index}]")
        else:
            node.meshes = self.meshes(data["mesh"], mirrored(world))
        return node, world

    def _add_instances(self, node: Node, world: np.ndarray, mesh: int, ext: dict, where: str) -> None:
        """One child node per instance, all drawing the same Mesh objects."""
        attributes = ext.get("attributes")
        if not isinstance(attributes, dict):
            raise GltfError(f"{where}.extensions.{INSTANCING}: expected attributes")
        columns = {}
        for key in ("TRANSLATION", "ROTATION", "SCALE"):
            if key in attributes:
                columns[key] = self._instance_accessor(attributes[key], 4 if key == "ROTATION" else 3, where, key)
        counts = {len(c) for c in columns.values()}
        if len(counts) != 1:
            raise GltfError(f"{where}.extensions.{INSTANCING}: attributes of different counts (or none)")
        count = counts.pop()
        self._instances += count
        if self._instances > MAX_INSTANCES:
            raise GltfError(f"more than {MAX_INSTANCES:,} instances ({INSTANCING})")
        matrices = trs_matrices(columns.get("TRANSLATION", np.zeros((count, 3))),
                                columns.get("ROTATION", np.tile([0.0, 0.0, 0.0, 1.0], (count, 1))),
                                columns.get("SCALE", np.ones((count, 3))))
        flips = np.linalg.det(world[:3, :3] @ matrices[:, :3, :3]) < 0
        for k, (matrix, flip) in enumerate(zip(matrices, flips)):
            node.add(Node(name=f"{node.name}#{k}", matrix=matrix, meshes=self.meshes(mesh, bool(flip))))

    def _instance_accessor(self, index: Any, width: int, where: str, key: str) -> np.ndarray:
        accessors = self.doc.get("accessors") or []
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(accessors):
            raise GltfError(f"{where}.extensions.{INSTANCING}.{key}: expected an accessor index")
        values = self.data.accessor(index).astype(np.float64)
        if values.shape[1] != width or not np.isfinite(values).all():
            raise GltfError(f"{where}.extensions.{INSTANCING}.{key}: expected {width} finite numbers each")
        return values

    def meshes(self, index: int, flipped: bool) -> list[Mesh]:
        """The Meshes of glTF mesh `index`, wound the other way for a mirroring node (made once)."""
        if index not in self._meshes:
            self._meshes[index] = self._mesh(index)
        if not flipped:
            return self._meshes[index]
        if index not in self._flipped:
            self._flipped[index] = [_reversed(m) for m in self._meshes[index]]
        return self._flipped[index]

    def _mesh(self, index: int) -> list[Mesh]:
        mesh = self.doc["meshes"][index]
        base = str(mesh["name"]) if isinstance(mesh.get("name"), str) else f"mesh_{index}"
        prims = mesh["primitives"]
        out = []
        for p, prim in enumerate(prims):
            name = base if len(prims) == 1 else f"{base}_{p}"
            made = self._primitive(prim, name, f"meshes[{index}].primitives[{p}]")
            if made is not None:
                out.append(made)
        return out

    def _primitive(self, prim: dict, name: str, where: str) -> Mesh | None:
        mode = prim.get("mode", TRIANGLES)
        if isinstance(mode, bool) or not isinstance(mode, int) or not 0 <= mode <= FAN:
            raise GltfError(f"{where}.mode: {mode!r} is not a glTF primitive mode")
        if mode in NOT_DRAWN:
            self.notes.once(f"mode {mode}", f"{NOT_DRAWN[mode]} primitives (such as {name!r}) are not drawn")
            return None
        if prim.get("targets"):
            self.notes.unsupported("morph targets", "drawn in their base shape")
        use = self.materials.get(prim.get("material"))
        arrays, indices = primitive_arrays(prim, self.data, use.texcoord, where)
        if indices is None:
            indices = np.arange(len(arrays["POSITION"]), dtype=np.int64)
        faces = triangles(indices, mode, where)
        if faces.size == 0:
            self.notes.once("empty", f"primitives without triangles (such as {name!r}) are skipped")
            return None
        if use.texcoord >= 0 and "UV" not in arrays:
            self.notes.once("uvs", f"textured primitives without TEXCOORD_{use.texcoord} (such as {name!r}) "
                                   "are drawn without their textures")
        return build_mesh(arrays, faces, use, name)


def local_matrix(node: dict) -> np.ndarray:
    """A node's (4, 4) local transform from `matrix` (column-major) or translation, rotation, scale."""
    if "matrix" in node:
        return np.array(node["matrix"], dtype=np.float64).reshape(4, 4).T
    if not any(k in node for k in ("translation", "rotation", "scale")):
        return np.eye(4)
    return trs_matrices(np.array([node.get("translation", [0.0, 0.0, 0.0])], dtype=np.float64),
                        np.array([node.get("rotation", [0.0, 0.0, 0.0, 1.0])], dtype=np.float64),
                        np.array([node.get("scale", [1.0, 1.0, 1.0])], dtype=np.float64))[0]


def trs_matrices(t: np.ndarray, r: np.ndarray, s: np.ndarray) -> np.ndarray:
    """(k, 4, 4) matrices T * R * S from translations (k, 3), unit quaternions (k, 4) x y z w and
    scales (k, 3); a quaternion of zero length counts as no rotation."""
    length = np.linalg.norm(r, axis=1, keepdims=True)
    q = np.where(length > 1e-12, r / np.maximum(length, 1e-12), [0.0, 0.0, 0.0, 1.0])
    x, y, z, w = q.T
    rot = np.stack([
        np.stack([1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)], axis=1),
        np.stack([2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)], axis=1),
        np.stack([2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)], axis=1)], axis=1)
    out = np.zeros((len(t), 4, 4))
    out[:, :3, :3] = rot * s[:, None, :]
    out[:, :3, 3] = t
    out[:, 3, 3] = 1.0
    return out


def mirrored(world: np.ndarray) -> bool:
    """Whether a transform turns space inside out (and so the winding of every triangle)."""
    return bool(np.linalg.det(world[:3, :3]) < 0)


def _reversed(mesh: Mesh) -> Mesh:
    """The same mesh with each triangle wound the other way (its arrays shared, not copied)."""
    return Mesh(mesh.positions, mesh.indices[:, ::-1], mesh.normals, mesh.uvs, mesh.colors, mesh.material,
                name=mesh.name, tangents=mesh.tangents)
