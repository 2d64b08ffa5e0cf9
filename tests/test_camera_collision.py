"""Cameras that respect the world: never below the floor, through a wall, a roof or a person; first
person hides your avatar; the fly camera flies and stops at walls."""
import math

import numpy as np
import pytest
from helpers import FakeServices

from engine.world.collision import PERSON_RADIUS, CollisionWorld, inside_person, people_clear


@pytest.fixture(scope="module")
def world(venue):
    return CollisionWorld.from_scene(venue.scene)


@pytest.fixture
def explore(own_venue):
    from engine.app.explore import ExploreMode, ExploreOptions
    mode = ExploreMode(FakeServices(own_venue), ExploreOptions(crowd=4))
    yield mode
    mode.close()


def head_of(mode):
    x, z = mode.avatar.position
    return np.array([x, mode.follow.EYE_HEIGHT, z])


def clear_between(world, a, b) -> bool:
    return float(world.distances(np.asarray(a)[None], np.asarray(b)[None])[0]) >= 1.0


def test_the_collision_world_holds_walls_and_roofs_not_floors(venue, world):
    hall = venue.halls["subforum-04"]
    centre = np.array([hall.center[0], 1.6, hall.center[1]])
    up = centre + [0, 100, 0]
    assert not clear_between(world, centre, up)                        # a roof overhead
    assert clear_between(world, centre, centre + [0, -1.5, 0])         # no floor in the way (the ground clamp)
    walls = [clear_between(world, centre, centre + 200 * np.array([math.cos(a), 0, math.sin(a)]))
             for a in np.linspace(0, 2 * math.pi, 12, endpoint=False)]
    assert walls.count(False) >= 9                                     # walls all round (doors let some out)
    assert len(world.tris) < 100_000                                   # seats and paving are left out


@pytest.mark.parametrize("hall_id", ["subforum-04", "main-forum"])
def test_follow_camera_stays_inside_the_hall_at_any_yaw(explore, world, hall_id):
    venue = explore.services.venue
    hall = venue.halls[hall_id]
    explore.go_to(hall_id, instant=True)
    explore.follow.distance = 40.0
    for pitch in (-0.2, -1.0, 0.5):
        for yaw in np.linspace(0, 2 * np.pi, 16, endpoint=False):
            explore.follow.yaw, explore.follow.pitch = yaw, pitch
            explore.update(1 / 60, frozenset())
            eye = explore.camera.eye
            assert explore.nav.halls.hall_id(eye[0], eye[2]) == hall_id
            assert 0.25 < eye[1] < hall.height
            assert clear_between(world, head_of(explore), eye)


def test_teleport_then_go_to_never_shows_the_outside_through_a_wall(explore, world):
    explore.handlers()["reduced_motion"]()
    for hall_id in explore.services.venue.halls:
        explore.go_to(hall_id)
        explore.update(1 / 60, frozenset())
        eye = explore.camera.eye
        assert explore.nav.halls.hall_id(eye[0], eye[2]) == hall_id, hall_id
        assert clear_between(world, head_of(explore), eye)


def test_a_minimap_click_inside_a_sub_forum_never_puts_the_camera_in_the_avatar(explore):
    explore.go_to("subforum-02", instant=True)
    hall = explore.services.venue.halls["subforum-02"]
    for corner in hall.footprint():
        inside = np.asarray(hall.center) + (np.asarray(corner) - hall.center) * 0.85
        explore.nav.walk_to_point(inside)
        for _ in range(600):
            explore.update(1 / 30, frozenset())
            eye = explore.camera.eye
            if not explore.avatar_hidden:      # drawn: the eye keeps out of its body
                assert np.hypot(*(eye[[0, 2]] - explore.avatar.position)) > PERSON_RADIUS
            if explore.avatar.follower is None:
                break


def test_first_person_hides_your_own_avatar(explore):
    explore.update(1 / 60, frozenset())
    everyone = len(explore.dynamic()[0].transforms)
    explore.handlers()["toggle_first_person"]()
    explore.update(1 / 60, frozenset())
    assert explore.avatar_hidden and not explore.labels((640, 360))
    assert len(explore.dynamic()[0].transforms) == everyone - 1
    assert np.allclose(explore.camera.eye, head_of(explore))


def test_a_person_walking_into_the_boom_pulls_the_camera_in(explore):
    explore.follow.distance, explore.follow.pitch = 6.0, 0.1   # looking up a little: the eye is low
    explore.update(1 / 60, frozenset())
    head, eye = head_of(explore), explore.camera.eye.copy()
    assert eye[1] < 1.9
    crowd = explore.crowd.crowd
    crowd.positions[0] = eye[[0, 2]]                          # someone walks into the camera
    explore.follow.follow(explore.avatar.position)
    new_eye = explore.camera.eye
    assert np.linalg.norm(new_eye - head) < np.linalg.norm(eye - head) - PERSON_RADIUS
    assert people_clear(head, new_eye, crowd.positions) >= 1.0
    assert inside_person(new_eye, crowd.positions) is None


def test_free_orbit_never_goes_under_the_floor(explore):
    explore.handlers()["toggle_camera"]()             # orbit
    for dy in (-3000, 3000, -3000):
        explore.drag(1, 0, dy)
        explore.update(1 / 60, frozenset())
        assert explore.camera.eye[1] >= 0.29
    assert explore.free.pitch >= 0.0


def test_free_fly_moves_with_wasd_q_e_and_stops_at_a_wall(explore, world):
    explore.go_to("subforum-04", instant=True)
    explore.handlers()["toggle_camera"]()             # orbit
    explore.handlers()["toggle_camera"]()             # fly
    cam = explore.camera
    y = cam.eye[1]
    for _ in range(30):
        explore.update(1 / 30, frozenset({"move_up"}))
    assert cam.eye[1] > y + 1.0
    for _ in range(120):
        explore.update(1 / 30, frozenset({"move_down"}))
    assert cam.eye[1] >= 0.29                         # Q stops at the floor
    hall = explore.services.venue.halls["subforum-04"]
    explore.free.pitch = 0.0
    start = cam.eye.copy()
    for _ in range(600):                              # 20 s straight ahead: a wall comes first
        explore.update(1 / 30, frozenset({"move_forward", "run"}))
    assert np.linalg.norm(cam.eye - start) > 2.0
    assert explore.nav.halls.hall_id(cam.eye[0], cam.eye[2]) == hall.id
