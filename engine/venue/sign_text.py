"""Text set on signs and screens in the shipped font (Noto Sans SC): Chinese above English, as signs in
Shanghai are written, each fitted to its box by wrapping, then shrinking, then an ellipsis between whole
characters (engine.text.linebreak.fit), never cut inside a character.

Chinese is set in the bold face and larger; English below it in the regular face at most `EN_RATIO` of the
Chinese size. A text with no Chinese (or Chinese only) is one block filling the box.
"""
from __future__ import annotations

from dataclasses import dataclass

from PIL import ImageDraw

from engine.text import fonts
from engine.text.linebreak import Fitted, ellipsize, fit, is_wide

LINE_HEIGHT = 1.12   # a line's share of the box, in font sizes: CJK glyphs fill most of their em
ZH_SHARE = 0.53      # of the box's height the Chinese may take when English follows it
EN_RATIO = 0.66      # English size at most this much of the Chinese
GAP = 0.22           # between the Chinese and the English block, in Chinese font sizes


@dataclass(frozen=True)
class SetLine:
    """One line placed in a box: its text, font size (pixels), face, and the y of its middle from the box's
    top (pixels)."""

    text: str
    size: int
    bold: bool
    y: float


@dataclass(frozen=True)
class SetText:
    lines: tuple[SetLine, ...]
    cut: bool         # a block did not fit even at its smallest size: its last line ends with "…"

    @property
    def height(self) -> float:
        return sum(line.size * LINE_HEIGHT for line in self.lines)


def _measure(bold: bool):
    return lambda s, size: fonts.pillow_width(s, size, bold)


def _fitted(text: str, box: tuple[float, float], bold: bool, min_size: int, max_size: int | None) -> Fitted:
    top = int(box[1] / LINE_HEIGHT) if max_size is None else max_size
    return fit(text, box, _measure(bold), min_size, max(min_size, top), LINE_HEIGHT)


def pair(zh: str, en: str) -> tuple[str, str]:
    """(Chinese, English) with an empty Chinese where it would only repeat the English; a Chinese text given
    alone in the English place (a scene naming its hall in Chinese only) is set as Chinese."""
    zh, en = zh.strip(), en.strip()
    if zh == en:
        zh = ""
    if not zh and any(is_wide(ch) for ch in en):
        return en, ""
    return zh, en


def set_bilingual(zh: str, en: str, box: tuple[float, float], min_size: int,
                  max_size: int | None = None) -> SetText:
    """Chinese above English inside box (width, height) pixels, the whole centred vertically. `min_size` is
    the smallest Chinese size (English may go down to EN_RATIO of it); `max_size` caps the Chinese (default:
    the largest its share of the box allows). Either text may be empty."""
    zh, en = pair(zh, en)
    width, height = box
    en_min = max(6, int(min_size * EN_RATIO))
    if not zh or not en:
        only, bold = (zh, True) if zh else (en, False)
        if not only:
            return SetText((), False)
        block = _fitted(only, box, bold, min_size if zh else en_min, max_size)
        return _stacked([(block, bold)], height, gap=0.0)
    top = _fitted(zh, (width, height * ZH_SHARE), True, min_size, max_size)
    gap = top.size * GAP
    rest = height - len(top.lines) * top.size * LINE_HEIGHT - gap
    en_max = max(en_min, int(top.size * EN_RATIO))
    below = _fitted(en, (width, max(rest, en_min * LINE_HEIGHT)), False, en_min, en_max)
    return _stacked([(top, True), (below, False)], height, gap)


def _stacked(blocks: list[tuple[Fitted, bool]], height: float, gap: float) -> SetText:
    """The blocks' lines one under the other, `gap` between blocks, centred in `height`."""
    total = sum(len(b.lines) * b.size * LINE_HEIGHT for b, _ in blocks) + gap * (len(blocks) - 1)
    y = (height - total) / 2
    lines: list[SetLine] = []
    for k, (block, bold) in enumerate(blocks):
        if k:
            y += gap
        for text in block.lines:
            step = block.size * LINE_HEIGHT
            lines.append(SetLine(text, block.size, bold, y + step / 2))
            y += step
    return SetText(tuple(lines), any(b.cut for b, _ in blocks))


def draw_set(draw: ImageDraw.ImageDraw, text: SetText, origin: tuple[float, float], width: float,
             fill: tuple[int, ...], en_fill: tuple[int, ...] | None = None, where: str = "") -> None:
    """Draw `text` set for a box whose top-left corner is `origin` and whose width is `width`, each line
    centred; English lines in `en_fill` when given. A character the font lacks is drawn as a box and logged
    once (naming `where`)."""
    x = origin[0] + width / 2
    for line in text.lines:
        fonts.checked(line.text, bold=line.bold, where=where)
        colour = fill if line.bold or en_fill is None else en_fill
        draw.text((x, origin[1] + line.y), line.text, font=fonts.pillow_font(line.size, line.bold),
                  fill=colour, anchor="mm")


def one_line(text: str, width: float, size: int, bold: bool = False, least: float = 1.0) -> tuple[str, int]:
    """`text` on one line in the largest size from `size` down to `least` of it that fits `width` pixels,
    shortened with "…" between whole characters after that (a small line is not read from afar: better a
    shortened one). Returns the text and its size."""
    smallest = max(1, int(size * least))
    for s in range(size, smallest - 1, -2):
        if fonts.pillow_width(text, s, bold) <= width:
            return text, s
    return ellipsize(text, width, lambda t: fonts.pillow_width(t, smallest, bold)), smallest
