"""The simulation's geometry is the nav mesh's: the same floor, doors of their real width, gates at the
walkways' open ends, arrival zones on the free floor of each hall."""
import numpy as np
import shapely

from engine.sim.geometry import sim_geometry
from engine.world.venue_nav import AGENT_RADIUS, navmesh_for


def test_the_simulation_walks_where_the_nav_mesh_routes(venue):
    geometry = sim_geometry(venue)
    mesh = navmesh_for(venue)
    # Every nav-mesh triangle lies on the simulation's floor ...
    assert shapely.contains_xy(geometry.walkable.buffer(1e-6), mesh.centroids[:, 0], mesh.centroids[:, 1]).all()
    # ... and every point of the floor a person's centre can reach (shrunk by the nav mesh's radius) is on it.
    inner = geometry.walkable.buffer(-(AGENT_RADIUS + 0.05))
    pts = np.array([p.coords[0] for p in shapely.points(np.random.default_rng(1).uniform(
        [-130, -160], [175, 80], (4000, 2))) if inner.contains(p)])
    assert len(pts) > 500 and (mesh.locate_many(pts) >= 0).mean() > 0.99
    assert geometry.walkable.area > 0.99 * venue.walkable.area


def test_doors_gates_and_zones_of_the_default_venue(venue):
    geometry = sim_geometry(venue)
    forum = [d for d in geometry.doors.values() if d.hall == "main-forum"]
    assert [(d.id, d.width_m, round(d.clear_m, 2)) for d in forum] == [
        ("main-forum-door-1", 4.0, 4.0), ("main-forum-door-2", 6.0, 6.0), ("main-forum-door-3", 4.0, 4.0)]
    assert sorted(g.id for g in geometry.gates) == ["circuit-walk-end", "forum-street-end", "forum-street-start"]
    assert not geometry.warnings
    for hall in geometry.halls.values():
        assert len(hall.zones) >= 4
        assert all(geometry.walkable.contains(z.centroid) and hall.outline.contains(z) for z in hall.zones)
    assert geometry.where(0.0, -36.0).startswith("main-forum-door-2")
