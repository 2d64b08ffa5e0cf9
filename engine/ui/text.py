"""Text and panels drawn with pygame.freetype into (h, w, 4) uint8 RGBA images.

All text is drawn in the shipped Noto Sans SC subset (Chinese and Latin, engine/text/fonts.py). Latin letters
the subset lacks (ĄČŁ...) come from pygame's bundled font; a character neither has is drawn as the subset's
.notdef box and logged once. Wrapping follows engine/text/linebreak.py (Chinese and Latin rules).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from engine.text import fonts
from engine.text.linebreak import break_lines, clusters, ellipsize

Color = tuple[int, int, int, int]
# The largest overlay image: every OpenGL 3.3 driver in use takes textures this size (the minimum the
# specification allows is 1024, real ones 8192 and up). Text wider than MAX_TEXT_PX is cut with "…".
MAX_IMAGE_SIDE = 4096
MAX_TEXT_PX = 2000


@lru_cache(maxsize=16)
def font(size: int, bold: bool = False) -> Any:
    """The interface font at `size` pixels: a pygame.freetype.Font that draws Chinese and Latin."""
    import pygame.freetype
    if not pygame.freetype.get_init():
        pygame.freetype.init()
    f = _ui_font_type()(str(fonts.font_path(bold)), size)
    f.pad = True
    f.coverage = fonts.coverage(fonts.font_path(bold))
    f.fallback = _fallback(size)
    return f


def _fallback(size: int) -> Any:
    """pygame's bundled font, for the Latin letters the subset lacks (None when pygame ships none)."""
    import pygame.freetype
    path = Path(pygame.freetype.__file__).parent / pygame.freetype.get_default_font()
    if not path.is_file():
        return None
    f = _ui_font_type()(str(path), size)
    f.pad = True
    f.coverage = fonts.coverage(path)
    return f


@lru_cache(maxsize=1)
def _ui_font_type() -> type:
    """The font class, made on first use: this module is imported where pygame is never started."""
    import pygame
    import pygame.freetype
    base = pygame.freetype.Font

    class UiFont(base):  # type: ignore[misc, valid-type]
        fallback: Any = None
        coverage: frozenset[int] = frozenset()

        def _runs(self, text: str) -> list[tuple[Any, str]] | None:
            """None when the subset draws every character, else [(font, text)] in order."""
            cover = self.coverage
            if cover.issuperset(map(ord, text)):
                return None
            runs: list[tuple[Any, str]] = []
            lacking = []
            for ch in text:
                use = self
                if ord(ch) not in cover and ch.isprintable() and not ch.isspace():
                    if self.fallback is not None and ord(ch) in self.fallback.coverage:
                        use = self.fallback
                    else:
                        lacking.append(ch)
                if runs and runs[-1][0] is use:
                    runs[-1] = (use, runs[-1][1] + ch)
                else:
                    runs.append((use, ch))
            fonts.report_missing(lacking, "interface text")
            return runs if any(f is not self for f, _ in runs) else None

        def get_rect(self, text: str, style: int = pygame.freetype.STYLE_DEFAULT, rotation: int = 0,
                     size: float = 0) -> pygame.Rect:
            runs = self._runs(text) if text and not rotation else None
            rect = base.get_rect(self, text if runs is None else "", style, rotation, size)
            if runs is not None:
                rect.width = sum(base.get_rect(f, t, style, 0, size).width for f, t in runs)
            return rect

        def render_to(self, surf: Any, dest: Any, text: str, fgcolor: Any = None, bgcolor: Any = None,
                      style: int = pygame.freetype.STYLE_DEFAULT, rotation: int = 0,
                      size: float = 0) -> pygame.Rect:
            runs = self._runs(text) if text and not rotation else None
            if runs is None:
                return base.render_to(self, surf, dest, text, fgcolor, bgcolor, style, rotation, size)
            x, y = int(dest[0]), int(dest[1])
            baseline = y + base.get_sized_ascender(self, size)
            for f, part in runs:   # each run on the same baseline, one after the other
                width = base.get_rect(f, part, style, 0, size).width
                f.origin = True
                try:
                    base.render_to(f, surf, (x, baseline), part, fgcolor or self.fgcolor, bgcolor, style, 0, size)
                finally:
                    f.origin = False
                x += width
            return pygame.Rect(int(dest[0]), y, x - int(dest[0]), base.get_sized_height(self, size))

        def render(self, text: str, fgcolor: Any = None, bgcolor: Any = None,
                   style: int = pygame.freetype.STYLE_DEFAULT, rotation: int = 0,
                   size: float = 0) -> tuple[pygame.Surface, pygame.Rect]:
            if not text or rotation or self._runs(text) is None:
                return base.render(self, text, fgcolor, bgcolor, style, rotation, size)
            rect = self.get_rect(text, style, 0, size)
            surf = pygame.Surface((max(rect.width, 1), max(rect.height, 1)), pygame.SRCALPHA)
            if bgcolor is not None:
                surf.fill(bgcolor)
            return surf, self.render_to(surf, (0, 0), text, fgcolor, None, style, 0, size)

    return UiFont


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
          background: Color = (16, 20, 28, 215), column_gap: int = 24, title: str | None = None,
          wrap_width: int | None = None) -> np.ndarray:
    """A rounded panel of text rows; each row is cells [(text, colour)], aligned in columns.
    With wrap_width (pixels), a row of one cell wider than that is wrapped onto several rows."""
    import pygame
    f, fb = font(size), font(size + 4, bold=True)
    line_h = int(f.get_sized_height() * 1.15)
    if wrap_width:
        rows = _wrapped_rows(f, rows, wrap_width)
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


def _wrapped_rows(f: Any, rows: list[list[tuple[str, Color]]], width: int) -> list[list[tuple[str, Color]]]:
    out: list[list[tuple[str, Color]]] = []
    for row in rows:
        if len(row) == 1:
            text, color = row[0]
            out += [[(line, color)] for line in wrap(f, text, width)]
        else:
            out.append(row)
    return out


def label(text: str, size: int = 16, color: Color = (255, 255, 255, 255),
          background: Color = (16, 20, 28, 200), padding: int = 8, wrap_width: int | None = None) -> np.ndarray:
    return panel([[(text, color)]], size=size, padding=padding, background=background, wrap_width=wrap_width)


def fit_text(f: Any, text: str, width: int) -> str:
    """Cut text with "…" so that it fits `width` pixels in font f, between characters (a Chinese
    character, a letter with its accents or an emoji is never split)."""
    size = f.size if isinstance(f.size, (int, float)) else f.size[0]
    most = 4 * width // max(int(size), 1) + 4   # no character is narrower than a quarter of the font size
    cl = clusters(text[: most * 4])
    if len(cl) > most:   # measuring a long text costs time in proportion to its length
        return ellipsize("".join(cl[:most]), width, lambda s: f.get_rect(s).width, force=True)
    return ellipsize(text, width, lambda s: f.get_rect(s).width)


def wrap(f: Any, text: str, width: int) -> list[str]:
    """`text` broken into lines no wider than `width` pixels in font f (Chinese between characters,
    Latin at spaces, no closing punctuation at a line's start)."""
    return break_lines(text, width, lambda s: f.get_rect(s).width)
