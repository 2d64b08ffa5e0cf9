"""Seen from inside a room, what lies outside shows only through its openings (engine/render/portals.py)."""
from __future__ import annotations

import numpy as np

from engine.render.portals import batch_corners, hidden, room_of
from engine.scene import Mesh
from engine.scene.graph import Batch
from engine.scene.lights import Interior

# A 20 x 20 m room, 10 m high, with a 4 m door in its south wall (z = 10) and its roof open.
ROOM = Interior((-10.0, 0.0, -10.0), (10.0, 10.0, 10.0), openings=(
    ((-10.0, 10.0, -10.0), (10.0, 10.0, -10.0), (10.0, 10.0, 10.0), (-10.0, 10.0, 10.0)),
    ((-2.0, 0.0, 10.0), (2.0, 0.0, 10.0), (2.0, 3.0, 10.0), (-2.0, 3.0, 10.0)),
))
EYE = np.array([0.0, 1.6, 0.0])


def box_at(x: float, y: float, z: float, size: float = 2.0) -> np.ndarray:
    pos = np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]], np.float32) * size
    mesh = Mesh(pos, np.array([[0, 1, 2], [0, 2, 3], [0, 3, 1], [1, 3, 2]]))
    t = np.eye(4, dtype=np.float32)
    t[:3, 3] = (x, y, z)
    return batch_corners(Batch(mesh, t[None], np.zeros((1, 3), np.float32), np.ones(1, np.float32)))


def test_what_lies_behind_the_walls_is_hidden_and_what_the_door_or_roof_shows_is_not():
    boxes = np.stack([
        box_at(0, 0, -100),     # far north, behind the north wall
        box_at(0, 0, 60),       # south, in line with the door
        box_at(100, 0, 0),      # east, low: behind the east wall
        box_at(0, 200, 0),      # high above: through the open roof
        box_at(5, 0, 5),        # inside the room
        box_at(10.2, 0, 0),     # against the outside of the east wall: within the margin
    ])
    assert hidden(boxes, ROOM, EYE).tolist() == [True, False, True, False, False, False]


def test_only_a_room_with_openings_and_the_eye_inside_it_culls():
    assert room_of(EYE, [ROOM]) is ROOM
    assert room_of(np.array([0.0, 12.0, 0.0]), [ROOM]) is None          # above the walls
    assert room_of(np.array([30.0, 1.6, 0.0]), [ROOM]) is None          # outside
    closed = Interior(ROOM.box_min, ROOM.box_max)                        # no openings listed
    assert room_of(EYE, [closed]) is None


def test_a_batch_box_holds_every_instance():
    pos = np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0]], np.float32)
    mesh = Mesh(pos, np.array([[0, 1, 2]]))
    t = np.tile(np.eye(4, dtype=np.float32), (2, 1, 1))
    t[1, :3, 3] = (10, 0, -5)
    corners = batch_corners(Batch(mesh, t, np.zeros((2, 3), np.float32), np.ones(2, np.float32)))
    assert np.allclose(corners.min(axis=0), (0, 0, -5)) and np.allclose(corners.max(axis=0), (11, 1, 0))


def test_from_the_main_forum_stage_view_the_circuit_is_hidden_and_the_halls_are_not(venue):
    cam = venue.view_camera("main-forum-stage", fov_y=50.0)
    eye = np.asarray(cam.eye, np.float64)
    room = room_of(eye, venue.scene.lighting.interiors)
    assert room is not None
    batches = venue.scene.batches()
    gone = hidden(np.stack([batch_corners(b) for b in batches]), room, eye)
    names = {b.mesh.name: g for b, g in zip(batches, gone, strict=True)}
    assert all(g for n, g in names.items() if n.startswith("circuit-track"))
    assert not any(names[n] for n in ("seat", "floors", "walls", "stages", "paving") if n in names)
