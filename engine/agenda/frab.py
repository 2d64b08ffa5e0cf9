"""frab / pretalx `schedule.json`: import (validated with jsonschema) and export.

The format: {"schedule": {"version", "conference": {"acronym", "title", "start", "end", "daysCount",
"timeslot_duration", "time_zone_name", "days": [{"index", "date", "day_start", "day_end",
"rooms": {ROOM: [event, ...]}}]}}}; each event has id, guid, date (ISO 8601 with offset), start "HH:MM",
duration "HH:MM", room, slug, title, track, language, abstract, persons[], links[].
"""
from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from datetime import date, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from engine.agenda.model import MAX_ABSTRACT, MAX_SESSIONS, MAX_SPEAKERS, VENUE_TZ, Agenda, Session, clean_text
from engine.errors import UserError

_SLUG = "^[a-z0-9_-]+[a-z0-9]$"
_STR = {"type": "string"}
_OPT_STR = {"type": ["string", "null"]}

# Our own statement of the format's structure (after the c3voc schema): required keys and types are
# enforced; the slug/acronym patterns are kept so that a failure there is recognised and forgiven,
# because real exports (frab's camp2019 among them) use upper case there.
SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["schedule"],
    "properties": {
        "schedule": {
            "type": "object",
            "required": ["version", "conference"],
            "properties": {"version": _STR, "conference": {"$ref": "#/definitions/conference"}},
        },
    },
    "definitions": {
        "conference": {
            "type": "object",
            "required": ["acronym", "title", "start", "end", "daysCount", "timeslot_duration", "days"],
            "properties": {
                "acronym": {"type": "string", "pattern": "^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$"},
                "title": _STR, "start": _STR, "end": _STR, "daysCount": {"type": "integer"},
                "timeslot_duration": _STR, "time_zone_name": _STR,
                "days": {"type": "array", "items": {"$ref": "#/definitions/day"}},
            },
        },
        "day": {
            "type": "object",
            "required": ["index", "date", "day_start", "day_end", "rooms"],
            "properties": {
                "index": {"type": "integer"}, "date": _STR, "day_start": _STR, "day_end": _STR,
                "rooms": {"type": "object",
                          "additionalProperties": {"type": "array", "items": {"$ref": "#/definitions/event"}}},
            },
        },
        "event": {
            "type": "object",
            "required": ["id", "guid", "date", "start", "duration", "room", "title", "persons", "links"],
            "properties": {
                "id": {"type": "integer"}, "guid": _STR, "date": _STR, "end": _STR,
                "start": {"type": "string", "pattern": "^(0[0-9]|1[0-9]|2[0-3]):[0-5][0-9]$"},
                "duration": {"type": "string", "pattern": "^[0-9]+:[0-9]{2}$"},
                "room": _STR, "slug": {"type": "string", "pattern": _SLUG}, "title": _STR,
                "subtitle": _OPT_STR, "track": _OPT_STR, "type": _STR, "language": _OPT_STR,
                "abstract": _OPT_STR, "description": _OPT_STR,
                "persons": {"type": "array", "items": {"$ref": "#/definitions/person"}},
                "links": {"type": "array", "items": {"$ref": "#/definitions/reference"}},
            },
        },
        "person": {
            "type": "object",
            "anyOf": [{"required": ["name"]}, {"required": ["public_name"]}],
            "properties": {"name": _STR, "public_name": _STR},
        },
        "reference": {"type": "object", "required": ["url"], "properties": {"url": _STR, "title": _STR}},
    },
}

_DURATION = re.compile(r"^(-?)(\d+):(\d{2})$")
YEARS = (1900, 2999)  # the dates a conference schedule can hold
MAX_DURATION_HOURS = 24 * 366  # a year: anything longer is a typo, and a huge one overflows datetime
MAX_ZONE_NAME = 64  # IANA names are at most about 30 characters; a long one is not a zone at all


# ---------------------------------------------------------------- import

