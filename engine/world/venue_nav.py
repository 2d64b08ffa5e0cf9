"""The one place where the world layer reads the venue: its nav mesh, its named places, its spawn.

Takes an `engine.venue.Venue`: for scene files `floor` and `obstacles` (shapely geometry in plan x/z)
or `walkable`, `waypoints` ({id: Waypoint with position (x, y, z) and kind}), `halls` ({id: Hall with
doors, each with inside_point(distance)}) and `spawn` (a Waypoint).
"""
from __future__ import annotations

import numpy as np

from engine.venue.model import Venue
from engine.world.navmesh import NavMesh

AGENT_RADIUS = 0.3
# Waypoint kinds that are camera views rather than places to walk to (aerial overviews, track-side
# markers out on the circuit, stage views from the back row that duplicate the hall).
NOT_PLACES = frozenset({"overview", "circuit", "stage", "interior"})
HALL_DEPTH_M = 3.0  # a hall's place is this far inside its first door: "in the hall", not on the step

# The nav mesh of the venue asked about last, by identity: (venue, agent radius, mesh). One entry is
# enough (a process shows one venue at a time; a reloaded venue replaces the old one) and holds no
# stale venue for long. Identity, not equality or hashing: a venue is one large mutable object.
_last: tuple[Venue, float, NavMesh] | None = None


def navmesh_for(venue: Venue, agent_radius: float = AGENT_RADIUS) -> NavMesh:
    """The venue's nav mesh, built once per venue object (about 90 ms for the default venue)."""
    global _last
    if _last is not None and _last[0] is venue and _last[1] == agent_radius:
        return _last[2]
    if venue.floor is not None:
        mesh = NavMesh.build(venue.floor, list(venue.obstacles or []), agent_radius)
    elif venue.walkable is not None:
        mesh = NavMesh.build(venue.walkable, [], agent_radius)
    else:
        raise ValueError("the scene has no walkable floor (a model file carries no venue layout)")
    _last = (venue, agent_radius, mesh)
    return mesh


def place_points(venue: Venue) -> dict[str, tuple[float, float]]:
    """{place id: (x, z)} for every hall, booth, experience, entrance and named waypoint, and the spawn."""
    places: dict[str, tuple[float, float]] = {}
    for wid, wp in venue.waypoints.items():
        if wp.kind not in NOT_PLACES:
            places[wid] = (float(wp.position[0]), float(wp.position[2]))
    for hid, hall in venue.halls.items():
        if hall.doors:
            x, z = hall.doors[0].inside_point(HALL_DEPTH_M)
            places[hid] = (float(x), float(z))
    spawn = spawn_point(venue)
    if spawn is not None:
        places["spawn"] = spawn
    return places


def spawn_point(venue: Venue) -> tuple[float, float] | None:
    """(x, z) where the avatar starts, or None when the scene names none."""
    sp = venue.spawn
    return None if sp is None else (float(sp.position[0]), float(sp.position[2]))


def unreachable_places(venue: Venue, navmesh: NavMesh | None = None) -> list[str]:
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
