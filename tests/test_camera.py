import math

import numpy as np
import pytest

from engine.scene.camera import (
    Camera,
    frame_bounds,
    frustum_planes,
    project,
    ray_from_pixel,
    spheres_visible,
    view_matrix,
    view_projection,
)


def test_view_matrix_puts_target_straight_ahead():
    cam = Camera(eye=(0, 0, 5), target=(0, 0, 0))
    p = view_matrix(cam) @ np.array([0, 0, 0, 1.0])
    assert np.allclose(p[:3], [0, 0, -5])


def test_project_centre_and_behind():
    cam = Camera(eye=(3, 4, 5), target=(1, 0, -1))
    px = project(cam, [1, 0, -1], 640, 480)
    assert np.allclose(px[:2], [320, 240], atol=1e-6)
    behind = project(cam, cam.eye + (cam.eye - cam.target), 640, 480)
    assert np.isnan(behind[0])


def test_ray_from_pixel_round_trips_through_project():
    cam = Camera(eye=(2, 3, 10), target=(0, 1, 0), fov_y=45)
    origin, direction = ray_from_pixel(cam, 100, 50, 800, 600)
    point = origin + direction * 7.0
    assert np.allclose(project(cam, point, 800, 600)[:2], [100, 50], atol=1e-6)
    assert math.isclose(np.linalg.norm(direction), 1.0)


def test_orthographic_projection_maps_height():
    cam = Camera(eye=(0, 100, 0.001), target=(0, 0, 0), orthographic=True, ortho_height=50)
    top = project(cam, [0, 0, -25], 100, 100)
    assert top[1] == pytest.approx(0, abs=0.5)


def test_frame_bounds_sees_every_corner():
    box = np.array([[-3, 0, -2], [5, 4, 6]], float)
    cam = frame_bounds(box, fov_y=45, aspect=16 / 9)
    corners = np.array([[x, y, z] for x in box[:, 0] for y in box[:, 1] for z in box[:, 2]])
    px = project(cam, corners, 1600, 900)
    assert (px[:, 0] >= 0).all() and (px[:, 0] <= 1600).all()
    assert (px[:, 1] >= 0).all() and (px[:, 1] <= 900).all()


def test_frustum_culling_of_spheres():
    cam = Camera(eye=(0, 0, 0), target=(0, 0, -1), fov_y=60, near=0.1, far=100)
    planes = frustum_planes(view_projection(cam, 1.0))
    centers = np.array([[0, 0, -10], [0, 0, 10], [50, 0, -10], [0, 0, -150], [6.5, 0, -10]], float)
    radii = np.array([1, 1, 1, 1, 1.0])
    assert spheres_visible(planes, centers, radii).tolist() == [True, False, False, False, True]
