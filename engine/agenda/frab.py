"""frab / pretalx `schedule.json`: lenient import, strict validation (for exporters) and export.

The format: {"schedule": {"version", "conference": {"acronym", "title", "start", "end", "daysCount",
"timeslot_duration", "time_zone_name", "days": [{"index", "date", "day_start", "day_end",
"rooms": {ROOM: [event, ...]}}]}}}; each event has id, guid, date (ISO 8601 with offset), start "HH:MM",
duration "HH:MM", room, slug, title, track, language, abstract, persons[], links[].
A schedule may carry its own Chinese for its events in conference/meta/translations (see
`engine.agenda.frab_translations`); the bundled agenda does.
"""
from __future__ import annotations

import json
import re
import uuid
from collections import Counter
from collections.abc import Mapping
from datetime import date, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from engine.agenda.frab_event import GUID_NAMESPACE, Reading, read_event
from engine.agenda.frab_translations import chinese_meta, with_chinese
from engine.agenda.model import MAX_SESSIONS, VENUE_TZ, Agenda, Session, tidy_text
from engine.agenda.uids import unique_ids
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

MAX_ZONE_NAME = 64  # IANA names are at most about 30 characters; a long one is not a zone at all


# ---------------------------------------------------------------- import

def parse_frab(text: str | bytes, source: str = "<schedule>", default_tz: tzinfo = VENUE_TZ) -> Agenda:
    """Parse a frab/pretalx schedule.json document into an Agenda (halls not yet assigned).

    Read leniently (see `engine.agenda.frab_event`): what the schema calls wrong but can be understood
    loads, with one warning per kind of fault. Raises UserError(source, ...) for invalid JSON (with line
    and column), a document without schedule/conference/days, and events that cannot be understood.
    Times without an offset are read in the conference's `time_zone_name`, else in `default_tz`.
    """
    data = _decode_json(text, source)
    conference = _object(_object(data, "schedule", "", source), "conference", "schedule", source)
    days = conference.get("days")
    if not isinstance(days, list):
        raise UserError(source, "not a frab/pretalx schedule.json: schedule/conference/days "
                                + ("is missing" if days is None else "is not a list"))
    zone_name, zone = _declared_zone(conference.get("time_zone_name"))
    listed, notes = _events(days, source)
    reading = Reading(source, zone, default_tz)
    sessions = [read_event(event, room, day_date, where, reading) for event, room, day_date, where in listed]
    sessions, chinese_warnings = with_chinese(sessions, conference.get("meta"))
    title = conference.get("title")
    agenda = Agenda(sessions, title=plain_title(title) if isinstance(title, str) else "", source=source)
    agenda.warnings.extend(notes + reading.tally.lines() + chinese_warnings)
    agenda.warnings.extend(zone_warnings(zone_name, zone, sessions))
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


def _object(data: Any, key: str, where: str, source: str) -> dict[str, Any]:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, dict):
        path = f"{where}/{key}" if where else key
        problem = "is missing" if value is None else "is not an object"
        raise UserError(source, f"not a frab/pretalx schedule.json: {path} {problem}")
    return value


Listed = tuple[Mapping[str, Any], str, str | None, str]


def _events(days: list[Any], source: str) -> tuple[list[Listed], list[str]]:
    """Every event with its room, its day's date and where it is listed; and notes on empty days."""
    listed: list[Listed] = []
    notes: list[str] = []
    for d, day in enumerate(days):
        if not isinstance(day, dict):
            raise UserError(source, f"schedule/conference/days/{d} is {_kind(day)}, not a day")
        rooms = day.get("rooms")
        if rooms is None:
            notes.append(f"day {d + 1} lists no rooms")
            continue
        if not isinstance(rooms, dict):
            raise UserError(source, f"schedule/conference/days/{d}/rooms is {_kind(rooms)}, not an object")
        day_date = day.get("date") if isinstance(day.get("date"), str) else None
        for room, events in rooms.items():
            where = f"day {d + 1}, room {room[:40]!r}"
            if events is None:
                continue
            if not isinstance(events, list):
                raise UserError(source, f"{where}: the events are {_kind(events)}, not a list")
            for e, event in enumerate(events):
                if not isinstance(event, dict):
                    raise UserError(source, f"{where}, event {e + 1}: {_kind(event)}, not an event")
                listed.append((event, room, day_date, where))
            if len(listed) > MAX_SESSIONS:
                raise UserError(source, f"more than {MAX_SESSIONS:,} events: above the limit for a schedule")
    return listed, notes


