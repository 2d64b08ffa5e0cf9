"""glTF features the Khronos sample models use, each in a small file written here, checked on the
loaded data: Draco, quantized and sparse accessors, texture transforms, samplers, emissive and normal
textures, instancing, mirrored nodes, shared images, and one warning per feature not drawn."""
from __future__ import annotations

import io
import json
import math

import numpy as np
import pytest
from gltf_builder import QUAD_INDICES, QUAD_POSITIONS, QUAD_UVS, Gltf, png

from engine.errors import UserError
from engine.loading import load_model
from engine.scene import AlphaMode, Wrap


def _mesh(scene):
    batches = scene.batches()
    assert len(batches) == 1
    return batches[0].mesh


def _textured_quad(g: Gltf, **material) -> int:
    tex = g.texture(g.image(png((255, 0, 0, 255))))
    mat = g.material(pbrMetallicRoughness={"baseColorTexture": {"index": tex}}, **material)
    return g.node(mesh=g.quad(mat))


# ------------------------------------------------------------------------------------------ Draco
def _draco_glb(tmp_path, payload: bytes | None = None):
    import DracoPy
    points = np.array([[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0], [0.5, 0.5, 1]], np.float32)
    faces = np.array([[0, 1, 2], [0, 2, 3], [0, 1, 4]], np.uint32)
    uvs = points[:, :2].astype(np.float64)
    encoded = DracoPy.encode(points, faces, quantization_bits=14, tex_coord=uvs, preserve_order=True)
    kinds = {a["attribute_type"]: a["unique_id"] for a in DracoPy.decode(encoded).attributes}
    g = Gltf()
    view = g.view(payload if payload is not None else encoded)
    pos = g._list("accessors", {"componentType": 5126, "count": 5, "type": "VEC3"})
    uv = g._list("accessors", {"componentType": 5126, "count": 5, "type": "VEC2"})
    idx = g._list("accessors", {"componentType": 5125, "count": 9, "type": "SCALAR"})
    ext = {"bufferView": view, "attributes": {"POSITION": kinds[0], "TEXCOORD_0": kinds[3]}}
    tex = g.texture(g.image(png((0, 255, 0, 255))))
    mat = g.material(pbrMetallicRoughness={"baseColorTexture": {"index": tex}})
    g.node(mesh=g.mesh({"POSITION": pos, "TEXCOORD_0": uv}, idx, material=mat,
                       extensions={"KHR_draco_mesh_compression": ext}))
    g.uses("KHR_draco_mesh_compression")
    g.doc["extensionsRequired"] = ["KHR_draco_mesh_compression"]
    return g.write_glb(tmp_path / "draco.glb"), points


def test_draco_compressed_mesh_is_decoded(tmp_path):
    path, points = _draco_glb(tmp_path)
    scene = load_model(path)
    mesh = _mesh(scene)
    assert mesh.triangle_count == 3
    # Crease normals may split vertices; every original point is still there, within quantization.
    for p in points:
        assert np.abs(mesh.positions - p).max(axis=1).min() < 1e-3
    assert mesh.uvs is not None and mesh.uvs.max() == pytest.approx(1.0, abs=1e-3)
    assert scene.metadata["warnings"] == []


def test_damaged_draco_data_refuses_the_model(tmp_path):
    path, _ = _draco_glb(tmp_path, payload=b"DRACO\x02\x02\x01\x01\x00" + b"\xff" * 30)
    with pytest.raises(UserError, match="KHR_draco_mesh_compression data cannot be decoded"):
        load_model(path)


# ------------------------------------------------------------------------------------------ materials
def test_emissive_texture_and_strength(tmp_path):
    g = Gltf()
    glow = g.texture(g.image(png((255, 128, 0, 255))))
    mat = g.material(emissiveFactor=[1.0, 0.5, 0.25], emissiveTexture={"index": glow},
                     extensions={"KHR_materials_emissive_strength": {"emissiveStrength": 4.0}})
    g.node(mesh=g.quad(mat))
    g.uses("KHR_materials_emissive_strength")
    material = _mesh(load_model(g.write_glb(tmp_path / "glow.glb"))).material
    assert material.emissive == pytest.approx((4.0, 2.0, 1.0))
    assert material.emissive_texture.dtype == np.uint8 and material.emissive_texture.shape == (4, 4, 4)
    assert tuple(material.emissive_texture[0, 0]) == (255, 128, 0, 255)


