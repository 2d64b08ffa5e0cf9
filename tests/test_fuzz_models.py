"""Property-based tests of the model loader: any glTF document, GLB container, OBJ, PLY or STL gives a
scene that can be drawn (batches, bounds) or one UserError line, and opens no file outside the model's
folder."""
from __future__ import annotations

import json
import struct
from pathlib import Path

import trimesh
from fuzzing import byte_mutations, mutated, result_or_user_error
from hypothesis import example, given
from hypothesis import strategies as st

from engine.errors import UserError
from engine.loading import load_model
from engine.scene import Scene


def _glb_parts() -> tuple[dict, bytes]:
    """The JSON and BIN chunk of a small GLB: a box drawn by two nodes, one the other's child."""
    scene = trimesh.Scene()
    box = trimesh.creation.box()
    box.visual.face_colors = [200, 30, 30, 255]
    scene.add_geometry(box, geom_name="box", node_name="a")
    scene.add_geometry(box, geom_name="box", node_name="b", parent_node_name="a",
                       transform=trimesh.transformations.translation_matrix([3, 0, 0]))
    data = scene.export(file_type="glb")
    length = struct.unpack_from("<I", data, 12)[0]
    return json.loads(data[20:20 + length]), data[20 + length:]


DOC, BIN = _glb_parts()


def glb(doc: object, bin_chunk: bytes = BIN) -> bytes:
    text = json.dumps(doc).encode()
    text += b" " * (-len(text) % 4)
    body = struct.pack("<II", len(text), 0x4E4F534A) + text + bin_chunk
    return b"glTF" + struct.pack("<II", 2, 12 + len(body)) + body


def _load(folder: Path, name: str, data: bytes) -> Scene | UserError:
    path = folder / name
    path.write_bytes(data)
    before = sorted(folder.iterdir())
    out = result_or_user_error(lambda: _drawable(load_model(path)))
    assert sorted(folder.iterdir()) == before, "loading a model wrote a file"
    assert isinstance(out, (Scene, UserError))
    return out


def _drawable(scene: Scene) -> Scene:
    """What the renderer asks of a scene before drawing it."""
    scene.batches()
    scene.bounds()
    scene.triangle_count()
    return scene


def _with(path: tuple, value: object) -> dict:
    doc = json.loads(json.dumps(DOC))
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return doc


@given(doc=mutated(DOC, root=True))
@example(doc=_with(("nodes",), None))
@example(doc=_with(("nodes",), 5))
@example(doc=_with(("images",), None))
@example(doc=_with(("accessors", 1, "type"), "VEC2"))
@example(doc=_with(("accessors", 1, "type"), "SCALAR"))
@example(doc=_with(("buffers", 0, "uri"), "a" * 5000))
@example(doc=_with(("nodes", 0, "children"), [0]))
@example(doc=_with(("nodes", 1, "children"), [0]))
@example(doc=_with(("nodes", 1, "matrix"), [1e30, 0, 0, 0, 0, 1e30, 0, 0, 0, 0, 1e30, 0, 0, 0, 0, 1]))
def test_any_gltf_document_loads_or_fails_with_one_line(tmp_path_factory, doc):
    _load(tmp_path_factory.mktemp("gltf"), "model.glb", glb(doc))


FIELDS = (4, 8, 12, 16)   # version, total length, JSON chunk length, JSON chunk type


@given(data=byte_mutations(glb(DOC)), field=st.sampled_from(FIELDS) | st.none(),
       value=st.integers(0, 2 ** 32 - 1) | st.sampled_from([0, 1, 2, 0x4E4F534A, 0x004E4942, 2 ** 31]))
def test_any_glb_container_loads_or_fails_with_one_line(tmp_path_factory, data, field, value):
    if field is not None and len(data) >= field + 4:
        data = data[:field] + struct.pack("<I", value) + data[field + 4:]
    _load(tmp_path_factory.mktemp("glb"), "model.glb", data)


NUMBERS = st.sampled_from(["0", "1", "-1", "1e308", "nan", "inf", "1e400", "0x10", "", "9" * 30]) | st.floats().map(str)


@st.composite
def obj_files(draw: st.DrawFn) -> bytes:
    """OBJ lines of every kind the reader knows, with arbitrary counts of arbitrary numbers."""
    lines = ["v 0 0 0", "v 1 0 0", "v 0 1 0"] if draw(st.booleans()) else []
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(["v", "vt", "vn", "f", "f", "o", "g", "usemtl", "mtllib", "s", "l", "#"]))
        words = draw(st.lists(NUMBERS | st.sampled_from(["1/1", "1//1", "-1", "4", "a", "../x.mtl"]), max_size=6))
        lines.append(" ".join([kind, *words]))
    return "\n".join(lines).encode("utf-8", "replace")


@given(data=obj_files())
@example(data=b"v 1 2\nv 0 0 0\nv 1 1 1\nf 1 2 3\n")
def test_any_obj_loads_or_fails_with_one_line(tmp_path_factory, data):
    _load(tmp_path_factory.mktemp("obj"), "model.obj", data)


PLY_TYPES = ["float", "double", "int", "uchar", "char", "short", "uint", "float32", "int8", "bogus"]


@st.composite
def ply_files(draw: st.DrawFn) -> bytes:
    """A PLY header of arbitrary elements, counts and property types, then an arbitrary body."""
    fmt = draw(st.sampled_from(["ascii", "binary_little_endian", "binary_big_endian", "weird"]))
    head = ["ply", f"format {fmt} 1.0"]
    for element in draw(st.lists(st.sampled_from(["vertex", "face", "edge", "other"]), max_size=3)):
        count = draw(st.integers(0, 20) | st.sampled_from([10 ** 7, 2 ** 31, 10 ** 30]))
        head.append(f"element {element} {count}")
        for prop in draw(st.lists(st.sampled_from(["x", "y", "z", "red", "nx"]), max_size=4)):
            head.append(f"property {draw(st.sampled_from(PLY_TYPES))} {prop}")
        if element == "face" and draw(st.booleans()):
            head.append("property list uchar int vertex_indices")
    body = draw(st.binary(max_size=200) | st.just(b"0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n"))
    return "\n".join(head + ["end_header", ""]).encode() + body


@given(data=ply_files())
def test_any_ply_loads_or_fails_with_one_line(tmp_path_factory, data):
    _load(tmp_path_factory.mktemp("ply"), "model.ply", data)


@given(count=st.integers(0, 2 ** 32 - 1) | st.sampled_from([0, 1, 2, 10_000_000]),
       body=st.binary(max_size=300), ascii_stl=st.booleans(), words=st.lists(NUMBERS, max_size=9))
@example(count=0, body=b"", ascii_stl=True, words=["1e308", "0", "1e308", "0", "0", "0", "0", "0", "0"])
def test_any_stl_loads_or_fails_with_one_line(tmp_path_factory, count, body, ascii_stl, words):
    if ascii_stl:
        vertices = " ".join(words)
        data = f"solid x\nfacet normal 0 0 1\nouter loop\nvertex {vertices}\nendloop\nendfacet\nendsolid x\n".encode()
    else:
        data = b"\x00" * 80 + struct.pack("<I", count) + body
    _load(tmp_path_factory.mktemp("stl"), "model.stl", data)
