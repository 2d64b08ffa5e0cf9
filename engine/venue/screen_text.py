"""The picture on a door screen, drawn to be read from across the plaza: the hall's name in both languages
(Chinese above English, like the signs), then up to three rows of what is on in the viewer's language; large
type, light on near-black, drawn at twice the size and filtered down so edges stay clean when mip-mapped.
Set in the shipped Noto Sans SC."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PIL import Image, ImageDraw

from engine.i18n import LazyText, lazy_gettext, lazy_pgettext, translate_to
from engine.i18n import language as current_language
from engine.text import fonts
from engine.venue.sign_text import draw_set, one_line, set_bilingual

SCREEN_PX = (512, 288)    # stored size, 16:9
SUPERSAMPLE = 2
MAX_ROWS = 3
BACKGROUND = (6, 10, 22)
TITLE = (255, 255, 255)
TITLE_EN = (210, 222, 240)
TEXT = (240, 244, 250)
TAGS = {"NOW": (110, 240, 150), "NEXT": (255, 205, 95), "HERE": (120, 210, 255)}
STRIPE = (40, 200, 230)
# What each row's tag says.
TAG_TEXT: dict[str, LazyText] = {"NOW": lazy_pgettext("agenda", "Now"), "NEXT": lazy_pgettext("agenda", "Next"),
                                 "HERE": lazy_gettext("People")}


def tag_label(tag: str, lang: str) -> str:
    """A row's tag in `lang`: English in capitals, as a screen shows it."""
    message = TAG_TEXT.get(tag, TAG_TEXT["NEXT"])
    text = translate_to(lang, message.message, message.context)
    return text.upper() if lang == "en" else text


def _rows(lines: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The tagged rows (NOW, NEXT, HERE); untagged detail rows are left to the hall card."""
    return [(tag, text) for tag, text in lines if tag][:MAX_ROWS]


def draw_door_screen(hall_name: str | Sequence[str], lines: Sequence[tuple[str, str]],
                     lang: str | None = None) -> np.ndarray:
    """(h, w, 4) uint8 sRGB: the hall's name (its sign lines, Chinese above English, or one name), then up to
    three rows of (NOW|NEXT|HERE, text) with the tags in `lang` (default: the current language)."""
    lang = lang or current_language()
    names = [hall_name] if isinstance(hall_name, str) else list(hall_name)
    zh, en = (names[0], names[1]) if len(names) > 1 else ("", names[0] if names else "")
    w, h = SCREEN_PX[0] * SUPERSAMPLE, SCREEN_PX[1] * SUPERSAMPLE
    img = Image.new("RGB", (w, h), BACKGROUND)
    d = ImageDraw.Draw(img)
    pad = w // 24
    d.rectangle([0, h - h // 28, w, h], fill=STRIPE)
    title = set_bilingual(zh, en, (w - 2 * pad, h * 0.3), min_size=h // 14, max_size=h // 7)
    draw_set(d, title, (pad, h * 0.02), w - 2 * pad, TITLE, TITLE_EN, where="door screen")
    _draw_rows(d, _rows(lines), lang, (w, h), pad)
    small = img.resize(SCREEN_PX, Image.Resampling.LANCZOS)
    out = np.empty((SCREEN_PX[1], SCREEN_PX[0], 4), np.uint8)
    out[..., :3] = np.asarray(small, np.uint8)
    out[..., 3] = 255
    return out


def _draw_rows(d: ImageDraw.ImageDraw, rows: list[tuple[str, str]], lang: str, size: tuple[int, int],
               pad: int) -> None:
    """Each row: its tag in the tag's colour, then its text on one line (shrunk a little, then shortened)."""
    w, h = size
    tag_size = h // 11
    labels = {tag: tag_label(tag, lang) for tag, _ in rows}
    tag_w = max((fonts.pillow_width(t, tag_size, True) for t in labels.values()), default=0) + pad // 2
    top = h * 0.34
    row_h = (h * 0.95 - top) / MAX_ROWS
    for k, (tag, text) in enumerate(rows):
        y = top + k * row_h + row_h / 2
        label = fonts.checked(labels[tag], bold=True, where="door screen")
        d.text((pad, y), label, font=fonts.pillow_font(tag_size, True), fill=TAGS.get(tag, TAGS["NEXT"]),
               anchor="lm")
        body, body_size = one_line(fonts.checked(text, where="door screen"), w - 2 * pad - tag_w, h // 9,
                                   least=0.8)
        d.text((pad + tag_w, y), body, font=fonts.pillow_font(body_size), fill=TEXT, anchor="lm")
