"""frab's `schedule.xml` (pentabarf's format, also written by pretalx and the C3VOC tools): import.

The format (shared/data/frab_schedule.xml.xsd): <schedule> holds <conference> (title, acronym,
time_zone_name, ...) and <day index date start end> elements; a day holds <room name> elements,
a room holds <event id guid> elements with <date> (ISO 8601 with offset), <start>, <duration>, <room>,
<title>, <subtitle>, <track>, <type>, <language>, <abstract>, <description>, <persons><person>NAME
</person></persons> and <links><link href=URL>TITLE</link></links>.

Parsed safely: no DTD with declarations, so no entity can expand (billion laughs) or reach outside the
file (external entities); nesting and element counts are bounded. Events are then read as leniently
as schedule.json events (engine.agenda.frab_event).
"""
from __future__ import annotations

import re
from datetime import tzinfo
from typing import Any
from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat

from engine.agenda.frab import plain_title, zone_named, zone_warnings
from engine.agenda.frab_event import Reading, read_event
from engine.agenda.model import MAX_SESSIONS, VENUE_TZ, Agenda
from engine.errors import UserError

MAX_DEPTH = 32            # schedule/day/room/event/persons/person/name is 7 deep; anything deeper is not a schedule
MAX_ELEMENTS = 2_000_000  # about 40 per event at the 10,000-event limit, with room to spare
TEXT_FIELDS = ("date", "start", "end", "duration", "room", "title", "subtitle", "track", "type", "language",
               "abstract", "description", "slug", "url")
_DIGITS = re.compile(r"[0-9]{1,18}")


class _Refused(Exception):
    """Raised from inside the parser's callbacks: expat stops and the message becomes the UserError."""


def parse_frab_xml(data: str | bytes, source: str = "<schedule>", default_tz: tzinfo = VENUE_TZ) -> Agenda:
    """Parse a frab schedule.xml document into an Agenda (halls not yet assigned).

    Raises UserError(source, ...) for XML that is not well formed (with line and column), a DTD that
    declares anything, a root other than <schedule>, and events that cannot be understood.
    """
    root = parse_xml(data, source)
    if root.tag != "schedule":
        raise UserError(source, f"not a frab schedule.xml: the root element is <{root.tag[:40]}>, not <schedule>")
    conference = root.find("conference")
    zone_name = _child_text(conference, "time_zone_name")
    zone = zone_named(zone_name)
    listed = list(_events(root, source))
    reading = Reading(source, zone, default_tz)
    sessions = [read_event(event, room, day_date, where, reading) for event, room, day_date, where in listed]
    agenda = Agenda(sessions, title=plain_title(_child_text(conference, "title")), source=source)
    agenda.warnings.extend(reading.tally.lines())
    agenda.warnings.extend(zone_warnings(zone_name, zone, sessions))
    if not sessions:
        agenda.warnings.append("no events (<day><room><event>) in this schedule.xml")
    return agenda


def parse_xml(data: str | bytes, source: str) -> Element:
    """The document's root element, built by ElementTree's TreeBuilder from expat with every way of
    expanding or fetching entities refused, and depth and size bounded."""
    builder = TreeBuilder()
    parser = expat.ParserCreate("utf-8" if isinstance(data, str) else None)
    depth, count = 0, 0

    def start(tag: str, attributes: dict[str, str]) -> None:
        nonlocal depth, count
        depth, count = depth + 1, count + 1
        if depth > MAX_DEPTH:
            raise _Refused(f"elements nested more than {MAX_DEPTH} deep: not a schedule.xml")
        if count > MAX_ELEMENTS:
            raise _Refused(f"more than {MAX_ELEMENTS:,} elements: not a schedule.xml")
        builder.start(tag, attributes)

    def end(tag: str) -> None:
        nonlocal depth
        depth -= 1
        builder.end(tag)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = _doctype
    parser.EntityDeclHandler = _entity
    parser.ExternalEntityRefHandler = _external
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    try:
        parser.Parse(data.encode("utf-8") if isinstance(data, str) else data, True)
        return builder.close()
    except _Refused as exc:
        raise UserError(source, str(exc)) from None
    except (LookupError, ValueError) as exc:
        # The XML declaration names an encoding Python does not have, or a multi-byte one expat cannot use.
        raise UserError(source, f"cannot read the encoding the XML declaration names: {exc}") from None
    except expat.ExpatError as exc:
        where = f"line {exc.lineno}, column {exc.offset + 1}"
        raise UserError(source, f"not well-formed XML at {where}: {expat.ErrorString(exc.code)}") from None


def _doctype(name: str, system_id: str | None, public_id: str | None, has_internal_subset: bool) -> None:
    """A bare <!DOCTYPE schedule> is harmless; one that points at a file or declares anything is refused."""
    if system_id or public_id or has_internal_subset:
        raise _Refused("a DOCTYPE with declarations or an external DTD: refused, since entities could expand "
                       "without bound or reach outside the file; a schedule.xml needs neither")


def _entity(name: str, *_: Any) -> None:
    raise _Refused(f"declares the entity {name[:40]!r}: refused, since entities could expand without bound "
                   "or reach outside the file")


def _external(context: str | None, base: str | None, system_id: str | None, public_id: str | None) -> int:
    raise _Refused("refers to an external entity: refused, since it would reach outside the file")


Listed = tuple[dict[str, Any], str, str | None, str]


def _events(root: Element, source: str) -> list[Listed]:
    listed: list[Listed] = []
    for d, day in enumerate(root.iterfind("day")):
        for room in day.iterfind("room"):
            name = room.get("name", "")
            where = f"day {day.get('index') or d + 1}, room {name[:40]!r}"
            for event in room.iterfind("event"):
                listed.append((_event(event), name, day.get("date"), where))
                if len(listed) > MAX_SESSIONS:
                    raise UserError(source, f"more than {MAX_SESSIONS:,} events: above the limit for a schedule")
    return listed


def _event(event: Element) -> dict[str, Any]:
    """The <event> as the equivalent schedule.json object, so both are read by the same rules."""
    raw: dict[str, Any] = {"persons": [], "links": []}
    for key in ("id", "guid"):
        value = event.get(key)
        if value is not None:
            raw[key] = int(value) if _DIGITS.fullmatch(value) else value
    for child in event:
        if child.tag in TEXT_FIELDS:
            raw[child.tag] = "".join(child.itertext())
        elif child.tag == "persons":
            raw["persons"] = [_person(p) for p in child.iterfind("person")]
        elif child.tag == "links":
            raw["links"] = [_link(link) for link in child.iterfind("link")]
    return raw


def _link(link: Element) -> dict[str, str] | str:
    """<link href=URL>TITLE</link>; C3VOC's merged files also write <link>URL</link>, which is read as
    schedule.json's plain-text links are (and counted the same way)."""
    text = "".join(link.itertext())
    href = link.get("href")
    return {"url": href, "title": text} if href is not None else text


def _person(person: Element) -> dict[str, str]:
    """frab writes <person id>NAME</person>; pretalx-fed files nest <public_name> or <name> in it."""
    for tag in ("public_name", "name", "full_public_name"):
        nested = _child_text(person, tag)
        if nested.strip():
            return {"name": nested}
    return {"name": person.text or ""}


def _child_text(element: Element | None, tag: str) -> str:
    child = element.find(tag) if element is not None else None
    return "".join(child.itertext()) if child is not None else ""
