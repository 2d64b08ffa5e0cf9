"""Movement on the nav mesh, the avatar, the crowd and the venue clock, on synthetic layouts."""
from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from shapely.geometry import Point, box

from engine.world import gait
from engine.world.avatar import ACCELERATION, RUN_SPEED, Avatar, MoveInput, input_direction, limb_angles
from engine.world.bench import hall_walls
from engine.world.clock import VENUE_ZONE, ManualTime, VenueClock
from engine.world.crowd import Crowd, neighbour_pairs, separation
from engine.world.movement import PathFollower, forward_of, heading_of, move_along
from engine.world.navmesh import NavMesh
from engine.world.paths import WALK_SPEED, find_path

R = 0.3
DT = 1 / 60


@pytest.fixture(scope="module")
def room() -> NavMesh:
    """A 20 m x 10 m room with a 4 m x 6 m pillar block in the middle."""
    return NavMesh.build([box(0, 0, 20, 10)], [box(8, 2, 12, 8)], R)


def test_headings_are_compass_bearings():
    assert heading_of((0, -1)) == pytest.approx(0.0)  # north is -z
    assert heading_of((1, 0)) == pytest.approx(math.pi / 2)  # east is +x
    np.testing.assert_allclose(forward_of(math.pi / 2), (1, 0), atol=1e-12)


def test_pushing_into_a_wall_for_five_seconds_stays_outside(room):
    block = box(8, 2, 12, 8)
    pos = np.array([5.0, 5.0])
    for _ in range(300):  # 5 s at 60 Hz, heading east into the block and a little south
        pos = move_along(room, pos, np.array([3.0, 0.4]) * DT)
        assert not block.buffer(R - 1e-4).contains(Point(pos))
        assert room.is_walkable(pos)
    assert pos[0] == pytest.approx(8 - R, abs=1e-3)  # pressed against it
    assert pos[1] > 5.0  # slid along it


def test_pushing_into_a_corner_stops_in_the_corner(room):
    pos = np.array([3.0, 3.0])
    for _ in range(300):
        pos = move_along(room, pos, np.array([-1.0, -1.0]) * DT)
    np.testing.assert_allclose(pos, (R, R), atol=1e-3)


def test_a_move_across_the_whole_mesh_and_a_start_off_the_mesh(room):
    np.testing.assert_allclose(move_along(room, (1, 5), (10, 0.5)), (8 - R, 5.5), atol=1e-3)
    np.testing.assert_allclose(move_along(room, (1, 1), (10, 0.5)), (11, 1.5), atol=1e-9)  # passes under it
    np.testing.assert_allclose(move_along(room, (1, 9), (18, 0)), (19, 9), atol=1e-9)
    assert room.is_walkable(move_along(room, (10, 5), (0.1, 0)))  # starts inside the block


def test_door_gap_lets_the_avatar_through_and_walls_do_not():
    walls = hall_walls(10, 10, 30, 25, [("s", 10.0)], thickness=0.3, door_width=2.0)
    mesh = NavMesh.build([box(0, 0, 40, 35)], [walls], R)
    pos = np.array([20.0, 30.0])
    for _ in range(600):  # walk north through the door
        pos = move_along(mesh, pos, np.array([0.0, -WALK_SPEED]) * DT)
    assert 10 < pos[1] < 25  # inside the hall
    pos = np.array([15.0, 30.0])
    for _ in range(600):  # north into the wall beside the door
        pos = move_along(mesh, pos, np.array([0.0, -WALK_SPEED]) * DT)
    assert pos[1] > 25


def test_path_follower_walks_at_speed_and_arrives(room):
    path = find_path(room, (2, 5), (18, 5))
    f = PathFollower(path, WALK_SPEED)
    steps = 0
    while not f.arrived:
        f.step(DT)
        steps += 1
        assert room.is_walkable(f.position)
    assert steps == math.ceil(path.length_m / (WALK_SPEED * DT) - 1e-9)
    np.testing.assert_allclose(f.position, path.goal)
    assert f.remaining_m == 0.0


