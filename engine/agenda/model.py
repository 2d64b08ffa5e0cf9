"""The agenda's data: sessions with timezone-aware times, and the warnings found while importing them."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

#: The venue's zone (Anting, Jiading District, Shanghai). Naive times given by a person are read in it.
VENUE_TZ = ZoneInfo("Asia/Shanghai")


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
