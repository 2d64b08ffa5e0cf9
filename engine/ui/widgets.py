"""The viewer's own HUD widgets: help (F1), frame statistics (F3) and short messages (toasts)."""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import numpy as np

from engine.ui.layout import Region, Widget
from engine.ui.text import font, label, panel, surface_to_rgba

KEY_COLOR = (255, 214, 102, 255)
TEXT_COLOR = (235, 238, 245, 255)
SECTION_COLOR = (120, 200, 255, 255)
DIM_COLOR = (160, 172, 190, 255)

# Who wins space when the window is small: modal panels, then messages, then what is always there.
PRIORITY = {"help": 100, "panel": 90, "banner": 85, "toast": 70, "card": 60, "clock": 55, "map": 50,
            "legend": 45, "caption": 60, "stats": 40, "hint": 20}


class HelpOverlay:
    """The F1 list of keys: sections of (keys, what they do), laid out in two columns."""

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]], title: str = "Keys") -> None:
        self.visible = False
        self.image = _two_columns(sections, title)

    def widgets(self) -> list[Widget]:
        if not self.visible:
            return []
        # Shrunk to whatever fits: a tiny window still shows which keys there are.
        return [Widget("help", self.image, Region.CENTRE, PRIORITY["help"], min_scale=0.05)]


def _two_columns(sections: list[tuple[str, list[tuple[str, str]]]], title: str) -> np.ndarray:
    """Sections split into two columns of about the same height, on one panel."""
    import pygame
    total = sum(len(rows) + 1 for _, rows in sections)
    left: list[tuple[str, list[tuple[str, str]]]] = []
    right: list[tuple[str, list[tuple[str, str]]]] = []
    count = 0
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
        paste(out, col, x, top)
        x += col.shape[1]
    return out


def paste(dst: np.ndarray, src: np.ndarray, x: int, y: int) -> None:
    """Alpha-blend src (h, w, 4) onto dst at (x, y), clipped to dst."""
    h = min(src.shape[0], dst.shape[0] - y)
    w = min(src.shape[1], dst.shape[1] - x)
    if h <= 0 or w <= 0 or x < 0 or y < 0:
        return
    src = src[:h, :w]
    region = dst[y:y + h, x:x + w].astype(np.float32)
    a = src[..., 3:4].astype(np.float32) / 255.0
    region[..., :3] = src[..., :3] * a + region[..., :3] * (1 - a)
    region[..., 3:4] = np.maximum(region[..., 3:4], src[..., 3:4])
    dst[y:y + h, x:x + w] = region.astype(np.uint8)


@dataclass
class FrameMeter:
    """One consistent set of frame figures over the last second: every number below describes the
    same frames. cpu: the time a frame took on this side (input, updates, drawing calls), gpu:
    the driver's own timing of the drawing where it offers timer queries."""

    window_s: float = 1.0
    frames: deque = field(default_factory=deque)   # (end time, cpu s, gpu ms or None, draws, triangles)

    def record(self, end: float, cpu_s: float, gpu_ms: float | None, draws: int, triangles: int) -> None:
        self.frames.append((end, cpu_s, gpu_ms, draws, triangles))
        while self.frames and self.frames[0][0] < end - self.window_s:
            self.frames.popleft()

    def summary(self) -> dict[str, float | None]:
        if not self.frames:
            return {"fps": 0.0, "cpu_ms": 0.0, "gpu_ms": None, "draws": 0, "triangles": 0}
        span = self.frames[-1][0] - self.frames[0][0]
        fps = (len(self.frames) - 1) / span if span > 0 else 0.0
        # The frames whose intervals make up the span (all but the first), so that every figure
        # describes the same frames.
        timed = list(self.frames)[1:] or list(self.frames)
        gpus = [f[2] for f in timed if f[2] is not None]
        last = self.frames[-1]
        return {"fps": fps, "cpu_ms": 1000 * float(np.mean([f[1] for f in timed])),
                "gpu_ms": float(np.mean(gpus)) if gpus else None, "draws": last[3], "triangles": last[4]}


class StatsOverlay:
    """F3: the frame meter's figures, redrawn at most four times a second to stay cheap."""

    def __init__(self) -> None:
        self.visible = False
        self.meter = FrameMeter()
        self.version = 0
        self.image = label(" ")
        self._shown_at = -1e9

    def record(self, end: float, cpu_s: float, gpu_ms: float | None, draws: int, triangles: int) -> None:
        self.meter.record(end, cpu_s, gpu_ms, draws, triangles)
        if self.visible and end - self._shown_at >= 0.25:
            self._shown_at = end
            self.image = panel(self.rows(), size=14, padding=8)
            self.version += 1

    def rows(self) -> list[list[tuple[str, tuple[int, int, int, int]]]]:
        s = self.meter.summary()
        gpu = "not offered by this driver" if s["gpu_ms"] is None else f"{s['gpu_ms']:.1f} ms"
        return [[("frame rate", DIM_COLOR), (f"{s['fps']:.0f} fps (last second)", TEXT_COLOR)],
                [("CPU", DIM_COLOR), (f"{s['cpu_ms']:.1f} ms a frame", TEXT_COLOR)],
                [("GPU", DIM_COLOR), (gpu, TEXT_COLOR)],
                [("drawn", DIM_COLOR), (f"{s['draws']} draw calls, {int(s['triangles'] or 0):,} triangles",
                                        TEXT_COLOR)]]

    def widgets(self) -> list[Widget]:
        if not self.visible:
            return []
        return [Widget("stats", self.image, Region.TOP_RIGHT, PRIORITY["stats"], self.version)]


@dataclass
class Toasts:
    """Short messages at the bottom of the screen that fade after a few seconds."""

    items: list[tuple[str, float, np.ndarray]] = field(default_factory=list)
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

    def widgets(self) -> list[Widget]:
        """Newest at the bottom: it gets the higher priority, so it is placed first."""
        n = len(self.items)
        return [Widget(key, img, Region.BOTTOM_CENTRE, PRIORITY["toast"] + i - n, opacity=min(1.0, left / 0.5),
                       min_scale=0.6) for i, (key, left, img) in enumerate(self.items)]
