"""One frab/pretalx event read leniently, whichever file it came from (schedule.json or schedule.xml).

Real exports stray from the schema in ways that are still plain to understand: ids given as strings,
links given as bare URLs, persons or links missing, numbers where text belongs, durations as "0:45",
"00:45:00" or a number of minutes. Those load, each kind counted in a Tally. What cannot be
understood (no title, no start, a date that is not a date) is a UserError naming the event and the field.
"""
from __future__ import annotations

import math
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any, NoReturn

from engine.agenda.model import MAX_ABSTRACT, MAX_LINE, MAX_SPEAKERS, Session, tidy_text
from engine.agenda.tally import Tally
from engine.errors import UserError

YEARS = (1900, 2999)  # the dates a conference schedule can hold
MAX_DURATION_HOURS = 24 * 366  # a year: anything longer is a typo, and a huge one overflows datetime
#: Length given to an event that has neither duration nor end.
DEFAULT_LENGTH = timedelta(minutes=30)
GUID_NAMESPACE = uuid.UUID("6f1c8f1e-3b9a-5d4e-9a57-7c1d2a0e2023")

_CLOCK = re.compile(r"(\d{1,9}):(\d{1,2})(?::(\d{1,2}))?")
_ISO_LENGTH = re.compile(r"P(?:(\d{1,6})D)?(?:T(?:(\d{1,6})H)?(?:(\d{1,6})M)?(?:(\d{1,6})S)?)?")
_MINUTES = re.compile(r"\d{1,9}")
_START = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?")
_MISSING = object()


@dataclass(slots=True)
class Reading:
    """What every event of one file shares: where it came from, its zones, and the faults counted so far.

    `zone` is the zone the file declares (None when it names none or an unknown one); `default_zone`
    reads times without an offset when the file declares none (the --tz option, else the venue's).
    """

    source: str
    zone: tzinfo | None
    default_zone: tzinfo
    tally: Tally = field(default_factory=Tally)


def read_event(raw: Mapping[str, Any], room_key: str, day_date: str | None, where: str,
               reading: Reading) -> Session:
    """The Session of one event (a JSON object, or an XML <event> turned into one).

    `room_key` is the room it is listed under, `day_date` the ISO date of the day it is listed in,
    `where` says where in the file it sits ("day 2, room 'Saal 1'") for messages.
    """
    return _Event(raw, where, reading).session(room_key, day_date)


