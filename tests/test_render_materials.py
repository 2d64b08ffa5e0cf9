"""glTF material features on the GL renderer: emissive and normal maps, samplers, shared images.

Small quads rendered headless (llvmpipe in CI) and checked by pixel; tangents checked as numbers.
"""
import numpy as np
import pytest

from engine.gfx.objects import Framebuffer
from engine.scene import AlphaMode, Material, Mesh, Scene
from engine.scene.camera import Camera
from engine.scene.lights import Lighting
from engine.scene.material import Sampler, Wrap
from engine.scene.tangents import vertex_tangents
from scenes import scene_of

W, H = 96, 64
DISTANCE = 3.0
RED, GREEN, BLUE = (255, 0, 0, 255), (0, 255, 0, 255), (0, 0, 255, 255)


@pytest.fixture
def target(gl):
    fb = Framebuffer(W, H)
    yield fb
    fb.release()


def quad(material: Material, uv_lo: float = 0.0, uv_hi: float = 1.0, colors=None, tangents=None) -> Mesh:
    """A 2 x 2 m quad facing +Z at the origin; uv (uv_lo, uv_lo) at its top-left, u to the right."""
    pos = np.array([[-1, -1, 0], [1, -1, 0], [1, 1, 0], [-1, 1, 0]], np.float32)
    uv = np.array([[uv_lo, uv_hi], [uv_hi, uv_hi], [uv_hi, uv_lo], [uv_lo, uv_lo]], np.float32)
    return Mesh(pos, np.array([[0, 1, 2], [0, 2, 3]]), np.tile([0, 0, 1], (4, 1)), uv, colors, material,
                name="quad", tangents=tangents)


def front_camera() -> Camera:
    return Camera(eye=(0, 0, DISTANCE), target=(0, 0, 0), fov_y=45, near=0.1, far=100)


@pytest.fixture
def draw(renderer, target):
    """draw(mesh, lighting=None, sky=True): the picture (h, w, 4) int of the mesh alone."""
    def shot(mesh: Mesh, lighting: Lighting | None = None, sky: bool = True) -> np.ndarray:
        scene = scene_of((mesh, np.eye(4)))
        if lighting is not None:
            scene.lighting = lighting
        renderer.options.sky = sky
        renderer.render(scene, front_camera(), target)
        return target.read_rgba().astype(int)
    return shot


def pixel_x(x: float) -> int:
    """The column where the quad's point at x (metres) is seen."""
    half_width = DISTANCE * np.tan(np.radians(22.5)) * W / H
    return int((x / half_width + 1) / 2 * W)


def dark() -> Lighting:
    return Lighting(sun_intensity=0.0, ambient_intensity=0.0, background=(0, 0, 0))


def halves(left, right, height: int = 4) -> np.ndarray:
    """An image whose left half is `left` and right half `right`."""
    img = np.zeros((height, 2 * height, 4), np.uint8)
    img[:, :height], img[:, height:] = left, right
    return img


