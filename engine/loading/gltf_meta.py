"""A glTF's JSON document (and a GLB's binary chunk), read and its structure checked."""
from __future__ import annotations

import json
import struct
from pathlib import Path

from engine.loading.gltf_check import check_document

GLB_MAGIC = b"glTF"
GLB_BIN = 0x004E4942


def read_gltf_json(path: Path) -> dict:
    """The JSON document of a .gltf or .glb file, its structure checked (see gltf_check); raises
    ValueError when it is not one the loader can read."""
    return read_gltf_file(path)[0]


def read_gltf_file(path: Path) -> tuple[dict, memoryview | None]:
    """The checked JSON document and, for a .glb, its BIN chunk (None when it has none)."""
    data = path.read_bytes()
    text, binary = _glb_chunks(data) if path.suffix.lower() == ".glb" else (data, None)
    return _parse(text), binary


def _parse(text: bytes) -> dict:
    try:
        doc = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"invalid glTF JSON: {exc}") from None
    except ValueError:   # an integer of more than 4,300 digits
        raise ValueError("invalid glTF JSON: a number with thousands of digits") from None
    except RecursionError:
        raise ValueError("invalid glTF JSON: nested too deeply") from None
    if not isinstance(doc, dict) or "asset" not in doc:
        raise ValueError("not a glTF document (no 'asset')")
    check_document(doc)
    return doc


def _glb_chunks(data: bytes) -> tuple[bytes, memoryview | None]:
    """The JSON chunk of a binary glTF and its BIN chunk (the first chunk after the JSON, when its type
    is BIN), the header and chunk lengths checked against the file."""
    if len(data) < 20 or data[:4] != GLB_MAGIC:
        raise ValueError("not a binary glTF (bad header)")
    version, total = struct.unpack_from("<II", data, 4)
    if version != 2:
        raise ValueError(f"glTF version {version} is not supported (need 2)")
    if total > len(data):
        raise ValueError(f"file is truncated: header says {total} bytes, file has {len(data)}")
    length, kind = struct.unpack_from("<II", data, 12)
    if kind != 0x4E4F534A or 20 + length > total:
        raise ValueError("the JSON chunk is missing or truncated")
    offset = 20 + length + (-length % 4)
    binary = None
    while offset + 8 <= total:   # the chunks after it (BIN) must fit in the file too
        chunk, kind = struct.unpack_from("<II", data, offset)
        if offset + 8 + chunk > total:
            raise ValueError(f"a chunk at byte {offset} is {chunk} bytes long: past the end of the file")
        if kind == GLB_BIN and binary is None and offset == 20 + length + (-length % 4):
            binary = memoryview(data)[offset + 8:offset + 8 + chunk]
        offset += 8 + chunk + (-chunk % 4)
    return data[20:20 + length], binary
