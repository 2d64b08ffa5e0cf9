"""The agenda in the viewer: hall cards, door screens, the agenda panel, bookmarks, reminders, reload."""
from __future__ import annotations

import json
import shutil

import pytest
from test_explore import FakeViewer

from engine.agenda.queries import parse_time

AT = "2023-09-21 14:40"
SURGERY = "Surgical planning with patient digital twins"


@pytest.fixture
def venue():
    from engine.venue import open_scene
    return open_scene(None)


def make(venue, tmp_path, **kw):
    from engine.app.explore import ExploreMode, ExploreOptions
    viewer = FakeViewer(venue)
    options = ExploreOptions(crowd=2, at=parse_time(AT), bookmarks=tmp_path / "bookmarks.json", **kw)
    return ExploreMode(viewer, options)


def screen_text(mode, hall_id):
    return " ".join(text for hid, _, lines in mode.screens.screens if hid == hall_id for _, text in lines)


def test_door_screens_show_now_and_next(venue, tmp_path):
    mode = make(venue, tmp_path)
    assert SURGERY in screen_text(mode, "subforum-04")
    assert "Virtual reality for pain and therapy" in screen_text(mode, "subforum-04")
    before = [m.texture_version for _, m, _ in mode.screens.screens]
    mode.clock.jump(parse_time("2023-09-21 15:35"))
    mode.update(0.3, set())
    assert "Virtual reality for pain and therapy" in screen_text(mode, "subforum-04").split("NEXT")[0]
    assert SURGERY not in screen_text(mode, "subforum-04")
    assert [m.texture_version for _, m, _ in mode.screens.screens] != before


def test_entering_a_hall_shows_its_session(venue, tmp_path):
    mode = make(venue, tmp_path, goto="subforum-04")
    assert mode.hall == "subforum-04" and mode.card is not None
    nn = mode.agenda.now_next("subforum-04", mode.clock.now())
    assert nn.now[0].title == SURGERY and len(nn.next) == 2


def test_agenda_panel_search_and_go_there(venue, tmp_path):
    mode = make(venue, tmp_path)
    mode.action("agenda")
    mode.agenda_panel.type("surgical")
    chosen = mode.agenda_panel.chosen()
    assert chosen is not None and SURGERY in chosen.title
    mode.panel_key("return")
    assert mode.avatar.follower is not None
    while mode.avatar.follower is not None:
        mode.update(1 / 10, set())
    assert mode.hall == "subforum-04"


def test_bookmark_is_saved_and_reminds_five_minutes_before(venue, tmp_path):
    mode = make(venue, tmp_path)
    session = next(s for s in mode.agenda.agenda.sessions if s.title == "Virtual reality for pain and therapy")
    mode.action("agenda")
    mode.agenda_panel.type("pain and therapy")
    mode.panel_key("tab")
    saved = json.loads((tmp_path / "bookmarks.json").read_text())
    assert saved["bookmarks"] == [session.id]
    mode.panel_key("escape")
    mode.clock.jump(parse_time("2023-09-21 15:24"))
    mode.update(0.3, set())
    assert mode.reminded is None
    mode.clock.jump(parse_time("2023-09-21 15:26"))
    mode.update(0.3, set())
    assert mode.reminded == session.id
    assert any("Press J" in toast for toast in mode.viewer.toasts.texts)
    mode.action("join")
    assert mode.avatar.follower is not None


def test_bad_reloaded_agenda_keeps_the_last_good_one(venue, tmp_path):
    from engine import PROJECT_ROOT
    path = tmp_path / "agenda.json"
    shutil.copy(PROJECT_ROOT / "scenes" / "wmc2023_agenda.json", path)
    mode = make(venue, tmp_path, schedule=path)
    count = len(mode.agenda.agenda.sessions)
    path.write_text('{"schedule": {')
    mode.viewer.now += 2
    mode.update(1.1, set())
    assert len(mode.agenda.agenda.sessions) == count and mode.agenda.error
    assert any("keeping the last good one" in t for t in mode.viewer.toasts.texts)
    assert SURGERY in screen_text(mode, "subforum-04")


def test_clock_jumps_to_the_next_session(venue, tmp_path):
    mode = make(venue, tmp_path, goto="subforum-04")
    mode.action("next_session")
    assert mode.clock.now() == parse_time("2023-09-21 15:30")
    mode.action("clock_faster")
    assert mode.clock.speed == 10


def test_end_to_end_at_a_given_time(venue, _egl_context, tmp_path):
    pytest.importorskip("pygame")
    from engine.app.explore import ExploreMode, ExploreOptions
    from engine.app.viewer import Viewer
    from engine.platform.window import Window
    window = Window((320, 180), "test")
    options = ExploreOptions(crowd=2, at=parse_time(AT), goto="subforum-04")
    viewer = Viewer(venue, window, screenshot_dir=tmp_path, mode_factory=lambda v: ExploreMode(v, options))
    try:
        viewer.run(max_frames=3)
        mode = viewer.mode
        assert mode.hall == "subforum-04" and mode.card is not None
        assert SURGERY in screen_text(mode, "subforum-04")
        names = [layer.key for layer in viewer.overlays()]
        assert "hall-card" in names and "clock" in names
        img = window.target.read_rgba()
        assert img[..., :3].std() > 5
    finally:
        viewer.close()
