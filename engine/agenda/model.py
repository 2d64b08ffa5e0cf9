"""The agenda's data: sessions with timezone-aware times, and the warnings found while importing them.

A session is written in its source's words: `title`, `abstract` and `speakers` as the schedule gives them, in
the language the schedule says (`language`: "de", "en", "zh"... as the file spells it; "" when it says none).
Where the schedule itself also gives Chinese (`title_zh`, `abstract_zh`, `speakers_zh`: the bundled agenda
does), `title_for("zh")` and its kin show it; nothing is ever machine-translated."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

#: The venue's zone (Anting, Jiading District, Shanghai). Naive times given by a person are read in it.
VENUE_TZ = ZoneInfo("Asia/Shanghai")

# Limits of a schedule (README lists them): beyond these a file is a mistake, not an agenda.
MAX_SESSIONS = 10_000
MAX_LINE = 1000            # characters of a title, room, speaker, track, language, id or link
MAX_ABSTRACT = 20_000      # characters of an abstract (the only text that keeps its line breaks)
MAX_SPEAKERS = 100         # speakers or links of one session
_SPACE_RUN = re.compile(r"[\t\r\n]+")
# Unicode categories Cc (control characters, less tab and line feed) and Cs (surrogates): what cannot be shown.
_UNSHOWABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(value: object, what: str, limit: int = MAX_LINE, multiline: bool = False) -> str:
    """Text from a schedule made safe to show, print and search, or ValueError saying why it cannot be:
    tabs and line breaks become spaces (kept as line breaks in a multi-line text), and any other
    control character, a lone surrogate (which cannot even be printed) or text over `limit` characters
    is refused."""
    text = _unbroken(value, what, multiline)
    if len(text) > limit:
        raise ValueError(f"{what}: {len(text):,} characters is above the limit of {limit:,}")
    bad = _UNSHOWABLE.search(text)
    if bad:
        raise ValueError(f"{what}: holds the character U+{ord(bad.group()):04X}, which cannot be shown")
    return text


def tidy_text(value: object, what: str, limit: int = MAX_LINE, multiline: bool = False) -> tuple[str, list[str]]:
    """Like `clean_text`, for sources read leniently: control characters are dropped and text over `limit`
    is cut, each named in the returned problems (kinds of fault, `what` being the field's name, worded
    to be counted over many events). A lone surrogate
    is still a ValueError: it means the file's encoding is broken, not that one text is untidy."""
    text = _unbroken(value, what, multiline)
    problems = []
    surrogate = _SURROGATE.search(text)
    if surrogate:
        raise ValueError(f"{what}: holds the character U+{ord(surrogate.group()):04X}, which cannot be shown")
    if _UNSHOWABLE.search(text):
        text = _UNSHOWABLE.sub("", text)
        problems.append(f"{what} holds control characters (dropped)")
    if len(text) > limit:
        text = text[:limit]
        problems.append(f"{what} longer than {limit:,} characters (cut)")
    return text, problems


def _unbroken(value: object, what: str, multiline: bool) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{what}: expected text, got {type(value).__name__}")
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return text if multiline else _SPACE_RUN.sub(" ", text)


@dataclass(frozen=True, slots=True)
class Session:
    """One scheduled session.

    `room` is the room name exactly as the source spells it; `hall` is the venue's hall id it maps to,
    or None where no hall is known. `start` and `end` are timezone-aware.
    """

    id: str
    title: str
    start: datetime
    end: datetime
    room: str
    hall: str | None = None
    abstract: str = ""
    speakers: tuple[str, ...] = ()
    track: str = ""
    language: str = ""
    links: tuple[str, ...] = ()
    title_zh: str = ""                   # the schedule's own Chinese title, if it gives one
    abstract_zh: str = ""
    speakers_zh: tuple[str, ...] = ()    # () or one per speaker, in the same order

    def __post_init__(self) -> None:
        # Naive datetimes compare wrongly against aware ones much later, far from the cause: refuse them here.
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError(f"session {self.id!r}: start and end must be timezone-aware")

    @property
    def duration(self) -> timedelta:
        return self.end - self.start

    @property
    def place(self) -> str:
        """The hall id where known, else the room name: what a person reads as "where"."""
        return self.hall or self.room

    def title_for(self, lang: str) -> str:
        """The title to show in `lang` ("zh" or "en"): the Chinese title in Chinese where the schedule gives
        one, else the title as written."""
        return self.title_zh if lang == "zh" and self.title_zh else self.title

    def abstract_for(self, lang: str) -> str:
        """The abstract to show in `lang`, as `title_for`."""
        return self.abstract_zh if lang == "zh" and self.abstract_zh else self.abstract

    def speakers_for(self, lang: str) -> tuple[str, ...]:
        """The speakers to show in `lang`, as `title_for`."""
        return self.speakers_zh if lang == "zh" and self.speakers_zh else self.speakers

    def with_hall(self, hall: str | None) -> Session:
        return replace(self, hall=hall)

    def is_on(self, at: datetime) -> bool:
        """Running at `at` (start inclusive, end exclusive, so back-to-back sessions never both count)."""
        return self.start <= at < self.end


@dataclass(slots=True)
class Agenda:
    """Sessions sorted by start time, plus problems found on import that are not fatal."""

    sessions: list[Session] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    title: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        self.sessions = sorted(self.sessions, key=_sort_key)

    def halls(self) -> list[str]:
        """Hall ids that have at least one session, sorted."""
        return sorted({s.hall for s in self.sessions if s.hall})

    def places(self) -> list[str]:
        """Where sessions happen: hall ids, and room names of sessions with no hall; sorted."""
        return sorted({s.place for s in self.sessions})

    def rooms(self) -> list[str]:
        """Room names as the source spells them, sorted."""
        return sorted({s.room for s in self.sessions})

    def first_day(self) -> date | None:
        """The local date of the earliest session (in that session's own zone), or None when empty."""
        return self.sessions[0].start.date() if self.sessions else None


def _sort_key(session: Session) -> tuple[datetime, str, str]:
    return (session.start, session.place, session.title)
