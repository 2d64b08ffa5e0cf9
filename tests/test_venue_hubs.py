"""Places from glTF node extensions: Mozilla Hubs components and OMI_spawn_point, read as Hubs reads them."""
from __future__ import annotations

import base64
import json
import math

import numpy as np
import pytest
from helpers import FakeServices

from engine.app.controllers import FlyController
from engine.app.model_mode import ModelMode
from engine.cli import build_parser
from engine.commands.inspect import describe
from engine.commands.view import mode_factory
from engine.errors import UserError
from engine.venue import open_scene


def _yaw(deg: float) -> list[float]:
    """A glTF rotation quaternion (x, y, z, w) turning `deg` degrees about +Y."""
    half = math.radians(deg) / 2
    return [0.0, math.sin(half), 0.0, math.cos(half)]


def _gltf(tmp_path, nodes: list[dict], name: str = "places.gltf"):
    """A one-triangle model (node 0, the floor) plus `nodes`, all at the scene's root."""
    pos = np.array([[0, 0, 0], [1, 0, 0], [0, 0, 1]], np.float32)
    idx = np.array([0, 1, 2], np.uint16)
    blob = pos.tobytes() + idx.tobytes() + b"\x00\x00"
    floor = {"name": "floor", "mesh": 0, "extensions": {"MOZ_hubs_components": {"nav-mesh": {}}}}
    doc = {
        "asset": {"version": "2.0"},
        "scene": 0,
        "scenes": [{"nodes": list(range(len(nodes) + 1))}],
        "nodes": [floor, *nodes],
        "meshes": [{"primitives": [{"attributes": {"POSITION": 0}, "indices": 1}]}],
        "accessors": [
            {"bufferView": 0, "componentType": 5126, "count": 3, "type": "VEC3", "min": [0, 0, 0], "max": [1, 0, 1]},
            {"bufferView": 1, "componentType": 5123, "count": 3, "type": "SCALAR"},
        ],
        "bufferViews": [{"buffer": 0, "byteOffset": 0, "byteLength": 36},
                        {"buffer": 0, "byteOffset": 36, "byteLength": 6}],
        "buffers": [{"byteLength": len(blob),
                     "uri": "data:application/octet-stream;base64," + base64.b64encode(blob).decode()}],
        "extensionsUsed": ["MOZ_hubs_components", "OMI_spawn_point"],
    }
    p = tmp_path / name
    p.write_text(json.dumps(doc))
    return p


def _hubs(**components) -> dict:
    return {"MOZ_hubs_components": components}


PLACES = [
    {"name": "Stage View", "translation": [5, 0, -2], "extensions": _hubs(waypoint={"canBeSpawnPoint": False})},
    {"name": "Hubs Spawn", "translation": [1, 0, 3], "extensions": _hubs(**{"spawn-point": {}})},
    {"name": "omi", "translation": [-4, 2, 0], "rotation": _yaw(90),
     "extensions": {"OMI_spawn_point": {"title": "Team Red Start", "team": "red"}}},
    {"name": "plain", "translation": [9, 9, 9]},
]


def _look(wp) -> np.ndarray:
    d = np.subtract(wp.look_at, wp.position)
    return d / np.linalg.norm(d)


def test_hubs_and_omi_places(tmp_path):
    v = open_scene(_gltf(tmp_path, PLACES))
    assert {"stage-view", "hubs-spawn", "team-red-start"} <= set(v.waypoints)
    assert "plain" not in v.waypoints
    sv = v.waypoints["stage-view"]
    assert sv.kind == "waypoint" and np.allclose(sv.position, (5, 1.6, -2))
    assert v.waypoints["team-red-start"].kind == "spawn"
    assert v.spawn in (v.waypoints["hubs-spawn"], v.waypoints["team-red-start"])
    # An OMI spawn point turned 90 degrees about +Y looks along its -Z axis: -X.
    omi = v.waypoints["team-red-start"]
    assert np.allclose(omi.position, (-4, 3.6, 0), atol=1e-5)
    assert np.allclose(_look(omi), (-1, 0, 0), atol=1e-6)
    assert omi.team == "red"
    assert v.navmesh_nodes == ["floor"]
    cam = v.view_camera("stage-view")
    assert np.allclose(cam.eye, (5, 1.6, -2))


@pytest.mark.parametrize(("deg", "looks"), [(0, (0, 0, 1)), (90, (1, 0, 0)), (180, (0, 0, -1)), (-90, (-1, 0, 0))])
def test_waypoints_face_as_in_hubs(tmp_path, deg, looks):
    """Hubs turns a waypoint by pi about world up before use: the viewer looks along the node's +Z."""
    node = {"name": "w", "rotation": _yaw(deg), "extensions": _hubs(waypoint={})}
    v = open_scene(_gltf(tmp_path, [node]))
    assert np.allclose(_look(v.waypoints["w"]), looks, atol=1e-6)


def test_deprecated_spawn_point_faces_like_a_waypoint(tmp_path):
    node = {"name": "s", "rotation": _yaw(90), "extensions": _hubs(**{"spawn-point": {}})}
    v = open_scene(_gltf(tmp_path, [node]))
    assert np.allclose(_look(v.spawn), (1, 0, 0), atol=1e-6)
    assert v.spawn.flags["canBeSpawnPoint"] is True