def test_normal_texture_scale_and_tangents(tmp_path):
    g = Gltf()
    bump = g.texture(g.image(png((128, 128, 255, 255))))
    mat = g.material(normalTexture={"index": bump, "scale": 0.5})
    tangents = np.tile([1.0, 0.0, 0.0, -1.0], (4, 1)).astype(np.float32)
    normals = np.tile([0.0, 0.0, 1.0], (4, 1)).astype(np.float32)
    g.node(mesh=g.quad(mat, TANGENT=g.accessor(tangents), NORMAL=g.accessor(normals)))
    mesh = _mesh(load_model(g.write_glb(tmp_path / "bump.glb")))
    bump_pixels = mesh.material.normal_texture
    assert bump_pixels is not None and tuple(bump_pixels[0, 0]) == (128, 128, 255, 255)
    assert mesh.material.normal_scale == 0.5
    assert mesh.tangents is not None and np.allclose(mesh.tangents, tangents)


@pytest.mark.parametrize("wrap, expected", [(33071, Wrap.CLAMP), (33648, Wrap.MIRROR), (10497, Wrap.REPEAT)])
@pytest.mark.parametrize("filters, nearest, mipmaps", [
    ({"magFilter": 9728, "minFilter": 9728}, (True, True), False),
    ({"magFilter": 9729, "minFilter": 9729}, (False, False), False),
    ({"magFilter": 9729, "minFilter": 9987}, (False, False), True),
    ({"magFilter": 9728, "minFilter": 9984}, (True, True), True),
    ({}, (False, False), True),
])
def test_sampler_wrap_and_filters(tmp_path, wrap, expected, filters, nearest, mipmaps):
    g = Gltf()
    tex = g.texture(g.image(png((255, 0, 0, 255))), g.sampler(wrapS=wrap, wrapT=10497, **filters))
    g.node(mesh=g.quad(g.material(pbrMetallicRoughness={"baseColorTexture": {"index": tex}})))
    sampler = _mesh(load_model(g.write_glb(tmp_path / "s.glb"))).material.sampler
    assert (sampler.wrap_s, sampler.wrap_t) == (expected, Wrap.REPEAT)
    assert (sampler.mag_nearest, sampler.min_nearest) == nearest and sampler.mipmaps == mipmaps


def test_occlusion_texture_becomes_per_vertex_ao(tmp_path):
    from PIL import Image
    g = Gltf()
    pixels = np.full((4, 4, 4), 255, np.uint8)
    pixels[2:, :2, 0] = 51          # the texture's lower left quarter is occluded (red 0.2)
    raw = io.BytesIO()
    Image.fromarray(pixels).save(raw, format="PNG")
    occ = g.texture(g.image(raw.getvalue()))
    mat = g.material(occlusionTexture={"index": occ, "strength": 0.5})
    g.node(mesh=g.quad(mat))
    mesh = _mesh(load_model(g.write_glb(tmp_path / "ao.glb")))
    corner = np.argmin(np.abs(mesh.uvs - [0.0, 1.0]).sum(axis=1))      # uv (0, 1): lower left of the image
    assert mesh.ao[corner] == pytest.approx(1.0 + 0.5 * (0.2 - 1.0), abs=0.01)
    assert np.delete(mesh.ao, corner) == pytest.approx(1.0)


def test_metallic_roughness_texture_scales_the_factors_and_metal_mirrors_the_sky(tmp_path):
    g = Gltf()
    mr = g.texture(g.image(png((0, 128, 255, 255))))       # green: roughness 0.5, blue: fully metal
    mat = g.material(pbrMetallicRoughness={"metallicRoughnessTexture": {"index": mr}, "roughnessFactor": 0.8})
    g.node(mesh=g.quad(mat))
    material = _mesh(load_model(g.write_glb(tmp_path / "mr.glb"))).material
    assert material.roughness == pytest.approx(0.8 * 128 / 255) and material.metallic == pytest.approx(1.0)
    assert material.reflect_sky > 0.5
    plain = Gltf()
    plain.node(mesh=plain.quad(plain.material(pbrMetallicRoughness={"metallicFactor": 0.0})))
    assert _mesh(load_model(plain.write_glb(tmp_path / "plain.glb"))).material.reflect_sky == 0.0