def test_input_is_relative_to_camera_yaw():
    fwd = MoveInput(forward=1)
    np.testing.assert_allclose(input_direction(fwd, 0.0), (0, -1), atol=1e-12)
    np.testing.assert_allclose(input_direction(fwd, math.pi / 2), (1, 0), atol=1e-12)
    np.testing.assert_allclose(input_direction(MoveInput(right=1), 0.0), (1, 0), atol=1e-12)
    diag = input_direction(MoveInput(forward=1, right=1), 0.0)
    assert np.hypot(*diag) == pytest.approx(1.0)
    np.testing.assert_allclose(input_direction(MoveInput(), 1.0), (0, 0))


def test_avatar_walks_runs_turns_and_swings_limbs(room):
    av = Avatar(position=(2.0, 5.0), heading=0.0)
    for _ in range(60):
        av.step(DT, MoveInput(right=1), camera_yaw=0.0, navmesh=room)
    # One second at walking pace, less the distance lost while speeding up.
    assert av.position[0] == pytest.approx(2.0 + WALK_SPEED - WALK_SPEED ** 2 / (2 * ACCELERATION), abs=0.02)
    assert av.speed == pytest.approx(WALK_SPEED, rel=1e-6)
    assert av.heading == pytest.approx(math.pi / 2, abs=1e-6)  # turned to face east
    pose = av.pose()
    assert pose.speed == pytest.approx(WALK_SPEED, rel=1e-6) and pose.phase != 0.0
    legs = gait.pose(pose.phase, pose.speed)
    assert legs["thigh_l"][0] != pytest.approx(legs["thigh_r"][0])   # mid-stride
    x = av.position[0]
    for _ in range(30):
        av.step(DT, MoveInput(right=1, run=True), camera_yaw=0.0, navmesh=room)
    assert av.speed == pytest.approx(RUN_SPEED, rel=1e-6)
    assert av.position[0] - x > WALK_SPEED * 0.5
    av.step(DT, MoveInput(), camera_yaw=0.0, navmesh=room)
    assert av.speed == 0.0
    still = gait.pose(av.pose().phase, av.pose().speed)
    assert still["thigh_l"][0] == pytest.approx(still["thigh_r"][0]) and still["arm_l"][0] == 0.0


def test_avatar_follows_a_path_and_keys_cancel_it(room):
    av = Avatar(position=(2.0, 5.0))
    av.walk_to(find_path(room, (2, 5), (18, 5)))
    for _ in range(60):
        av.step(DT, MoveInput(), camera_yaw=0.0, navmesh=room)
    assert av.walking_path and av.speed == pytest.approx(WALK_SPEED, rel=1e-6)
    av.step(DT, MoveInput(forward=1), camera_yaw=0.0, navmesh=room)
    assert not av.walking_path


def test_limb_angles_vectorise():
    angles = limb_angles(np.linspace(0, 6, 5), np.full(5, 1.3))
    assert angles["phase"].shape == angles["speed"].shape == (5,)
    assert gait.pose(angles["phase"], angles["speed"])["thigh_l"].shape == (5,)


def test_neighbour_pairs_match_brute_force():
    rng = np.random.default_rng(2)
    pts = rng.uniform(0, 10, size=(150, 2))
    i, j = neighbour_pairs(pts, 0.8)
    got = set(zip(i.tolist(), j.tolist()))
    d = np.linalg.norm(pts[:, None] - pts[None], axis=2)
    want = {(a, b) for a, b in zip(*np.nonzero(d < 0.8)) if a != b}
    assert got == want


def test_separation_pushes_apart_even_from_the_same_spot():
    push = separation(np.array([[1.0, 1.0], [1.0, 1.0], [5.0, 5.0]]), 0.8)
    assert np.hypot(*push[0]) > 0.5 and np.allclose(push[0], -push[1])
    assert np.allclose(push[2], 0)


