"""People drawn as people: proportions, looks per person, a walk cycle whose steps match the ground
speed with feet that stay put, an idle stance, and a crowd that stays a few instanced draws."""
from __future__ import annotations

import math

import numpy as np
import pytest

from engine.app.figure_meshes import part_shapes
from engine.app.people_view import build_parts, palette, pose_batches
from engine.world import gait
from engine.world.figures import HEAD_H, LOOKS, NECK, REF_HEIGHT, looks_for

DT = 1 / 120


def _one(height: float, speed: float = 0.0, phase: float = 0.0) -> dict:
    """Batches by mesh name for one person of this height standing at the origin, facing north."""
    looks = looks_for([3])
    looks["body"][0, 0] = height
    batches = pose_batches(build_parts(), np.zeros((1, 2)), np.zeros(1),
                           {"phase": np.array([phase]), "speed": np.array([speed])}, looks)
    return {b.mesh.name: b for b in batches}


def _world(batch, instance: int = 0) -> np.ndarray:
    """The batch's mesh vertices (k, 3) placed by one instance's transform."""
    pos = np.hstack([batch.mesh.positions, np.ones((len(batch.mesh.positions), 1))])
    return (pos @ batch.transforms[instance].T.astype(np.float64))[:, :3]


@pytest.mark.parametrize("height", [1.58, 1.75, 1.92])
def test_a_standing_figure_has_the_proportions_of_a_person(height):
    parts = _one(height)
    head = parts["head"]
    top = _world(head)[:, 1].max()
    chin = (head.transforms[0].astype(np.float64) @ np.array([0.0, NECK, 0.0, 1.0]))[1]
    assert top == pytest.approx(height, abs=0.02)
    assert (top - chin) / top == pytest.approx(1 / 7.5, rel=0.05)
    soles = _world(parts["shoe"], 0)[:, 1].min(), _world(parts["shoe"], 1)[:, 1].min()
    assert soles == pytest.approx((0.0, 0.0), abs=0.015)          # standing on the ground
    shoulders = np.concatenate([_world(parts["upper-arm"], i) for i in (0, 1)])
    width = np.ptp(shoulders[:, 0])
    assert 0.2 * height < width < 0.3 * height                      # shoulders about a quarter of the height
    hands = np.concatenate([_world(parts["hand"], i) for i in (0, 1)])
    assert 0.33 * height < hands[:, 1].min() < 0.45 * height        # fingertips at mid-thigh


def test_the_reference_head_is_one_seventh_and_a_half_of_the_height():
    assert pytest.approx(REF_HEIGHT) == HEAD_H * 7.5
    head, _ = part_shapes()["head"]
    assert head[:, 1].max() - NECK == pytest.approx(HEAD_H)


def test_every_part_is_closed_outward_and_small():
    total = 0
    for name, (pos, tri) in part_shapes().items():
        v = pos[tri]
        volume = np.einsum("ij,ij->i", v[:, 0], np.cross(v[:, 1], v[:, 2])).sum() / 6
        assert volume > 0, f"{name} is wound inwards"
        # Under the renderer's threshold for coarser levels: one draw per part at any distance.
        assert len(tri) < 64, name
        total += len(tri)
    assert total < 700


def test_looks_depend_on_the_id_alone():
    a, b = looks_for([5, 9, 5]), looks_for([1, 5])
    assert set(a) == set(LOOKS)
    for key in LOOKS:
        np.testing.assert_array_equal(a[key][0], a[key][2])
        np.testing.assert_array_equal(a[key][0], b[key][1])
    np.testing.assert_array_equal(palette(30, seed=4)["shirt"], palette(30, seed=4)["shirt"])


def test_a_crowd_has_several_body_types_hair_styles_and_clothes():
    looks = looks_for(np.arange(300))
    heights = looks["body"][:, 0]
    assert heights.min() >= 1.5 and heights.max() <= 2.0 and np.ptp(heights) > 0.25
    assert len(np.unique(looks["body"][:, 1])) >= 4                 # shoulder widths of 4 body types
    assert set(np.unique(looks["style"][:, 0])) == {0.0, 1.0, 2.0}   # short, long, bun
    for flag in (1, 2, 3):                                          # skirts, jackets, short sleeves
        assert 0 < looks["style"][:, flag].sum() < 300
    for key in ("shirt", "trousers", "shoes", "hair", "skin"):
        assert len(np.unique(looks[key].round(3), axis=0)) >= 4, key


def _walk(speed: float, seconds: float, scale: float = 1.0):
    """Walk straight at `speed`: distances (k,), the pose at each step, and the left foot's ball
    in the world (k,) and its height (k,) from the posed joints."""
    steps = int(seconds / DT)
    distance = speed * DT * np.arange(1, steps + 1)
    phase = np.zeros(steps)
    p_ = 0.0
    for i in range(steps):
        p_ = gait.advance_phase(p_, speed * DT, speed)
        phase[i] = p_
    pose = gait.pose(phase, np.full(steps, speed), np.full(steps, scale))
    _, _, ball_f, ball_y = gait.foot_points(pose, scale, "l")
    return distance, pose, distance + ball_f, ball_y


def _stances(planted: np.ndarray) -> list[np.ndarray]:
    """Index runs where the foot is on the ground, leaving out a run cut by the start or the end."""
    idx = np.flatnonzero(planted)
    runs = np.split(idx, np.flatnonzero(np.diff(idx) > 1) + 1)
    return [r for r in runs if len(r) > 2 and r[0] > 0 and r[-1] < len(planted) - 1]