def test_material_factors_and_modes(tmp_path):
    g = Gltf()
    mat = g.material(pbrMetallicRoughness={"baseColorFactor": [0.5, 0.25, 1.0, 0.5], "roughnessFactor": 0.3,
                                           "metallicFactor": 0.0}, alphaMode="BLEND", doubleSided=True,
                     extensions={"KHR_materials_unlit": {}})
    g.node(mesh=g.quad(mat, uvs=None))
    g.uses("KHR_materials_unlit")
    material = _mesh(load_model(g.write_glb(tmp_path / "m.glb"))).material
    assert material.base_color == pytest.approx((0.5, 0.25, 1.0, 0.5))
    assert material.alpha_mode is AlphaMode.BLEND and material.double_sided and material.unlit
    assert material.roughness == pytest.approx(0.3) and material.metallic == 0.0


def test_specular_glossiness_drawn_with_its_diffuse_part(tmp_path):
    g = Gltf()
    tex = g.texture(g.image(png((0, 0, 255, 255))))
    mat = g.material(extensions={"KHR_materials_pbrSpecularGlossiness": {
        "diffuseFactor": [1.0, 0.5, 0.5, 1.0], "diffuseTexture": {"index": tex}, "glossinessFactor": 0.75}})
    g.node(mesh=g.quad(mat))
    g.uses("KHR_materials_pbrSpecularGlossiness")
    scene = load_model(g.write_glb(tmp_path / "sg.glb"))
    material = _mesh(scene).material
    assert material.base_color == pytest.approx((1.0, 0.5, 0.5, 1.0)) and material.roughness == pytest.approx(0.25)
    assert tuple(material.texture[0, 0]) == (0, 0, 255, 255)
    assert [w for w in scene.metadata["warnings"] if "KHR_materials_pbrSpecularGlossiness" in w] != []


def test_vertex_colours_kept_on_textured_primitives(tmp_path):
    g = Gltf()
    tex = g.texture(g.image(png((255, 255, 255, 255))))
    mat = g.material(pbrMetallicRoughness={"baseColorTexture": {"index": tex}})
    colors = np.array([[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255]], np.uint8)
    g.node(mesh=g.quad(mat, COLOR_0=g.accessor(colors, np.uint8, normalized=True)))
    mesh = _mesh(load_model(g.write_glb(tmp_path / "vc.glb")))
    assert mesh.material.texture is not None and mesh.colors is not None
    assert sorted(map(tuple, mesh.colors.round(3).tolist())) == sorted(
        [(1, 0, 0, 1), (0, 1, 0, 1), (0, 0, 1, 1), (1, 1, 1, 1)])


# ------------------------------------------------------------------------------------------ images
def test_images_decoded_once_and_shared(tmp_path):
    g = Gltf()
    same = png((10, 20, 30, 255), (8, 8))
    first, second = g.image(same), g.image(same)          # two images, identical bytes
    other = g.image(png((200, 0, 0, 255), (8, 8)))
    a = g.material(pbrMetallicRoughness={"baseColorTexture": {"index": g.texture(first)}},
                   emissiveTexture={"index": g.texture(first)}, emissiveFactor=[1, 1, 1])
    b = g.material(pbrMetallicRoughness={"baseColorTexture": {"index": g.texture(second)}})
    c = g.material(pbrMetallicRoughness={"baseColorTexture": {"index": g.texture(other)}})
    for mat, x in ((a, 0), (b, 3), (c, 6)):
        g.node(mesh=g.quad(mat), translation=[x, 0, 0])
    ma, mb, mc = (batch.mesh.material for batch in load_model(g.write_glb(tmp_path / "d.glb")).batches())
    assert ma.texture is mb.texture and ma.emissive_texture is ma.texture
    assert mc.texture is not ma.texture and tuple(mc.texture[0, 0]) == (200, 0, 0, 255)


def test_missing_texture_file_is_a_warning(tmp_path):
    g = Gltf()
    _textured_quad(g)
    g.doc["images"] = [{"uri": "gone.png"}]
    scene = load_model(g.write_gltf(tmp_path / "m.gltf"))
    assert _mesh(scene).material.texture is None
    assert [w for w in scene.metadata["warnings"] if "gone.png" in w and "m.gltf" in w]


