"""The meshes a person is drawn with: smooth lofted shapes, one per body part, a few hundred
triangles in all, sized for the reference figure of engine.world.figures.

Each part hangs from its joint (the mesh's origin) in the figure's frame: +Y up, the figure
facing -Z, its left towards -X. Limbs hang down -Y from their joint.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from engine.scene import Material, Mesh
from engine.world.figures import FOREARM, HEAD_H, NECK, THIGH, TORSO, UPPER_ARM

Ring = tuple[float, float, float, float]   # (height along the axis, half-width x, half-depth, depth offset)


def loft(rings: Sequence[Ring], around: int, bottom: float | None, top: float,
         bumps: Sequence[tuple[int, int, float]] = ()) -> tuple[np.ndarray, np.ndarray]:
    """A smooth surface through elliptical rings stacked along +Y, capped by a pole at height `top`
    above the last ring and one at `bottom` below the first (left open when None: an end hidden
    inside another part).

    Rings: (y, rx, rz, cz), in any order; vertex j of a ring sits at angle 2 pi j / around from +X towards +Z.
    bumps: (ring, vertex, metres) each push one vertex outwards (a nose) or, negative, inwards.
    Returns positions (n, 3) float64 and outward-wound triangles (m, 3).
    """
    r = np.asarray(rings, dtype=np.float64)
    r = r[np.argsort(r[:, 0], kind="stable")]    # bottom to top, whichever order they are listed in
    t = 2.0 * math.pi * np.arange(around) / around
    pos = np.stack([np.outer(r[:, 1], np.cos(t)), np.repeat(r[:, :1], around, axis=1),
                    r[:, 3:4] + np.outer(r[:, 2], np.sin(t))], axis=-1).reshape(-1, 3)
    for ring, vertex, out in bumps:
        pos[ring * around + vertex, [0, 2]] += out * np.array([math.cos(t[vertex]), math.sin(t[vertex])])
    k, j = np.meshgrid(np.arange(len(r) - 1), np.arange(around), indexing="ij")
    a, b = (k * around + j).ravel(), (k * around + (j + 1) % around).ravel()
    up = around
    sides = np.concatenate([np.stack([a, a + up, b], 1), np.stack([b, a + up, b + up], 1)])
    n = len(pos)
    top_ring = (len(r) - 1) * around
    caps = [np.stack([np.full(around, n), top_ring + (j[0] + 1) % around, top_ring + j[0]], 1)]
    poles = [[0.0, top, r[-1, 3]]]
    if bottom is not None:
        caps.append(np.stack([np.full(around, n + 1), j[0], (j[0] + 1) % around], 1))
        poles.append([0.0, bottom, r[0, 3]])
    return np.vstack([pos, poles]), np.concatenate([sides, *caps])


def _lying(shape: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """A loft turned to run forwards (-Z) instead of up: (x, y, z) -> (x, z, -y), a rotation."""
    pos, tri = shape
    return np.column_stack([pos[:, 0], pos[:, 2], -pos[:, 1]]), tri


def _mesh(shape: tuple[np.ndarray, np.ndarray], name: str, roughness: float) -> Mesh:
    pos, tri = shape
    return Mesh(pos, tri, None, None, None, Material(base_color=(1, 1, 1, 1), roughness=roughness, name=name),
                name=name, lod=False)


def part_shapes() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Every part's (positions, triangles), reference sizes in metres.

    Each stays under 64 triangles and is made with `lod=False`: vertex clustering spoils shapes this
    small, and a crowd stays one draw per part at any distance.
    """
    return {
        "torso": loft([(-0.02, 0.128, 0.096, 0.0), (0.22, 0.158, 0.110, -0.012), (TORSO - 0.055, 0.180, 0.090, 0.0),
                       (TORSO - 0.018, 0.140, 0.072, 0.0)], 8, None, TORSO + 0.008),
        # Open at the front in a V that shows the shirt, down over the hips.
        "jacket": loft([(-0.14, 0.170, 0.120, 0.004), (0.22, 0.166, 0.119, -0.012),
                        (TORSO - 0.055, 0.188, 0.097, 0.0), (TORSO - 0.018, 0.147, 0.078, 0.0)], 8, None,
                       TORSO + 0.004, bumps=[(1, 6, -0.05), (2, 6, -0.05), (3, 6, -0.03)]),
        "pelvis": loft([(-0.07, 0.12, 0.085, 0.0), (0.0, 0.150, 0.100, 0.006), (0.11, 0.134, 0.095, 0.0)],
                       8, -0.115, 0.13),
        "skirt": loft([(0.11, 0.145, 0.102, 0.0), (-0.12, 0.190, 0.145, 0.0), (-0.37, 0.225, 0.185, 0.0)],
                      8, -0.375, 0.12),
        # Chin to crown is HEAD_H; the nose (ring 2, vertex 6: straight ahead) says which way it faces.
        "head": loft([(-0.01, 0.055, 0.052, 0.012), (NECK + 0.02, 0.062, 0.078, -0.008),
                      (NECK + 0.09, 0.076, 0.096, 0.0), (NECK + 0.175, 0.074, 0.092, 0.004)], 8, None,
                     NECK + HEAD_H, bumps=[(2, 6, 0.016)]),
        "hair": loft([(NECK + 0.095, 0.080, 0.100, 0.022), (NECK + 0.15, 0.085, 0.105, 0.008),
                      (NECK + 0.20, 0.072, 0.088, 0.006)], 8, NECK + 0.06, NECK + HEAD_H + 0.012),
        "hair-long": loft([(-0.01, 0.090, 0.042, 0.062), (NECK + 0.06, 0.088, 0.062, 0.050),
                           (NECK + 0.16, 0.078, 0.070, 0.036)], 6, -0.03, NECK + 0.19),
        "hair-bun": loft([(NECK + 0.16, 0.034, 0.030, 0.112), (NECK + 0.20, 0.045, 0.042, 0.118),
                          (NECK + 0.24, 0.032, 0.030, 0.112)], 6, NECK + 0.14, NECK + 0.26),
        "upper-arm": loft([(0.015, 0.048, 0.050, 0.0), (-0.06, 0.047, 0.050, 0.0),
                           (-UPPER_ARM, 0.036, 0.040, 0.0)], 6, -UPPER_ARM - 0.02, 0.045),
        "forearm": loft([(0.0, 0.037, 0.039, 0.0), (-FOREARM, 0.026, 0.028, 0.0)], 6, -FOREARM - 0.012, 0.03),
        # Palms face the body: the hand is thin across and wide front to back.
        "hand": loft([(0.0, 0.018, 0.026, 0.0), (-0.07, 0.020, 0.044, -0.004), (-0.13, 0.014, 0.036, -0.006)],
                     5, -0.175, 0.012),
        "thigh": loft([(0.04, 0.076, 0.080, 0.0), (-0.06, 0.079, 0.084, -0.004), (-THIGH, 0.050, 0.053, 0.0)],
                      6, -THIGH - 0.03, 0.075),
        "shin": loft([(0.0, 0.050, 0.052, 0.0), (-0.12, 0.051, 0.058, 0.010), (-0.40, 0.032, 0.034, 0.0)],
                     6, -0.42, 0.03),
        # Heel to toe along -Z, the sole 7.5 cm below the ankle.
        "shoe": _lying(loft([(-0.055, 0.038, 0.034, -0.042), (0.03, 0.047, 0.048, -0.028),
                             (0.17, 0.045, 0.028, -0.050)], 6, -0.078, 0.205)),
    }


def part_meshes() -> dict[str, Mesh]:
    """The parts as meshes, white, to be tinted per person."""
    rough = {"head": 0.6, "hand": 0.6, "shoe": 0.5, "hair": 0.8, "hair-long": 0.8, "hair-bun": 0.8}
    return {name: _mesh(shape, name, rough.get(name, 0.9)) for name, shape in part_shapes().items()}
