"""Text chat on the screen: the conversation (names, times, here or venue-wide), scrollable, with the
line being typed under it while the field is open (with what an input method is still composing,
underlined). Its own words follow the current language on the next picture."""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine.i18n import _, language
from engine.ui.list_panel import draw_field
from engine.ui.text import fit_text, font, surface_to_rgba

WIDTH = 420
LINES_SHOWN = 8
HISTORY = 200
BG = (16, 20, 28, 200)
NAME = (120, 200, 255, 255)
VENUE = (255, 214, 102, 255)
TEXT = (235, 238, 245, 255)
DIM = (150, 160, 175, 255)
NOTICE = (255, 170, 150, 255)


@dataclass(frozen=True)
class Line:
    at: str            # "14:05"
    name: str          # "" for a notice from the server
    text: str
    venue_wide: bool = False


@dataclass
class ChatBox:
    """The log and the input field (open while typing). `version` changes whenever the picture does."""

    lines: deque[Line] = field(default_factory=lambda: deque(maxlen=HISTORY))
    draft: str = ""
    composing: str = ""                # what an input method is composing, not yet in the draft
    open: bool = False
    venue_wide: bool = False
    scroll: int = 0                    # lines scrolled back from the newest
    version: int = 0
    _image: np.ndarray | None = None
    _language: str = ""

    def add(self, line: Line) -> None:
        self.lines.append(line)
        self.scroll = 0 if self.scroll == 0 else min(self.scroll + 1, len(self.lines) - 1)
        self._changed()

    def type(self, text: str) -> None:
        self.draft = (self.draft + text)[:500]
        self.composing = ""
        self._changed()

    def compose(self, text: str) -> None:
        """An input method's composition as it is typed; "" when it was cancelled."""
        if text != self.composing:
            self.composing = text
            self._changed()

    def backspace(self) -> None:
        self.draft = self.draft[:-1]
        self._changed()

    def show(self) -> None:
        self.open, self.scroll = True, 0
        self._changed()

    def close(self) -> None:
        self.open, self.draft, self.composing = False, "", ""
        self._changed()

    def toggle_scope(self) -> None:
        self.venue_wide = not self.venue_wide
        self._changed()

    def scroll_by(self, step: int) -> None:
        self.scroll = max(0, min(self.scroll + step, max(len(self.lines) - LINES_SHOWN, 0)))
        self._changed()

    def _changed(self) -> None:
        self.version += 1
        self._image = None

    def image(self) -> np.ndarray | None:
        if not self.lines and not self.open:
            return None
        if self._image is not None and self._language != language():
            self._changed()
        if self._image is None:
            self._language = language()
            self._image = self._draw()
        return self._image

    def _draw(self) -> np.ndarray:
        import pygame
        f, small = font(15), font(12)
        line_h = 21
        end = len(self.lines) - self.scroll
        shown = list(self.lines)[max(0, end - LINES_SHOWN):end]
        height = 12 + line_h * len(shown) + (40 if self.open else 0) + 8
        surf = pygame.Surface((WIDTH, height), pygame.SRCALPHA)
        pygame.draw.rect(surf, BG, surf.get_rect(), border_radius=10)
        y = 10
        for line in shown:
            self._draw_line(surf, line, y, f, small)
            y += line_h
        if self.open:
            self._draw_field(surf, y + 4, f, small)
        return surface_to_rgba(surf)

    def _draw_line(self, surf: Any, line: Line, y: int, f: Any, small: Any) -> None:
        small.render_to(surf, (10, y + 3), line.at, DIM)
        x = 52
        if line.name:
            # Translators: before a chat line sent to the whole venue, not only the hall
            tag = (_("[venue] ") if line.venue_wide else "") + line.name + ":"
            colour = VENUE if line.venue_wide else NAME
            x += f.render_to(surf, (x, y), fit_text(f, tag, 170), colour).width + 6
        f.render_to(surf, (x, y), fit_text(f, line.text, WIDTH - x - 10), TEXT if line.name else NOTICE)

    def _draw_field(self, surf: Any, y: int, f: Any, small: Any) -> None:
        import pygame
        box = pygame.Rect(8, y, WIDTH - 16, 28)
        pygame.draw.rect(surf, (36, 42, 56, 255), box, border_radius=6)
        scope = _("to the venue") if self.venue_wide else _("to this hall")
        scope_w = small.render_to(surf, (box.x + 8, box.y + 8), scope, VENUE if self.venue_wide else NAME).width
        left = max(92, scope_w + 16)
        draw_field(surf, f, pygame.Rect(box.x + left - 10, box.y, box.w - left, box.h), self.draft[-200:],
                   self.composing)
