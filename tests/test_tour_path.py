"""The attract tour's maths: every hall visited, a full lap at race pace, no jumps, a seamless loop."""
import math

import numpy as np
import pytest
from helpers import two_halls

from engine.tour import Tour, format_lap_time
from engine.tour.car import car_matrix, car_mesh
from engine.tour.spline import CatmullRomChain, smootherstep
from engine.venue import open_scene

FPS = 30.0


@pytest.fixture(scope="module")
def tour(venue):
    return Tour(venue)


@pytest.fixture(scope="module")
def frames(tour):
    return [tour.at(t) for t in np.arange(0.0, tour.duration + 1e-9, 1.0 / FPS)]


def test_visits_every_hall_in_order_with_its_caption(venue, tour, frames):
    seen = [f.hall for f in frames if f.hall]
    order = list(dict.fromkeys(seen))
    assert order == list(venue.halls)
    for hid, hall in venue.halls.items():
        stopped = [f for f in frames if f.hall == hid and f.caption_opacity == 1.0]
        assert stopped and stopped[0].caption[0] == hall.name and hall.theme in stopped[0].caption[1]
    assert set(tour.hall_times()) == set(venue.halls)


def test_passes_through_entrance_and_stage_views(venue, tour):
    for hid in venue.halls:
        for suffix in ("-entrance", "-stage"):
            wp = venue.waypoints.get(hid + suffix)
            if wp is None:
                continue
            ts = np.arange(0.0, tour.lap_start, 0.25)
            nearest = min(np.linalg.norm(np.subtract(tour.at(t).eye, wp.position)) for t in ts)
            assert nearest < 0.5, (hid + suffix, nearest)


def test_full_lap_at_race_pace_with_every_turn(venue, tour, frames):
    lap = [f for f in frames if f.lap_time is not None]
    turns = [f.turn for f in lap if f.turn is not None]
    assert sorted(set(turns)) == [t.number for t in venue.circuit.turns]  # every turn of the circuit
    assert turns == sorted(turns)                                   # turn numbers only go up
    distance = max(f.lap_distance for f in lap)
    assert distance == pytest.approx(venue.circuit.length_m, rel=0.015)
    assert 95.0 <= tour.lap.lap_time <= 105.0                       # record 1:32.2, flying; this is from a standstill
    assert max(f.speed_kmh for f in lap) > 280
    assert lap[-1].lap_time == pytest.approx(tour.lap.lap_time)
    assert all(f.car is not None for f in frames if f.kind == "circuit")
    assert all(f.car is None for f in frames if f.kind == "hall")
    assert {f.kind for f in frames} == {"hall", "circuit"}


def test_no_jumps_at_30_fps(frames):
    eyes = np.array([f.eye for f in frames])
    steps = np.linalg.norm(np.diff(eyes, axis=0), axis=1)
    assert steps.max() < 3.5                                        # ~105 m/s: the car's top speed is 90 m/s
    look = np.array([f.target for f in frames]) - eyes
    look /= np.linalg.norm(look, axis=1, keepdims=True)
    turn = np.degrees(np.arccos(np.clip((look[1:] * look[:-1]).sum(axis=1), -1, 1)))
    assert turn.max() < 6.0
    # no sudden change of speed either (eased everywhere): the step changes by under 0.3 m per frame
    assert np.abs(np.diff(steps)).max() < 0.3
    assert all(0.0 <= f.caption_opacity <= 1.0 for f in frames)


def test_loops_without_a_seam(tour):
    a, b = tour.at(0.0), tour.at(tour.duration)
    assert np.allclose(a.eye, b.eye, atol=1e-3) and np.allclose(a.target, b.target, atol=1e-2)
    assert tour.at(tour.duration + 5.0, loop=True).t == pytest.approx(5.0)
    assert tour.at(-3).t == 0.0 and tour.at(1e9).t == tour.duration


def test_a_scene_without_circuit_tours_its_halls(tmp_path):
    tour = Tour(open_scene(two_halls(tmp_path)))
    assert tour.lap is None
    ts = np.arange(0, tour.duration, 1 / FPS)
    frames = [tour.at(t) for t in ts]
    assert [h for h in dict.fromkeys(f.hall for f in frames) if h] == ["hall-a", "hall-b"]
    assert all(f.kind == "hall" and f.car is None for f in frames)
    assert np.linalg.norm(np.diff([f.eye for f in frames], axis=0), axis=1).max() < 3.5


def test_spline_passes_through_its_points_and_eases():
    pts = np.array([[0, 0, 0], [10, 0, 0], [10, 0, 1], [30, 5, 0]], float)
    chain = CatmullRomChain(pts, np.array([[0], [1], [2], [3]]))
    for i, p in enumerate(pts):
        assert np.allclose(chain(float(i))[:3], p) and chain(float(i))[3] == pytest.approx(i)
    assert smootherstep(0.0) == 0 and smootherstep(1.0) == 1 and smootherstep(0.5) == pytest.approx(0.5)


def test_car_mesh_faces_its_heading():
    mesh = car_mesh()
    assert 100 < mesh.triangle_count < 2000
    lo, hi = mesh.bounds
    assert hi[2] - lo[2] == pytest.approx(5.55, abs=0.2) and lo[1] >= -1e-6
    nose = car_matrix(0.0, 0.0, math.pi / 2) @ np.array([0.0, 0.0, -1.0, 0.0])   # heading east
    assert np.allclose(nose[:3], [1.0, 0.0, 0.0], atol=1e-9)


def test_lap_time_format():
    assert format_lap_time(92.238) == "1:32.238" and format_lap_time(5.0) == "0:05.000"
