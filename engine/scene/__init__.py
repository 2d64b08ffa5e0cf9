"""Pure scene data: meshes, materials, nodes, lights, cameras. No OpenGL, no pygame."""
from engine.scene.graph import Node, Scene
from engine.scene.lights import Interior, Lighting
from engine.scene.material import AlphaMode, Material, Sampler, Wrap
from engine.scene.mesh import Mesh

__all__ = ["AlphaMode", "Interior", "Lighting", "Material", "Mesh", "Node", "Sampler", "Scene", "Wrap"]