class _Event:
    def __init__(self, raw: Mapping[str, Any], where: str, reading: Reading) -> None:
        self.raw, self.reading = raw, reading
        self.label = _label(raw, where)

    def fail(self, what: str) -> NoReturn:
        raise UserError(self.reading.source, f"{self.label}: {what}")

    def note(self, kind: str) -> None:
        self.reading.tally.add(kind, self.label)

    def session(self, room_key: str, day_date: str | None) -> Session:
        title = self.text("title", required=True)
        if not title.strip():
            self.fail("no title")
        start = self.start(day_date)
        end = self.end(start)
        zone = self.reading.zone
        if zone is not None and start.utcoffset() == start.astimezone(zone).utcoffset():
            # Same instant, but a named zone keeps daylight-saving right in later arithmetic.
            start, end = start.astimezone(zone), end.astimezone(zone)
        room = self.text("room") or room_key
        if not room:
            self.note("no room")
        return Session(
            id=self.ident(room, start, title), title=title, start=start, end=end, room=room,
            abstract=(self.text("abstract", multiline=True) or self.text("description", multiline=True)).strip(),
            speakers=self.people(), track=self.text("track"), language=self.text("language").strip(),
            links=self.links())

    # ------------------------------------------------------------ text
    def text(self, name: str, *, required: bool = False, multiline: bool = False) -> str:
        """The field as text: null is empty; a number becomes its digits; a list or object is ignored
        (or, for a `required` field, an error)."""
        value = self.raw.get(name)
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            if required:
                self.fail(f"{name} must be text, not {_kind(value)}")
            self.note(f"{name} is {_kind(value)}, not text (ignored)")
            return ""
        if not isinstance(value, str):
            self.note(f"{name} given as a number")
            value = str(value)
        return self.tidy(value, name, MAX_ABSTRACT if multiline else MAX_LINE, multiline)

    def tidy(self, value: str, name: str, limit: int = MAX_LINE, multiline: bool = False) -> str:
        try:
            text, problems = tidy_text(value, name, limit, multiline)
        except ValueError as exc:
            self.fail(str(exc))
        for problem in problems:
            self.note(problem)
        return text

    # ------------------------------------------------------------ identity
    def ident(self, room: str, start: datetime, title: str) -> str:
        """The guid, else the id, else one made from where and when the event is (stable across loads)."""
        ident, guid = self.raw.get("id", _MISSING), self.raw.get("guid", _MISSING)
        if ident is _MISSING or ident is None:
            self.note("no id")
            ident = None
        elif isinstance(ident, str):
            self.note("id given as a string")
        elif isinstance(ident, bool) or not isinstance(ident, int):
            self.note(f"id is {_kind(ident)} (ignored)")
            ident = None
        if guid is _MISSING or guid is None:
            self.note("no guid")
            guid = None
        elif not isinstance(guid, str):
            self.note(f"guid is {_kind(guid)}, not text (ignored)")
            guid = None
        chosen = str(guid or "").strip() or str(ident if ident is not None else "").strip()
        if not chosen:
            return str(uuid.uuid5(GUID_NAMESPACE, f"event/{room}/{start.isoformat()}/{title}"))
        return self.tidy(chosen, "guid" if guid else "id")

    # ------------------------------------------------------------ times
    def start(self, day_date: str | None) -> datetime:
        text = self.raw.get("date")
        if text is None or text == "":
            return self.start_from_day(day_date)
        if not isinstance(text, str):
            self.fail(f"date must be an ISO 8601 date-time, not {_kind(text)}")
        value = self.moment(text, "date")
        if len(text.strip()) <= 10:  # a date alone: the time of day is in "start"
            value = datetime.combine(value.date(), self.clock(), value.tzinfo)
        return value

    def start_from_day(self, day_date: str | None) -> datetime:
        if not isinstance(self.raw.get("start"), str) or not day_date:
            self.fail("no start time (neither date nor the day's date and start)")
        try:
            day = date.fromisoformat(day_date)
        except ValueError:
            self.fail(f"no date, and the day's date {day_date[:40]!r} is not an ISO 8601 date")
        self.note("no date (built from the day's date and start)")
        return self.localised(datetime.combine(day, self.clock()))

    def clock(self) -> time:
        text = self.raw.get("start")
        match = _START.fullmatch(text.strip()) if isinstance(text, str) else None
        if not match:
            shown = repr(text[:40]) if isinstance(text, str) else _kind(text)
            self.fail(f"start {shown} is not HH:MM")
        return time(int(match[1]), int(match[2]), int(match[3] or 0))

    def moment(self, text: str, name: str) -> datetime:
        try:
            value = datetime.fromisoformat(text.strip())
        except ValueError:
            self.fail(f"{name} {text[:60]!r} is not an ISO 8601 date-time")
        if not YEARS[0] <= value.year <= YEARS[1]:
            # Dates at the ends of datetime's range overflow when a duration or a zone is applied.
            self.fail(f"{name} {text[:60]!r} is outside the years {YEARS[0]}-{YEARS[1]}")
        return value if value.tzinfo else self.localised(value)

    def localised(self, value: datetime) -> datetime:
        """A time without an offset: in the file's declared zone, else the default one."""
        zone = self.reading.zone or self.reading.default_zone
        if self.reading.zone is None:
            self.note(f"time without a UTC offset (read as {zone})")
        return value.replace(tzinfo=zone)

    def end(self, start: datetime) -> datetime:
        text = self.raw.get("end")
        if isinstance(text, str) and text.strip():
            end = self.moment(text, "end")
        else:
            length = self.length()
            if length is None:
                self.note(f"no duration (assumed {int(DEFAULT_LENGTH.total_seconds() // 60)} min)")
                length = DEFAULT_LENGTH
            end = start + length
        if end < start:
            self.fail(f"ends before it starts ({start.isoformat()} to {end.isoformat()})")
        return end

    def length(self) -> timedelta | None:
        value = self.raw.get("duration")
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.fail(f"duration must be HH:MM, not {_kind(value)}")
        if not isinstance(value, str):
            self.note("duration given as a number of minutes")
            return self.minutes(value, repr(value))
        return self.parse_length(value)

    def parse_length(self, text: str) -> timedelta:
        stripped = text.strip()
        if stripped.startswith("-"):
            self.fail(f"negative duration {text[:40]!r}: it ends before it starts")
        if _MINUTES.fullmatch(stripped):
            self.note("duration given as a number of minutes")
            return self.minutes(int(stripped), repr(text))
        clock, iso = _CLOCK.fullmatch(stripped), _ISO_LENGTH.fullmatch(stripped)
        if clock:
            hours, minutes, seconds = (int(part or 0) for part in clock.groups())
        elif iso and stripped not in ("P", "PT"):
            self.note("duration given as ISO 8601 (PT...)")
            days, hours, minutes, seconds = (int(part or 0) for part in iso.groups())
            hours += 24 * days
        else:
            self.fail(f"duration {text[:40]!r} is not HH:MM")
        return self.minutes(hours * 60 + minutes + seconds / 60, repr(text[:40]))

    def minutes(self, count: float, shown: str) -> timedelta:
        if (isinstance(count, float) and not math.isfinite(count)) or count < 0:
            self.fail(f"duration {shown} is not a length of time")
        if count > MAX_DURATION_HOURS * 60:
            # A huge value would overflow the date arithmetic; no session lasts longer than a year.
            self.fail(f"duration {shown} is longer than {MAX_DURATION_HOURS} hours")
        return timedelta(minutes=count)

    # ------------------------------------------------------------ people and links
    def people(self) -> tuple[str, ...]:
        names = []
        for person in self.listed("persons", "person"):
            if isinstance(person, Mapping):
                name = next((person[k] for k in ("public_name", "name", "full_public_name")
                             if isinstance(person.get(k), (str, int)) and str(person[k]).strip()), "")
            elif isinstance(person, str):
                self.note("person given as plain text")
                name = person
            else:
                name = ""
            if not str(name).strip():
                self.note("person without a name (ignored)")
                continue
            names.append(self.tidy(str(name), "person").strip())
        return tuple(names)

    def links(self) -> tuple[str, ...]:
        urls = []
        for link in self.listed("links", "link"):
            if isinstance(link, Mapping):
                url = next((link[k] for k in ("url", "href") if isinstance(link.get(k), str)), "")
            elif isinstance(link, str):
                self.note("link given as plain text")
                url = link
            else:
                url = ""
            if not url.strip():
                self.note("link without a URL (ignored)")
                continue
            urls.append(self.tidy(url, "link").strip())
        return tuple(urls)

    def listed(self, name: str, item: str) -> list[Any]:
        value = self.raw.get(name, _MISSING)
        if value is _MISSING or value is None:
            self.note(f"no {name} list")
            return []
        if isinstance(value, (str, Mapping)):
            self.note(f"{name} given as one {item}, not a list")
            value = [value]
        if not isinstance(value, list):
            self.note(f"{name} is {_kind(value)} (ignored)")
            return []
        if len(value) > MAX_SPEAKERS:
            self.fail(f"more than {MAX_SPEAKERS} {name}")
        return value


def _label(raw: Mapping[str, Any], where: str) -> str:
    """How messages name an event: its id (else guid) and title, and where it is listed."""
    parts = []
    for key in ("id", "guid"):
        value = raw.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            shown = str(value)[:40]
            parts.append(f"{key} {shown!r}" if isinstance(value, str) else f"{key} {shown}")
            break
    title = raw.get("title")
    if isinstance(title, str) and title.strip():
        parts.append(repr(title.strip()[:60]))
    return f"event {' '.join(parts)} ({where})" if parts else f"event ({where})"


def _kind(value: object) -> str:
    kinds = {list: "a list", dict: "an object", bool: "true/false", float: "a number", int: "a number"}
    return next((name for kind, name in kinds.items() if isinstance(value, kind)), type(value).__name__)
