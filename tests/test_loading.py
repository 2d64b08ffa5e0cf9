import json
import struct

import numpy as np
import pytest
import trimesh

from engine.cli import main
from engine.errors import UserError
from engine.loading import load_model
from engine.scene import AlphaMode


def _two_node_glb(path, extras=None, extensions=None):
    scene = trimesh.Scene()
    box = trimesh.creation.box()
    box.visual.face_colors = [200, 30, 30, 255]
    scene.add_geometry(box, geom_name="box", node_name="a")
    scene.graph.update(frame_to="b", frame_from=scene.graph.base_frame,
                       matrix=trimesh.transformations.translation_matrix([3, 0, 0]), geometry="box")
    scene.export(str(path))
    if extras or extensions:
        _patch_glb_nodes(path, extras, extensions)


def _patch_glb_nodes(path, extras, extensions):
    data = path.read_bytes()
    length = struct.unpack_from("<I", data, 12)[0]
    doc = json.loads(data[20:20 + length])
    for node in doc["nodes"]:
        if node.get("name") == "b":
            node["extras"] = extras or {}
            node["extensions"] = extensions or {}
    text = json.dumps(doc).encode()
    text += b" " * (-len(text) % 4)
    rest = data[20 + length:]
    body = struct.pack("<II", len(text), 0x4E4F534A) + text + rest
    path.write_bytes(b"glTF" + struct.pack("<II", 2, 12 + len(body)) + body)


def test_glb_nodes_share_one_mesh(tmp_path):
    path = tmp_path / "two.glb"
    _two_node_glb(path)
    scene = load_model(path)
    batches = scene.batches()
    assert len(batches) == 1
    assert len(batches[0].transforms) == 2
    xs = sorted(batches[0].transforms[:, 0, 3])
    assert xs == pytest.approx([0, 3])
    assert scene.bounds()[1][0] == pytest.approx(3.5)


def test_glb_node_extras_and_extensions_are_kept(tmp_path):
    path = tmp_path / "meta.glb"
    hubs = {"MOZ_hubs_components": {"waypoint": {"canBeSpawnPoint": True}}}
    _two_node_glb(path, extras={"kind": "stage"}, extensions=hubs)
    node = load_model(path).find("b")
    assert node.extras["kind"] == "stage"
    assert node.extensions == hubs


def test_vertex_colours_and_crease_normals(tmp_path):
    path = tmp_path / "two.glb"
    _two_node_glb(path)
    mesh = load_model(path).batches()[0].mesh
    assert mesh.colors is not None and mesh.colors[0, 0] > 0.5
    assert len(mesh.positions) == 24          # a box splits at its edges
    assert np.allclose(np.linalg.norm(mesh.normals, axis=1), 1, atol=1e-5)


def test_textured_gltf_with_external_files(tmp_path):
    from PIL import Image
    img = Image.fromarray(np.array([[[255, 0, 0], [0, 255, 0]], [[0, 0, 255], [255, 255, 0]]], np.uint8))
    box = trimesh.creation.box()
    uv = np.c_[box.vertices[:, 0] + 0.5, box.vertices[:, 1] + 0.5]
    box.visual = trimesh.visual.TextureVisuals(uv=uv, image=img)
    files = trimesh.Scene(box).export(file_type="gltf")
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    mesh = load_model(tmp_path / "model.gltf").batches()[0].mesh
    assert mesh.material.texture is not None and mesh.material.texture.shape[:2] == (2, 2)
    assert mesh.uvs is not None


def _gltf_with_image_file(tmp_path, uri: str):
    """A textured box as .gltf whose image is the external file `uri` (the caller writes it)."""
    from PIL import Image
    box = trimesh.creation.box()
    box.visual = trimesh.visual.TextureVisuals(uv=np.c_[box.vertices[:, 0] + 0.5, box.vertices[:, 1] + 0.5],
                                               image=Image.new("RGB", (2, 2), (255, 0, 0)))
    files = trimesh.Scene(box).export(file_type="gltf")
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    doc = json.loads((tmp_path / "model.gltf").read_text())
    doc["images"] = [{"uri": uri}]
    (tmp_path / "model.gltf").write_text(json.dumps(doc))
    return tmp_path / "model.gltf"


def test_gltf_image_uri_is_percent_decoded(tmp_path):
    from PIL import Image
    path = _gltf_with_image_file(tmp_path, "red%20tex.png")
    Image.new("RGB", (4, 4), (255, 0, 0)).save(tmp_path / "red tex.png")
    scene = load_model(path)  # was refused as a missing file
    assert scene.batches()[0].mesh.material.texture.shape[:2] == (4, 4)


