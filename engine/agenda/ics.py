"""iCalendar (.ics) import and export, through the `icalendar` package.

Export writes what calendar apps show (SUMMARY, DTSTART/DTEND with a VTIMEZONE, LOCATION,
DESCRIPTION with the speakers appended, CATEGORIES, URL) plus X-ANTING-* properties that carry
the exact fields back on import, so export then import gives the same sessions.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from engine.agenda.frab import MAX_DURATION_HOURS, YEARS
from engine.agenda.model import MAX_ABSTRACT, MAX_SESSIONS, MAX_SPEAKERS, VENUE_TZ, Agenda, Session, clean_text
from engine.errors import UserError

#: Length given to an event that has neither DTEND nor DURATION (RFC 5545 would make it zero-length).
DEFAULT_LENGTH = timedelta(minutes=30)
PRODID = "-//Anting Venue//WMC 2023 agenda//EN"
SPEAKERS_LABEL = "Speakers: "

_ESCAPED = re.compile(r"\\([\\;,nN])")


def _unescape_text(raw: str) -> str:
    """RFC 5545 TEXT unescaping, for X- properties that `icalendar` hands back raw."""
    return _ESCAPED.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), raw)


# ---------------------------------------------------------------- import

def parse_ics(data: str | bytes, source: str = "<calendar>", default_length: timedelta = DEFAULT_LENGTH) -> Agenda:
    """Parse an iCalendar document's VEVENTs into an Agenda (halls not yet assigned).

    Non-fatal, as warnings: events without an end (given `default_length`), UIDs used more than once
    (all events kept). Fatal, as UserError(source, ...): broken line folding, content that does not
    parse, an event without DTSTART, an event that ends before it starts.
    """
    from icalendar import Calendar  # at call time: the package is slow to import

    text = data.decode("utf-8-sig", errors="replace") if isinstance(data, bytes) else data
    _check_lines(text, source)
    try:
        calendar = Calendar.from_ical(text)
    except Exception as exc:  # the icalendar package raises several types for content it cannot parse
        raise UserError(source, f"not a readable iCalendar file: {exc}") from None
    _check_component_errors(calendar, source)
    events = calendar.walk("VEVENT")
    if len(events) > MAX_SESSIONS:
        raise UserError(source, f"{len(events):,} events is above the limit of {MAX_SESSIONS:,} for a schedule")
    sessions: list[Session] = []
    warnings: list[str] = []
    for event in events:
        session, problems = _session(event, source, default_length)
        sessions.append(session)
        warnings.extend(problems)
    warnings.extend(_duplicate_uid_warnings(sessions))
    if not sessions:
        warnings.append("no events (VEVENT) in this calendar")
    title = _text(_first(calendar.get("X-WR-CALNAME", "")), "X-WR-CALNAME", source)
    return Agenda(sessions, warnings, title=title, source=source)


def _check_lines(text: str, source: str) -> None:
    """Catch broken folding with a line number: every content line is NAME...:value or a continuation.

    RFC 5545 folds long lines by starting the continuation with a space or tab; a continuation that
    lost its space reads as a bogus property, which `icalendar` only reports without a line number.
    """
    lines = text.splitlines()
    if not lines or lines[0].strip().upper() != "BEGIN:VCALENDAR":
        raise UserError(source, "not an iCalendar file: the first line must be BEGIN:VCALENDAR")
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line[0] in " \t":
            continue
        name = line.split(":", 1)[0].split(";", 1)[0]
        if ":" not in line or not re.fullmatch(r"[A-Za-z0-9-]+", name):
            raise UserError(source, f"line {number}: {line[:60]!r} is neither a property (NAME:value) nor a "
                                    "folded continuation (which must start with a space): broken line folding?")


def _check_component_errors(calendar: Any, source: str) -> None:
    for component in calendar.walk():
        for prop, message in getattr(component, "errors", []):
            where = f"{component.name} {prop}" if prop else component.name
            raise UserError(source, f"{where}: {message}")


def _first(value: Any) -> Any:
    """A property given more than once comes back as a list: the first is the one used."""
    return value[0] if isinstance(value, list) and value else value


def _text(value: Any, what: str, source: str, multiline: bool = False) -> str:
    try:
        return clean_text(str(value), what, MAX_ABSTRACT if multiline else 1000, multiline).strip()
    except ValueError as exc:
        raise UserError(source, str(exc)) from None


def _decoded(event: Any, name: str, kinds: tuple[type, ...], label: str, source: str) -> Any:
    """A date/time property decoded, checked to be given once and of one of `kinds` (a DTSTART given as
    a duration, a period or a bare time would fail later, far from its cause)."""
    expected = "a length of time" if kinds == (timedelta,) else "a date or a date and time"
    if isinstance(event.get(name), list):
        raise UserError(source, f"{label}: {name} is given more than once")
    try:
        value = event.decoded(name)
    except Exception:  # the icalendar package raises several types for values it cannot read
        raise UserError(source, f"{label}: {name} cannot be read as {expected}") from None
    if not isinstance(value, kinds):
        raise UserError(source, f"{label}: {name} must be {expected}, not {type(value).__name__}")
    return value


def _session(event: Any, source: str, default_length: timedelta) -> tuple[Session, list[str]]:
    title = _text(_first(event.get("SUMMARY", "")), "SUMMARY", source) or "(untitled)"
    uid = _text(_first(event.get("UID", "")), "UID", source)
    label = f"event {title[:80]!r} (UID {uid[:80] or 'none'})"
    if "DTSTART" not in event:
        raise UserError(source, f"{label}: no DTSTART")
    start, all_day = _aware(_decoded(event, "DTSTART", (date,), label, source))
    _check_year(start, f"{label}: DTSTART", source)
    warnings = []
    if "DTEND" in event:
        end, _ = _aware(_decoded(event, "DTEND", (date,), label, source))
        _check_year(end, f"{label}: DTEND", source)
    elif "DURATION" in event:
        length = _decoded(event, "DURATION", (timedelta,), label, source)
        if abs(length) > timedelta(hours=MAX_DURATION_HOURS):
            # Beyond a year it is a typo, and a huge one overflows the date arithmetic.
            raise UserError(source, f"{label}: DURATION is longer than {MAX_DURATION_HOURS} hours")
        end = start + length
    elif all_day:
        end = start + timedelta(days=1)  # RFC 5545: a date-valued DTSTART alone lasts one day
    else:
        end = start + default_length
        minutes = int(default_length.total_seconds() // 60)
        warnings.append(f"event {title!r} at {start.isoformat()} has no end (DTEND or DURATION); "
                        f"assumed {minutes} min")
    if "RRULE" in event or "RDATE" in event:
        # Expanding recurrences needs a horizon and exceptions; a conference agenda lists each session once.
        warnings.append(f"event {title!r} repeats (RRULE/RDATE): only its first occurrence is used")
    if end < start:
        raise UserError(source, f"{label}: ends before it starts ({start.isoformat()} to {end.isoformat()})")
    speakers, links = _x_all(event, "X-ANTING-SPEAKER"), _links(event)
    if len(speakers) > MAX_SPEAKERS or len(links) > MAX_SPEAKERS:
        raise UserError(source, f"{label}: more than {MAX_SPEAKERS} speakers or links")
    return Session(
        id=uid or f"{title}@{start.isoformat()}", title=title, start=start, end=end,
        room=_text(_first(event.get("LOCATION", "")), "LOCATION", source),
        hall=_text(_x(event, "X-ANTING-HALL"), "X-ANTING-HALL", source) or None,
        abstract=_text(_abstract(event), "DESCRIPTION", source, multiline=True),
        speakers=tuple(_text(s, "X-ANTING-SPEAKER", source) for s in speakers),
        track=_text(_x(event, "X-ANTING-TRACK") or _categories(event), "CATEGORIES", source),
        language=_text(_x(event, "X-ANTING-LANGUAGE"), "X-ANTING-LANGUAGE", source),
        links=tuple(_text(u, "URL", source) for u in links),
    ), warnings


def _check_year(value: datetime, label: str, source: str) -> None:
    """Refuse dates at the ends of datetime's range: adding a length or a zone to them overflows."""
    if not YEARS[0] <= value.year <= YEARS[1]:
        raise UserError(source, f"{label} {value.date().isoformat()} is outside the years {YEARS[0]}-{YEARS[1]}")


