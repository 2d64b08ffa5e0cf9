"""Room codes: which lit interior each instance can be in (engine/render/rooms.py)."""
from __future__ import annotations

import numpy as np

from engine.render.rooms import OUTSIDE, SEVERAL, room_codes
from engine.scene.lights import Interior

ROOMS = [Interior((0, 0, 0), (10, 4, 10)), Interior((20, 0, 0), (30, 4, 10))]


def test_an_instance_inside_one_room_tests_only_that_room():
    codes = room_codes(np.array([[5, 1, 5], [25, 1, 5]], np.float32), np.array([0.5, 0.5], np.float32), ROOMS)
    assert codes.tolist() == [1.0, 2.0]


def test_an_instance_clear_of_every_room_tests_none():
    codes = room_codes(np.array([[15, 1, 50]], np.float32), np.array([1.0], np.float32), ROOMS)
    assert codes.tolist() == [OUTSIDE]


def test_an_instance_within_reach_of_a_room_edge_counts_as_near_it():
    # 1 m outside room 0's wall: still inside the half-metre blend plus the normal probe.
    codes = room_codes(np.array([[11, 1, 5]], np.float32), np.array([0.1], np.float32), ROOMS)
    assert codes.tolist() == [1.0]


def test_an_instance_spanning_two_rooms_tries_them_all():
    codes = room_codes(np.array([[15, 1, 5]], np.float32), np.array([8.0], np.float32), ROOMS)
    assert codes.tolist() == [SEVERAL]


def test_no_rooms_means_every_instance_is_outside():
    codes = room_codes(np.zeros((3, 3), np.float32), np.ones(3, np.float32), [])
    assert codes.tolist() == [OUTSIDE] * 3
