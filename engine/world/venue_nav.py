"""The one place where the world layer reads the venue: its nav mesh, its named places, its spawn.

Expects an `engine.venue.Venue` with (for scene files) `floor` and `obstacles` (shapely geometry in
plan x/z) or `walkable`, `waypoints` ({id: Waypoint with position (x, y, z) and kind}), `halls`
({id: Hall with doors, each with inside_point(distance)}) and `spawn` (a Waypoint).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from engine.world.navmesh import NavMesh

AGENT_RADIUS = 0.3
# Waypoint kinds that are camera views rather than places to walk to (aerial overviews, track-side
# markers out on the circuit, stage views from the back row that duplicate the hall).
NOT_PLACES = frozenset({"overview", "circuit", "stage", "interior"})
HALL_DEPTH_M = 3.0  # a hall's place is this far inside its first door: "in the hall", not on the step


def navmesh_for(venue: Any, agent_radius: float = AGENT_RADIUS) -> NavMesh:
    """The venue's nav mesh, built once per venue object (about 90 ms for the default venue)."""
    cached = getattr(venue, "_world_navmesh", None)
    if cached is not None and cached.agent_radius == agent_radius:
        return cached
    floor = getattr(venue, "floor", None)
    if floor is not None:
        mesh = NavMesh.build(floor, list(getattr(venue, "obstacles", None) or []), agent_radius)
    elif getattr(venue, "walkable", None) is not None:
        mesh = NavMesh.build(venue.walkable, [], agent_radius)
    else:
        raise ValueError("the scene has no walkable floor (a model file carries no venue layout)")
    venue._world_navmesh = mesh
    return mesh


def place_points(venue: Any) -> dict[str, tuple[float, float]]:
    """{place id: (x, z)} for every hall, booth, experience, entrance and named waypoint, and the spawn."""
    places: dict[str, tuple[float, float]] = {}
    for wid, wp in (getattr(venue, "waypoints", None) or {}).items():
        if getattr(wp, "kind", "waypoint") not in NOT_PLACES:
            places[wid] = (float(wp.position[0]), float(wp.position[2]))
    for hid, hall in (getattr(venue, "halls", None) or {}).items():
        doors = getattr(hall, "doors", None)
        if doors:
            x, z = doors[0].inside_point(HALL_DEPTH_M)
            places[hid] = (float(x), float(z))
    spawn = spawn_point(venue)
    if spawn is not None:
        places["spawn"] = spawn
    return places


def spawn_point(venue: Any) -> tuple[float, float] | None:
    """(x, z) where the avatar starts, or None when the scene names none."""
    sp = getattr(venue, "spawn", None)
    return None if sp is None else (float(sp.position[0]), float(sp.position[2]))


def unreachable_places(venue: Any, navmesh: NavMesh | None = None) -> list[str]:
    """Ids of places that cannot be walked to from the spawn (for `validate`); [] without a spawn."""
    mesh = navmesh if navmesh is not None else navmesh_for(venue)
    spawn = spawn_point(venue)
    if spawn is None or len(mesh) == 0:
        return []
    home = mesh.component[mesh.snap(spawn)[1]]
    return [pid for pid, p in place_points(venue).items() if mesh.component[mesh.snap(p)[1]] != home]


def snap_distance(navmesh: NavMesh, point: tuple[float, float]) -> float:
    """Metres from a place's point to the walkable point it is routed to (0 when it is on the mesh)."""
    return float(np.hypot(*(navmesh.nearest_point(point) - np.asarray(point))))