def parse_frab(text: str | bytes, source: str = "<schedule>", schema: Mapping[str, Any] | None = None) -> Agenda:
    """Parse a frab/pretalx schedule.json document into an Agenda (halls not yet assigned).

    Raises UserError(source, ...) for invalid JSON (with line and column), structural schema
    violations and events that end before they start. `schema` replaces the built-in SCHEMA
    (for example the c3voc schema file itself); its pattern-only failures are forgiven too.
    """
    data = _decode_json(text, source)
    validate(data, source, schema)
    conference = data["schedule"]["conference"]
    zone_name = conference.get("time_zone_name") or ""
    zone = _zone(zone_name)
    count = sum(len(events) for day in conference["days"] for events in day["rooms"].values())
    if count > MAX_SESSIONS:
        raise UserError(source, f"{count:,} events is above the limit of {MAX_SESSIONS:,} for a schedule")
    sessions: list[Session] = []
    for d, day in enumerate(conference["days"]):
        for room_key, events in day["rooms"].items():
            for e, event in enumerate(events):
                where = f"schedule/conference/days/{d}/rooms/{room_key[:40]!r}/{e}"
                sessions.append(_session(event, room_key, zone, where, source))
    title = _text(conference.get("title", ""), "schedule/conference/title", source)
    agenda = Agenda(sessions, title=title, source=source)
    agenda.warnings.extend(_zone_warnings(zone_name, zone, sessions))
    return agenda


def _decode_json(text: str | bytes, source: str) -> Any:
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8-sig")
        return json.loads(text)
    except UnicodeDecodeError as exc:
        raise UserError(source, f"not UTF-8 text (byte {exc.start}): is this really a schedule.json?") from None
    except json.JSONDecodeError as exc:
        raise UserError(source, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except ValueError:
        # Python refuses to convert an integer of more than 4,300 digits (a guard against slow parsing).
        raise UserError(source, "invalid JSON: a number with thousands of digits") from None
    except RecursionError:
        # Thousands of nested brackets overflow the decoder's stack; no schedule nests that deep.
        raise UserError(source, "invalid JSON: nested too deeply to be a schedule.json") from None


def validate(data: Any, source: str = "<schedule>", schema: Mapping[str, Any] | None = None) -> list[str]:
    """Check `data` against the schedule schema; returns the forgiven pattern failures.

    Raises UserError naming up to three real violations (missing keys, wrong types) and their paths.
    """
    import jsonschema  # at call time: importing it costs a noticeable fraction of a second

    chosen = SCHEMA if schema is None else schema
    validator_cls = jsonschema.validators.validator_for(chosen)
    errors = sorted(validator_cls(chosen).iter_errors(data), key=lambda err: list(map(str, err.absolute_path)))
    forgiven = [_describe(err) for err in errors if _pattern_only(err)]
    fatal = [_describe(err) for err in errors if not _pattern_only(err)]
    if fatal:
        more = f" (and {len(fatal) - 3} more)" if len(fatal) > 3 else ""
        raise UserError(source, "not a frab/pretalx schedule.json: " + "; ".join(fatal[:3]) + more)
    return forgiven


def _pattern_only(err: Any) -> bool:
    """True when the failure is a pattern mismatch, also inside anyOf/oneOf (c3voc's Person is a oneOf).

    A combinator counts as pattern-only when some branch failed on patterns alone: with those
    patterns relaxed, that branch would have matched.
    """
    if err.validator == "pattern":
        return True
    if err.validator not in ("anyOf", "oneOf") or not err.context:
        return False
    branches: dict[Any, list[Any]] = {}
    for sub in err.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    return any(all(_pattern_only(sub) for sub in subs) for subs in branches.values())


def _describe(err: Any) -> str:
    path = "/".join(str(p) for p in err.absolute_path) or "top level"
    return f"at {path}: {err.message}"


def _zone(name: str) -> tzinfo | None:
    if not name or len(name) > MAX_ZONE_NAME:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):   # OSError: a name the file system refuses
        return None


