"""Ambient occlusion baked per vertex: what it darkens, that it is stable, and when a scene uses the file."""
from __future__ import annotations

import numpy as np
import pytest
from helpers import MINI

from engine.cli import main
from engine.scene import Mesh, Scene
from engine.venue import ao, open_scene
from engine.venue.ao_file import ao_path, bake_scene_file, read_ao, write_ao
from engine.venue.geometry import MeshBuilder
from scenes import scene_of


def grid_floor(half: float = 6.0, step: float = 0.5, y: float = 0.0, name: str = "floor") -> Mesh:
    """A square floor of shared vertices every `step` metres, facing up."""
    k = int(round(2 * half / step)) + 1
    xs = np.linspace(-half, half, k)
    x, z = np.meshgrid(xs, xs, indexing="xy")
    pos = np.stack([x.ravel(), np.full(k * k, y), z.ravel()], axis=1)
    i = np.arange(k * k).reshape(k, k)
    a, b, c, d = i[:-1, :-1].ravel(), i[:-1, 1:].ravel(), i[1:, 1:].ravel(), i[1:, :-1].ravel()
    idx = np.concatenate([np.stack([a, d, c], 1), np.stack([a, c, b], 1)])
    return Mesh(pos, idx, np.tile([0.0, 1.0, 0.0], (k * k, 1)), name=name)


def boxes(*corners: tuple[tuple[float, float, float], tuple[float, float, float]], name: str) -> Mesh:
    b = MeshBuilder()
    for lo, hi in corners:
        b.box(lo, hi)
    pos, idx, nrm, _, col = b.arrays()
    return Mesh(pos, idx, nrm, None, col, name=name)


def at(mesh: Mesh, values: np.ndarray, x: float, z: float) -> float:
    """The value at the floor vertex standing at (x, z)."""
    hit = np.flatnonzero(np.hypot(mesh.positions[:, 0] - x, mesh.positions[:, 2] - z) < 1e-4)
    return float(values[hit[0]])


def l_wall_scene() -> tuple[Scene, Mesh]:
    """A 3 m high L of two 0.25 m walls on a floor; the inside corner at the origin, the open side +x +z."""
    floor = grid_floor()
    wall = boxes(((-0.25, 0.0, -0.25), (0.0, 3.0, 4.0)), ((0.0, 0.0, -0.25), (4.0, 3.0, 0.0)), name="wall")
    return scene_of((floor, np.eye(4)), (wall, np.eye(4))), floor


def test_inside_corner_of_an_l_wall_is_darker_than_the_open_floor():
    scene, floor = l_wall_scene()
    baked = ao.bake_scene(scene)
    corner, along, open_floor = (at(floor, baked["floor"], x, z) for x, z in [(0, 0), (2.5, 0), (-5, -5)])
    assert corner < 0.65 and open_floor > 0.99, (corner, open_floor)
    assert corner < along - 0.03 < open_floor - 0.3, (corner, along, open_floor)
    assert baked["wall"].shape == (len(scene.meshes()[1].positions),) and baked["wall"].dtype == np.float32
    assert 0.0 <= baked["wall"].min() < baked["wall"].max() <= 1.0


def test_open_floor_is_not_occluded_and_ceilings_do_not_occlude():
    floor = grid_floor(half=3.0, step=1.0)
    ceiling = grid_floor(half=3.0, step=3.0, y=3.0, name="ceilings")
    baked = ao.bake_scene(scene_of((floor, np.eye(4)), (ceiling, np.eye(4))))
    assert baked["floor"].min() > 0.999


def test_a_mesh_drawn_many_times_gets_one_ao_darker_at_its_foot():
    floor = grid_floor(half=10.0, step=5.0)
    crate = boxes(((-0.5, 0.0, -0.5), (0.5, 1.0, 0.5)), name="crate")
    moved = [np.eye(4) for _ in range(3)]
    for k, m in enumerate(moved):
        m[0, 3] = 3.0 * k - 3.0
    baked = ao.bake_scene(scene_of((floor, np.eye(4)), *((crate, m) for m in moved)))
    assert set(baked) == {"floor", "crate"} and baked["crate"].shape == (len(crate.positions),)
    sides = np.abs(crate.normals[:, 1]) < 0.5
    foot = sides & (crate.positions[:, 1] < 0.5)
    top = sides & (crate.positions[:, 1] > 0.5)
    assert baked["crate"][foot].mean() < baked["crate"][top].mean() - 0.1


def test_the_same_scene_bakes_to_the_same_bytes(tmp_path):
    files = []
    for k in range(2):
        scene, _ = l_wall_scene()
        files.append(tmp_path / f"{k}.ao.npz")
        write_ao(files[-1], ao.bake_scene(scene), "0123456789abcdef")
    assert files[0].read_bytes() == files[1].read_bytes()
    baked, why = read_ao(files[0], "0123456789abcdef")
    assert why == "" and baked is not None and set(baked) == {"floor", "wall"}


@pytest.fixture
def mini(tmp_path):
    path = tmp_path / "mini.toml"
    path.write_text(MINI, encoding="utf-8")
    return path


def _ao_notes(venue) -> list[str]:
    return [n for n in venue.notes if "ambient occlusion" in n]


def test_build_assets_bakes_another_scene_beside_it_and_opening_uses_it(mini, capsys):
    venue = open_scene(mini)
    assert len(_ao_notes(venue)) == 1 and "build-assets --scene" in _ao_notes(venue)[0]   # nothing baked yet
    assert all(m.ao is None for m in venue.scene.meshes())
    assert main(["build-assets", "--scene", str(mini)]) == 0
    assert ao_path(mini) == mini.with_name("mini.ao.npz") and ao_path(mini).is_file()
    venue = open_scene(mini)
    assert _ao_notes(venue) == []
    walls = next(m for m in venue.scene.meshes() if m.name == "walls")
    assert walls.ao is not None and walls.ao.shape == (len(walls.positions),) and walls.ao.dtype == np.float32
    assert 0.0 <= walls.ao.min() < 0.9 and walls.ao.max() <= 1.0


def test_a_stale_or_broken_file_is_ignored_with_a_note(mini):
    baked, _ = bake_scene_file(mini)
    write_ao(ao_path(mini), baked, "ffffffffffffffff")
    for content in (None, b"not a zip file", b"PK\x03\x04broken"):
        if content is not None:
            ao_path(mini).write_bytes(content)
        venue = open_scene(mini)
        assert all(m.ao is None for m in venue.scene.meshes())
        assert len(_ao_notes(venue)) == 1 and str(ao_path(mini)) in _ao_notes(venue)[0]


def test_ao_that_does_not_fit_its_mesh_is_left_off(mini):
    baked, digest = bake_scene_file(mini)
    baked["walls"] = baked["walls"][:-1]
    write_ao(ao_path(mini), baked, digest)
    venue = open_scene(mini)
    meshes = {m.name: m for m in venue.scene.meshes()}
    assert meshes["walls"].ao is None and meshes["floors"].ao is not None
    assert len(notes := _ao_notes(venue)) == 1 and "walls" in notes[0]


def test_the_bundled_scene_opens_with_its_baked_ao(venue):
    assert _ao_notes(venue) == [], "assets/venue/ao.npz is stale or missing: run `python main.py build-assets`"
    meshes = {m.name: m for m in venue.scene.meshes()}
    for name in ("walls", "floors", "paving", "seat"):
        assert meshes[name].ao is not None and meshes[name].ao.shape == (len(meshes[name].positions),)
    assert meshes["walls"].ao.min() < 0.8 <= meshes["walls"].ao.max()
