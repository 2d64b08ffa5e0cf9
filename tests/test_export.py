"""`export`: the venue as a binary glTF with Hubs components, checked byte by byte and read back."""
from __future__ import annotations

import json
import struct

import numpy as np
import pytest
import trimesh
from helpers import broken

from engine.cli import main
from engine.export.transforms import decompose
from engine.loading import load_model
from engine.venue import open_scene
from engine.venue.hubs import read_hubs

COMPONENT_DTYPES = {5126: np.float32, 5123: np.uint16, 5125: np.uint32}
WIDTHS = {"SCALAR": 1, "VEC2": 2, "VEC3": 3, "VEC4": 4}


def _chunks(data: bytes) -> tuple[dict, bytes]:
    """The JSON document and BIN chunk of a .glb, its framing checked on the way."""
    magic, version, total = struct.unpack_from("<III", data, 0)
    assert (magic, version, total) == (0x46546C67, 2, len(data))
    length, kind = struct.unpack_from("<II", data, 12)
    assert kind == 0x4E4F534A and length % 4 == 0
    doc = json.loads(data[20:20 + length])
    offset = 20 + length
    length, kind = struct.unpack_from("<II", data, offset)
    assert kind == 0x004E4942 and length % 4 == 0 and offset + 8 + length == total
    return doc, data[offset + 8:offset + 8 + length]


def _read(doc: dict, blob: bytes, index: int) -> np.ndarray:
    acc = doc["accessors"][index]
    view = doc["bufferViews"][acc["bufferView"]]
    dtype, width = COMPONENT_DTYPES[acc["componentType"]], WIDTHS[acc["type"]]
    start = view["byteOffset"] + acc.get("byteOffset", 0)
    arr = np.frombuffer(blob, dtype=dtype, count=acc["count"] * width, offset=start)
    return arr.reshape(acc["count"], width) if width > 1 else arr


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """A two-hall venue with an agenda, exported with and without instancing."""
    folder = tmp_path_factory.mktemp("export")
    scene = broken(folder)
    outs = {}
    for name, extra in (("instanced", []), ("nodes", ["--no-instancing"])):
        outs[name] = folder / f"{name}.glb"
        assert main(["export", str(scene), "--out", str(outs[name]), *extra]) == 0
    return open_scene(scene), outs


def test_the_file_is_well_formed(exported):
    _venue, outs = exported
    doc, blob = _chunks(outs["instanced"].read_bytes())
    assert doc["asset"]["version"] == "2.0" and doc["buffers"] == [{"byteLength": len(blob)}]
    assert set(doc.get("extensionsRequired", [])) <= set(doc["extensionsUsed"])
    assert {"MOZ_hubs_components", "EXT_mesh_gpu_instancing"} <= set(doc["extensionsUsed"])
    assert doc["extensions"]["MOZ_hubs_components"]["version"] == 4
    for view in doc["bufferViews"]:
        assert view["byteOffset"] % 4 == 0 and view["byteOffset"] + view["byteLength"] <= len(blob)
        assert "byteStride" not in view          # one tightly packed accessor per view
    used_views = [a["bufferView"] for a in doc["accessors"]] + [i["bufferView"] for i in doc.get("images", [])]
    assert len(used_views) == len(set(used_views)) == len(doc["bufferViews"])
    for mesh in doc["meshes"]:
        for prim in mesh["primitives"]:
            pos_acc = doc["accessors"][prim["attributes"]["POSITION"]]
            pos = _read(doc, blob, prim["attributes"]["POSITION"])
            assert np.allclose(pos_acc["min"], pos.min(axis=0)) and np.allclose(pos_acc["max"], pos.max(axis=0))
            assert doc["bufferViews"][pos_acc["bufferView"]]["target"] == 34962
            normals = _read(doc, blob, prim["attributes"]["NORMAL"])
            assert np.allclose(np.linalg.norm(normals, axis=1), 1.0, atol=1e-5)
            idx_acc = doc["accessors"][prim["indices"]]
            assert idx_acc["componentType"] in (5123, 5125) and idx_acc["count"] % 3 == 0
            assert doc["bufferViews"][idx_acc["bufferView"]]["target"] == 34963
            assert _read(doc, blob, prim["indices"]).max() < len(pos)


def test_materials_and_images(exported):
    _venue, outs = exported
    doc, blob = _chunks(outs["instanced"].read_bytes())
    for mat in doc["materials"]:
        assert mat["alphaMode"] in ("OPAQUE", "MASK", "BLEND")
        assert len(mat["pbrMetallicRoughness"]["baseColorFactor"]) == 4
        assert all(0 <= c <= 1 for c in mat.get("emissiveFactor", []))
    assert any("KHR_materials_unlit" in m.get("extensions", {}) for m in doc["materials"]) == \
        ("KHR_materials_unlit" in doc["extensionsUsed"])
    for image in doc.get("images", []):
        view = doc["bufferViews"][image["bufferView"]]
        assert image["mimeType"] == "image/png"
        assert blob[view["byteOffset"]:view["byteOffset"] + 8] == b"\x89PNG\r\n\x1a\n"


