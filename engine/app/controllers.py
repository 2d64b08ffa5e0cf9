"""Camera controllers: they turn actions and mouse motion into a Camera; pure maths, no pygame.

In a venue they respect the world: the follow and orbit cameras pull in along their boom when a
wall, a roof or a person is in the way, the fly camera slides along what it meets, and none goes
below the ground. Without obstacles (a model on its own) they move freely.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from engine.scene.camera import Camera
from engine.world.collision import CollisionWorld, inside_person, people_clear

UP = np.array([0.0, 1.0, 0.0])
CLEARANCE_M = 0.3          # how far the eye keeps from anything (the near plane sits inside this)
RADIUS_M = 0.2             # the boom is tested as a bundle of rays this far apart
MIN_EYE_Y = 0.3
MIN_ORBIT_PITCH = 0.03     # radians above the horizon


# (head (2,), plan points (k, 2)) -> (k,) bool: is each point in the same space (a hall, or the
# outdoors) as the head? The boom then stays in the hall the avatar is in, even past a doorway.
SameSpace = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass
class Obstacles:
    """What a camera must not pass through: the scene's solid parts, the ground, the people standing
    about and, for a camera that follows someone, the edges of the space they are in."""

    world: CollisionWorld
    people: Callable[[], np.ndarray] = field(default=lambda: np.zeros((0, 2)))   # (n, 2) plan points
    same_space: SameSpace | None = None

    def clear_eye(self, pivot: np.ndarray, eye: np.ndarray) -> np.ndarray:
        """The eye pulled in from `eye` towards `pivot` until the boom between them is clear."""
        boom = eye - pivot
        length = float(np.linalg.norm(boom))
        if length < 1e-6:
            return self.above_ground(eye.copy())
        starts, ends = _bundle(pivot, boom)
        clear = min(float(self.world.distances(starts, ends).min()), people_clear(pivot, eye, self.people()),
                    self._ground_clear(pivot, boom), self._space_clear(pivot, boom))
        distance = max(clear * length - CLEARANCE_M, 0.0)
        return self.above_ground(pivot + boom / length * distance)

    def _ground_clear(self, pivot: np.ndarray, boom: np.ndarray) -> float:
        """The fraction of the boom above the lowest an eye may be (the ground, as a plane)."""
        floor = self.world.ground_y + MIN_EYE_Y
        if boom[1] >= 0 or pivot[1] <= floor:
            return 1.0
        return min(1.0, (pivot[1] - floor) / -boom[1] + CLEARANCE_M / float(np.linalg.norm(boom)))

    def _space_clear(self, pivot: np.ndarray, boom: np.ndarray) -> float:
        if self.same_space is None:
            return 1.0
        steps = np.linspace(0.0, 1.0, 25)[1:]
        inside = self.same_space(pivot[[0, 2]], pivot[[0, 2]][None] + boom[[0, 2]][None] * steps[:, None])
        out = np.flatnonzero(~inside)
        return 1.0 if len(out) == 0 else float(steps[out[0]] - steps[0])

    def sweep(self, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        """Where a point moving from start to end stops short of what it meets, sliding along it:
        the whole move if it is clear, else the parts of it along each axis that are."""
        pos = start.copy()
        if not self._blocked(pos, end):
            pos = end.copy()
        else:
            for axis in range(3):
                step = np.zeros(3)
                step[axis] = end[axis] - start[axis]
                if step[axis] and not self._blocked(pos, pos + step):
                    pos = pos + step
        pushed = inside_person(pos, self.people())
        return self.above_ground(pushed if pushed is not None else pos)

    def _blocked(self, a: np.ndarray, b: np.ndarray) -> bool:
        d = b - a
        length = float(np.linalg.norm(d))
        if length < 1e-9:
            return False
        ahead = a + d / length * (length + CLEARANCE_M)
        return float(self.world.distances(a[None], ahead[None])[0]) < 1.0

    def above_ground(self, eye: np.ndarray) -> np.ndarray:
        eye[1] = max(eye[1], self.world.ground_y + MIN_EYE_Y)
        return eye


def _bundle(pivot: np.ndarray, boom: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Five parallel segments (starts, ends) around the boom: its axis and four sides."""
    d = boom / np.linalg.norm(boom)
    side = np.cross(d, UP)
    if np.linalg.norm(side) < 1e-6:
        side = np.array([1.0, 0.0, 0.0])
    side /= np.linalg.norm(side)
    up = np.cross(side, d)
    offsets = np.array([np.zeros(3), side, -side, up, -up]) * RADIUS_M
    starts = pivot[None] + offsets
    return starts, starts + boom[None]


