"""Quality levels on llvmpipe (or whatever EGL offers): shadows, ambient occlusion, interiors, sky
reflection, FXAA and resolution scale, each checked by pixel; switching levels leaks nothing."""
from dataclasses import replace

import numpy as np
import pytest

from engine.gfx.objects import Framebuffer
from engine.render.quality import LEVELS, Quality
from engine.scene import Material, Mesh, Scene
from engine.scene.camera import Camera, project
from engine.scene.graph import make_batch
from engine.scene.lights import Interior, Lighting
from scenes import box_mesh, scene_of, translate

W, H = 160, 120
LOW, MEDIUM, HIGH = LEVELS[Quality.LOW], LEVELS[Quality.MEDIUM], LEVELS[Quality.HIGH]


@pytest.fixture
def target(gl):
    fb = Framebuffer(W, H)
    yield fb
    fb.release()


def shot(renderer, scene, camera, target, quality, **kwargs):
    renderer.set_quality(quality)
    renderer.render(scene, camera, target, **kwargs)
    return target.read_rgba().astype(int)


def at(img, camera, point):
    """The pixel (rgb) showing world `point`."""
    x, y, _ = project(camera, np.asarray(point, float), W, H)
    return img[int(y), int(x), :3]


def ground(size=20.0, color=(0.8, 0.8, 0.8, 1.0), **material) -> Mesh:
    """A flat square at y = 0 facing up (two triangles: its corners are the only vertices)."""
    h = size / 2
    pos = np.array([[-h, 0, -h], [-h, 0, h], [h, 0, h], [h, 0, -h]], np.float32)
    return Mesh(pos, np.array([[0, 1, 2], [0, 2, 3]]), np.tile([0, 1, 0], (4, 1)),
                material=Material(base_color=color, **material), name="ground")


def grid(size=20.0, cell=0.25, color=(1.0, 1.0, 1.0, 1.0)) -> Mesh:
    """A flat square at y = 0 facing up, finely divided (lighting is worked out at its vertices)."""
    n = int(round(size / cell))
    xs = np.linspace(-size / 2, size / 2, n + 1)
    x, z = np.meshgrid(xs, xs, indexing="ij")
    pos = np.stack([x.ravel(), np.zeros(x.size), z.ravel()], axis=1)
    i, j = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    a = (i * (n + 1) + j).ravel()
    faces = np.concatenate([np.stack([a, a + 1, a + n + 2], 1), np.stack([a, a + n + 2, a + n + 1], 1)])
    return Mesh(pos, faces, np.tile([0, 1, 0], (len(pos), 1)), material=Material(base_color=color), name="grid")


def above(distance=9.0) -> Camera:
    return Camera(eye=(0, distance, distance * 0.8), target=(0, 0, 0), fov_y=50, near=0.1, far=100)


def box_on_ground() -> Scene:
    return scene_of((ground(), np.eye(4)), (box_mesh(size=(1, 2, 1), color=(0.8, 0.2, 0.2, 1)), translate(0, 1, 0)))


# ---------------------------------------------------------------------------------------- shadows
# The default sun shines towards (-0.45, -0.8, -0.35): a box's shadow falls on its -x, -z side.
SHADOWED, OPEN = (-0.9, 0.0, -0.75), (2.5, 0.0, 2.5)


@pytest.mark.parametrize("level", [MEDIUM, HIGH])
def test_box_casts_a_shadow_beside_it_at_medium_and_high(renderer, target, level):
    cam = above()
    img = shot(renderer, box_on_ground(), cam, target, level)
    shade, lit = at(img, cam, SHADOWED), at(img, cam, OPEN)
    assert shade.sum() < lit.sum() - 60


def test_no_shadow_at_low(renderer, target):
    cam = above()
    img = shot(renderer, box_on_ground(), cam, target, LOW)
    assert np.abs(at(img, cam, SHADOWED) - at(img, cam, OPEN)).max() <= 3


def test_shadow_map_is_drawn_again_only_when_the_view_moves_far(renderer, target):
    scene, cam = box_on_ground(), above()
    for _ in range(3):
        shot(renderer, scene, cam, target, MEDIUM)
    assert renderer.shadows.redraws == 1
    cam.eye = cam.eye + (0.05, 0, 0)      # a small step: the map still covers the view
    cam.target = cam.target + (0.05, 0, 0)
    shot(renderer, scene, cam, target, MEDIUM)
    assert renderer.shadows.redraws == 1
    cam.eye = cam.eye + (30, 0, 0)
    cam.target = cam.target + (30, 0, 0)
    shot(renderer, scene, cam, target, MEDIUM)
    assert renderer.shadows.redraws == 2


