"""Kiosk mode: the attract/visitor state machine with an injected clock, its settings, and an
end-to-end run with no display that draws both the venue tour and the circuit lap."""
from __future__ import annotations

import numpy as np
import pytest
from helpers import FakeServices

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


def test_visitor_takes_over_and_is_reset_after_idle(own_venue):
    from engine.app.input import InputRouter
    from engine.app.kiosk import KioskMode
    from engine.platform.events import KeyEvent, PointerEvent
    services = FakeServices(own_venue)
    mode = KioskMode(services, KioskConfig(idle_seconds=10, crowd=3))
    router = InputRouter(services.keymap, services.clock)
    own = {"quit": services.quit}
    mode.update(1 / 30, frozenset())
    assert mode.in_attract and mode.frame is not None
    services.now = 1.0
    router.feed(PointerEvent("down", (10, 10), 1), mode, own)   # a touch hands over control
    assert not mode.in_attract
    router.feed(KeyEvent("escape", True), mode, own)
    assert services.running                       # Esc never ends a booth's demo
    mode.visitor.go_to("main-forum")
    services.now = 5.0
    mode.update(1 / 30, frozenset())
    assert mode.visitor.avatar.follower is not None
    services.now = 16.0                           # 11 s without input
    mode.update(1 / 30, frozenset())
    assert mode.in_attract and mode.visitor.avatar.follower is None
    router.feed(KeyEvent("escape", True), mode, own)
    assert services.running and not mode.in_attract   # any key, Esc too, only wakes it
    screens = [n for n in own_venue.scene.root.children if n.name == "door-screens"]
    assert len(screens) == 1                      # the reset did not stack another set of screens


def test_a_visitor_may_change_the_quality_and_the_kiosk_puts_it_back(own_venue):
    from engine.app.input import InputRouter
    from engine.app.kiosk import KioskMode
    from engine.app.quality import QualityControl
    from engine.platform.events import KeyEvent
    from engine.render.quality import LEVELS, Quality
    services = FakeServices(own_venue)

    class Renderer:
        quality = LEVELS[Quality.LOW]

        def set_quality(self, settings) -> None:
            self.quality = settings
    renderer = Renderer()
    control = QualityControl(renderer, "auto", 30.0, services.clock)
    mode = KioskMode(services, KioskConfig(idle_seconds=10, crowd=0), on_attract=control.reset)
    router = InputRouter(services.keymap, services.clock)
    own = {"cycle_quality": control.cycle}
    router.feed(KeyEvent("f2", True), mode, own)
    assert not mode.in_attract and control.choice is Quality.AUTO   # the first key only woke it
    router.feed(KeyEvent("f2", True), mode, own)
    assert control.choice is Quality.LOW and renderer.quality == LEVELS[Quality.LOW]
    services.now = 11.0                           # left alone
    mode.update(1 / 30, frozenset())
    assert mode.in_attract and control.choice is Quality.AUTO and renderer.quality == LEVELS[Quality.MEDIUM]


def test_the_quit_combination_comes_from_the_key_map(own_venue):
    from engine.app.input import InputRouter
    from engine.app.keymap import help_lines
    from engine.app.kiosk import KioskMode
    from engine.platform.events import KeyEvent
    services = FakeServices(own_venue)
    services.keymap = services.keymap.rebind("kiosk_quit", KioskConfig(quit_keys="ctrl+alt+x").quit_keys)
    mode = KioskMode(services, KioskConfig(crowd=2))
    router = InputRouter(services.keymap, services.clock)
    router.feed(KeyEvent("q", True, frozenset({"ctrl", "shift"})), mode, {})
    assert services.running                       # the default combination was rebound
    router.feed(KeyEvent("x", True, frozenset({"ctrl", "alt"})), mode, {})
    assert not services.running                   # even from the attract loop
    kiosk_rows = dict(help_lines(services.keymap, mode.help_sections))["Kiosk"]
    assert kiosk_rows[0][0] == "Ctrl+Alt+X"


def test_end_to_end_kiosk_draws_venue_and_circuit(own_venue, _egl_context, tmp_path):
    from engine.app.kiosk import KioskMode
    from engine.app.viewer import Viewer
    from engine.platform.window import Window
    clock = {"t": 0.0}

    def tick() -> float:   # every reading moves time on a little, so each frame gets an update
        clock["t"] += 0.02
        return clock["t"]
    window = Window((192, 108), "kiosk")
    viewer = Viewer(own_venue, window, clock=tick, screenshot_dir=tmp_path,
                    mode_factory=lambda v: KioskMode(v, KioskConfig(crowd=4)))
    try:
        mode = viewer.mode
        assert viewer.resilient
        tour = mode.tour
        seen = {}
        for t in (1.0, 8.0, tour.lap_start + 20.0, tour.lap_start + 40.0):
            clock["t"] = t
            viewer.run(max_frames=viewer.frames + 1)
            seen[mode.frame.kind] = viewer.target.read_rgba().copy()
            if mode.frame.kind == "circuit":
                assert mode.frame.car is not None and mode.frame.lap_time > 0
                assert any(b.mesh is mode.car for b in mode.dynamic())
        assert set(seen) == {"hall", "circuit"}
        assert np.abs(seen["hall"].astype(int) - seen["circuit"].astype(int)).mean() > 5
        counts = []
        for lap in range(3):   # the first passes warm caches (screens come into view); the last must not grow
            for t in np.linspace(0.0, tour.duration, 24):
                clock["t"] = lap * tour.duration + t
                viewer.run(max_frames=viewer.frames + 1)
            counts.append(viewer.renderer.object_count())
        assert counts[2] <= counts[1] + 2    # overlay layers of the moment may differ by one or two
        assert viewer.errors == 0
    finally:
        viewer.close()


def test_an_error_in_one_frame_is_survived(own_venue, _egl_context, tmp_path, capsys):
    from engine.app.kiosk import KioskMode
    from engine.app.viewer import Viewer
    from engine.platform.window import Window
    window = Window((96, 54), "kiosk")
    viewer = Viewer(own_venue, window, screenshot_dir=tmp_path,
                    mode_factory=lambda v: KioskMode(v, KioskConfig(crowd=2)))
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
