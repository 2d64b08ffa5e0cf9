"""frab/pretalx schedule.json read leniently: real C3VOC exports that the schema refuses load whole, with
their faults counted by kind; what cannot be understood is an error naming the event and the field."""
from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from helpers import data_file as _data

from engine.agenda.frab import parse_frab, validate
from engine.agenda.load import load_agenda
from engine.errors import UserError

CAMP = "schedule_c3voc-camp2019-everything.json"   # 606 events; 212 of them with links as plain URLs
JEV = "schedule_c3voc-jev22-20221221.json"         # 191 events; 16 ids given as strings, 9 without links
BERLIN = ZoneInfo("Europe/Berlin")


def _events(doc: dict) -> list[dict]:
    return [e for day in doc["schedule"]["conference"]["days"] for events in day["rooms"].values() for e in events]


def _document(*events: dict, tz: str | None = "Europe/Berlin") -> str:
    conference: dict = {"acronym": "t", "title": "T", "days": [
        {"index": 1, "date": "2019-08-21", "rooms": {"Curie": list(events)}}]}
    if tz:
        conference["time_zone_name"] = tz
    return json.dumps({"schedule": {"version": "1", "conference": conference}})


def _event(n: int, **fields: object) -> dict:
    event: dict = {"id": n, "guid": f"00000000-0000-4000-8000-{n:012d}", "date": "2019-08-21T11:00:00+02:00",
                   "start": "11:00", "duration": "00:30", "room": "Curie", "title": f"Talk {n}",
                   "persons": [{"public_name": "jinxx"}], "links": [{"url": "https://example.org/", "title": "x"}]}
    event.update(fields)
    return {k: v for k, v in event.items() if v is not _GONE}


_GONE = object()


def test_every_event_of_the_camp_export_loads_though_the_schema_refuses_it() -> None:
    raw = _data(CAMP).read_bytes()
    doc = json.loads(raw)
    with pytest.raises(UserError, match="is not of type 'object'"):
        validate(doc, CAMP)   # what the strict check said: links given as plain strings
    agenda = parse_frab(raw, CAMP)
    assert len(agenda.sessions) == len(_events(doc)) == 606
    assert {s.id for s in agenda.sessions} == {e["guid"] for e in _events(doc)}
    assert agenda.warnings == ["212 events: link given as plain text (first: event id 1180 "
                               "'Awarenessteam-Vorstellung' (day 1, room 'Goldberg (Workshop 2)'))"]
    awareness = next(s for s in agenda.sessions if s.title == "Awarenessteam-Vorstellung")
    assert awareness.links == ("http://help.ccc.de/awareness",)
    opening = next(s for s in agenda.sessions if s.title == "Opening Ceremony")
    assert opening.start == datetime(2019, 8, 21, 11, 0, tzinfo=BERLIN) and opening.speakers == ("jinxx", "smtw")
    assert opening.duration == timedelta(minutes=30)


def test_string_ids_and_missing_links_of_a_real_export_load_with_counted_warnings() -> None:
    raw = _data(JEV).read_bytes()
    doc = json.loads(raw)
    string_ids = [e for e in _events(doc) if isinstance(e["id"], str)]
    assert len(string_ids) == 16
    agenda = parse_frab(raw, JEV)
    assert len(agenda.sessions) == len(_events(doc)) == 191
    assert agenda.warnings[:2] == [
        "9 events: no links list (first: event id 1007 'Raspberry Pi Pico mit CircuitPy' "
        "(day 1, room 'ChilyConChaos'))",
        "16 events: id given as a string (first: event id '2814' 'Internal Penetration Testing Basics' "
        "(day 2, room 'Winterchaos'))"]
    pentest = next(s for s in agenda.sessions if s.title == "Internal Penetration Testing Basics")
    assert pentest.id == string_ids[0]["guid"]


def test_the_cli_prints_one_warning_line_per_kind(capsys) -> None:
    from engine.cli import main
    code = main(["sessions", "--schedule", str(_data(JEV))])
    out, err = capsys.readouterr()
    assert code == 0 and len(out.splitlines()) == 191
    warnings = [line for line in err.splitlines() if line.startswith("warning: ")]
    assert "warning: 16 events: id given as a string (first: event id '2814'" in err
    assert len([w for w in warnings if "event" in w and "(first:" in w]) == 2