def test_people_cast_shadows_at_high(renderer, target):
    cam = above()
    person = box_mesh(size=(0.6, 1.8, 0.6), color=(0.2, 0.2, 0.8, 1), name="person")
    scene = scene_of((ground(), np.eye(4)))
    people = [make_batch(person, [translate(0, 0.9, 0)])]
    img = shot(renderer, scene, cam, target, HIGH, dynamic=people)
    assert at(img, cam, (-0.6, 0.0, -0.5)).sum() < at(img, cam, OPEN).sum() - 60


# ---------------------------------------------------------------------------------- occlusion
def test_baked_occlusion_darkens_at_medium_and_not_at_low(renderer, target):
    cam = Camera(eye=(0, 6, 0.01), target=(0, 0, 0), fov_y=60, near=0.1, far=50)
    dark, open_ = ground(size=2.0), ground(size=2.0)
    dark.ao = np.full(4, 0.2, np.float32)
    open_.ao = np.ones(4, np.float32)
    scene = scene_of((dark, translate(-1.2, 0, 0)), (open_, translate(1.2, 0, 0)))
    for level, darker in ((MEDIUM, True), (LOW, False)):
        img = shot(renderer, scene, cam, target, level)
        a, b = at(img, cam, (-1.2, 0, 0)).sum(), at(img, cam, (1.2, 0, 0)).sum()
        assert (a < b - 60) if darker else abs(a - b) <= 3


# ---------------------------------------------------------------------------------- interiors
def test_floor_inside_an_interior_is_lit_by_its_ceiling_not_the_sun(renderer, target):
    room = Interior(box_min=(-10, 0, -10), box_max=(0, 4, 10), ceiling_color=(0.1, 0.2, 1.2))
    scene = scene_of((grid(), np.eye(4)))
    scene.lighting = Lighting(interiors=[room])
    cam = above()
    img = shot(renderer, scene, cam, target, MEDIUM)
    inside, outside = at(img, cam, (-5, 0, 0)), at(img, cam, (5, 0, 0))
    assert inside[2] > inside[0] + 60           # the blue ceiling light
    assert outside[0] >= outside[2] - 10        # the warm sun
    between = at(img, cam, (0.25, 0, 0))        # just outside: half way through the blend
    assert inside[2] - inside[0] > between[2] - between[0] > outside[2] - outside[0]
    # low keeps the plain look: the room is lit like the ground outside it.
    plain = shot(renderer, scene, cam, target, LOW)
    assert np.abs(at(plain, cam, (-5, 0, 0)).astype(int) - at(plain, cam, (5, 0, 0)).astype(int)).max() <= 3


# ------------------------------------------------------------------------------ sky reflection
def test_glass_mirrors_the_sky_at_a_grazing_angle(renderer, target):
    cam = Camera(eye=(0, 0.6, 8), target=(0, 0.3, 0), fov_y=40, near=0.1, far=100)
    dull = ground(color=(0.05, 0.05, 0.05, 1))
    glass = ground(color=(0.05, 0.05, 0.05, 1), reflect_sky=1.0, roughness=0.1)
    plain = shot(renderer, scene_of((dull, np.eye(4))), cam, target, LOW)
    mirror = shot(renderer, scene_of((glass, np.eye(4))), cam, target, LOW)
    point = (0, 0, 2)
    assert at(mirror, cam, point).sum() > at(plain, cam, point).sum() + 150
    assert at(mirror, cam, point)[2] > at(mirror, cam, point)[0]   # sky blue


# ------------------------------------------------------------------------ anti-aliasing, scale
def edge_scene() -> Scene:
    """A white square turned 30 degrees on black: hard diagonal edges when not anti-aliased."""
    pos = np.array([[-1, -1, 0], [1, -1, 0], [1, 1, 0], [-1, 1, 0]], np.float32)
    square = Mesh(pos, np.array([[0, 1, 2], [0, 2, 3]]), material=Material(base_color=(1, 1, 1, 1), unlit=True))
    turn = np.eye(4)
    c, s = np.cos(np.radians(30)), np.sin(np.radians(30))
    turn[:2, :2] = [[c, -s], [s, c]]
    scene = scene_of((square, turn))
    scene.lighting = Lighting(background=(0, 0, 0))
    return scene


def grey_pixels(img) -> int:
    v = img[..., 1]
    return int(((v > 40) & (v < 215)).sum())


