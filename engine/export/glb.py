"""A glTF 2.0 document and its binary buffer, built up piece by piece and written as one .glb.

Every buffer view starts on a 4-byte boundary (so every accessor is aligned to its component size and
vertex attributes to 4 bytes), each accessor has a view of its own (tightly packed, so no byteStride
is needed), and POSITION accessors carry min and max as the specification requires.
"""
from __future__ import annotations

import json
import struct
from typing import Any

import numpy as np

GLB_MAGIC = 0x46546C67      # "glTF"
CHUNK_JSON = 0x4E4F534A
CHUNK_BIN = 0x004E4942
ARRAY_BUFFER = 34962
ELEMENT_ARRAY_BUFFER = 34963
FLOAT, UNSIGNED_SHORT, UNSIGNED_INT = 5126, 5123, 5125
COMPONENTS = {np.dtype(np.float32): FLOAT, np.dtype(np.uint16): UNSIGNED_SHORT, np.dtype(np.uint32): UNSIGNED_INT}
TYPES = {1: "SCALAR", 2: "VEC2", 3: "VEC3", 4: "VEC4"}


class GltfBuilder:
    """The JSON document (`doc`) and binary chunk of one glTF; `glb()` gives the file's bytes."""

    def __init__(self, generator: str) -> None:
        self.doc: dict[str, Any] = {"asset": {"version": "2.0", "generator": generator}}
        self._bin = bytearray()
        self.used: set[str] = set()
        self.required: set[str] = set()

    def append(self, key: str, item: dict[str, Any]) -> int:
        """Add `item` to the document's list `key`; its index."""
        items = self.doc.setdefault(key, [])
        items.append(item)
        return len(items) - 1

    def view(self, data: bytes, target: int | None = None) -> int:
        """A buffer view of `data`, starting on a 4-byte boundary."""
        self._bin.extend(b"\0" * (-len(self._bin) % 4))
        view: dict[str, Any] = {"buffer": 0, "byteOffset": len(self._bin), "byteLength": len(data)}
        if target is not None:
            view["target"] = target
        self._bin.extend(data)
        return self.append("bufferViews", view)

    def accessor(self, array: np.ndarray, target: int | None = None, bounds: bool = False) -> int:
        """An accessor over `array` (n,) or (n, k) of float32, uint16 or uint32, in a view of its own;
        `bounds` adds min and max (required for POSITION)."""
        arr = np.ascontiguousarray(array)
        width = 1 if arr.ndim == 1 else arr.shape[1]
        acc: dict[str, Any] = {"bufferView": self.view(arr.tobytes(), target), "componentType": COMPONENTS[arr.dtype],
                               "count": int(arr.shape[0]), "type": TYPES[width]}
        if bounds:
            flat = arr.reshape(len(arr), width)
            acc["min"] = [_number(v) for v in flat.min(axis=0)]
            acc["max"] = [_number(v) for v in flat.max(axis=0)]
        return self.append("accessors", acc)

    def use(self, extension: str, required: bool = False) -> None:
        self.used.add(extension)
        if required:
            self.required.add(extension)

    def glb(self) -> bytes:
        """The binary glTF: a 12-byte header, the JSON chunk (padded with spaces) and the BIN chunk
        (padded with zeros), every chunk a multiple of 4 bytes long."""
        doc = dict(self.doc)
        if self._bin:
            doc["buffers"] = [{"byteLength": len(self._bin)}]
        if self.used:
            doc["extensionsUsed"] = sorted(self.used)
        if self.required:
            doc["extensionsRequired"] = sorted(self.required)
        text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
        text += b" " * (-len(text) % 4)
        binary = bytes(self._bin) + b"\0" * (-len(self._bin) % 4)
        chunks = struct.pack("<II", len(text), CHUNK_JSON) + text
        if binary:
            chunks += struct.pack("<II", len(binary), CHUNK_BIN) + binary
        return struct.pack("<III", GLB_MAGIC, 2, 12 + len(chunks)) + chunks


def _number(value: Any) -> float | int:
    """A JSON number for an accessor bound: integers for integer components."""
    return int(value) if isinstance(value, np.integer) else float(value)
