"""A filterable list a person drives with the keyboard: type to filter, arrows to move, Enter to choose.

Used by the "go to" panel and the agenda panel. Pure state plus an image; the app feeds it keys.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from engine.ui.text import fit_text, font, surface_to_rgba

BG = (16, 20, 28, 230)
SELECTED = (58, 110, 180, 255)
TEXT = (235, 238, 245, 255)
DIM = (150, 160, 175, 255)


@dataclass
class Entry:
    key: str            # what choosing it returns (an id)
    title: str
    detail: str = ""
    search_text: str = ""   # extra words the filter matches (speakers, theme...)


@dataclass
class ListPanel:
    title: str
    entries: list[Entry]
    visible_rows: int = 12
    query: str = ""
    index: int = 0
    open: bool = False
    version: int = 0
    hint: str = "type to filter · Up/Down choose · Enter go · Esc close"
    _image: np.ndarray | None = field(default=None, repr=False)

    def matches(self) -> list[Entry]:
        words = self.query.lower().split()
        if not words:
            return self.entries
        return [e for e in self.entries
                if all(w in f"{e.key} {e.title} {e.detail} {e.search_text}".lower() for w in words)]

    def set_entries(self, entries: list[Entry]) -> None:
        self.entries = entries
        self.index = min(self.index, max(len(self.matches()) - 1, 0))
        self._changed()

    def show(self, query: str = "") -> None:
        self.open, self.query, self.index = True, query, 0
        self._changed()

    def close(self) -> None:
        self.open = False

    def type(self, text: str) -> None:
        self.query += text
        self.index = 0
        self._changed()

    def backspace(self) -> None:
        self.query = self.query[:-1]
        self.index = 0
        self._changed()

    def move(self, step: int) -> None:
        n = len(self.matches())
        if n:
            self.index = (self.index + step) % n
            self._changed()

    def chosen(self) -> Entry | None:
        found = self.matches()
        return found[self.index] if 0 <= self.index < len(found) else None

    def _changed(self) -> None:
        self.version += 1
        self._image = None

    def image(self, width: int = 520) -> np.ndarray:
        if self._image is not None and self._image.shape[1] != width:
            self._changed()   # drawn again at the new width, under a new version
        if self._image is None:
            self._image = self._draw(width)
        return self._image

    def _draw(self, width: int) -> np.ndarray:
        import pygame
        f, fb, fs = font(16), font(20, bold=True), font(13)
        row_h = 40
        found = self.matches()
        first = max(0, min(self.index - self.visible_rows // 2, len(found) - self.visible_rows))
        shown = found[first:first + self.visible_rows]
        height = 96 + row_h * max(len(shown), 1) + 28
        surf = pygame.Surface((width, height), pygame.SRCALPHA)
        pygame.draw.rect(surf, BG, surf.get_rect(), border_radius=12)
        fb.render_to(surf, (16, 14), self.title, TEXT)
        box = pygame.Rect(14, 44, width - 28, 34)
        pygame.draw.rect(surf, (36, 42, 56, 255), box, border_radius=6)
        f.render_to(surf, (box.x + 10, box.y + 9), (self.query or "") + "|", TEXT)
        fs.render_to(surf, (width - 110, box.y + 11), f"{len(found)} of {len(self.entries)}", DIM)
        y = 88
        if not shown:
            f.render_to(surf, (18, y + 10), "nothing matches", DIM)
        for i, entry in enumerate(shown):
            if first + i == self.index:
                pygame.draw.rect(surf, SELECTED, (8, y, width - 16, row_h - 2), border_radius=6)
            f.render_to(surf, (18, y + 4), fit_text(f, entry.title, width - 36), TEXT)
            fs.render_to(surf, (18, y + 23), fit_text(fs, entry.detail, width - 36), DIM)
            y += row_h
        fs.render_to(surf, (16, height - 22), self.hint, DIM)
        return surface_to_rgba(surf)
