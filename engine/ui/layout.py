"""Screen space for the HUD: every panel asks for a named region, and the layout places it there,
stacked with its neighbours or scaled down, so that no two drawn rectangles ever overlap.

Regions are anchors with an allowed area; widgets are placed in priority order. A widget that
cannot fit anywhere in its region, even at its smallest scale, is left out this frame rather than
drawn over another. Labels tied to points in the world (name tags, plan labels) are placed last,
around their points, clear of everything already placed.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum

import numpy as np

MARGIN = 12
GAP = 6
SCALES = (1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05)
MOVE_COST = 0.5


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def intersects(self, other: Rect) -> bool:
        return self.x < other.right and other.x < self.right and self.y < other.bottom and other.y < self.bottom

    def contains_rect(self, other: Rect) -> bool:
        eps = 1e-6
        return (other.x >= self.x - eps and other.y >= self.y - eps and other.right <= self.right + eps
                and other.bottom <= self.bottom + eps)

    def contains(self, pos: tuple[float, float]) -> bool:
        return self.x <= pos[0] < self.right and self.y <= pos[1] < self.bottom


class Region(Enum):
    """(horizontal anchor, vertical anchor): where in the window a widget sits and which way its
    region's widgets stack (down from the top, up from the bottom)."""

    TOP_LEFT = ("left", "top")
    TOP_CENTRE = ("centre", "top")
    TOP_RIGHT = ("right", "top")
    CENTRE = ("centre", "middle")
    BOTTOM_LEFT = ("left", "bottom")
    BOTTOM_CENTRE = ("centre", "bottom")
    BOTTOM_RIGHT = ("right", "bottom")


@dataclass
class Widget:
    """An image that wants a place in a region. Higher priority is placed first."""

    key: str
    image: np.ndarray                      # (h, w, 4) uint8
    region: Region
    priority: int
    version: int = 0
    opacity: float = 1.0
    min_scale: float = 0.5
    # Drawn inside the widget (a you-are-here arrow on a map): (key, image, x, y) in the
    # widget's own unscaled pixels; they move and scale with it.
    children: list[tuple[str, np.ndarray, float, float]] = field(default_factory=list)

    @property
    def size(self) -> tuple[int, int]:
        h, w = self.image.shape[:2]
        return w, h


@dataclass
class Placed:
    widget: Widget
    rect: Rect

    @property
    def scale(self) -> float:
        return self.rect.w / max(self.widget.size[0], 1)


@dataclass
class Label:
    """A picture tied to a screen point (a projected world point). `candidates` are the offsets
    (as fractions of its size) tried around the point; `required` labels fall back to smaller
    `alternates` before they give up, and are then drawn on their point regardless."""

    key: str
    image: np.ndarray
    point: tuple[float, float]
    priority: int
    required: bool = False
    alternates: Sequence[np.ndarray] = ()
    version: int = 0
    offsets: Sequence[tuple[float, float]] | None = None   # where to try it; None: AROUND

    def variant(self, k: int) -> np.ndarray:
        return self.image if k == 0 else self.alternates[k - 1]


ABOVE = ((-0.5, -1.0), (-0.5, -1.7), (0.1, -1.0), (-1.1, -1.0))   # over a head: bottom edge on the point
# Offsets tried around a point, as fractions of the label's size: on it, then above, below, beside,
# diagonally, and one more label-height away.
AROUND = ((-0.5, -0.5), (-0.5, -1.15), (-0.5, 0.15), (0.1, -0.5), (-1.1, -0.5), (0.1, -1.15), (-1.1, -1.15),
          (0.1, 0.15), (-1.1, 0.15), (-0.5, -1.8), (-0.5, 0.8), (0.1, -1.7), (0.1, 0.7), (-1.1, -1.7),
          (-1.1, 0.7))


# Further out, nearest first: up to three label sizes from the point.
FAR = tuple(sorted(((x / 2 - 0.5, y / 2 - 0.5) for x in range(-6, 7) for y in range(-6, 7)),
                   key=lambda o: (o[0] + 0.5) ** 2 + (o[1] + 0.5) ** 2))


def screen_area(size: tuple[int, int]) -> Rect:
    return Rect(MARGIN, MARGIN, max(size[0] - 2 * MARGIN, 1), max(size[1] - 2 * MARGIN, 1))


def layout(widgets: Iterable[Widget], size: tuple[int, int]) -> list[Placed]:
    """Place widgets in priority order (ties keep their given order); see the module's docstring."""
    screen = screen_area(size)
    placed: list[Placed] = []
    for widget in sorted(widgets, key=lambda w: -w.priority):
        rect = _fit(widget, region_area(widget.region, screen), [p.rect for p in placed])
        if rect is not None:
            placed.append(Placed(widget, rect))
    return placed


