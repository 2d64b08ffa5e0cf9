"""The venue's own nodes in an exported glTF: halls and booths (their facts and sessions as extras),
waypoints and the spawn as Hubs waypoints, and the walkable area as a Hubs nav mesh.

Hubs puts a viewer at a waypoint's feet, turned by pi about world up: the node stands at the place's
eye height less 1.6 m, its +Z axis along where the place looks (see engine.venue.hubs).
"""
from __future__ import annotations

import math
import uuid
from collections.abc import Iterable
from typing import Any

import numpy as np

from engine.agenda.model import Session
from engine.export.glb import ARRAY_BUFFER, ELEMENT_ARRAY_BUFFER, GltfBuilder
from engine.export.transforms import yaw_quaternion
from engine.venue.hubs import EYE, hubs_yaw
from engine.venue.model import Venue, Waypoint
from engine.world.venue_nav import NOT_PLACES

HUBS = "MOZ_hubs_components"
HUBS_VERSION = 4                 # what the Hubs Blender exporter writes
NAVMESH_LIFT_M = 0.02            # above the paving, so a Hubs avatar's feet find it
_IDS = uuid.UUID("6f1d3c2a-5b7e-4e8f-9a10-2c3d4e5f6a7b")   # namespace for stable networked ids


def hall_nodes(gltf: GltfBuilder, venue: Venue, sessions: list[Session]) -> int:
    """A "halls" group with a node per hall at its centre, turned as the hall is; the hall's facts
    and its sessions are the node's extras."""
    children = []
    for hall in venue.halls.values():
        extras = {"id": hall.id, "name": hall.name, "kind": str(hall.kind), "theme": hall.theme,
                  "capacity": hall.capacity, "seats": hall.seats, "size": [float(v) for v in hall.size],
                  "sessions": [_session(s) for s in sessions if s.hall == hall.id]}
        children.append(gltf.append("nodes", {
            "name": f"hall:{hall.id}", "translation": [float(hall.center[0]), 0.0, float(hall.center[1])],
            "rotation": yaw_quaternion(math.radians(hall.rotation)), "extras": extras}))
    return gltf.append("nodes", {"name": "halls", "children": children})


def booth_nodes(gltf: GltfBuilder, venue: Venue) -> int:
    children = []
    for booth in venue.booths.values():
        x, z = booth.placed_at
        children.append(gltf.append("nodes", {
            "name": f"booth:{booth.id}", "translation": [float(x), 0.0, float(z)],
            "rotation": yaw_quaternion(math.radians(booth.facing or 0.0)),
            "extras": {"id": booth.id, "name": booth.name, "hall": booth.hall, "description": booth.description}}))
    return gltf.append("nodes", {"name": "booths", "children": children})


def waypoint_nodes(gltf: GltfBuilder, waypoints: Iterable[Waypoint], spawn: Waypoint | None) -> int:
    """A "waypoints" group: a Hubs waypoint per place, named by its id; the spawn can be a spawn point."""
    gltf.use(HUBS)
    children = [gltf.append("nodes", waypoint_node(wp, spawn is not None and wp.id == spawn.id))
                for wp in waypoints]
    return gltf.append("nodes", {"name": "waypoints", "children": children})


def waypoint_node(wp: Waypoint, is_spawn: bool) -> dict[str, Any]:
    walkable = wp.kind not in NOT_PLACES           # aerial and track-side views are flown to
    flags = {"canBeSpawnPoint": is_spawn, "canBeOccupied": False, "canBeClicked": True,
             "willDisableMotion": False, "willDisableTeleporting": False,
             "willMaintainInitialOrientation": False, "snapToNavMesh": walkable and not is_spawn}
    feet = [float(wp.position[0]), float(wp.position[1]) - EYE, float(wp.position[2])]
    return {"name": wp.id, "translation": feet, "rotation": yaw_quaternion(hubs_yaw(wp)),
            "extras": {"name": wp.name, "kind": wp.kind},
            "extensions": {HUBS: {"waypoint": flags, "networked": {"id": str(uuid.uuid5(_IDS, wp.id)).upper()}}}}


def navmesh_node(gltf: GltfBuilder, vertices: np.ndarray, triangles: np.ndarray, material: int) -> int:
    """The walkable plan (vertices (V, 2) x/z, triangles (T, 3)) as a mesh facing up, marked `nav-mesh`
    and hidden (`visible` false; its material is also fully transparent for viewers without Hubs)."""
    gltf.use(HUBS)
    pos = np.column_stack([vertices[:, 0], np.full(len(vertices), NAVMESH_LIFT_M), vertices[:, 1]]).astype(np.float32)
    tri = np.asarray(triangles, dtype=np.int64)
    a, b, c = pos[tri[:, 0]], pos[tri[:, 1]], pos[tri[:, 2]]
    down = np.cross(b - a, c - a)[:, 1] < 0
    tri[down] = tri[down][:, [0, 2, 1]]            # every triangle's front faces up
    normals = np.tile(np.array([0.0, 1.0, 0.0], np.float32), (len(pos), 1))
    index_type = np.uint16 if len(pos) < 65535 else np.uint32
    primitive = {"attributes": {"POSITION": gltf.accessor(pos, ARRAY_BUFFER, bounds=True),
                                "NORMAL": gltf.accessor(normals, ARRAY_BUFFER)},
                 "indices": gltf.accessor(tri.reshape(-1).astype(index_type), ELEMENT_ARRAY_BUFFER),
                 "material": material, "mode": 4}
    mesh = gltf.append("meshes", {"name": "nav-mesh", "primitives": [primitive]})
    return gltf.append("nodes", {"name": "nav-mesh", "mesh": mesh,
                                 "extensions": {HUBS: {"nav-mesh": {}, "visible": {"visible": False}}}})


def hidden_material(gltf: GltfBuilder) -> int:
    return gltf.append("materials", {"name": "nav-mesh", "alphaMode": "BLEND",
                                     "pbrMetallicRoughness": {"baseColorFactor": [0.0, 0.6, 1.0, 0.0]}})


def _session(s: Session) -> dict[str, Any]:
    out: dict[str, Any] = {"id": s.id, "title": s.title, "start": s.start.isoformat(), "end": s.end.isoformat(),
                           "room": s.room}
    if s.speakers:
        out["speakers"] = list(s.speakers)
    if s.track:
        out["track"] = s.track
    return out
