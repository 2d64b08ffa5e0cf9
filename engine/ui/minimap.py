"""Plans of the venue from above with hall names and a you-are-here arrow: the small minimap in the
corner, and the large plan that M opens. A click on either is a point in the venue.

The plan is rendered once per picture size by the real renderer with an orthographic camera looking
down (north up), then labelled; only the arrow moves, drawn inside the plan's own rectangle.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from engine.scene.camera import Camera
from engine.ui.layout import Rect, Region, Widget
from engine.ui.text import font, surface_to_rgba

Area = tuple[float, float, float, float]   # x0, z0, x1, z1 in metres
PlanText = tuple[Sequence[str], float, float, float]   # texts, longest first; x, z; the place's width (m)


class PlanMap:
    """Maps plan (x, z) in `area` to pixels of a picture `width` pixels wide."""

    def __init__(self, area: Area, width: int, key: str, region: Region, priority: int) -> None:
        self.area = area
        x0, z0, x1, z1 = area
        self.width = max(1, int(width))
        self.height = max(1, int(round(self.width * (z1 - z0) / max(x1 - x0, 1e-6))))
        self.key, self.region, self.priority = key, region, priority
        self.image: np.ndarray | None = None
        self.version = 0
        self._arrows: dict[int, np.ndarray] = {}

    # -- geometry -----------------------------------------------------------------------
    def camera(self) -> Camera:
        """The orthographic top-down camera whose picture is the plan (north at the top)."""
        x0, z0, x1, z1 = self.area
        cx, cz = (x0 + x1) / 2, (z0 + z1) / 2
        return Camera(eye=(cx, 400.0, cz), target=(cx, 0.0, cz), up=(0, 0, -1), near=1.0, far=800.0,
                      orthographic=True, ortho_height=z1 - z0)

    def to_map(self, x: float, z: float) -> tuple[float, float]:
        x0, z0, x1, z1 = self.area
        return ((x - x0) / (x1 - x0) * self.width, (z - z0) / (z1 - z0) * self.height)

    def to_world(self, u: float, v: float) -> tuple[float, float]:
        x0, z0, x1, z1 = self.area
        return (x0 + u / self.width * (x1 - x0), z0 + v / self.height * (z1 - z0))

    def hit(self, drawn: Rect | None, pos: tuple[int, int]) -> tuple[float, float] | None:
        """The venue point under a click at `pos`, given where the plan was drawn (its rectangle,
        at whatever scale the layout gave it), or None when the click misses it."""
        if drawn is None or not drawn.contains(pos):
            return None
        scale = drawn.w / self.width
        return self.to_world((pos[0] - drawn.x) / scale, (pos[1] - drawn.y) / scale)

    # -- pictures -----------------------------------------------------------------------
    def set_plan(self, plan_rgba: np.ndarray, labels: list[PlanText], size: int = 11) -> None:
        """Take the rendered plan (h, w, 4) and write a label on each place: the first of its
        texts that fits the place's width on the plan, else the last (the shortest)."""
        import pygame
        h, w = plan_rgba.shape[:2]
        surf = pygame.image.frombuffer(np.ascontiguousarray(plan_rgba).tobytes(), (w, h), "RGBA").copy()
        surf = pygame.transform.smoothscale(surf, (self.width, self.height))
        f = font(size)
        px_per_m = self.width / (self.area[2] - self.area[0])
        for texts, x, z, width_m in labels:
            text = next((t for t in texts if f.get_rect(t).width + 6 <= width_m * px_per_m), texts[-1])
            u, v = self.to_map(x, z)
            rect = f.get_rect(text)
            box = pygame.Rect(0, 0, rect.width + 6, rect.height + 4)
            box.center = (int(u), int(v))
            box.clamp_ip(surf.get_rect())
            pygame.draw.rect(surf, (255, 255, 255, 210), box, border_radius=3)
            f.render_to(surf, (box.x + 3, box.y + 2), text, (20, 30, 50, 255))
        pygame.draw.rect(surf, (20, 24, 32, 255), surf.get_rect(), width=2, border_radius=4)
        self.image = surface_to_rgba(surf)
        self.version += 1

    def arrow(self, heading: float) -> np.ndarray:
        """A you-are-here arrow image turned to a compass heading (cached in 5-degree steps)."""
        step = int(round(math.degrees(heading) / 5.0)) % 72
        if step not in self._arrows:
            import pygame
            surf = pygame.Surface((26, 26), pygame.SRCALPHA)
            a = math.radians(step * 5.0)
            pts = [(0, -11), (7, 8), (0, 4), (-7, 8)]   # pointing up = north
            rot = [(13 + x * math.cos(a) - y * math.sin(a), 13 + x * math.sin(a) + y * math.cos(a))
                   for x, y in pts]
            pygame.draw.polygon(surf, (235, 60, 50, 255), rot)
            pygame.draw.polygon(surf, (255, 255, 255, 255), rot, width=2)
            self._arrows[step] = surface_to_rgba(surf)
        return self._arrows[step]

    def widget(self, xz: np.ndarray, heading: float) -> Widget | None:
        """The plan with the arrow where xz (2,) is, kept inside the picture."""
        if self.image is None:
            return None
        u, v = self.to_map(float(xz[0]), float(xz[1]))
        u, v = min(max(u, 13), self.width - 13), min(max(v, 13), self.height - 13)
        step = int(round(math.degrees(heading) / 5.0)) % 72
        return Widget(self.key, self.image, self.region, self.priority, self.version, min_scale=0.4,
                      children=[(f"{self.key}-arrow-{step}", self.arrow(heading), u - 13, v - 13)])
