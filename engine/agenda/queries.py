"""Questions people ask of an agenda: what is on now and next in a hall, what is on a day, find a session."""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo

from engine.agenda.model import VENUE_TZ, Agenda, Session

#: The first day of the 2nd World Metaverse Conference (20-22 Sept 2023): "14:30" alone means this day.
CONFERENCE_FIRST_DAY = date(2023, 9, 20)


@dataclass(frozen=True, slots=True)
class NowNext:
    """What a hall's door sign shows: sessions running at `at`, then the next ones to start."""

    hall: str
    at: datetime
    now: tuple[Session, ...]
    next: tuple[Session, ...]


def now_and_next(agenda: Agenda, hall: str, at: datetime, count: int = 2) -> NowNext:
    """Sessions in `hall` running at `at` (start <= at < end) and the next `count` starting after `at`.

    `hall` is a hall id; for sessions that map to no hall it may be their room name instead, so a
    foreign schedule's rooms still get a door sign.
    """
    _require_aware(at)
    in_hall = [s for s in agenda.sessions if s.place == hall]
    now = tuple(s for s in in_hall if s.is_on(at))
    upcoming = tuple(s for s in in_hall if s.start > at)[:count]
    return NowNext(hall, at, now, upcoming)


def now_and_next_by_hall(agenda: Agenda, at: datetime, count: int = 2,
                         halls: Iterable[str] | None = None) -> list[NowNext]:
    """`now_and_next` for each hall (default: every hall or unmapped room with sessions), sorted."""
    chosen = sorted(halls) if halls is not None else agenda.places()
    return [now_and_next(agenda, hall, at, count) for hall in chosen]


def sessions_on(agenda: Agenda, day: date, tz: tzinfo | None = None) -> list[Session]:
    """Sessions starting on `day`: by the local date in `tz`, or in each session's own zone when None."""
    return [s for s in agenda.sessions if (s.start.astimezone(tz) if tz else s.start).date() == day]


def in_hall(sessions: Iterable[Session], hall: str) -> list[Session]:
    """Sessions whose hall (or, with no hall, room name) is `hall`, in the given order."""
    return [s for s in sessions if s.place == hall]


def search(sessions: Iterable[Session], text: str) -> list[Session]:
    """Sessions whose title, speakers (in the schedule's language or its own Chinese), track, hall or room
    contain every word of `text` (any case).

    Words are matched as substrings, so "game" finds "Games"; an empty query matches everything.
    """
    words = text.casefold().split()
    return [s for s in sessions if all(w in _haystack(s) for w in words)]


def _haystack(session: Session) -> str:
    parts = [session.title, session.title_zh, *session.speakers, *session.speakers_zh, session.track,
             session.hall or "", session.room]
    return "\n".join(parts).casefold()


def overlap_warnings(sessions: Iterable[Session]) -> list[str]:
    """One warning per pair of sessions that overlap in time in the same hall.

    Only sessions with a hall are compared: a room the venue does not know is already warned about,
    and parallel "rooms" in foreign exports are often tracks, not places. Back-to-back sessions
    (one ends when the next starts) do not overlap.
    """
    by_hall: dict[str, list[Session]] = defaultdict(list)
    for session in sessions:
        if session.hall:
            by_hall[session.hall].append(session)
    warnings = []
    for hall, group in sorted(by_hall.items()):
        group.sort(key=lambda s: (s.start, s.end))
        for i, first in enumerate(group):
            for second in group[i + 1:]:
                if second.start >= first.end:
                    break  # sorted by start: nothing later can overlap `first`
                warnings.append(f"sessions overlap in hall {hall}: {first.title!r} ({_span(first)}) "
                                f"and {second.title!r} ({_span(second)})")
    return warnings


def _span(session: Session) -> str:
    return f"{session.start:%Y-%m-%d %H:%M}-{session.end:%H:%M}"


_HHMM = re.compile(r"^(\d{1,2}):(\d{2})$")


def parse_time(text: str, first_day: date | None = None, tz: tzinfo = VENUE_TZ) -> datetime:
    """Read a time a person typed for `--at`.

    Accepts "2023-09-21 14:30", "2023-09-21T14:30+08:00" (ISO 8601, any offset) and "14:30"
    (on `first_day`, default the conference's first day). Times without an offset are in `tz`
    (the venue's zone). Raises ValueError with a message that shows the accepted forms.
    """
    cleaned = text.strip()
    match = _HHMM.match(cleaned)
    try:
        if match:
            clock = time(int(match.group(1)), int(match.group(2)))
            value = datetime.combine(first_day or CONFERENCE_FIRST_DAY, clock)
        else:
            value = datetime.fromisoformat(cleaned)
    except ValueError:
        raise ValueError(f"cannot read time {text!r}: use 'YYYY-MM-DD HH:MM', an ISO 8601 time with offset "
                         "like '2023-09-21T14:30+08:00', or 'HH:MM' (first conference day)") from None
    return value if value.tzinfo else value.replace(tzinfo=tz)


def _require_aware(at: datetime) -> None:
    if at.tzinfo is None:
        raise ValueError("`at` must be timezone-aware (see parse_time)")

