"""Now/next, sessions of a day, search, --at time parsing, overlap checks."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from engine.agenda.model import Agenda, Session
from engine.agenda.queries import now_and_next, now_and_next_by_hall, overlap_warnings, parse_time, search, sessions_on

TZ = ZoneInfo("Asia/Shanghai")


def _s(title: str, hall: str | None, start: str, minutes: int, **extra: object) -> Session:
    begin = datetime.fromisoformat(start).replace(tzinfo=TZ)
    return Session(id=title, title=title, start=begin, end=begin + timedelta(minutes=minutes),
                   room=hall or "Somewhere", hall=hall, **extra)


AGENDA = Agenda([
    _s("Opening ceremony", "main-forum", "2023-09-20 09:00", 45, speakers=("host organisation representative",)),
    _s("Plenary I", "main-forum", "2023-09-20 10:00", 120, track="Main forum"),
    _s("Alliance founding", "main-forum", "2023-09-20 14:00", 45),
    _s("Car software", "subforum-02", "2023-09-20 13:30", 45, speakers=("automotive software lead",),
       track="Automobiles"),
    _s("Virtual test drives", "subforum-02", "2023-09-20 14:15", 45, track="Automobiles"),
    _s("Plenary II", "main-forum", "2023-09-21 09:30", 150),
])


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def _titles(sessions) -> list[str]:
    return [s.title for s in sessions]


def test_now_and_next_during_a_session() -> None:
    board = now_and_next(AGENDA, "main-forum", _at("2023-09-20 10:30"))
    assert _titles(board.now) == ["Plenary I"]
    assert _titles(board.next) == ["Alliance founding", "Plenary II"]


def test_now_and_next_in_a_gap_and_at_boundaries() -> None:
    lunch = now_and_next(AGENDA, "main-forum", _at("2023-09-20 12:30"), count=1)
    assert lunch.now == () and _titles(lunch.next) == ["Alliance founding"]
    # Back-to-back in subforum-02 at 14:15: the first has ended, the second is on (end exclusive).
    handover = now_and_next(AGENDA, "subforum-02", _at("2023-09-20 14:15"))
    assert _titles(handover.now) == ["Virtual test drives"] and handover.next == ()
    after = now_and_next(AGENDA, "main-forum", _at("2023-09-22 09:00"))
    assert after.now == () and after.next == ()


def test_now_and_next_accepts_any_zone_for_the_same_instant() -> None:
    utc = datetime(2023, 9, 20, 5, 30, tzinfo=UTC)  # 13:30 in Shanghai
    assert _titles(now_and_next(AGENDA, "subforum-02", utc).now) == ["Car software"]
    with pytest.raises(ValueError, match="timezone-aware"):
        now_and_next(AGENDA, "main-forum", datetime(2023, 9, 20, 10))


def test_now_and_next_by_hall_covers_every_hall_with_sessions() -> None:
    boards = now_and_next_by_hall(AGENDA, _at("2023-09-20 14:20"))
    assert [b.hall for b in boards] == ["main-forum", "subforum-02"]
    assert _titles(boards[0].now) == ["Alliance founding"]
    assert _titles(boards[1].now) == ["Virtual test drives"]


def test_sessions_of_a_day() -> None:
    assert _titles(sessions_on(AGENDA, date(2023, 9, 21))) == ["Plenary II"]
    assert len(sessions_on(AGENDA, date(2023, 9, 20))) == 5
    # 09:30 Shanghai is 01:30 UTC: still the 21st in UTC; 08:00 would not be.
    assert _titles(sessions_on(AGENDA, date(2023, 9, 21), tz=UTC)) == ["Plenary II"]


@pytest.mark.parametrize("query, expected", [
    ("plenary", ["Plenary I", "Plenary II"]),
    ("PLENARY ii", ["Plenary II"]),
    ("automotive", ["Car software"]),            # a speaker's role
    ("automobiles drives", ["Virtual test drives"]),  # track and title, all words must match
    ("subforum-02 car", ["Car software"]),       # hall id
    ("main forum plenary", ["Plenary I", "Plenary II"]),  # track of one, hall id "main-forum" of both
    ("nothing like this", []),
])
def test_search(query: str, expected: list[str]) -> None:
    assert _titles(search(AGENDA.sessions, query)) == expected


def test_empty_search_matches_everything() -> None:
    assert len(search(AGENDA.sessions, "  ")) == len(AGENDA.sessions)


@pytest.mark.parametrize("text, expected", [
    ("2023-09-21 14:30", datetime(2023, 9, 21, 14, 30, tzinfo=TZ)),
    ("2023-09-21T14:30+08:00", datetime(2023, 9, 21, 6, 30, tzinfo=UTC)),
    ("2023-09-21T06:30Z", datetime(2023, 9, 21, 14, 30, tzinfo=TZ)),
    ("14:30", datetime(2023, 9, 20, 14, 30, tzinfo=TZ)),
    (" 9:05 ", datetime(2023, 9, 20, 9, 5, tzinfo=TZ)),
])
def test_parse_time(text: str, expected: datetime) -> None:
    parsed = parse_time(text)
    assert parsed == expected and parsed.tzinfo is not None


def test_parse_time_naive_is_shanghai_and_clock_uses_given_first_day() -> None:
    assert parse_time("2023-09-21 14:30").utcoffset() == timedelta(hours=8)
    assert parse_time("08:15", first_day=date(2020, 12, 14)) == datetime(2020, 12, 14, 8, 15, tzinfo=TZ)


@pytest.mark.parametrize("text", ["tomorrow", "25:00", "2023-13-01 10:00", ""])
def test_parse_time_rejects_nonsense(text: str) -> None:
    with pytest.raises(ValueError, match="HH:MM"):
        parse_time(text)


def test_overlap_warnings_per_hall() -> None:
    sessions = [
        _s("A", "subforum-03", "2023-09-20 10:00", 60),
        _s("B", "subforum-03", "2023-09-20 10:30", 60),   # overlaps A
        _s("C", "subforum-03", "2023-09-20 11:30", 30),   # starts when B ends: no overlap
        _s("D", "subforum-04", "2023-09-20 10:00", 60),   # another hall
        _s("E", None, "2023-09-20 10:00", 60),            # no hall: not compared
        _s("F", None, "2023-09-20 10:00", 60),
    ]
    warnings = overlap_warnings(sessions)
    assert len(warnings) == 1
    assert "subforum-03" in warnings[0] and "'A'" in warnings[0] and "'B'" in warnings[0]
    assert overlap_warnings(AGENDA.sessions) == []


def test_session_requires_aware_times() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        Session(id="x", title="x", start=datetime(2023, 9, 20, 9), end=datetime(2023, 9, 20, 10), room="r")
