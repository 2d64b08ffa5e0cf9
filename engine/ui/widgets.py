"""The viewer's overlay widgets: help (F1), frame stats (F3) and short messages (toasts)."""
from __future__ import annotations

from dataclasses import dataclass, field

from engine.render.overlay import OverlayImage
from engine.ui.text import label, panel

KEY_COLOR = (255, 214, 102, 255)
TEXT_COLOR = (235, 238, 245, 255)


class HelpOverlay:
    def __init__(self, rows: list[tuple[str, str]], title: str = "Keys") -> None:
        self.visible = False
        self.image = panel([[(k, KEY_COLOR), (text, TEXT_COLOR)] for k, text in rows], title=title)

    def layers(self, size: tuple[int, int]) -> list[OverlayImage]:
        if not self.visible:
            return []
        h, w = self.image.shape[:2]
        return [OverlayImage("help", self.image, (size[0] - w) / 2, max((size[1] - h) / 2, 8))]


class StatsOverlay:
    """Frame time and draw calls, re-rendered at most a few times a second to stay cheap."""

    def __init__(self) -> None:
        self.visible = False
        self.version = 0
        self.image = label(" ")
        self._since = 1e9

    def update(self, dt: float, frame_ms: float, draws: int, triangles: int, culled: int) -> None:
        self._since += dt
        if not self.visible or self._since < 0.25:
            return
        self._since = 0.0
        fps = 1000.0 / frame_ms if frame_ms > 0 else 0.0
        self.image = panel([[(f"{frame_ms:5.1f} ms  {fps:5.0f} fps", TEXT_COLOR)],
                            [(f"{draws} draw calls, {triangles:,} triangles", TEXT_COLOR)],
                            [(f"{culled} instances culled", TEXT_COLOR)]], size=14, padding=8)
        self.version += 1

    def layers(self, size: tuple[int, int]) -> list[OverlayImage]:
        return [OverlayImage("stats", self.image, 10, 10, self.version)] if self.visible else []


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
