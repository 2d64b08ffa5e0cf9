"""Drawing people: lofted body parts posed per instance, so a whole crowd is one draw per part.

Headings are compass bearings (0 faces north, -z; pi/2 faces east, +x), as in engine.world. Each
person's pose comes from their walk phase and speed (engine.world.gait) and their looks (clothes,
hair, body type, height: engine.world.figures); every transform is worked out for everyone at once.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from engine.app.figure_meshes import part_meshes
from engine.scene import Mesh
from engine.scene.graph import Batch
from engine.world import gait
from engine.world.figures import (
    FOREARM,
    HIP_X,
    LOOKS,
    REF_HEIGHT,
    SHIN,
    SHOULDER_X,
    SHOULDER_Y,
    THIGH,
    TORSO,
    UPPER_ARM,
    WAIST,
    crowd_ids,
    looks_for,
)

Looks = dict[str, np.ndarray]
SKIRT, JACKET, SHORT_SLEEVES = 1, 2, 3    # columns of looks["style"]
WIDTH = {  # columns of looks["body"]
    "shoulders": 1, "hips": 2, "limbs": 3,
}


@dataclass
class Part:
    """One instanced draw: a mesh on a bone ("thigh" is both thighs), tinted per person, for the
    people `who` selects (everyone when None), widened by the body measure `width`."""

    mesh: Mesh
    bone: str
    tint: Callable[[Looks], np.ndarray]
    who: Callable[[Looks], np.ndarray] | None = None
    width: str | None = None     # "shoulders", "hips" or "limbs" (column of looks["body"])


def _key(name: str) -> Callable[[Looks], np.ndarray]:
    return lambda looks: looks[name]


def _either(flag: int, yes: str, no: str) -> Callable[[Looks], np.ndarray]:
    """One colour where a style flag is set, another where it is not."""
    return lambda looks: np.where(looks["style"][:, flag:flag + 1] > 0.5, looks[yes], looks[no])


def _sleeve(lower: bool) -> Callable[[Looks], np.ndarray]:
    """Sleeves in the jacket's colour, else the shirt's; bare forearms in short sleeves."""
    def tint(looks: Looks) -> np.ndarray:
        style = looks["style"]
        cloth = np.where(style[:, JACKET:JACKET + 1] > 0.5, looks["trousers"], looks["shirt"])
        return np.where(style[:, SHORT_SLEEVES:SHORT_SLEEVES + 1] > 0.5, looks["skin"], cloth) if lower else cloth
    return tint


def _style_is(column: int, value: float) -> Callable[[Looks], np.ndarray]:
    return lambda looks: np.abs(looks["style"][:, column] - value) < 0.5




def build_parts() -> list[Part]:
    """The figure's parts: torso, hips, head, hair (short, or with long hair or a bun added), a skirt,
    a jacket, arms, hands, legs, shoes: one draw each, however many people."""
    m = part_meshes()
    return [
        Part(m["torso"], "torso", _key("shirt"), width="shoulders"),
        Part(m["pelvis"], "pelvis", _key("trousers"), width="hips"),
        # A jacket matches the trousers: a suit.
        Part(m["jacket"], "torso", _key("trousers"), _style_is(JACKET, 1), width="shoulders"),
        Part(m["skirt"], "pelvis", _key("trousers"), _style_is(SKIRT, 1), width="hips"),
        Part(m["head"], "head", _key("skin")),
        Part(m["hair"], "head", _key("hair")),
        Part(m["hair-long"], "head", _key("hair"), _style_is(0, 1)),
        Part(m["hair-bun"], "head", _key("hair"), _style_is(0, 2)),
        Part(m["upper-arm"], "upper", _sleeve(False), width="limbs"),
        Part(m["forearm"], "fore", _sleeve(True), width="limbs"),
        Part(m["hand"], "hand", _key("skin")),
        Part(m["thigh"], "thigh", _either(SKIRT, "skin", "trousers"), width="limbs"),
        Part(m["shin"], "shin", _either(SKIRT, "skin", "trousers"), width="limbs"),
        Part(m["shoe"], "foot", _key("shoes")),
    ]


def palette(n: int, seed: int = 1) -> Looks:
    """Looks (engine.world.figures) of n people numbered from a seed: the same every time."""
    return looks_for(crowd_ids(n, seed))


def complete(looks: Looks, n: int) -> Looks:
    """Looks with every key, those missing (a source that only knows shirts) made from the index."""
    missing = [k for k in LOOKS if k not in looks]
    if not missing:
        return looks
    made = looks_for(np.arange(n))
    return {**{k: made[k] for k in missing}, **looks}


# -- transforms, worked out for everyone at once --------------------------------------------------------
BONES = ("pelvis", "torso", "head", "thigh", "shin", "foot", "upper", "fore", "hand")
PAIRED = ("thigh", "shin", "foot", "upper", "fore", "hand")


def _rot(a1: np.ndarray, b: np.ndarray, a2: np.ndarray) -> np.ndarray:
    """Rx(a1) @ Rz(b) @ Rx(a2), (m, 3, 3): a torso's lean, an arm's spread from the body, its swing.
    About +X, positive swings a hanging limb forwards (-Z) and tilts a toe up."""
    c1, s1, cb, sb, c2, s2 = np.cos(a1), np.sin(a1), np.cos(b), np.sin(b), np.cos(a2), np.sin(a2)
    r = np.empty((len(a2), 3, 3))
    r[:, 0, 0], r[:, 0, 1], r[:, 0, 2] = cb, -sb * c2, sb * s2
    r[:, 1, 0], r[:, 1, 1], r[:, 1, 2] = c1 * sb, c1 * cb * c2 - s1 * s2, -c1 * cb * s2 - s1 * c2
    r[:, 2, 0], r[:, 2, 1], r[:, 2, 2] = s1 * sb, s1 * cb * c2 + c1 * s2, -s1 * cb * s2 + c1 * c2
    return r


def _hanging(origin: np.ndarray, angle: np.ndarray, length: float) -> np.ndarray:
    """The far end (m, 3) of a segment hanging `length` down from origin, swung by angle about +X."""
    return origin + np.column_stack([np.zeros(len(angle)), -length * np.cos(angle), -length * np.sin(angle)])


def _pair(p: dict[str, np.ndarray], name: str) -> np.ndarray:
    return np.concatenate([p[f"{name}_l"], p[f"{name}_r"]])


def _local_bones(p: dict[str, np.ndarray], body: np.ndarray, scale: np.ndarray
                 ) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Each bone's rotation (m, 3, 3) and origin (m, 3) in the reference figure's frame; m is n for
    pelvis, torso and head, 2n (left then right) for limbs."""
    n = len(scale)
    zero, zero2 = np.zeros(n), np.zeros(2 * n)
    side = np.concatenate([-np.ones(n), np.ones(n)])          # the left is -X
    hip_y = p["hip_y"] / scale
    lean = p["lean"]
    pelvis = np.column_stack([zero, hip_y, zero])
    torso = pelvis + np.column_stack([zero, np.full(n, WAIST), zero])
    thigh_a = _pair(p, "thigh")
    shin_a = thigh_a - _pair(p, "knee")
    foot_a = shin_a + _pair(p, "foot")
    thigh = np.column_stack([side * HIP_X * np.tile(body[:, 2], 2), np.tile(hip_y, 2), zero2])
    shin = _hanging(thigh, thigh_a, THIGH)
    foot = _hanging(shin, shin_a, SHIN)
    tilt = np.tile(-lean, 2)
    spread = side * (0.06 + 0.12 * np.tile(body[:, 2] - 0.9, 2))    # hands clear the hips, more on broad figures
    upper_r = _rot(tilt, spread, _pair(p, "arm"))
    fore_r = _rot(tilt, spread, _pair(p, "arm") + _pair(p, "elbow"))
    shoulder = np.tile(torso, (2, 1)) + np.column_stack([side * SHOULDER_X * np.tile(body[:, 1], 2),
                                                         SHOULDER_Y * np.cos(tilt), SHOULDER_Y * np.sin(tilt)])
    fore = shoulder - UPPER_ARM * upper_r[:, :, 1]
    return {"pelvis": (_rot(zero, zero, zero), pelvis), "torso": (_rot(zero, zero, -lean), torso),
            "head": (_rot(zero, zero, -0.3 * lean),   # held a little more upright than the torso
                     torso + np.column_stack([zero, TORSO * np.cos(lean), -TORSO * np.sin(lean)])),
            "thigh": (_rot(zero2, zero2, thigh_a), thigh), "shin": (_rot(zero2, zero2, shin_a), shin),
            "foot": (_rot(zero2, zero2, foot_a), foot), "upper": (upper_r, shoulder),
            "fore": (fore_r, fore), "hand": (fore_r, fore - FOREARM * fore_r[:, :, 1])}


