"""Small scenes built in code for tests."""
from __future__ import annotations

import numpy as np
import trimesh

from engine.loading.model import convert_mesh
from engine.scene import AlphaMode, Material, Mesh, Node, Scene


def box_mesh(size=(1.0, 1.0, 1.0), color=(1.0, 0.0, 0.0, 1.0), name: str = "box",
             material: Material | None = None) -> Mesh:
    geom = trimesh.creation.box(extents=size)
    mesh = convert_mesh(geom, name)
    mesh.material = material or Material(base_color=color)
    return mesh


def translate(x: float, y: float, z: float) -> np.ndarray:
    m = np.eye(4)
    m[:3, 3] = (x, y, z)
    return m


def scene_of(*items: tuple[Mesh, np.ndarray]) -> Scene:
    scene = Scene()
    for i, (mesh, matrix) in enumerate(items):
        scene.root.add(Node(name=f"n{i}", matrix=matrix, meshes=[mesh]))
    scene.changed()
    return scene


def quad_mesh(texture: np.ndarray) -> Mesh:
    """A 2 x 2 m quad facing +Z, uv (0,0) at the image's top-left."""
    pos = np.array([[-1, -1, 0], [1, -1, 0], [1, 1, 0], [-1, 1, 0]], np.float32)
    uv = np.array([[0, 1], [1, 1], [1, 0], [0, 0]], np.float32)
    idx = np.array([[0, 1, 2], [0, 2, 3]])
    mat = Material(base_color=(1, 1, 1, 1), texture=texture, unlit=True)
    return Mesh(pos, idx, np.tile([0, 0, 1], (4, 1)), uv, None, mat, name="quad")


def pane_mesh(color=(0.0, 0.0, 1.0, 0.5)) -> Mesh:
    pos = np.array([[-1, -1, 0], [1, -1, 0], [1, 1, 0], [-1, 1, 0]], np.float32)
    mat = Material(base_color=color, alpha_mode=AlphaMode.BLEND, double_sided=True, unlit=True)
    return Mesh(pos, np.array([[0, 1, 2], [0, 2, 3]]), None, None, None, mat, name="pane")
