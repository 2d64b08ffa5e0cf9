"""Property-based tests of the schedule readers (frab/pretalx JSON, frab XML, iCalendar) and of the viewer's
own small files (bookmarks, kiosk settings): any file gives a result or one UserError line, and what is
read can be printed, searched and exported.
"""
from __future__ import annotations

import json
from pathlib import Path

from fuzzing import awkward_text, budget, byte_mutations, mutated, result_or_user_error, toml_document, values
from helpers import data_file, ics_text
from hypothesis import example, given
from hypothesis import strategies as st

from engine.agenda.bookmarks import Bookmarks
from engine.agenda.frab import parse_frab
from engine.agenda.frab_xml import parse_frab_xml
from engine.agenda.ics import parse_ics, to_ics
from engine.agenda.load import load_agenda
from engine.agenda.model import Agenda
from engine.agenda.queries import search
from engine.app.kiosk_config import KioskConfig, load_kiosk_config
from engine.errors import UserError

DEMO = json.loads(data_file("schedule_pretalx-democon.json").read_text(encoding="utf-8"))
# A smaller document mutates faster and reaches the same code: the first day, one room, two events.
DAY = DEMO["schedule"]["conference"]["days"][0]
ROOM = next(iter(DAY["rooms"]))
SMALL = json.loads(json.dumps(DEMO))
SMALL["schedule"]["conference"]["days"] = [{**DAY, "rooms": {ROOM: DAY["rooms"][ROOM][:2]}}]
HALLS = {"hall-a": "Hall A", "hall-b": "Hall B"}


def _usable(agenda: Agenda) -> None:
    """What the CLI and the viewer do with an agenda: print it, search it, export it."""
    for s in agenda.sessions:
        f"{s.start:%Y-%m-%d %H:%M}-{s.end:%H:%M}  {s.place}  {s.title}".encode()
        json.dumps({"title": s.title, "speakers": list(s.speakers), "abstract": s.abstract},
                   ensure_ascii=False).encode()
    search(agenda.sessions, "a b")
    parse_ics(to_ics(agenda.sessions[:20]))   # what we write, we read back


def _frab(text: str | bytes) -> None:
    out = result_or_user_error(lambda: parse_frab(text))
    if isinstance(out, Agenda):
        _usable(out)


@given(doc=mutated(SMALL, root=True))
@example(doc=json.loads(json.dumps(SMALL).replace('"time_zone_name": "UTC"', '"time_zone_name": "' + "A" * 300 + '"')))
def test_any_frab_document_reads_or_fails_with_one_line(doc):
    _frab(json.dumps(doc, ensure_ascii=False))


@given(data=byte_mutations(json.dumps(SMALL).encode()))
@example(data=json.dumps(SMALL).replace('"title": "', '"title": "\\ud800', 2).encode())
@example(data=json.dumps(SMALL).replace('"daysCount": 3', '"daysCount": ' + "9" * 4400).encode())
def test_any_frab_text_reads_or_fails_with_one_line(data):
    _frab(data)


# ------------------------------------------------------------------------------------------ frab XML
def _xml_event(n: int, title: str = "Talk", date: str = "2020-12-14T09:00:00+01:00", duration: str = "00:30") -> str:
    return (f'<event id="{n}" guid="00000000-0000-4000-8000-{n:012d}"><date>{date}</date><start>09:00</start>'
            f'<duration>{duration}</duration><room>Gray Room</room><title>{title}</title><track>T</track>'
            f'<persons><person id="1">A B</person><person><public_name>C</public_name></person></persons>'
            f'<links><link href="https://example.org/">x</link><link>https://example.org/y</link></links></event>')


def _xml(events: str, head: str = '<?xml version="1.0" encoding="utf-8"?>') -> str:
    return (f'{head}<schedule><version>1</version><conference><title>Demo</title>'
            f'<time_zone_name>Europe/Berlin</time_zone_name></conference><day index="1" date="2020-12-14" '
            f'start="2020-12-14T09:00:00+01:00" end="2020-12-14T18:00:00+01:00"><room name="Gray Room">'
            f'{events}</room></day></schedule>')