def bones(xz: np.ndarray, headings: np.ndarray, p: dict[str, np.ndarray], body: np.ndarray
          ) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
    """Every bone's world rotation-and-scale (M, 3, 3) and origin (M, 3), stacked, and where each
    bone's rows start: n rows each for pelvis, torso and head, 2n (left then right) for limbs.
    p: a pose from engine.world.gait (metres of the figure's own size); body: looks["body"] (n, 4)."""
    n = len(xz)
    scale = body[:, 0].astype(np.float64) / REF_HEIGHT
    local = _local_bones(p, body, scale)
    starts, count = {}, 0
    for name, (_r, o) in local.items():
        starts[name], count = count, count + len(o)
    r = np.concatenate([v[0] for v in local.values()])
    o = np.concatenate([v[1] for v in local.values()])
    who = np.arange(count) % n
    a = -np.asarray(headings, np.float64)[who]   # compass bearing -> rotation about +Y
    sc = scale[who]
    c, s = np.cos(a) * sc, np.sin(a) * sc
    world_r = np.empty_like(r)
    world_r[:, 0] = c[:, None] * r[:, 0] + s[:, None] * r[:, 2]
    world_r[:, 1] = sc[:, None] * r[:, 1]
    world_r[:, 2] = c[:, None] * r[:, 2] - s[:, None] * r[:, 0]
    world_o = np.column_stack([c * o[:, 0] + s * o[:, 2] + xz[who, 0], sc * o[:, 1],
                               c * o[:, 2] - s * o[:, 0] + xz[who, 1]])
    return world_r, world_o, starts


