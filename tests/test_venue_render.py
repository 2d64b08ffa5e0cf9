"""The default venue rendered on the GL path: the main forum's stage screen shows where it projects."""
import numpy as np

from engine.gfx.objects import Framebuffer
from engine.scene.camera import project
from engine.venue import assets
from engine.venue.signboards import sign_requests

W, H = 160, 90


def screen_centres(venue, hall_id: str) -> np.ndarray:
    """(n, 3) centres of the quads showing `hall_id`'s stage screens, found in the signs mesh by their
    place in the sign atlas; the largest (the centre screen) first."""
    (signs,) = [b for b in venue.scene.batches() if b.mesh.name == "signs"]
    assert len(signs.transforms) == 1 and np.allclose(signs.transforms[0], np.eye(4))
    u0, v_top, u1, v_bottom = assets.atlas_for(sign_requests(venue.spec)).uv(f"screen:{hall_id}")
    uv = signs.mesh.uvs
    eps = 1e-6
    mine = ((uv[:, 0] >= u0 - eps) & (uv[:, 0] <= u1 + eps)
            & (uv[:, 1] >= v_top - eps) & (uv[:, 1] <= v_bottom + eps))
    quads = signs.mesh.positions[mine].reshape(-1, 4, 3)
    assert len(quads), f"no screen in {hall_id}"
    widths = np.linalg.norm(quads[:, 1] - quads[:, 0], axis=1)
    return quads[np.argsort(-widths)].mean(axis=1)


def test_main_forum_view_finds_the_stage_screen(renderer, venue):
    camera = venue.view_camera("main-forum-stage", fov_y=50)
    target = Framebuffer(W, H)
    try:
        renderer.render(venue.scene, camera, target)
        img = target.read_rgba().astype(int)
    finally:
        target.release()
    # The centre screen hangs above the stage, straight ahead: deep blue, unlit, where it projects.
    x, y, _ = project(camera, screen_centres(venue, "main-forum")[0], W, H)
    assert 0 <= x < W and 0 <= y < H / 2, (x, y)          # in view, in the upper half
    r, g, b = img[int(y), int(x), :3]
    assert b > 70 and b > r + 40 and b > g + 20, (r, g, b)
    # Seats fill the lower half in charcoal fabric; the ceiling above is neither sky nor screen (its
    # light panels glow, but most of the top row is ceiling).
    assert img[H - 10, W // 2, 2] >= img[H - 10, W // 2, 0]
    top = np.median(img[3, :, :3], axis=0)
    assert top[2] < 200 and top[2] - top[0] < 40, top