def test_ktx2_texture_uses_its_fallback_or_warns(tmp_path):
    g = Gltf()
    ktx = g.image(b"\xabKTX 20\xbb\r\n\x1a\n" + b"\x00" * 64, "image/ktx2")
    fallback = g.image(png((0, 255, 0, 255)))
    with_fallback = g.texture(fallback, extensions={"KHR_texture_basisu": {"source": ktx}})
    only_ktx = g.texture(None, extensions={"KHR_texture_basisu": {"source": ktx}})
    for tex, x in ((with_fallback, 0), (only_ktx, 3)):
        g.node(mesh=g.quad(g.material(pbrMetallicRoughness={"baseColorTexture": {"index": tex}})),
               translation=[x, 0, 0])
    g.uses("KHR_texture_basisu")
    scene = load_model(g.write_glb(tmp_path / "k.glb"))
    first, second = (b.mesh.material for b in scene.batches())
    assert tuple(first.texture[0, 0]) == (0, 255, 0, 255) and second.texture is None
    warned = [w for w in scene.metadata["warnings"] if "KHR_texture_basisu" in w]
    assert len(warned) == 1 and "k.glb" in warned[0]


# ------------------------------------------------------------------------------------------ uvs
def test_texture_transform_is_baked_into_the_uvs(tmp_path):
    g = Gltf()
    tex = g.texture(g.image(png((255, 0, 0, 255))))
    move = {"offset": [0.5, 0.25], "rotation": math.pi / 2, "scale": [2.0, 3.0]}
    mat = g.material(pbrMetallicRoughness={"baseColorTexture": {
        "index": tex, "extensions": {"KHR_texture_transform": move}}})
    g.node(mesh=g.quad(mat))
    g.uses("KHR_texture_transform")
    uvs = _mesh(load_model(g.write_glb(tmp_path / "t.glb"))).uvs
    c, s = math.cos(math.pi / 2), math.sin(math.pi / 2)
    matrix = np.array([[1, 0, 0.5], [0, 1, 0.25], [0, 0, 1]]) @ np.array([[c, s, 0], [-s, c, 0], [0, 0, 1]]) \
        @ np.diag([2.0, 3.0, 1.0])
    want = (np.c_[QUAD_UVS, np.ones(4)] @ matrix.T)[:, :2]
    assert sorted(map(tuple, uvs.round(4).tolist())) == sorted(map(tuple, want.round(4).tolist()))


def test_texture_transform_choosing_the_second_uv_set(tmp_path):
    g = Gltf()
    tex = g.texture(g.image(png((255, 0, 0, 255))))
    mat = g.material(pbrMetallicRoughness={"baseColorTexture": {
        "index": tex, "extensions": {"KHR_texture_transform": {"texCoord": 1}}}})
    second = QUAD_UVS * 0.5
    g.node(mesh=g.quad(mat, TEXCOORD_1=g.accessor(second)))
    uvs = _mesh(load_model(g.write_glb(tmp_path / "t1.glb"))).uvs
    assert uvs.max() == pytest.approx(0.5)


def test_textures_of_one_material_with_different_transforms_warn_once(tmp_path):
    g = Gltf()
    tex = g.texture(g.image(png((255, 0, 0, 255))))
    for x in (0, 3):
        mat = g.material(pbrMetallicRoughness={"baseColorTexture": {"index": tex}},
                         emissiveTexture={"index": tex, "extensions": {"KHR_texture_transform": {"scale": [2, 2]}}})
        g.node(mesh=g.quad(mat), translation=[x, 0, 0])
    g.uses("KHR_texture_transform")
    scene = load_model(g.write_glb(tmp_path / "tt.glb"))
    assert len([w for w in scene.metadata["warnings"] if "KHR_texture_transform" in w]) == 1
    assert scene.batches()[0].mesh.uvs.max() == pytest.approx(1.0)   # the base colour's (none)