def pose_batches(parts: list[Part], xz: np.ndarray, headings: np.ndarray, angles: dict[str, np.ndarray],
                 colours: Looks) -> list[Batch]:
    """One batch per part for n people: xz (n, 2), headings (n,) compass bearings, walk state
    `angles` ({"phase": (n,) radians, "speed": (n,) m/s}) and looks (see engine.world.figures)."""
    n = len(xz)
    if n == 0:
        return []
    looks = complete(colours, n)
    body = looks["body"]
    p = gait.pose(np.broadcast_to(np.asarray(angles.get("phase", 0.0), np.float64), (n,)),
                  np.broadcast_to(np.asarray(angles.get("speed", 0.0), np.float64), (n,)),
                  body[:, 0].astype(np.float64) / REF_HEIGHT)
    world_r, world_o, starts = bones(np.asarray(xz, np.float64), headings, p, body)
    drawn, rows, people, tints = [], [], [], []
    for part in parts:
        who = np.arange(n) if part.who is None else np.flatnonzero(part.who(looks))
        if len(who) == 0:
            continue
        row = starts[part.bone] + who
        if part.bone in PAIRED:
            row, who = np.concatenate([row, row + n]), np.concatenate([who, who])
        drawn.append(part)
        rows.append(row)
        people.append(who)
        tints.append(part.tint(looks)[who])
    return _batches(drawn, world_r, world_o, rows, people, body, np.concatenate(tints))


def _batches(parts: list[Part], world_r: np.ndarray, world_o: np.ndarray, rows: list[np.ndarray],
             people: list[np.ndarray], body: np.ndarray, tints: np.ndarray) -> list[Batch]:
    """Every part's instances in one pass: bone frames widened by the part's body measure, with
    bounding spheres, split into one batch per part."""
    row, who = np.concatenate(rows), np.concatenate(people)
    counts = [len(r) for r in rows]
    measures = np.column_stack([body, np.ones(len(body))]).astype(np.float64)   # column 4: no widening
    wide_col = np.repeat([WIDTH[p.width] if p.width else 4 for p in parts], counts)
    deep_col = np.repeat([WIDTH["limbs"] if p.width else 4 for p in parts], counts)
    wide, deep = measures[who, wide_col], measures[who, deep_col]
    r = world_r[row]
    r[:, :, 0] *= wide[:, None]
    r[:, :, 2] *= deep[:, None]
    m = np.zeros((len(row), 4, 4), np.float32)
    m[:, :3, :3], m[:, :3, 3], m[:, 3, 3] = r, world_o[row], 1.0
    centre = np.repeat(np.array([p.mesh.center for p in parts], np.float64), counts, axis=0)
    centres = (world_o[row] + np.einsum("kij,kj->ki", r, centre)).astype(np.float32)
    # The figure's scale (length of the up axis), times any widening, bounds each part's growth.
    grow = np.sqrt((r[:, :, 1] ** 2).sum(axis=1)) * np.maximum(np.maximum(wide, deep), 1.0)
    radii = (np.repeat([p.mesh.radius for p in parts], counts) * grow).astype(np.float32)
    cuts = np.cumsum(counts)[:-1]
    return [Batch(p.mesh, mm, cc, rr, np.ascontiguousarray(tt, np.float32))
            for p, mm, cc, rr, tt in zip(parts, np.split(m, cuts), np.split(centres, cuts), np.split(radii, cuts),
                                         np.split(tints, cuts))]
