"""load_agenda: format dispatch, file checks, room-to-hall mapping; the bundled WMC 2023 agenda."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from helpers import data_file as _data

from engine import PROJECT_ROOT
from engine.agenda.bundled import HALLS, OUTPUT, build_agenda, render
from engine.agenda.load import MAX_SCHEDULE_BYTES, load_agenda
from engine.agenda.model import Session
from engine.agenda.rooms import RoomResolver, assign_halls
from engine.errors import UserError

BUNDLED = PROJECT_ROOT / OUTPUT
TZ = ZoneInfo("Asia/Shanghai")


def _session(room: str, start: str = "2023-09-20 10:00", minutes: int = 30, hall: str | None = None) -> Session:
    begin = datetime.fromisoformat(start).replace(tzinfo=TZ)
    return Session(id=room + start, title=f"In {room}", start=begin, end=begin + timedelta(minutes=minutes),
                   room=room, hall=hall)


# ------------------------------------------------------------------ rooms

def test_rooms_resolve_by_id_name_and_explicit_map() -> None:
    resolver = RoomResolver(HALLS, room_map={"Hall A (level 2)": "subforum-03"})
    assert resolver.resolve("main-forum") == "main-forum"
    assert resolver.resolve("MAIN-FORUM") == "main-forum"
    assert resolver.resolve("main forum hall") == "main-forum"          # by name, any case
    assert resolver.resolve("  Main   Forum  Hall ") == "main-forum"    # and any spacing
    assert resolver.resolve("hall a (LEVEL 2)") == "subforum-03"         # explicit table
    assert resolver.resolve("Gray Room") is None


def test_unmapped_rooms_get_no_hall_and_one_warning_naming_them() -> None:
    sessions = [_session("Gray Room"), _session("Tan Room"), _session("Gray Room", "2023-09-20 11:00"),
                _session("subforum-01")]
    mapped, warnings = assign_halls(sessions, HALLS)
    assert [s.hall for s in mapped] == [None, None, None, "subforum-01"]
    assert len(warnings) == 1 and "'Gray Room', 'Tan Room'" in warnings[0]


def test_room_map_to_an_unknown_hall_is_reported() -> None:
    mapped, warnings = assign_halls([_session("Annex")], HALLS, room_map={"Annex": "subforum-99"})
    assert mapped[0].hall is None
    assert any("subforum-99" in w for w in warnings) and any("'Annex'" in w for w in warnings)


def test_a_known_hall_carried_by_the_file_is_kept() -> None:
    mapped, warnings = assign_halls([_session("Room by a human name", hall="subforum-05")], HALLS)
    assert mapped[0].hall == "subforum-05" and warnings == []


# ------------------------------------------------------------------ load_agenda

def test_load_real_exports_with_a_room_map() -> None:
    halls = {"main-forum": "Main Forum Hall", "subforum-01": "Digital Humans"}
    camp = load_agenda(_data("schedule_frab-camp2019.day1.json"), halls, room_map={"Curie": "main-forum"})
    assert len(camp.sessions) == 17 and camp.halls() == ["main-forum"]
    assert sum(s.hall == "main-forum" for s in camp.sessions) == 9  # Curie's; Meitner's 8 have no hall
    assert camp.warnings == ["rooms not mapped to any hall (their sessions have no hall): 'Meitner'"]
    pretalx = load_agenda(_data("schedule_pretalx-democon.json"))
    assert len(pretalx.sessions) == 36 and all(s.hall is None for s in pretalx.sessions)
    pycon = load_agenda(_data("pyconuk2015_schedule.ics"))
    assert len(pycon.sessions) == 162


def test_overlap_in_one_hall_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "clash.ics"
    from engine.agenda.ics import to_ics
    path.write_bytes(to_ics([_session("subforum-02", "2023-09-20 10:00", 60),
                             _session("subforum-02", "2023-09-20 10:30", 60),
                             _session("Gray Room", "2023-09-20 10:00", 60)]))
    agenda = load_agenda(path, HALLS)
    overlaps = [w for w in agenda.warnings if "overlap" in w]
    assert len(overlaps) == 1 and "subforum-02" in overlaps[0]
    assert any("'Gray Room'" in w for w in agenda.warnings)


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "huge.json"
    with big.open("wb") as handle:  # sparse: the size is real, the disk use is not
        handle.truncate(MAX_SCHEDULE_BYTES + 1)
    with pytest.raises(UserError) as info:
        load_agenda(big)
    assert info.value.where == str(big) and "limit" in info.value.what and "20 MB" in info.value.what
    small = tmp_path / "small.json"
    small.write_text('{"schedule": 1}')
    with pytest.raises(UserError, match="larger than"):
        load_agenda(small, max_bytes=10)


@pytest.mark.parametrize("name, content, expected", [
    ("agenda.txt", "<schedule/>", "unknown schedule format '.txt'"),
    ("agenda.xml", "<calendar/>", "the root element is <calendar>, not <schedule>"),
    ("missing.json", None, "no such file"),
    ("bad.json", "{not json", "invalid JSON at line 1, column 2"),
])
def test_bad_files_raise_user_errors_naming_the_file(tmp_path: Path, name: str, content: str | None,
                                                     expected: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    with pytest.raises(UserError, match=expected) as info:
        load_agenda(path)
    assert info.value.where == str(path)


# ------------------------------------------------------------------ the bundled agenda

def test_bundled_agenda_loads_with_zero_warnings() -> None:
    agenda = load_agenda(BUNDLED, HALLS)
    assert agenda.warnings == []
    assert agenda.halls() == sorted(HALLS)
    assert {s.start.date().isoformat() for s in agenda.sessions} == {"2023-09-20", "2023-09-21", "2023-09-22"}
    assert all(s.start.utcoffset() == timedelta(hours=8) for s in agenda.sessions)
    for hall in HALLS:
        if hall.startswith("subforum-"):
            assert sum(s.hall == hall for s in agenda.sessions) >= 3, hall


def test_bundled_agenda_has_the_published_outcomes_and_is_marked_illustrative() -> None:
    agenda = load_agenda(BUNDLED, HALLS)
    titles = " | ".join(s.title for s in agenda.sessions if s.hall == "main-forum")
    for phrase in ("Opening ceremony", "Plenary session I", "Plenary session II",
                   "Shanghai Metaverse Industry Innovation Alliance", "White paper", "Meta Baylism"):
        assert phrase in titles
    assert all("Illustrative" in s.abstract for s in agenda.sessions)
    assert any("100 billion yuan" in s.abstract for s in agenda.sessions)
    document = json.loads(BUNDLED.read_text(encoding="utf-8"))
    conference = document["schedule"]["conference"]
    assert conference["meta"]["illustrative"] is True and "Illustrative" in conference["description"]
    assert conference["time_zone_name"] == "Asia/Shanghai"


def test_bundled_speakers_are_roles_not_names() -> None:
    agenda = build_agenda()
    speakers = {name for s in agenda.sessions for name in s.speakers}
    assert speakers
    # Every speaker is a role: the last word names a job, never a family name.
    jobs = {"analyst", "architect", "artist", "chair", "curator", "designer", "director", "educator", "engineer",
            "expert", "founder", "head", "lead", "manager", "organiser", "principal", "producer",
            "representative", "researcher", "scientist", "specialist", "storyteller", "strategist", "surgeon",
            "teams", "technologist", "trainer"}
    assert {name.split()[-1] for name in speakers} <= jobs


def test_bundled_file_is_what_the_generator_writes() -> None:
    assert BUNDLED.read_text(encoding="utf-8") == render(), "run `python -m engine.agenda.bundled` and commit"
    assert render() == render()


def test_bundled_generator_check_mode_runs_as_a_module() -> None:
    result = subprocess.run([sys.executable, "-m", "engine.agenda.bundled", "--check"], cwd=PROJECT_ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "up to date" in result.stdout


def test_agenda_package_imports_no_opengl_and_no_pygame() -> None:
    code = ("import sys, engine.agenda, engine.agenda.load, engine.agenda.frab, engine.agenda.frab_xml, "
            "engine.agenda.ics, "
            "engine.agenda.queries, engine.agenda.rooms, engine.agenda.bundled\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('OpenGL', 'pygame')]\n"
            "assert not bad, bad")
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