XML = _xml(_xml_event(1) + _xml_event(2, "Second"))
XML_FIELDS = ["id", "guid", "date", "start", "duration", "title", "room", "person", "link", "href"]


@given(data=byte_mutations(XML.encode()))
@example(data=_xml("").replace("<schedule>", '<!DOCTYPE schedule [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
                               "<schedule>").replace("Demo", "&b;").encode())
@example(data=_xml("").replace("<schedule>", '<!DOCTYPE s SYSTEM "/etc/passwd"><schedule>').encode())
@example(data=_xml(_xml_event(1, "&amp;&lt;\x01")).encode())
@example(data=_xml(_xml_event(1, duration="99999999999:00")).encode())
@example(data=_xml(_xml_event(1, date="9999-12-31T23:59:00+01:00")).encode())
@example(data=("<schedule>" + "<day>" * 5000).encode())
def test_any_frab_xml_reads_or_fails_with_one_line(data):
    out = result_or_user_error(lambda: parse_frab_xml(data))
    if isinstance(out, Agenda):
        _usable(out)
        assert all("aaaa" not in s.title for s in out.sessions)


@given(values=st.lists(st.tuples(st.sampled_from(XML_FIELDS), awkward_text), max_size=4))
def test_any_frab_xml_field_values_read_or_fail_with_one_line(values):
    text = XML
    for field, value in values:
        escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
        text = text.replace(f"<{field}>", f"<{field}>{escaped}", 1).replace(f'{field}="', f'{field}="{escaped}', 1)
    out = result_or_user_error(lambda: parse_frab_xml(text))
    if isinstance(out, Agenda):
        _usable(out)


# ------------------------------------------------------------------------------------------ iCalendar
PROPERTIES = ["DTSTART", "DTEND", "DURATION", "SUMMARY", "UID", "LOCATION", "DESCRIPTION", "URL", "RRULE",
              "CATEGORIES", "X-ANTING-HALL", "X-ANTING-SPEAKER", "X-WR-CALNAME", "BEGIN", "END", "TZID"]
PARAMETERS = ["", ";VALUE=DATE", ";VALUE=DATE-TIME", ";VALUE=DURATION", ";VALUE=PERIOD", ";VALUE=TIME",
              ";TZID=Asia/Shanghai", ";TZID=" + "A" * 300, ";TZID=Nowhere/Else", ";X=\"a:b\""]
VALUES = ["20230920T020000Z", "20230920T020000", "20230920", "PT1H", "-PT1H", "P9999999W", "020000",
          "20230920T020000Z/PT1H", "20230920T020000Z/20230920T030000Z", "99991231T235959Z", "00010101",
          "VEVENT", "VCALENDAR", "FREQ=DAILY;COUNT=3", ""]


@st.composite
def events(draw: st.DrawFn) -> str:
    """A VEVENT of arbitrary properties, parameters and values (the shapes that crashed, and noise)."""
    lines = ["BEGIN:VEVENT", "DTSTART:20230920T020000Z"] if draw(st.booleans()) else ["BEGIN:VEVENT"]
    for _ in range(draw(st.integers(0, 6))):
        name = draw(st.sampled_from(PROPERTIES))
        value = draw(st.sampled_from(VALUES) | awkward_text.map(lambda t: t.replace("\n", " ")))
        lines.append(f"{name}{draw(st.sampled_from(PARAMETERS))}:{value}")
    return "\r\n".join(lines + ["END:VEVENT"])


@given(body=st.lists(events(), max_size=4))
@example(body=["BEGIN:VEVENT\r\nDTSTART;VALUE=DURATION:PT1H\r\nEND:VEVENT"])
@example(body=["BEGIN:VEVENT\r\nDTSTART;VALUE=PERIOD:20230920T020000Z/PT1H\r\nEND:VEVENT"])
@example(body=["BEGIN:VEVENT\r\nDTSTART;VALUE=TIME:020000\r\nEND:VEVENT"])
@example(body=["BEGIN:VEVENT\r\nDTSTART:20230920T020000Z\r\nDTSTART:20230920T030000Z\r\nEND:VEVENT"])
@example(body=["BEGIN:VEVENT\r\nDTSTART:20230920T020000Z\r\nDURATION;VALUE=DATE-TIME:20230920T030000Z\r\n"
               "END:VEVENT"])
