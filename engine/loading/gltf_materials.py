"""glTF materials, textures, samplers and images into engine Materials.

Each image is decoded once, however many textures and materials use it, and two images of the same
bytes share one array: a model whose 37 materials all point at one 4096² JPEG holds one copy of it.
A KHR_texture_transform cannot live in a Material (the renderer reads every texture with the mesh's
uvs), so it is handed back with the material, to be baked into the uvs of each mesh that uses it.
"""
from __future__ import annotations

import hashlib
import io
import math
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

import numpy as np

from engine.loading.gltf_accessors import GltfData, data_uri_bytes
from engine.loading.gltf_check import GltfError
from engine.loading.gltf_support import Notes
from engine.loading.model import MAX_IMAGE_PIXELS, _texture
from engine.scene import AlphaMode, Material, Sampler, Wrap

WRAPS = {33071: Wrap.CLAMP, 33648: Wrap.MIRROR, 10497: Wrap.REPEAT}
NEAREST, LINEAR = 9728, 9729
MIN_NEAREST = (9728, 9984, 9986)           # NEAREST, NEAREST_MIPMAP_NEAREST, NEAREST_MIPMAP_LINEAR
NO_MIPMAPS = (9728, 9729)


@dataclass(frozen=True)
class TextureRef:
    """One texture slot of a material: the pixels, which uv set it reads, and how those are moved."""

    pixels: np.ndarray
    texcoord: int
    transform: tuple[float, ...]   # the 3x3 uv matrix, row by row
    sampler: Sampler


@dataclass(frozen=True)
class MaterialUse:
    """A material and what the uvs of a mesh drawn with it need: the set (-1: none) and a 3x3 matrix
    to bake into them (None: as they are)."""

    material: Material
    texcoord: int = -1
    transform: np.ndarray | None = None
    # occlusionTexture: sampled at each vertex into Mesh.ao (the renderer's AO is per vertex), with its strength
    occlusion: TextureRef | None = None
    occlusion_strength: float = 1.0


IDENTITY = (1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0)