# ------------------------------------------------------------------------------------------ accessors
def test_quantized_attributes(tmp_path):
    g = Gltf()
    positions = g.accessor(QUAD_POSITIONS + 1, np.uint16)                 # 0..2, not normalized
    uvs = g.accessor(np.round(QUAD_UVS * 65535), np.uint16, normalized=True)
    normals = g.accessor(np.tile([0, 0, 127], (4, 1)), np.int8, normalized=True)
    colors = g.accessor(np.tile([255, 0, 0], (4, 1)), np.uint8, normalized=True)
    tex = g.texture(g.image(png((255, 255, 255, 255))))
    mat = g.material(pbrMetallicRoughness={"baseColorTexture": {"index": tex}})
    g.node(mesh=g.mesh({"POSITION": positions, "TEXCOORD_0": uvs, "NORMAL": normals, "COLOR_0": colors},
                       g.accessor(QUAD_INDICES, np.uint8), material=mat), scale=[0.5, 0.5, 0.5])
    g.uses("KHR_mesh_quantization")
    scene = load_model(g.write_glb(tmp_path / "q.glb"))
    mesh = _mesh(scene)
    assert mesh.uvs.min() == 0.0 and mesh.uvs.max() == 1.0
    assert np.allclose(mesh.normals, [0, 0, 1]) and np.allclose(mesh.colors, [1, 0, 0, 1])
    assert mesh.positions.max() == 2.0 and scene.bounds()[1][0] == pytest.approx(1.0)
    assert scene.metadata["warnings"] == []


def test_signed_normalized_values_clamp_at_minus_one():
    from engine.loading.gltf_accessors import to_float
    assert to_float(np.array([[-128, -127, 127]], np.int8), 5120, True).tolist() == [[-1.0, -1.0, 1.0]]
    assert to_float(np.array([[65535, 0]], np.uint16), 5123, True).tolist() == [[1.0, 0.0]]


def test_sparse_accessors_over_a_base_and_over_zeros(tmp_path):
    g = Gltf()
    base = g.accessor(QUAD_POSITIONS)
    g.doc["accessors"][base]["sparse"] = {
        "count": 1, "indices": {"bufferView": g.view(np.array([2], np.uint16).tobytes()), "componentType": 5123},
        "values": {"bufferView": g.view(np.array([[5, 6, 0]], np.float32).tobytes())}}
    g.node(mesh=g.mesh({"POSITION": base}, g.accessor(QUAD_INDICES, np.uint16)))
    zeros = g._list("accessors", {"componentType": 5126, "count": 3, "type": "VEC3", "sparse": {
        "count": 2, "indices": {"bufferView": g.view(np.array([1, 2], np.uint8).tobytes()), "componentType": 5121},
        "values": {"bufferView": g.view(np.array([[1, 0, 0], [0, 1, 0]], np.float32).tobytes())}}})
    g.node(mesh=g.mesh({"POSITION": zeros}), translation=[10, 0, 0])
    first, second = (b.mesh for b in load_model(g.write_glb(tmp_path / "sp.glb")).batches())
    assert first.positions.max(axis=0).tolist() == [5, 6, 0]
    assert first.positions.min(axis=0).tolist() == [-1, -1, 0]
    assert sorted(map(tuple, second.positions.tolist())) == [(0, 0, 0), (0, 1, 0), (1, 0, 0)]


def test_interleaved_buffer_view(tmp_path):
    g = Gltf()
    both = np.concatenate([QUAD_POSITIONS, QUAD_UVS], axis=1).astype(np.float32)
    view = g.view(both.tobytes(), stride=20)
    pos = g._list("accessors", {"bufferView": view, "componentType": 5126, "count": 4, "type": "VEC3"})
    uv = g._list("accessors", {"bufferView": view, "byteOffset": 12, "componentType": 5126, "count": 4,
                               "type": "VEC2"})
    tex = g.texture(g.image(png((255, 0, 0, 255))))
    mat = g.material(pbrMetallicRoughness={"baseColorTexture": {"index": tex}})
    g.node(mesh=g.mesh({"POSITION": pos, "TEXCOORD_0": uv}, g.accessor(QUAD_INDICES, np.uint16), material=mat))
    mesh = _mesh(load_model(g.write_glb(tmp_path / "i.glb")))
    assert sorted(map(tuple, np.c_[mesh.positions, mesh.uvs].tolist())) == sorted(map(tuple, both.tolist()))


