"""The headless commands end to end: render and bench write what they promise; bad input exits 2."""
import numpy as np
import pytest
import trimesh

from engine.cli import main


@pytest.fixture
def model(tmp_path):
    box = trimesh.creation.box()
    box.visual.face_colors = [30, 200, 30, 255]
    path = tmp_path / "box.glb"
    box.export(str(path))
    return path


def test_render_frames_the_model(model, tmp_path, capsys, gl):
    out = tmp_path / "shot.png"
    assert main(["render", str(model), "--out", str(out), "--size", "64x48"]) == 0
    from PIL import Image
    img = np.asarray(Image.open(out))
    assert img.shape == (48, 64, 3)
    r, g, b = img[24, 32]
    assert g > 120 and g > r + 80 and g > b + 80


def test_render_with_eye_and_target(model, tmp_path, gl):
    out = tmp_path / "side.png"
    assert main(["render", str(model), "--out", str(out), "--size", "32x32", "--eye", "0,0,4",
                 "--target", "0,0,0", "--fov", "40"]) == 0
    assert out.stat().st_size > 0


def test_renderers_made_by_commands_check_gl_errors(model, tmp_path, monkeypatch, gl):
    """conftest turns GL error checks on for the session: a renderer a command makes checks after each frame."""
    import engine.render.renderer as renderer_module
    checked, real = [], renderer_module.check_errors

    def counting(where: str) -> None:
        checked.append(where)
        real(where)
    monkeypatch.setattr(renderer_module, "check_errors", counting)
    assert main(["render", str(model), "--out", str(tmp_path / "x.png"), "--size", "16x16"]) == 0
    assert "Renderer.render" in checked


def test_bench_prints_percentiles_and_fps_last(model, capsys, gl):
    assert main(["bench", str(model), "--size", "64x36", "--frames", "4", "--orbit", "5,2"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert "p50" in lines[-2] and "p99" in lines[-2]
    assert lines[-1].startswith("fps: ") and float(lines[-1].split()[1]) > 0


@pytest.mark.parametrize("argv, where", [
    (["--size", "0x0"], "arguments"),
    (["--size", "100000x100000"], "arguments"),
    (["--size", "big"], "arguments"),
    (["--eye", "1,2,3", "--target", "1,2,3"], "--eye"),
    (["--eye", "1,2"], "arguments"),
    (["--eye", "nan,0,0"], "arguments"),
    (["--fov", "0"], "arguments"),
    (["--eye", "0,1e300,0", "--target", "0,0,0"], "arguments"),  # rendered noise with overflow warnings
])
def test_bad_arguments_exit_2(model, tmp_path, capsys, argv, where):
    code = main(["render", str(model), "--out", str(tmp_path / "x.png")] + argv)
    err = capsys.readouterr().err
    assert code == 2 and err.startswith(f"error: {where}") and "Traceback" not in err
    assert not (tmp_path / "x.png").exists()


def test_view_with_eye_or_target_exits_2(tmp_path, capsys):
    # The eye was silently ignored in favour of the named view.
    assert main(["render", "--view", "booth-01", "--eye", "1,2,3", "--out", str(tmp_path / "x.png")]) == 2
    assert capsys.readouterr().err.startswith("error: --view: ")
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize("crowd", ["-5", "5000", "many"])
def test_bench_crowd_out_of_range_exits_2(capsys, crowd):
    assert main(["bench", "--crowd", crowd, "--frames", "1"]) == 2
    assert capsys.readouterr().err.startswith("error: arguments: argument --crowd")


@pytest.mark.parametrize("argv, where", [
    (["--mode", "kiosk"], "--mode"), (["--mode", "organizer"], "--mode"),
    (["--schedule", "x.json"], "--schedule"), (["--kiosk-config", "k.toml"], "--kiosk-config"),
])
def test_view_of_a_model_refuses_venue_only_options(model, capsys, argv, where):
    # These were ignored: kiosk mode on a model opened the model fullscreen with no tour.
    assert main(["view", str(model), "--frames", "1"] + argv) == 2
    assert capsys.readouterr().err.startswith(f"error: {where}: ")


def test_view_crowd_accepts_any_spelling_of_zero():
    from engine.commands.view import _crowd
    assert _crowd("00") == 0 and _crowd("0") == 0 and _crowd("12") == 12


def test_size_the_driver_cannot_hold(model, tmp_path, capsys, gl):
    code = main(["render", str(model), "--out", str(tmp_path / "x.png"), "--size", "16384x16384"])
    assert code == 2 and "too large" in capsys.readouterr().err


def test_output_folder_missing(model, tmp_path, capsys, gl):
    code = main(["render", str(model), "--out", str(tmp_path / "no" / "x.png"), "--size", "8x8"])
    assert code == 2 and "does not exist" in capsys.readouterr().err


def test_old_driver_is_named_in_the_message(monkeypatch):
    from engine.errors import UserError
    from engine.platform import egl
    monkeypatch.setattr(egl, "gl_version", lambda: (2, 1, "2.1 Mesa 9.0", "Gallium softpipe"))
    with pytest.raises(UserError) as exc:
        egl.require_gl_33()
    assert "3.3" in exc.value.what and "2.1 Mesa 9.0" in exc.value.what and "softpipe" in exc.value.what


def test_written_files_get_the_usual_permissions(tmp_path):
    import os

    from engine.fileio import write_atomic
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "a.txt", b"x")
        write_atomic(tmp_path / "b.txt", b"y", private=True)
    finally:
        os.umask(old)
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "b.txt").stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]