def _kind(value: object) -> str:
    return {list: "a list", dict: "an object", str: "text", type(None): "null"}.get(type(value), "a number")


def validate(data: Any, source: str = "<schedule>", schema: Mapping[str, Any] | None = None) -> list[str]:
    """Check `data` against the schedule schema (strictly: what an exporter should check before
    publishing); returns the forgiven pattern failures. Reading does not call this: it is lenient.

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


def _declared_zone(value: Any) -> tuple[str, tzinfo | None]:
    """The zone the file names (its name as given, and the zone or None when unknown)."""
    name = value if isinstance(value, str) else ""
    return name, zone_named(name)


def zone_named(name: str) -> tzinfo | None:
    if not name or len(name) > MAX_ZONE_NAME:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):   # OSError: a name the file system refuses
        return None


def plain_title(value: str) -> str:
    """The conference's title; one that cannot be shown is left out rather than stopping the import."""
    try:
        return tidy_text(value, "title")[0].strip()
    except ValueError:
        return ""


def zone_warnings(name: str, zone: tzinfo | None, sessions: list[Session]) -> list[str]:
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


def to_frab(agenda: Agenda, *, acronym: str, title: str, time_zone_name: str | None = None,
            description: str = "", meta: Mapping[str, Any] | None = None,
            room_names: Mapping[str, str] | None = None, version: str = "1.0",
            timeslot_duration: str = "00:15") -> dict[str, Any]:
    """The agenda as a frab schedule.json document (a dict ready for `json.dumps`).

    Days run from the first to the last session's local date in `time_zone_name` (default: the named
    zone most of the sessions carry, else the venue's); every day lists
    every room (empty days included) so consumers see the same rooms each day. `room_names`
    ({room: human name}) goes into the conference's room list as descriptions.
    """
    if not agenda.sessions:
        raise ValueError("no sessions to export: a frab schedule needs at least one day")
    time_zone_name = time_zone_name or _usual_zone(agenda.sessions)
    zone = ZoneInfo(time_zone_name)
    sessions = sorted(agenda.sessions, key=lambda s: (s.start, s.room, s.title))
    guids = dict(zip(map(id, sessions), (_guid(uid) for uid in unique_ids(sessions))))
    rooms = sorted({s.room for s in sessions})
    first = sessions[0].start.astimezone(zone).date()
    last = sessions[-1].start.astimezone(zone).date()
    days = [_day(i, first + timedelta(days=i), zone, rooms) for i in range((last - first).days + 1)]
    for number, session in enumerate(sessions, start=1):
        local_day = session.start.astimezone(zone).date()
        days[(local_day - first).days]["rooms"][session.room].append(_event(session, number, acronym, zone,
                                                                                 guids[id(session)]))
    conference: dict[str, Any] = {
        "acronym": acronym, "title": title, "description": description,
        "start": first.isoformat(), "end": last.isoformat(), "daysCount": len(days),
        "timeslot_duration": timeslot_duration, "time_zone_name": time_zone_name,
        "rooms": [_room(r, (room_names or {}).get(r)) for r in rooms],
        "days": days,
    }
    chinese = chinese_meta(sessions, guids)
    if meta or chinese:
        conference["meta"] = dict(meta or {}) | chinese
    return {
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": {"name": "anting-venue"},
        "schedule": {"version": version, "conference": conference},
    }


def _usual_zone(sessions: list[Session]) -> str:
    """The IANA name most sessions' starts carry: exported times stay in the zone they came in."""
    names = Counter(s.start.tzinfo.key for s in sessions if isinstance(s.start.tzinfo, ZoneInfo))
    return names.most_common(1)[0][0] if names else VENUE_TZ.key


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


def _event(session: Session, number: int, acronym: str, zone: tzinfo, guid: str) -> dict[str, Any]:
    start = session.start.astimezone(zone)
    return {
        "id": number, "guid": guid, "date": start.isoformat(), "start": start.strftime("%H:%M"),
        "duration": _hhmm(session.duration), "room": session.room, "slug": _slug(acronym, number, session.title),
        "url": f"urn:uuid:{guid}", "title": session.title, "subtitle": "", "track": session.track or None,
        "type": "session", "language": session.language or None, "abstract": session.abstract,
        "description": "", "persons": [{"name": name} for name in session.speakers],
        "links": [{"url": url, "title": url} for url in session.links], "attachments": [],
    }