def test_data_uri_buffer(tmp_path):
    import base64
    g = Gltf()
    g.node(mesh=g.quad(uvs=None))
    path = g.write_gltf(tmp_path / "e.gltf")
    doc = json.loads(path.read_text())
    doc["buffers"][0]["uri"] = "data:application/octet-stream;base64," + base64.b64encode(g.bin).decode()
    path.write_text(json.dumps(doc))
    (tmp_path / "data.bin").unlink()
    assert _mesh(load_model(path)).triangle_count == 2


# ------------------------------------------------------------------------------------------ nodes
def test_gpu_instancing_makes_nodes_sharing_one_mesh(tmp_path):
    g = Gltf()
    mesh = g.quad(uvs=None)
    t = g.accessor(np.array([[0, 0, 0], [3, 0, 0], [6, 0, 0]], np.float32))
    r = g.accessor(np.array([[0, 0, 0, 1]] * 3, np.float32))
    s = g.accessor(np.array([[1, 1, 1], [2, 2, 2], [1, 1, 1]], np.float32))
    g.node(mesh=mesh, translation=[0, 5, 0], extensions={"EXT_mesh_gpu_instancing": {
        "attributes": {"TRANSLATION": t, "ROTATION": r, "SCALE": s}}})
    g.uses("EXT_mesh_gpu_instancing")
    scene = load_model(g.write_glb(tmp_path / "inst.glb"))
    holder = scene.root.children[0]
    assert len(holder.children) == 3 and holder.meshes == []
    assert len({id(c.meshes[0]) for c in holder.children}) == 1
    (batch,) = scene.batches()
    assert sorted(batch.transforms[:, 0, 3].tolist()) == [0, 3, 6] and set(batch.transforms[:, 1, 3]) == {5}
    assert sorted(batch.transforms[:, 0, 0].tolist()) == [1, 1, 2]


def test_mirrored_node_draws_a_copy_wound_the_other_way(tmp_path):
    g = Gltf()
    mesh = g.quad(uvs=None)
    g.node(mesh=mesh)
    g.node(mesh=mesh, scale=[-1, 1, 1], translation=[3, 0, 0])
    g.node(mesh=mesh, scale=[-1, -1, 1], translation=[6, 0, 0])        # two mirrors: no flip
    scene = load_model(g.write_glb(tmp_path / "neg.glb"))
    plain, flipped = (b.mesh for b in scene.batches())
    assert [len(b.transforms) for b in scene.batches()] == [2, 1]
    assert np.array_equal(flipped.indices, plain.indices[:, ::-1])
    assert np.shares_memory(flipped.positions, plain.positions) and flipped.material is plain.material


def test_mirrored_instances_are_flipped_too(tmp_path):
    g = Gltf()
    mesh = g.quad(uvs=None)
    s = g.accessor(np.array([[1, 1, 1], [-1, 1, 1]], np.float32))
    g.node(mesh=mesh, extensions={"EXT_mesh_gpu_instancing": {"attributes": {"SCALE": s}}})
    scene = load_model(g.write_glb(tmp_path / "negi.glb"))
    a, b = scene.batches()
    assert np.array_equal(a.mesh.indices, b.mesh.indices[:, ::-1])


def test_strips_and_fans_become_triangles(tmp_path):
    g = Gltf()
    pos = g.accessor(np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0], [1, 1, 0], [0, 2, 0]], np.float32))
    g.node(mesh=g.mesh({"POSITION": pos}, mode=5))
    g.node(mesh=g.mesh({"POSITION": pos}, mode=6), translation=[5, 0, 0])
    g.node(mesh=g.mesh({"POSITION": pos}, mode=0), translation=[9, 0, 0])
    scene = load_model(g.write_glb(tmp_path / "modes.glb"))
    strip, fan = (b.mesh for b in scene.batches())
    assert strip.triangle_count == 3 and fan.triangle_count == 3
    # Every strip triangle faces the same way (+Z) after the odd ones are reversed.
    tri = strip.positions[strip.indices]
    assert (np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])[:, 2] > 0).all()
    assert [w for w in scene.metadata["warnings"] if "POINTS" in w]