def test_what_the_schema_calls_wrong_but_can_be_understood_loads() -> None:
    events = [
        _event(1, id="1"),                                                  # id as a string
        _event(2, links=["https://a.example/", {"url": "https://b.example/"}, {"href": "https://c.example/"}]),
        _event(3, persons=_GONE, links=_GONE, attachments=_GONE),          # optional arrays missing
        _event(4, track=None, language=None, abstract=None, subtitle=None, description=None),
        _event(5, duration="0:45"), _event(6, duration="00:45:00"), _event(7, duration=45),
        _event(8, duration="45"), _event(9, title=2019, room=5),           # numbers where text belongs
        _event(10, persons=["jinxx", {"name": "smtw"}, {"id": 3}]),
    ]
    agenda = parse_frab(_document(*events), "lenient.json")
    by_title = {s.title: s for s in agenda.sessions}
    assert len(agenda.sessions) == 10
    assert by_title["Talk 1"].id == "00000000-0000-4000-8000-000000000001"
    assert by_title["Talk 2"].links == ("https://a.example/", "https://b.example/", "https://c.example/")
    assert (by_title["Talk 3"].speakers, by_title["Talk 3"].links) == ((), ())
    assert by_title["Talk 4"].track == "" and by_title["Talk 4"].abstract == ""
    assert [by_title[f"Talk {n}"].duration for n in (5, 6, 7, 8)] == [timedelta(minutes=45)] * 4
    assert by_title["2019"].room == "5"
    assert by_title["Talk 10"].speakers == ("jinxx", "smtw")
    kinds = [w.split(" (first: ")[0] for w in agenda.warnings]
    assert kinds == ["1 event: id given as a string", "1 event: link given as plain text",
                     "1 event: no persons list", "1 event: no links list",
                     "2 events: duration given as a number of minutes", "1 event: title given as a number",
                     "1 event: room given as a number", "1 event: person given as plain text",
                     "1 event: person without a name (ignored)"]


def test_times_without_offset_take_the_declared_zone_then_the_given_one() -> None:
    naive = _event(1, date="2019-08-21T11:00:00")
    declared = parse_frab(_document(naive), "a.json")
    assert declared.sessions[0].start == datetime(2019, 8, 21, 11, tzinfo=BERLIN) and declared.warnings == []
    paris = ZoneInfo("Europe/Paris")
    undeclared = parse_frab(_document(naive, tz=None), "b.json", default_tz=paris)
    assert undeclared.sessions[0].start.tzinfo is paris
    assert undeclared.warnings == ["1 event: time without a UTC offset (read as Europe/Paris) "
                                   "(first: event id 1 'Talk 1' (day 1, room 'Curie'))"]
    # No date at all: the day's date and the event's start.
    built = parse_frab(_document(_event(2, date=_GONE, start="13:15")), "c.json")
    assert built.sessions[0].start == datetime(2019, 8, 21, 13, 15, tzinfo=BERLIN)


@pytest.mark.parametrize("fields, expected", [
    ({"date": "2019-13-45T11:00:00+02:00"}, "event id 7 'Talk 7' (day 1, room 'Curie'): date "
                                            "'2019-13-45T11:00:00+02:00' is not an ISO 8601 date-time"),
    ({"date": _GONE, "start": "25:00"}, "event id 7 'Talk 7' (day 1, room 'Curie'): start '25:00' is not HH:MM"),
    ({"date": None, "start": None}, "event id 7 'Talk 7' (day 1, room 'Curie'): no start time"),
    ({"title": " "}, "event id 7 (day 1, room 'Curie'): no title"),
    ({"id": _GONE, "title": _GONE}, "event guid '00000000-0000-4000-8000-000000000007' (day 1, room 'Curie'): "
                                    "no title"),
    ({"duration": "PT"}, "duration 'PT' is not HH:MM"),
    ({"duration": float("nan")}, "duration nan is not a length of time"),
    ({"duration": -5}, "duration -5 is not a length of time"),
    ({"duration": 10 ** 12}, "is longer than"),
    ({"persons": [{"name": "x"}] * 101}, "more than 100 persons"),
])
def test_what_cannot_be_understood_names_the_event_and_the_field(fields: dict, expected: str) -> None:
    with pytest.raises(UserError) as info:
        parse_frab(_document(_event(7, **fields)), "bad.json")
    assert expected in info.value.what and info.value.where == "bad.json"


def test_the_real_export_loads_through_load_agenda_with_the_rooms_it_has() -> None:
    agenda = load_agenda(_data(CAMP), halls={"main-forum": "Main Forum Hall"}, room_map={"Curie": "main-forum"})
    assert len(agenda.sessions) == 606
    assert {s.room for s in agenda.sessions if s.hall == "main-forum"} == {"Curie"}


def test_more_events_than_the_limit_is_an_error() -> None:
    from engine.agenda.model import MAX_SESSIONS
    with pytest.raises(UserError, match="more than 10,000 events: above the limit"):
        parse_frab(_document(*[_event(n) for n in range(MAX_SESSIONS + 1)]), "huge.json")
