"""Material textures on the GPU: one GL texture per image array (shared by every material holding
that array), read through one GL sampler object per distinct glTF sampler.

Each (material, slot) records the image and `texture_version` it was last given, so a replaced or
edited image is uploaded again; an image no material uses any more is freed at once (or its GL
texture is reused for the image that replaced it), and `sync` drops what dead materials held.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np

from engine.gfx.gl import GL
from engine.gfx.objects import Texture2D, TextureSampler
from engine.scene.material import Material, Sampler, Wrap


class Slot(IntEnum):
    """A material's textures, each on the texture unit of its value."""
    BASE = 0
    EMISSIVE = 1
    NORMAL = 2


ImageKey = tuple[int, bool]   # (id of the array, stored as sRGB)
UseKey = tuple[int, Slot]     # (id of the material, slot)

_WRAP = {Wrap.REPEAT: GL.GL_REPEAT, Wrap.CLAMP: GL.GL_CLAMP_TO_EDGE, Wrap.MIRROR: GL.GL_MIRRORED_REPEAT}


def slot_image(material: Material, slot: Slot) -> tuple[np.ndarray | None, bool]:
    """The image a material has in `slot`, and whether it is stored sRGB-encoded (read as linear)."""
    if slot is Slot.BASE:
        # Unlit textures (signs, screens) are drawn as stored; lit ones are decoded to linear light.
        return material.texture, not material.unlit
    if slot is Slot.EMISSIVE:
        return material.emissive_texture, True
    return material.normal_texture, False


def sampler_parameters(sampler: Sampler, anisotropy: float) -> tuple[int, int, int, int, float]:
    """(wrap s, wrap t, mag filter, min filter, anisotropy) in GL terms for a glTF sampler."""
    mag = GL.GL_NEAREST if sampler.mag_nearest else GL.GL_LINEAR
    if sampler.mipmaps:
        # Nearest texels within a level, blended between levels: blocky up close, no popping.
        minify = GL.GL_NEAREST_MIPMAP_LINEAR if sampler.min_nearest else GL.GL_LINEAR_MIPMAP_LINEAR
    else:
        minify = GL.GL_NEAREST if sampler.min_nearest else GL.GL_LINEAR
    filtered = sampler.mipmaps and not (sampler.min_nearest or sampler.mag_nearest)
    return (_WRAP[sampler.wrap_s], _WRAP[sampler.wrap_t], mag, minify, anisotropy if filtered else 1.0)


def _key_of(material: Material, slot: Slot) -> ImageKey | None:
    array, srgb = slot_image(material, slot)
    return None if array is None else (id(array), srgb)


@dataclass
class _Image:
    array: np.ndarray
    texture: Texture2D
    users: set[UseKey]


@dataclass
class _Use:
    material: Material   # held so its id is not reused while recorded here
    image: ImageKey
    version: int


class TextureCache:
    """Owns the material textures and samplers the renderer uploaded."""

    def __init__(self, anisotropy: float = 1.0) -> None:
        self.anisotropy = anisotropy
        self.images: dict[ImageKey, _Image] = {}
        self.uses: dict[UseKey, _Use] = {}
        self.samplers: dict[Sampler, TextureSampler] = {}

    def texture(self, material: Material, slot: Slot) -> Texture2D | None:
        """The GL texture of `material`'s image in `slot` (None when it has none), uploaded if needed."""
        array, srgb = slot_image(material, slot)
        use_key = (id(material), slot)
        use = self.uses.get(use_key)
        if array is None:
            if use is not None:
                self._drop(use_key, recycle=False)
            return None
        key = (id(array), srgb)
        if use is not None and use.image == key:
            image = self.images[key]
            if use.version != material.texture_version:   # pixels replaced in the same array
                use.version = material.texture_version
                image.texture.upload(array)
            return image.texture
        spare = self._drop(use_key, recycle=True) if use is not None else None
        image = self.images.get(key) or self._add(key, array, srgb, spare)
        if spare is not None and spare is not image.texture:
            spare.release()
        image.users.add(use_key)
        self.uses[use_key] = _Use(material, key, material.texture_version)
        return image.texture

    def _add(self, key: ImageKey, array: np.ndarray, srgb: bool, spare: Texture2D | None) -> _Image:
        if spare is not None and spare.srgb == srgb:
            spare.upload(array)   # an image replaced by another: its GL texture is reused
            texture = spare
        else:
            texture = Texture2D(array, srgb=srgb)
        image = _Image(array, texture, set())
        self.images[key] = image
        return image

    def _drop(self, use_key: UseKey, recycle: bool) -> Texture2D | None:
        """Forget a use; an image left unused is freed, or returned for reuse when `recycle`."""
        use = self.uses.pop(use_key)
        image = self.images[use.image]
        image.users.discard(use_key)
        if image.users:
            return None
        del self.images[use.image]
        if recycle:
            return image.texture
        image.texture.release()
        return None

    def sampler(self, sampler: Sampler) -> TextureSampler:
        """The GL sampler object reading textures as `sampler` says (one per distinct value)."""
        gl_sampler = self.samplers.get(sampler)
        if gl_sampler is None:
            gl_sampler = TextureSampler(*sampler_parameters(sampler, self.anisotropy))
            self.samplers[sampler] = gl_sampler
        return gl_sampler

    def sync(self, live_materials: set[int]) -> None:
        """Free what materials no longer in use (or no longer holding an image) had."""
        for use_key in [k for k, use in self.uses.items()
                        if k[0] not in live_materials or _key_of(use.material, k[1]) != use.image]:
            self._drop(use_key, recycle=False)
        wanted = {use.material.sampler for use in self.uses.values()}
        for value in [s for s in self.samplers if s not in wanted]:
            self.samplers.pop(value).release()

    def object_count(self) -> int:
        return len(self.images) + len(self.samplers)

    def release(self) -> None:
        for image in self.images.values():
            image.texture.release()
        for gl_sampler in self.samplers.values():
            gl_sampler.release()
        self.images.clear()
        self.uses.clear()
        self.samplers.clear()