def test_instances_are_where_the_scene_draws_them(exported):
    venue, outs = exported
    doc, blob = _chunks(outs["instanced"].read_bytes())
    by_name = {n["name"]: n for n in doc["nodes"]}
    instanced = [b for b in venue.scene.batches() if len(b.transforms) > 1]
    assert instanced
    for batch in instanced:
        node = by_name[f"{batch.mesh.name}-instances"]
        attrs = node["extensions"]["EXT_mesh_gpu_instancing"]["attributes"]
        t, r, s = (_read(doc, blob, attrs[k]) for k in ("TRANSLATION", "ROTATION", "SCALE"))
        want_t, want_r, want_s = decompose(batch.transforms)
        assert np.allclose(t, want_t, atol=1e-4) and np.allclose(s, want_s, atol=1e-5)
        assert np.allclose(np.abs((r * want_r).sum(axis=1)), 1.0, atol=1e-5)   # q and -q are one rotation
        assert np.allclose(np.linalg.norm(r, axis=1), 1.0, atol=1e-6)


def test_other_readers_open_it(exported):
    venue, outs = exported
    loaded = trimesh.load(str(outs["nodes"]), force="scene")
    assert len(loaded.geometry) == len(venue.scene.batches()) + 1     # and the nav mesh
    model = load_model(outs["nodes"])
    navmesh = model.find("nav-mesh").meshes[0].triangle_count
    assert model.triangle_count() == venue.scene.triangle_count() + navmesh


def test_the_instanced_file_reads_back_as_instances(exported):
    """EXT_mesh_gpu_instancing read back: every copy drawn, each instanced mesh still one shared mesh."""
    venue, outs = exported
    model = load_model(outs["instanced"])
    navmesh = model.find("nav-mesh").meshes[0].triangle_count
    assert model.triangle_count() == venue.scene.triangle_count() + navmesh
    want = sorted(len(b.transforms) for b in venue.scene.batches() if len(b.transforms) > 1)
    got = sorted(len(b.transforms) for b in model.batches() if len(b.transforms) > 1)
    assert got == want


def test_places_come_back(exported):
    """Read back as a model: the same waypoint ids, positions within 1 cm, facing the same way, the
    same spawn, the halls and booths by name with their sessions, and the nav mesh marked."""
    venue, outs = exported
    for out in outs.values():
        model = load_model(out)
        places = read_hubs(model)
        assert set(places.waypoints) == set(venue.waypoints)
        for wid, wp in venue.waypoints.items():
            back = places.waypoints[wid]
            assert np.allclose(back.position, wp.position, atol=0.01), wid
            assert np.allclose(_facing(back), _facing(wp), atol=1e-3), wid
            assert back.name == wp.name
        assert places.spawn is not None and places.spawn.id == venue.spawn.id == "spawn"
        assert [w.id for w in places.waypoints.values() if w.flags["canBeSpawnPoint"]] == ["spawn"]
        assert places.navmeshes == ["nav-mesh"]
        for hall in venue.halls.values():
            node = model.find(f"hall:{hall.id}")
            assert node is not None and node.extras["name"] == hall.name
        assert model.find("hall:hall-a").extras["seats"] == venue.halls["hall-a"].seats
        titles = [s["title"] for s in model.find("hall:hall-a").extras["sessions"]]
        assert titles == ["Opening talk", "Clashing panel", "Afternoon session"]
        assert all(model.find(f"booth:{b}") is not None for b in venue.booths)


def _facing(wp) -> np.ndarray:
    d = np.array([wp.look_at[0] - wp.position[0], 0.0, wp.look_at[2] - wp.position[2]])
    return d / np.linalg.norm(d)


def test_bad_outputs_leave_nothing(tmp_path, capsys):
    scene = broken(tmp_path)
    assert main(["export", str(scene), "--out", str(tmp_path / "v.gltf")]) == 2
    assert main(["export", str(scene), "--out", str(tmp_path / "missing" / "v.glb")]) == 2
    err = capsys.readouterr().err
    assert "must be a .glb" in err and "does not exist" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["agenda.ics", "broken.toml"]


def test_help_explains_the_choices(capsys):
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    out = capsys.readouterr().out
    assert "EXT_mesh_gpu_instancing" in out and "--no-instancing" in out and "MOZ_hubs_components" in out
