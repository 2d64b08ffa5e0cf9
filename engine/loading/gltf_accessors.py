"""A glTF's binary data: buffers (external files, data: URIs, a GLB's BIN chunk), bufferViews, and
accessors read as numpy arrays, sparse ones and normalized integers (KHR_mesh_quantization) included.

Every offset and length is checked against the bytes that are really there, so a damaged file gives
a GltfError naming the accessor or view, never a numpy error or a read past the end.
"""
from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote_to_bytes

import numpy as np

from engine.loading.gltf_check import COMPONENTS, TYPES, GltfError

DTYPES: dict[int, np.dtype] = {
    5120: np.dtype("<i1"), 5121: np.dtype("<u1"), 5122: np.dtype("<i2"), 5123: np.dtype("<u2"),
    5125: np.dtype("<u4"), 5126: np.dtype("<f4")}
# The glTF rule for normalized integers: signed ones map to [-1, 1] (the most negative value clamps).
NORMALIZED_DIVISOR = {5120: 127.0, 5121: 255.0, 5122: 32767.0, 5123: 65535.0, 5125: 4294967295.0}

Resolve = Callable[[str], Path]


def data_uri_bytes(uri: str) -> bytes:
    """The bytes of a `data:` URI (base64 or percent-encoded); GltfError when it cannot be decoded."""
    head, sep, body = uri.partition(",")
    if not sep:
        raise GltfError("a data: URI without ',' before its data")
    try:
        if head.endswith(";base64"):
            return base64.b64decode(body, validate=True)
        return unquote_to_bytes(body)
    except (binascii.Error, ValueError):
        raise GltfError("a data: URI whose base64 data is damaged") from None


