"""Quality levels in the viewer: `auto` steps down when frames are slow and back up when they are
fast, at most once every 2 s, without oscillating at its thresholds, ignoring the frames that pay for
a switch; the level key cycles low, medium, high, auto; --quality for view and tour."""
from __future__ import annotations

import pytest

from engine.app.quality import QualityControl, describe, target_fps
from engine.app.quality_auto import (
    LADDER,
    MIN_CHANGE_S,
    MIN_SAMPLES,
    SETTLE_FRAMES,
    START,
    AutoQuality,
)
from engine.render.quality import LEVELS, Quality

TARGET = 1 / 30


def feed(auto: AutoQuality, t: float, seconds: float, cost) -> tuple[float, list[tuple[float, int]]]:
    """Frames one after another for `seconds` of fake clock; `cost(rung)` is what a frame costs on
    a rung (or a number). Returns the clock at the end and every change as (time, new rung)."""
    changes = []
    end = t + seconds
    while t < end:
        spent = cost(auto.rung) if callable(cost) else cost
        t += spent
        if auto.frame(t, spent) is not None:
            changes.append((t, auto.rung))
    return t, changes


def test_slow_frames_step_down_and_fast_frames_step_back_up():
    auto = AutoQuality(30, now=0.0)
    assert auto.rung == START and auto.settings == LEVELS[Quality.MEDIUM]
    t, down = feed(auto, 0.0, 30.0, 0.06)              # 17 fps: too slow at every rung
    assert [r for _, r in down] == list(range(START + 1, len(LADDER)))
    assert auto.settings.level is Quality.LOW and auto.settings.resolution_scale == pytest.approx(0.7)
    t, up = feed(auto, t, 60.0, 0.008)                  # 125 fps: room for everything
    assert [r for _, r in up] == list(range(len(LADDER) - 2, -1, -1))
    assert auto.settings == LEVELS[Quality.HIGH]


def test_never_two_changes_within_two_seconds():
    auto = AutoQuality(30, now=0.0)
    t, changes = 0.0, []
    for cost in (0.2, 0.004, 0.09, 0.002, 0.05):
        t, more = feed(auto, t, 15.0, cost)
        changes += more
    times = [c for c, _ in changes]
    assert len(times) > 5
    assert all(b - a >= MIN_CHANGE_S for a, b in zip(times, times[1:], strict=False))


@pytest.mark.parametrize("at_start", [
    [TARGET],                                        # right on the target
    [TARGET * 0.97, TARGET * 1.03],                  # jitter either side of it
    [TARGET * 1.07, TARGET * 1.09, TARGET * 1.08],   # astride the threshold for stepping down
])
def test_no_oscillation_near_the_threshold(at_start):
    """Frames on the starting rung cost about the target; each rung down is 20 % cheaper."""
    auto = AutoQuality(30, now=0.0)
    frames = iter(at_start * 100_000)
    _, changes = feed(auto, 0.0, 120.0, lambda rung: next(frames) / 1.2 ** (rung - START))
    assert len(changes) <= 1
    assert all(r == START + 1 for _, r in changes)   # at most one step down, and never back up


def test_settles_on_the_best_rung_that_holds_the_target():
    costs = [0.060, 0.045, 0.038, 0.028, 0.020, 0.016, 0.013]   # a machine where medium at 70 % fits
    auto = AutoQuality(30, now=0.0)
    _, changes = feed(auto, 0.0, 300.0, lambda rung: costs[rung])
    assert auto.rung == 3
    assert [r for _, r in changes] == [2, 3]


def test_a_step_up_that_does_not_fit_is_not_retried_again_and_again():
    # medium is cheap enough for the default estimate to try high, but high is far too slow
    costs = [0.060, 0.018, 0.015, 0.012, 0.010, 0.008, 0.007]
    auto = AutoQuality(30, now=0.0)
    _, changes = feed(auto, 0.0, 300.0, lambda rung: costs[rung])
    assert [r for _, r in changes] == [0, 1]     # tried once, measured, stays on medium
    assert auto.rung == 1


