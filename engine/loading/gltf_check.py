"""The structure of a glTF document checked before its data is read.

A reader that trusts the document trips on it: a `nodes` that is null, a POSITION accessor of two
components or a node that is its own child end as numpy errors or an endless walk. Each check here
names what is wrong in the file's own terms (`nodes[3].children`), so the loader can refuse it with
one line. Only what the loader relies on is checked, not all of the glTF specification.
"""
from __future__ import annotations

import math
from typing import Any

MAX_URI = 2048                  # characters of a buffer or image URI (a file name, or a short data: URI)
MAX_DATA_URI = 256 << 20        # characters of an embedded (base64) buffer
MAX_ITEMS = 100_000             # entries of any one top-level array (nodes, accessors...)
MAX_COUNT = 50_000_000          # elements of one accessor
ARRAYS = ("accessors", "animations", "buffers", "bufferViews", "cameras", "images", "materials", "meshes",
          "nodes", "samplers", "scenes", "skins", "textures")
COMPONENTS = {5120: 1, 5121: 1, 5122: 2, 5123: 2, 5125: 4, 5126: 4}   # componentType: bytes
TYPES = {"SCALAR": 1, "VEC2": 2, "VEC3": 3, "VEC4": 4, "MAT2": 4, "MAT3": 9, "MAT4": 16}
# What each mesh attribute must be for the loader to read it.
ATTRIBUTE_TYPES = {"POSITION": ("VEC3",), "NORMAL": ("VEC3",), "TANGENT": ("VEC4",), "TEXCOORD_0": ("VEC2",),
                   "TEXCOORD_1": ("VEC2",), "COLOR_0": ("VEC3", "VEC4")}
INDEX_COMPONENTS = (5121, 5123, 5125)


class GltfError(ValueError):
    """The document's structure cannot be loaded; the message names the place (`meshes[0]...`)."""


def _index(value: Any, array: list[Any], where: str, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < len(array):
        raise GltfError(f"{where}: {name} must be an index into {len(array)} entries")
    return value


def _numbers(value: Any, n: int, where: str) -> None:
    if not (isinstance(value, list) and len(value) == n and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and abs(v) < 1e30 and math.isfinite(v)
            for v in value)):
        raise GltfError(f"{where}: expected {n} finite numbers")


def check_document(doc: dict[str, Any]) -> None:
    """Raise GltfError for the first structural problem the loader would trip on."""
    for key in ARRAYS:
        value = doc.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise GltfError(f"{key}: expected a list of objects")
        if len(value) > MAX_ITEMS:
            raise GltfError(f"{key}: {len(value):,} entries is above the limit of {MAX_ITEMS:,}")
    _check_uris(doc)
    _check_accessors(doc)
    _check_meshes(doc)
    _check_nodes(doc)
    _check_scenes(doc)


def _check_uris(doc: dict[str, Any]) -> None:
    for key in ("buffers", "images"):
        for i, item in enumerate(doc.get(key, [])):
            uri = item.get("uri")
            if uri is None:
                continue
            limit = MAX_DATA_URI if isinstance(uri, str) and uri.startswith("data:") else MAX_URI
            if not isinstance(uri, str) or len(uri) > limit or "\x00" in uri:
                raise GltfError(f"{key}[{i}].uri: expected a file name of at most {MAX_URI:,} characters")
    views = doc.get("bufferViews", [])
    for i, view in enumerate(views):
        _index(view.get("buffer"), doc.get("buffers", []), f"bufferViews[{i}]", "buffer")


def _check_accessors(doc: dict[str, Any]) -> None:
    views = doc.get("bufferViews", [])
    for i, acc in enumerate(doc.get("accessors", [])):
        where = f"accessors[{i}]"
        kind, component = acc.get("type"), acc.get("componentType")
        if not isinstance(kind, str) or kind not in TYPES or isinstance(component, bool) or component not in (
                *COMPONENTS,):
            raise GltfError(f"{where}: unknown type or componentType")
        count = acc.get("count")
        if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= MAX_COUNT:
            raise GltfError(f"{where}: count must be a whole number of 0..{MAX_COUNT:,}")
        if "bufferView" in acc:
            _index(acc["bufferView"], views, where, "bufferView")