class OrbitController:
    """Rotate around a target (drag), zoom (wheel), pan (right or middle drag; WASD moves it)."""

    def __init__(self, camera: Camera, obstacles: Obstacles | None = None) -> None:
        self.camera = camera
        self.obstacles = obstacles
        self.target = camera.target.astype(np.float64).copy()
        offset = camera.eye - self.target
        self.distance = max(float(np.linalg.norm(offset)), 1e-3)
        self.yaw = math.atan2(offset[0], offset[2])
        self.pitch = self._clamp_pitch(math.asin(max(-1.0, min(1.0, offset[1] / self.distance))))
        self.sync()

    def _clamp_pitch(self, pitch: float) -> float:
        low = MIN_ORBIT_PITCH if self.obstacles is not None else -1.55
        return max(low, min(1.55, pitch))

    def rotate(self, dx_px: float, dy_px: float) -> None:
        self.yaw -= dx_px * 0.005
        self.pitch = self._clamp_pitch(self.pitch + dy_px * 0.005)
        self.sync()

    def zoom(self, steps: float) -> None:
        self.distance = max(0.05, min(self.distance * (0.85 ** steps), 1e5))
        self.sync()

    def pan(self, dx_px: float, dy_px: float, viewport_height: int) -> None:
        view_height = 2 * self.distance * math.tan(math.radians(self.camera.fov_y) / 2)
        per_px = view_height / max(viewport_height, 1)
        forward = self.target - self.camera.eye
        right = np.cross(forward, UP)
        right /= max(float(np.linalg.norm(right)), 1e-9)
        up = np.cross(right, forward / max(float(np.linalg.norm(forward)), 1e-9))
        self.target += (-dx_px * right + dy_px * up) * per_px
        self.sync()

    def update(self, dt: float, held: frozenset[str]) -> None:
        """WASD slides the target over the ground, at a pace that suits the distance."""
        fwd = np.array([-math.sin(self.yaw), 0.0, -math.cos(self.yaw)])
        right = np.array([math.cos(self.yaw), 0.0, -math.sin(self.yaw)])
        move = (("move_forward" in held) - ("move_back" in held)) * fwd \
            + (("move_right" in held) - ("move_left" in held)) * right \
            + (("move_up" in held) - ("move_down" in held)) * UP
        if np.any(move):
            speed = max(self.distance * 0.8, 2.0) * (3.0 if "run" in held else 1.0)
            self.target += move / np.linalg.norm(move) * speed * dt
            self.sync()

    def sync(self) -> None:
        c = self.camera
        if self.obstacles is not None:
            self.target[1] = max(self.target[1], self.obstacles.world.ground_y)
        offset = np.array([math.sin(self.yaw) * math.cos(self.pitch), math.sin(self.pitch),
                           math.cos(self.yaw) * math.cos(self.pitch)])
        c.target = self.target.copy()
        eye = self.target + offset * self.distance
        c.eye = eye if self.obstacles is None else self.obstacles.clear_eye(self.target, eye)
        # Near and far follow the distance so depth precision stays where the eye looks.
        near_distance = float(np.linalg.norm(c.eye - c.target))
        c.near = max(min(near_distance, self.distance) * 0.002, 0.01)
        c.far = max(self.distance * 20.0, 2000.0)