def test_frames_that_pay_for_a_switch_do_not_count():
    auto = AutoQuality(30, now=0.0)
    t = slow_then_steady(auto, 0.0)              # the first frames compile shaders: slow
    assert auto.cost() == pytest.approx(TARGET)
    t, changes = feed(auto, t, 30.0, TARGET)
    assert changes == [] and auto.rung == START
    while auto.frame(t := t + 0.05, 0.05) is None:   # slow until it steps down
        assert t < 40.0
    assert auto.rung == START + 1
    t = slow_then_steady(auto, t)                # the switch's own frames: slow again
    assert auto.cost() == pytest.approx(TARGET)
    _, after = feed(auto, t, 20.0, TARGET)
    assert after == []


def slow_then_steady(auto: AutoQuality, t: float) -> float:
    """Three frames of 2 s each (on a clock that hardly moves), then MIN_SAMPLES on target."""
    assert SETTLE_FRAMES >= 3
    for _ in range(3):
        t += 0.01
        assert auto.frame(t, 2.0) is None
    for _ in range(MIN_SAMPLES):
        t += TARGET
        assert auto.frame(t, TARGET) is None
    return t


def test_target_frame_rate():
    assert target_fps("llvmpipe (LLVM 15.0.7, 256 bits)") == 30
    assert target_fps("softpipe") == 30
    assert target_fps("NVIDIA H200/PCIe/SSE2", refresh_hz=144.0) == 144
    assert target_fps("NVIDIA H200/PCIe/SSE2") >= 20      # the display's rate, or 60 when unknown


# ---------------------------------------------------------------------------------------- the control
class FakeRenderer:
    def __init__(self) -> None:
        self.quality = LEVELS[Quality.LOW]
        self.calls = 0

    def set_quality(self, settings) -> None:
        self.quality = settings
        self.calls += 1


def test_the_key_cycles_low_medium_high_auto():
    renderer, now = FakeRenderer(), [0.0]
    control = QualityControl(renderer, "low", 30.0, lambda: now[0])
    assert renderer.calls == 0 and control.text() == "low"
    assert control.cycle() == "Quality: medium" and renderer.quality == LEVELS[Quality.MEDIUM]
    assert control.cycle() == "Quality: high" and renderer.quality == LEVELS[Quality.HIGH]
    assert control.cycle() == "Quality: auto (now high)"    # auto starts from where it was
    assert control.auto is not None and renderer.quality == LEVELS[Quality.HIGH]
    for _ in range(50):                                      # slow frames: auto steps down
        now[0] += 0.05
        control.frame(0.05)
    assert control.text().startswith("auto (now medium")
    assert control.cycle() == "Quality: low" and control.auto is None


def test_a_fixed_level_never_moves_and_reset_returns_to_the_start():
    renderer, now = FakeRenderer(), [0.0]
    control = QualityControl(renderer, Quality.AUTO, 30.0, lambda: now[0])
    assert renderer.quality == LEVELS[Quality.MEDIUM]
    control.cycle()
    assert control.choice is Quality.LOW
    for _ in range(200):
        now[0] += 0.2
        control.frame(0.2)
    assert renderer.quality == LEVELS[Quality.LOW]
    control.reset()
    assert control.choice is Quality.AUTO and renderer.quality == LEVELS[Quality.MEDIUM]
    assert describe(LEVELS[Quality.MEDIUM].scaled(0.85)) == "medium at 85 % resolution"


# ---------------------------------------------------------------------------------------- the CLI
@pytest.mark.parametrize("command, extra, default", [
    ("view", [], Quality.AUTO),
    ("tour", ["--out", "frames"], Quality.MEDIUM),
])
def test_quality_option_for_view_and_tour(command, extra, default):
    from engine.cli import build_parser
    parser = build_parser()
    assert Quality(parser.parse_args([command, *extra]).quality) is default
    for level in ("low", "medium", "high", "auto"):
        assert Quality(parser.parse_args([command, *extra, "--quality", level]).quality) is Quality(level)


