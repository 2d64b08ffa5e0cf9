"""Which characters the shipped font must draw: the project's own text, the 3,500 common-use characters
(通用规范汉字表, level 1), and the Latin, punctuation and symbol blocks the interface uses.

`scripts/subset_font.py` builds the font from this set; a test checks the font covers it.
"""
from __future__ import annotations

from pathlib import Path

FONT_DATA = Path(__file__).resolve().parent.parent / "data" / "fonts"
LEVEL1_FILE = FONT_DATA / "tongyong-guifan-level1.txt"

# Files whose text a person reads (relative to the repository root). Python sources are scanned too:
# interface strings and symbols still live there.
TEXT_SOURCES = ("scenes/*.toml", "scenes/*agenda*.json", "scenes/*.md", "engine/locale/**/*.po",
                "README.md", "engine/**/*.py")

# Whole Unicode blocks (inclusive ranges): Latin with pinyin's tone marks, punctuation, CJK punctuation,
# full-width forms, arrows.
BLOCKS = (
    (0x0020, 0x007E),   # ASCII
    (0x00A0, 0x00FF),   # Latin-1: · × ° ² ± and European names
    (0x0100, 0x017F),   # Latin Extended-A: ā ē ī ō ū and more names
    (0x01CD, 0x01DC),   # ǎ ǐ ǒ ǔ ǖ ǘ ǚ ǜ (pinyin)
    (0x2000, 0x206F),   # general punctuation: — – … • ‘ ’ “ ”
    (0x2070, 0x209F),   # superscripts and subscripts
    (0x2190, 0x2199),   # ← ↑ → ↓ ↔ ↕ and the diagonals
    (0x3000, 0x303F),   # CJK symbols and punctuation: 、 。 《 》 「 」 【 】
    (0xFF00, 0xFFEF),   # full-width and half-width forms: ， ： ； （ ） ！ ？
)
# Single symbols outside those blocks that signs, panels and the report use.
SYMBOLS = "℃№™€□■○●◆◇△▲▼▶◀★☆✓✔✕✗√∞≈≠≤≥−∶"


def level1() -> list[str]:
    """The 3,500 characters of level 1, in the list's own order (by stroke count)."""
    return LEVEL1_FILE.read_text(encoding="utf-8").split()


def block_chars() -> set[str]:
    chars = {chr(c) for lo, hi in BLOCKS for c in range(lo, hi + 1)}
    return chars | set(SYMBOLS)


def is_chinese(ch: str) -> bool:
    """A Han ideograph, CJK punctuation or a full-width form: what the font is shipped to draw."""
    c = ord(ch)
    return (0x3400 <= c <= 0x4DBF or 0x4E00 <= c <= 0x9FFF or 0xF900 <= c <= 0xFAFF or 0x20000 <= c <= 0x3134F
            or 0x3000 <= c <= 0x303F or 0xFF00 <= c <= 0xFFEF)


def project_text_files(root: Path) -> list[Path]:
    files = {p for pattern in TEXT_SOURCES for p in root.glob(pattern) if p.is_file()}
    return sorted(files)


def project_chars(root: Path) -> set[str]:
    """Every character other than ASCII control characters in the project's text files."""
    chars: set[str] = set()
    for path in project_text_files(root):
        chars |= set(path.read_text(encoding="utf-8", errors="replace"))
    return {c for c in chars if c.isprintable() and c != "\ufffd"}


def wanted_chars(root: Path) -> set[str]:
    return block_chars() | set(level1()) | project_chars(root)
