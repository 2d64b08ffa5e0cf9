"""The `sessions` command, driven through engine.cli.main."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import MINI, data_file

from engine import PROJECT_ROOT
from engine.agenda.bundled import HALLS, OUTPUT
from engine.agenda.load import load_agenda
from engine.cli import main

BUNDLED = load_agenda(PROJECT_ROOT / OUTPUT, HALLS).sessions


def _in(hall: str) -> int:
    """How many sessions of the bundled agenda take place in `hall`."""
    return sum(s.hall == hall for s in BUNDLED)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["sessions", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_lists_the_bundled_agenda_one_session_per_line(capsys) -> None:
    code, out, err = _run(capsys)
    lines = out.splitlines()
    assert code == 0 and err == ""
    assert len(lines) == len(BUNDLED)  # every session of the bundled agenda, one line each
    assert lines[1].split()[:3] == ["2023-09-20", "09:00-09:45", "main-forum"]
    assert lines[1].endswith("Opening ceremony of the 2nd World Metaverse Conference")
    assert lines == sorted(lines, key=lambda line: line[:16])  # in time order


def test_hall_filter_and_search(capsys) -> None:
    code, out, _ = _run(capsys, "--hall", "subforum-02")
    assert code == 0 and len(out.splitlines()) == _in("subforum-02") > 0
    assert all(" subforum-02 " in line for line in out.splitlines())
    code, out, _ = _run(capsys, "--search", "WHITE paper")
    assert code == 0 and out.splitlines() == [
        "2023-09-20 15:00-15:45  main-forum  [zh]  White paper: Anting's auto-metaverse blueprint"]


def test_search_with_no_match_says_so(capsys) -> None:
    code, out, err = _run(capsys, "--search", "quantum knitting")
    assert code == 0 and out == "" and "no sessions match" in err


def test_at_shows_now_and_next_per_hall(capsys) -> None:
    code, out, _ = _run(capsys, "--at", "2023-09-20 14:10")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "at 2023-09-20 14:10 +0800"
    main_forum = [line for line in lines if line.startswith("main-forum")]
    assert main_forum[0].split()[1] == "now" and main_forum[0].endswith("Innovation Alliance")
    assert [line.split()[1] for line in main_forum] == ["now", "next", "next"]
    assert any(line.startswith("subforum-04") and "(nothing on)" in line for line in lines)


def test_at_with_hall_as_json(capsys) -> None:
    code, out, _ = _run(capsys, "--at", "14:10", "--hall", "main-forum", "--json")
    report = json.loads(out)
    assert code == 0
    assert report["at"] == "2023-09-20T14:10:00+08:00"
    (board,) = report["halls"]
    assert board["hall"] == "main-forum"
    assert [s["title"] for s in board["now"]] == ["Founding of the Shanghai Metaverse Industry Innovation Alliance"]
    assert len(board["next"]) == 2 and board["next"][0]["start"] == "2023-09-20T15:00:00+08:00"
    assert report["warnings"] == []


def test_json_listing_is_complete(capsys) -> None:
    code, out, _ = _run(capsys, "--json", "--hall", "exhibition-hall")
    report = json.loads(out)
    assert code == 0 and len(report["sessions"]) == _in("exhibition-hall") > 0
    first = report["sessions"][0]
    assert set(first) >= {"id", "title", "start", "end", "hall", "room", "speakers", "abstract", "track"}
    assert first["hall"] == "exhibition-hall" and first["start"].endswith("+08:00")


def test_ics_export_writes_the_selection_atomically(capsys, tmp_path: Path) -> None:
    out_file = tmp_path / "games.ics"
    code, out, _ = _run(capsys, "--hall", "subforum-03", "--ics", str(out_file))
    count = _in("subforum-03")
    assert code == 0 and count > 1 and f"wrote {count} sessions to {out_file}" in out
    assert [p.name for p in tmp_path.iterdir()] == ["games.ics"]  # no temporary file left behind
    code, out, err = _run(capsys, "--schedule", str(out_file))
    assert code == 0 and err == "" and len(out.splitlines()) == count
    assert all("subforum-03" in line for line in out.splitlines())


def test_ics_export_to_a_missing_folder_is_exit_2(capsys, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "dir" / "x.ics"
    code, _, err = _run(capsys, "--ics", str(target))
    assert code == 2 and err.startswith(f"error: {target}: cannot write")
    assert not target.exists()


def test_foreign_schedule_warnings_go_to_stderr(capsys) -> None:
    code, out, err = _run(capsys, "--schedule", str(data_file("schedule_pretalx-democon.json")),
                          "--at", "2020-12-14T09:10+01:00")
    assert code == 0
    assert "warning: rooms not mapped to any hall (their sessions have no hall): 'Gray Room', 'Tan Room'" in err
    assert all(line.startswith("warning: ") for line in err.splitlines())
    # Unmapped rooms still get now/next under their own names.
    assert any(line.startswith("Gray Room") and "now" in line and "Focused 5thgeneration hardware" in line
               for line in out.splitlines())


def test_unknown_hall_is_exit_2_listing_valid_ids(capsys) -> None:
    code, out, err = _run(capsys, "--hall", "subforum-10")
    assert code == 2 and out == ""
    assert err.startswith("error: --hall: unknown hall 'subforum-10'; valid ids: exhibition-hall, main-forum,")
    assert "subforum-09" in err


def test_bad_time_is_exit_2(capsys) -> None:
    code, _, err = _run(capsys, "--at", "half past two")
    assert code == 2 and err.startswith("error: --at: cannot read time 'half past two'")


@pytest.mark.parametrize("name, content, expected", [
    ("broken.json", '{"schedule": [}', "invalid JSON at line 1, column 15"),
    ("wrong.json", '{"schedule": {"version": "1"}}', "schedule/conference is missing"),
    ("folded.ics", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Split\r\nacross lines\r\nEND:VEVENT\r\n"
                   "END:VCALENDAR\r\n", "line 4"),
    ("notes.txt", "hello", "unknown schedule format"),
])
def test_bad_schedule_files_are_exit_2(capsys, tmp_path: Path, name: str, content: str, expected: str) -> None:
    path = tmp_path / name
    path.write_text(content, newline="")
    code, out, err = _run(capsys, "--schedule", str(path))
    assert code == 2 and out == ""
    assert err.startswith(f"error: {path}: ") and expected in err
    assert "Traceback" not in err


def test_missing_schedule_is_exit_2(capsys, tmp_path: Path) -> None:
    code, _, err = _run(capsys, "--schedule", str(tmp_path / "nope.json"))
    assert code == 2 and "no such file" in err


def test_command_module_imports_nothing_heavy() -> None:
    code = ("import sys, engine.commands.sessions\n"
            "heavy = [m for m in sys.modules if m.split('.')[0] in ('jsonschema', 'icalendar', 'OpenGL', 'pygame')"
            " or m.startswith('engine.agenda')]\n"
            "assert not heavy, heavy")
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr


def test_scene_room_map_is_used(capsys, tmp_path: Path) -> None:
    schedule = tmp_path / "agenda.ics"
    schedule.write_bytes(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\n"
                         b"UID:a1\r\nSUMMARY:Opening talk\r\nDTSTART:20230920T020000Z\r\n"
                         b"DTEND:20230920T030000Z\r\nLOCATION:Hall Alpha\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    scene = tmp_path / "scene.toml"
    scene.write_text(MINI + '\n[room_map]\n"Hall Alpha" = "hall-a"\n', encoding="utf-8")
    code = main(["sessions", "--scene", str(scene), "--schedule", str(schedule), "--hall", "hall-a"])
    out, err = capsys.readouterr()
    assert code == 0 and "hall-a" in out and "Opening talk" in out and "warning" not in err
    assert main(["sessions", "--scene", str(scene), "--hall", "subforum-01"]) == 2


FLOATING_ICS = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n{zone}BEGIN:VEVENT\r\nUID:k\r\n"
                "SUMMARY:Keynote\r\nDTSTART:20240611T093000\r\nDTEND:20240611T103000\r\nEND:VEVENT\r\n"
                "END:VCALENDAR\r\n")


def test_tz_reads_floating_times_where_the_file_names_no_zone(capsys, tmp_path: Path) -> None:
    path = tmp_path / "floating.ics"
    path.write_text(FLOATING_ICS.format(zone=""), encoding="utf-8")
    code, out, err = _run(capsys, "--schedule", str(path), "--tz", "Europe/Paris", "--json")
    assert code == 0 and json.loads(out)["sessions"][0]["start"] == "2024-06-11T09:30:00+02:00"
    assert "warning: 1 event: floating time (no TZID; read as Europe/Paris)" in err
    code, out, _ = _run(capsys, "--schedule", str(path), "--json")   # no --tz: the venue's zone
    assert json.loads(out)["sessions"][0]["start"] == "2024-06-11T09:30:00+08:00"
    # The file's own X-WR-TIMEZONE wins over --tz, and its times are exported in that zone.
    path.write_text(FLOATING_ICS.format(zone="X-WR-TIMEZONE:Europe/Paris\r\n"), encoding="utf-8")
    out_ics = tmp_path / "out.ics"
    code, out, err = _run(capsys, "--schedule", str(path), "--tz", "America/New_York", "--json",
                          "--ics", str(out_ics))
    assert code == 0 and json.loads(out)["sessions"][0]["start"] == "2024-06-11T09:30:00+02:00"
    text = out_ics.read_text(encoding="utf-8")
    assert "DTSTART;TZID=Europe/Paris:20240611T093000" in text and "Asia/Shanghai" not in text


def test_unknown_tz_is_exit_2(capsys) -> None:
    code, out, err = _run(capsys, "--tz", "Mars/Olympus")
    assert code == 2 and out == "" and err.startswith("error: --tz: unknown time zone 'Mars/Olympus'")


def test_a_frab_schedule_xml_is_listed(capsys) -> None:
    code, out, err = _run(capsys, "--schedule", str(data_file("schedule_c3voc-camp2019-everything.xml")))
    assert code == 0 and len(out.splitlines()) == 606
    assert "warning: 212 events: link given as plain text" in err


def test_sessions_lang_lists_chinese_titles(capsys):
    from engine.i18n import set_language
    try:
        code, out, _ = _run(capsys, "--hall", "main-forum", "--lang", "zh")
        assert code == 0 and "开幕式" in out.splitlines()[0]
        code, out, _ = _run(capsys, "--hall", "main-forum", "--lang", "en")
        assert code == 0 and "Opening ceremony" in out.splitlines()[0]
    finally:
        set_language("en")