def test_view_opens_at_the_quality_asked_for(tmp_path, monkeypatch, _egl_context):
    """Through main() under SDL offscreen: view and the kiosk at a fixed level and at auto."""
    from helpers import two_halls

    from engine.app.viewer import Viewer
    from engine.cli import main
    seen = []
    close = Viewer.close

    def record(viewer):
        seen.append((viewer.mode.name, viewer.quality.choice, viewer.renderer.quality.level))
        close(viewer)
    monkeypatch.setattr(Viewer, "close", record)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    scene = str(two_halls(tmp_path))
    common = ["--size", "96x54", "--frames", "2", "--crowd", "0"]
    assert main(["view", scene, "--quality", "high", *common]) == 0
    assert main(["view", scene, *common]) == 0
    assert main(["view", scene, "--mode", "kiosk", "--windowed", *common]) == 0
    assert seen == [("explore", Quality.HIGH, Quality.HIGH), ("explore", Quality.AUTO, Quality.MEDIUM),
                    ("kiosk", Quality.AUTO, Quality.MEDIUM)]


def test_a_bad_quality_is_one_error_line(capsys):
    from engine.cli import main
    assert main(["view", "--quality", "ultra"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "--quality" in err and "Traceback" not in err
    assert main(["tour", "--out", "frames", "--quality", "best"]) == 2
    assert "--quality" in capsys.readouterr().err



# ---------------------------------------------------------------------------------------- the viewer
def test_help_lists_the_quality_key_in_every_mode():
    from engine.app.explore import ExploreMode
    from engine.app.keymap import KeyMap, help_lines
    from engine.app.kiosk import KioskMode
    from engine.app.model_mode import ModelMode
    from engine.app.organizer import OrganizerMode
    for mode in (ExploreMode, KioskMode, OrganizerMode, ModelMode):
        rows = dict(help_lines(KeyMap.default(), mode.help_sections))["General"]
        assert ("F2", "quality: low, medium, high, auto (holds the frame rate)") in rows
    assert KeyMap.default().action_for("f2", panel=True) == "cycle_quality"   # also while typing


def test_the_key_cycles_levels_in_the_viewer(own_venue, _egl_context, tmp_path):
    """The real loop under SDL offscreen: F2 presses step through the levels, each with a toast,
    and the F3 meter names the level."""
    import pygame

    from engine.app.explore import ExploreMode, ExploreOptions
    from engine.app.viewer import Viewer
    from engine.platform.window import Window
    viewer = Viewer(own_venue, Window((160, 90), "quality"), screenshot_dir=tmp_path, quality="auto",
                    mode_factory=lambda v: ExploreMode(v, ExploreOptions(crowd=0)))
    try:
        assert viewer.quality.choice is Quality.AUTO and viewer.renderer.quality == LEVELS[Quality.MEDIUM]
        viewer.do("toggle_stats")
        seen = []
        for _ in range(4):
            code = pygame.key.key_code("f2")
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=code, mod=0, unicode="", scancode=0))
            pygame.event.post(pygame.event.Event(pygame.KEYUP, key=code, mod=0, unicode="", scancode=0))
            viewer.run(max_frames=viewer.frames + 1)
            seen.append((viewer.quality.choice, viewer.renderer.quality.level, viewer.toasts.texts[-1]))
        assert seen[0] == (Quality.LOW, Quality.LOW, "Quality: low")
        assert seen[1] == (Quality.MEDIUM, Quality.MEDIUM, "Quality: medium")
        assert seen[2] == (Quality.HIGH, Quality.HIGH, "Quality: high")
        assert seen[3] == (Quality.AUTO, Quality.HIGH, "Quality: auto (now high)")
        assert viewer.stats.rows()[-1][1][0] == "auto (now high)"
        assert viewer.errors == 0
    finally:
        viewer.close()
