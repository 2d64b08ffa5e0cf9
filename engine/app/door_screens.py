"""Screens beside every hall door that show what is on now and next, redrawn as the clock moves and when
the language changes: the hall's name in both languages always, what is on in the viewer's language."""
from __future__ import annotations

import math
import weakref
from collections.abc import Callable, Sequence
from datetime import datetime

import numpy as np

from engine.i18n import bilingual, language, on_language_change
from engine.i18n.dates import format_datetime, format_time, venue_time
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


LinesOf = Callable[[str], Sequence[tuple[str, str]]]


class DoorScreens:
    """One screen per door; `update(lines_of)` redraws the screens whose text changed, and a change of
    language redraws them all with the last `lines_of` (call `remove()` when the screens go away)."""

    def __init__(self, venue) -> None:
        self.venue = venue
        self.node = Node(name="door-screens")
        self.screens: list[tuple[str, Material, tuple]] = []   # (hall id, material, last lines)
        self._lines_of: LinesOf | None = None
        pos, idx, nrm, uv = _quad()
        for hall in venue.halls.values():
            for i, door in enumerate(hall.doors):
                mat = Material(base_color=(1, 1, 1, 1), texture=np.zeros((4, 4, 4), np.uint8),
                               unlit=True, sampler=SCREEN_SAMPLER, name=f"door-screen-{hall.id}-{i}")
                mesh = Mesh(pos, idx, nrm, uv, None, mat, name=mat.name)
                self.node.add(Node(name=mat.name, matrix=_placement(door), meshes=[mesh]))
                self.screens.append((hall.id, mat, ()))
        self._languages = [""] * len(self.screens)   # the language each screen was drawn in
        self.pending = False   # some screens still wait for their picture (see `update`'s budget)
        venue.scene.root.add(self.node)
        venue.scene.changed()
        # Held weakly: screens dropped without remove() are neither kept alive nor redrawn.
        self._stop_listening = on_language_change(_weakly(self._language_changed))

    def update(self, lines_of: LinesOf, budget: int | None = None) -> int:
        """Redraw screens whose lines (from `lines_of(hall id)`) or language changed; returns how many.
        A hall's doors share one picture. With a `budget`, at most that many pictures are drawn (about
        12 ms each) and `pending` says whether more wait: the first frame need not wait for all of them."""
        self._lines_of = lines_of
        lang = language()
        wanted: dict[str, tuple] = {}
        pictures: dict[str, np.ndarray] = {}
        changed = 0
        pending = False
        for i, (hall_id, mat, shown) in enumerate(self.screens):
            if hall_id not in wanted:
                wanted[hall_id] = tuple(lines_of(hall_id))
            lines = wanted[hall_id]
            if (self._languages[i], shown) == (lang, lines):
                continue
            if hall_id not in pictures:
                if budget is not None and len(pictures) >= budget:
                    pending = True
                    continue
                pictures[hall_id] = draw_door_screen(hall_sign_lines(self.venue.halls[hall_id]), lines, lang)
            mat.texture = pictures[hall_id]
            mat.texture_version += 1
            self.screens[i] = (hall_id, mat, lines)
            self._languages[i] = lang
            changed += 1
        self.pending = pending
        return changed

    def _language_changed(self, lang: str) -> None:
        if self._lines_of is not None:
            self.update(self._lines_of)

    def remove(self) -> None:
        self._stop_listening()
        if self.node in self.venue.scene.root.children:
            self.venue.scene.root.children.remove(self.node)
            self.venue.scene.changed()


def _weakly(method: Callable[[str], None]) -> Callable[[str], None]:
    """A listener calling `method` while its object lives, and nothing after."""
    ref = weakref.WeakMethod(method)

    def call(lang: str) -> None:
        bound = ref()
        if bound is not None:
            bound(lang)
    return call


def hall_sign_lines(hall) -> tuple[str, ...]:
    """A hall's name as its signs write it: Chinese above English (one line where no Chinese is known)."""
    sign_lines = getattr(hall, "sign_lines", None)
    return sign_lines("name") if sign_lines is not None else bilingual(hall.name)


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


def session_title(session, lang: str) -> str:
    """A session's title in `lang`, its own title where it has none in that language."""
    title_for = getattr(session, "title_for", None)
    return title_for(lang) if title_for is not None else session.title


def screen_lines(now_next, at: datetime, live: str = "", lang: str | None = None) -> list[tuple[str, str]]:
    """(tag, text) rows for a door screen from a NowNext, in `lang` (default: the current language): the
    session on now, the next two with their start (its day too when not today), and who is in the hall when
    known. Tags are NOW, NEXT and HERE; the screen writes them in the language it is drawn in."""
    lang = lang or language()
    today = venue_time(at).date()
    rows: list[tuple[str, str]] = [("NOW", session_title(s, lang)) for s in now_next.now[:1]]
    for s in now_next.next[:2]:
        when = format_time(s.start, lang) if venue_time(s.start).date() == today else format_datetime(s.start, lang)
        rows.append(("NEXT", f"{when} {session_title(s, lang)}"))
    if live:
        rows.append(("HERE", live))
    return rows
