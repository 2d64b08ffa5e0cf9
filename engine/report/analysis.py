"""What the organizers' report says, computed without GL: walking times, capacity, agenda coverage,
problems. Every function takes an engine.venue.Venue and returns plain data."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from engine.agenda.load import load_agenda
from engine.agenda.model import VENUE_TZ, Agenda, Session
from engine.errors import UserError
from engine.i18n import _, pgettext
from engine.ui.names import display_name
from engine.venue.model import HallKind, Venue
from engine.world import Unreachable, find_path
from engine.world.paths import WALK_SPEED
from engine.world.venue_nav import navmesh_for, place_points, unreachable_places


@dataclass
class WalkMatrix:
    """Walking seconds between halls at engine.world's 1.3 m/s; None where no path joins them."""

    halls: list[str]
    seconds: list[list[float | None]]
    metres: list[list[float | None]]
    speed: float


@dataclass
class CapacityRow:
    hall: str
    name: str
    kind: HallKind
    capacity: int
    seats: int

    @property
    def status(self) -> str:
        """What the check found, in the current language ("ok" / "正常" when capacity and seats agree)."""
        if not self.kind.seated or not self.seats:
            return _("no seating") if not self.capacity else _("standing only")
        if self.capacity > self.seats:
            return _("capacity {n} above seats").format(n=self.capacity - self.seats)
        if self.capacity < self.seats:
            return _("{n} seats unused").format(n=self.seats - self.capacity)
        return pgettext("capacity check", "ok")

    @property
    def agrees(self) -> bool:
        """Capacity and seats agree (a seated hall with as many places as seats)."""
        return self.kind.seated and self.seats > 0 and self.capacity == self.seats

    @property
    def problem(self) -> bool:
        return self.kind.seated and self.seats > 0 and self.capacity > self.seats


@dataclass
class DayCoverage:
    """One hall on one day: its sessions, the free time between them, and sessions that overlap."""

    day: date
    sessions: list[Session]
    gaps: list[tuple[datetime, datetime]]
    clashes: list[tuple[Session, Session]]

    @property
    def span(self) -> tuple[datetime, datetime] | None:
        if not self.sessions:
            return None
        return min(s.start for s in self.sessions), max(s.end for s in self.sessions)

    @property
    def booked_minutes(self) -> int:
        """Minutes with at least one session running (overlaps counted once)."""
        total, cursor = 0.0, None
        for s in sorted(self.sessions, key=lambda s: s.start):
            start = s.start if cursor is None else max(s.start, cursor)
            if s.end > start:
                total += (s.end - start).total_seconds()
            cursor = s.end if cursor is None else max(cursor, s.end)
        return int(round(total / 60))


@dataclass
class Coverage:
    """Agenda coverage: days, per hall per day, sessions whose room is no hall, and load warnings."""

    source: str = ""
    days: list[date] = field(default_factory=list)
    halls: dict[str, dict[date, DayCoverage]] = field(default_factory=dict)
    unknown_rooms: dict[str, list[Session]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    session_count: int = 0

    @property
    def clash_count(self) -> int:
        return sum(len(d.clashes) for by_day in self.halls.values() for d in by_day.values())


def walking_matrix(venue: Venue, speed: float | None = None) -> WalkMatrix:
    """Seconds (and metres) to walk between every pair of halls, from inside one to inside the other."""
    speed = speed or WALK_SPEED
    ids = list(venue.halls)
    n = len(ids)
    secs: list[list[float | None]] = [[None] * n for _ in range(n)]
    metres: list[list[float | None]] = [[None] * n for _ in range(n)]
    if not ids:
        return WalkMatrix([], [], [], speed)
    try:
        mesh = navmesh_for(venue)
    except ValueError:
        return WalkMatrix(ids, secs, metres, speed)
    places = place_points(venue)
    for i in range(n):
        secs[i][i], metres[i][i] = 0.0, 0.0
        for j in range(i + 1, n):
            a, b = places.get(ids[i]), places.get(ids[j])
            if a is None or b is None:
                continue
            try:
                path = find_path(mesh, a, b)
            except Unreachable:
                continue
            metres[i][j] = metres[j][i] = path.length_m
            secs[i][j] = secs[j][i] = path.length_m / speed
    return WalkMatrix(ids, secs, metres, speed)


def capacity_rows(venue: Venue) -> list[CapacityRow]:
    """Capacity against seats per hall, the hall named in the current language."""
    return [CapacityRow(h.id, display_name(h), h.kind, int(h.capacity), int(h.seats)) for h in venue.halls.values()]


def load_venue_agenda(venue: Venue) -> tuple[Agenda | None, str | None]:
    """The venue's agenda with halls assigned, or (None, why not)."""
    path = venue.agenda_path
    if path is None:
        return None, None
    try:
        return load_agenda(path, halls=venue.hall_names(), room_map=venue.room_map), None
    except UserError as exc:
        return None, f"agenda {exc.where}: {exc.what}"


def coverage(venue: Venue, agenda: Agenda | None, tz: tzinfo = VENUE_TZ) -> Coverage:
    """Per hall per day: sessions, gaps between them within the day, clashes; rooms that are no hall."""
    out = Coverage()
    if agenda is None:
        return out
    out.source, out.warnings, out.session_count = agenda.source, list(agenda.warnings), len(agenda.sessions)
    by_hall_day: dict[str, dict[date, list[Session]]] = defaultdict(lambda: defaultdict(list))
    days: set[date] = set()
    for s in agenda.sessions:
        day = s.start.astimezone(tz).date()
        days.add(day)
        if s.hall:
            by_hall_day[s.hall][day].append(s)
        else:
            out.unknown_rooms.setdefault(s.room or "(no room)", []).append(s)
    out.days = sorted(days)
    for hall in [*venue.halls, *sorted(h for h in by_hall_day if h not in venue.halls)]:
        out.halls[hall] = {d: _day(d, by_hall_day[hall].get(d, []), tz) for d in out.days}
    return out


def _day(day: date, sessions: list[Session], tz: tzinfo) -> DayCoverage:
    ordered = sorted(sessions, key=lambda s: (s.start, s.end))
    gaps, clashes = [], []
    latest_end = None
    for i, s in enumerate(ordered):
        if latest_end is not None and s.start > latest_end:
            gaps.append((latest_end.astimezone(tz), s.start.astimezone(tz)))
        latest_end = s.end if latest_end is None else max(latest_end, s.end)
        for other in ordered[i + 1:]:
            if other.start >= s.end:
                break
            clashes.append((s, other))
    return DayCoverage(day, ordered, gaps, clashes)


def problems(venue: Venue, agenda_error: str | None = None, agenda: Agenda | None = None) -> list[str]:
    """Every validation problem: the scene's own, places no one can walk to, and the agenda's."""
    found = list(venue.problems)
    try:
        found += [f"{pid}: cannot be walked to from the spawn point" for pid in unreachable_places(venue)]
    except ValueError as exc:          # a model file: no floor to walk on
        found.append(f"walking: {exc}")
    if agenda_error:
        found.append(agenda_error)
    if agenda is not None:
        found += [f"agenda: {w}" for w in agenda.warnings]
    return found