# ------------------------------------------------------------------------------------------- emissive
@pytest.mark.parametrize("base_texture", [False, True])
def test_emissive_texture_shows_its_colours_in_the_dark(draw, base_texture):
    base = np.full((4, 4, 4), 255, np.uint8) if base_texture else None
    mat = Material(base_color=(0.2, 0.2, 0.2, 1), texture=base, emissive=(1.0, 1.0, 1.0),
                   emissive_texture=halves(RED, GREEN))
    img = draw(quad(mat), lighting=dark(), sky=False)
    left, right = img[H // 2, pixel_x(-0.5), :3], img[H // 2, pixel_x(0.5), :3]
    assert left[0] > 180 and left[1] < 40 and left[2] < 40
    assert right[1] > 180 and right[0] < 40 and right[2] < 40
    assert img[2, 2, :3].max() <= 2          # nothing else gives light


def test_emissive_texture_is_scaled_by_the_emissive_factor(draw):
    bright = Material(base_color=(0, 0, 0, 1), emissive=(1, 1, 1), emissive_texture=halves(RED, GREEN))
    off = Material(base_color=(0, 0, 0, 1), emissive=(0, 0, 0), emissive_texture=halves(RED, GREEN))
    lit = draw(quad(bright), lighting=dark(), sky=False)[H // 2, pixel_x(-0.5), 0]
    unlit = draw(quad(off), lighting=dark(), sky=False)[H // 2, pixel_x(-0.5), 0]
    assert lit > 180 and unlit < 5


# -------------------------------------------------------------------------------------------- samplers
def wrapped_row(draw, wrap: Wrap) -> list[str]:
    """Colour names seen at u = -0.75, -0.25, 1.25, 1.75 of a quad whose uvs run from -1 to 2."""
    mat = Material(base_color=(1, 1, 1, 1), texture=halves(RED, BLUE, height=1), unlit=True,
                   sampler=Sampler(wrap_s=wrap, wrap_t=wrap, mag_nearest=True))
    img = draw(quad(mat, -1.0, 2.0))
    names = []
    for u in (-0.75, -0.25, 1.25, 1.75):
        r, _, b = img[H // 2, pixel_x(-1 + (u + 1) * 2 / 3), :3]
        names.append("red" if r > 200 and b < 50 else "blue" if b > 200 and r < 50 else f"({r},{b})")
    return names


def test_wrap_modes_read_outside_the_unit_square_as_gltf_says(draw):
    assert wrapped_row(draw, Wrap.REPEAT) == ["red", "blue", "red", "blue"]
    assert wrapped_row(draw, Wrap.CLAMP) == ["red", "red", "blue", "blue"]
    assert wrapped_row(draw, Wrap.MIRROR) == ["blue", "red", "blue", "red"]


def test_nearest_and_linear_magnification_differ_on_a_two_by_two_texture(draw):
    checker = np.zeros((2, 2, 4), np.uint8)
    checker[..., 3] = 255
    checker[0, 1, :3] = checker[1, 0, :3] = 255
    row = slice(pixel_x(-0.9), pixel_x(0.9))
    values = {}
    for nearest in (True, False):
        mat = Material(base_color=(1, 1, 1, 1), texture=checker, unlit=True,
                       sampler=Sampler(mag_nearest=nearest, wrap_s=Wrap.CLAMP, wrap_t=Wrap.CLAMP))
        values[nearest] = draw(quad(mat))[int(H * 0.4), row, 0]
    sharp, smooth = values[True], values[False]
    assert set(np.unique(sharp)) <= {0, 255}           # only the texels themselves
    assert ((smooth > 30) & (smooth < 225)).sum() > len(smooth) // 3   # blends between them
    # Across the middle the nearest reading jumps in one pixel; the linear one climbs gradually.
    assert np.abs(np.diff(sharp)).max() == 255 and np.abs(np.diff(smooth)).max() < 100


# -------------------------------------------------------------------------------------------- normal maps
def flat_map() -> np.ndarray:
    return np.full((4, 4, 4), (128, 128, 255, 255), np.uint8)


def tilted_map() -> np.ndarray:
    """Every normal tilted 45 degrees towards +u (the quad's +x)."""
    return np.full((4, 4, 4), (218, 128, 218, 255), np.uint8)


def lit(normal_texture=None, **extra) -> Material:
    return Material(base_color=(0.8, 0.8, 0.8, 1), normal_texture=normal_texture, **extra)


def test_flat_normal_map_matches_the_vertex_lit_surface(draw, renderer):
    plain = draw(quad(lit()))
    flat = draw(quad(lit(flat_map())))
    assert "NORMAL_MAP" in " ".join(" ".join(k) for k in renderer.programs)
    inside = (slice(8, H - 8), slice(pixel_x(-0.9), pixel_x(0.9)))
    assert np.abs(plain[inside] - flat[inside]).max() <= 3


def test_normal_map_tilting_towards_the_sun_brightens_and_away_darkens(draw):
    # The default sun shines from +x, +y, +z: a normal tilted to +x faces it more.
    centre = (H // 2, W // 2)
    flat = draw(quad(lit(flat_map())))[centre][:3].sum()
    towards = draw(quad(lit(tilted_map())))[centre][:3].sum()
    tangents = np.tile([-1, 0, 0, 1], (4, 1)).astype(np.float32)    # +u given as -x: the same map tilts away
    away = draw(quad(lit(tilted_map()), tangents=tangents))[centre][:3].sum()
    assert towards > flat + 30 and away < flat - 30


def test_a_mesh_given_a_normal_map_later_gets_its_tangents(draw):
    tangents = np.tile([-1, 0, 0, 1], (4, 1)).astype(np.float32)
    mesh = quad(lit(), tangents=tangents)
    flat = draw(mesh)[H // 2, W // 2, :3].sum()          # uploaded without tangents: none needed
    mesh.material.normal_texture = tilted_map()
    away = draw(mesh)[H // 2, W // 2, :3].sum()          # the mesh's own tangents, not the default +x
    assert away < flat - 30


def test_normal_scale_zero_is_the_flat_surface(draw):
    flat = draw(quad(lit(flat_map())))[H // 2, W // 2, :3]
    unscaled = draw(quad(lit(tilted_map(), normal_scale=0.0)))[H // 2, W // 2, :3]
    # Scaled to nothing, the 45 degree map keeps only its z: the surface's own normal.
    assert np.abs(flat - unscaled).max() <= 3


def test_normal_mapped_mask_and_blend(draw):
    holed = tilted_map()
    holed[:, :2, 3] = 0                                     # the left half transparent
    masked = draw(quad(lit(holed, alpha_mode=AlphaMode.MASK, texture=np.full((4, 4, 4), 255, np.uint8))))
    background = draw(quad(Material(base_color=(0, 0, 0, 0), alpha_mode=AlphaMode.BLEND)))
    red = Material(base_color=(1, 0, 0, 0.5), normal_texture=tilted_map(), alpha_mode=AlphaMode.BLEND)
    blended = draw(quad(red))
    # MASK reads alpha from the base colour texture (opaque here), not from the normal map.
    assert np.abs(masked[H // 2, pixel_x(-0.5)] - background[H // 2, pixel_x(-0.5)]).max() > 20
    r, g, _ = blended[H // 2, W // 2, :3]
    back = background[H // 2, W // 2, :3]
    assert r > back[0] and g < back[1] - 50                # red mixed with the sky behind
    assert g > 40                                          # which still shows through


# ------------------------------------------------------------------------------ colours, masks, blending
def test_vertex_colours_multiply_the_texture_and_the_emissive_variant(draw):
    colors = np.tile([1.0, 0.0, 0.0, 1.0], (4, 1)).astype(np.float32)
    texture = halves((255, 255, 255, 255), GREEN)
    plain = Material(base_color=(1, 1, 1, 1), texture=texture, unlit=True)
    img = draw(quad(plain, colors=colors))
    assert img[H // 2, pixel_x(-0.5), 0] > 200                             # red x white
    assert img[H // 2, pixel_x(0.5), :3].max() < 10                        # red x green: black
    glowing = Material(base_color=(1, 1, 1, 1), texture=texture, emissive=(0, 0, 1),
                       emissive_texture=np.full((2, 2, 4), 255, np.uint8))
    img = draw(quad(glowing, colors=colors), lighting=dark(), sky=False)
    # In the dark only the emitted blue is seen, the vertex colour's red has no light to show.
    assert img[H // 2, pixel_x(-0.5), 2] > 150 and img[H // 2, pixel_x(-0.5), 0] < 10


def test_mask_with_an_emissive_map_but_no_base_texture(draw):
    colors = np.array([[1, 1, 1, 0], [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 0]], np.float32)  # left edge clear
    mat = Material(base_color=(0, 0, 0, 1), emissive=(1, 1, 1), emissive_texture=halves(RED, RED),
                   alpha_mode=AlphaMode.MASK, alpha_cutoff=0.5)
    img = draw(quad(mat, colors=colors), lighting=dark(), sky=False)
    assert img[H // 2, pixel_x(-0.8), 0] < 5           # alpha about 0.1: cut away
    assert img[H // 2, pixel_x(0.8), 0] > 180          # alpha about 0.9: drawn, glowing red


# ------------------------------------------------------------------------------- GPU images and samplers
def test_materials_sharing_an_image_share_one_texture(renderer, target):
    image = halves(RED, GREEN)
    a = Material(texture=image)
    b = Material(texture=image, sampler=Sampler(wrap_s=Wrap.CLAMP))
    c = Material(texture=image.copy())
    meshes = [quad(a), quad(b), quad(c)]
    camera = front_camera()
    renderer.render(scene_of(*[(m, np.eye(4)) for m in meshes[:2]]), camera, target)
    textures = renderer.cache.textures
    assert len(textures.images) == 1 and len(textures.samplers) == 2
    assert renderer.object_count() == 2 + 1 + 2          # meshes, the image, two samplers
    renderer.render(scene_of(*[(m, np.eye(4)) for m in meshes]), camera, target)
    assert len(textures.images) == 2                    # an equal copy is another image
    renderer.render(scene_of((meshes[2], np.eye(4))), camera, target)
    assert len(textures.images) == 1 and len(textures.samplers) == 1
    renderer.render(Scene(), camera, target)
    assert renderer.object_count() == 0


def test_replaced_images_reuse_their_texture_over_a_long_run(renderer, target):
    mat = Material(texture=halves(RED, GREEN), emissive=(1, 1, 1), emissive_texture=halves(RED, RED),
                   normal_texture=flat_map())
    scene = scene_of((quad(mat), np.eye(4)))
    camera = front_camera()
    counts = []
    for frame in range(60):
        mat.texture = halves(RED, BLUE) if frame % 2 else halves(GREEN, BLUE)   # a door screen's new text
        mat.texture_version += 1
        renderer.render(scene, camera, target)
        counts.append(renderer.object_count())
    assert counts[0] == counts[-1] == 1 + 3 + 1        # the mesh, three images, one sampler
    assert target.read_rgba()[H // 2, pixel_x(-0.5), 0] > 200   # the last image shown: red on the left
    mat.emissive_texture = None
    scene.changed()
    renderer.render(scene, camera, target)
    assert renderer.object_count() == 1 + 2 + 1


def test_sampler_parameters_follow_the_gltf_sampler():
    from engine.gfx.gl import GL
    from engine.render.textures import sampler_parameters
    assert sampler_parameters(Sampler(), 8.0) == (GL.GL_REPEAT, GL.GL_REPEAT, GL.GL_LINEAR,
                                                  GL.GL_LINEAR_MIPMAP_LINEAR, 8.0)
    pixel_art = sampler_parameters(Sampler(Wrap.CLAMP, Wrap.MIRROR, True, True, False), 8.0)
    assert pixel_art == (GL.GL_CLAMP_TO_EDGE, GL.GL_MIRRORED_REPEAT, GL.GL_NEAREST, GL.GL_NEAREST, 1.0)
    assert sampler_parameters(Sampler(min_nearest=True), 8.0)[3:] == (GL.GL_NEAREST_MIPMAP_LINEAR, 1.0)


def test_anisotropic_samplers_are_made_without_gl_errors(renderer, target):
    from engine.gfx.gl import GL, check_errors, extensions, useful_anisotropy
    software = b"llvmpipe" in (GL.glGetString(GL.GL_RENDERER) or b"")
    assert useful_anisotropy() == 1.0 if software else useful_anisotropy() >= 1.0   # CPU time kept
    if not {"GL_EXT_texture_filter_anisotropic", "GL_ARB_texture_filter_anisotropic"} & extensions():
        pytest.skip("this GL has no anisotropic filtering")
    renderer.cache.textures.anisotropy = 4.0
    mat = Material(texture=halves(RED, GREEN), sampler=Sampler(wrap_s=Wrap.MIRROR))
    camera = Camera(eye=(0, 0.3, 0.5), target=(0, 0, -5), fov_y=60, near=0.1, far=100)  # grazing view
    renderer.render(scene_of((quad(mat), np.eye(4))), camera, target)
    check_errors("anisotropic sampler")


def test_every_variant_compiles_and_draws_with_and_without_fog(renderer, target):
    from itertools import product

    from engine.gfx.gl import check_errors
    image = halves(RED, GREEN)
    for fog, unlit, base, emissive, normal, mode in product(
            (0.0, 0.05), (False, True), (None, image), (None, image), (None, flat_map()), list(AlphaMode)):
        mat = Material(texture=base, emissive=(1, 1, 1), emissive_texture=emissive, normal_texture=normal,
                       unlit=unlit, alpha_mode=mode)
        scene = scene_of((quad(mat), np.eye(4)))
        scene.lighting = Lighting(fog_density=fog)
        renderer.render(scene, front_camera(), target)
        check_errors(f"fog={fog} unlit={unlit} {mode}")
        assert target.read_rgba()[H // 2, W // 2, 3] == 255
    # Per fog setting: lit, 7 map combinations with or without MASK plus the untextured one (15);
    # unlit materials draw no maps: textured with or without MASK, or not (3).
    assert len(renderer.programs) == 2 * (15 + 3)


# ------------------------------------------------------------------------------------------- tangents
def quad_arrays(uv_x_sign: float = 1.0):
    pos = np.array([[-1, -1, 0], [1, -1, 0], [1, 1, 0], [-1, 1, 0]], np.float32)
    uv = np.array([[0, 1], [1, 1], [1, 0], [0, 0]], np.float32) * [uv_x_sign, 1]
    normals = np.tile([0, 0, 1], (4, 1)).astype(np.float32)
    return pos, normals, uv, np.array([[0, 1, 2], [0, 2, 3]])


def test_generated_tangents_of_a_quad_are_unit_and_along_plus_u():
    tangents = vertex_tangents(*quad_arrays())
    assert tangents.shape == (4, 4) and tangents.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(tangents[:, :3], axis=1), 1.0, atol=1e-6)
    np.testing.assert_allclose(tangents[:, :3], np.tile([1, 0, 0], (4, 1)), atol=1e-6)   # +u is +x
    assert (tangents[:, 3] == 1).all()     # bitangent cross(n, t) = +y, the image's top (v down)


def test_mirrored_uvs_flip_the_handedness():
    tangents = vertex_tangents(*quad_arrays(uv_x_sign=-1.0))
    np.testing.assert_allclose(tangents[:, :3], np.tile([-1, 0, 0], (4, 1)), atol=1e-6)
    assert (tangents[:, 3] == -1).all()


def test_tangents_are_orthogonal_to_bent_normals_and_made_without_uvs():
    pos, normals, uv, idx = quad_arrays()
    bent = normals + np.array([[0.3, 0, 0], [0, 0.3, 0], [-0.3, 0, 0], [0, -0.3, 0]], np.float32)
    bent /= np.linalg.norm(bent, axis=1, keepdims=True)
    for uvs in (uv, None, np.zeros_like(uv)):          # real, missing and degenerate uvs
        tangents = vertex_tangents(pos, bent, uvs, idx)
        assert np.isfinite(tangents).all()
        np.testing.assert_allclose(np.linalg.norm(tangents[:, :3], axis=1), 1.0, atol=1e-6)
        np.testing.assert_allclose(np.einsum("ij,ij->i", tangents[:, :3], bent), 0.0, atol=1e-6)
        assert set(np.abs(tangents[:, 3])) == {1.0}
