"""Text and panels drawn with pygame.freetype into (h, w, 4) uint8 RGBA images."""
from __future__ import annotations

from functools import lru_cache

import numpy as np

Color = tuple[int, int, int, int]
# The largest overlay image: every OpenGL 3.3 driver in use takes textures this size (the minimum the
# specification allows is 1024, real ones 8192 and up). Text wider than MAX_TEXT_PX is cut with "...".
MAX_IMAGE_SIDE = 4096
MAX_TEXT_PX = 2000


@lru_cache(maxsize=8)
def font(size: int, bold: bool = False):
    import pygame.freetype
    if not pygame.freetype.get_init():
        pygame.freetype.init()
    f = pygame.freetype.Font(None, size)   # pygame's bundled font: present everywhere
    f.strong = bold
    f.pad = True
    return f


def surface_to_rgba(surface) -> np.ndarray:
    """(h, w, 4) uint8 of a pygame surface, cut to MAX_IMAGE_SIDE a side: a larger overlay image would
    be refused by the GPU as a texture (a GL error in the middle of a frame)."""
    import pygame
    w, h = surface.get_size()
    if w > MAX_IMAGE_SIDE or h > MAX_IMAGE_SIDE:
        surface = surface.subsurface((0, 0, min(w, MAX_IMAGE_SIDE), min(h, MAX_IMAGE_SIDE)))
        w, h = surface.get_size()
    return np.frombuffer(pygame.image.tobytes(surface, "RGBA"), np.uint8).reshape(h, w, 4).copy()


def panel(rows: list[list[tuple[str, Color]]], size: int = 16, padding: int = 12,
          background: Color = (16, 20, 28, 215), column_gap: int = 24, title: str | None = None) -> np.ndarray:
    """A rounded panel of text rows; each row is cells [(text, colour)], aligned in columns."""
    import pygame
    f, fb = font(size), font(size + 4, bold=True)
    line_h = int(f.get_sized_height() * 1.15)
    # A 3,000-character name would make a picture wider than any texture: cut each text to fit.
    rows = [[(fit_text(f, text, MAX_TEXT_PX), color) for text, color in row] for row in rows]
    title = fit_text(fb, title, MAX_TEXT_PX) if title else title
    n_cols = max((len(r) for r in rows), default=1)
    widths = [0] * n_cols
    for row in rows:
        for i, (text, _) in enumerate(row):
            widths[i] = max(widths[i], f.get_rect(text).width)
    title_h = int(fb.get_sized_height() * 1.4) if title else 0
    title_w = fb.get_rect(title).width if title else 0
    w = max(sum(widths) + column_gap * (n_cols - 1), title_w) + 2 * padding
    h = title_h + line_h * len(rows) + 2 * padding
    surf = pygame.Surface((max(w, 1), max(h, 1)), pygame.SRCALPHA)
    pygame.draw.rect(surf, background, surf.get_rect(), border_radius=10)
    y = padding
    if title:
        fb.render_to(surf, (padding, y), title, (255, 255, 255, 255))
        y += title_h
    for row in rows:
        x = padding
        for i, (text, color) in enumerate(row):
            f.render_to(surf, (x, y), text, color)
            x += widths[i] + column_gap
        y += line_h
    return surface_to_rgba(surf)


def label(text: str, size: int = 16, color: Color = (255, 255, 255, 255),
          background: Color = (16, 20, 28, 200), padding: int = 8) -> np.ndarray:
    return panel([[(text, color)]], size=size, padding=padding, background=background)


def fit_text(f, text: str, width: int) -> str:
    """Cut text with an ellipsis so that it fits `width` pixels in font f (binary search: a few
    measurements rather than one per character)."""
    size = f.size if isinstance(f.size, (int, float)) else f.size[0]
    most = 4 * width // max(int(size), 1) + 4   # no character is narrower than a quarter of the font size
    if len(text) > most:   # measuring a long text costs time in proportion to its length
        text = text[:most]
    if f.get_rect(text).width <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if f.get_rect(text[:mid] + "...").width <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "..."