def region_area(region: Region, screen: Rect) -> Rect:
    """Where a region's widgets may go: corners and edges keep to their part of the screen (a
    message never climbs to the top), centre panels may use all of it."""
    _, vertical = region.value
    if vertical == "bottom":
        top = screen.y + screen.h * (0.45 if region is Region.BOTTOM_CENTRE else 0.3)
        return Rect(screen.x, top, screen.w, screen.bottom - top)
    return screen


def _fit(widget: Widget, area: Rect, taken: list[Rect]) -> Rect | None:
    """The cheapest free place. Shrinking costs its fraction; moving away from the anchor costs
    MOVE_COST per screen height moved: a message stacks above the last one, while a card shrinks
    beside a panel rather than jump to the other end of the screen."""
    w0, h0 = widget.size
    fit = min(1.0, area.w / max(w0, 1), area.h / max(h0, 1))
    if fit < widget.min_scale:
        return None
    scales = sorted({min(s, fit) for s in SCALES if s >= widget.min_scale} | {fit}, reverse=True)
    best: tuple[float, Rect] | None = None
    for scale in scales:
        if best is not None and 1.0 - scale >= best[0]:
            break
        w, h = w0 * scale, h0 * scale
        positions = _positions(widget.region, area, w, h, taken)
        anchor_y = positions[0][1]
        for x, y in sorted(positions, key=lambda p: abs(p[1] - anchor_y)):
            cost = (1.0 - scale) + MOVE_COST * abs(y - anchor_y) / area.h
            if best is not None and cost >= best[0]:
                break
            rect = Rect(x, y, w, h)
            if area.contains_rect(rect) and not any(rect.intersects(t) for t in taken):
                best = (cost, rect)
                break
    return None if best is None else best[1]


def _positions(region: Region, area: Rect, w: float, h: float, taken: list[Rect]) -> list[tuple[float, float]]:
    """Where a w x h widget may go in its region: its anchor first, then stacked past each
    widget already there (below it for top regions, above it for bottom ones)."""
    horizontal, vertical = region.value
    x = {"left": area.x, "centre": area.x + (area.w - w) / 2, "right": area.right - w}[horizontal]
    if vertical == "top":
        ys = [area.y] + sorted(t.bottom + GAP for t in taken)
    elif vertical == "bottom":
        ys = [area.bottom - h] + sorted((t.y - GAP - h for t in taken), reverse=True)
    else:   # a centre panel sits a little above the middle, then anywhere it fits
        ys = [area.y + max((area.h - h) * 0.3, 0.0)] + sorted(t.bottom + GAP for t in taken)
    return [(x, y) for y in ys]


def place_labels(labels: Iterable[Label], size: tuple[int, int], taken: list[Rect],
                 offsets: Sequence[tuple[float, float]] = AROUND) -> list[tuple[Label, int, Rect]]:
    """Labels in priority order at the first offset around their point that is on screen and clear
    of `taken` (which grows); each returned with the variant drawn (0: its image, k: alternate k-1)."""
    screen = Rect(0, 0, size[0], size[1])
    out: list[tuple[Label, int, Rect]] = []
    for label in sorted(labels, key=lambda lab: -lab.priority):
        px, py = label.point
        if not (np.isfinite(px) and np.isfinite(py) and screen.contains((px, py))):
            continue   # its place is off screen
        found = _place_label(label, screen, taken, label.offsets or offsets)
        if found is None and label.required:
            found = _place_required(label, screen, taken)
        if found is not None:
            taken.append(found[1])
            out.append((label, *found))
    return out


def _place_required(label: Label, screen: Rect, taken: list[Rect]) -> tuple[int, Rect]:
    """A label that must be shown: its smallest form, further from its point if need be, and
    on its point over the others only when there is no free place near it at all."""
    last = len(label.alternates)
    h, w = label.variant(last).shape[:2]
    px, py = label.point
    for fx, fy in FAR:
        rect = Rect(px + fx * w, py + fy * h, w, h)
        if screen.contains_rect(rect) and not any(rect.intersects(t) for t in taken):
            return last, rect
    return last, Rect(px - w / 2, py - h / 2, w, h)


def _place_label(label: Label, screen: Rect, taken: list[Rect],
                 offsets: Sequence[tuple[float, float]]) -> tuple[int, Rect] | None:
    px, py = label.point
    for k in range(len(label.alternates) + 1):
        h, w = label.variant(k).shape[:2]
        for fx, fy in offsets:
            rect = Rect(px + fx * w, py + fy * h, w, h)
            if screen.contains_rect(rect) and not any(rect.intersects(t) for t in taken):
                return k, rect
    return None
