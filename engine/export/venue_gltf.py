"""The whole venue as one binary glTF (.glb) with Mozilla Hubs components.

What is drawn comes from the venue's scene as the viewer draws it: a mesh used by many nodes (trees,
lamps, seats) is written once. With instancing it is one node carrying `EXT_mesh_gpu_instancing`
(TRANSLATION, ROTATION, SCALE per copy), listed in extensionsRequired as well as extensionsUsed: a
viewer that cannot draw the copies (which would show one prop at the origin and none where they
stand) refuses the file rather than showing a venue with its props missing. Blender (3.6 and later)
and three.js (r146 and later) read the extension. Without instancing every copy is a node of its own,
which any glTF viewer (Hubs included) draws.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from engine.agenda.model import Session
from engine.export.glb import GltfBuilder
from engine.export.meshes import MeshWriter
from engine.export.transforms import decompose, is_identity
from engine.export.venue_nodes import (
    HUBS,
    HUBS_VERSION,
    booth_nodes,
    hall_nodes,
    hidden_material,
    navmesh_node,
    waypoint_nodes,
)
from engine.scene.graph import Batch
from engine.venue.model import Venue

INSTANCING = "EXT_mesh_gpu_instancing"
GENERATOR = "anting-venue export"


def export_venue(venue: Venue, sessions: list[Session], instancing: bool = True,
                 progress: Callable[[Iterable[Batch]], Iterable[Batch]] = lambda items: items) -> bytes:
    """The venue as .glb bytes: its meshes, halls, booths, waypoints (the spawn among them) and nav
    mesh; `progress` wraps the list of meshes being written (a progress bar)."""
    gltf = GltfBuilder(GENERATOR)
    meshes = MeshWriter(gltf)
    roots = [_batch_node(gltf, meshes, batch, instancing) for batch in progress(venue.scene.batches())]
    if venue.halls:
        roots.append(hall_nodes(gltf, venue, sessions))
    if venue.booths:
        roots.append(booth_nodes(gltf, venue))
    if venue.waypoints:
        roots.append(waypoint_nodes(gltf, venue.waypoints.values(), venue.spawn))
    walkable = _navmesh(venue)
    if walkable is not None:
        roots.append(navmesh_node(gltf, *walkable, hidden_material(gltf)))
    gltf.doc["scene"] = 0
    gltf.doc["scenes"] = [{"name": venue.name or venue.scene.name or "venue", "nodes": roots}]
    if HUBS in gltf.used:
        gltf.doc["extensions"] = {HUBS: {"version": HUBS_VERSION}}
    return gltf.glb()


def _batch_node(gltf: GltfBuilder, meshes: MeshWriter, batch: Batch, instancing: bool) -> int:
    """The node(s) drawing one mesh wherever the scene draws it."""
    mesh = meshes.mesh(batch.mesh)
    name = batch.mesh.name or f"mesh-{mesh}"
    if len(batch.transforms) == 1:
        return gltf.append("nodes", {"name": name, "mesh": mesh, **_placement(batch.transforms[0])})
    if instancing:
        gltf.use(INSTANCING, required=True)
        t, r, s = decompose(batch.transforms)
        attributes = {"TRANSLATION": gltf.accessor(t), "ROTATION": gltf.accessor(r), "SCALE": gltf.accessor(s)}
        return gltf.append("nodes", {"name": f"{name}-instances", "mesh": mesh,
                                     "extensions": {INSTANCING: {"attributes": attributes}}})
    children = [gltf.append("nodes", {"name": f"{name}-{k}", "mesh": mesh, **_placement(m)})
                for k, m in enumerate(batch.transforms)]
    return gltf.append("nodes", {"name": f"{name}-instances", "children": children})


def _placement(matrix: np.ndarray) -> dict[str, Any]:
    """A node's translation, rotation and scale (left out where they change nothing)."""
    if is_identity(matrix):
        return {}
    t, r, s = (v[0] for v in decompose(matrix[None]))
    out: dict[str, Any] = {}
    if np.any(t != 0):
        out["translation"] = [float(v) for v in t]
    if not np.allclose(r, [0, 0, 0, 1]):
        out["rotation"] = [float(v) for v in r]
    if not np.allclose(s, 1):
        out["scale"] = [float(v) for v in s]
    return out


def _navmesh(venue: Venue) -> tuple[np.ndarray, np.ndarray] | None:
    """The venue's nav mesh (vertices (V, 2) x/z, triangles (T, 3)), or None for a model."""
    if venue.floor is None and venue.walkable is None:
        return None
    from engine.world.venue_nav import navmesh_for
    mesh = navmesh_for(venue)
    return (mesh.vertices, mesh.triangles) if len(mesh.triangles) else None
