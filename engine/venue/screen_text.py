"""The picture on a door screen, drawn to be read from across the plaza: few rows, large type, light
on near-black, drawn at twice the size and filtered down so edges stay clean when mip-mapped."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PIL import Image, ImageDraw, ImageFont

SCREEN_PX = (512, 288)    # stored size, 16:9
SUPERSAMPLE = 2
MAX_ROWS = 3
BACKGROUND = (6, 10, 22)
TITLE = (255, 255, 255)
TEXT = (240, 244, 250)
TAGS = {"NOW": (110, 240, 150), "NEXT": (255, 205, 95), "HERE": (120, 210, 255)}
STRIPE = (40, 200, 230)

Font = ImageFont.ImageFont | ImageFont.FreeTypeFont


def _font(size: int) -> Font:
    return ImageFont.load_default(size=size)


def _fitted(draw: ImageDraw.ImageDraw, text: str, max_w: int, size: int, least: float = 1.0) -> tuple[str, Font]:
    """`text` in the largest font from `size` down to `least` of it that fits max_w, cut with an
    ellipsis after that (a small font is not read from afar: better a shortened line)."""
    for s in range(size, int(size * least) - 1, -2):
        font = _font(s)
        if draw.textlength(text, font=font) <= max_w:
            return text, font
    font = _font(int(size * least))
    while len(text) > 1 and draw.textlength(text + "…", font=font) > max_w:
        text = text[:-1]
    return text.rstrip() + "…", font


def _rows(lines: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The tagged rows (NOW, NEXT, HERE); untagged detail rows are left to the hall card."""
    return [(tag, text) for tag, text in lines if tag][:MAX_ROWS]


def draw_door_screen(hall_name: str, lines: Sequence[tuple[str, str]]) -> np.ndarray:
    """(h, w, 4) uint8 sRGB: the hall's name, then up to three rows of (NOW|NEXT|HERE, text)."""
    w, h = SCREEN_PX[0] * SUPERSAMPLE, SCREEN_PX[1] * SUPERSAMPLE
    img = Image.new("RGB", (w, h), BACKGROUND)
    d = ImageDraw.Draw(img)
    pad = w // 24
    d.rectangle([0, h - h // 28, w, h], fill=STRIPE)
    title, font = _fitted(d, hall_name, w - 2 * pad, h // 6, least=0.75)
    d.text((pad, h // 20), title, font=font, fill=TITLE)
    tag_font = _font(h // 11)
    tag_w = max(int(d.textlength(t, font=tag_font)) for t in TAGS) + pad // 2
    row_h = (h - h // 4 - h // 20) // MAX_ROWS
    for k, (tag, text) in enumerate(_rows(lines)):
        y = h // 4 + k * row_h + row_h // 2
        if tag:
            d.text((pad, y), tag, font=tag_font, fill=TAGS.get(tag, TAGS["NEXT"]), anchor="lm")
        body, body_font = _fitted(d, text, w - 2 * pad - tag_w, h // 9)
        d.text((pad + tag_w, y), body, font=body_font, fill=TEXT, anchor="lm")
    small = img.resize(SCREEN_PX, Image.Resampling.LANCZOS)
    out = np.empty((SCREEN_PX[1], SCREEN_PX[0], 4), np.uint8)
    out[..., :3] = np.asarray(small, np.uint8)
    out[..., 3] = 255
    return out