def test_fxaa_softens_a_diagonal_edge_and_leaves_flat_areas_alone(renderer, target):
    renderer.options.sky = False
    cam = Camera(eye=(0, 0, 4), target=(0, 0, 0), fov_y=45, near=0.1, far=50)
    hard = shot(renderer, edge_scene(), cam, target, LOW)
    soft = shot(renderer, edge_scene(), cam, target, replace(LOW, fxaa=True))
    assert grey_pixels(hard) < 10 < grey_pixels(soft)
    middle = (slice(H // 2 - 5, H // 2 + 5), slice(W // 2 - 5, W // 2 + 5))
    assert np.array_equal(hard[middle], soft[middle])
    assert np.array_equal(hard[:8, :8], soft[:8, :8])


def test_fxaa_is_skipped_on_a_multisampled_target(renderer, gl):
    fb = Framebuffer(W, H, samples=4)
    try:
        renderer.set_quality(MEDIUM)
        renderer.render(box_on_ground(), above(), fb)
        assert renderer.post.picture is None
    finally:
        fb.release()


def test_hud_is_drawn_at_full_resolution_over_a_scaled_picture(renderer, target):
    from engine.render.overlay import OverlayImage
    patch = np.zeros((9, 9, 4), np.uint8)
    patch[::2, ::2] = (0, 255, 0, 255)                 # a fine checker: any scaling would blur it
    patch[1::2, 1::2] = (0, 255, 0, 255)
    renderer.set_quality(replace(MEDIUM, resolution_scale=0.5))
    cam = Camera(eye=(0, 0, 3), target=(0, 0, 0), fov_y=45, near=0.1, far=50)
    renderer.render(scene_of((box_mesh(), np.eye(4))), cam, target, overlays=[OverlayImage("p", patch, 2, 2)])
    img = target.read_rgba().astype(int)
    assert img.shape == (H, W, 4)
    assert renderer.post.picture.size == (W // 2, H // 2)
    assert tuple(img[2, 2, :3]) == (0, 255, 0) and img[2, 3, 1] < 200    # the checker stays crisp
    assert img[H // 2, W // 2, 0] > 150                # the box fills the middle of the full picture


# ------------------------------------------------------------------------ switching, variants
def every_kind_of_surface() -> Scene:
    tex = np.full((4, 4, 4), 200, np.uint8)
    flat_normal = np.zeros((4, 4, 4), np.uint8)
    flat_normal[...] = (128, 128, 255, 255)
    materials = [
        Material(), Material(texture=tex), Material(emissive_texture=tex, emissive=(1, 1, 1)),
        Material(normal_texture=flat_normal, texture=tex), Material(unlit=True), Material(unlit=True, texture=tex),
        Material(texture=tex, alpha_mode="MASK"), Material(base_color=(1, 1, 1, 0.5), alpha_mode="BLEND"),
        Material(reflect_sky=0.8, metallic=1.0, roughness=0.2), Material(reflect_sky=0.5, texture=tex),
        Material(normal_texture=flat_normal, reflect_sky=0.5),
    ]
    items = []
    for i, mat in enumerate(materials):
        mesh = box_mesh(material=mat, name=f"m{i}")
        mesh.uvs = np.zeros((len(mesh.positions), 2), np.float32)
        if i % 2:
            mesh.ao = np.linspace(0.2, 1.0, len(mesh.positions)).astype(np.float32)
        items.append((mesh, translate(i * 1.5 - 7, 0.5, 0)))
    scene = scene_of((ground(size=30), np.eye(4)), *items)
    scene.lighting = Lighting(fog_density=0.01, interiors=[Interior((-8, 0, -2), (0, 3, 2), stage=(-4, 1, 0))])
    return scene


@pytest.mark.parametrize("level", [LOW, MEDIUM, HIGH, replace(MEDIUM, resolution_scale=0.6)])
def test_every_shader_variant_compiles_and_draws_at_every_level(renderer, target, level):
    scene = every_kind_of_surface()
    img = shot(renderer, scene, Camera(eye=(0, 6, 12), target=(0, 0, 0), fov_y=60), target, level)
    assert len(renderer.programs) >= 7        # a variant per kind of surface; GL errors fail the frame
    assert img[..., :3].std() > 5


def test_switching_levels_back_and_forth_holds_no_more_objects(renderer, target):
    scene, cam = every_kind_of_surface(), above()
    people = [make_batch(box_mesh(name="person"), [translate(1, 0.5, 1)])]
    counts = []
    for _ in range(3):
        for level in (LOW, MEDIUM, HIGH, MEDIUM.scaled(0.5), LOW):
            shot(renderer, scene, cam, target, level, dynamic=people)
        counts.append((renderer.object_count(), len(renderer.programs)))
    assert counts[0] == counts[1] == counts[2]
    assert renderer.shadows is None and renderer.post.object_count() == 0   # low holds neither


# ------------------------------------------------------------------------------------ commands
def test_render_and_bench_take_a_quality_level(tmp_path, capsys, gl):
    import trimesh

    from engine.cli import main
    model = tmp_path / "box.glb"
    trimesh.creation.box().export(str(model))
    out = tmp_path / "shot.png"
    assert main(["render", str(model), "--out", str(out), "--size", "64x48", "--quality", "auto"]) == 0
    assert out.stat().st_size > 0
    assert main(["bench", str(model), "--size", "64x48", "--frames", "2", "--quality", "high"]) == 0
    assert "quality high" in capsys.readouterr().out
    assert main(["render", str(model), "--out", str(out), "--quality", "ultra"]) == 2
    assert "--quality: invalid choice: 'ultra'" in capsys.readouterr().err