def test_gltf_image_that_is_not_an_image_is_a_warning(tmp_path):
    path = _gltf_with_image_file(tmp_path, "tex.png")
    (tmp_path / "tex.png").write_text("hello")
    scene = load_model(path)  # was dropped without a word
    assert scene.batches()[0].mesh.material.texture is None
    assert any("not a readable image" in w for w in scene.metadata["warnings"])


def test_huge_but_finite_coordinates_give_a_finite_radius():
    from engine.scene import Mesh
    mesh = Mesh(np.array([[0, 0, 0], [1e30, 0, 0], [0, 1e30, 0]]), np.array([[0, 1, 2]]))
    assert np.isfinite(mesh.radius) and mesh.radius > 1e29
    assert np.allclose(mesh.normals, [0, 0, 1])  # not zeroed by an overflowing cross product


@pytest.mark.parametrize("ext", ["obj", "ply", "stl"])
def test_other_formats(tmp_path, ext):
    path = tmp_path / f"m.{ext}"
    trimesh.creation.icosphere(2).export(str(path))
    scene = load_model(path)
    assert scene.triangle_count() == 320
    assert len(scene.batches()) == 1


def test_blend_and_double_sided_materials(tmp_path):
    box = trimesh.creation.box()
    mat = trimesh.visual.material.PBRMaterial(baseColorFactor=[255, 255, 255, 128],
                                              alphaMode="BLEND", doubleSided=True)
    box.visual = trimesh.visual.TextureVisuals(uv=np.zeros((8, 2)), material=mat)
    path = tmp_path / "glass.glb"
    trimesh.Scene(box).export(str(path))
    material = load_model(path).batches()[0].mesh.material
    assert material.alpha_mode is AlphaMode.BLEND and material.double_sided
    assert material.base_color[3] == pytest.approx(128 / 255)


def test_thousand_nodes_one_batch():
    from scenes import box_mesh, scene_of, translate
    mesh = box_mesh()
    scene = scene_of(*[(mesh, translate(i % 40, 0, i // 40)) for i in range(1000)])
    assert len(scene.batches()) == 1 and len(scene.batches()[0].transforms) == 1000


def _cli_error(capsys, *argv):
    code = main(list(argv))
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith("error: ") and "Traceback" not in err
    return err


def test_missing_and_unknown_files(tmp_path, capsys):
    assert "no such file" in _cli_error(capsys, "render", str(tmp_path / "nope.glb"), "--out",
                                        str(tmp_path / "o.png"))
    (tmp_path / "x.fbx").write_text("x")
    assert "unknown extension" in _cli_error(capsys, "render", str(tmp_path / "x.fbx"), "--out",
                                             str(tmp_path / "o.png"))


def test_truncated_and_corrupt_glb(tmp_path, capsys):
    good = tmp_path / "good.glb"
    _two_node_glb(good)
    cut = tmp_path / "cut.glb"
    cut.write_bytes(good.read_bytes()[:-40])
    assert "truncated" in _cli_error(capsys, "render", str(cut),
                                     "--out", str(tmp_path / "o.png"))
    junk = tmp_path / "junk.glb"
    junk.write_bytes(b"glTF" + b"\xff" * 64)
    _cli_error(capsys, "render", str(junk), "--out", str(tmp_path / "o.png"))


def test_gltf_missing_buffer_and_escaping_uri(tmp_path):
    files = trimesh.Scene(trimesh.creation.box()).export(file_type="gltf")
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    for name in files:
        if name.endswith(".bin"):
            (tmp_path / name).unlink()
    with pytest.raises(UserError, match="missing file"):
        load_model(tmp_path / "model.gltf")
    doc = json.loads((tmp_path / "model.gltf").read_text())
    doc["buffers"][0]["uri"] = "../../etc/passwd"
    (tmp_path / "model.gltf").write_text(json.dumps(doc))
    with pytest.raises(UserError, match="outside"):
        load_model(tmp_path / "model.gltf")


def test_bad_geometry(tmp_path):
    nan = tmp_path / "nan.obj"
    nan.write_text("v 0 0 0\nv 1 0 0\nv nan 1 0\nf 1 2 3\n")
    with pytest.raises(UserError, match="NaN"):
        load_model(nan)
    empty = tmp_path / "empty.ply"
    empty.write_text("ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\n"
                     "property float z\nelement face 0\nproperty list uchar int vertex_indices\n"
                     "end_header\n0 0 0\n1 0 0\n0 1 0\n")
    with pytest.raises(UserError, match=r"no mesh with faces|no faces"):
        load_model(empty)
    past = tmp_path / "past.ply"
    past.write_text("ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\n"
                    "property float z\nelement face 1\nproperty list uchar int vertex_indices\n"
                    "end_header\n0 0 0\n1 0 0\n0 1 0\n3 0 1 7\n")
    with pytest.raises(UserError):
        load_model(past)
