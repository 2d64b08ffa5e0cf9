"""The agenda in the viewer: hall cards, door screens, the agenda panel, bookmarks, reminders, reload."""
from __future__ import annotations

import json
import shutil

from helpers import FakeServices

from engine.agenda.queries import parse_time

AT = "2023-09-21 14:40"
SURGERY = "Surgical planning with patient digital twins"


def make(venue, tmp_path, **kw):
    from engine.app.explore import ExploreMode, ExploreOptions
    options = ExploreOptions(crowd=2, at=parse_time(AT), bookmarks=tmp_path / "bookmarks.json", **kw)
    return ExploreMode(FakeServices(venue), options)


def screen_text(mode, hall_id):
    """What a hall's door screens show, once every screen has its picture (a few are drawn a frame)."""
    while mode.time.screens.pending:
        mode.update(0.0, frozenset())
    return " ".join(text for hid, _, lines in mode.time.screens.screens if hid == hall_id for _, text in lines)


def press(mode, *actions):
    for action in actions:
        mode.handlers()[action]()


def test_door_screens_show_now_and_next(own_venue, tmp_path):
    mode = make(own_venue, tmp_path)
    assert SURGERY in screen_text(mode, "subforum-04")
    assert "Virtual reality for pain and therapy" in screen_text(mode, "subforum-04")
    before = [m.texture_version for _, m, _ in mode.time.screens.screens]
    mode.time.clock.jump(parse_time("2023-09-21 15:35"))
    mode.update(0.3, frozenset())
    assert "Virtual reality for pain and therapy" in screen_text(mode, "subforum-04").split("NEXT")[0]
    assert SURGERY not in screen_text(mode, "subforum-04")
    assert [m.texture_version for _, m, _ in mode.time.screens.screens] != before


def test_the_first_frame_draws_a_few_door_screens_and_the_next_frames_the_rest(own_venue, tmp_path):
    mode = make(own_venue, tmp_path)
    drawn = {hid for hid, mat, _ in mode.time.screens.screens if mat.texture_version}
    assert mode.time.screens.pending and 0 < len(drawn) < len(own_venue.halls)
    frames = 0
    while mode.time.screens.pending:
        mode.update(0.0, frozenset())
        frames += 1
    assert frames <= len(own_venue.halls)
    assert all(mat.texture_version for _, mat, _ in mode.time.screens.screens)


def test_entering_a_hall_shows_its_session(own_venue, tmp_path):
    mode = make(own_venue, tmp_path, goto="subforum-04")
    assert mode.hall == "subforum-04" and mode.time.card.image is not None
    nn = mode.time.agenda.now_next("subforum-04", mode.time.clock.now())
    assert nn.now[0].title == SURGERY and len(nn.next) == 2


def test_agenda_panel_search_and_go_there(own_venue, tmp_path):
    mode = make(own_venue, tmp_path)
    press(mode, "agenda")
    mode.focus().type("surgical")
    chosen = mode.hud.agenda.chosen()
    assert chosen is not None and SURGERY in chosen.title
    press(mode, "panel_choose")
    assert mode.avatar.follower is not None
    while mode.avatar.follower is not None:
        mode.update(1 / 10, frozenset())
    assert mode.hall == "subforum-04"


def test_bookmark_is_saved_and_reminds_five_minutes_before(own_venue, tmp_path):
    mode = make(own_venue, tmp_path)
    session = next(s for s in mode.time.agenda.agenda.sessions if s.title == "Virtual reality for pain and therapy")
    press(mode, "agenda")
    mode.focus().type("pain and therapy")
    press(mode, "panel_bookmark")
    saved = json.loads((tmp_path / "bookmarks.json").read_text())
    assert saved["bookmarks"] == [session.id]
    assert mode.hud.agenda.chosen().title.startswith("[*]")   # starred in the list at once
    press(mode, "panel_close")
    mode.time.clock.jump(parse_time("2023-09-21 15:24"))
    mode.update(0.3, frozenset())
    assert mode.time.reminded is None
    mode.time.clock.jump(parse_time("2023-09-21 15:26"))
    mode.update(0.3, frozenset())
    assert mode.time.reminded == session.id
    assert any("Press J" in toast for toast in mode.services.toasts.texts)
    press(mode, "join")
    assert mode.avatar.follower is not None


def test_bad_reloaded_agenda_keeps_the_last_good_one(own_venue, tmp_path):
    from engine import PROJECT_ROOT
    path = tmp_path / "agenda.json"
    shutil.copy(PROJECT_ROOT / "scenes" / "wmc2023_agenda.json", path)
    mode = make(own_venue, tmp_path, schedule=path)
    count = len(mode.time.agenda.agenda.sessions)
    path.write_text('{"schedule": {')
    mode.services.now += 2
    mode.update(1.1, frozenset())
    assert len(mode.time.agenda.agenda.sessions) == count and mode.time.agenda.error
    assert any("keeping the last good one" in t for t in mode.services.toasts.texts)
    assert SURGERY in screen_text(mode, "subforum-04")


def test_clock_jumps_to_the_next_session(own_venue, tmp_path):
    mode = make(own_venue, tmp_path, goto="subforum-04")
    press(mode, "next_session")
    assert mode.time.clock.now() == parse_time("2023-09-21 15:30")
    press(mode, "clock_faster")
    assert mode.time.clock.speed == 10


def test_end_to_end_at_a_given_time(own_venue, _egl_context, tmp_path):
    from engine.app.explore import ExploreMode, ExploreOptions
    from engine.app.viewer import Viewer
    from engine.platform.window import Window
    window = Window((320, 180), "test")
    options = ExploreOptions(crowd=2, at=parse_time(AT), goto="subforum-04")
    viewer = Viewer(own_venue, window, screenshot_dir=tmp_path, mode_factory=lambda v: ExploreMode(v, options))
    try:
        viewer.run(max_frames=3)
        mode = viewer.mode
        assert mode.hall == "subforum-04" and mode.time.card.image is not None
        assert SURGERY in screen_text(mode, "subforum-04")
        names = [layer.key for layer in viewer.overlays()]
        assert "hall-card" in names and "clock" in names
        img = viewer.target.read_rgba()
        assert img[..., :3].std() > 5
    finally:
        viewer.close()


def test_view_tz_reads_a_schedules_floating_times_in_that_zone(own_venue, tmp_path):
    from zoneinfo import ZoneInfo

    from engine.agenda.bookmarks import Bookmarks
    from engine.app.agenda_live import AgendaLive
    ics = tmp_path / "floating.ics"
    ics.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:a@t\r\n"
                   "DTSTART:20230921T100000\r\nDTEND:20230921T110000\r\nSUMMARY:Floating talk\r\n"
                   "END:VEVENT\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    paris = AgendaLive(own_venue, ics, Bookmarks(None), ZoneInfo("Europe/Paris")).agenda.sessions[0]
    venue = AgendaLive(own_venue, ics, Bookmarks(None)).agenda.sessions[0]
    assert paris.start.utcoffset().total_seconds() == 2 * 3600
    assert (paris.start - venue.start).total_seconds() == 6 * 3600
