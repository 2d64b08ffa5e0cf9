"""The `route` command and the venue adapter, on a stand-in venue (no scene file needed)."""
from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from shapely.geometry import box

import engine.venue
from engine.cli import main
from engine.world.bench import hall_walls
from engine.world.venue_nav import navmesh_for, place_points, unreachable_places


def stand_in_venue(island: bool = False) -> SimpleNamespace:
    """A 40 m x 30 m plaza holding one hall (door on its south side) and a booth; optionally a walled-off
    garden whose only place cannot be reached."""
    door = SimpleNamespace(inside_point=lambda d: (20.0, 20.0 - d))
    hall = SimpleNamespace(id="hall-a", doors=[door])
    wp = {
        "spawn": SimpleNamespace(position=(5.0, 1.7, 25.0), kind="spawn"),
        "booth-01": SimpleNamespace(position=(35.0, 1.7, 25.0), kind="booth"),
        "hall-a": SimpleNamespace(position=(20.0, 1.7, 29.0), kind="hall"),
        "plaza-overview": SimpleNamespace(position=(20.0, 60.0, 60.0), kind="overview"),
    }
    floor = [box(0, 0, 40, 30)]
    obstacles = [hall_walls(10, 5, 30, 20, [("s", 10.0)], thickness=0.3, door_width=2.0)]
    if island:
        floor.append(box(50, 0, 60, 10))
        wp["garden"] = SimpleNamespace(position=(55.0, 1.7, 5.0), kind="waypoint")
    return SimpleNamespace(floor=floor, obstacles=obstacles, walkable=None, waypoints=wp,
                           halls={"hall-a": hall}, spawn=wp["spawn"])


@pytest.fixture
def venue(monkeypatch):
    v = stand_in_venue()
    monkeypatch.setattr(engine.venue, "open_scene", lambda path: v)
    return v


def test_places_come_from_waypoints_halls_and_spawn(venue):
    places = place_points(venue)
    assert places["hall-a"] == (20.0, 17.0)  # inside the door, not the waypoint outside it
    assert places["booth-01"] == (35.0, 25.0) and places["spawn"] == (5.0, 25.0)
    assert "plaza-overview" not in places
    assert navmesh_for(venue) is navmesh_for(venue)  # built once per venue


def test_route_prints_length_time_and_corners(venue, capsys):
    assert main(["route", "spawn", "booth-01"]) == 0
    out = capsys.readouterr().out
    assert "length: 30.0 m" in out
    assert "walking time: 0 min 23 s at 1.3 m/s" in out


def test_route_json_goes_through_the_door(venue, capsys):
    assert main(["route", "spawn", "hall-a", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["reachable"] and report["points"][0] == [5.0, 25.0] and report["points"][-1] == [20.0, 17.0]
    assert report["walking_time_s"] == pytest.approx(report["length_m"] / 1.3, abs=0.1)
    # The corners hug the door's jambs, 0.3 m in from the gap's edges (x = 19 and 21).
    assert any(19.25 < x < 20.75 and 19.5 < z < 20.5 for x, z in report["points"])


def test_route_accepts_plan_coordinates(venue, capsys):
    assert main(["route", "5,25", "35.0,25", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["length_m"] == 30.0


def test_plan_coordinates_off_the_map_exit_2(venue, capsys):
    # The start was moved 140 km onto the plaza without a word.
    assert main(["route", "99999,99999", "booth-01"]) == 2
    assert capsys.readouterr().err.startswith("error: FROM: '99999,99999' is ")
    assert main(["route", "spawn", "20,-500"]) == 2
    assert "from the nearest walkable floor" in capsys.readouterr().err
    assert main(["route", "spawn", "20,-5", "--json"]) == 0  # near the floor: moved onto it, as documented
    assert json.loads(capsys.readouterr().out)["goal_snapped"]


def test_unknown_place_exits_2_with_close_matches(venue, capsys):
    assert main(["route", "spawn", "booth-1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: TO: unknown place 'booth-1'; did you mean booth-01")
    assert main(["route", "spwn", "booth-01"]) == 2
    assert "error: FROM: unknown place 'spwn'; did you mean spawn" in capsys.readouterr().err


def test_unreachable_place_is_reported(monkeypatch, capsys):
    v = stand_in_venue(island=True)
    monkeypatch.setattr(engine.venue, "open_scene", lambda path: v)
    assert unreachable_places(v) == ["garden"]
    assert main(["route", "spawn", "garden"]) == 1
    assert "cannot be reached" in capsys.readouterr().err
