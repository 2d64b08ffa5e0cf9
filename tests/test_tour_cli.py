"""`tour` and `render --all-views` end to end on small scenes: complete folders or nothing at all."""
import numpy as np
import pytest
from helpers import two_halls
from PIL import Image

from engine.cli import main
from engine.commands.tour import frame_times


def _leftovers(folder):
    return [p.name for p in folder.iterdir() if p.name.startswith(".")]


def test_tour_writes_numbered_frames(tmp_path, capsys, gl):
    out = tmp_path / "frames"
    assert main(["tour", str(two_halls(tmp_path)), "--out", str(out), "--frames", "3", "--size", "64x36",
                 "--samples", "0"]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names[:3] == ["frame-00001.png", "frame-00002.png", "frame-00003.png"]
    assert np.asarray(Image.open(out / "frame-00002.png")).shape == (36, 64, 3)
    text = capsys.readouterr().out
    assert "wrote 3 frames" in text and ("tour.mp4" in text or "pip install" in text)
    assert "at medium quality" in text
    assert _leftovers(tmp_path) == []


def test_tour_renders_at_the_quality_asked_for(tmp_path, capsys, gl, monkeypatch):
    from engine.render.quality import LEVELS, Quality
    from engine.render.renderer import Renderer
    asked = []
    set_quality = Renderer.set_quality

    def record(renderer, settings):
        asked.append(settings)
        set_quality(renderer, settings)
    monkeypatch.setattr(Renderer, "set_quality", record)
    for level in ("low", "high", "auto"):
        assert main(["tour", str(two_halls(tmp_path)), "--out", str(tmp_path / level), "--frames", "1",
                     "--size", "64x36", "--samples", "0", "--no-video", "--quality", level]) == 0
    assert asked == [LEVELS[Quality.LOW], LEVELS[Quality.HIGH], LEVELS[Quality.MEDIUM]]
    assert "at medium quality" in capsys.readouterr().out     # auto: nothing to hold, medium


def test_tour_draws_the_car_on_the_circuit(tmp_path, gl, venue):
    from engine.tour import Tour
    tour = Tour(venue)
    out = tmp_path / "lap"
    start = tour.lap_start + 30.0
    assert main(["tour", "--out", str(out), "--fps", "30", "--start", f"{start}", "--frames", "2",
                 "--size", "192x108", "--samples", "0", "--no-video"]) == 0
    img = np.asarray(Image.open(out / "frame-00001.png")).astype(int)
    # the red car sits in the lower middle of the chase view
    mid = img[54:90, 76:116]
    red = (mid[..., 0] > 120) & (mid[..., 0] > mid[..., 1] + 50) & (mid[..., 0] > mid[..., 2] + 50)
    assert red.sum() >= 6


def test_tour_into_a_folder_that_cannot_be_written(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    for out in (blocker / "frames", tmp_path / "missing" / "frames", "/proc/anting-tour"):
        code = main(["tour", str(two_halls(tmp_path)), "--out", str(out), "--frames", "2", "--size", "32x18"])
        err = capsys.readouterr().err
        assert code == 2 and err.startswith("error: --out: ") and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "two.toml"]


def test_tour_refuses_a_folder_holding_other_files(tmp_path, capsys):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    assert main(["tour", str(two_halls(tmp_path)), "--out", str(out), "--frames", "2"]) == 2
    assert "other files" in capsys.readouterr().err and (out / "notes.txt").read_text() == "keep me"


def test_frame_times():
    assert frame_times(10.0, 3, None) == [0.0, 5.0, 10.0]
    assert len(frame_times(10.0, None, None)) == 120
    assert frame_times(1.0, None, 4.0) == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert frame_times(10.0, 2, 30.0, start=2.0) == pytest.approx([2.0, 2.0 + 1 / 30])


def test_render_all_views(tmp_path, capsys, gl):
    scene = two_halls(tmp_path)
    out = tmp_path / "views"
    assert main(["render", str(scene), "--all-views", "--out", str(out), "--size", "48x27",
                 "--samples", "0"]) == 0
    from engine.venue import open_scene
    expected = {f"{wid}.png" for wid in open_scene(scene).waypoints}
    assert {p.name for p in out.iterdir()} == expected and "hall-a-stage.png" in expected
    assert np.asarray(Image.open(out / "hall-a-stage.png")).shape == (27, 48, 3)
    assert _leftovers(tmp_path) == []
    # the folder is replaced whole on a second run
    assert main(["render", str(scene), "--all-views", "--out", str(out), "--size", "32x18",
                 "--samples", "0"]) == 0
    assert np.asarray(Image.open(out / "spawn.png")).shape == (18, 32, 3)


def test_render_all_views_refuses_a_single_view(tmp_path, capsys):
    code = main(["render", str(two_halls(tmp_path)), "--all-views", "--view", "spawn", "--out", str(tmp_path / "v")])
    assert code == 2 and capsys.readouterr().err.startswith("error: --all-views")
