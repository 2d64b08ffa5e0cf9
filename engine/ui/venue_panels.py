"""What the explore mode shows about the venue: the hall card, and the rows of its two panels."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import numpy as np

from engine.agenda.model import VENUE_TZ
from engine.ui.list_panel import Entry
from engine.ui.text import fit_text, font, panel, surface_to_rgba

DIM, TEXT, NOW, NEXT = (160, 172, 190, 255), (235, 238, 245, 255), (90, 230, 140, 255), (255, 200, 90, 255)
HERE = (110, 200, 255, 255)


def hall_card(hall, rows: list) -> np.ndarray:
    """The hall card's picture from `hall_card_rows`."""
    return panel(rows, size=16, title=hall.name)


def hall_card_rows(hall, now_next, at: datetime, live: str = "") -> list:
    """The hall's theme, who is here (when attendees are connected), the session on now (speakers,
    time left) and the next ones, as panel rows."""
    rows = [[("", DIM), (hall.theme.capitalize(), (200, 215, 235, 255))]]
    if live:
        rows.append([("HERE", HERE), (live, TEXT)])
    local = lambda t: t.astimezone(at.tzinfo)  # noqa: E731  (times in the venue's zone)
    for s in now_next.now[:1]:
        left = max(0, int((s.end - at).total_seconds() // 60))
        rows.append([("NOW", NOW), (s.title, TEXT)])
        if s.speakers:
            rows.append([("", DIM), (", ".join(s.speakers), DIM)])
        rows.append([("", DIM), (f"{local(s.start):%H:%M}-{local(s.end):%H:%M}, {left} min left", DIM)])
    if not now_next.now:
        rows.append([("NOW", NOW), ("nothing on", DIM)])
    for s in now_next.next:
        day = "" if local(s.start).date() == at.date() else f"{local(s.start):%a} "
        rows.append([("NEXT", NEXT), (f"{day}{local(s.start):%H:%M}  {s.title}", TEXT)])
    return rows


def session_entries(sessions, hall_names: dict[str, str], bookmarked) -> list[Entry]:
    """Agenda panel rows: title (starred when bookmarked), day, time, hall and speakers."""
    entries = []
    for s in sessions:
        mark = "[*] " if s.id in bookmarked else ""
        where = hall_names.get(s.hall or "", s.room)
        who = ", ".join(s.speakers)
        start, end = s.start.astimezone(VENUE_TZ), s.end.astimezone(VENUE_TZ)
        detail = f"{start:%a %d %b %H:%M}-{end:%H:%M} · {where}" + (f" · {who}" if who else "")
        entries.append(Entry(s.id, mark + s.title, detail, f"{s.track} {who} {where} {s.hall or ''}"))
    return entries


def place_entries(venue, reachable: set[str]) -> list[Entry]:
    """"Go to" panel rows: every hall, booth and experience, then other named places one can reach."""
    entries = []
    for h in venue.halls.values():
        detail = f"{h.kind.label} · {h.theme}" + (f" · {h.seats} seats" if h.seats else "")
        entries.append(Entry(h.id, h.name, detail, h.id))
    for b in venue.booths.values():
        entries.append(Entry(b.id, b.name, f"booth · {b.description}"[:120], "booth exhibition"))
    for e in venue.experiences.values():
        entries.append(Entry(e.id, e.name, f"experience · {e.description}"[:120], f"experience {e.kind}"))
    known = {e.key for e in entries}
    for wid, wp in venue.waypoints.items():
        if wid not in known and wid in reachable:
            entries.append(Entry(wid, wp.name or wid, f"place · {wid}"))
    return entries


DOOR_SCREEN_PX = (384, 208)


def door_screen(hall_name: str, lines: Sequence[tuple[str, str]]) -> np.ndarray:
    """The picture on a door screen: the hall's name, then rows of (NOW|NEXT|"", text)."""
    import pygame
    w, h = DOOR_SCREEN_PX
    surf = pygame.Surface((w, h), pygame.SRCALPHA)
    surf.fill((10, 22, 48, 255))
    pygame.draw.rect(surf, (40, 200, 230, 255), (0, h - 8, w, 8))
    title, small, tag = font(26, bold=True), font(17), font(14, bold=True)
    title.render_to(surf, (14, 12), fit_text(title, hall_name, w - 28), (255, 255, 255, 255))
    y = 52
    for tag_text, text in lines:
        if tag_text:
            colour = {"NOW": NOW, "HERE": HERE}.get(tag_text, NEXT)
            tag.render_to(surf, (14, y + 3), tag_text, colour)
        small.render_to(surf, (70, y), fit_text(small, text, w - 84), (230, 236, 245, 255))
        y += 30
    return surface_to_rgba(surf)