def _text(value: Any, what: str, source: str, limit: int | None = None, multiline: bool = False) -> str:
    try:
        return clean_text(value, what, limit or (MAX_ABSTRACT if multiline else 1000), multiline)
    except ValueError as exc:
        raise UserError(source, str(exc)) from None


def _session(event: Mapping[str, Any], room_key: str, zone: tzinfo | None, where: str, source: str) -> Session:
    title = _text(event["title"], f"{where}/title", source)
    label = f"event {title[:80]!r} ({where})"
    if len(event["persons"]) > MAX_SPEAKERS or len(event["links"]) > MAX_SPEAKERS:
        raise UserError(source, f"{label}: more than {MAX_SPEAKERS} persons or links")
    start = _parse_datetime(event["date"], zone, label, source)
    if event.get("end"):
        end = _parse_datetime(event["end"], zone, label, source)
    else:
        end = start + _parse_duration(event["duration"], label, source)
    if end < start:
        raise UserError(source, f"{label}: ends before it starts ({start.isoformat()} to {end.isoformat()})")
    if zone is not None and start.utcoffset() == start.astimezone(zone).utcoffset():
        # Same instant, but a named zone keeps daylight-saving right in later arithmetic.
        start, end = start.astimezone(zone), end.astimezone(zone)
    return Session(
        id=_text(str(event.get("guid") or event["id"]), f"{where}/guid", source), title=title, start=start, end=end,
        room=_text(event.get("room") or room_key, f"{where}/room", source),
        abstract=_text(event.get("abstract") or event.get("description") or "", f"{where}/abstract", source,
                       multiline=True).strip(),
        speakers=tuple(_text(p.get("name") or p.get("public_name") or "", f"{where}/persons", source)
                       for p in event["persons"]),
        track=_text(event.get("track") or "", f"{where}/track", source),
        language=_text(event.get("language") or "", f"{where}/language", source),
        links=tuple(_text(link["url"], f"{where}/links", source) for link in event["links"]),
    )


