"""Quality levels: which lighting and anti-aliasing features the renderer uses, and at what cost.

`low` is the plain look (per-vertex sun and sky, no shadows), the fastest on a CPU rasterizer;
`medium` adds baked ambient occlusion, a filtered sun shadow map and anti-aliasing; `high` adds
higher-resolution, wider and softer shadows and normal maps. `auto` is not a level of its own: the viewer starts at
`medium` and steps between levels (and the resolution scale) to hold its frame-time target.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum


class Quality(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    AUTO = "auto"


@dataclass(frozen=True)
class QualitySettings:
    """What the renderer does at one level. Frozen: compare by value to see whether anything changed."""

    level: Quality = Quality.LOW
    ambient_occlusion: bool = False     # multiply baked per-vertex AO (Mesh.ao) into the lighting
    indoor_light: bool = False          # rooms (Lighting.interiors) lit from their ceilings, not by the sun
    shadows: bool = False               # sun shadow map fitted to the view
    shadow_size: int = 1024             # shadow map side in texels
    shadow_filter_taps: int = 4         # filtered lookups per pixel: 1, 4 or 9 (each compares and blends 2x2)
    shadow_distance: float = 50.0       # metres ahead of the camera the shadow map covers (more from high up)
    people_shadows: bool = False        # moving people (the per-frame batches) cast shadows too
    normal_maps: bool = True            # materials' normal textures lit per pixel
    fxaa: bool = False                  # post-process anti-aliasing (used where MSAA is unavailable or too slow)
    msaa: int = 0                       # multisample count in the window (0: none)
    resolution_scale: float = 1.0       # the 3D picture is drawn at this fraction of the window, then scaled up

    def scaled(self, resolution_scale: float) -> QualitySettings:
        return replace(self, resolution_scale=resolution_scale)


LEVELS: dict[Quality, QualitySettings] = {
    # low keeps today's look (rooms lit by the sky like the plaza), normal-mapped models included.
    # medium, the level that must hold 30 fps on a CPU rasterizer with shadows, lights normal-mapped
    # surfaces per vertex, and only the still scene casts (moving people would cost a copy of the map
    # and their own draws every frame).
    Quality.LOW: QualitySettings(Quality.LOW),
    Quality.MEDIUM: QualitySettings(Quality.MEDIUM, ambient_occlusion=True, indoor_light=True, shadows=True,
                                    shadow_size=1024, shadow_filter_taps=1, shadow_distance=50.0,
                                    people_shadows=False, normal_maps=False, fxaa=True),
    Quality.HIGH: QualitySettings(Quality.HIGH, ambient_occlusion=True, indoor_light=True, shadows=True,
                                  shadow_size=2048, shadow_filter_taps=9, shadow_distance=80.0,
                                  people_shadows=True, fxaa=True),
}


def settings_for(level: Quality | str) -> QualitySettings:
    """The settings of a fixed level; `auto` starts from `medium`."""
    level = Quality(level)
    return LEVELS[Quality.MEDIUM if level is Quality.AUTO else level]
