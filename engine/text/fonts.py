"""The fonts shipped with the package (Noto Sans SC, subset: see engine/data/fonts/README.md), which
characters they draw, and a Pillow font at a size.

A character the subset lacks is drawn as the font's .notdef box, never dropped; `report_missing` logs it
once per character so the subset can be rebuilt with it (scripts/subset_font.py).
"""
from __future__ import annotations

import logging
import struct
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

FONT_DIR = Path(__file__).resolve().parent.parent / "data" / "fonts"

log = logging.getLogger(__name__)
_reported: set[str] = set()


def font_path(bold: bool = False) -> Path:
    """The shipped .otf: Regular, or Bold."""
    return FONT_DIR / f"NotoSansSC-{'Bold' if bold else 'Regular'}-subset.otf"


@lru_cache(maxsize=16)
def pillow_font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """The shipped font at `size` pixels, for drawing with Pillow (ImageDraw.text, textlength)."""
    return ImageFont.truetype(str(font_path(bold)), max(1, int(size)))


def pillow_width(text: str, size: int, bold: bool = False) -> float:
    """Width in pixels of `text` at `size` in the shipped font: the measure for linebreak.fit."""
    return float(pillow_font(size, bold).getlength(text))


@lru_cache(maxsize=8)
def coverage(path: Path) -> frozenset[int]:
    """Code points the font at `path` maps to a glyph other than .notdef (read from its cmap table)."""
    return frozenset(_cmap_codepoints(path.read_bytes()))


def covers(ch: str, bold: bool = False) -> bool:
    return ord(ch[0]) in coverage(font_path(bold))


def missing(text: str, bold: bool = False) -> list[str]:
    """The printable characters of `text` the shipped font has no glyph for, each once, in order."""
    have = coverage(font_path(bold))
    seen: dict[str, None] = {}
    for ch in text:
        if ord(ch) not in have and ch.isprintable() and not ch.isspace():
            seen[ch] = None
    return list(seen)


def report_missing(chars: Iterable[str], where: str = "") -> None:
    """Log each character once per process: it is drawn as a box until the subset is rebuilt with it."""
    for ch in chars:
        if ch in _reported:
            continue
        _reported.add(ch)
        log.warning("no glyph for U+%04X %r in %s%s; drawn as a box (add it with scripts/subset_font.py)",
                    ord(ch), ch, font_path().name, f" ({where})" if where else "")


def checked(text: str, bold: bool = False, where: str = "") -> str:
    """`text` unchanged, after logging the characters the shipped font will draw as a box."""
    report_missing(missing(text, bold), where)
    return text


# -- cmap ---------------------------------------------------------------------------------------------
# Reading the one table needed here keeps this layer free of a font library at run time
# (fontTools builds the subset; the application only asks "is this character in it?").

def _cmap_codepoints(data: bytes) -> set[int]:
    num_tables = struct.unpack_from(">H", data, 4)[0]
    for i in range(num_tables):
        tag, _, offset, _ = struct.unpack_from(">4sLLL", data, 12 + 16 * i)
        if tag == b"cmap":
            return _best_subtable(data, offset)
    return set()


def _best_subtable(data: bytes, cmap: int) -> set[int]:
    count = struct.unpack_from(">H", data, cmap + 2)[0]
    found: dict[int, int] = {}
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHL", data, cmap + 4 + 8 * i)
        if platform in (0, 3) and encoding in (0, 1, 3, 4, 10):
            fmt = struct.unpack_from(">H", data, cmap + offset)[0]
            found.setdefault(fmt, cmap + offset)
    if 12 in found:
        return _format12(data, found[12])
    if 4 in found:
        return _format4(data, found[4])
    return set()


def _format12(data: bytes, at: int) -> set[int]:
    groups = struct.unpack_from(">L", data, at + 12)[0]
    out: set[int] = set()
    for g in range(groups):
        start, end, glyph = struct.unpack_from(">LLL", data, at + 16 + 12 * g)
        out.update(range(start + (glyph == 0), end + 1))
    return out


def _format4(data: bytes, at: int) -> set[int]:
    seg = struct.unpack_from(">H", data, at + 6)[0] // 2
    ends = struct.unpack_from(f">{seg}H", data, at + 14)
    starts = struct.unpack_from(f">{seg}H", data, at + 16 + 2 * seg)
    deltas = struct.unpack_from(f">{seg}h", data, at + 16 + 4 * seg)
    range_at = at + 16 + 6 * seg
    offsets = struct.unpack_from(f">{seg}H", data, range_at)
    out: set[int] = set()
    for i in range(seg):
        for c in range(starts[i], ends[i] + 1):
            if c == 0xFFFF:
                continue
            if offsets[i] == 0:
                glyph = (c + deltas[i]) & 0xFFFF
            else:
                glyph = struct.unpack_from(">H", data, range_at + 2 * i + offsets[i] + 2 * (c - starts[i]))[0]
                glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
            if glyph:
                out.add(c)
    return out
