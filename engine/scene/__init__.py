"""Pure scene data: meshes, materials, nodes, lights, cameras. No OpenGL, no pygame."""
from engine.scene.mesh import Mesh
from engine.scene.material import Material, AlphaMode
from engine.scene.graph import Node, Scene
from engine.scene.lights import Lighting

__all__ = ["Mesh", "Material", "AlphaMode", "Node", "Scene", "Lighting"]
