"""A walk and run cycle whose steps match the ground speed: feet planted while they carry the body.

The cycle is driven by distance, not time: its phase advances by 2 pi per stride (two steps), so the
cadence is speed / stride length whatever the speed does from one frame to the next. While a foot is
on the ground its ankle (then, once the heel lifts, the ball of the foot) moves backwards under the
body at exactly the distance walked, so it stays put in the world; the hips sit as high as the legs
reach, and each leg is bent by two-bone inverse kinematics to put its foot there.

Everything works on (n,) arrays for a whole crowd at once. Lengths in the body's sagittal plane are
(forward, up) metres from the point on the ground under the hips; angles in radians, positive
swinging a limb (or tilting a toe) forwards / up.
"""
from __future__ import annotations

import math

import numpy as np

from engine.world.figures import ANKLE_H, BALL, SHIN, THIGH

WALK = 1.3      # m/s, the crowd's pace (engine.world.paths.WALK_SPEED)
RUN_FROM, RUN_AT = 1.9, 2.5   # m/s: the walk turns into a run between these speeds
MIN_SPEED = 0.05  # below this a person stands still
HEEL_OFF = 0.7  # share of the stance after which the heel lifts and the foot rolls onto its ball
HEEL_LIFT = 0.8  # rad of heel lift at toe-off
LEAD = 0.38     # share of a stance's travel spent in front of the hips (heel strike is nearer than toe-off)
STANCE_REACH = 0.999  # of the leg's length: a stance leg is never locked quite straight


def stride_length(speed: float | np.ndarray) -> float | np.ndarray:
    """Metres per full cycle (two steps) at a ground speed (m/s): about 1.4 m at walking pace,
    shorter when strolling (the cadence slows less than the speed), longer when running."""
    v = np.maximum(np.asarray(speed, dtype=np.float64), MIN_SPEED)
    walk = 1.42 * (np.minimum(v, WALK) / WALK) ** 0.6
    out = walk + 0.45 * np.maximum(v - WALK, 0.0)
    return float(out) if np.ndim(out) == 0 else out


def cadence(speed: float | np.ndarray) -> float | np.ndarray:
    """Full cycles per second at a ground speed: speed / stride length (zero standing still)."""
    v = np.asarray(speed, dtype=np.float64)
    out = np.where(v > MIN_SPEED, v / stride_length(v), 0.0)
    return float(out) if np.ndim(out) == 0 else out


def advance_phase(phase: float | np.ndarray, distance: float | np.ndarray,
                  speed: float | np.ndarray) -> float | np.ndarray:
    """Cycle phase (radians, wraps at 2 pi) after covering `distance` metres at `speed`: scalars or (n,)."""
    out = (phase + 2.0 * math.pi * np.asarray(distance) / stride_length(speed)) % (2.0 * math.pi)
    return float(out) if np.ndim(out) == 0 else out


def duty_factor(speed: np.ndarray) -> np.ndarray:
    """Share of the cycle each foot is on the ground: over half walking (both feet down between
    steps), under half running (both feet off the ground between steps)."""
    return 0.62 - 0.24 * running(speed)


