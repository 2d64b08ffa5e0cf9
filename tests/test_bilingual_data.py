"""Data in both languages: a scene's `name_zh` and the like, `inspect --json` names, the bundled agenda's Chinese,
and imported schedules that keep their own language."""
from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

import pytest
from helpers import MINI, data_file

from engine import PROJECT_ROOT
from engine.agenda.bundled import HALLS, OUTPUT, build_agenda
from engine.agenda.frab import parse_frab, to_frab
from engine.agenda.ics import parse_ics, to_ics
from engine.agenda.load import load_agenda
from engine.agenda.model import VENUE_TZ, Agenda, Session
from engine.cli import main
from engine.errors import UserError
from engine.venue.scenefile import read_scene

CJK = re.compile(r"[\u4e00-\u9fff]")
SCENE = PROJECT_ROOT / "scenes" / "anting.toml"

# MINI with its own Chinese: the hall, a booth, an experience, a waypoint, the plaza and the spawn.
MINI_ZH = MINI.replace('name = "Mini"', 'name = "Mini"\nname_zh = "迷你会场"').replace(
    'id = "plaza"', 'id = "plaza"\nname = "Square"\nname_zh = "小广场"').replace(
    'at = [0, 1.6, 5]', 'name = "By the gate"\nname_zh = "大门旁"\nat = [0, 1.6, 5]').replace(
    'name = "Hall A"', 'name = "Hall A"\nname_zh = "甲馆"\ntheme = "games"\ntheme_zh = "游戏"') + """
[[booths]]
id = "booth-1"
name = "Booth One"
name_zh = "一号展位"
hall = "hall-a"
at = [-6, -24]
description = "First booth"
description_zh = "第一个展位\\n欢迎光临"

[[experiences]]
id = "exp-1"
name = "Try it"
name_zh = "试一试"
description = "A demo"
description_zh = "演示"
hall = "plaza"
at = [12, 4]

[[waypoints]]
id = "corner"
name = "Corner"
name_zh = "角落"
at = [15, 1.6, 8]
look_at = [0, 1.6, 0]
"""


def _write(tmp_path, text: str):
    path = tmp_path / "venue.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


# ------------------------------------------------------------------------------------------------ scene

def test_a_scene_gives_its_own_chinese_names(tmp_path) -> None:
    spec = read_scene(_write(tmp_path, MINI_ZH))
    hall, booth, exp, corner = spec.halls[0], spec.booths[0], spec.experiences[0], spec.waypoints[0]
    assert (hall.name_zh, hall.theme_zh, hall.signage_zh) == ("甲馆", "游戏", "甲馆")  # signage: the name's
    assert hall.name_in("zh") == "甲馆" and hall.name_in("en") == "Hall A" and hall.text_in("theme", "zh") == "游戏"
    assert hall.sign_lines("signage") == ("甲馆", "Hall A")                              # Chinese above English
    assert (booth.name_zh, booth.description_zh) == ("一号展位", "第一个展位\n欢迎光临")   # line breaks kept
    assert (exp.name_zh, exp.description_zh, corner.name_zh) == ("试一试", "演示", "角落")
    assert (spec.name_zh, spec.plaza.name_zh, spec.spawn.name_zh) == ("迷你会场", "小广场", "大门旁")
    assert spec.warnings == []


def test_without_name_zh_the_catalogue_gives_the_chinese(tmp_path) -> None:
    text = MINI.replace('name = "Hall A"', 'name = "Main Forum Hall"\ntheme = "games"\nsignage = "Hall A"')
    hall = read_scene(_write(tmp_path, text)).halls[0]
    assert (hall.name_zh, hall.theme_zh) == ("主论坛", "游戏")          # from engine/locale/zh/.../anting.po
    assert hall.signage_zh == "" and hall.sign_lines("signage") == ("Hall A",)   # no Chinese known: English only
    assert hall.text_in("signage", "zh") == "Hall A"
    default = read_scene(SCENE)
    assert all(h.name_zh and CJK.search(h.name_zh) for h in default.halls)
    assert all(b.name_zh for b in default.booths) and all(e.description_zh for e in default.experiences)