def _parse_datetime(text: str, zone: tzinfo | None, label: str, source: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise UserError(source, f"{label}: date {text!r} is not an ISO 8601 date-time") from None
    if not YEARS[0] <= value.year <= YEARS[1]:
        # Dates at the ends of datetime's range overflow when a duration or a zone is applied.
        raise UserError(source, f"{label}: date {text!r} is outside the years {YEARS[0]}-{YEARS[1]}")
    if value.tzinfo is None:
        # The format requires an offset; a naive time is read in the conference's zone, else the venue's.
        value = value.replace(tzinfo=zone or VENUE_TZ)
    return value


def _parse_duration(text: str, label: str, source: str) -> timedelta:
    match = _DURATION.match(text.strip())
    if not match:
        raise UserError(source, f"{label}: duration {text!r} is not HH:MM")
    sign, hours, minutes = match.groups()
    if sign:
        raise UserError(source, f"{label}: negative duration {text!r}: it ends before it starts")
    if int(hours) > MAX_DURATION_HOURS:
        # A huge value would overflow the date arithmetic; no session lasts longer than a year.
        raise UserError(source, f"{label}: duration {text!r} is longer than {MAX_DURATION_HOURS} hours")
    return timedelta(hours=int(hours), minutes=int(minutes))


def _zone_warnings(name: str, zone: tzinfo | None, sessions: list[Session]) -> list[str]:
    """Say when the declared zone and the event offsets disagree (pretalx's demo: UTC vs +01:00)."""
    if name and zone is None:
        return [f"unknown time_zone_name {name[:MAX_ZONE_NAME]!r}; using the offsets in the event dates"]
    stray = sorted({offset for s in sessions
                    if s.start.tzinfo is not zone and (offset := s.start.utcoffset()) is not None})
    if zone is None or not stray:
        return []
    shown = ", ".join(_format_offset(o) for o in stray)
    return [f"time_zone_name is {name!r} but event dates carry {shown}; using the offsets in the event dates"]


def _format_offset(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


# ---------------------------------------------------------------- export

GUID_NAMESPACE = uuid.UUID("6f1c8f1e-3b9a-5d4e-9a57-7c1d2a0e2023")


def to_frab(agenda: Agenda, *, acronym: str, title: str, time_zone_name: str = "Asia/Shanghai",
            description: str = "", meta: Mapping[str, Any] | None = None,
            room_names: Mapping[str, str] | None = None, version: str = "1.0",
            timeslot_duration: str = "00:15") -> dict[str, Any]:
    """The agenda as a frab schedule.json document (a dict ready for `json.dumps`).

    Days run from the first to the last session's local date in `time_zone_name`; every day lists
    every room (empty days included) so consumers see the same rooms each day. `room_names`
    ({room: human name}) goes into the conference's room list as descriptions.
    """
    if not agenda.sessions:
        raise ValueError("no sessions to export: a frab schedule needs at least one day")
    zone = ZoneInfo(time_zone_name)
    sessions = sorted(agenda.sessions, key=lambda s: (s.start, s.room, s.title))
    rooms = sorted({s.room for s in sessions})
    first = sessions[0].start.astimezone(zone).date()
    last = sessions[-1].start.astimezone(zone).date()
    days = [_day(i, first + timedelta(days=i), zone, rooms) for i in range((last - first).days + 1)]
    for number, session in enumerate(sessions, start=1):
        local_day = session.start.astimezone(zone).date()
        days[(local_day - first).days]["rooms"][session.room].append(_event(session, number, acronym, zone))
    conference: dict[str, Any] = {
        "acronym": acronym, "title": title, "description": description,
        "start": first.isoformat(), "end": last.isoformat(), "daysCount": len(days),
        "timeslot_duration": timeslot_duration, "time_zone_name": time_zone_name,
        "rooms": [_room(r, (room_names or {}).get(r)) for r in rooms],
        "days": days,
    }
    if meta:
        conference["meta"] = dict(meta)
    return {
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": {"name": "anting-venue"},
        "schedule": {"version": version, "conference": conference},
    }


def _day(index: int, day: date, zone: tzinfo, rooms: list[str]) -> dict[str, Any]:
    start = datetime(day.year, day.month, day.day, tzinfo=zone)
    end = start + timedelta(hours=23, minutes=59)
    return {"index": index + 1, "date": day.isoformat(), "day_start": start.isoformat(),
            "day_end": end.isoformat(), "rooms": {room: [] for room in rooms}}


def _room(name: str, description: str | None) -> dict[str, Any]:
    room: dict[str, Any] = {"name": name, "guid": str(uuid.uuid5(GUID_NAMESPACE, "room/" + name))}
    if description:
        room["description"] = description
    return room


def _guid(session_id: str) -> str:
    try:
        return str(uuid.UUID(session_id))
    except ValueError:
        return str(uuid.uuid5(GUID_NAMESPACE, "session/" + session_id))


def _slug(acronym: str, number: int, title: str) -> str:
    words = re.sub(r"[^a-z0-9]+", "_", title.casefold()).strip("_")
    return f"{acronym.lower()}-{number}-{words[:60].strip('_') or 'session'}"


def _hhmm(length: timedelta) -> str:
    minutes = int(length.total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _event(session: Session, number: int, acronym: str, zone: tzinfo) -> dict[str, Any]:
    start = session.start.astimezone(zone)
    guid = _guid(session.id)
    return {
        "id": number, "guid": guid, "date": start.isoformat(), "start": start.strftime("%H:%M"),
        "duration": _hhmm(session.duration), "room": session.room, "slug": _slug(acronym, number, session.title),
        "url": f"urn:uuid:{guid}", "title": session.title, "subtitle": "", "track": session.track or None,
        "type": "session", "language": session.language or None, "abstract": session.abstract,
        "description": "", "persons": [{"name": name} for name in session.speakers],
        "links": [{"url": url, "title": url} for url in session.links], "attachments": [],
    }