class GltfData:
    """Buffers loaded on first use and views and accessors read from them.

    resolve(uri) gives the file a relative URI names (the loader's check that it stays in the model's
    folder); binary is the GLB's BIN chunk, which a buffer without a URI refers to.
    """

    def __init__(self, doc: dict, resolve: Resolve, binary: memoryview | None = None) -> None:
        self.doc = doc
        self.resolve = resolve
        self.binary = binary
        self._buffers: dict[int, memoryview] = {}

    def buffer(self, index: int) -> memoryview:
        if index not in self._buffers:
            self._buffers[index] = self._load_buffer(index)
        return self._buffers[index]

    def _load_buffer(self, index: int) -> memoryview:
        buf = self.doc["buffers"][index]
        uri = buf.get("uri")
        if uri is None:
            if self.binary is None or index != 0:
                raise GltfError(f"buffers[{index}] has no uri and the file has no binary chunk for it")
            data: bytes | memoryview = self.binary
        elif uri.startswith("data:"):
            data = data_uri_bytes(uri)
        else:
            data = self.resolve(uri).read_bytes()
        length = buf.get("byteLength")
        if isinstance(length, int) and not isinstance(length, bool) and len(data) < length:
            raise GltfError(f"buffers[{index}] holds {len(data):,} bytes, fewer than its byteLength {length:,}")
        return memoryview(data).cast("B")

    def view(self, index: int) -> tuple[memoryview, int]:
        """The bytes of bufferViews[index] and its byteStride (0 when it has none)."""
        view = self.doc["bufferViews"][index]
        offset, length = _whole(view.get("byteOffset", 0)), _whole(view.get("byteLength"))
        stride = _whole(view.get("byteStride", 0))
        if offset is None or length is None or stride is None:
            raise GltfError(f"bufferViews[{index}]: byteOffset, byteLength and byteStride must be whole numbers")
        data = self.buffer(view["buffer"])
        if offset + length > len(data):
            raise GltfError(f"bufferViews[{index}] runs past the end of buffer {view['buffer']} "
                            f"({offset + length:,} > {len(data):,} bytes)")
        return data[offset:offset + length], stride

    def view_bytes(self, index: int) -> bytes:
        return bytes(self.view(index)[0])

    def accessor(self, index: int, as_float: bool = True) -> np.ndarray:
        """accessors[index] as a (count, components) array: float32 when `as_float` (normalized
        integers mapped to [0, 1] or [-1, 1], others converted as they are), else its own type."""
        acc = self.doc["accessors"][index]
        where = f"accessors[{index}]"
        component, width, count = acc["componentType"], TYPES[acc["type"]], acc["count"]
        if "bufferView" in acc:
            values = self._strided(acc["bufferView"], acc.get("byteOffset", 0), component, width, count, where)
        else:
            values = np.zeros((count, width), DTYPES[component])
        if isinstance(acc.get("sparse"), dict):
            values = self._sparse(acc["sparse"], values, component, width, where)
        if not as_float:
            return values
        return to_float(values, component, acc.get("normalized") is True)

    def _strided(self, view_index: int, offset: object, component: int, width: int, count: int,
                 where: str) -> np.ndarray:
        data, stride = self.view(view_index)
        item = COMPONENTS[component]
        start = _whole(offset)
        if start is None:
            raise GltfError(f"{where}.byteOffset must be a whole number")
        stride = stride or item * width
        if count and start + stride * (count - 1) + item * width > len(data):
            raise GltfError(f"{where}: {count:,} elements run past the end of bufferViews[{view_index}]")
        if count == 0:
            return np.zeros((0, width), DTYPES[component])
        raw = np.frombuffer(data, np.uint8, count=stride * (count - 1) + item * width, offset=start)
        if stride == item * width:   # tightly packed: one copy, so no array keeps the file's bytes alive
            return raw.copy().view(DTYPES[component]).reshape(count, width)
        rows = np.lib.stride_tricks.as_strided(raw, (count, item * width), (stride, 1))
        return np.ascontiguousarray(rows).view(DTYPES[component]).reshape(count, width)

    def _sparse(self, sparse: dict, base: np.ndarray, component: int, width: int, where: str) -> np.ndarray:
        """A copy of `base` with the sparse entries written over it."""
        count = _whole(sparse.get("count"))
        indices, values = sparse.get("indices"), sparse.get("values")
        if count is None or not isinstance(indices, dict) or not isinstance(values, dict):
            raise GltfError(f"{where}.sparse: expected count, indices and values")
        if count > len(base):
            raise GltfError(f"{where}.sparse: {count:,} entries for {len(base):,} elements")
        kind = indices.get("componentType")
        if kind not in (5121, 5123, 5125):
            raise GltfError(f"{where}.sparse.indices: componentType must be an unsigned integer type")
        at = self._packed(indices, kind, 1, count, f"{where}.sparse.indices").reshape(-1).astype(np.int64)
        if count and int(at.max()) >= len(base):
            raise GltfError(f"{where}.sparse.indices: index {int(at.max())} past its {len(base):,} elements")
        out = base.copy()
        out[at] = self._packed(values, component, width, count, f"{where}.sparse.values")
        return out

    def _packed(self, part: dict, component: int, width: int, count: int, where: str) -> np.ndarray:
        view = part.get("bufferView")
        if isinstance(view, bool) or not isinstance(view, int) or not 0 <= view < len(self.doc["bufferViews"]):
            raise GltfError(f"{where}.bufferView must be an index into {len(self.doc['bufferViews'])} entries")
        # Sparse parts are tightly packed whatever the view's byteStride says.
        data, _ = self.view(view)
        start = _whole(part.get("byteOffset", 0))
        size = COMPONENTS[component] * width * count
        if start is None or start + size > len(data):
            raise GltfError(f"{where}: {count:,} elements run past the end of bufferViews[{view}]")
        raw = np.frombuffer(data, np.uint8, count=size, offset=start).copy()
        return raw.view(DTYPES[component]).reshape(count, width)


def to_float(values: np.ndarray, component: int, normalized: bool) -> np.ndarray:
    """float32 values of an accessor's array by the glTF rules for (normalized) integers."""
    if component == 5126:
        return values.astype(np.float32, copy=False)
    out = values.astype(np.float32)
    if normalized:
        out /= NORMALIZED_DIVISOR[component]
        if component in (5120, 5122):
            np.maximum(out, -1.0, out=out)
    return out


def _whole(value: object) -> int | None:
    """A non-negative whole number from the JSON, or None."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value