class GltfMaterials:
    """Materials by index, made on first use and shared by every primitive that names them."""

    def __init__(self, doc: dict, data: GltfData, path: Path, notes: Notes) -> None:
        self.doc, self.data, self.path, self.notes = doc, data, path, notes
        self._materials: dict[int | None, MaterialUse] = {}
        self._images: dict[int, np.ndarray | None] = {}
        self._by_bytes: dict[bytes, np.ndarray | None] = {}
        self._by_uri: dict[str, np.ndarray | None] = {}

    def get(self, index: Any) -> MaterialUse:
        if isinstance(index, bool) or not isinstance(index, int | None):
            raise GltfError(f"a primitive's material must be an index, not {str(index)[:40]}")
        if index not in self._materials:
            self._materials[index] = self._make(index)
        return self._materials[index]

    def _make(self, index: int | None) -> MaterialUse:
        materials = self.doc.get("materials") or []
        if index is None:
            return MaterialUse(Material(base_color=(1.0, 1.0, 1.0, 1.0), name="default"))
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(materials):
            raise GltfError(f"material must be an index into {len(materials)} materials")
        return self._material(materials[index], f"material_{index}")

    def _material(self, mat: dict, fallback: str) -> MaterialUse:
        name = str(mat["name"]) if isinstance(mat.get("name"), str) else fallback
        ext = _obj(mat.get("extensions"))
        pbr = _obj(mat.get("pbrMetallicRoughness"))
        gloss = _obj(ext.get("KHR_materials_pbrSpecularGlossiness"))
        if gloss and not pbr:
            # The specular-glossiness model drawn by its diffuse part, the nearest metallic-roughness reads.
            pbr = {"baseColorFactor": gloss.get("diffuseFactor"), "baseColorTexture": gloss.get("diffuseTexture"),
                   "metallicFactor": 0.0, "roughnessFactor": 1.0 - _number(gloss.get("glossinessFactor"), 1.0)}
        slots = {"base": self._texture(pbr.get("baseColorTexture")),
                 "emissive": self._texture(mat.get("emissiveTexture")),
                 "normal": self._texture(mat.get("normalTexture")),
                 "occlusion": self._texture(mat.get("occlusionTexture"))}
        metal_rough = self._texture(pbr.get("metallicRoughnessTexture"))
        leader = next((ref for ref in slots.values() if ref is not None), None)
        if leader is not None:
            slots = self._agree(slots, leader, name)
        strength = _number(_obj(ext.get("KHR_materials_emissive_strength")).get("emissiveStrength"), 1.0)
        emissive = _floats(mat.get("emissiveFactor"), 3, (0.0, 0.0, 0.0), top=math.inf)
        mode = str(mat.get("alphaMode"))
        mode = mode if mode in AlphaMode.__members__ else "OPAQUE"
        base, glow, bump = slots["base"], slots["emissive"], slots["normal"]
        roughness, metallic = _metal_rough(pbr, metal_rough)
        material = Material(
            base_color=_floats(pbr.get("baseColorFactor"), 4, (1.0, 1.0, 1.0, 1.0)),
            texture=None if base is None else base.pixels,
            alpha_mode=AlphaMode(mode), alpha_cutoff=_number(mat.get("alphaCutoff"), 0.5),
            double_sided=mat.get("doubleSided") is True,
            roughness=roughness, metallic=metallic,
            # Metal reads by what it mirrors: the renderer's sky reflection stands in for it.
            reflect_sky=metallic * (1.0 - roughness) ** 0.5,
            emissive=(emissive[0] * strength, emissive[1] * strength, emissive[2] * strength),
            emissive_texture=None if glow is None else glow.pixels,
            normal_texture=None if bump is None else bump.pixels,
            normal_scale=_number(_obj(mat.get("normalTexture")).get("scale"), 1.0),
            sampler=leader.sampler if leader is not None else Sampler(),
            unlit="KHR_materials_unlit" in ext, name=name,
            extras=_obj(mat.get("extras")))
        if leader is None:
            return MaterialUse(material)
        transform = None if leader.transform == IDENTITY else np.array(leader.transform).reshape(3, 3)
        strength = min(max(_number(_obj(mat.get("occlusionTexture")).get("strength"), 1.0), 0.0), 1.0)
        return MaterialUse(material, leader.texcoord, transform, slots["occlusion"], strength)

    def _agree(self, slots: dict[str, TextureRef | None], leader: TextureRef, name: str
               ) -> dict[str, TextureRef | None]:
        """The slots drawable with the leader's uvs: one uv set and one sampler per material."""
        out: dict[str, TextureRef | None] = {}
        for slot, ref in slots.items():
            if ref is not None and ref.texcoord != leader.texcoord:
                self.notes.once("texcoord", f"material {name!r}: its textures read different uv sets "
                                            f"(TEXCOORD_{leader.texcoord} and TEXCOORD_{ref.texcoord}); "
                                            f"the {slot} texture is drawn without")
                ref = None
            elif ref is not None and (ref.transform != leader.transform or ref.sampler != leader.sampler):
                self.notes.once("KHR_texture_transform", f"material {name!r}: its textures use different "
                                                         "KHR_texture_transform or sampler settings; all are "
                                                         "drawn with those of the first")
            out[slot] = ref
        return out

    def _texture(self, info: Any) -> TextureRef | None:
        """The texture a material's textureInfo names, or None (absent, or its image unreadable)."""
        if not isinstance(info, dict):
            return None
        textures = self.doc.get("textures") or []
        index = info.get("index")
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(textures):
            raise GltfError(f"a material's texture index must be an index into {len(textures)} textures")
        texture = textures[index]
        source = self._source(texture)
        pixels = None if source is None else self.image(source)
        if pixels is None:
            return None
        move = _obj(_obj(info.get("extensions")).get("KHR_texture_transform"))
        texcoord = move.get("texCoord", info.get("texCoord", 0))
        if isinstance(texcoord, bool) or not isinstance(texcoord, int) or texcoord < 0:
            texcoord = 0
        return TextureRef(pixels, texcoord, uv_transform(move), self._sampler(texture.get("sampler")))

    def _source(self, texture: dict) -> int | None:
        images = self.doc.get("images") or []
        ext = _obj(texture.get("extensions"))
        source = texture.get("source")
        if source is None:
            source = _obj(ext.get("EXT_texture_webp")).get("source")   # Pillow decodes WebP
        if source is None and "KHR_texture_basisu" in ext:
            self.notes.unsupported("KHR_texture_basisu", "its KTX2 textures, which have no PNG or JPEG "
                                                         "fallback, are drawn without")
            return None
        if source is None:
            return None
        if isinstance(source, bool) or not isinstance(source, int) or not 0 <= source < len(images):
            raise GltfError(f"a texture's source must be an index into {len(images)} images")
        return source

    def _sampler(self, index: Any) -> Sampler:
        samplers = self.doc.get("samplers") or []
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(samplers):
            return Sampler()
        s = samplers[index]
        min_filter = s.get("minFilter")
        return Sampler(wrap_s=_wrap(s.get("wrapS")), wrap_t=_wrap(s.get("wrapT")),
                       mag_nearest=s.get("magFilter") == NEAREST, min_nearest=min_filter in MIN_NEAREST,
                       mipmaps=min_filter not in NO_MIPMAPS)

    def image(self, index: int) -> np.ndarray | None:
        """images[index] as (h, w, 4) uint8 RGBA, decoded once; None (with a warning) when unreadable."""
        if index not in self._images:
            self._images[index] = self._decode(index)
        return self._images[index]

    def _decode(self, index: int) -> np.ndarray | None:
        image = self.doc["images"][index]
        uri = image.get("uri")
        label = uri if isinstance(uri, str) and not uri.startswith("data:") else \
            image.get("name") if isinstance(image.get("name"), str) else f"images[{index}]"
        if isinstance(uri, str) and uri in self._by_uri:   # images naming one file: read once
            return self._by_uri[uri]
        raw = self._image_bytes(image, label)
        pixels = None
        if raw is not None:
            key = hashlib.blake2b(raw, digest_size=20).digest()
            if key not in self._by_bytes:
                self._by_bytes[key] = self._pixels(raw, label)
            pixels = self._by_bytes[key]
        if isinstance(uri, str):
            self._by_uri[uri] = pixels
        return pixels

    def _image_bytes(self, image: dict, label: str) -> bytes | None:
        uri = image.get("uri")
        if isinstance(uri, str) and uri.startswith("data:"):
            return data_uri_bytes(uri)
        if isinstance(uri, str):
            rel = PurePosixPath(unquote(uri))
            plain = not rel.is_absolute() and ".." not in rel.parts and ".." not in PurePosixPath(uri).parts
            if plain and not (self.path.parent / rel).exists():
                self.notes.add(f"missing image file {uri!r} next to the model: drawn without its texture")
                return None
            return self.data.resolve(uri).read_bytes()
        view = image.get("bufferView")
        if isinstance(view, int) and not isinstance(view, bool) and 0 <= view < len(self.doc.get("bufferViews", [])):
            return self.data.view_bytes(view)
        self.notes.add(f"image {label!r} has neither a uri nor a bufferView: drawn without its texture")
        return None

    def _pixels(self, raw: bytes, label: str) -> np.ndarray | None:
        from PIL import Image, UnidentifiedImageError
        notes: list[str] = []
        try:
            with Image.open(io.BytesIO(raw)) as img:
                img.load()
                pixels = _texture(img, label, notes)
        except Image.DecompressionBombError:
            self.notes.add(f"image {label!r} has more than {MAX_IMAGE_PIXELS:,} pixels: drawn without its texture")
            return None
        except (OSError, UnidentifiedImageError, SyntaxError, ValueError, MemoryError):
            self.notes.add(f"image {label!r} is not a readable image: drawn without its texture")
            return None
        for note in notes:
            self.notes.add(note)
        return pixels


