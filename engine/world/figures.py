"""What people look like: a figure's proportions, body types, and each person's looks from their id.

The reference figure is 1.75 m tall with a head of one 7.5th of that; each person is the reference
scaled to their height, with their body type's shoulder, hip and limb widths. Looks (clothes, hair,
skin, body) are worked out from the person's id alone, so someone looks the same in every frame,
every session and on every attendee's screen, whoever else is there.

Looks are arrays, one row per person, so a whole crowd is tinted in instanced draws:
colours (n, 4) linear RGBA for "shirt" (the top), "skin", "trousers" (the bottom), "shoes", "hair";
"body" (n, 4): height m, shoulder width, hip width, limb thickness (1 for the reference);
"style" (n, 4): hair style (index into HAIR_STYLES), skirt, jacket, short sleeves (0 or 1).
"""
from __future__ import annotations

import numpy as np

from engine.scene.material import srgb_to_linear

REF_HEIGHT = 1.75
HEAD_H = REF_HEIGHT / 7.5   # crown to chin
NECK = 0.075
ANKLE_H = 0.075             # ankle joint above the sole
BALL = 0.13                 # ball of the foot in front of the ankle
THIGH = 0.43
SHIN = 0.41
HIP_X = 0.085               # hip joints either side of the middle
HIP_Y = ANKLE_H + 0.999 * (THIGH + SHIN)   # standing; engine.world.gait.STANCE_REACH
WAIST = 0.10                # waist above the hip joints, where the torso starts
TORSO = REF_HEIGHT - HEAD_H - NECK - HIP_Y - WAIST   # waist to the base of the neck
SHOULDER_X, SHOULDER_Y = 0.178, TORSO - 0.055      # shoulder joints in the torso's frame
UPPER_ARM, FOREARM, HAND = 0.28, 0.25, 0.17

COLOURED = ("shirt", "skin", "trousers", "shoes", "hair")
LOOKS = (*COLOURED, "body", "style")
HAIR_STYLES = ("short", "long", "bun")

# Body types: height range (m), shoulder width, hip width, limb thickness.
BODY_TYPES = np.array([
    [1.56, 1.70, 0.88, 1.04, 0.88],   # slight
    [1.66, 1.82, 1.00, 1.00, 1.00],   # medium
    [1.78, 1.94, 1.04, 0.98, 0.96],   # tall
    [1.64, 1.80, 1.14, 1.14, 1.16],   # sturdy
])
SKIN = np.array([[243, 214, 187], [234, 192, 160], [214, 170, 132], [198, 145, 105], [160, 110, 75],
                 [118, 78, 52], [86, 56, 38]])
HAIR = np.array([[20, 17, 15], [28, 22, 18], [45, 32, 24], [72, 48, 30], [110, 72, 42], [150, 110, 70],
                 [196, 160, 110], [140, 140, 140], [205, 205, 200]])
HAIR_WEIGHTS = np.array([30, 24, 14, 10, 6, 3, 3, 5, 2], dtype=np.float64)
TOPS = np.array([[240, 240, 236], [200, 218, 238], [34, 46, 78], [28, 28, 32], [110, 112, 118], [160, 38, 40],
                 [40, 110, 70], [230, 180, 60], [96, 60, 120], [220, 120, 60], [60, 140, 190], [235, 200, 205]])
BOTTOMS = np.array([[30, 34, 48], [22, 22, 26], [70, 72, 78], [150, 130, 100], [54, 74, 112], [90, 62, 46]])
SHOES = np.array([[20, 20, 22], [70, 44, 28], [235, 235, 232], [110, 110, 115]])


def _hash(ids: np.ndarray, salt: int) -> np.ndarray:
    """splitmix64 of (id, salt): well-mixed uint64 (n,) from any integers, no per-id Python."""
    x = ids.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(salt * 0x632BE59BD9B4E019 & (2**64 - 1))
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x


def uniform(ids: np.ndarray, salt: int) -> np.ndarray:
    """A number in [0, 1) (n,) per id, different for each salt."""
    with np.errstate(over="ignore"):
        return (_hash(ids, salt) >> np.uint64(11)).astype(np.float64) / float(2 ** 53)


def _pick(u: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Indices (n,) drawn with the given weights from uniforms u (n,)."""
    cum = np.cumsum(weights) / weights.sum()
    return np.minimum(np.searchsorted(cum, u, side="right"), len(weights) - 1)


def _rgba(srgb: np.ndarray, shade: np.ndarray | float = 1.0) -> np.ndarray:
    """Linear RGBA (n, 4) float32 from sRGB bytes (n, 3), each row scaled by `shade` (n,)."""
    rgb = srgb_to_linear(np.clip(srgb / 255.0 * np.reshape(shade, (-1, 1)), 0.0, 1.0))
    return np.hstack([rgb, np.ones((len(rgb), 1))]).astype(np.float32)


def looks_for(ids: np.ndarray | list[int]) -> dict[str, np.ndarray]:
    """Looks (see the module's docstring) for people with these integer ids (n,), deterministic."""
    ids = np.asarray(ids, dtype=np.int64).reshape(-1)
    u = [uniform(ids, salt) for salt in range(12)]
    kind = _pick(u[0], np.array([3.0, 4.0, 2.0, 2.0]))
    lo, hi = BODY_TYPES[kind, 0], BODY_TYPES[kind, 1]
    body = np.column_stack([lo + (hi - lo) * u[1], BODY_TYPES[kind, 2:5]])
    slight = kind == 0
    # Long hair and skirts more often on slighter figures; otherwise anyone may have any.
    style = np.where(u[2] < np.where(slight, 0.7, 0.15), np.where(u[3] < 0.6, 1, 2), 0)
    skirt = slight & (u[4] < 0.45)
    jacket = ~skirt & (u[5] < 0.3)
    short_sleeves = ~jacket & (u[6] < 0.35)
    top = TOPS[(u[7] * len(TOPS)).astype(np.int64)]
    # Close variations of the palette, so no two shirts of a crowd are quite the same.
    shade = 0.85 + 0.3 * u[8]
    return {
        "shirt": _rgba(top, shade),
        "skin": _rgba(SKIN[(u[9] * len(SKIN)).astype(np.int64)]),
        "trousers": _rgba(BOTTOMS[(u[10] * len(BOTTOMS)).astype(np.int64)], shade),
        "shoes": _rgba(SHOES[(u[11] * len(SHOES)).astype(np.int64)]),
        "hair": _rgba(HAIR[_pick(uniform(ids, 12), HAIR_WEIGHTS)]),
        "body": body.astype(np.float32),
        "style": np.column_stack([style, skirt, jacket, short_sleeves]).astype(np.float32),
    }


def crowd_ids(n: int, seed: int) -> np.ndarray:
    """Ids (n,) for the n simulated attendees of a crowd seeded `seed`, apart from other crowds' ids."""
    return np.arange(n, dtype=np.int64) + np.int64(seed) * 1_000_003


def figure_height(looks: dict[str, np.ndarray]) -> np.ndarray:
    """Each person's height (n,) in metres."""
    return looks["body"][:, 0].astype(np.float64)
