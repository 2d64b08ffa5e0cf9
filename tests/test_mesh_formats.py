"""OBJ + MTL textures as other tools write them, and PLY faces stored as triangle strips."""
from __future__ import annotations

import struct

import numpy as np
import pytest
from PIL import Image

from engine.errors import UserError
from engine.loading import load_model
from engine.loading.mesh_formats import strip_triangles, texture_name

OBJ = """\
mtllib {mtllib}
v 0 0 0
v 1 0 0
v 0 1 0
vt 0 0
vt 1 0
vt 0 1
usemtl wood
f 1/1 2/2 3/3
"""


def _obj(tmp_path, map_kd: str, mtllib: str = "materials/wood.mtl", texture: str | None = "materials/wood.png"):
    """A textured triangle whose .mtl (in a subfolder) names its texture as `map_kd`."""
    (tmp_path / "materials").mkdir(exist_ok=True)
    (tmp_path / "materials" / "wood.mtl").write_text(f"newmtl wood\nKd 1 1 1\nmap_Kd {map_kd}\n")
    if texture is not None:
        Image.new("RGB", (4, 4), (0, 200, 0)).save(tmp_path / texture)
    path = tmp_path / "model.obj"
    path.write_text(OBJ.format(mtllib=mtllib))
    return path


def _texture(scene) -> np.ndarray | None:
    return scene.meshes()[0].material.texture


@pytest.mark.parametrize("map_kd", [".\\wood.png", "wood.png", "-s 1 1 1 wood.png", "-bm 0.5 .\\wood.png",
                                    "C:\\Users\\someone\\Desktop\\wood.png"])
def test_textures_are_found_beside_the_mtl(tmp_path, map_kd):
    scene = load_model(_obj(tmp_path, map_kd))
    tex = _texture(scene)
    assert tex is not None and tuple(tex[0, 0, :3]) == (0, 200, 0)
    assert scene.metadata["warnings"] == []


def test_windows_separators_in_subfolders(tmp_path):
    (tmp_path / "materials" / "tex").mkdir(parents=True)
    scene = load_model(_obj(tmp_path, "tex\\wood.png", texture="materials/tex/wood.png"))
    assert _texture(scene) is not None


def test_a_missing_texture_is_a_warning(tmp_path):
    scene = load_model(_obj(tmp_path, ".\\oak.jpg", texture=None))
    assert _texture(scene) is None and scene.triangle_count() == 1
    [warning] = scene.metadata["warnings"]
    assert "model.obj" in warning and "'.\\\\oak.jpg'" in warning and "wood.mtl" in warning
    assert "missing" in warning


def test_a_missing_material_library_is_a_warning(tmp_path):
    scene = load_model(_obj(tmp_path, "wood.png", mtllib="nowhere.mtl"))
    assert scene.triangle_count() == 1
    assert any("material library 'nowhere.mtl' is missing" in w for w in scene.metadata["warnings"])


def test_textures_outside_the_models_folder_are_not_read(tmp_path):
    inner = tmp_path / "model"
    inner.mkdir()
    Image.new("RGB", (2, 2), (255, 0, 0)).save(tmp_path / "secret.png")
    scene = load_model(_obj(inner, "..\\..\\secret.png", texture=None))
    assert _texture(scene) is None
    assert any("outside the model's folder" in w for w in scene.metadata["warnings"])


def test_texture_names():
    assert str(texture_name(" .\\a b.png ")) == "a b.png"
    assert str(texture_name("-o 0.5 0.5 maps\\x.jpg")) == "maps/x.jpg"


# ------------------------------------------------------------------------------------------ PLY
PLY_HEADER = """\
ply
format {fmt} 1.0
element vertex 5
property float x
property float y
property float z
element tristrips 1
property list {count} int vertex_indices
end_header
"""
VERTICES = [(0, 0, 0), (1, 0, 0), (0, 1, 0), (1, 1, 0), (2, 0, 0)]


def _normals_z(scene) -> np.ndarray:
    mesh = scene.meshes()[0]
    tri = mesh.positions[mesh.indices]
    return np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])[:, 2]


def test_ascii_ply_tristrips(tmp_path):
    path = tmp_path / "strips.ply"
    body = "".join(f"{x} {y} {z}\n" for x, y, z in VERTICES) + "8 0 1 2 3 -1 1 4 3\n"
    path.write_text(PLY_HEADER.format(fmt="ascii", count="int") + body)
    scene = load_model(path)
    assert scene.triangle_count() == 3
    assert (_normals_z(scene) > 0).all()        # every other triangle flipped: one winding throughout


def test_binary_ply_tristrips(tmp_path):
    path = tmp_path / "strips.ply"
    strip = [0, 1, 2, 3]
    body = b"".join(struct.pack("<3f", *v) for v in VERTICES) + struct.pack("<B4i", len(strip), *strip)
    path.write_bytes(PLY_HEADER.format(fmt="binary_little_endian", count="uchar").encode() + body)
    scene = load_model(path)
    assert scene.triangle_count() == 2 and (_normals_z(scene) > 0).all()


def test_a_strip_past_the_vertices_is_refused(tmp_path):
    path = tmp_path / "bad.ply"
    body = "".join(f"{x} {y} {z}\n" for x, y, z in VERTICES) + "3 0 1 9\n"
    path.write_text(PLY_HEADER.format(fmt="ascii", count="int") + body)
    with pytest.raises(UserError, match="vertex 9"):
        load_model(path)


def test_strip_triangles_drop_joins_and_stop_at_the_limit():
    # 0 1 2 2 3 4: the repeated 2 joins two strips; its triangles have no area and are dropped, and
    # the fourth triangle keeps the strip's winding (odd, so flipped).
    faces = strip_triangles(np.array([[0, 1, 2, 2, 3, 4]]), 5, 100)
    assert faces.tolist() == [[0, 1, 2], [3, 2, 4]]
    with pytest.raises(ValueError, match="more than 1 triangles"):
        strip_triangles(np.array([[0, 1, 2, 3]]), 4, 1)
