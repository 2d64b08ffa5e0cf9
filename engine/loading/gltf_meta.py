"""Node `extras` and `extensions` straight from a glTF's JSON, which trimesh does not keep whole."""
from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any

GLB_MAGIC = b"glTF"


def read_gltf_json(path: Path) -> dict:
    """The JSON document of a .gltf or .glb file; raises ValueError when it is not one."""
    data = path.read_bytes()
    if path.suffix.lower() == ".glb":
        if len(data) < 20 or data[:4] != GLB_MAGIC:
            raise ValueError("not a binary glTF (bad header)")
        version, total = struct.unpack_from("<II", data, 4)
        if version != 2:
            raise ValueError(f"glTF version {version} is not supported (need 2)")
        if total > len(data):
            raise ValueError(f"file is truncated: header says {total} bytes, file has {len(data)}")
        length, kind = struct.unpack_from("<II", data, 12)
        if kind != 0x4E4F534A or 20 + length > len(data):
            raise ValueError("the JSON chunk is missing or truncated")
        text = data[20:20 + length]
    else:
        text = data
    try:
        doc = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"invalid glTF JSON: {exc}") from None
    if not isinstance(doc, dict) or "asset" not in doc:
        raise ValueError("not a glTF document (no 'asset')")
    return doc


def node_metadata(doc: dict) -> dict[str, tuple[dict, dict]]:
    """{node name: (extras, extensions)} for every node that carries either."""
    found: dict[str, tuple[dict, dict]] = {}
    for i, node in enumerate(doc.get("nodes", [])):
        if not isinstance(node, dict):
            continue
        extras, extensions = _object(node.get("extras")), _object(node.get("extensions"))
        if extras or extensions:
            found[str(node.get("name", f"node_{i}"))] = (extras, extensions)
    return found


def _object(value: object) -> dict[str, Any]:
    """A JSON object as is; anything else (a list, a number, absent) as an empty one."""
    return value if isinstance(value, dict) else {}


def external_uris(doc: dict) -> list[str]:
    """URIs of buffers and images that live in files beside the glTF (not data: URIs)."""
    uris = []
    for key in ("buffers", "images"):
        for item in doc.get(key, []):
            uri = item.get("uri") if isinstance(item, dict) else None
            if isinstance(uri, str) and not uri.startswith("data:"):
                uris.append(uri)
    return uris