def test_spawn_is_chosen_by_can_be_spawn_point(tmp_path):
    nodes = [
        {"name": "lobby", "translation": [0, 0, 0], "extensions": _hubs(waypoint={"canBeOccupied": True})},
        {"name": "seat 1", "translation": [3, 0, 0],
         "extensions": _hubs(waypoint={"canBeSpawnPoint": True, "canBeOccupied": True, "canBeClicked": True})},
        {"name": "seat 2", "translation": [6, 0, 0], "extensions": _hubs(waypoint={"canBeSpawnPoint": True})},
    ]
    v = open_scene(_gltf(tmp_path, nodes))
    # Hubs picks one of the waypoints that can be a spawn point; never one that cannot.
    assert v.spawn.id in ("seat-1", "seat-2") and v.spawn.kind == "spawn"
    lobby = v.waypoints["lobby"]
    assert lobby.kind == "waypoint" and lobby.flags["canBeOccupied"] and not lobby.flags["canBeSpawnPoint"]
    assert v.waypoints["seat-1"].flags == {
        "canBeSpawnPoint": True, "canBeOccupied": True, "canBeClicked": True, "willDisableMotion": False,
        "willDisableTeleporting": False, "willMaintainInitialOrientation": False, "snapToNavMesh": False}


def test_older_extension_name_and_underscored_components(tmp_path):
    nodes = [{"name": "old", "translation": [2, 0, 2],
              "extensions": {"HUBS_components": {"waypoint": {"canBeSpawnPoint": True}}}},
             {"name": "walk", "mesh": 0, "extensions": {"HUBS_components": {"nav_mesh": {}}}}]
    v = open_scene(_gltf(tmp_path, nodes))
    assert v.spawn is v.waypoints["old"]
    assert sorted(v.navmesh_nodes) == ["floor", "walk"]


def test_links_and_media_frames_are_kept_and_inspected(tmp_path):
    nodes = [
        {"name": "to-main", "translation": [1, 2, 3], "extensions": _hubs(link={"href": "https://example.org/main"})},
        {"name": "poster", "translation": [0, 1.5, -4],
         "extensions": _hubs(**{"media-frame": {"bounds": {"x": 2, "y": 1, "z": 0.1}, "mediaType": "all-2d"}})},
        {"name": "door", "extensions": _hubs(waypoint={"canBeClicked": True}, networked={"id": "A1"})},
    ]
    info = describe(open_scene(_gltf(tmp_path, nodes)))
    records = {r["node"]: r for r in info["hubs"]["records"]}
    assert records["to-main"] == {"kind": "link", "node": "to-main", "position": [1, 2, 3],
                                  "data": {"href": "https://example.org/main"}}
    assert records["poster"]["kind"] == "media-frame" and records["poster"]["data"]["mediaType"] == "all-2d"
    assert info["hubs"]["nav_meshes"] == ["floor"]
    door = next(w for w in info["waypoints"] if w["id"] == "door")
    assert door["flags"]["canBeClicked"] is True
    assert door["components"]["networked"] == {"id": "A1"}
    json.dumps(info)   # all of it plain JSON


# ------------------------------------------------------------------------------------------ the viewer
def test_goto_a_models_waypoint(tmp_path):
    path = _gltf(tmp_path, PLACES)
    venue = open_scene(path)
    args = build_parser().parse_args(["view", str(path), "--goto", "stage-view"])
    factory, _keys = mode_factory(args, venue)
    mode = factory(FakeServices(venue))
    assert isinstance(mode, ModelMode) and isinstance(mode.controller, FlyController)
    assert np.allclose(mode.camera.eye, (5, 1.6, -2))
    d = mode.camera.target - mode.camera.eye
    assert np.allclose(d / np.linalg.norm(d), (0, 0, 1))   # where the waypoint looks: its node's +Z


def test_goto_refuses_an_unknown_waypoint_with_hints(tmp_path):
    path = _gltf(tmp_path, PLACES)
    venue = open_scene(path)
    args = build_parser().parse_args(["view", str(path), "--goto", "stage-veiw"])
    with pytest.raises(UserError, match="did you mean stage-view"):
        mode_factory(args, venue)


def test_goto_on_a_model_without_waypoints(tmp_path):
    path = _gltf(tmp_path, [])
    args = build_parser().parse_args(["view", str(path), "--goto", "x"])
    with pytest.raises(UserError, match="no waypoints"):
        mode_factory(args, open_scene(path))


def test_go_to_list_lists_the_waypoints_and_goes_there(tmp_path):
    venue = open_scene(_gltf(tmp_path, PLACES))
    services = FakeServices(venue)
    mode = ModelMode(services)
    mode.handlers()["go_to"]()
    assert mode.focus() is mode.places
    keys = [e.key for e in mode.places.matches()]
    assert set(keys) == set(venue.waypoints) and keys[0] in ("hubs-spawn", "team-red-start")
    mode.places.type("stage")
    assert [e.key for e in mode.places.matches()] == ["stage-view"]
    assert [w.key for w in mode.widgets(services.size)] == ["Go to"]
    mode.handlers()["panel_choose"]()
    assert mode.focus() is None and mode.widgets(services.size) == []
    assert np.allclose(mode.camera.eye, (5, 1.6, -2))


def test_go_to_list_on_a_model_without_waypoints(tmp_path):
    services = FakeServices(open_scene(_gltf(tmp_path, [])))
    mode = ModelMode(services)
    mode.handlers()["go_to"]()
    assert mode.focus() is None
    assert "no waypoints" in services.toasts.texts[-1]