@pytest.fixture(scope="module")
def hall_layout():
    walls = hall_walls(10, 10, 40, 30, [("s", 15.0), ("w", 10.0)], thickness=0.3, door_width=3.0)
    obstacles = [walls, box(20, 20, 30, 24)] + [box(5 + 6 * k, 33, 8 + 6 * k, 35) for k in range(6)]
    mesh = NavMesh.build([box(0, 0, 50, 40)], obstacles, R)
    places = {"hall": (25, 14), "lobby": (5, 5), "booth-1": (6.5, 32), "booth-2": (24.5, 32),
              "booth-3": (36.5, 32), "exit": (48, 38)}
    return mesh, obstacles, places


def test_crowd_stays_on_the_mesh_and_keeps_apart(hall_layout):
    mesh, obstacles, places = hall_layout
    crowd = Crowd(mesh, places, n=40, seed=3)
    assert crowd.positions.shape == (40, 2) and crowd.headings.shape == (40,)
    assert crowd.phases.shape == (40,) and crowd.colours.shape == (40, 3)
    start = crowd.positions.copy()
    close_fraction = []
    for step in range(1800):  # 30 s
        crowd.step(DT)
        assert np.all(mesh.locate_many(crowd.positions) >= 0)
        if step % 60 == 0:
            d = np.linalg.norm(crowd.positions[:, None] - crowd.positions[None], axis=2)
            d[np.diag_indices(40)] = np.inf
            close_fraction.append(np.mean(d.min(axis=1) < 0.3))
    grown = [o.buffer(R - 1e-3) for o in obstacles]
    assert not any(o.contains(Point(p)) for o in grown for p in crowd.positions)
    assert np.mean(np.linalg.norm(crowd.positions - start, axis=1)) > 3.0  # they went places
    # Separation is soft: people may brush past, but few stand closer than 0.3 m.
    assert np.mean(close_fraction) < 0.1
    assert np.any(crowd.pause_left > 0) or np.any(crowd.speeds < 0.1)


def test_crowd_is_deterministic_for_a_seed(hall_layout):
    mesh, _, places = hall_layout
    a, b = Crowd(mesh, places, n=20, seed=7), Crowd(mesh, places, n=20, seed=7)
    for _ in range(300):
        a.step(DT)
        b.step(DT)
    np.testing.assert_array_equal(a.positions, b.positions)
    c = Crowd(mesh, places, n=20, seed=8)
    assert not np.array_equal(a.positions, c.positions)


def test_crowd_with_too_few_places_is_empty():
    mesh = NavMesh.build([box(0, 0, 10, 10)], [], R)
    crowd = Crowd(mesh, {"only": (5, 5)}, n=10)
    crowd.step(DT)
    assert crowd.positions.shape == (0, 2)


def test_clock_runs_pauses_speeds_and_jumps():
    src = ManualTime(100.0)
    start = datetime(2023, 9, 21, 9, 0, tzinfo=VENUE_ZONE)
    clock = VenueClock(start, source=src)
    assert clock.now() == start
    src.advance(90)
    assert clock.now() == start + timedelta(seconds=90)
    clock.pause()
    src.advance(600)
    assert clock.now() == start + timedelta(seconds=90)
    clock.resume()
    clock.speed = 60.0
    src.advance(2)
    assert clock.now() == start + timedelta(seconds=90 + 120)
    clock.jump(datetime(2023, 9, 22, 14, 30))  # naive: venue time
    assert clock.now() == datetime(2023, 9, 22, 14, 30, tzinfo=VENUE_ZONE)
    clock.jump_by(timedelta(minutes=-30))
    assert clock.now().hour == 14 and clock.now().minute == 0
    assert clock.now().utcoffset() == timedelta(hours=8)


def test_clock_converts_to_the_venue_zone_and_rejects_bad_speed():
    clock = VenueClock(datetime(2023, 9, 21, 1, 0, tzinfo=UTC), source=ManualTime())
    assert clock.now().hour == 9 and clock.now().tzinfo == VENUE_ZONE
    with pytest.raises(ValueError):
        clock.speed = 0
    with pytest.raises(ValueError):
        ManualTime().advance(-1)
