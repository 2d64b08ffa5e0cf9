"""Culling and level-of-detail choice: the all-at-once path agrees with the batch-by-batch one."""
import numpy as np
import pytest

from engine.render.visibility import Groups, select, select_groups
from engine.scene.camera import Camera, frustum_planes, view_projection


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_groups_match_batch_by_batch(seed):
    rng = np.random.default_rng(seed)
    cam = Camera(eye=(0, 20, 60), target=(0, 0, 0), fov_y=60, near=0.1, far=500)
    planes = frustum_planes(view_projection(cam, 16 / 9))
    batches = []
    for count in (1, 1, 3, 50, 1, 200):
        centers = rng.uniform(-150, 150, (count, 3))
        radii = rng.uniform(0.05, 5.0, count)
        batches.append((centers, radii, int(rng.integers(0, 3)), bool(rng.integers(0, 2))))
    groups = Groups([b[0] for b in batches], [b[1] for b in batches], [b[2] for b in batches])
    together = select_groups(groups, [b[3] for b in batches], planes, cam.eye, 500.0)
    for (centers, radii, levels, blend), got in zip(batches, together):
        want = select(centers, radii, planes, cam.eye, 500.0, levels, back_to_front=blend)
        assert (want is None) == (got is None)
        if want is not None:
            assert np.array_equal(want.order, got.order) and want.runs == got.runs
            assert want.nearest == pytest.approx(got.nearest)


def test_far_small_things_use_coarser_levels_and_tiny_ones_vanish():
    cam = Camera(eye=(0, 0, 0), target=(0, 0, -1), fov_y=60)
    planes = frustum_planes(view_projection(cam, 1.0))
    centers = np.array([[0, 0, -5.0], [0, 0, -60.0], [0, 0, -400.0], [0, 0, -5000.0]])
    sel = select(centers, np.ones(4), planes, cam.eye, 600.0, levels=2)
    assert sel.runs == [(0, 0, 1), (1, 1, 1), (2, 2, 1)]     # the farthest is under half a pixel