class FlyController:
    """WASD + mouse look, E/Q up and down, Shift to run, wheel changes speed."""

    def __init__(self, camera: Camera, speed: float = 8.0, obstacles: Obstacles | None = None) -> None:
        self.camera = camera
        self.obstacles = obstacles
        d = camera.target - camera.eye
        d /= max(float(np.linalg.norm(d)), 1e-9)
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

    def update(self, dt: float, held: frozenset[str]) -> None:
        f = self.forward()
        right = np.cross(f, UP)
        right /= max(float(np.linalg.norm(right)), 1e-9)
        move = np.zeros(3)
        for action, vec in (("move_forward", f), ("move_back", -f), ("move_right", right),
                            ("move_left", -right), ("move_up", UP), ("move_down", -UP)):
            if action in held:
                move += vec
        if np.linalg.norm(move) > 0:
            speed = self.speed * (3.0 if "run" in held else 1.0)
            end = self.camera.eye + move / np.linalg.norm(move) * speed * dt
            self.camera.eye = end if self.obstacles is None else self.obstacles.sweep(self.camera.eye, end)
        elif self.obstacles is not None:   # standing still, a person may walk into the camera
            self.camera.eye = self.obstacles.sweep(self.camera.eye, self.camera.eye)
        self.sync()

    def sync(self) -> None:
        self.camera.target = self.camera.eye + self.forward()
        self.camera.near, self.camera.far = 0.05, 5000.0


class FollowCamera:
    """Third-person camera behind the avatar (drag to look around, wheel for distance), or first
    person from its eyes. The boom pulls in where a wall, a roof or a person is behind the avatar;
    when it gets too short to stay behind the head, the view is taken from the eyes instead."""

    EYE_HEIGHT = 1.62
    MIN_DISTANCE, MAX_DISTANCE = 0.6, 40.0
    TOO_CLOSE_M = 0.9          # a shorter boom would put the camera inside the avatar's head

    def __init__(self, camera: Camera, yaw: float = 0.0, obstacles: Obstacles | None = None) -> None:
        self.camera = camera
        self.yaw = yaw                 # compass bearing the camera looks along
        self.pitch = -0.3              # radians, negative looks down
        self.distance = 6.0
        self.first_person = False
        self.obstacles = obstacles
        self.boom = self.distance      # the boom's length after the last follow()

    @property
    def hides_avatar(self) -> bool:
        """In first person, or pulled in so close that the avatar would fill the view."""
        return self.first_person or self.boom < self.TOO_CLOSE_M

    def rotate(self, dx_px: float, dy_px: float) -> None:
        self.yaw += dx_px * 0.005
        self.pitch = max(-1.3, min(0.6, self.pitch - dy_px * 0.004))

    def zoom(self, steps: float) -> None:
        self.distance = max(self.MIN_DISTANCE, min(self.distance * (0.85 ** steps), self.MAX_DISTANCE))

    def pan(self, dx_px: float, dy_px: float, viewport_height: int) -> None:
        self.rotate(dx_px, dy_px)

    def update(self, dt: float, held: frozenset[str]) -> None:
        pass

    def look_direction(self) -> np.ndarray:
        return np.array([math.sin(self.yaw) * math.cos(self.pitch), math.sin(self.pitch),
                         -math.cos(self.yaw) * math.cos(self.pitch)])

    def follow(self, xz: np.ndarray, ground_y: float = 0.0) -> None:
        """Place the camera for an avatar standing at plan point xz (2,)."""
        head = np.array([xz[0], ground_y + self.EYE_HEIGHT, xz[1]])
        look = self.look_direction()
        cam = self.camera
        cam.near, cam.far = 0.1, 5000.0
        eye = head - look * self.distance
        if self.obstacles is not None and not self.first_person:
            eye = self.obstacles.clear_eye(head, eye)
        self.boom = float(np.linalg.norm(eye - head))
        if self.hides_avatar:
            cam.eye, cam.target = head, head + look
            return
        cam.eye = eye
        cam.target = head + np.array([0.0, -0.15, 0.0])