@pytest.mark.parametrize(("value", "what"), [
    ('"' + "长" * 201 + '"', "201 characters is above the limit of 200"),
    ('"甲\\u0007馆"', "control character (U+0007)"),
    ('"甲\\n馆"', "control character (U+000A)"),
    ("5", "expected a string, got a number (5)"),
])
def test_a_bad_name_zh_is_an_error_naming_file_line_and_key(tmp_path, value: str, what: str) -> None:
    text = MINI_ZH.replace('name_zh = "甲馆"', f"name_zh = {value}")
    path = _write(tmp_path, text)
    with pytest.raises(UserError) as info:
        read_scene(path)
    assert info.value.where == f"{path}:{_line_of(text, 'name_zh = ' + value[:3])}"
    assert info.value.what.startswith("halls[0]") and "name_zh" in info.value.what and what in info.value.what


def test_description_zh_has_the_longer_limit_and_a_misspelt_key_a_suggestion(tmp_path) -> None:
    long_ok = MINI_ZH.replace('description_zh = "演示"', 'description_zh = "' + "演" * 1500 + '"')
    assert len(read_scene(_write(tmp_path, long_ok)).experiences[0].description_zh) == 1500
    misspelt = MINI_ZH.replace('name_zh = "甲馆"', 'name_zn = "甲馆"')
    path = _write(tmp_path, misspelt)
    with pytest.raises(UserError, match="name_zn: unknown key; did you mean 'name_zh'") as info:
        read_scene(path)
    assert info.value.where == f"{path}:{_line_of(misspelt, 'name_zn')}"


def test_a_blank_name_zh_is_a_warning_and_falls_back(tmp_path) -> None:
    text = MINI_ZH.replace('name_zh = "一号展位"', 'name_zh = "  "')
    spec = read_scene(_write(tmp_path, text))
    assert spec.booths[0].name_zh == "" and spec.booths[0].name_in("zh") == "Booth One"
    line = _line_of(text, 'name_zh = "  "')
    assert len(spec.warnings) == 1 and f":{line}: booths[0] (booth-1).name_zh: empty" in spec.warnings[0]


def test_a_long_chinese_sign_is_a_warning(tmp_path) -> None:
    sign = 'signage = "Hall A"\nsignage_zh = "' + "甲" * 31 + '"'
    text = MINI_ZH.replace('theme_zh = "游戏"', 'theme_zh = "游戏"\n' + sign)
    spec = read_scene(_write(tmp_path, text))
    assert spec.halls[0].sign_lines("signage") == ("甲" * 31, "Hall A")
    assert len(spec.warnings) == 1 and spec.warnings[0].endswith(
        f":{_line_of(text, 'signage_zh')}: halls[0] (hall-a).signage_zh: longer than 30 characters: it will be hard "
        "to read")


def test_validate_notes_places_without_a_chinese_name(tmp_path, capsys) -> None:
    path = _write(tmp_path, MINI_ZH.replace('name_zh = "一号展位"\n', ""))
    assert main(["validate", str(path)]) == 0          # a note, not a problem
    notes = [line for line in capsys.readouterr().out.splitlines() if "Chinese" in line]
    assert notes == [f"note: {path}:{_line_of(MINI_ZH, '[[booths]]')}: booths (booth-1): no Chinese name "
                     "(name_zh): 'Booth One' is shown in Chinese too"]


# ---------------------------------------------------------------------------------------------- inspect

