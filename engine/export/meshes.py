"""Engine meshes and materials as glTF meshes, materials, textures and images (PNG in the buffer).

Each Mesh, Material and texture array is written once however many nodes use it (kept by identity).
Materials are metallic-roughness with base colour, emissive (above 1 through
KHR_materials_emissive_strength) and normal textures; unlit ones carry KHR_materials_unlit.
"""
from __future__ import annotations

import io
from typing import Any

import numpy as np

from engine.export.glb import ARRAY_BUFFER, ELEMENT_ARRAY_BUFFER, GltfBuilder
from engine.scene import AlphaMode, Material, Mesh
from engine.scene.material import Sampler, Wrap

WRAP = {Wrap.REPEAT: 10497, Wrap.CLAMP: 33071, Wrap.MIRROR: 33648}
NEAREST, LINEAR = 9728, 9729
MIN_FILTER = {(False, True): 9987, (True, True): 9984, (False, False): LINEAR, (True, False): NEAREST}


class MeshWriter:
    """Adds meshes to a GltfBuilder, sharing materials, samplers and images between them."""

    def __init__(self, gltf: GltfBuilder) -> None:
        self.gltf = gltf
        self._meshes: dict[int, int] = {}
        self._materials: dict[int, int] = {}
        self._images: dict[int, int] = {}
        self._samplers: dict[Sampler, int] = {}

    def mesh(self, mesh: Mesh) -> int:
        """The glTF mesh index of `mesh` (one primitive), writing it the first time."""
        key = id(mesh)
        if key not in self._meshes:
            self._meshes[key] = self.gltf.append("meshes", {"name": mesh.name, "primitives": [self._primitive(mesh)]})
        return self._meshes[key]

    def _primitive(self, mesh: Mesh) -> dict[str, Any]:
        g = self.gltf
        attributes = {"POSITION": g.accessor(mesh.positions, ARRAY_BUFFER, bounds=True),
                      "NORMAL": g.accessor(unit_normals(mesh.normals), ARRAY_BUFFER)}
        if mesh.uvs is not None:
            attributes["TEXCOORD_0"] = g.accessor(mesh.uvs, ARRAY_BUFFER)
        if mesh.colors is not None:
            attributes["COLOR_0"] = g.accessor(np.clip(mesh.colors, 0.0, 1.0).astype(np.float32), ARRAY_BUFFER)
        index_type = np.uint16 if len(mesh.positions) < 65535 else np.uint32
        indices = mesh.indices.reshape(-1).astype(index_type)
        return {"attributes": attributes, "indices": g.accessor(indices, ELEMENT_ARRAY_BUFFER),
                "material": self.material(mesh.material, mesh.uvs is not None), "mode": 4}

    def material(self, mat: Material, has_uv: bool) -> int:
        key = id(mat)
        if key not in self._materials:
            self._materials[key] = self.gltf.append("materials", self._material(mat, has_uv))
        return self._materials[key]

    def _material(self, mat: Material, has_uv: bool) -> dict[str, Any]:
        pbr: dict[str, Any] = {"baseColorFactor": [float(np.clip(c, 0.0, 1.0)) for c in mat.base_color],
                               "metallicFactor": float(np.clip(mat.metallic, 0, 1)),
                               "roughnessFactor": float(np.clip(mat.roughness, 0, 1))}
        out: dict[str, Any] = {"name": mat.name, "pbrMetallicRoughness": pbr, "alphaMode": mat.alpha_mode.value,
                               "doubleSided": bool(mat.double_sided)}
        if mat.alpha_mode is AlphaMode.MASK:
            out["alphaCutoff"] = float(mat.alpha_cutoff)
        extensions: dict[str, Any] = {}
        strength = float(max(mat.emissive))
        if strength > 0:
            out["emissiveFactor"] = [float(c) / max(strength, 1.0) for c in mat.emissive]
            if strength > 1.0:
                extensions["KHR_materials_emissive_strength"] = {"emissiveStrength": strength}
        if has_uv:   # textures without coordinates would be read at (0, 0) everywhere
            self._textures(mat, pbr, out)
        if mat.unlit:
            extensions["KHR_materials_unlit"] = {}
        for name in extensions:
            self.gltf.use(name)
        if extensions:
            out["extensions"] = extensions
        return out

    def _textures(self, mat: Material, pbr: dict[str, Any], out: dict[str, Any]) -> None:
        if mat.texture is not None:
            pbr["baseColorTexture"] = {"index": self.texture(mat.texture, mat.sampler)}
        if mat.emissive_texture is not None and "emissiveFactor" in out:
            out["emissiveTexture"] = {"index": self.texture(mat.emissive_texture, mat.sampler)}
        if mat.normal_texture is not None:
            out["normalTexture"] = {"index": self.texture(mat.normal_texture, mat.sampler),
                                    "scale": float(mat.normal_scale)}

    def texture(self, image: np.ndarray, sampler: Sampler) -> int:
        return self.gltf.append("textures", {"source": self.image(image), "sampler": self.sampler(sampler)})

    def image(self, image: np.ndarray) -> int:
        """An (h, w, 3 or 4) uint8 image as a PNG in the buffer, written once per array."""
        key = id(image)
        if key not in self._images:
            view = self.gltf.view(png_bytes(image))
            self._images[key] = self.gltf.append("images", {"bufferView": view, "mimeType": "image/png"})
        return self._images[key]

    def sampler(self, s: Sampler) -> int:
        if s not in self._samplers:
            self._samplers[s] = self.gltf.append("samplers", {
                "wrapS": WRAP[s.wrap_s], "wrapT": WRAP[s.wrap_t], "magFilter": NEAREST if s.mag_nearest else LINEAR,
                "minFilter": MIN_FILTER[(s.min_nearest, s.mipmaps)]})
        return self._samplers[s]


def unit_normals(normals: np.ndarray | None) -> np.ndarray:
    """(n, 3) float32 normals of unit length: glTF requires it, and vertices no face uses have none
    (zero); those point up."""
    n = np.asarray(normals, dtype=np.float64)
    length = np.linalg.norm(n, axis=1, keepdims=True)
    out = np.where(length > 1e-12, n / np.maximum(length, 1e-12), [0.0, 1.0, 0.0])
    return out.astype(np.float32)


def png_bytes(image: np.ndarray) -> bytes:
    from PIL import Image
    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(image, dtype=np.uint8)).save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()
