"""The viewer's overlay widgets: help (F1), frame stats (F3) and short messages (toasts)."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from engine.render.overlay import OverlayImage
from engine.ui.text import font, label, panel, surface_to_rgba

KEY_COLOR = (255, 214, 102, 255)
TEXT_COLOR = (235, 238, 245, 255)
SECTION_COLOR = (120, 200, 255, 255)


class HelpOverlay:
    """The F1 list of keys: sections of (keys, what they do), laid out in two columns."""

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]], title: str = "Keys") -> None:
        self.visible = False
        self.image = _two_columns(sections, title)

    def layers(self, size: tuple[int, int]) -> list[OverlayImage]:
        if not self.visible:
            return []
        h, w = self.image.shape[:2]
        scale = min(1.0, (size[0] - 16) / w, (size[1] - 16) / h)   # shrink to fit a small window
        return [OverlayImage("help", self.image, (size[0] - w * scale) / 2, max((size[1] - h * scale) / 2, 8),
                             width=w * scale, height=h * scale)]


def _two_columns(sections, title: str) -> np.ndarray:
    """Sections split into two columns of about the same height, on one panel."""
    import pygame
    total = sum(len(rows) + 1 for _, rows in sections)
    left, right, count = [], [], 0
    for section in sections:
        (left if count < total / 2 else right).append(section)
        count += len(section[1]) + 1
    columns = [panel([row for name, rows in col for row in
                      [[(name, SECTION_COLOR), ("", TEXT_COLOR)]]
                      + [[(k, KEY_COLOR), (t, TEXT_COLOR)] for k, t in rows]],
                     size=15, padding=10, background=(0, 0, 0, 0)) for col in (left, right) if col]
    heading_font = font(22, bold=True)
    top = heading_font.get_sized_height() + 20
    width = sum(c.shape[1] for c in columns) + 24
    height = max(c.shape[0] for c in columns) + top + 12
    surf = pygame.Surface((width, height), pygame.SRCALPHA)
    pygame.draw.rect(surf, (16, 20, 28, 225), surf.get_rect(), border_radius=12)
    heading_font.render_to(surf, (22, 14), title, (255, 255, 255, 255))
    out = surface_to_rgba(surf)
    x = 12
    for col in columns:
        _paste(out, col, x, top)
        x += col.shape[1]
    return out


def _paste(dst: np.ndarray, src: np.ndarray, x: int, y: int) -> None:
    """Alpha-blend src (h, w, 4) onto dst at (x, y)."""
    h, w = src.shape[:2]
    region = dst[y:y + h, x:x + w].astype(np.float32)
    a = src[..., 3:4].astype(np.float32) / 255.0
    region[..., :3] = src[..., :3] * a + region[..., :3] * (1 - a)
    region[..., 3:4] = np.maximum(region[..., 3:4], src[..., 3:4])
    dst[y:y + h, x:x + w] = region.astype(np.uint8)


class StatsOverlay:
    """Frame time and draw calls, re-rendered at most a few times a second to stay cheap."""

    def __init__(self) -> None:
        self.visible = False
        self.version = 0
        self.image = label(" ")
        self._shown_at = -1e9

    def update(self, now: float, frame_s: float, render_ms: float, draws: int, triangles: int,
               culled: int) -> None:
        """now: the clock (s); frame_s: time since the previous frame; render_ms: drawing this one."""
        if not self.visible or now - self._shown_at < 0.25:
            return
        self._shown_at = now
        fps = 1.0 / frame_s if frame_s > 0 else 0.0
        self.image = panel([[(f"{fps:5.0f} fps, drawn in {render_ms:5.1f} ms", TEXT_COLOR)],
                            [(f"{draws} draw calls, {triangles:,} triangles", TEXT_COLOR)],
                            [(f"{culled} instances culled", TEXT_COLOR)]], size=14, padding=8)
        self.version += 1

    def layers(self, size: tuple[int, int]) -> list[OverlayImage]:
        if not self.visible:
            return []
        # Top right, under the venue clock: the top left belongs to the hall card.
        return [OverlayImage("stats", self.image, size[0] - self.image.shape[1] - 14, 60, self.version)]


@dataclass
class Toasts:
    """Short messages at the bottom of the screen that fade after a few seconds."""

    items: list[tuple[str, float, object]] = field(default_factory=list)
    counter: int = 0
    texts: list[str] = field(default_factory=list)   # everything shown, newest last (for tests, logs)

    def show(self, text: str, seconds: float = 3.0, error: bool = False) -> None:
        self.counter += 1
        self.texts = (self.texts + [text])[-50:]
        color = (255, 140, 130, 255) if error else (255, 255, 255, 255)
        self.items.append((f"toast-{self.counter}", seconds, label(text, size=18, color=color)))
        self.items = self.items[-4:]

    def update(self, dt: float) -> None:
        self.items = [(k, t - dt, img) for k, t, img in self.items if t - dt > 0]

    def layers(self, size: tuple[int, int]) -> list[OverlayImage]:
        out, y = [], size[1] - 20
        for key, left, img in reversed(self.items):
            h, w = img.shape[:2]
            y -= h + 6
            out.append(OverlayImage(key, img, (size[0] - w) / 2, y, opacity=min(1.0, left / 0.5)))
        return out
