"""The minimap: the venue's plan from above with hall names, a you-are-here arrow, click to go.

The plan is rendered once by the real renderer with an orthographic camera looking down (north
up), then labelled; only the arrow changes per frame.
"""
from __future__ import annotations

import math

import numpy as np

from engine.render.overlay import OverlayImage
from engine.ui.text import font, surface_to_rgba


class Minimap:
    """Maps plan (x, z) in the `area` (x0, z0, x1, z1) to pixels of a width-wide picture."""

    MARGIN = 14

    def __init__(self, area: tuple[float, float, float, float], width: int = 300) -> None:
        self.area = area
        x0, z0, x1, z1 = area
        self.width = width
        self.height = max(1, int(round(width * (z1 - z0) / (x1 - x0))))
        self.visible = True
        self.image: np.ndarray | None = None
        self._arrows: dict[int, np.ndarray] = {}

    # -- geometry -----------------------------------------------------------------------
    def camera(self):
        """The orthographic top-down camera whose picture is the plan (north at the top)."""
        from engine.scene.camera import Camera
        x0, z0, x1, z1 = self.area
        cx, cz = (x0 + x1) / 2, (z0 + z1) / 2
        return Camera(eye=(cx, 400.0, cz), target=(cx, 0.0, cz), up=(0, 0, -1), near=1.0, far=800.0,
                      orthographic=True, ortho_height=z1 - z0)

    def origin(self, screen: tuple[int, int]) -> tuple[int, int]:
        """Top-left pixel of the map on a screen of that size (bottom-right corner)."""
        return (screen[0] - self.width - self.MARGIN, screen[1] - self.height - self.MARGIN)

    def to_map(self, x: float, z: float) -> tuple[float, float]:
        x0, z0, x1, z1 = self.area
        return ((x - x0) / (x1 - x0) * self.width, (z - z0) / (z1 - z0) * self.height)

    def to_world(self, u: float, v: float) -> tuple[float, float]:
        x0, z0, x1, z1 = self.area
        return (x0 + u / self.width * (x1 - x0), z0 + v / self.height * (z1 - z0))

    def hit(self, screen: tuple[int, int], pos: tuple[int, int]) -> tuple[float, float] | None:
        """The world point under a click at `pos`, or None when the click misses the map."""
        if not self.visible:
            return None
        ox, oy = self.origin(screen)
        u, v = pos[0] - ox, pos[1] - oy
        if 0 <= u < self.width and 0 <= v < self.height:
            return self.to_world(u, v)
        return None

    # -- pictures -----------------------------------------------------------------------
    def set_plan(self, plan_rgba: np.ndarray, labels: list[tuple[str, float, float]]) -> None:
        """Take the rendered plan (h, w, 4) and write labels [(text, x, z)] on it."""
        import pygame
        h, w = plan_rgba.shape[:2]
        surf = pygame.image.frombuffer(np.ascontiguousarray(plan_rgba).tobytes(), (w, h), "RGBA").copy()
        surf = pygame.transform.smoothscale(surf, (self.width, self.height))
        f = font(11)
        for text, x, z in labels:
            u, v = self.to_map(x, z)
            rect = f.get_rect(text)
            box = pygame.Rect(0, 0, rect.width + 6, rect.height + 4)
            box.center = (int(u), int(v))
            pygame.draw.rect(surf, (255, 255, 255, 200), box, border_radius=3)
            f.render_to(surf, (box.x + 3, box.y + 2), text, (20, 30, 50, 255))
        pygame.draw.rect(surf, (20, 24, 32, 255), surf.get_rect(), width=2, border_radius=4)
        self.image = surface_to_rgba(surf)

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

    def layers(self, screen: tuple[int, int], xz: np.ndarray, heading: float) -> list[OverlayImage]:
        if not self.visible or self.image is None:
            return []
        ox, oy = self.origin(screen)
        u, v = self.to_map(float(xz[0]), float(xz[1]))
        u, v = min(max(u, 0), self.width), min(max(v, 0), self.height)
        return [OverlayImage("minimap", self.image, ox, oy),
                OverlayImage(f"minimap-arrow-{int(round(math.degrees(heading) / 5.0)) % 72}",
                             self.arrow(heading), ox + u - 13, oy + v - 13)]