def _aware(value: datetime | date) -> tuple[datetime, bool]:
    """A timezone-aware datetime, and whether the value was a whole day (a DATE)."""
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day, tzinfo=VENUE_TZ), True
    # A floating (zone-less) time means "local time wherever you are": here, the venue's.
    return (value if value.tzinfo else value.replace(tzinfo=VENUE_TZ)), False


def _x_all(event: Any, name: str) -> list[str]:
    values = event.get(name)
    if values is None:
        return []
    if not isinstance(values, list):
        values = [values]
    return [_unescape_text(_raw(v)) for v in values]


def _raw(value: Any) -> str:
    """A property's value as written: `to_ical()` gives bytes for most types, str for some (an X-
    property given a VALUE= type it does not have), and may fail for a value it could not parse."""
    try:
        raw = value.to_ical() if hasattr(value, "to_ical") else value
    except Exception:  # the icalendar package raises several types here
        raw = str(value)
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


def _x(event: Any, name: str) -> str:
    values = _x_all(event, name)
    return values[0] if values else ""


def _abstract(event: Any) -> str:
    """DESCRIPTION without the speakers line that `to_ics` appends for people reading it in a calendar app."""
    text = str(_first(event.get("DESCRIPTION", "")))
    speakers = _x_all(event, "X-ANTING-SPEAKER")
    suffix = SPEAKERS_LABEL + "; ".join(speakers)
    if speakers and text.endswith(suffix):
        text = text[: -len(suffix)]
    return text.strip()


