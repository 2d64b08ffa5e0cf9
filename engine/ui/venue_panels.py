"""What the explore mode shows about the venue: the hall card, and the rows of its two panels, in the
current language: names from the venue (`name_zh` or the catalogue), session titles (`title_for`), venue
times the Chinese or the English way (engine.i18n.dates)."""
from __future__ import annotations

from datetime import datetime

import numpy as np

from engine.i18n import N_, _, localized, pgettext
from engine.i18n.dates import format_date, format_datetime, format_time, format_time_range, venue_time
from engine.ui.list_panel import Entry
from engine.ui.names import (
    display_name,
    language_tag,
    search_names,
    session_speakers,
    session_title,
    session_titles,
)
from engine.ui.text import panel

DIM, TEXT, NOW, NEXT = (160, 172, 190, 255), (235, 238, 245, 255), (90, 230, 140, 255), (255, 200, 90, 255)
HERE = (110, 200, 255, 255)
# How the go-to list names a hall's kind (engine.venue.model.HallKind.label, marked here for the catalogue)
KIND_LABELS = {"forum": N_("forum hall"), "subforum": N_("subforum hall"), "exhibition": N_("exhibition hall")}


def hall_card(hall, rows: list) -> np.ndarray:
    """The hall card's picture from `hall_card_rows`."""
    return panel(rows, size=16, title=display_name(hall))


def hall_theme(hall) -> str:
    """The hall's theme in the current language, its first letter a capital."""
    theme = localized(hall.theme, getattr(hall, "theme_zh", None)) if hall.theme else ""
    return theme[:1].upper() + theme[1:]


def hall_card_rows(hall, now_next, at: datetime, live: str = "") -> list:
    """The hall's theme, who is here (when attendees are connected), the session on now (speakers,
    time left) and the next ones, as panel rows."""
    rows = [[("", DIM), (hall_theme(hall), (200, 215, 235, 255))]]
    if live:
        # Translators: the hall card's tags: short, in capitals in English
        rows.append([(pgettext("hall card", "HERE"), HERE), (live, TEXT)])
    now_tag = pgettext("hall card", "NOW")
    for s in now_next.now[:1]:
        left = max(0, int((s.end - at).total_seconds() // 60))
        rows.append([(now_tag, NOW), (language_tag(s) + session_title(s), TEXT)])
        if s.speakers:
            rows.append([("", DIM), (_(", ").join(session_speakers(s)), DIM)])
        rows.append([("", DIM), (_("{time}, {minutes} min left").format(
            time=format_time_range(s.start, s.end), minutes=left), DIM)])
    if not now_next.now:
        rows.append([(now_tag, NOW), (_("nothing on"), DIM)])
    for s in now_next.next:
        same_day = venue_time(s.start).date() == venue_time(at).date()
        when = format_time(s.start) if same_day else format_datetime(s.start)
        rows.append([(pgettext("hall card", "NEXT"), NEXT), (f"{when}  {language_tag(s)}{session_title(s)}", TEXT)])
    return rows


def session_entries(sessions, halls: dict, bookmarked) -> list[Entry]:
    """Agenda panel rows: title (starred when bookmarked), day, time, hall and speakers. `halls` maps hall
    ids to the venue's halls (their names are shown in the current language and found in either)."""
    entries = []
    for s in sessions:
        mark = "[*] " if s.id in bookmarked else ""
        hall = halls.get(s.hall or "")
        where = display_name(hall) if hall is not None else s.room
        who = _(", ").join(session_speakers(s))
        when = f"{format_date(s.start)} {format_time_range(s.start, s.end)}"
        detail = " · ".join(part for part in (when, where, who) if part)
        names = (*session_titles(s), *(search_names(hall) if hall is not None else (s.room,)))
        entries.append(Entry(s.id, mark + language_tag(s) + session_title(s), detail,
                             f"{s.track} {' '.join(s.speakers)} {s.hall or ''}", names))
    return entries


def place_entries(venue, reachable: set[str]) -> list[Entry]:
    """"Go to" panel rows: every hall, booth and experience, then other named places one can reach; each
    found by its English and Chinese names (and their pinyin) whichever language is shown."""
    entries = []
    for h in venue.halls.values():
        parts = [_(KIND_LABELS.get(str(h.kind), h.kind.label))]
        parts += [localized(h.theme, getattr(h, "theme_zh", None))] if h.theme else []
        parts += [_("{seats} seats").format(seats=h.seats)] if h.seats else []
        entries.append(Entry(h.id, display_name(h), " · ".join(parts), h.id, search_names(h)))
    for b in venue.booths.values():
        detail = _("booth · {description}").format(description=_described(b))
        entries.append(Entry(b.id, display_name(b), detail[:120], "booth exhibition", search_names(b)))
    for e in venue.experiences.values():
        detail = _("experience · {description}").format(description=_described(e))
        entries.append(Entry(e.id, display_name(e), detail[:120], f"experience {e.kind}", search_names(e)))
    known = {e.key for e in entries}
    for wid, wp in venue.waypoints.items():
        if wid not in known and wid in reachable:
            entries.append(Entry(wid, display_name(wp) or wid, _("place · {id}").format(id=wid), wid,
                                 search_names(wp)))
    return entries


def _described(item) -> str:
    text = getattr(item, "description", "") or ""
    return localized(text, getattr(item, "description_zh", None)) if text else ""
