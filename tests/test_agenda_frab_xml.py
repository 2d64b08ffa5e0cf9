"""frab schedule.xml import: a real C3VOC export, the format's variants, and hostile XML refused safely."""
from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from helpers import data_file as _data

from engine.agenda.frab import parse_frab
from engine.agenda.frab_xml import MAX_DEPTH, parse_frab_xml
from engine.agenda.load import load_agenda
from engine.errors import UserError

XML = "schedule_c3voc-camp2019-everything.xml"    # the same programme as the .json beside it
JSON = "schedule_c3voc-camp2019-everything.json"


def _fields(s) -> tuple:
    return (s.id, s.title, s.start, s.end, s.room, s.speakers, s.links, s.track, s.language, s.abstract)


def _schedule(events: str, conference: str = "<title>Test</title>") -> str:
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<schedule><version>1</version>'
            f'<conference>{conference}</conference>'
            f'<day index="1" date="2023-09-20" start="2023-09-20T09:00:00+08:00" end="2023-09-20T18:00:00+08:00">'
            f'<room name="Main Forum Hall">{events}</room></day></schedule>')


EVENT = ('<event id="7" guid="00000000-0000-4000-8000-000000000007"><date>2023-09-20T09:30:00+08:00</date>'
         '<start>09:30</start><duration>00:45</duration><room>Main Forum Hall</room><title>Opening</title>'
         '<subtitle/><track>Main</track><type>lecture</type><language>zh</language><abstract>Hello.</abstract>'
         '<persons><person id="1">host</person><person id="2"><code>ABC123</code>'
         '<public_name>guest</public_name></person></persons>'
         '<links><link href="https://example.org/a">A</link><link>https://example.org/b</link></links></event>')


def test_every_event_of_the_real_xml_loads_and_matches_the_json_export() -> None:
    agenda = parse_frab_xml(_data(XML).read_bytes(), XML)
    assert len(agenda.sessions) == 606
    assert agenda.title == "Chaos Communication Camp 2019"
    as_json = parse_frab(_data(JSON).read_bytes(), JSON)
    assert sorted(map(_fields, agenda.sessions)) == sorted(map(_fields, as_json.sessions))
    # The merged file writes some links as <link>URL</link>, as the JSON writes them as plain strings.
    assert agenda.warnings == as_json.warnings
    opening = next(s for s in agenda.sessions if s.title == "Opening Ceremony")
    assert opening.start == datetime(2019, 8, 21, 11, tzinfo=ZoneInfo("Europe/Berlin"))
    assert opening.start.utcoffset() == timedelta(hours=2)


def test_the_fields_of_an_event() -> None:
    agenda = parse_frab_xml(_schedule(EVENT, "<title>Test</title><time_zone_name>Asia/Shanghai</time_zone_name>"))
    (session,) = agenda.sessions
    assert session.id == "00000000-0000-4000-8000-000000000007"
    assert (session.title, session.room, session.track, session.language, session.abstract) == (
        "Opening", "Main Forum Hall", "Main", "zh", "Hello.")
    assert session.start == datetime(2023, 9, 20, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert session.duration == timedelta(minutes=45)
    assert session.speakers == ("host", "guest")
    assert session.links == ("https://example.org/a", "https://example.org/b")
    assert [w.split(" (first")[0] for w in agenda.warnings] == ["1 event: link given as plain text"]


def test_load_agenda_reads_xml_files(tmp_path: Path) -> None:
    path = tmp_path / "schedule.xml"
    path.write_text(_schedule(EVENT), encoding="utf-8")
    agenda = load_agenda(path, halls={"main-forum": "Main Forum Hall"})
    assert [s.hall for s in agenda.sessions] == ["main-forum"]


BILLION_LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE schedule [\n<!ENTITY lol "lol">\n'
                  + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">\n'
                            for i in range(1, 10))
                  + ']>\n<schedule><conference><title>&lol9;</title></conference></schedule>')
EXTERNAL = ('<?xml version="1.0"?>\n<!DOCTYPE schedule [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
            '<schedule><conference><title>&secret;</title></conference></schedule>')
EXTERNAL_DTD = ('<?xml version="1.0"?>\n<!DOCTYPE schedule SYSTEM "http://127.0.0.1:9/schedule.dtd">\n'
                '<schedule/>')


@pytest.mark.parametrize("text, expected", [
    (BILLION_LAUGHS, "DOCTYPE with declarations"),
    (EXTERNAL, "DOCTYPE with declarations"),
    (EXTERNAL_DTD, "external DTD"),
    ('<schedule><conference><title>&secret;</title></conference></schedule>', "line 1, column 30: undefined entity"),
    ("<a>" * (MAX_DEPTH + 1) + "</a>" * (MAX_DEPTH + 1), f"nested more than {MAX_DEPTH} deep"),
    ("<schedule><day>", "not well-formed XML at line 1, column 16"),
    ("", "not well-formed XML at line 1"),
    ("<calendar/>", "the root element is <calendar>, not <schedule>"),
    (_schedule(EVENT.replace("<title>Opening</title>", "")), "event id 7 (day 1, room 'Main Forum Hall'): no title"),
    (_schedule(EVENT.replace("2023-09-20T09:30:00+08:00", "tomorrow")),
     "event id 7 'Opening' (day 1, room 'Main Forum Hall'): date 'tomorrow' is not an ISO 8601 date-time"),
])
def test_hostile_or_broken_xml_is_one_error_and_nothing_expands(text: str, expected: str) -> None:
    with pytest.raises(UserError) as info:
        parse_frab_xml(text.encode(), "hostile.xml")
    assert expected in info.value.what, info.value.what
    assert "lol" not in info.value.what and "root:" not in info.value.what


def test_a_bare_doctype_and_other_encodings_are_fine() -> None:
    latin = _schedule(EVENT.replace("Hello.", "Caf\u00e9.")).replace("utf-8", "iso-8859-1")
    latin = latin.replace("<schedule>", "<!DOCTYPE schedule>\n<schedule>", 1)
    agenda = parse_frab_xml(latin.encode("iso-8859-1"), "latin.xml")
    assert agenda.sessions[0].abstract == "Caf\u00e9."


def test_an_empty_schedule_is_a_warning() -> None:
    agenda = parse_frab_xml(b"<schedule><version>1</version></schedule>", "empty.xml")
    assert agenda.sessions == [] and agenda.warnings == ["no events (<day><room><event>) in this schedule.xml"]