@example(body=["BEGIN:VEVENT\r\nDTSTART:20230920T020000Z\r\nX-ANTING-HALL;VALUE=DATE:020000\r\nEND:VEVENT"])
def test_any_calendar_reads_or_fails_with_one_line(body):
    text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//fuzz//EN\r\n" + "\r\n".join(body) + "\r\nEND:VCALENDAR\r\n"
    out = result_or_user_error(lambda: parse_ics(text))
    if isinstance(out, Agenda):
        _usable(out)


@given(data=byte_mutations(ics_text().encode()))
@example(data=ics_text().replace("SUMMARY:Opening talk", "SUMMARY:Opening\rtalk").encode())
def test_any_calendar_text_reads_or_fails_with_one_line(data):
    out = result_or_user_error(lambda: parse_ics(data))
    if isinstance(out, Agenda):
        _usable(out)


@budget(0.5)
@given(data=byte_mutations(json.dumps(SMALL).encode()) | byte_mutations(ics_text().encode())
       | byte_mutations(XML.encode()), suffix=st.sampled_from([".json", ".ics", ".xml"]))
def test_any_schedule_file_loads_with_halls_or_fails_with_one_line(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("agenda") / f"schedule{suffix}"
    path.write_bytes(data)
    out = result_or_user_error(lambda: load_agenda(path, halls=HALLS, room_map={ROOM: "hall-a"}))
    assert isinstance(out, (Agenda, UserError))


# ------------------------------------------------------------------------------- the viewer's own files
@given(doc=values() | st.fixed_dictionaries({"bookmarks": values()}), raw=st.none() | st.binary(max_size=64))
@example(doc={"bookmarks": 5}, raw=None)
@example(doc=json.loads("[" * 400 + "]" * 400), raw=None)
@example(doc=None, raw=b"[" * 100_000)
def test_any_bookmarks_file_opens_and_is_set_aside_when_damaged(tmp_path_factory, doc, raw):
    folder = tmp_path_factory.mktemp("config")
    path = folder / "bookmarks.json"
    path.write_bytes(raw if raw is not None else json.dumps(doc).encode())
    marks = result_or_user_error(lambda: Bookmarks(path))
    assert isinstance(marks, Bookmarks), "a bookmarks file must never stop the viewer"
    assert {p.name for p in folder.iterdir()} <= {"bookmarks.json", "bookmarks.json.bad"}
    if marks.problem:
        assert not path.exists() and (folder / "bookmarks.json.bad").exists()
    marks.toggle("s1")   # and bookmarking works afterwards
    assert "s1" in Bookmarks(path).ids


@given(doc=mutated({"kiosk": {"idle_seconds": 90.0, "quit_keys": "ctrl+shift+q", "crowd": 60}}, root=True))
def test_any_kiosk_config_reads_or_fails_with_one_line(tmp_path_factory, doc):
    path = tmp_path_factory.mktemp("kiosk") / "kiosk.toml"
    path.write_text(toml_document(doc if isinstance(doc, dict) else {"kiosk": doc}), encoding="utf-8")
    assert isinstance(result_or_user_error(lambda: load_kiosk_config(path)), (KioskConfig, UserError))


def test_bookmarks_folder_gets_nothing_but_its_files(tmp_path: Path):
    """The damaged file is moved, not copied: a second damaged file replaces the first .bad."""
    path = tmp_path / "bookmarks.json"
    for text in ('{"bookmarks": 5}', "[[[["):
        path.write_text(text)
        assert "bookmarks.json.bad" in (Bookmarks(path).problem or "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bookmarks.json.bad"]
    assert (tmp_path / "bookmarks.json.bad").read_text() == "[[[["