def _categories(event: Any) -> str:
    values = event.get("CATEGORIES")
    if values is None:
        return ""
    cats = [c for v in (values if isinstance(values, list) else [values]) for c in getattr(v, "cats", [v])]
    return ", ".join(_unescape_text(str(c)) for c in cats)


def _links(event: Any) -> tuple[str, ...]:
    links = [str(_first(event["URL"]))] if "URL" in event else []
    links += [u for u in _x_all(event, "X-ANTING-LINK") if u not in links]
    return tuple(links)


def _duplicate_uid_warnings(sessions: Iterable[Session]) -> list[str]:
    sessions = list(sessions)
    counts = Counter(s.id for s in sessions)
    warnings = []
    for uid, count in counts.items():
        if count > 1:
            titles = ", ".join(repr(s.title) for s in sessions if s.id == uid)
            warnings.append(f"UID {uid!r} is used by {count} events ({titles}); all are kept")
    return warnings


# ---------------------------------------------------------------- export

def to_ics(sessions: Iterable[Session], *, name: str = "", stamp: datetime | None = None) -> bytes:
    """The sessions as an iCalendar document (CRLF lines, folded, with VTIMEZONEs) that calendar apps import.

    `stamp` is the DTSTAMP of every event (default: now, UTC); pass a fixed one for reproducible files.
    """
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
    stamp = stamp or datetime.now(UTC)
    for session in sessions:
        calendar.add_component(_event(session, stamp))
    calendar.add_missing_timezones()  # VTIMEZONE for each named zone used, so apps place times right
    return calendar.to_ical()


def _ics_time(value: datetime) -> datetime:
    """Named zones travel with a TZID; a bare offset has no iCalendar name, so it goes as UTC."""
    return value if isinstance(value.tzinfo, ZoneInfo) else value.astimezone(UTC)


def _event(session: Session, stamp: datetime) -> Any:
    from icalendar import Event, vText

    event = Event()
    event.add("uid", session.id)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("summary", session.title)
    event.add("dtstart", _ics_time(session.start))
    event.add("dtend", _ics_time(session.end))
    if session.room:
        event.add("location", session.room)
    description = session.abstract
    if session.speakers:
        description = (description + "\n\n" if description else "") + SPEAKERS_LABEL + "; ".join(session.speakers)
    if description:
        event.add("description", description)
    if session.track:
        event.add("categories", [session.track])
    if session.links:
        event.add("url", session.links[0])
    extras = [("x-anting-hall", session.hall), ("x-anting-track", session.track),
              ("x-anting-language", session.language)]
    extras += [("x-anting-speaker", s) for s in session.speakers]
    extras += [("x-anting-link", u) for u in session.links[1:]]
    for key, value in extras:
        if value:
            event.add(key, vText(value))  # vText escapes commas, semicolons and newlines
    return event
