"""frab / pretalx schedule.json import and export."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from helpers import data_file as _data

from engine.agenda.frab import parse_frab, to_frab, validate
from engine.agenda.model import Agenda, Session
from engine.errors import UserError

CAMP = "schedule_frab-camp2019.day1.json"  # the first day of the camp's export (tests/data/README.md)


def _minimal(events: list[dict], tz: str = "Asia/Shanghai") -> dict:
    """A small valid schedule.json around `events` (all in room "main-forum" on one day)."""
    return {"schedule": {"version": "1", "conference": {
        "acronym": "test", "title": "Test", "start": "2023-09-20", "end": "2023-09-20", "daysCount": 1,
        "timeslot_duration": "00:15", "time_zone_name": tz,
        "days": [{"index": 1, "date": "2023-09-20", "day_start": "2023-09-20T00:00:00+08:00",
                  "day_end": "2023-09-20T23:59:00+08:00", "rooms": {"main-forum": events}}]}}}


def _event(n: int, date: str, duration: str = "00:30", **extra: object) -> dict:
    event = {"id": n, "guid": f"00000000-0000-0000-0000-{n:012d}", "date": date, "start": date[11:16],
             "duration": duration, "room": "main-forum", "slug": f"test-{n}", "title": f"Talk {n}",
             "persons": [{"public_name": "a speaker", "id": 1}], "links": [{"url": "https://example.org/"}]}
    event.update(extra)
    return event


def test_pretalx_demo_has_36_events_in_2_rooms_at_plus_one_hour() -> None:
    agenda = parse_frab(_data("schedule_pretalx-democon.json").read_bytes(), "democon")
    assert len(agenda.sessions) == 36
    assert agenda.rooms() == ["Gray Room", "Tan Room"]
    # time_zone_name says UTC, but the dates carry +01:00: the offset wins, and we say so.
    assert {s.start.utcoffset() for s in agenda.sessions} == {timedelta(hours=1)}
    assert agenda.sessions[0].start == datetime(2020, 12, 14, 9, 0, tzinfo=timezone(timedelta(hours=1)))
    assert any("UTC" in w and "+01:00" in w for w in agenda.warnings)
    first = agenda.sessions[0]
    assert first.title == "Focused 5thgeneration hardware"
    assert first.speakers == ("Brian Robinson",)
    assert first.end - first.start == timedelta(minutes=30)


def test_camp2019_loads_despite_upper_case_slugs() -> None:
    text = _data(CAMP).read_text(encoding="utf-8")
    agenda = parse_frab(text, "camp2019")
    assert len(agenda.sessions) == 17
    assert agenda.rooms() == ["Curie", "Meitner"]
    assert agenda.warnings == []
    opening = agenda.sessions[0]
    assert opening.title == "Opening Ceremony"
    assert opening.start.tzinfo == ZoneInfo("Europe/Berlin")
    assert opening.start.utcoffset() == timedelta(hours=2)  # CEST in August
    assert opening.speakers == ("jinxx", "smtw")


def test_pattern_failures_against_the_c3voc_schema_are_forgiven() -> None:
    schema = json.loads(_data("frab_schedule.schema.json").read_text(encoding="utf-8"))
    data = json.loads(_data(CAMP).read_text(encoding="utf-8"))
    forgiven = validate(data, "camp2019", schema)
    assert len(forgiven) == 17 + 1  # the 17 events' slugs and the acronym "Camp2019"
    assert all("does not match" in f for f in forgiven)
    del data["schedule"]["conference"]["days"][0]["rooms"]["Curie"][0]["title"]
    with pytest.raises(UserError, match="'title' is a required property"):
        validate(data, "camp2019", schema)


def test_invalid_json_reports_line_and_column() -> None:
    with pytest.raises(UserError) as info:
        parse_frab('{\n  "schedule": {\n    "version": "1",,\n}', "broken.json")
    assert info.value.where == "broken.json"
    assert "line 3, column 20" in info.value.what


def _drop(event: dict, *keys: str) -> None:
    for key in keys:
        event.pop(key)


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: d["schedule"].pop("conference"), "schedule/conference is missing"),
    (lambda d: d["schedule"]["conference"].update(days={"1": []}), "schedule/conference/days is not a list"),
    (lambda d: d["schedule"]["conference"]["days"][0].update(rooms=[]), "days/0/rooms is a list, not an object"),
    (lambda d: d["schedule"]["conference"]["days"][0]["rooms"]["main-forum"].append("talk"),
     "day 1, room 'main-forum', event 2: text, not an event"),
    (lambda d: _drop(d["schedule"]["conference"]["days"][0]["rooms"]["main-forum"][0], "title"),
     r"event id 1 \(day 1, room 'main-forum'\): no title"),
    (lambda d: d["schedule"]["conference"]["days"][0]["rooms"]["main-forum"][0].update(title=["a"]),
     "event id 1 .*: title must be text, not a list"),
    (lambda d: _drop(d["schedule"]["conference"]["days"][0]["rooms"]["main-forum"][0], "date", "start"),
     "event id 1 'Talk 1' .*: no start time"),
])
def test_what_cannot_be_understood_is_an_error_naming_the_event_and_field(mutate, expected: str) -> None:
    data = _minimal([_event(1, "2023-09-20T09:00:00+08:00")])
    mutate(data)
    with pytest.raises(UserError, match=expected):
        parse_frab(json.dumps(data), "bad.json")


def test_end_before_start_is_an_error() -> None:
    negative = _minimal([_event(1, "2023-09-20T09:00:00+08:00", duration="-00:30")])
    with pytest.raises(UserError, match="negative duration"):
        parse_frab(json.dumps(negative), "neg.json")
    early_end = _minimal([_event(1, "2023-09-20T09:00:00+08:00", end="2023-09-20T08:00:00+08:00")])
    with pytest.raises(UserError, match="ends before it starts"):
        parse_frab(json.dumps(early_end), "end.json")


def test_unreadable_date_and_duration_are_errors() -> None:
    with pytest.raises(UserError, match=r"event id 1 'Talk 1' .*: date '20 Sept, 9am' is not an ISO 8601"):
        parse_frab(json.dumps(_minimal([_event(1, "20 Sept, 9am")])), "x.json")
    with pytest.raises(UserError, match=r"event id 1 'Talk 1' .*: duration 'half an hour' is not HH:MM"):
        parse_frab(json.dumps(_minimal([_event(1, "2023-09-20T09:00:00+08:00", duration="half an hour")])), "x.json")


def test_overflowing_dates_and_durations_are_errors() -> None:
    # These raised OverflowError (a traceback) in the date arithmetic.
    with pytest.raises(UserError, match="longer than"):
        parse_frab(json.dumps(_minimal([_event(1, "2023-09-20T09:00:00+08:00", duration="99999999:00")])), "x.json")
    for date in ("9999-12-31T23:00:00+00:00", "0001-01-01T00:30:00+01:00"):
        with pytest.raises(UserError, match="outside the years"):
            parse_frab(json.dumps(_minimal([_event(1, date)])), "x.json")


def test_deeply_nested_json_is_an_error_not_a_recursion_error() -> None:
    with pytest.raises(UserError, match="nested too deeply"):
        parse_frab("[" * 100_000, "deep.json")


def test_named_zone_used_when_offsets_agree() -> None:
    agenda = parse_frab(json.dumps(_minimal([_event(1, "2023-09-20T09:00:00+08:00", duration="01:15")])), "ok.json")
    (session,) = agenda.sessions
    assert session.start.tzinfo == ZoneInfo("Asia/Shanghai")
    assert session.end == datetime(2023, 9, 20, 10, 15, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert session.links == ("https://example.org/",)
    assert agenda.warnings == []


def test_to_frab_round_trip_keeps_every_field() -> None:
    tz = ZoneInfo("Asia/Shanghai")
    sessions = [
        Session(id="abc", title="Keynote, with commas; and \"quotes\"", start=datetime(2023, 9, 20, 9, tzinfo=tz),
                end=datetime(2023, 9, 20, 10, tzinfo=tz), room="main-forum", abstract="Line 1\nLine 2",
                speakers=("automotive software lead", "digital-human studio director"), track="Automobiles",
                language="zh", links=("https://example.org/a", "https://example.org/b")),
        Session(id="def", title="Day three", start=datetime(2023, 9, 22, 13, 30, tzinfo=tz),
                end=datetime(2023, 9, 22, 14, 15, tzinfo=tz), room="subforum-03"),
    ]
    document = to_frab(Agenda(sessions), acronym="test2023", title="Test")
    conference = document["schedule"]["conference"]
    assert conference["daysCount"] == 3 and [d["date"] for d in conference["days"]][-1] == "2023-09-22"
    back = parse_frab(json.dumps(document), "round.json")
    assert back.warnings == []
    for before, after in zip(sessions, back.sessions):
        assert (after.title, after.start, after.end, after.room, after.abstract, after.speakers, after.track,
                after.language, after.links) == (before.title, before.start, before.end, before.room,
                                                 before.abstract, before.speakers, before.track,
                                                 before.language, before.links)


def test_to_frab_output_is_valid_against_the_c3voc_schema() -> None:
    from engine.agenda.bundled import document
    schema = json.loads(_data("frab_schedule.schema.json").read_text(encoding="utf-8"))
    assert validate(document(), "bundled", schema) == []


def test_pattern_failure_inside_a_oneof_is_forgiven_but_a_missing_key_is_not() -> None:
    # c3voc's Person is oneOf(frab person, pretalx person); a pretalx "code" breaks only a pattern.
    schema = json.loads(_data("frab_schedule.schema.json").read_text(encoding="utf-8"))
    data = json.loads(_data("schedule_pretalx-democon.json").read_text(encoding="utf-8"))
    person = data["schedule"]["conference"]["days"][0]["rooms"]["Gray Room"][0]["persons"][0]
    person.update(name=person.pop("public_name"), code="lower-case")
    person.pop("id")
    assert len(validate(data, "democon", schema)) == 1
    person.pop("name")
    with pytest.raises(UserError, match=r"not a frab/pretalx schedule\.json"):
        validate(data, "democon", schema)


def test_to_frab_refuses_an_empty_agenda() -> None:
    with pytest.raises(ValueError, match="no sessions"):
        to_frab(Agenda([]), acronym="test", title="Empty")


def test_to_frab_keeps_the_sessions_zone_and_gives_unique_guids() -> None:
    paris = ZoneInfo("Europe/Paris")
    sessions = [Session(id="same", title=f"Talk {n}", start=datetime(2024, 6, 11, 9 + n, tzinfo=paris),
                        end=datetime(2024, 6, 11, 10 + n, tzinfo=paris), room="Salle 1") for n in range(3)]
    document = to_frab(Agenda(sessions), acronym="test2024", title="Test")
    conference = document["schedule"]["conference"]
    assert conference["time_zone_name"] == "Europe/Paris"
    events = [e for day in conference["days"] for es in day["rooms"].values() for e in es]
    assert events[0]["date"] == "2024-06-11T09:00:00+02:00"
    assert len({e["guid"] for e in events}) == 3
    again = to_frab(Agenda(sessions), acronym="test2024", title="Test")
    assert again == document   # stable
    back = parse_frab(json.dumps(document), "back.json")
    assert back.sessions[0].start.tzinfo == paris and back.warnings == []