def test_node_matrix_and_trs(tmp_path):
    g = Gltf()
    mesh = g.quad(uvs=None)
    matrix = np.eye(4)
    matrix[:3, 3] = [1, 2, 3]
    g.node(mesh=mesh, matrix=matrix.T.reshape(-1).tolist(), name="m")
    half = math.sqrt(0.5)
    g.node(mesh=mesh, name="trs", translation=[0, 1, 0], rotation=[0, 0, half, half], scale=[2, 2, 2],
           extras={"kind": "stage"})
    scene = load_model(g.write_glb(tmp_path / "n.glb"))
    assert np.allclose(scene.find("m").matrix[:3, 3], [1, 2, 3])
    trs = scene.find("trs")
    assert np.allclose(trs.matrix[:3, :3] @ [1, 0, 0], [0, 2, 0]) and trs.extras == {"kind": "stage"}


# ------------------------------------------------------------------------------------------ warnings
def test_unsupported_extension_gives_one_warning_naming_it_and_the_file(tmp_path):
    g = Gltf()
    for x in (0, 3):
        mat = g.material(extensions={"KHR_materials_clearcoat": {"clearcoatFactor": 1.0}})
        g.node(mesh=g.quad(mat, uvs=None), translation=[x, 0, 0])
    g.uses("KHR_materials_clearcoat", "KHR_materials_emissive_strength")
    g.doc["extensionsRequired"] = ["KHR_materials_clearcoat"]
    scene = load_model(g.write_glb(tmp_path / "coat.glb"))
    warned = [w for w in scene.metadata["warnings"] if "KHR_materials_clearcoat" in w]
    assert len(warned) == 1 and "coat.glb" in warned[0]
    assert len(scene.metadata["warnings"]) == 1


def test_morph_targets_skins_and_animations_are_named(tmp_path):
    g = Gltf()
    pos = g.accessor(QUAD_POSITIONS)
    g.node(mesh=g.mesh({"POSITION": pos}, g.accessor(QUAD_INDICES, np.uint16), targets=[{"POSITION": pos}]))
    g.doc["animations"] = [{"channels": [], "samplers": []}]
    warnings = load_model(g.write_glb(tmp_path / "anim.glb")).metadata["warnings"]
    assert any("morph targets" in w for w in warnings) and any("animations" in w for w in warnings)


# ------------------------------------------------------------------------------------------ rendering
def test_emissive_texture_shows_in_the_dark(tmp_path, renderer, gl):
    from engine.gfx.objects import Framebuffer
    from engine.scene.camera import Camera
    from engine.scene.lights import Lighting
    g = Gltf()
    glow = g.texture(g.image(png((255, 0, 0, 255))))
    mat = g.material(pbrMetallicRoughness={"baseColorFactor": [0, 0, 0, 1]}, emissiveFactor=[1, 1, 1],
                     emissiveTexture={"index": glow})
    g.node(mesh=g.quad(mat))
    scene = load_model(g.write_glb(tmp_path / "e.glb"))
    scene.lighting = Lighting(sun_intensity=0.0, ambient_intensity=0.0, background=(0, 0, 0), horizon=(0, 0, 0))
    target = Framebuffer(32, 32)
    try:
        renderer.render(scene, Camera(eye=(0, 0, 2), target=(0, 0, 0), fov_y=45, near=0.1, far=10), target)
        r, g_, b = target.read_rgba()[16, 16, :3].astype(int)
    finally:
        target.release()
    assert r > 150 and g_ < 80 and b < 80


def test_many_images_naming_one_large_file_share_one_array(tmp_path):
    """A Spoke export: 37 images (and materials) all naming one 4096² JPEG."""
    from PIL import Image
    Image.new("RGB", (4096, 4096), (90, 60, 30)).save(tmp_path / "atlas.jpg", quality=80)
    g = Gltf()
    for i in range(37):
        tex = g.texture(g._list("images", {"uri": "atlas.jpg"}))
        g.node(mesh=g.quad(g.material(pbrMetallicRoughness={"baseColorTexture": {"index": tex}})),
               translation=[3 * i, 0, 0])
    scene = load_model(g.write_gltf(tmp_path / "spoke.gltf"))
    textures = [b.mesh.material.texture for b in scene.batches()]
    assert len(textures) == 37 and all(t is textures[0] for t in textures)
    assert textures[0].shape == (4096, 4096, 4)
