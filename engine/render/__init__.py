"""Rendering: Renderer.render(scene, camera, target), its GPU cache, culling, LOD and passes."""
