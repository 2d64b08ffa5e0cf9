"""iCalendar import and export."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from helpers import data_file as _data

from engine.agenda.ics import parse_ics, to_ics
from engine.agenda.model import Session
from engine.errors import UserError

TZ = ZoneInfo("Asia/Shanghai")
STAMP = datetime(2023, 9, 1, tzinfo=UTC)


def _calendar(*lines: str) -> bytes:
    body = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", *lines, "END:VCALENDAR"]
    return ("\r\n".join(body) + "\r\n").encode()


def _fields(s: Session) -> tuple:
    return (s.id, s.title, s.start, s.end, s.room, s.hall, s.speakers, s.abstract, s.track, s.language, s.links)


def test_pycon_uk_has_162_events_five_without_end_and_one_duplicate_uid() -> None:
    agenda = parse_ics(_data("pyconuk2015_schedule.ics").read_bytes(), "pyconuk")
    assert len(agenda.sessions) == 162
    assert len(agenda.rooms()) == 11
    no_end = [w for w in agenda.warnings if "has no end" in w]
    duplicates = [w for w in agenda.warnings if "is used by 2 events" in w]
    assert len(no_end) == 5 and len(duplicates) == 1
    assert len(agenda.warnings) == 6
    assert "Open Space" in duplicates[0] and "Python in Astronomy" in duplicates[0]
    # Both events that share the UID are kept.
    shared_uid = "20160417T070217Z-58703@testing-worker-linux-docker-3ee836b9-3394-linux-5"
    assert sum(1 for s in agenda.sessions if s.id == shared_uid) == 2
    # The default length is applied where DTEND is missing.
    mellow = next(s for s in agenda.sessions if s.title == "The Mellow Night")
    assert mellow.end - mellow.start == timedelta(minutes=30)


def test_pycon_uk_times_are_utc_and_folded_uid_is_unfolded() -> None:
    agenda = parse_ics(_data("pyconuk2015_schedule.ics").read_bytes(), "pyconuk")
    first = agenda.sessions[0]
    assert first.title == "Registration / Breakfast"
    assert first.start == datetime(2015, 9, 18, 7, 0, tzinfo=UTC)
    assert first.start.utcoffset() == timedelta(0)
    assert first.end == datetime(2015, 9, 18, 8, 30, tzinfo=UTC)
    assert first.room == "Cafeteria"
    assert first.id == "20160417T070217Z-32078@testing-worker-linux-docker-3ee836b9-3394-linux-5"
    djangogirls = next(s for s in agenda.sessions if s.title == "DjangoGirls")
    assert djangogirls.links == ("http://www.pyconuk.org/djangogirls/",)


def test_round_trip_of_a_real_calendar() -> None:
    agenda = parse_ics(_data("pyconuk2015_schedule.ics").read_bytes(), "pyconuk")
    back = parse_ics(to_ics(agenda.sessions, stamp=STAMP), "exported.ics")
    assert [_fields(s) for s in back.sessions] == [_fields(s) for s in agenda.sessions]
    # The duplicate UID survives the trip and is still reported; the missing ends are now explicit.
    assert len(back.warnings) == 1 and "is used by 2 events" in back.warnings[0]


def test_round_trip_keeps_speakers_abstract_hall_and_awkward_text() -> None:
    sessions = [
        Session(id="wmc-1", title="Digital humans; voices, faces \\ trust",
                start=datetime(2023, 9, 20, 13, 30, tzinfo=TZ),
                end=datetime(2023, 9, 20, 14, 15, tzinfo=TZ), room="subforum-01", hall="subforum-01",
                abstract="First line.\nSecond line, with a comma; and a semicolon.",
                speakers=("digital-human studio director", "AI voice researcher, guest"),
                track="Digital humans", language="zh", links=("https://example.org/1", "https://example.org/2")),
        Session(id="wmc-2", title="Bare", start=datetime(2023, 9, 21, 9, 0, tzinfo=timezone(timedelta(hours=8))),
                end=datetime(2023, 9, 21, 9, 30, tzinfo=timezone(timedelta(hours=8))), room="main-forum"),
    ]
    data = to_ics(sessions, name="WMC 2023", stamp=STAMP)
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and b"BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai" in data
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # RFC 5545 line length, so apps accept it
    back = parse_ics(data, "exported.ics")
    assert back.warnings == [] and back.title == "WMC 2023"
    assert [_fields(s) for s in back.sessions] == [_fields(s) for s in sessions]
    assert back.sessions[0].start.tzinfo == TZ


def test_export_is_readable_by_people_in_a_calendar_app() -> None:
    session = Session(id="x", title="Panel", start=datetime(2023, 9, 20, 16, 30, tzinfo=TZ),
                      end=datetime(2023, 9, 20, 17, 30, tzinfo=TZ), room="subforum-02",
                      abstract="About cars.", speakers=("automotive software lead",))
    text = to_ics([session], stamp=STAMP).decode()
    assert "DTSTART;TZID=Asia/Shanghai:20230920T163000" in text
    assert "LOCATION:subforum-02" in text
    assert "DESCRIPTION:About cars.\\n\\nSpeakers: automotive software lead" in text


def test_missing_dtend_uses_duration_or_whole_day() -> None:
    data = _calendar("BEGIN:VEVENT", "UID:a", "SUMMARY:With duration", "DTSTART:20230920T010000Z",
                     "DURATION:PT45M", "END:VEVENT",
                     "BEGIN:VEVENT", "UID:b", "SUMMARY:All day", "DTSTART;VALUE=DATE:20230921", "END:VEVENT",
                     "BEGIN:VEVENT", "UID:c", "SUMMARY:Floating", "DTSTART:20230922T090000",
                     "DTEND:20230922T100000", "END:VEVENT")
    agenda = parse_ics(data, "t.ics")
    assert agenda.warnings == []
    with_duration, all_day, floating = agenda.sessions
    assert with_duration.duration == timedelta(minutes=45)
    assert (all_day.start, all_day.duration) == (datetime(2023, 9, 21, tzinfo=TZ), timedelta(days=1))
    assert floating.start == datetime(2023, 9, 22, 9, tzinfo=TZ)  # floating time: the venue's zone


def test_broken_folding_is_an_error_with_the_line_number() -> None:
    data = _calendar("BEGIN:VEVENT", "UID:a", "SUMMARY:A long title that was fol", "ded without a space",
                     "DTSTART:20230920T010000Z", "END:VEVENT")
    with pytest.raises(UserError) as info:
        parse_ics(data, "folded.ics")
    assert info.value.where == "folded.ics"
    assert "line 7" in info.value.what and "folding" in info.value.what


@pytest.mark.parametrize("data, expected", [
    (b"this is not a calendar\r\n", "first line must be BEGIN:VCALENDAR"),
    (_calendar("BEGIN:VEVENT", "UID:a", "DTSTART:20230920T010000Z").replace(b"END:VCALENDAR\r\n", b""),
     "not a readable iCalendar file"),
    (_calendar("BEGIN:VEVENT", "UID:a", "SUMMARY:x", "DTSTART:not-a-date", "END:VEVENT"), "DTSTART"),
    (_calendar("BEGIN:VEVENT", "UID:a", "SUMMARY:No start", "END:VEVENT"), "no DTSTART"),
    (_calendar("BEGIN:VEVENT", "UID:a", "SUMMARY:Backwards", "DTSTART:20230920T100000Z",
               "DTEND:20230920T090000Z", "END:VEVENT"), "ends before it starts"),
    # Dates at the ends of datetime's range and huge durations overflowed into a traceback.
    (_calendar("BEGIN:VEVENT", "UID:a", "DTSTART:20230921T100000Z", "DURATION:P99999999D", "END:VEVENT"),
     "DURATION is longer than"),
    (_calendar("BEGIN:VEVENT", "UID:a", "DTSTART:99991231T230000Z", "DURATION:PT2H", "END:VEVENT"),
     "outside the years"),
    (_calendar("BEGIN:VEVENT", "UID:a", "DTSTART:00010101T000000", "DURATION:PT2H", "END:VEVENT"),
     "outside the years"),
])
def test_bad_calendars_are_clear_errors(data: bytes, expected: str) -> None:
    with pytest.raises(UserError, match=expected):
        parse_ics(data, "bad.ics")


def test_empty_calendar_is_a_warning() -> None:
    agenda = parse_ics(_calendar(), "empty.ics")
    assert agenda.sessions == [] and agenda.warnings == ["no events (VEVENT) in this calendar"]


def test_recurring_event_is_kept_once_with_a_warning() -> None:
    data = _calendar("BEGIN:VEVENT", "UID:daily", "SUMMARY:Doors open", "DTSTART:20230920T010000Z",
                     "DTEND:20230920T020000Z", "RRULE:FREQ=DAILY;COUNT=3", "END:VEVENT")
    agenda = parse_ics(data, "r.ics")
    assert len(agenda.sessions) == 1
    assert agenda.warnings == ["event 'Doors open' repeats (RRULE/RDATE): only its first occurrence is used"]
