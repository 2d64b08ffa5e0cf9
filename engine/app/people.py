"""People in the venue come from a list of sources: the simulated crowd, your own avatar, and any
other (remote attendees). Each source says where its people stand and how they look; the drawer
poses all of them as one set of instanced batches, so adding a source touches neither the
renderer nor the modes' drawing code.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from engine.app.people_view import Part, build_parts, palette, pose_batches
from engine.scene.camera import Camera, frustum_planes, perspective, spheres_visible, view_matrix
from engine.scene.graph import Batch
from engine.world.avatar import Avatar
from engine.world.crowd import Crowd
from engine.world.figures import LOOKS

CROWD_STEP_S = 1 / 30
PARTS_COLOURED = LOOKS


@dataclass
class People:
    """n people: plan points (n, 2), compass headings (n,), joint angles {joint: (n,)} and colours
    {shirt|skin|trousers: (n, 4) linear RGBA}; names (n) for name tags, or empty."""

    xz: np.ndarray
    headings: np.ndarray
    angles: dict[str, np.ndarray]
    colours: dict[str, np.ndarray]
    names: list[str] = field(default_factory=list)

    @classmethod
    def none(cls) -> People:
        return cls(np.zeros((0, 2)), np.zeros(0), {}, {k: np.zeros((0, 4), np.float32) for k in PARTS_COLOURED})

    def __len__(self) -> int:
        return len(self.xz)

    def take(self, keep: np.ndarray) -> People:
        """The people where `keep` (n,) bool is true."""
        return People(self.xz[keep], self.headings[keep], {k: v[keep] for k, v in self.angles.items()},
                      {k: v[keep] for k, v in self.colours.items()},
                      [name for name, k in zip(self.names, keep, strict=False) if k])


class PeopleSource(Protocol):
    def people(self) -> People: ...


class CrowdSource:
    """The simulated attendees: made on the first step (after the first frame is up), stepped at
    30 Hz, which is plenty at walking pace and half the cost."""

    def __init__(self, make: Callable[[], Crowd], n: int, seed: int) -> None:
        self._make = make
        self.crowd: Crowd | None = None
        self.colours = palette(n, seed=seed)
        self._since = 0.0

    def step(self, dt: float) -> None:
        if self.crowd is None:
            self.crowd = self._make()
        self._since += dt
        if self._since >= CROWD_STEP_S:
            self.crowd.step(self._since)
            self._since = 0.0

    def people(self) -> People:
        crowd = self.crowd
        if crowd is None or crowd.n == 0:
            return People.none()
        n = crowd.n
        angles = {k: np.broadcast_to(np.asarray(v, np.float64), (n,)) for k, v in crowd.limb_angles().items()}
        return People(crowd.positions, crowd.headings, angles, {k: v[:n] for k, v in self.colours.items()})


class AvatarSource:
    """Your own avatar, unless the camera is looking out of its eyes (`hidden` says when)."""

    def __init__(self, avatar: Avatar, shirt: tuple[float, float, float], hidden: Callable[[], bool]) -> None:
        self.avatar = avatar
        self.hidden = hidden
        self.colours = palette(1, seed=7)
        self.colours["shirt"][0, :3] = shirt

    def people(self) -> People:
        if self.hidden():
            return People.none()
        pose = self.avatar.pose()
        angles = {k: np.array([v], np.float64) for k, v in vars(pose).items()}
        return People(self.avatar.position[None].copy(), np.array([self.avatar.heading]), angles,
                      self.colours, [self.avatar.name])


def gather(sources: Sequence[PeopleSource]) -> People:
    """Everyone from every source, in one set of arrays."""
    groups = [p for p in (s.people() for s in sources) if len(p)]
    if not groups:
        return People.none()
    joints = set.intersection(*(set(g.angles) for g in groups))
    return People(np.concatenate([g.xz for g in groups]), np.concatenate([g.headings for g in groups]),
                  {j: np.concatenate([g.angles[j] for g in groups]) for j in joints},
                  {k: np.concatenate([g.colours[k] for g in groups]) for k in PARTS_COLOURED},
                  [name for g in groups for name in (g.names or [""] * len(g))])


class PeopleDrawer:
    """Poses people as one instanced batch per body part (torso, head, hair, limbs...), whatever their number."""

    def __init__(self) -> None:
        self.parts: list[Part] = build_parts()

    def batches(self, people: People, camera: Camera | None = None) -> list[Batch]:
        """Everyone's body parts; with a `camera`, only the people it can see (posing is most of their cost)."""
        if camera is not None and len(people):
            people = people.take(in_view(people.xz, camera))
        if not len(people):
            return []
        return pose_batches(self.parts, people.xz, people.headings, people.angles, people.colours)


# A person's bounding sphere for culling: about the middle of a tall figure, wide enough to hold its
# shadow on the ground when the sun is high (high quality draws people's shadows).
PERSON_CENTRE_Y, PERSON_REACH_M = 0.95, 3.0
WIDEST_ASPECT = 3.6   # the culling frustum is as wide as a 32:9 window's: never narrower than the view


def in_view(xz: np.ndarray, camera: Camera) -> np.ndarray:
    """(n,) bool: which people at plan points xz (n, 2) a camera could see, in a window of any shape."""
    if camera.orthographic:
        return np.ones(len(xz), bool)
    vp = perspective(math.radians(camera.fov_y), WIDEST_ASPECT, camera.near, camera.far) @ view_matrix(camera)
    centres = np.column_stack([xz[:, 0], np.full(len(xz), PERSON_CENTRE_Y), xz[:, 1]])
    return spheres_visible(frustum_planes(vp), centres, np.full(len(xz), PERSON_REACH_M))
