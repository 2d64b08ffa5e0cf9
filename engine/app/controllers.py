"""Camera controllers: they turn actions and mouse motion into a Camera; pure maths, no pygame."""
from __future__ import annotations

import math

import numpy as np

from engine.scene.camera import Camera

UP = np.array([0.0, 1.0, 0.0])


class OrbitController:
    """Rotate around a target (drag), zoom (wheel), pan (right or middle drag)."""

    def __init__(self, camera: Camera) -> None:
        self.camera = camera
        self.target = camera.target.astype(np.float64).copy()
        offset = camera.eye - self.target
        self.distance = max(float(np.linalg.norm(offset)), 1e-3)
        self.yaw = math.atan2(offset[0], offset[2])
        self.pitch = math.asin(max(-1.0, min(1.0, offset[1] / self.distance)))
        self.sync()

    def rotate(self, dx_px: float, dy_px: float) -> None:
        self.yaw -= dx_px * 0.005
        self.pitch = max(-1.55, min(1.55, self.pitch + dy_px * 0.005))
        self.sync()

    def zoom(self, steps: float) -> None:
        self.distance = max(0.05, min(self.distance * (0.85 ** steps), 1e5))
        self.sync()

    def pan(self, dx_px: float, dy_px: float, viewport_height: int) -> None:
        view_height = 2 * self.distance * math.tan(math.radians(self.camera.fov_y) / 2)
        per_px = view_height / max(viewport_height, 1)
        forward = self.target - self.camera.eye
        right = np.cross(forward, UP)
        right /= max(np.linalg.norm(right), 1e-9)
        up = np.cross(right, forward / max(np.linalg.norm(forward), 1e-9))
        self.target += (-dx_px * right + dy_px * up) * per_px
        self.sync()

    def update(self, dt: float, held: set[str]) -> None:
        pass

    def sync(self) -> None:
        c = self.camera
        offset = np.array([math.sin(self.yaw) * math.cos(self.pitch), math.sin(self.pitch),
                           math.cos(self.yaw) * math.cos(self.pitch)])
        c.target = self.target.copy()
        c.eye = self.target + offset * self.distance
        # Near and far follow the distance so depth precision stays where the eye looks.
        c.near = max(self.distance * 0.002, 0.01)
        c.far = max(self.distance * 20.0, 2000.0)


class FlyController:
    """WASD + mouse look, E/Q up and down, Shift to run, wheel changes speed."""

    def __init__(self, camera: Camera, speed: float = 8.0) -> None:
        self.camera = camera
        d = camera.target - camera.eye
        d /= max(np.linalg.norm(d), 1e-9)
        self.yaw = math.atan2(d[0], -d[2])
        self.pitch = math.asin(max(-1.0, min(1.0, d[1])))
        self.speed = speed
        self.sync()

    def forward(self) -> np.ndarray:
        return np.array([math.sin(self.yaw) * math.cos(self.pitch), math.sin(self.pitch),
                         -math.cos(self.yaw) * math.cos(self.pitch)])

    def rotate(self, dx_px: float, dy_px: float) -> None:
        self.yaw += dx_px * 0.004
        self.pitch = max(-1.5, min(1.5, self.pitch - dy_px * 0.004))
        self.sync()

    def zoom(self, steps: float) -> None:
        self.speed = max(0.5, min(self.speed * (1.25 ** steps), 500.0))

    def pan(self, dx_px: float, dy_px: float, viewport_height: int) -> None:
        self.rotate(dx_px, dy_px)

    def update(self, dt: float, held: set[str]) -> None:
        f = self.forward()
        right = np.cross(f, UP)
        right /= max(np.linalg.norm(right), 1e-9)
        move = np.zeros(3)
        for action, vec in (("move_forward", f), ("move_back", -f), ("move_right", right),
                            ("move_left", -right), ("move_up", UP), ("move_down", -UP)):
            if action in held:
                move += vec
        if np.linalg.norm(move) > 0:
            speed = self.speed * (3.0 if "run" in held else 1.0)
            self.camera.eye = self.camera.eye + move / np.linalg.norm(move) * speed * dt
            self.sync()

    def sync(self) -> None:
        self.camera.target = self.camera.eye + self.forward()
        self.camera.near, self.camera.far = 0.05, 5000.0


class FollowCamera:
    """Third-person camera behind the avatar (drag to look around, wheel for distance), or first
    person from its eyes. It never ends up inside a wall: the boom pulls in at the first point
    that would leave the space the avatar is in (a hall, or the outdoors)."""

    EYE_HEIGHT = 1.62
    MIN_DISTANCE, MAX_DISTANCE = 0.6, 40.0

    def __init__(self, camera: Camera, yaw: float = 0.0, inside_same_space=None) -> None:
        self.camera = camera
        self.yaw = yaw                 # compass bearing the camera looks along
        self.pitch = -0.3              # radians, negative looks down
        self.distance = 6.0
        self.first_person = False
        # (head (2,), points (k, 2)) -> (k,) bool: is each point in the same space as the head?
        self.inside_same_space = inside_same_space
        self.ceiling: float | None = None

    def rotate(self, dx_px: float, dy_px: float) -> None:
        self.yaw += dx_px * 0.005
        self.pitch = max(-1.3, min(0.6, self.pitch - dy_px * 0.004))

    def zoom(self, steps: float) -> None:
        self.distance = max(self.MIN_DISTANCE, min(self.distance * (0.85 ** steps), self.MAX_DISTANCE))

    def pan(self, dx_px: float, dy_px: float, viewport_height: int) -> None:
        self.rotate(dx_px, dy_px)

    def update(self, dt: float, held: set[str]) -> None:
        pass

    def look_direction(self) -> np.ndarray:
        return np.array([math.sin(self.yaw) * math.cos(self.pitch), math.sin(self.pitch),
                         -math.cos(self.yaw) * math.cos(self.pitch)])

    def follow(self, xz: np.ndarray, ground_y: float = 0.0) -> None:
        """Place the camera for an avatar standing at plan point xz (2,)."""
        head = np.array([xz[0], ground_y + self.EYE_HEIGHT, xz[1]])
        look = self.look_direction()
        cam = self.camera
        cam.near, cam.far = (0.1 if self.first_person else 0.25), 5000.0
        if self.first_person:
            cam.eye, cam.target = head, head + look
            return
        distance = self._clear_distance(head, -look)
        cam.eye = head - look * distance
        if self.ceiling is not None:
            cam.eye[1] = min(cam.eye[1], self.ceiling - 0.3)
        cam.eye[1] = max(cam.eye[1], ground_y + 0.3)
        cam.target = head + np.array([0.0, -0.15, 0.0])

    def _clear_distance(self, head: np.ndarray, back: np.ndarray) -> float:
        if self.inside_same_space is None:
            return self.distance
        steps = np.linspace(0.0, self.distance, 24)[1:]
        pts = head[[0, 2]][None] + back[[0, 2]][None] * steps[:, None]
        ok = self.inside_same_space(head[[0, 2]], pts)
        bad = np.flatnonzero(~ok)
        if len(bad) == 0:
            return self.distance
        # Stop short of the first point outside, leaving room for the near plane.
        return max(self.MIN_DISTANCE * 0.5, steps[bad[0]] - self.distance / 23 - 0.25)
