"""GL tests: small pictures rendered on whatever EGL offers (llvmpipe in CI), checked by pixel."""
import numpy as np
import pytest

from engine.gfx.objects import Framebuffer
from engine.scene import Scene
from engine.scene.camera import Camera
from scenes import box_mesh, pane_mesh, quad_mesh, scene_of, translate

W, H = 96, 64


@pytest.fixture
def target(gl):
    fb = Framebuffer(W, H)
    yield fb
    fb.release()


def shot(renderer, scene, camera, target):
    renderer.render(scene, camera, target)
    return target.read_rgba().astype(int)


def front_camera(distance=3.0):
    return Camera(eye=(0, 0, distance), target=(0, 0, 0), fov_y=45, near=0.1, far=100)


def test_red_cube_centre_and_background_corners(renderer, target):
    cube = shot(renderer, scene_of((box_mesh(color=(1, 0, 0, 1)), np.eye(4))), front_camera(), target)
    empty = shot(renderer, Scene(), front_camera(), target)
    r, g, b = cube[H // 2, W // 2, :3]
    assert r > 150 and g < 60 and b < 60
    for y, x in ((0, 0), (0, W - 1), (H - 1, 0), (H - 1, W - 1)):
        assert np.abs(cube[y, x] - empty[y, x]).max() <= 2


def test_textured_quad_shows_texture_where_it_belongs(renderer, target):
    tex = np.zeros((2, 2, 4), np.uint8)
    tex[0, 0], tex[0, 1] = (255, 0, 0, 255), (0, 255, 0, 255)     # top row: red, green
    tex[1, 0], tex[1, 1] = (0, 0, 255, 255), (255, 255, 0, 255)   # bottom row: blue, yellow
    mesh = quad_mesh(tex)
    mesh.material.texture = np.repeat(np.repeat(tex, 16, axis=0), 16, axis=1)
    img = shot(renderer, scene_of((mesh, np.eye(4))), front_camera(2.0), target)
    def at(fx, fy):
        return img[int(H * fy), int(W * fx), :3]
    assert at(0.42, 0.3)[0] > 200 and at(0.42, 0.3)[1] < 80       # top-left red
    assert at(0.58, 0.3)[1] > 200 and at(0.58, 0.3)[0] < 80       # top-right green
    assert at(0.42, 0.7)[2] > 200 and at(0.42, 0.7)[0] < 80       # bottom-left blue
    assert at(0.58, 0.7)[0] > 200 and at(0.58, 0.7)[1] > 200      # bottom-right yellow


def test_thousand_nodes_sharing_a_mesh_cost_one_draw(renderer, gl):
    mesh = box_mesh(size=(0.8, 0.8, 0.8))
    scene = scene_of(*[(mesh, translate((i % 40) - 20, 0, -(i // 40))) for i in range(1000)])
    renderer.options.lod = False
    big = Framebuffer(320, 240)   # large enough that every box covers pixels seen from above
    cam = Camera(eye=(0, 40, -12), target=(0, 0, -12.01), fov_y=90, near=0.1, far=500)
    stats = renderer.render(scene, cam, big)
    big.release()
    assert stats.instances == 1000
    assert stats.draw_calls == 2      # the boxes, in one instanced draw, and the sky


def test_culling_skips_what_is_behind_the_camera(renderer, target):
    mesh = box_mesh()
    scene = scene_of((mesh, translate(0, 0, 0)), (mesh, translate(0, 0, 20)))
    stats = renderer.render(scene, front_camera(), target)
    assert stats.instances == 1 and stats.culled == 1


def test_nearer_of_two_overlapping_boxes_wins(renderer, target):
    red, blue = box_mesh(color=(1, 0, 0, 1)), box_mesh(color=(0, 0, 1, 1), name="blue")
    # Draw order must not matter: try both orders.
    for items in (((red, translate(0, 0, 0)), (blue, translate(0, 0, -2))),
                  ((blue, translate(0, 0, -2)), (red, translate(0, 0, 0)))):
        img = shot(renderer, scene_of(*items), front_camera(4), target)
        r, _, b = img[H // 2, W // 2, :3]
        assert r > 150 and b < 60


def test_blended_pane_tints_what_is_behind_it(renderer, target):
    red = box_mesh(color=(1, 0, 0, 1))
    behind = shot(renderer, scene_of((red, translate(0, 0, -1))), front_camera(), target)
    tinted = shot(renderer, scene_of((red, translate(0, 0, -1)), (pane_mesh(), translate(0, 0, 0.5))),
                  front_camera(), target)
    before, after = behind[H // 2, W // 2, :3], tinted[H // 2, W // 2, :3]
    assert after[2] > before[2] + 60          # bluer
    assert after[0] < before[0] - 30 and after[0] > 40   # red still shows through


def test_lod_and_subpixel_culling_far_away(renderer, target):
    import trimesh

    from engine.loading.model import convert_mesh
    sphere = convert_mesh(trimesh.creation.icosphere(4), "sphere")
    scene = scene_of((sphere, translate(0, 0, 0)))
    near = renderer.render(scene, front_camera(1.6), target).triangles
    far = renderer.render(scene, front_camera(60), target).triangles
    tiny = renderer.render(scene, front_camera(900), target)
    assert near == sphere.triangle_count and 0 < far < near / 2
    assert tiny.instances == 0


def test_releasing_frees_cached_objects(renderer, target):
    scene = scene_of((box_mesh(), np.eye(4)))
    renderer.render(scene, front_camera(), target)
    assert renderer.object_count() == 1
    renderer.render(Scene(), front_camera(), target)
    assert renderer.object_count() == 0


def test_overlay_is_drawn_on_top(renderer, target):
    from engine.render.overlay import OverlayImage
    patch = np.zeros((10, 10, 4), np.uint8)
    patch[...] = (0, 255, 0, 255)
    renderer.render(scene_of((box_mesh(), np.eye(4))), front_camera(), target,
                    overlays=[OverlayImage("p", patch, 0, 0)])
    img = target.read_rgba()
    assert tuple(img[5, 5, :3]) == (0, 255, 0)
    assert img[H // 2, W // 2, 0] > 150


def test_per_instance_tint_in_one_draw(renderer, target):
    from engine.scene.graph import make_batch
    white = box_mesh(color=(1, 1, 1, 1))
    batch = make_batch(white, [translate(-0.8, 0, 0), translate(0.8, 0, 0)],
                       colors=[(1, 0, 0, 1), (0, 0, 1, 1)])
    renderer.render(Scene(), front_camera(4), target, dynamic=[batch])
    img = target.read_rgba().astype(int)
    left, right = img[H // 2, int(W * 0.35), :3], img[H // 2, int(W * 0.65), :3]
    assert left[0] > 150 and left[2] < 60
    assert right[2] > 150 and right[0] < 60
    assert renderer.stats.draw_calls == 2   # one for both boxes, one for the sky


def test_replaced_texture_is_uploaded_again(renderer, target):
    tex = np.zeros((4, 4, 4), np.uint8)
    tex[...] = (255, 0, 0, 255)
    mesh = quad_mesh(tex)
    scene = scene_of((mesh, np.eye(4)))
    first = shot(renderer, scene, front_camera(2.0), target)[H // 2, W // 2, :3]
    mesh.material.texture = np.full((4, 4, 4), (0, 255, 0, 255), np.uint8)
    mesh.material.texture_version += 1
    second = shot(renderer, scene, front_camera(2.0), target)[H // 2, W // 2, :3]
    assert first[0] > 200 and second[1] > 200 and second[0] < 50


def test_overlapped_read_back_returns_each_frame_in_order(renderer, target):
    red, blue = box_mesh(color=(1, 0, 0, 1)), box_mesh(color=(0, 0, 1, 1), name="blue")
    frames = []
    for mesh in (red, blue, red):
        renderer.render(scene_of((mesh, np.eye(4))), front_camera(), target)
        frames.append(target.read_rgba().copy())
        target.start_read()
    got = [target.finish_read() for _ in range(3)]
    assert target.finish_read() is None
    for want, have in zip(frames, got):
        assert np.array_equal(want, have)
