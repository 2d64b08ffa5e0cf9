"""Materials: the subset of glTF's metallic-roughness model the renderer draws."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np


class AlphaMode(StrEnum):
    OPAQUE = "OPAQUE"
    MASK = "MASK"
    BLEND = "BLEND"


@dataclass(eq=False)
class Material:
    """base_color: linear RGBA factor; texture: (h, w, 4) uint8 sRGB image or None.

    Identity is what the renderer caches by, so share one Material between meshes that look the same.
    """

    base_color: tuple[float, float, float, float] = (0.8, 0.8, 0.8, 1.0)
    texture: np.ndarray | None = None
    texture_version: int = 0   # bump after replacing `texture` pixels so the GPU copy is refreshed
    alpha_mode: AlphaMode = AlphaMode.OPAQUE
    alpha_cutoff: float = 0.5
    double_sided: bool = False
    roughness: float = 0.8
    metallic: float = 0.0
    emissive: tuple[float, float, float] = (0.0, 0.0, 0.0)
    unlit: bool = False
    # Surfaces laid on others (paving on ground, paint on asphalt) are pulled towards the camera by
    # this many depth steps, so they never flicker through at a distance.
    depth_layer: int = 0
    name: str = ""
    extras: dict = field(default_factory=dict)

    @property
    def blended(self) -> bool:
        return self.alpha_mode is AlphaMode.BLEND


def srgb_to_linear(c: np.ndarray | float) -> np.ndarray:
    """sRGB-encoded values in [0, 1] to linear light."""
    c = np.asarray(c, dtype=np.float64)
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(c: np.ndarray | float) -> np.ndarray:
    """Linear light in [0, 1] to sRGB encoding."""
    c = np.clip(np.asarray(c, dtype=np.float64), 0.0, 1.0)
    return np.where(c <= 0.0031308, c * 12.92, 1.055 * c ** (1 / 2.4) - 0.055)