@pytest.mark.parametrize("speed", [0.7, 1.3, 2.0, 3.0])
def test_stride_times_cadence_is_the_ground_speed(speed):
    _, pose, ball, _ = _walk(speed, 6.0)
    runs = _stances(pose["planted_l"] > 0.5)
    assert len(runs) >= 3
    strikes = np.array([r[0] for r in runs])
    stride = np.diff(ball[strikes]).mean()                  # from one footprint to the next of that foot
    cadence = 1.0 / (np.diff(strikes).mean() * DT)          # cycles a second, from the posed feet
    assert stride * cadence == pytest.approx(speed, rel=0.05)
    assert gait.stride_length(speed) * gait.cadence(speed) == pytest.approx(speed)
    assert stride == pytest.approx(gait.stride_length(speed), rel=0.05)


@pytest.mark.parametrize("speed, scale", [(0.5, 1.0), (1.3, 1.0), (1.3, 0.9), (1.6, 1.1), (3.0, 1.0)])
def test_a_planted_foot_does_not_slide(speed, scale):
    _, pose, ball, height = _walk(speed, 4.0, scale)
    runs = _stances(pose["planted_l"] > 0.5)
    assert runs
    for run in runs:
        assert np.ptp(ball[run]) < 0.005                     # within 5 mm over the whole stance
        assert np.abs(height[run]).max() < 0.005             # and on the ground
    swing = pose["planted_l"] < 0.5
    assert height[swing].max() > 0.05                        # lifted clear while it swings


def test_walking_always_has_a_foot_down_and_running_has_flight():
    _, walk, _, _ = _walk(1.3, 3.0)
    assert ((walk["planted_l"] > 0.5) | (walk["planted_r"] > 0.5)).all()
    _, run, _, _ = _walk(3.0, 3.0)
    assert ((run["planted_l"] < 0.5) & (run["planted_r"] < 0.5)).any()
    assert run["elbow_l"].mean() > walk["elbow_l"].mean() + 0.5   # arms bent running


def test_arms_swing_against_the_legs():
    _, pose, _, _ = _walk(1.3, 3.0)
    legs, arms = pose["thigh_l"] - pose["thigh_r"], pose["arm_l"] - pose["arm_r"]
    assert np.corrcoef(legs, arms)[0, 1] < -0.8


def test_standing_still_is_the_same_idle_pose_at_any_phase():
    phases = np.linspace(0, 2 * math.pi, 9)
    pose = gait.pose(phases, np.zeros(9), 1.0)
    for key, value in pose.items():
        assert np.ptp(value) < 1e-12, key
    assert pose["arm_l"][0] == 0.0 and pose["planted_l"][0] == 1.0 and pose["planted_r"][0] == 1.0
    assert pose["knee_l"][0] < 0.15                                 # legs nearly straight
    assert pose["hip_y"][0] == pytest.approx(gait.pose(0.0, 0.0, 1.0)["hip_y"][0])
    assert gait.cadence(0.0) == 0.0


def test_a_crowd_is_one_draw_per_part_however_many_people():
    parts = build_parts()
    counts = []
    for n in (1, 50, 200):
        rng = np.random.default_rng(n)
        batches = pose_batches(parts, rng.uniform(-20, 20, (n, 2)), rng.uniform(-3, 3, n),
                               {"phase": rng.uniform(0, 6, n), "speed": rng.uniform(0, 2, n)}, palette(n))
        assert len({id(b.mesh) for b in batches}) == len(batches) <= len(parts)
        assert sum(len(b.transforms) for b in batches) >= 14 * n   # everyone has at least 14 pieces
        counts.append(len(batches))
    assert counts[1] == counts[2] == len(parts)


def test_a_source_that_only_knows_shirts_is_still_drawn():
    looks = palette(3)
    shirts = {k: looks[k] for k in ("shirt", "skin", "trousers")}
    batches = pose_batches(build_parts(), np.zeros((3, 2)), np.zeros(3), {"phase": np.zeros(3),
                                                                          "speed": np.zeros(3)}, shirts)
    torso = next(b for b in batches if b.mesh.name == "torso")
    np.testing.assert_array_equal(torso.colors, looks["shirt"])


def test_two_hundred_people_render_in_a_fixed_number_of_draws(renderer):
    from engine.gfx.objects import Framebuffer
    from engine.scene import Scene
    from engine.scene.camera import Camera
    parts = build_parts()
    n = 200
    rng = np.random.default_rng(1)
    xz = np.column_stack([rng.uniform(-6, 6, n), rng.uniform(-30, -2, n)])
    batches = pose_batches(parts, xz, rng.uniform(-3, 3, n),
                           {"phase": rng.uniform(0, 6, n), "speed": rng.uniform(0, 2, n)}, palette(n))
    target = Framebuffer(160, 90)
    try:
        renderer.render(Scene(), Camera((0, 1.6, 4), (0, 1.0, -10), fov_y=60.0, near=0.1, far=200.0), target,
                        dynamic=batches)
        img = target.read_rgba()
    finally:
        target.release()
    assert renderer.stats.draw_calls <= len(parts) + 1          # the parts and the sky
    assert renderer.stats.instances > 10 * n
    assert img[45:, :, :3].std() > 10                           # people on screen, not a blank sky


def test_only_people_the_camera_can_see_are_posed():
    from engine.app.people import in_view
    from engine.scene.camera import Camera
    cam = Camera(eye=(0, 1.6, 0), target=(0, 1.6, -10), fov_y=50, near=0.1, far=500)
    xz = np.array([[0.0, -10.0], [0.0, 10.0], [2.0, 1.0], [60.0, -5.0]])
    # ahead; behind; beside the camera but near enough for its shadow; far off to the side
    assert in_view(xz, cam).tolist() == [True, False, True, False]
