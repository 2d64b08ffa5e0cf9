"""Organizer plan labels: every hall always (in a shorter form where space is short), booths and
experiences where they fit, decluttered by priority; zoomed in far enough, all of them fit."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from engine.i18n import _
from engine.scene.camera import Camera, project
from engine.ui.layout import Label
from engine.ui.names import display_name, short_names, split_title
from engine.ui.text import label, panel
from engine.venue import Venue

TITLE = (235, 238, 245, 255)
SEATS = (200, 212, 230, 255)
OVER = (255, 150, 130, 255)     # capacity above the seats: a warning colour
LIVE = (110, 200, 255, 255)
HALL, EXPERIENCE, BOOTH = 100, 50, 40


@dataclass
class PlanLabel:
    key: str
    point: np.ndarray              # world (3,)
    images: list[np.ndarray]       # the full form first, then shorter ones
    priority: int
    required: bool


def hall_seats(seats: int, capacity: int) -> tuple[str, tuple[int, int, int, int]]:
    if seats:
        return _("{seats} seats · capacity {capacity}").format(seats=seats, capacity=capacity), \
            OVER if capacity > seats else SEATS
    return (_("standing capacity {capacity}").format(capacity=capacity) if capacity else _("no seating")), SEATS


def make_labels(venue: Venue, live: Callable[[str], str] = lambda hall_id: "") -> list[PlanLabel]:
    """Labels for every hall, booth and experience of the venue in the current language; `live` adds who
    is in a hall now."""
    out = []
    for i, h in enumerate(venue.halls.values()):
        seats, colour = hall_seats(h.seats, h.capacity)
        name = display_name(h)
        title, theme = split_title(name)
        now = [[(text, LIVE)]] if (text := live(h.id)) else []
        full = panel(([[(theme, TITLE)]] if theme else []) + [[(seats, colour)]] + now, size=12, padding=5,
                     title=title)
        compact = panel([[(seats, colour)]] + now, size=11, padding=4, title=title)
        short, number = short_names(name)
        pins = [label(text, size=12, padding=4, background=(20, 40, 80, 220))
                for text in dict.fromkeys((short, number))]
        out.append(PlanLabel(f"hall-{i}", np.array([h.center[0], h.height + 1.0, h.center[1]]),
                             [full, compact, *pins], HALL, True))
    for i, e in enumerate(venue.experiences.values()):
        if e.at is not None:
            out.append(PlanLabel(f"exp-{i}", np.array([e.at[0], 2.5, e.at[1]]),
                                 [label(display_name(e), size=11, padding=3, background=(30, 60, 40, 200))],
                                 EXPERIENCE, False))
    for i, b in enumerate(venue.booths.values()):
        if b.at is not None:
            out.append(PlanLabel(f"booth-{i}", np.array([b.at[0], 3.0, b.at[1]]),
                                 [label(display_name(b), size=11, padding=3)], BOOTH, False))
    return out


def screen_labels(labels: list[PlanLabel], camera: Camera, size: tuple[int, int]) -> list[Label]:
    """The labels projected for this view, for the viewer's label placement."""
    if not labels:
        return []
    points = project(camera, np.array([lab.point for lab in labels]), *size)
    return [Label(lab.key, lab.images[0], (float(x), float(y)), lab.priority, lab.required, lab.images[1:])
            for lab, (x, y, _) in zip(labels, points)]

