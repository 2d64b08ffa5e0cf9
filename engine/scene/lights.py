"""Scene lighting: one directional sun plus a sky/ground hemisphere."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

MAX_INTERIORS = 16   # interiors the shaders test each vertex against


@dataclass(frozen=True)
class Interior:
    """A roofed room lit from its ceiling rather than by the sun (the roof is cut away so the camera sees
    in): inside `box_min`..`box_max` (world metres) the sun and sky give way to this light from above,
    plus a warmer `stage_color` falling off with distance from `stage` (a point in the room), if given."""

    box_min: tuple[float, float, float]
    box_max: tuple[float, float, float]
    ceiling_color: tuple[float, float, float] = (1.0, 0.96, 0.9)   # linear RGB, intensity included
    stage: tuple[float, float, float] | None = None
    stage_color: tuple[float, float, float] = (1.6, 1.35, 1.0)
    stage_radius: float = 12.0
    # The room's openings (doors, the cut-away roof) as quads of four world points, when the box is the
    # room's own outline: seen from inside, what lies outside shows only through them (the renderer
    # then skips it). Empty: nothing is culled for this room.
    openings: tuple[tuple[tuple[float, float, float], ...], ...] = ()


@dataclass
class Lighting:
    """Directions point from the light towards the scene; colours are linear RGB."""

    sun_direction: tuple[float, float, float] = (-0.45, -0.8, -0.35)
    sun_color: tuple[float, float, float] = (1.0, 0.93, 0.82)
    sun_intensity: float = 1.6
    sky_color: tuple[float, float, float] = (0.5, 0.62, 0.85)
    ground_color: tuple[float, float, float] = (0.3, 0.27, 0.22)
    ambient_intensity: float = 0.6
    background: tuple[float, float, float] = (0.16, 0.34, 0.72)   # zenith
    horizon: tuple[float, float, float] = (0.6, 0.7, 0.84)
    fog_density: float = 0.0
    interiors: list[Interior] = field(default_factory=list)   # at most MAX_INTERIORS are lit as such

    def sun_dir_unit(self) -> np.ndarray:
        """(3,) float32 unit vector from the sun towards the scene."""
        d = np.asarray(self.sun_direction, dtype=np.float32)
        return d / max(float(np.linalg.norm(d)), 1e-9)
