"""Routes, places and reachability on the default venue and on small scene files (pure: no GL)."""
from __future__ import annotations

import math

import numpy as np
from shapely.geometry import LineString, Point, Polygon

from engine.cli import main
from engine.venue import open_scene
from engine.world.paths import find_path
from engine.world.venue_nav import navmesh_for, place_points, snap_distance, unreachable_places


def straight(a, b) -> float:
    return math.hypot(b[0] - a[0], b[1] - a[1])


def test_spawn_to_main_forum_crosses_the_plaza(venue):
    places = place_points(venue)
    path = find_path(navmesh_for(venue), places["spawn"], places["main-forum"])
    # It once went round the plaza's west edge, nearly five times the straight line.
    assert path.length_m <= 1.1 * straight(places["spawn"], places["main-forum"])
    # Every leg but the last (through the door into the hall) runs across the plaza itself.
    legs = path.points[:-1] if len(path.points) > 2 else path.points    # a straight walk is one leg
    plaza = Polygon(venue.plaza.polygon).buffer(0.01)
    assert plaza.contains(LineString(legs)) or (len(path.points) == 2 and plaza.contains(Point(path.points[0])))


def test_spawn_to_every_hall_is_nearly_straight(venue):
    """No wall stands between the spawn and any hall's door, so no route may wander."""
    mesh, places = navmesh_for(venue), place_points(venue)
    for hid in venue.halls:
        path = find_path(mesh, places["spawn"], places[hid])
        assert path.length_m <= 1.25 * straight(places["spawn"], places[hid]), hid


def test_view_points_of_places_stand_on_the_floor(venue):
    """Booth, experience and entrance views are where a visitor stands: on the nav mesh, not in a booth."""
    mesh = navmesh_for(venue)
    far = {wid: round(snap_distance(mesh, (w.position[0], w.position[2])), 2)
           for wid, w in venue.waypoints.items() if w.kind in ("booth", "experience", "entrance")}
    # One view per booth, per experience and per hall entrance, and every one of them on the floor.
    assert set(far) == set(venue.booths) | set(venue.experiences) | {f"{hid}-entrance" for hid in venue.halls}
    assert {wid: d for wid, d in far.items() if d > 0.3} == {}


def test_booth_views_look_at_their_booth_from_an_aisle(venue):
    for bid, booth in venue.booths.items():
        eye = venue.waypoints[bid].position
        look = venue.waypoints[bid].look_at
        assert np.allclose((look[0], look[2]), booth.at)
        # The view stands in front of the counter: the side the booth faces (see build._waypoints).
        assert straight((eye[0], eye[2]), booth.at) > booth.size[1] / 2 + 1.0


def test_every_place_of_the_default_venue_is_reachable(venue):
    assert unreachable_places(venue) == []


ISLAND = """\
[venue]
name = "Island venue"
[venue.origin]
lat = 31.33482
lon = 121.2225

[plaza]
id = "plaza"
polygon = [[-20, -10], [20, -10], [20, 10], [-20, 10]]

[spawn]
at = [0, 1.65, 5]
look_at = [0, 2, -10]

[[halls]]
id = "hall-a"
name = "Hall A"
kind = "subforum"
center = [0, -20]
size = [20, 20]
doors = [{ wall = "south", offset = 0, width = 3 }]

[[halls]]
id = "hall-b"
name = "Hall B"
kind = "exhibition"
center = [100, 0]          # far out in the fields: its floor touches no walkway
size = [20, 20]
doors = [{ wall = "south", offset = 0, width = 3 }]

[[experiences]]
id = "exp-island"
name = "Island demo"
description = "Out of reach"
kind = "vr"
hall = "hall-b"
"""


def test_validate_names_places_the_spawn_cannot_reach(tmp_path, capsys):
    path = tmp_path / "island.toml"
    path.write_text(ISLAND)
    assert sorted(unreachable_places(open_scene(path))) == ["exp-island", "hall-b", "hall-b-entrance"]
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    for pid in ("hall-b", "hall-b-entrance", "exp-island"):
        assert f"{pid}: cannot be reached on foot from the spawn point" in out
    assert "hall-a: cannot be reached" not in out


def test_validate_is_clean_when_every_place_connects(tmp_path, capsys):
    path = tmp_path / "mainland.toml"
    path.write_text(ISLAND[:ISLAND.index('[[halls]]\nid = "hall-b"')])
    assert main(["validate", str(path)]) == 0
    assert "ok" in capsys.readouterr().out