def _check_meshes(doc: dict[str, Any]) -> None:
    accessors = doc.get("accessors", [])
    for m, mesh in enumerate(doc.get("meshes", [])):
        primitives = mesh.get("primitives")
        if not isinstance(primitives, list) or not all(isinstance(p, dict) for p in primitives):
            raise GltfError(f"meshes[{m}].primitives: expected a list of objects")
        for p, prim in enumerate(primitives):
            where = f"meshes[{m}].primitives[{p}]"
            attributes = prim.get("attributes")
            if not isinstance(attributes, dict) or "POSITION" not in attributes:
                raise GltfError(f"{where}.attributes: expected an object with POSITION")
            for name, index in attributes.items():
                acc = accessors[_index(index, accessors, f"{where}.attributes", name)]
                allowed = ATTRIBUTE_TYPES.get(name)
                if allowed and acc["type"] not in allowed:
                    raise GltfError(f"{where}.attributes.{name}: accessor {index} is {acc['type']}, "
                                    f"expected {' or '.join(allowed)}")
            if "indices" in prim:
                acc = accessors[_index(prim["indices"], accessors, where, "indices")]
                if acc["type"] != "SCALAR" or acc["componentType"] not in INDEX_COMPONENTS:
                    raise GltfError(f"{where}.indices: expected unsigned SCALAR indices")


def _check_nodes(doc: dict[str, Any]) -> None:
    nodes, meshes = doc.get("nodes", []), doc.get("meshes", [])
    parent: dict[int, int] = {}
    for i, node in enumerate(nodes):
        where = f"nodes[{i}]"
        if "mesh" in node:
            _index(node["mesh"], meshes, where, "mesh")
        for key, n in (("matrix", 16), ("translation", 3), ("rotation", 4), ("scale", 3)):
            if key in node:
                _numbers(node[key], n, f"{where}.{key}")
        children = node.get("children", [])
        if not isinstance(children, list):
            raise GltfError(f"{where}.children: expected a list of node indices")
        for child in children:
            _index(child, nodes, f"{where}.children", "each child")
            if child in parent:
                raise GltfError(f"node {child} ({_name(nodes, child)}) has two parents: nodes {parent[child]} "
                                f"and {i}; glTF nodes form trees")
            parent[child] = i
    cycle = _find_cycle(parent)
    if cycle:
        path = " -> ".join(f"{n} ({_name(nodes, n)})" for n in cycle)
        raise GltfError(f"the nodes form a cycle: {path}; a node cannot contain itself")


def _name(nodes: list[dict[str, Any]], i: int) -> str:
    name = nodes[i].get("name")
    return repr(name[:40]) if isinstance(name, str) else "unnamed"


def _find_cycle(parent: dict[int, int]) -> list[int] | None:
    """The nodes of a cycle in the child -> parent map, from a node back to itself, or None. Each
    node has at most one parent, so following parents either ends at a root or goes round a cycle."""
    done: set[int] = set()
    for start in parent:
        path: list[int] = []
        seen: dict[int, int] = {}
        node: int | None = start
        while node is not None and node not in done:
            if node in seen:
                # Parents run upwards; the cycle read downwards (parent -> child) is the reverse.
                loop = path[seen[node]:]
                return [*loop[::-1], loop[-1]]
            seen[node] = len(path)
            path.append(node)
            node = parent.get(node)
        done.update(path)
    return None


def _check_scenes(doc: dict[str, Any]) -> None:
    scenes, nodes = doc.get("scenes", []), doc.get("nodes", [])
    for s, scene in enumerate(scenes):
        roots = scene.get("nodes", [])
        if not isinstance(roots, list):
            raise GltfError(f"scenes[{s}].nodes: expected a list of node indices")
        for root in roots:
            _index(root, nodes, f"scenes[{s}].nodes", "each node")
    if "scene" in doc:
        _index(doc["scene"], scenes, "scene", "scene")


def triangle_estimate(doc: dict[str, Any]) -> int:
    """Triangles the meshes hold, from the accessor counts (each mesh once, however many nodes use it):
    a strip or fan of n vertices holds n - 2, a list n / 3."""
    accessors = doc.get("accessors", [])
    total = 0
    for mesh in doc.get("meshes", []):
        for prim in mesh["primitives"]:
            index = prim.get("indices", prim["attributes"]["POSITION"])
            count = accessors[index]["count"]
            total += max(count - 2, 0) if prim.get("mode") in (5, 6) else count // 3
    return total