def running(speed: np.ndarray) -> np.ndarray:
    """0 walking, 1 running, smoothly in between."""
    t = np.clip((np.asarray(speed, dtype=np.float64) - RUN_FROM) / (RUN_AT - RUN_FROM), 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def _smooth(t: np.ndarray) -> np.ndarray:
    return t * t * (3.0 - 2.0 * t)


def foot_targets(cycle: np.ndarray, speed: np.ndarray, scale: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Where one foot is at cycle position `cycle` (n,) in [0, 1), its stance starting at 0.

    Returns ankle forward (n,), ankle height (n,), foot pitch (n,) (negative: heel lifted) and
    whether it is on the ground (n,) bool. `scale` (n,) is each figure's height / REF_HEIGHT.
    """
    v = np.maximum(np.asarray(speed, dtype=np.float64), 0.0)
    moving = v > MIN_SPEED
    step = _smooth(np.clip(v / 0.5, 0.0, 1.0))        # lifts and rolls fade in as a stroll starts
    duty = duty_factor(v)
    travel = np.where(moving, duty * stride_length(v), 0.0)   # how far the body passes over a planted foot
    front, back = LEAD * travel, (LEAD - 1.0) * travel         # ankle at heel strike and at the end of stance
    ball, ankle_h = BALL * scale, ANKLE_H * scale
    stance = (cycle < duty) | ~moving
    u = np.clip(cycle / duty, 0.0, 1.0)
    # Stance: the ball of the foot is where the body's travel leaves it; the heel lifts late on.
    heel = HEEL_LIFT * step
    lift = heel * _smooth(np.clip((u - HEEL_OFF) / (1.0 - HEEL_OFF), 0.0, 1.0))
    st_f, st_y = _ankle_from_ball(front + (back - front) * u + ball, -lift, ball, ankle_h)
    # Swing: from where the stance left the ankle to the next heel strike, lifted clear of the ground.
    end_f, end_y = _ankle_from_ball(back + ball, -heel, ball, ankle_h)
    s = np.clip((cycle - duty) / (1.0 - duty), 0.0, 1.0)
    clear = step * (0.07 + 0.05 * np.minimum(v / WALK, 1.0) + 0.12 * running(v)) * scale
    sw_f = end_f + (front - end_f) * _smooth(s)
    sw_y = end_y + (ankle_h - end_y) * _smooth(s) + clear * np.sin(math.pi * s)
    sw_pitch = -heel * (1.0 - _smooth(s)) + 0.25 * step * np.sin(math.pi * s)
    return (np.where(stance, st_f, sw_f), np.where(stance, st_y, sw_y), np.where(stance, -lift, sw_pitch), stance)


def _ankle_from_ball(ball_f: np.ndarray, pitch: np.ndarray, ball: np.ndarray | float,
                     ankle_h: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """Ankle (forward, up) of a foot whose ball is on the ground at ball_f, pitched by `pitch`."""
    f, y = foot_offset(pitch, ball, ankle_h)
    return ball_f - f, -y


def foot_offset(pitch: np.ndarray, ball: np.ndarray | float, ankle_h: np.ndarray | float
                ) -> tuple[np.ndarray, np.ndarray]:
    """Ball of the foot relative to the ankle (forward, up) for a foot pitched by `pitch`."""
    c, s = np.cos(pitch), np.sin(pitch)
    return ball * c + ankle_h * s, ball * s - ankle_h * c


def leg_angles(hip_y: np.ndarray, ankle_f: np.ndarray, ankle_y: np.ndarray, thigh: np.ndarray,
               shin: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Thigh swing and knee bend (n,) putting the ankle at (ankle_f, ankle_y) from a hip at (0, hip_y);
    the knee bends forwards. Out of reach, the leg points straight at the target."""
    d = np.hypot(ankle_f, hip_y - ankle_y)
    d = np.clip(d, np.abs(thigh - shin) + 1e-6, (thigh + shin) * (1.0 - 1e-9))
    towards = np.arctan2(ankle_f, hip_y - ankle_y)
    at_hip = np.arccos(np.clip((thigh ** 2 + d ** 2 - shin ** 2) / (2 * thigh * d), -1.0, 1.0))
    inner = np.arccos(np.clip((thigh ** 2 + shin ** 2 - d ** 2) / (2 * thigh * shin), -1.0, 1.0))
    return towards + at_hip, math.pi - inner


def pose(phase: np.ndarray | float, speed: np.ndarray | float, scale: np.ndarray | float = 1.0
         ) -> dict[str, np.ndarray]:
    """Joint angles for n figures from their walk phase (radians), ground speed (m/s) and size
    (height / REF_HEIGHT), all (n,) or scalars.

    Keys, each (n,): hip_y (hip joint height, m), lean (torso pitch forward), thigh_l / thigh_r,
    knee_l / knee_r (bend, positive), foot_l / foot_r (foot pitch relative to the shin),
    arm_l / arm_r (shoulder swing), elbow_l / elbow_r (bend, positive), ankle_l / ankle_r (ankle
    target forward), sole_l / sole_r (foot pitch in the world), planted_l / planted_r (0 or 1).
    """
    phase, speed, scale = np.broadcast_arrays(np.asarray(phase, np.float64),
                                              np.maximum(np.asarray(speed, np.float64), 0.0),
                                              np.asarray(scale, np.float64))
    phase, speed, scale = (np.atleast_1d(a) for a in (phase, speed, scale))
    cycle = (phase / (2.0 * math.pi)) % 1.0
    n = len(cycle)
    # Both feet in one pass: the right foot is half a cycle behind the left.
    both = np.concatenate
    f, y, pitch, down = foot_targets(both([cycle, (cycle + 0.5) % 1.0]), both([speed, speed]), both([scale, scale]))
    thigh, shin = THIGH * scale, SHIN * scale
    reach = STANCE_REACH * (thigh + shin)
    stand = ANKLE_H * scale + reach
    # The hips ride as high as both legs allow: an inverted pendulum over the planted foot.
    under = y + np.sqrt(np.maximum(both([reach, reach]) ** 2 - f ** 2, 0.0))
    run = running(speed)
    # Knees stay a little bent while walking, more running: it softens the bob.
    hip_y = np.minimum(np.minimum(under[:n], under[n:]),
                       stand - scale * (0.035 * np.minimum(speed / WALK, 1.0) + 0.05 * run))
    th, kn = leg_angles(both([hip_y, hip_y]), f, y, both([thigh, thigh]), both([shin, shin]))
    out = {"hip_y": hip_y, "lean": 0.04 * np.minimum(speed / WALK, 1.0) + 0.14 * run}
    for side, half in (("l", slice(0, n)), ("r", slice(n, 2 * n))):
        out[f"thigh_{side}"], out[f"knee_{side}"] = th[half], kn[half]
        out[f"foot_{side}"] = pitch[half] - (th[half] - kn[half])
        out[f"ankle_{side}"], out[f"sole_{side}"] = f[half], pitch[half]
        out[f"planted_{side}"] = down[half].astype(np.float64)
    out.update(arm_angles(cycle, speed))
    return out


def arm_angles(cycle: np.ndarray, speed: np.ndarray) -> dict[str, np.ndarray]:
    """Arms swing against the legs: the left arm is furthest forward as the right heel strikes.
    Hanging, slightly bent, when standing; bent near a right angle when running."""
    walk = np.minimum(speed / WALK, 1.0) * (speed > MIN_SPEED)
    run = running(speed)
    amp = 0.32 * walk + 0.25 * run
    # The left foot strikes at cycle 0 (most forward): the left arm is then furthest back.
    swing = -amp * np.cos(2.0 * math.pi * cycle)
    bend = 0.12 + 0.18 * walk + 1.1 * run
    return {"arm_l": swing, "arm_r": -swing,
            "elbow_l": bend + 0.25 * np.maximum(swing, 0.0), "elbow_r": bend + 0.25 * np.maximum(-swing, 0.0)}


def foot_points(p: dict[str, np.ndarray], scale: np.ndarray | float, side: str
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Forward kinematics of one leg of a pose: ankle and ball of the foot (forward, up) each (n,),
    worked out from the joint angles alone (what is drawn), not from the targets."""
    thigh, shin = THIGH * np.asarray(scale), SHIN * np.asarray(scale)
    th, kn, ft = p[f"thigh_{side}"], p[f"knee_{side}"], p[f"foot_{side}"]
    knee_f, knee_y = thigh * np.sin(th), p["hip_y"] - thigh * np.cos(th)
    ankle_f, ankle_y = knee_f + shin * np.sin(th - kn), knee_y - shin * np.cos(th - kn)
    bf, by = foot_offset(th - kn + ft, BALL * np.asarray(scale), ANKLE_H * np.asarray(scale))
    return ankle_f, ankle_y, ankle_f + bf, ankle_y + by

