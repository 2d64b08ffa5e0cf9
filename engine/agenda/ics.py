"""iCalendar (.ics) import and export, through the `icalendar` package.

Export writes what calendar apps show (SUMMARY, DTSTART/DTEND with a VTIMEZONE, LOCATION,
DESCRIPTION with the speakers appended, CATEGORIES, URL) plus X-ANTING-* properties that carry
the exact fields back on import, so export then import gives the same sessions. A session's language goes
out as the LANGUAGE parameter of SUMMARY (RFC 5545, 3.2.10); on import it is read from X-ANTING-LANGUAGE,
else from the LANGUAGE parameter of SUMMARY, DESCRIPTION or LOCATION.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from engine.agenda.frab_event import MAX_DURATION_HOURS, YEARS
from engine.agenda.model import MAX_ABSTRACT, MAX_SESSIONS, MAX_SPEAKERS, VENUE_TZ, Agenda, Session, clean_text
from engine.agenda.tally import Tally
from engine.agenda.uids import unique_ids
from engine.errors import UserError

#: Length given to an event that has neither DTEND nor DURATION (RFC 5545 would make it zero-length).
DEFAULT_LENGTH = timedelta(minutes=30)
PRODID = "-//Anting Venue//WMC 2023 agenda//EN"
SPEAKERS_LABEL = "Speakers: "

_ESCAPED = re.compile(r"\\([\\;,nN])")
_FOLD = re.compile(r"\r?\n[ \t]")  # RFC 5545 folding: a line break followed by one space or tab
_FOLD_BYTES = re.compile(rb"\r?\n[ \t]")
# A content line whose name (what comes before the first ":" or ";") has a space or tab in it.
_SPACED_NAME = re.compile(r"^[^:;\n \t]+[ \t][^:;\n]*[:;]", re.MULTILINE)


def _unescape_text(raw: str) -> str:
    """RFC 5545 TEXT unescaping, for X- properties that `icalendar` hands back raw."""
    return _ESCAPED.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), raw)


# ---------------------------------------------------------------- import

def parse_ics(data: str | bytes, source: str = "<calendar>", default_length: timedelta = DEFAULT_LENGTH,
              default_tz: tzinfo = VENUE_TZ) -> Agenda:
    """Parse an iCalendar document's VEVENTs into an Agenda (halls not yet assigned).

    Line folding and syntax are left to the `icalendar` package, which reads every legal folding.
    Floating times (no TZID, no Z) are read in the calendar's X-WR-TIMEZONE, else in `default_tz`.
    Non-fatal, as warnings: events without an end (given `default_length`), UIDs used more than once
    (all events kept), floating times read in a zone the file does not name. Fatal, as
    UserError(source, ...): content that does not parse (a content line that lost its folding among
    it), an event without DTSTART, an event that ends before it starts.
    """
    from icalendar import Calendar  # at call time: the package is slow to import

    text = data.decode("utf-8-sig", errors="replace") if isinstance(data, bytes) else data
    # Unfolded before decoding: a fold may split the bytes of one character (RFC 5545, 3.1).
    unfolded = _FOLD_BYTES.sub(b"", data).decode("utf-8-sig", errors="replace") if isinstance(data, bytes) \
        else _FOLD.sub("", data)
    if not unfolded.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        raise UserError(source, "not an iCalendar file: the first line must be BEGIN:VCALENDAR")
    try:
        calendar = Calendar.from_ical(unfolded)
    except Exception as exc:  # the icalendar package raises several types for content it cannot parse
        raise UserError(source, f"not a readable iCalendar file: {_one_line(str(exc))}") from None
    _check_names(unfolded, text, source)
    _check_component_errors(calendar, text, source)
    events = calendar.walk("VEVENT")
    if len(events) > MAX_SESSIONS:
        raise UserError(source, f"{len(events):,} events is above the limit of {MAX_SESSIONS:,} for a schedule")
    floating, warnings = _floating_zone(calendar, default_tz, source)
    sessions: list[Session] = []
    tally = Tally()
    # Floating times are worth a warning only where the file names no zone for them.
    guesses = tally if "X-WR-TIMEZONE" not in calendar or warnings else None
    for event in events:
        session, problems = _session(event, source, default_length, floating, guesses)
        sessions.append(session)
        warnings.extend(problems)
    warnings.extend(_duplicate_uid_warnings(sessions))
    warnings.extend(tally.lines())
    if not sessions:
        warnings.append("no events (VEVENT) in this calendar")
    title = _text(_first(calendar.get("X-WR-CALNAME", "")), "X-WR-CALNAME", source)
    return Agenda(sessions, warnings, title=title, source=source)


def _floating_zone(calendar: Any, default_tz: tzinfo, source: str) -> tuple[tzinfo, list[str]]:
    """The zone of floating times: the calendar's X-WR-TIMEZONE (as Google and Apple calendars write
    it), else `default_tz`."""
    from engine.agenda.frab import zone_named

    if "X-WR-TIMEZONE" not in calendar:
        return default_tz, []
    name = _text(_first(calendar["X-WR-TIMEZONE"]), "X-WR-TIMEZONE", source)
    zone = zone_named(name)
    if zone is None:
        return default_tz, [f"unknown X-WR-TIMEZONE {name[:64]!r}; floating times read as {default_tz}"]
    return zone, []


def _check_component_errors(calendar: Any, text: str, source: str) -> None:
    """Content the package could not parse (it records it and carries on): an error with the line
    number where the quoted content line can be found (a line that lost its folding, typically)."""
    for component in calendar.walk():
        for prop, message in getattr(component, "errors", []):
            where = f"{component.name} {prop}" if prop else component.name
            hint = " (a folded line that lost its leading space?)" if "Content line" in message else ""
            raise UserError(source, f"{_line_of(message, text)}{where}: {_one_line(message)}{hint}")


def _check_names(unfolded: str, text: str, source: str) -> None:
    """Refuse a property name with a space in it. No name has one, so the line is a folded continuation
    that lost its leading space; `icalendar` would read its first words, run together, as a name
    ("ded without a space: more" as DEDWITHOUTASPACE) and the text would silently go missing."""
    bad = _SPACED_NAME.search(unfolded)
    if bad:
        line = unfolded[bad.start():].split("\n", 1)[0].rstrip("\r")
        raise UserError(source, f"{_line_number(line, text)}{line[:60]!r} is neither a property "
                                "(NAME:value) nor a folded continuation (which starts with a space): broken line "
                                "folding?")


def _line_of(message: str, text: str) -> str:
    """"line N: " for the content line a message of `icalendar` quotes, where the file has it."""
    quoted = re.search(r"'(.+?)'", message)
    return _line_number(quoted.group(1), text) if quoted else ""


def _line_number(content: str, text: str) -> str:
    for number, line in enumerate(text.split("\n"), start=1):
        if line.rstrip("\r") == content:
            return f"line {number}: "
    return ""


def _one_line(message: str) -> str:
    return " ".join(message.split())[:300]


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


def _session(event: Any, source: str, default_length: timedelta, floating: tzinfo,
             tally: Tally | None) -> tuple[Session, list[str]]:
    title = _text(_first(event.get("SUMMARY", "")), "SUMMARY", source) or "(untitled)"
    uid = _text(_first(event.get("UID", "")), "UID", source)
    label = f"event {title[:80]!r} (UID {uid[:80] or 'none'})"
    if "DTSTART" not in event:
        raise UserError(source, f"{label}: no DTSTART")
    start, all_day = _aware(_decoded(event, "DTSTART", (date,), label, source), floating, tally, label)
    _check_year(start, f"{label}: DTSTART", source)
    warnings = []
    if "DTEND" in event:
        end, _ = _aware(_decoded(event, "DTEND", (date,), label, source), floating, tally, label)
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
    speakers_zh = _x_all(event, "X-ANTING-SPEAKER-ZH")
    if len(speakers) > MAX_SPEAKERS or len(links) > MAX_SPEAKERS:
        raise UserError(source, f"{label}: more than {MAX_SPEAKERS} speakers or links")
    if speakers_zh and len(speakers_zh) != len(speakers):
        warnings.append(f"{label}: {len(speakers_zh)} X-ANTING-SPEAKER-ZH for {len(speakers)} speakers (ignored)")
        speakers_zh = []
    return Session(
        id=uid or f"{title}@{start.isoformat()}", title=title, start=start, end=end,
        room=_text(_first(event.get("LOCATION", "")), "LOCATION", source),
        hall=_text(_x(event, "X-ANTING-HALL"), "X-ANTING-HALL", source) or None,
        abstract=_text(_abstract(event), "DESCRIPTION", source, multiline=True),
        speakers=tuple(_text(s, "X-ANTING-SPEAKER", source) for s in speakers),
        track=_text(_x(event, "X-ANTING-TRACK") or _categories(event), "CATEGORIES", source),
        language=_text(_x(event, "X-ANTING-LANGUAGE") or _language_param(event), "LANGUAGE", source),
        links=tuple(_text(u, "URL", source) for u in links),
        title_zh=_text(_x(event, "X-ANTING-TITLE-ZH"), "X-ANTING-TITLE-ZH", source),
        abstract_zh=_text(_x(event, "X-ANTING-ABSTRACT-ZH"), "X-ANTING-ABSTRACT-ZH", source, multiline=True),
        speakers_zh=tuple(_text(s, "X-ANTING-SPEAKER-ZH", source) for s in speakers_zh),
    ), warnings


def _language_param(event: Any) -> str:
    """The LANGUAGE parameter of the event's text (SUMMARY first), as calendars that state it write it."""
    for name in ("SUMMARY", "DESCRIPTION", "LOCATION"):
        params = getattr(_first(event.get(name)), "params", None)
        value = params.get("LANGUAGE") if params is not None else None
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _check_year(value: datetime, label: str, source: str) -> None:
    """Refuse dates at the ends of datetime's range: adding a length or a zone to them overflows."""
    if not YEARS[0] <= value.year <= YEARS[1]:
        raise UserError(source, f"{label} {value.date().isoformat()} is outside the years {YEARS[0]}-{YEARS[1]}")


