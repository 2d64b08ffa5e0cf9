"""Materials: the subset of glTF's metallic-roughness model the renderer draws."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np


class Wrap(StrEnum):
    """How texture coordinates outside [0, 1] are read (glTF sampler wrapS / wrapT)."""
    REPEAT = "repeat"
    CLAMP = "clamp"
    MIRROR = "mirror"


@dataclass(frozen=True)
class Sampler:
    """glTF sampler: wrap per axis, and whether magnified / minified texels are filtered or nearest.

    Frozen and compared by value, so textures with equal samplers share one GPU sampler.
    """

    wrap_s: Wrap = Wrap.REPEAT
    wrap_t: Wrap = Wrap.REPEAT
    mag_nearest: bool = False
    min_nearest: bool = False
    mipmaps: bool = True


class AlphaMode(StrEnum):
    OPAQUE = "OPAQUE"
    MASK = "MASK"
    BLEND = "BLEND"


@dataclass(eq=False)
class Material:
    """base_color: linear RGBA factor; texture: (h, w, 4) uint8 sRGB image or None.

    emissive_texture: (h, w, 4) uint8 sRGB, multiplied by `emissive` (which already holds
    KHR_materials_emissive_strength); normal_texture: (h, w, 4) uint8 tangent-space normal map, linear,
    scaled by `normal_scale`. All textures of a material are read through `sampler` with TEXCOORD_0
    (a KHR_texture_transform is baked into the mesh's uvs when it is loaded).

    Identity is what the renderer caches by, so share one Material between meshes that look the same;
    the GPU copy of an image is shared by every material holding the same array.
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
    emissive_texture: np.ndarray | None = None
    normal_texture: np.ndarray | None = None
    normal_scale: float = 1.0
    sampler: Sampler = field(default_factory=Sampler)
    # Glass and polished metal: how much of the sky they mirror at grazing angles (Fresnel-weighted), 0..1.
    reflect_sky: float = 0.0
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
