"""Rebuild engine/data/fonts/NotoSansSC-{Regular,Bold}-subset.otf from the system's Noto Sans CJK.

    apt-get install fonts-noto-cjk        # Debian / Ubuntu: NotoSansCJK-{Regular,Bold}.ttc
    python scripts/subset_font.py [--fonts DIR]

The subset holds the characters engine/text/charset.py asks for (the project's text, the 3,500 level-1
common-use characters, Latin, punctuation, symbols). Run it again after adding Chinese text (a scene, a
catalogue, the agenda): tests/test_fonts.py fails while a character of the project's text is missing.
The output is the same bytes for the same system font and the same text (no timestamps are rewritten).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.text.charset import FONT_DATA, wanted_chars  # noqa: E402

FAMILY = "Noto Sans CJK SC"   # the Simplified Chinese face of the collection: SC glyph forms by default
WEIGHTS = ("Regular", "Bold")
SEARCH = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/noto-cjk"),
          Path("/usr/share/fonts/google-noto-cjk"), Path("/usr/local/share/fonts"))
# Name records kept: family, style, version, copyright, licence and its address.
NAME_IDS = [0, 1, 2, 3, 4, 5, 6, 13, 14]


def find_source(weight: str, dirs: list[Path]) -> Path:
    for d in dirs:
        path = d / f"NotoSansCJK-{weight}.ttc"
        if path.is_file():
            return path
    sys.exit(f"error: NotoSansCJK-{weight}.ttc not found in {', '.join(map(str, dirs))} "
             "(apt-get install fonts-noto-cjk, or pass --fonts DIR)")


def sc_face(path: Path) -> TTFont:
    """The SC face of the collection, found by its family name rather than a position that may change."""
    for i in range(len(TTCollection(path).fonts)):
        font = TTFont(path, fontNumber=i, recalcTimestamp=False, lazy=False)
        if font["name"].getDebugName(1) == FAMILY:
            return font
    sys.exit(f"error: {path}: no face named {FAMILY!r}")


def options() -> subset.Options:
    opts = subset.Options()
    opts.hinting = False               # FreeType's autohinter does as well at UI sizes, and it halves the size
    opts.notdef_outline = True         # the box drawn for a character the subset lacks
    opts.layout_features = ["kern", "liga"]   # no vertical or regional forms: horizontal SC text only
    opts.name_IDs = NAME_IDS
    return opts


def build(source: Path, out: Path, wanted: set[str]) -> list[str]:
    """Write the subset of `source` to `out`; returns the wanted characters the source font lacks."""
    font = sc_face(source)
    cmap = font.getBestCmap()
    codepoints = sorted(ord(c) for c in wanted if ord(c) in cmap)
    subsetter = subset.Subsetter(options())
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    font.save(out)
    return sorted(c for c in wanted if ord(c) not in cmap)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fonts", type=Path, help="folder holding NotoSansCJK-Regular.ttc and -Bold.ttc")
    args = parser.parse_args()
    dirs = [args.fonts] if args.fonts else list(SEARCH)
    wanted = wanted_chars(ROOT)
    for weight in WEIGHTS:
        out = FONT_DATA / f"NotoSansSC-{weight}-subset.otf"
        lacking = build(find_source(weight, dirs), out, wanted)
        print(f"{out.relative_to(ROOT)}: {out.stat().st_size / 1e6:.2f} MB, "
              f"{len(wanted) - len(lacking)} characters")
        if lacking:
            shown = " ".join(f"U+{ord(c):04X}" for c in lacking[:40])
            print(f"  not in the source font ({len(lacking)}): {shown}{' ...' if len(lacking) > 40 else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
