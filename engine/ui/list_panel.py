"""A filterable list a person drives with the keyboard: type to filter, arrows to move, Enter to choose.

Used by the "go to", agenda and people panels. Pure state plus an image; the app feeds it keys. The filter
finds entries by Chinese text, full pinyin and pinyin initials as well as by English words
(engine.i18n.search): "zhulun", "zlt" and "主论" all find 主论坛. Text an input method is still composing
shows in the field, underlined, until it is committed. Title and hint are English messages translated when
drawn, so the panel follows a change of language on its next picture.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine.i18n import N_, _, language, ngettext
from engine.i18n.search import SearchIndex
from engine.ui.text import fit_text, font, surface_to_rgba

BG = (16, 20, 28, 230)
SELECTED = (58, 110, 180, 255)
TEXT = (235, 238, 245, 255)
DIM = (150, 160, 175, 255)
Color = tuple[int, int, int, int]


@dataclass
class Entry:
    key: str            # what choosing it returns (an id)
    title: str
    detail: str = ""
    search_text: str = ""   # extra words the filter matches (speakers, theme...)
    names: tuple[str, ...] = ()   # other names it is found by: English and Chinese, whichever is shown


DEFAULT_HINT = N_("type to filter · Up/Down choose · Enter go · Esc close")


@dataclass
class ListPanel:
    title: str                      # English, translated when drawn (mark it with N_)
    entries: list[Entry]
    visible_rows: int = 12
    query: str = ""
    index: int = 0
    open: bool = False
    version: int = 0
    hint: str = DEFAULT_HINT        # English, translated when drawn
    composing: str = ""             # what an input method is composing, not yet typed
    _image: np.ndarray | None = field(default=None, repr=False)
    _language: str = field(default="", repr=False)
    _index: SearchIndex[Entry] | None = field(default=None, repr=False)

    def matches(self) -> list[Entry]:
        if not self.query.strip():
            return self.entries
        if self._index is None:
            self._index = SearchIndex(self.entries, _search_names)
        return self._index.search(self.query)

    def set_entries(self, entries: list[Entry]) -> None:
        self.entries = entries
        self._index = None
        self.index = min(self.index, max(len(self.matches()) - 1, 0))
        self._changed()

    def show(self, query: str = "") -> None:
        self.open, self.query, self.index, self.composing = True, query, 0, ""
        self._changed()

    def close(self) -> None:
        self.open, self.composing = False, ""

    def type(self, text: str) -> None:
        """Text committed (a key, or a word an input method finished): it ends any composition."""
        self.query += text
        self.composing = ""
        self.index = 0
        self._changed()

    def compose(self, text: str) -> None:
        """What an input method is composing now (pinyin being typed, say): shown after the query, not
        yet part of it; "" when the composition was cancelled."""
        if text != self.composing:
            self.composing = text
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
        if self._image is not None and (self._image.shape[1] != width or self._language != language()):
            self._changed()   # drawn again at the new width or in the new language, under a new version
        if self._image is None:
            self._language = language()
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
        fb.render_to(surf, (16, 14), _(self.title), TEXT)
        box = pygame.Rect(14, 44, width - 28, 34)
        pygame.draw.rect(surf, (36, 42, 56, 255), box, border_radius=6)
        # Translators: how many entries of the list match what was typed
        count = ngettext("{found} of {total}", "{found} of {total}", len(self.entries)).format(
            found=len(found), total=len(self.entries))
        count_w = fs.get_rect(count).width
        draw_field(surf, f, box.inflate(-count_w - 24, 0).move(-count_w // 2 - 12, 0), self.query, self.composing)
        fs.render_to(surf, (box.right - count_w - 10, box.y + 11), count, DIM)
        y = 88
        if not shown:
            f.render_to(surf, (18, y + 10), _("nothing matches"), DIM)
        for i, entry in enumerate(shown):
            if first + i == self.index:
                pygame.draw.rect(surf, SELECTED, (8, y, width - 16, row_h - 2), border_radius=6)
            f.render_to(surf, (18, y + 4), fit_text(f, entry.title, width - 36), TEXT)
            fs.render_to(surf, (18, y + 23), fit_text(fs, entry.detail, width - 36), DIM)
            y += row_h
        fs.render_to(surf, (16, height - 22), fit_text(fs, _(self.hint), width - 32), DIM)
        return surface_to_rgba(surf)


COMPOSING = (255, 214, 102, 255)


def draw_field(surf: Any, f: Any, box: Any, text: str, composing: str, colour: Color = TEXT) -> None:
    """A text field's line inside `box` (a pygame.Rect): the committed text, then what an input method is
    composing, underlined in another colour, then the caret; the end stays in view when it is long."""
    import pygame
    room = box.w - 20
    tail = (text + composing)[-400:]
    while tail and f.get_rect(tail + "|").width > room:   # keep the end, where the caret is, in view
        tail = tail[1:]
    typed = tail[: max(0, len(tail) - len(composing))]
    pending = tail[len(typed):]
    x, y = box.x + 10, box.y + (box.h - f.get_sized_height()) // 2
    if typed:
        x += f.render_to(surf, (x, y), typed, colour).width
    if pending:
        width = f.render_to(surf, (x, y), pending, COMPOSING).width
        base = y + f.get_sized_height() - 2
        pygame.draw.line(surf, COMPOSING, (x, base), (x + width, base), 1)
        x += width
    f.render_to(surf, (x, y), "|", colour)


def _search_names(entry: Entry) -> tuple[str, ...]:
    return (entry.title, *entry.names, entry.key, entry.search_text, entry.detail)
