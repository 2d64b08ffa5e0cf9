"""Camera as plain data plus pure matrix functions.

World space: metres, right-handed, +Y up. View space: camera at the origin looking down -Z.
Clip space: OpenGL's [-1, 1] cube. Screen space: pixels, origin at the top-left, y down.
"""
from __future__ import annotations

import math

import numpy as np


class Camera:
    """Where the camera is and what it sees. fov_y in degrees; ortho_height in metres."""

    __slots__ = ("eye", "far", "fov_y", "near", "ortho_height", "orthographic", "target", "up")

    def __init__(self, eye=(0.0, 2.0, 5.0), target=(0.0, 0.0, 0.0), up=(0.0, 1.0, 0.0),
                 fov_y: float = 60.0, near: float = 0.1, far: float = 2000.0,
                 orthographic: bool = False, ortho_height: float = 100.0) -> None:
        self.eye = np.asarray(eye, dtype=np.float64)
        self.target = np.asarray(target, dtype=np.float64)
        self.up = np.asarray(up, dtype=np.float64)
        self.fov_y = float(fov_y)
        self.near = float(near)
        self.far = float(far)
        self.orthographic = orthographic
        self.ortho_height = float(ortho_height)

    def copy(self) -> Camera:
        return Camera(self.eye.copy(), self.target.copy(), self.up.copy(), self.fov_y, self.near,
                      self.far, self.orthographic, self.ortho_height)

    def __repr__(self) -> str:
        return (f"Camera(eye={self.eye.round(3).tolist()}, target={self.target.round(3).tolist()}, "
                f"fov_y={self.fov_y:g})")


def look_at(eye: np.ndarray, target: np.ndarray, up: np.ndarray) -> np.ndarray:
    """World-to-view matrix (4, 4) float64."""
    f = np.asarray(target, float) - np.asarray(eye, float)
    f /= max(np.linalg.norm(f), 1e-12)
    r = np.cross(f, up)
    if np.linalg.norm(r) < 1e-9:  # looking straight along `up`: pick any perpendicular
        r = np.cross(f, [0.0, 0.0, 1.0] if abs(f[2]) < 0.9 else [1.0, 0.0, 0.0])
    r /= np.linalg.norm(r)
    u = np.cross(r, f)
    m = np.eye(4)
    m[0, :3], m[1, :3], m[2, :3] = r, u, -f
    m[:3, 3] = -m[:3, :3] @ eye
    return m


def view_matrix(cam: Camera) -> np.ndarray:
    return look_at(cam.eye, cam.target, cam.up)


def perspective(fov_y_rad: float, aspect: float, near: float, far: float) -> np.ndarray:
    t = 1.0 / math.tan(fov_y_rad / 2)
    m = np.zeros((4, 4))
    m[0, 0], m[1, 1] = t / aspect, t
    m[2, 2], m[2, 3] = (far + near) / (near - far), 2 * far * near / (near - far)
    m[3, 2] = -1.0
    return m


def orthographic(height: float, aspect: float, near: float, far: float) -> np.ndarray:
    m = np.eye(4)
    m[0, 0], m[1, 1] = 2 / (height * aspect), 2 / height
    m[2, 2], m[2, 3] = -2 / (far - near), -(far + near) / (far - near)
    return m


def projection_matrix(cam: Camera, aspect: float) -> np.ndarray:
    if cam.orthographic:
        return orthographic(cam.ortho_height, aspect, cam.near, cam.far)
    return perspective(math.radians(cam.fov_y), aspect, cam.near, cam.far)


def view_projection(cam: Camera, aspect: float) -> np.ndarray:
    return projection_matrix(cam, aspect) @ view_matrix(cam)


def project(cam: Camera, point, width: int, height: int) -> np.ndarray:
    """World point(s) (..., 3) to screen (..., 3): pixel x, pixel y (down), NDC depth.

    Points behind the camera get NaN pixel coordinates.
    """
    p = np.asarray(point, dtype=np.float64)
    hom = np.concatenate([p, np.ones(p.shape[:-1] + (1,))], axis=-1)
    clip = hom @ view_projection(cam, width / height).T
    w = clip[..., 3:4]
    with np.errstate(divide="ignore", invalid="ignore"):
        ndc = np.where(w > 1e-9, clip[..., :3] / w, np.nan)
    x = (ndc[..., 0] + 1) * 0.5 * width
    y = (1 - ndc[..., 1]) * 0.5 * height
    return np.stack([x, y, ndc[..., 2]], axis=-1)


def ray_from_pixel(cam: Camera, x: float, y: float, width: int, height: int) -> tuple[np.ndarray, np.ndarray]:
    """The world-space ray (origin, unit direction) through pixel (x, y), y down."""
    inv = np.linalg.inv(view_projection(cam, width / height))
    ndc_x, ndc_y = 2 * x / width - 1, 1 - 2 * y / height
    near = inv @ np.array([ndc_x, ndc_y, -1.0, 1.0])
    far = inv @ np.array([ndc_x, ndc_y, 1.0, 1.0])
    near, far = near[:3] / near[3], far[:3] / far[3]
    d = far - near
    return near, d / np.linalg.norm(d)


def frustum_planes(vp: np.ndarray) -> np.ndarray:
    """Six planes (6, 4) (a, b, c, d), normalised, inside where a*x + b*y + c*z + d >= 0."""
    rows = np.asarray(vp, dtype=np.float64)
    planes = np.array([rows[3] + rows[0], rows[3] - rows[0], rows[3] + rows[1],
                       rows[3] - rows[1], rows[3] + rows[2], rows[3] - rows[2]])
    return planes / np.linalg.norm(planes[:, :3], axis=1, keepdims=True)


def spheres_visible(planes: np.ndarray, centers: np.ndarray, radii: np.ndarray) -> np.ndarray:
    """(k,) bool: which spheres (centres (k, 3), radii (k,)) touch the frustum."""
    dist = centers.astype(np.float64) @ planes[:, :3].T + planes[:, 3]
    return (dist >= -radii[:, None]).all(axis=1)


def frame_bounds(bounds: np.ndarray, fov_y: float = 45.0, aspect: float = 16 / 9,
                 direction=(0.55, 0.45, 0.7)) -> Camera:
    """A camera that shows the whole box (2, 3), looking from `direction` towards its centre."""
    lo, hi = np.asarray(bounds, dtype=np.float64)
    centre = (lo + hi) / 2
    radius = max(float(np.linalg.norm(hi - lo)) / 2, 1e-3)
    half = math.radians(fov_y) / 2
    half_min = min(half, math.atan(math.tan(half) * aspect))
    dist = radius / math.sin(half_min) * 1.05
    d = np.asarray(direction, dtype=np.float64)
    d /= np.linalg.norm(d)
    eye = centre + d * dist
    return Camera(eye, centre, (0, 1, 0), fov_y, near=max(dist - radius * 1.5, dist * 1e-3, 1e-3),
                  far=dist + radius * 2.5)