def _aware(value: datetime | date, floating: tzinfo, tally: Tally | None, label: str) -> tuple[datetime, bool]:
    """A timezone-aware datetime, and whether the value was a whole day (a DATE).

    A floating (zone-less) time means "local time wherever you are": here, the calendar's
    X-WR-TIMEZONE, else the zone the caller chose, counted in `tally` (if given) as a guess."""
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day, tzinfo=floating), True
    if value.tzinfo is None:
        if tally is not None:
            tally.add(f"floating time (no TZID; read as {floating})", label)
        return value.replace(tzinfo=floating), False
    return value, False


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
    Each event keeps its own zone, and gets a UID no other event in the file has (`unique_ids`).
    """
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
    stamp = stamp or datetime.now(UTC)
    sessions = list(sessions)
    for session, uid in zip(sessions, unique_ids(sessions)):
        calendar.add_component(_event(session, uid, stamp))
    calendar.add_missing_timezones()  # VTIMEZONE for each named zone used, so apps place times right
    return calendar.to_ical()


def _ics_time(value: datetime) -> datetime:
    """Named zones travel with a TZID; a bare offset has no iCalendar name, so it goes as UTC."""
    return value if isinstance(value.tzinfo, ZoneInfo) else value.astimezone(UTC)


def _event(session: Session, uid: str, stamp: datetime) -> Any:
    from icalendar import Event, vText

    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp.astimezone(UTC))
    if session.language:
        event.add("summary", session.title, parameters={"language": session.language})
    else:
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
    extras += [("x-anting-title-zh", session.title_zh), ("x-anting-abstract-zh", session.abstract_zh)]
    extras += [("x-anting-speaker", s) for s in session.speakers]
    extras += [("x-anting-speaker-zh", zh or name) for zh, name in zip(session.speakers_zh, session.speakers)]
    extras += [("x-anting-link", u) for u in session.links[1:]]
    for key, value in extras:
        if value:
            event.add(key, vText(value))  # vText escapes commas, semicolons and newlines
    return event
