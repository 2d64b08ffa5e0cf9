"""What of glTF the loader draws, and one warning for each feature of a file that it does not.

A model that uses something the viewer cannot show (a clear-coat layer, a skin, an animation) is
still drawn, but never silently: the person loading it is told once per feature, with the file named.
"""
from __future__ import annotations

from pathlib import Path

# Extensions the reader applies (KHR_texture_basisu only through a fallback image, warned otherwise).
HANDLED = frozenset({
    "KHR_draco_mesh_compression", "KHR_mesh_quantization", "KHR_texture_transform",
    "KHR_materials_emissive_strength", "KHR_materials_unlit", "EXT_mesh_gpu_instancing",
    "KHR_texture_basisu", "EXT_texture_webp",
})
# Extensions that are data for the application, kept in Node.extensions (engine/venue/hubs.py reads them).
METADATA = frozenset({"MOZ_hubs_components", "OMI_spawn_point", "KHR_xmp_json_ld", "KHR_xmp"})
# How each partly drawn extension is drawn.
PARTLY = {"KHR_materials_pbrSpecularGlossiness": "drawn with its diffuse colour and texture only"}


class Notes:
    """The warnings of one file, each feature named at most once."""

    def __init__(self, path: Path, warnings: list[str]) -> None:
        self.path = path
        self.warnings = warnings
        self._said: set[str] = set()

    def once(self, feature: str, what: str) -> None:
        """`what` about `feature`, unless that feature was already the subject of a warning."""
        if feature not in self._said:
            self._said.add(feature)
            self.warnings.append(f"{self.path}: {what}")

    def unsupported(self, feature: str, how: str = "drawn without it") -> None:
        self.once(feature, f"{feature} is not supported: {how}")

    def add(self, what: str) -> None:
        self.warnings.append(f"{self.path}: {what}")


def note_unsupported(doc: dict, notes: Notes) -> None:
    """A warning for each extension the file uses that is not drawn, and for skins and animations."""
    used = doc.get("extensionsUsed") or []
    required = doc.get("extensionsRequired") or []
    names = [n for n in (*required, *used) if isinstance(n, str)] if isinstance(used, list) and isinstance(
        required, list) else []
    for name in dict.fromkeys(names):
        if name in PARTLY:
            notes.once(name, f"{name} is only partly supported: {PARTLY[name]}")
        elif name not in HANDLED and name not in METADATA:
            notes.unsupported(name, "drawn without it")
    if doc.get("skins"):
        notes.unsupported("skins", "drawn in the rest pose")
    if doc.get("animations"):
        notes.unsupported("animations", "drawn still")
