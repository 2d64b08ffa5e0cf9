"""The venue's shared materials (linear colours; vertex colours tint the white ones)."""
from __future__ import annotations

from engine.scene import AlphaMode, Material
from engine.venue import textures
from engine.venue.geometry import hex_color
from engine.venue.signs import Atlas


class Materials:
    """One material per surface kind, shared by every mesh of that kind (fewer state changes)."""

    def __init__(self, atlas: Atlas) -> None:
        self.grass = Material(hex_color("#6f9a4e"), texture=textures.grass(),
                              sampler=textures.TILING, roughness=0.95, name="grass")
        self.paving = Material((1.0, 1.0, 1.0, 1.0), roughness=0.85, depth_layer=1,
                               name="paving")   # slab colours per vertex
        self.vertex = Material((1, 1, 1, 1), roughness=0.8, name="painted")
        self.carpet = Material((1, 1, 1, 1), roughness=0.98, depth_layer=1, name="carpet")
        self.stage = Material(hex_color("#5a3d2b"), roughness=0.5, name="stage-wood")
        self.glass = Material(hex_color("#9cc3dc", 0.35), alpha_mode=AlphaMode.BLEND, roughness=0.05,
                              double_sided=True, name="glass")
        # Opaque: the wall stands behind it, and blending a whole facade costs a CPU rasterizer dearly.
        self.glass_panels = Material((1, 1, 1, 1), roughness=0.05, reflect_sky=0.7, name="facade-glass")
        self.metal = Material((1, 1, 1, 1), texture=textures.brushed_metal(), sampler=textures.TILING,
                              roughness=0.35, metallic=0.6, reflect_sky=0.25, name="brushed-metal")
        # Light panels, lenses and screens give light rather than take it: drawn as they are.
        self.light = Material((1, 1, 1, 1), unlit=True, name="light-panels")
        self.screen = Material((1, 1, 1, 1), unlit=True, name="screens")
        self.ceiling = Material(hex_color("#eceae4"), roughness=0.9, name="ceiling")
        self.signs = Material((1, 1, 1, 1), texture=atlas.image, unlit=True, name="signs")
        self.asphalt = Material((1, 1, 1, 1), roughness=0.9, depth_layer=1, name="asphalt")
        self.water = Material((1, 1, 1, 1), roughness=0.1, depth_layer=1, name="water")
        self.paint = Material((1, 1, 1, 1), roughness=0.8, depth_layer=2, name="track-paint")