def test_inspect_json_has_both_names(tmp_path, capsys) -> None:
    assert main(["inspect", str(_write(tmp_path, MINI_ZH)), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert (info["name"], info["name_zh"]) == ("Mini", "迷你会场")
    (hall,), (booth,), (exp,) = info["halls"], info["booths"], info["experiences"]
    assert (hall["name"], hall["name_zh"], hall["theme_zh"], hall["signage_zh"]) == ("Hall A", "甲馆", "游戏", "甲馆")
    assert (booth["name"], booth["name_zh"]) == ("Booth One", "一号展位")
    assert (exp["name_zh"], exp["description_zh"]) == ("试一试", "演示")
    names = {w["id"]: (w["name"], w["name_zh"]) for w in info["waypoints"]}
    assert names["corner"] == ("Corner", "角落") and names["spawn"] == ("By the gate", "大门旁")
    # generated places: the catalogue's patterns filled with the names in each language
    assert names["hall-a-entrance"] == ("Hall A: entrance", "甲馆入口")
    assert names["hall-a-stage"] == ("Hall A: stage view", "甲馆：舞台视角")
    assert names["booth-1"] == ("Booth: Booth One", "展位：一号展位")
    assert names["plaza-overview"] == ("Square: overview", "小广场：全景")
    assert names["venue-overview"] == ("The whole venue from above", "俯瞰整个会场")


def test_inspect_json_of_the_default_scene_names_every_place_in_chinese(capsys) -> None:
    assert main(["inspect", str(SCENE), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    for group in ("halls", "booths", "experiences", "waypoints"):
        missing = [item["id"] for item in info[group] if not item["name_zh"]]
        assert info[group] and missing == [], group
    main_forum = next(h for h in info["halls"] if h["id"] == "main-forum")
    assert (main_forum["name"], main_forum["name_zh"]) == ("Main Forum Hall", "主论坛")
    turns = {w["id"]: w["name_zh"] for w in info["waypoints"]}
    assert turns["turn-01"] == "1号弯" and turns["main-forum-entrance"] == "主论坛入口"


# ------------------------------------------------------------------------------------------------ agenda

def test_every_bundled_session_has_a_chinese_title_and_stays_illustrative() -> None:
    agenda = load_agenda(PROJECT_ROOT / OUTPUT, HALLS)     # what the file says, read back
    assert agenda.warnings == [] and len(agenda.sessions) == len(build_agenda().sessions)
    for s in agenda.sessions:
        assert CJK.search(s.title_zh) and s.title_zh != s.title, s.title
        assert "Illustrative" in s.abstract and "示意" in s.abstract_zh, s.title
        assert len(s.speakers_zh) == len(s.speakers) and all(CJK.search(r) for r in s.speakers_zh), s.title
        assert s.language == "zh" and s.title_for("zh") == s.title_zh and s.title_for("en") == s.title
    titles = {s.title: s.title_zh for s in agenda.sessions}
    assert titles["Opening ceremony of the 2nd World Metaverse Conference"] == "第二届世界元宇宙大会开幕式"
    assert titles["Plenary session I: the metaverse and industry"] == "全体大会（一）：元宇宙与产业"
    meta = json.loads((PROJECT_ROOT / OUTPUT).read_text(encoding="utf-8"))["schedule"]["conference"]["meta"]
    assert "示意" in meta["note_zh"] and CJK.search(meta["title_zh"])


def _session(title: str = "Keynote: The industrial metaverse", **kw) -> Session:
    start = datetime(2023, 9, 21, 14, 40, tzinfo=VENUE_TZ)
    return Session(id=kw.pop("id", "s-1"), title=title, start=start, end=start + timedelta(minutes=30),
                   room="main-forum", **kw)


def test_title_for_shows_the_chinese_title_only_where_there_is_one() -> None:
    both = _session(title_zh="主旨演讲：工业元宇宙", speakers=("Vice-mayor of Shanghai",),
                    speakers_zh=("上海市副市长",))
    assert (both.title_for("zh"), both.title_for("en")) == ("主旨演讲：工业元宇宙", "Keynote: The industrial metaverse")
    assert both.speakers_for("zh") == ("上海市副市长",) and both.speakers_for("en") == ("Vice-mayor of Shanghai",)
    german = _session("Eröffnung", language="de")
    assert german.title_for("zh") == german.title_for("en") == "Eröffnung"   # never machine-translated


def test_an_imported_frab_schedule_keeps_its_language_and_titles(capsys) -> None:
    path = data_file("schedule_c3voc-camp2019-everything.json")
    agenda = load_agenda(path)
    languages = {s.language for s in agenda.sessions}
    assert {"de", "en"} <= languages
    assert all(s.title_zh == "" and s.title_for("zh") == s.title for s in agenda.sessions)
    german = next(s for s in agenda.sessions if s.language == "de")
    assert main(["sessions", "--schedule", str(path), "--search", german.title]) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if line.endswith(german.title))
    assert f"[de]  {german.title}" in line
    assert main(["sessions", "--schedule", str(path), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["sessions"]
    assert {s["language"] for s in listed} >= {"de", "en"} and all(s["title_zh"] is None for s in listed)


def test_sessions_json_includes_language_and_title_zh(capsys) -> None:
    assert main(["sessions", "--hall", "main-forum", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)["sessions"][0]
    assert first["language"] == "zh" and first["title_zh"] == "第二届世界元宇宙大会开幕式"
    assert first["speakers_zh"] == ["主办单位代表", "安亭镇政府代表"]


def test_frab_translations_round_trip_and_unusable_entries_are_warned_about() -> None:
    sessions = [_session(id="6f1c8f1e-3b9a-5d4e-9a57-000000000001", title_zh="主旨演讲：工业元宇宙",
                         speakers=("Vice-mayor of Shanghai",), speakers_zh=("上海市副市长",), language="en"),
                _session("Eröffnung", id="6f1c8f1e-3b9a-5d4e-9a57-000000000002", language="de")]
    document = to_frab(Agenda(sessions), acronym="test", title="Test")
    entries = document["schedule"]["conference"]["meta"]["translations"]["zh"]
    assert list(entries) == ["6f1c8f1e-3b9a-5d4e-9a57-000000000001"]       # only what has Chinese
    back = parse_frab(json.dumps(document))
    assert sorted((s.title, s.title_zh, s.speakers_zh, s.language) for s in back.sessions) == [
        ("Eröffnung", "", (), "de"),
        ("Keynote: The industrial metaverse", "主旨演讲：工业元宇宙", ("上海市副市长",), "en")]
    assert back.warnings == []
    entries["6f1c8f1e-3b9a-5d4e-9a57-000000000001"]["persons"] = ["甲", "乙"]
    mismatched = parse_frab(json.dumps(document))
    keynote = next(s for s in mismatched.sessions if s.title_zh)
    assert keynote.speakers_zh == () and keynote.title_zh == "主旨演讲：工业元宇宙"
    assert any("do not match the speakers" in w for w in mismatched.warnings)
    document["schedule"]["conference"]["meta"]["translations"]["zh"] = ["not", "an", "object"]
    assert any("translations/zh is not an object" in w for w in parse_frab(json.dumps(document)).warnings)


def test_ics_carries_language_and_chinese_and_reads_language_params() -> None:
    session = _session(title_zh="主旨演讲：工业元宇宙", abstract="About it.", abstract_zh="简介。",
                       speakers=("Vice-mayor of Shanghai",), speakers_zh=("上海市副市长",), language="en")
    data = to_ics([session], stamp=datetime(2023, 9, 1, tzinfo=VENUE_TZ))
    assert b"SUMMARY;LANGUAGE=en:Keynote" in data
    (back,) = parse_ics(data).sessions
    assert (back.title_zh, back.abstract_zh, back.speakers_zh, back.language) == (
        "主旨演讲：工业元宇宙", "简介。", ("上海市副市长",), "en")
    foreign = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n"
               b"SUMMARY;LANGUAGE=de:Er\xc3\xb6ffnung\r\nDTSTART:20230920T090000Z\r\nDTEND:20230920T100000Z\r\n"
               b"END:VEVENT\r\nEND:VCALENDAR\r\n")
    (german,) = parse_ics(foreign).sessions
    assert (german.title, german.language, german.title_zh) == ("Eröffnung", "de", "")


def test_a_schedule_naming_rooms_in_chinese_maps_them_to_halls(tmp_path):
    from engine.agenda.load import load_agenda
    from engine.venue.scenefile import read_scene
    spec = read_scene(PROJECT_ROOT / "scenes" / "anting.toml")
    ics = tmp_path / "zh.ics"
    ics.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:a@t\r\n"
                   "DTSTART:20230921T100000Z\r\nDTEND:20230921T110000Z\r\nSUMMARY:开幕式\r\n"
                   "LOCATION:主论坛\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    agenda = load_agenda(ics, halls={h.id: h.name for h in spec.halls}, room_map=spec.rooms())
    assert agenda.sessions[0].hall == "main-forum"
