"""Drawing people: a low-poly humanoid in six parts, posed per instance so a whole crowd is six draws.

Headings are compass bearings (0 faces north, -z; pi/2 faces east, +x), as in engine.world.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from engine.scene import Material, Mesh
from engine.scene.graph import Batch, make_batch
from engine.scene.material import srgb_to_linear

SKIN_TONES = np.array([[236, 197, 160], [198, 145, 105], [141, 94, 62], [224, 172, 130], [110, 70, 45]])
TROUSERS = np.array([[40, 44, 60], [60, 55, 50], [25, 25, 30], [80, 90, 110]])


@dataclass
class Part:
    mesh: Mesh
    pivot: tuple[float, float, float]   # where the part hangs from, in the body's frame
    joint: str | None                   # key of engine.world.avatar.limb_angles, None for rigid parts
    colour: str                         # which per-person colour tints it: shirt, skin or trousers


def _part(builder, name: str, roughness: float = 0.9) -> Mesh:
    pos, idx, nrm, _uv, _col = builder.arrays()
    return Mesh(pos, idx, nrm, None, None, Material(base_color=(1, 1, 1, 1), roughness=roughness, name=name),
                name=name)


def _box(size, drop: float, name: str) -> Mesh:
    """A box hanging `drop` metres below its pivot (its top at the pivot)."""
    from engine.venue.geometry import MeshBuilder
    b = MeshBuilder()
    w, h, d = size
    b.box((-w / 2, -drop, -d / 2), (w / 2, h - drop, d / 2))
    return _part(b, name)


def _ball(radius: float, rings: int = 5, around: int = 8) -> tuple[np.ndarray, np.ndarray]:
    """A low-poly UV sphere centred on the origin: positions (n, 3) and triangles (m, 3)."""
    lat = np.linspace(-math.pi / 2, math.pi / 2, rings + 1)
    lon = np.linspace(0, 2 * math.pi, around + 1)
    la, lo = np.meshgrid(lat, lon, indexing="ij")
    pos = radius * np.stack([np.cos(la) * np.cos(lo), np.sin(la), -np.cos(la) * np.sin(lo)], -1).reshape(-1, 3)
    i, j = np.meshgrid(np.arange(rings), np.arange(around), indexing="ij")
    a = (i * (around + 1) + j).ravel()
    tris = np.concatenate([np.stack([a, a + 1, a + around + 2], 1), np.stack([a, a + around + 2, a + around + 1], 1)])
    return pos, tris


def build_parts() -> list[Part]:
    """The humanoid's parts, built from boxes and balls (no mesh library needed at start-up)."""
    from engine.venue.geometry import MeshBuilder
    b = MeshBuilder()
    b.cylinder((0.0, -0.33, 0.0), 0.15, 0.62, segments=10, top_radius=0.19)
    torso = _part(b, "torso")
    pos, tris = _ball(0.11)
    head = Mesh(pos, tris, pos / 0.11, None, None, Material(base_color=(1, 1, 1, 1), roughness=0.7, name="head"),
                name="head")
    leg = _box((0.13, 0.86, 0.15), 0.86, "leg")
    arm = _box((0.085, 0.6, 0.09), 0.6, "arm")
    return [
        Part(torso, (0.0, 1.2, 0.0), None, "shirt"),
        Part(head, (0.0, 1.6, 0.0), None, "skin"),
        Part(leg, (-0.1, 0.88, 0.0), "hip_left", "trousers"),
        Part(leg, (0.1, 0.88, 0.0), "hip_right", "trousers"),
        Part(arm, (-0.24, 1.43, 0.0), "shoulder_left", "shirt"),
        Part(arm, (0.24, 1.43, 0.0), "shoulder_right", "shirt"),
    ]


def palette(n: int, seed: int = 1) -> dict[str, np.ndarray]:
    """Per-person linear colours (n, 4) for shirt, skin and trousers, deterministic."""
    rng = np.random.default_rng(seed)
    hue = rng.random(n)
    shirt = np.stack([_hsv(h, 0.55 + 0.35 * rng.random(), 0.55 + 0.4 * rng.random()) for h in hue]) \
        if n else np.zeros((0, 3))
    skin = SKIN_TONES[rng.integers(0, len(SKIN_TONES), n)] / 255.0
    trousers = TROUSERS[rng.integers(0, len(TROUSERS), n)] / 255.0
    alpha = np.ones((n, 1))
    return {name: np.hstack([srgb_to_linear(c), alpha]).astype(np.float32)
            for name, c in (("shirt", shirt), ("skin", skin), ("trousers", trousers))}


def _hsv(h: float, s: float, v: float) -> np.ndarray:
    i = int(h * 6) % 6
    f = h * 6 - int(h * 6)
    p, q, t = v * (1 - s), v * (1 - f * s), v * (1 - (1 - f) * s)
    return np.array([(v, t, p), (q, v, p), (p, v, t), (p, q, v), (t, p, v), (v, p, q)][i])


def pose_batches(parts: list[Part], xz: np.ndarray, headings: np.ndarray, angles: dict[str, np.ndarray],
                 colours: dict[str, np.ndarray]) -> list[Batch]:
    """One batch per part for n people: xz (n, 2), headings (n,) compass bearings, joint `angles`
    ({joint: (n,) radians, positive swings forward; "bob_m": (n,) metres}), colours from `palette`."""
    n = len(xz)
    if n == 0:
        return []
    base = np.zeros((n, 4, 4), np.float64)
    a = -np.asarray(headings, np.float64)   # compass bearing -> rotation about +Y
    c, s = np.cos(a), np.sin(a)
    base[:, 0, 0], base[:, 0, 2], base[:, 2, 0], base[:, 2, 2] = c, s, -s, c
    base[:, 1, 1] = base[:, 3, 3] = 1.0
    base[:, 0, 3], base[:, 2, 3] = xz[:, 0], xz[:, 1]
    base[:, 1, 3] = angles.get("bob_m", 0.0)
    # All parts of all people in one batched product: (parts, n, 4, 4).
    local = np.tile(np.eye(4), (len(parts), n, 1, 1))
    for k, part in enumerate(parts):
        if part.joint is not None:
            # About +X, a limb hanging down (-Y) swings towards the body's front (-Z).
            angle = np.broadcast_to(np.asarray(angles[part.joint], np.float64), (n,))
            ca, sa = np.cos(angle), np.sin(angle)
            local[k, :, 1, 1], local[k, :, 1, 2], local[k, :, 2, 1], local[k, :, 2, 2] = ca, -sa, sa, ca
        local[k, :, :3, 3] = part.pivot
    world = base[None] @ local
    batches = [make_batch(part.mesh, world[k], colours[part.colour]) for k, part in enumerate(parts)]
    return batches