def _metal_rough(pbr: dict, texture: TextureRef | None) -> tuple[float, float]:
    """(roughness, metallic) of a material: its factors, times the metallicRoughnessTexture's average
    (green: roughness, blue: metal), since the renderer shades each material with one of each."""
    roughness = min(max(_number(pbr.get("roughnessFactor"), 1.0), 0.0), 1.0)
    metallic = min(max(_number(pbr.get("metallicFactor"), 1.0), 0.0), 1.0)
    if texture is not None:
        step = max(1, max(texture.pixels.shape[:2]) // 64)    # a 64-pixel sample of the map is plenty
        sample = texture.pixels[::step, ::step].reshape(-1, 4).astype(np.float64) / 255.0
        roughness *= float(sample[:, 1].mean())
        metallic *= float(sample[:, 2].mean())
    return roughness, metallic


def uv_transform(move: dict) -> tuple[float, ...]:
    """The 3x3 matrix (row by row) of a KHR_texture_transform: translation * rotation * scale."""
    ox, oy = _floats(move.get("offset"), 2, (0.0, 0.0), low=-1e6, top=1e6)
    sx, sy = _floats(move.get("scale"), 2, (1.0, 1.0), low=-1e6, top=1e6)
    r = _number(move.get("rotation"), 0.0)
    c, s = math.cos(r), math.sin(r)
    if (ox, oy, sx, sy, r) == (0.0, 0.0, 1.0, 1.0, 0.0):
        return IDENTITY
    # T = [[1,0,ox],[0,1,oy],[0,0,1]], R = [[c,s,0],[-s,c,0],[0,0,1]], S = diag(sx, sy, 1).
    return (c * sx, s * sy, ox, -s * sx, c * sy, oy, 0.0, 0.0, 1.0)


def _wrap(value: Any) -> Wrap:
    return WRAPS.get(value, Wrap.REPEAT) if isinstance(value, int) else Wrap.REPEAT


def _obj(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _number(value: Any, default: float) -> float:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) \
        and abs(value) < 1e30
    return float(value) if ok else default


def _floats(value: Any, n: int, default: tuple[float, ...], low: float = 0.0, top: float = 1.0
            ) -> Any:
    """n numbers clamped to [low, top], or `default` when the value is not n finite numbers."""
    if not isinstance(value, list) or len(value) != n:
        return default
    numbers = [_number(v, math.nan) for v in value]
    if any(math.isnan(v) for v in numbers):
        return default
    return tuple(min(max(v, low), top) for v in numbers)
