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
    data = to_ics(agenda.sessions, stamp=STAMP)
    back = parse_ics(data, "exported.ics")
    assert [_fields(s)[1:] for s in back.sessions] == [_fields(s)[1:] for s in agenda.sessions]
    # The UID the source gave two events is replaced for both by stable derived ones; the rest are kept.
    shared = "20160417T070217Z-58703@testing-worker-linux-docker-3ee836b9-3394-linux-5"
    kept = [(a.id, b.id) for a, b in zip(agenda.sessions, back.sessions) if a.id != shared]
    assert len(kept) == 160 and all(a == b for a, b in kept)
    assert len({s.id for s in back.sessions}) == 162 and shared not in {s.id for s in back.sessions}
    assert back.warnings == [] and to_ics(agenda.sessions, stamp=STAMP) == data


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
    assert agenda.warnings == ["1 event: floating time (no TZID; read as Asia/Shanghai) "
                               "(first: event 'Floating' (UID c))"]
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
    assert info.value.what.startswith("line 7: VEVENT: ") and "lost its leading space" in info.value.what


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


def test_unusual_but_legal_folding_loads() -> None:
    # RFC 5545 lets a line fold anywhere, even inside a property name or between the bytes of one
    # character, with a space or a tab; some writers also end lines with LF alone.
    cafe = "Caf\u00e9 talk".encode()
    data = (b"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nBEGIN:VEVENT\nUID:fold\n"
            b"SUMM\n ARY:" + cafe[:4] + b"\n\t" + cafe[4:] + b"\nDTST\n ART:20230920T010000Z\n"
            b"DTEND:20230920T0200\n 00Z\nLOCA\n\tTION:Hall\nEND:VEVENT\nEND:VCALENDAR\n")
    (session,) = parse_ics(data, "folded.ics").sessions
    assert (session.title, session.room) == ("Caf\u00e9 talk", "Hall")
    assert (session.start, session.end) == (datetime(2023, 9, 20, 1, tzinfo=UTC), datetime(2023, 9, 20, 2, tzinfo=UTC))


PARIS = ZoneInfo("Europe/Paris")
FLOATING = ("BEGIN:VEVENT", "UID:talk-1", "SUMMARY:Keynote", "DTSTART:20240611T093000", "DTEND:20240611T103000",
            "END:VEVENT", "BEGIN:VEVENT", "UID:talk-2", "SUMMARY:Fixed", "DTSTART:20240611T120000Z",
            "DURATION:PT1H", "END:VEVENT")


def test_floating_times_take_the_calendars_x_wr_timezone() -> None:
    agenda = parse_ics(_calendar("X-WR-TIMEZONE:Europe/Paris", *FLOATING), "paris.ics")
    keynote, fixed = agenda.sessions
    assert keynote.start == datetime(2024, 6, 11, 9, 30, tzinfo=PARIS) and keynote.start.tzinfo == PARIS
    assert fixed.start.utcoffset() == timedelta(0) and agenda.warnings == []
    # A --tz (here passed as default_tz) does not override what the file says.
    assert parse_ics(_calendar("X-WR-TIMEZONE:Europe/Paris", *FLOATING), "p.ics",
                     default_tz=ZoneInfo("America/New_York")).sessions[0].start.tzinfo == PARIS


def test_floating_times_take_the_given_zone_when_the_file_names_none() -> None:
    new_york = ZoneInfo("America/New_York")
    agenda = parse_ics(_calendar(*FLOATING), "floating.ics", default_tz=new_york)
    keynote = next(s for s in agenda.sessions if s.title == "Keynote")
    assert keynote.start == datetime(2024, 6, 11, 9, 30, tzinfo=new_york)
    assert agenda.warnings == ["1 event: floating time (no TZID; read as America/New_York) "
                               "(first: event 'Keynote' (UID talk-1))"]
    unknown = parse_ics(_calendar("X-WR-TIMEZONE:Mars/Olympus", *FLOATING), "mars.ics")
    assert next(s for s in unknown.sessions if s.title == "Keynote").start.tzinfo == TZ
    assert unknown.warnings[0] == "unknown X-WR-TIMEZONE 'Mars/Olympus'; floating times read as Asia/Shanghai"


def test_export_keeps_each_events_zone() -> None:
    agenda = parse_ics(_calendar("X-WR-TIMEZONE:Europe/Paris", *FLOATING, "BEGIN:VEVENT", "UID:talk-3",
                                 "SUMMARY:Berlin", "DTSTART;TZID=Europe/Berlin:20240611T140000",
                                 "DURATION:PT30M", "END:VEVENT"), "zones.ics")
    text = to_ics(agenda.sessions, stamp=STAMP).decode()
    assert "DTSTART;TZID=Europe/Paris:20240611T093000" in text
    assert "DTSTART;TZID=Europe/Berlin:20240611T140000" in text and "DTSTART:20240611T120000Z" in text
    assert "Asia/Shanghai" not in text
    back = parse_ics(text, "again.ics")
    assert [(s.start, s.start.tzinfo) for s in back.sessions] == [(s.start, s.start.tzinfo) for s in agenda.sessions]


def test_export_gives_every_event_a_unique_stable_uid() -> None:
    # A source that reuses five UIDs for 88 events (and one event that has a UID of its own).
    lines = []
    for n in range(88):
        start = datetime(2024, 6, 11, 8, tzinfo=PARIS) + timedelta(minutes=30 * (n % 20))
        lines += ["BEGIN:VEVENT", f"UID:slot-{n % 5}@example.org", f"SUMMARY:Talk {n}",
                  f"DTSTART;TZID=Europe/Paris:{start:%Y%m%dT%H%M%S}", "DURATION:PT30M", "END:VEVENT"]
    lines += ["BEGIN:VEVENT", "UID:only-once@example.org", "SUMMARY:Unique", "DTSTART:20240612T080000Z",
              "DURATION:PT30M", "END:VEVENT"]
    agenda = parse_ics(_calendar(*lines), "reused.ics")
    assert len({s.id for s in agenda.sessions}) == 6
    exported = to_ics(agenda.sessions, stamp=STAMP)
    back = parse_ics(exported, "exported.ics")
    uids = [s.id for s in back.sessions]
    assert len(set(uids)) == 89 and "only-once@example.org" in uids
    assert not any(w for w in back.warnings if "is used by" in w)
    # Stable: the same agenda, even listed in another order, gives each event the same UID.
    again = parse_ics(to_ics(list(reversed(agenda.sessions)), stamp=STAMP), "again.ics")
    assert {(s.title, s.id) for s in again.sessions} == {(s.title, s.id) for s in back.sessions}
    # Events alike in UID, start and title still get one UID each.
    twin = agenda.sessions[0]
    assert len(set(parse_ics(to_ics([twin, twin, twin], stamp=STAMP), "twins.ics").sessions[i].id
                   for i in range(3))) == 3
