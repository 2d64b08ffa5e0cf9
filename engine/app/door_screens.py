"""Screens beside every hall door that show what is on now and next, redrawn as the clock moves."""
from __future__ import annotations

import math
from datetime import datetime

import numpy as np

from engine.scene import Material, Mesh, Node
from engine.scene.material import Sampler, Wrap
from engine.venue.halls import WALL_T
from engine.venue.screen_text import draw_door_screen

SIZE_M = (2.2, 1.2375)    # 16:9, filling the glazing beside the door
CENTRE_Y = 1.9
JAMB_GAP_M = 0.25         # between the door's jamb and the screen's edge
# Read whole, never repeated: clamped, so the mipmaps of the edge do not bleed in the other side.
SCREEN_SAMPLER = Sampler(wrap_s=Wrap.CLAMP, wrap_t=Wrap.CLAMP)


def _quad() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    w, h = SIZE_M[0] / 2, SIZE_M[1] / 2
    pos = np.array([[-w, -h, 0], [w, -h, 0], [w, h, 0], [-w, h, 0]], np.float32)
    uv = np.array([[0, 1], [1, 1], [1, 0], [0, 0]], np.float32)   # v = 0 at the image's top
    return pos, np.array([[0, 1, 2], [0, 2, 3]]), np.tile([0, 0, 1.0], (4, 1)), uv


class DoorScreens:
    """One screen per door; `update(now_next_of)` redraws the screens whose text changed."""

    def __init__(self, venue) -> None:
        self.venue = venue
        self.node = Node(name="door-screens")
        self.screens: list[tuple[str, Material, tuple]] = []   # (hall id, material, last lines)
        pos, idx, nrm, uv = _quad()
        for hall in venue.halls.values():
            for i, door in enumerate(hall.doors):
                mat = Material(base_color=(1, 1, 1, 1), texture=np.zeros((4, 4, 4), np.uint8),
                               unlit=True, sampler=SCREEN_SAMPLER, name=f"door-screen-{hall.id}-{i}")
                mesh = Mesh(pos, idx, nrm, uv, None, mat, name=mat.name)
                self.node.add(Node(name=mat.name, matrix=_placement(door), meshes=[mesh]))
                self.screens.append((hall.id, mat, ()))
        venue.scene.root.add(self.node)
        venue.scene.changed()

    def update(self, lines_of) -> int:
        """Redraw screens whose lines (from `lines_of(hall id)`) changed; returns how many."""
        changed = 0
        cache: dict[str, tuple] = {}
        for i, (hall_id, mat, old) in enumerate(self.screens):
            lines = cache.setdefault(hall_id, tuple(lines_of(hall_id)))
            if lines != old:
                mat.texture = draw_door_screen(self.venue.halls[hall_id].name, lines)
                mat.texture_version += 1
                self.screens[i] = (hall_id, mat, lines)
                changed += 1
        return changed

    def remove(self) -> None:
        if self.node in self.venue.scene.root.children:
            self.venue.scene.root.children.remove(self.node)
            self.venue.scene.changed()


def _placement(door) -> np.ndarray:
    """Beside the door, on the outside of the wall, facing out."""
    ox, oz = door.outward
    along = np.array([-oz, ox])
    off_wall = WALL_T / 2 + 0.06   # door.center is on the wall's centre line
    beside = door.width / 2 + SIZE_M[0] / 2 + JAMB_GAP_M
    x, z = np.asarray(door.center) + along * beside + np.array([ox, oz]) * off_wall
    a = math.atan2(ox, oz)   # turns the quad's +Z to face outward
    m = np.eye(4)
    m[0, 0], m[0, 2], m[2, 0], m[2, 2] = math.cos(a), math.sin(a), -math.sin(a), math.cos(a)
    m[:3, 3] = (x, CENTRE_Y, z)
    return m


def screen_lines(now_next, at: datetime, live: str = "") -> list[tuple[str, str]]:
    """(label, text) rows for a door screen from a NowNext, and who is in the hall when known."""
    rows: list[tuple[str, str]] = []
    for s in now_next.now[:1]:
        rows.append(("NOW", s.title))
        rows.append(("", f"until {s.end.astimezone(at.tzinfo):%H:%M}"))
    if not now_next.now:
        rows.append(("NOW", "nothing on"))
    for s in now_next.next[:2]:
        day = "" if s.start.date() == at.date() else f"{s.start.astimezone(at.tzinfo):%a} "
        rows.append(("NEXT", f"{day}{s.start.astimezone(at.tzinfo):%H:%M} {s.title}"))
    if live:
        rows.append(("HERE", live))
    return rows
