"""The user's avatar as plain data: where it is, where it faces, how fast it goes, its walk cycle.

Motion comes from named-action input (forward/right axes, run) relative to the camera's yaw, or from
a path being followed (click-to-walk, go-to); any key input cancels the path. Rendering reads
`position`, `heading` and `pose()`; nothing here draws.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import overload

import numpy as np

from engine.world import gait
from engine.world.movement import PathFollower, forward_of, heading_of, move_along
from engine.world.navmesh import NavMesh
from engine.world.paths import WALK_SPEED, Path

RUN_SPEED = 3.0  # m/s, a jog
TURN_RATE = 10.0  # rad/s: how fast the body turns to face where it goes
ACCELERATION = 8.0  # m/s^2: reaches walking pace in about 0.16 s, so keys feel immediate but not jerky


@dataclass(frozen=True)
class MoveInput:
    """Movement axes from the keys: forward (W=+1, S=-1) and right (D=+1, A=-1), and run (Shift)."""

    forward: float = 0.0
    right: float = 0.0
    run: bool = False

    @property
    def active(self) -> bool:
        return self.forward != 0.0 or self.right != 0.0


def input_direction(inp: MoveInput, camera_yaw: float) -> np.ndarray:
    """Plan direction (2,) of the input relative to the camera's yaw (a compass bearing); zero if idle.

    Diagonals are normalised so W+D is not faster than W.
    """
    fwd = forward_of(camera_yaw)
    right = np.array([-fwd[1], fwd[0]])  # right of north (0, -1) is east (1, 0)
    d = fwd * inp.forward + right * inp.right
    n = float(np.hypot(*d))
    return d / n if n > 1e-9 else np.zeros(2)


@dataclass(frozen=True)
class LimbPose:
    """What the drawer needs to pose a walking figure (engine.world.gait.pose): the walk cycle's
    phase in radians and the ground speed in m/s."""

    phase: float
    speed: float


def stride_length(speed: float | np.ndarray) -> float | np.ndarray:
    """Metres per full walk cycle (two steps): about 1.4 m walking, longer running (engine.world.gait)."""
    return gait.stride_length(speed)


@overload
def advance_phase(phase: float, distance: float, speed: float) -> float: ...
@overload
def advance_phase(phase: np.ndarray, distance: float | np.ndarray, speed: float | np.ndarray) -> np.ndarray: ...
def advance_phase(phase: float | np.ndarray, distance: float | np.ndarray,
                  speed: float | np.ndarray) -> float | np.ndarray:
    """Walk-cycle phase (radians, wraps at 2 pi) after covering `distance` metres at `speed`.

    Tied to distance, not time, so the feet do not skate: scalars or (n,) arrays.
    """
    return gait.advance_phase(phase, distance, speed)


@overload
def limb_angles(phase: float, speed: float) -> dict[str, float]: ...
@overload
def limb_angles(phase: np.ndarray, speed: float | np.ndarray) -> dict[str, np.ndarray]: ...
@overload
def limb_angles(phase: float, speed: np.ndarray) -> dict[str, np.ndarray]: ...
def limb_angles(phase: float | np.ndarray, speed: float | np.ndarray) -> dict[str, float] | dict[str, np.ndarray]:
    """The walk state people are drawn from, {"phase", "speed"}: scalars, or (n,) arrays for crowds.

    The drawer turns it into joint angles for each figure's own size (engine.world.gait.pose).
    """
    if np.ndim(phase) == 0 and np.ndim(speed) == 0:
        return {"phase": float(phase), "speed": float(speed)}
    p, v = np.broadcast_arrays(np.asarray(phase, np.float64), np.asarray(speed, np.float64))
    return {"phase": p, "speed": v}


def _turn_towards(heading: float, target: float, max_step: float) -> float:
    """Turn heading towards target by at most max_step radians, the short way round."""
    diff = (target - heading + math.pi) % (2.0 * math.pi) - math.pi
    return heading + max(-max_step, min(max_step, diff))


@dataclass
class Avatar:
    """State of a walking person: position (2,) in plan (x, z), heading (compass bearing), speed (m/s)."""

    position: np.ndarray = field(default_factory=lambda: np.zeros(2))
    heading: float = 0.0
    name: str = "You"
    colour: tuple[float, float, float] = (0.16, 0.45, 0.85)  # linear RGB
    speed: float = 0.0  # actual speed over the last step (slower when pushing into a wall)
    phase: float = 0.0
    follower: PathFollower | None = None

    def __post_init__(self) -> None:
        self.position = np.asarray(self.position, dtype=np.float64).reshape(2).copy()

    @property
    def walking_path(self) -> bool:
        return self.follower is not None

    def walk_to(self, path: Path, run: bool = False) -> None:
        """Start walking a path (click-to-walk, go-to)."""
        self.follower = PathFollower(path, RUN_SPEED if run else WALK_SPEED)
        self.follower.distance = 0.0

    def teleport(self, position: np.ndarray, heading: float | None = None) -> None:
        """Jump there at once (reduced motion, `--goto`)."""
        self.position = np.asarray(position, dtype=np.float64).reshape(2).copy()
        self.heading = self.heading if heading is None else heading
        self.follower, self.speed = None, 0.0

    def step(self, dt: float, inp: MoveInput, camera_yaw: float, navmesh: NavMesh | None = None) -> None:
        """Advance dt seconds: keys move relative to the camera (and cancel a path), else follow the path."""
        if inp.active:
            self.follower = None
        if self.follower is not None:
            self._follow(dt, self.follower)
            return
        direction = input_direction(inp, camera_yaw)
        target = (RUN_SPEED if inp.run else WALK_SPEED) if inp.active else 0.0
        # Ease towards the target pace rather than jumping to it.
        pace = min(target, self.speed + ACCELERATION * dt) if target > self.speed else target
        delta = direction * pace * dt
        old = self.position
        self.position = move_along(navmesh, old, delta) if navmesh is not None else old + delta
        self._settle(dt, self.position - old, direction if inp.active else None)

    def _follow(self, dt: float, follower: PathFollower) -> None:
        old = self.position
        self.position = follower.step(dt).copy()
        moved = self.position - old
        self._settle(dt, moved, moved if np.hypot(*moved) > 1e-9 else None)
        if follower.arrived:
            self.follower = None

    def _settle(self, dt: float, moved: np.ndarray, face: np.ndarray | None) -> None:
        """Update speed, heading and walk phase from the step actually taken."""
        dist = float(np.hypot(*moved))
        self.speed = dist / dt if dt > 0 else 0.0
        if face is not None:
            self.heading = _turn_towards(self.heading, heading_of(face), TURN_RATE * dt)
        self.phase = float(advance_phase(self.phase, dist, self.speed))

    def pose(self) -> LimbPose:
        """The walk state the figure is drawn from."""
        return LimbPose(self.phase, self.speed)
