"""Kiosk mode: the attract/visitor state machine with an injected clock, its settings, and an
end-to-end run with no display that draws both the venue tour and the circuit lap."""
from __future__ import annotations

import numpy as np
import pytest
from test_explore import FakeViewer

from engine.app.kiosk import ATTRACT, VISITOR, KioskState
from engine.app.kiosk_config import KioskConfig, load_kiosk_config
from engine.errors import UserError


def test_state_machine_attract_visitor_idle_attract():
    s = KioskState(idle_seconds=90, now=0.0)
    assert s.state == ATTRACT
    assert s.input(5.0) and s.state == VISITOR
    assert not s.tick(50.0)
    s.input(60.0)                      # still using it: the idle timer restarts
    assert not s.tick(149.0) and s.state == VISITOR
    assert s.tick(150.0) and s.state == ATTRACT and s.attract_since == 150.0
    assert not s.tick(500.0)


def test_config_defaults_and_file(tmp_path):
    assert KioskConfig().idle_seconds == 90 and KioskConfig().quit_combo == (frozenset({"ctrl", "shift"}), "q")
    f = tmp_path / "kiosk.toml"
    f.write_text('[kiosk]\nidle_seconds = 30\nquit_keys = "ctrl+alt+x"\n')
    cfg = load_kiosk_config(f)
    assert cfg.idle_seconds == 30 and cfg.quit_combo == (frozenset({"ctrl", "alt"}), "x")


@pytest.mark.parametrize("text, message", [
    ("idle_secs = 30", "did you mean 'idle_seconds'"),
    ("idle_seconds = -1", "outside"),
    ("idle_seconds = 'soon'", "expected a number"),
    ('quit_keys = "escape"', "too easy"),
    ('quit_keys = "ctrl+banana+q"', "modifiers"),
    ("crowd = 100000", "outside"),
    ("idle_seconds = ", "broken TOML"),
    ("kiosk = 5", "expected a table"),
])
def test_config_refuses_bad_values(tmp_path, text, message):
    f = tmp_path / "kiosk.toml"
    f.write_text(text + "\n")
    with pytest.raises(UserError, match=message):
        load_kiosk_config(f)


def test_config_with_a_byte_order_mark(tmp_path):
    f = tmp_path / "kiosk.toml"
    f.write_bytes(b"\xef\xbb\xbfidle_seconds = 30\n")
    assert load_kiosk_config(f).idle_seconds == 30


class KioskViewer(FakeViewer):
    def __init__(self, venue) -> None:
        super().__init__(venue)
        self.help = type("Help", (), {"visible": False})()
        self.running = True


@pytest.fixture(scope="module")
def venue():
    from engine.venue import open_scene
    return open_scene(None)


def test_visitor_takes_over_and_is_reset_after_idle(venue):
    from engine.app.kiosk import KioskMode
    viewer = KioskViewer(venue)
    mode = KioskMode(viewer, KioskConfig(idle_seconds=10, crowd=3))
    mode.update(1 / 30, set())
    assert mode.in_attract and mode.frame is not None
    assert mode.action("quit")                  # Esc is swallowed, not obeyed
    viewer.now = 1.0
    mode.click((10, 10), double=False)          # a touch hands over control
    assert not mode.in_attract
    mode.visitor.go_to("main-forum")
    viewer.now = 5.0
    mode.update(1 / 30, set())
    assert mode.visitor.avatar.follower is not None
    viewer.now = 16.0                           # 11 s without input
    mode.update(1 / 30, set())
    assert mode.in_attract and mode.visitor.avatar.follower is None
    screens = [n for n in venue.scene.root.children if n.name == "door-screens"]
    assert len(screens) == 1                    # the reset did not stack another set of screens


def test_end_to_end_kiosk_draws_venue_and_circuit(venue, _egl_context, tmp_path):
    pytest.importorskip("pygame")
    from engine.app.kiosk import KioskMode
    from engine.app.viewer import Viewer
    from engine.platform.window import Window
    clock = {"t": 0.0}

    def tick() -> float:   # every reading moves time on a little, so each frame gets an update
        clock["t"] += 0.02
        return clock["t"]
    window = Window((192, 108), "kiosk")
    viewer = Viewer(venue, window, clock=tick, screenshot_dir=tmp_path,
                    mode_factory=lambda v: KioskMode(v, KioskConfig(crowd=4)))
    try:
        mode = viewer.mode
        assert viewer.resilient
        tour = mode.tour
        seen = {}
        for t in (1.0, 8.0, tour.lap_start + 20.0, tour.lap_start + 40.0):
            clock["t"] = t
            viewer.run(max_frames=viewer.frames + 1)
            seen[mode.frame.kind] = window.target.read_rgba().copy()
            if mode.frame.kind == "circuit":
                assert mode.frame.car is not None and mode.frame.lap_time > 0
                assert any(b.mesh is mode.car for b in mode.dynamic())
        assert set(seen) == {"hall", "circuit"}
        assert np.abs(seen["hall"].astype(int) - seen["circuit"].astype(int)).mean() > 5
        counts = []
        for lap in range(2):   # the first pass warms caches (screens come into view); the second must not grow
            for t in np.linspace(0.0, tour.duration, 24):
                clock["t"] = lap * tour.duration + t
                viewer.run(max_frames=viewer.frames + 1)
            counts.append(viewer.renderer.object_count())
        assert counts[1] <= counts[0] + 2    # overlay layers of the moment may differ by one or two
        assert viewer.errors == 0
    finally:
        viewer.close()


def test_an_error_in_one_frame_is_survived(venue, _egl_context, tmp_path, capsys):
    pytest.importorskip("pygame")
    from engine.app.kiosk import KioskMode
    from engine.app.viewer import Viewer
    from engine.platform.window import Window
    window = Window((96, 54), "kiosk")
    viewer = Viewer(venue, window, screenshot_dir=tmp_path, mode_factory=lambda v: KioskMode(v, KioskConfig(crowd=2)))
    try:
        real = viewer.mode.update
        calls = {"n": 0}

        def flaky(dt, held):
            calls["n"] += 1
            if calls["n"] == 2:
                raise RuntimeError("a glitch in one frame")
            real(dt, held)
        viewer.mode.update = flaky
        viewer.run(max_frames=6)
        assert viewer.errors == 1 and viewer.frames == 6
        assert "a glitch in one frame" in capsys.readouterr().err
    finally:
        viewer.close()
