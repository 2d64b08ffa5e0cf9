"""Places from glTF node extensions: Mozilla Hubs components and OMI_spawn_point."""
from __future__ import annotations

import base64
import json

import numpy as np

from engine.venue import open_scene


def _gltf(tmp_path):
    pos = np.array([[0, 0, 0], [1, 0, 0], [0, 0, 1]], np.float32)
    idx = np.array([0, 1, 2], np.uint16)
    blob = pos.tobytes() + idx.tobytes() + b"\x00\x00"
    doc = {
        "asset": {"version": "2.0"},
        "scene": 0,
        "scenes": [{"nodes": [0, 1, 2, 3, 4]}],
        "nodes": [
            {"name": "floor", "mesh": 0,
             "extensions": {"MOZ_hubs_components": {"nav-mesh": {}}}},
            {"name": "Stage View", "translation": [5, 0, -2],
             "extensions": {"MOZ_hubs_components": {"waypoint": {"canBeSpawnPoint": False}}}},
            {"name": "Hubs Spawn", "translation": [1, 0, 3],
             "extensions": {"MOZ_hubs_components": {"spawn-point": {}}}},
            {"name": "omi", "translation": [-4, 2, 0],
             "rotation": [0, 0.7071068, 0, 0.7071068],
             "extensions": {"OMI_spawn_point": {"title": "Team Red Start", "team": "red"}}},
            {"name": "plain", "translation": [9, 9, 9]},
        ],
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
    p = tmp_path / "places.gltf"
    p.write_text(json.dumps(doc))
    return p


def test_hubs_and_omi_places(tmp_path):
    v = open_scene(_gltf(tmp_path))
    assert {"stage-view", "hubs-spawn", "team-red-start"} <= set(v.waypoints)
    assert "plain" not in v.waypoints
    sv = v.waypoints["stage-view"]
    assert sv.kind == "waypoint" and np.allclose(sv.position, (5, 1.6, -2))
    assert v.waypoints["team-red-start"].kind == "spawn"
    assert v.spawn is not None and v.spawn.kind == "spawn"
    # OMI node turned 90 degrees about +Y looks along -X
    omi = v.waypoints["team-red-start"]
    assert np.allclose(omi.position, (-4, 3.6, 0), atol=1e-5)
    assert omi.look_at[0] < omi.position[0] - 5
    assert v.navmesh_nodes == ["floor"]
    cam = v.view_camera("stage-view")
    assert np.allclose(cam.eye, (5, 1.6, -2))
