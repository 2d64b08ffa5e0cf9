"""Small glTF files written by the tests themselves: JSON plus one binary buffer, as .glb or .gltf."""
from __future__ import annotations

import io
import json
import struct
from pathlib import Path
from typing import Any

import numpy as np

COMPONENT = {np.dtype("int8"): 5120, np.dtype("uint8"): 5121, np.dtype("int16"): 5122,
             np.dtype("uint16"): 5123, np.dtype("uint32"): 5125, np.dtype("float32"): 5126}
TYPE = {1: "SCALAR", 2: "VEC2", 3: "VEC3", 4: "VEC4"}

# A 2 x 2 quad facing +Z, uv (0, 0) at the image's top-left, as glTF has it.
QUAD_POSITIONS = np.array([[-1, -1, 0], [1, -1, 0], [1, 1, 0], [-1, 1, 0]], np.float32)
QUAD_UVS = np.array([[0, 1], [1, 1], [1, 0], [0, 0]], np.float32)
QUAD_INDICES = np.array([0, 1, 2, 0, 2, 3], np.uint16)


def png(color: tuple[int, ...], size: tuple[int, int] = (4, 4)) -> bytes:
    from PIL import Image
    out = io.BytesIO()
    Image.new("RGBA", size, color).save(out, format="PNG")
    return out.getvalue()


class Gltf:
    """A document under construction; each add_* returns the index of what it added."""

    def __init__(self) -> None:
        self.doc: dict[str, Any] = {"asset": {"version": "2.0"}, "scene": 0, "scenes": [{"nodes": []}]}
        self.bin = bytearray()

    def _list(self, key: str, item: dict) -> int:
        self.doc.setdefault(key, []).append(item)
        return len(self.doc[key]) - 1

    def view(self, data: bytes, stride: int | None = None) -> int:
        self.bin += b"\x00" * (-len(self.bin) % 4)
        view = {"buffer": 0, "byteOffset": len(self.bin), "byteLength": len(data)}
        if stride:
            view["byteStride"] = stride
        self.bin += data
        return self._list("bufferViews", view)

    def accessor(self, values: Any, dtype: Any = np.float32, normalized: bool = False, **fields: Any) -> int:
        """An accessor of `values` (n, k) or (n,) stored as `dtype`, tightly packed."""
        arr = np.asarray(values).astype(dtype)
        width = 1 if arr.ndim == 1 else arr.shape[1]
        acc = {"bufferView": self.view(arr.tobytes()), "componentType": COMPONENT[arr.dtype],
               "count": len(arr), "type": TYPE[width], **fields}
        if normalized:
            acc["normalized"] = True
        return self._list("accessors", acc)

    def mesh(self, attributes: dict[str, int], indices: int | None = None, **prim: Any) -> int:
        primitive: dict[str, Any] = {"attributes": attributes, **prim}
        if indices is not None:
            primitive["indices"] = indices
        return self._list("meshes", {"primitives": [primitive]})

    def quad(self, material: int | None = None, uvs: Any = QUAD_UVS, colors: Any = None, **extra: int) -> int:
        """A mesh of the quad (uvs and colours optional), with its material."""
        attributes = {"POSITION": self.accessor(QUAD_POSITIONS), **extra}
        if uvs is not None:
            attributes["TEXCOORD_0"] = self.accessor(uvs)
        if colors is not None:
            attributes["COLOR_0"] = self.accessor(colors)
        prim = {} if material is None else {"material": material}
        return self.mesh(attributes, self.accessor(QUAD_INDICES, np.uint16), **prim)

    def node(self, root: bool = True, **fields: Any) -> int:
        index = self._list("nodes", fields)
        if root:
            self.doc["scenes"][0]["nodes"].append(index)
        return index

    def image(self, data: bytes, mime: str = "image/png") -> int:
        return self._list("images", {"bufferView": self.view(data), "mimeType": mime})

    def texture(self, image: int | None, sampler: int | None = None, **fields: Any) -> int:
        tex: dict[str, Any] = dict(fields)
        if image is not None:
            tex["source"] = image
        if sampler is not None:
            tex["sampler"] = sampler
        return self._list("textures", tex)

    def material(self, **fields: Any) -> int:
        return self._list("materials", fields)

    def sampler(self, **fields: Any) -> int:
        return self._list("samplers", fields)

    def uses(self, *extensions: str) -> None:
        self.doc.setdefault("extensionsUsed", []).extend(extensions)

    def write_glb(self, path: Path) -> Path:
        doc = dict(self.doc, buffers=[{"byteLength": len(self.bin)}])
        text = json.dumps(doc).encode()
        text += b" " * (-len(text) % 4)
        data = bytes(self.bin) + b"\x00" * (-len(self.bin) % 4)
        body = struct.pack("<II", len(text), 0x4E4F534A) + text + struct.pack("<II", len(data), 0x004E4942) + data
        path.write_bytes(b"glTF" + struct.pack("<II", 2, 12 + len(body)) + body)
        return path

    def write_gltf(self, path: Path, bin_name: str = "data.bin") -> Path:
        """A .gltf beside its buffer file; images stay in the buffer unless given a uri by the caller."""
        (path.parent / bin_name).write_bytes(bytes(self.bin))
        doc = dict(self.doc, buffers=[{"uri": bin_name, "byteLength": len(self.bin)}])
        path.write_text(json.dumps(doc))
        return path
