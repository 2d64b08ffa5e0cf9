"""The window code path under SDL's offscreen driver: real events, real frames, no display."""
import os
import subprocess
import sys
import time

import numpy as np
import pygame
import pytest

from engine import PROJECT_ROOT
from scenes import box_mesh, scene_of


@pytest.fixture
def viewer(tmp_path, _egl_context):
    from engine.app.viewer import Viewer
    from engine.platform.window import Window
    from engine.venue import Venue
    venue = Venue(scene=scene_of((box_mesh(color=(1, 0, 0, 1)), np.eye(4))))
    window = Window((200, 150), "test")
    v = Viewer(venue, window, screenshot_dir=tmp_path / "Pictures" / "anting-venue")
    yield v
    v.close()


def key(name, mod=0, text=""):
    code = pygame.key.key_code(name)
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=code, mod=mod, unicode=text, scancode=0))
    if text:
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=text))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=code, mod=mod, unicode="", scancode=0))


def test_window_renders_frames_and_takes_a_screenshot_into_the_pictures_folder(viewer, tmp_path):
    key("f12")
    viewer.run(max_frames=3)
    assert viewer.frames == 3
    shot = viewer.last_screenshot
    assert shot is not None and shot.is_file() and shot.parent == tmp_path / "Pictures" / "anting-venue"
    assert any(str(shot) in text for text in viewer.toasts.texts)      # the toast gives the full path
    from PIL import Image
    img = np.asarray(Image.open(shot))
    assert img.shape == (150, 200, 3)
    r, g, b = img[75, 100]
    assert r > 150 and g < 60 and b < 60     # the red box framed in the middle


def test_help_and_stats_overlays_toggle_from_keys(viewer):
    key("f1")
    key("f3")
    viewer.run(max_frames=2)
    assert viewer.help.visible and viewer.stats.visible
    viewer.resize((1280, 720))            # room for both (a 200 x 150 window is all help)
    names = [layer.key for layer in viewer.overlays()]
    assert "help" in names and "stats" in names


def test_stats_are_one_consistent_set(viewer):
    viewer.stats.visible = True
    viewer.run(max_frames=12)
    s = viewer.stats.meter.summary()
    assert s["fps"] > 0 and s["draws"] > 0 and s["triangles"] > 0
    # Every figure describes the same frames: a frame's own work fits inside the time it took.
    assert s["cpu_ms"] <= 1000.0 / s["fps"] * 1.1
    rows = " ".join(text for row in viewer.stats.rows() for text, _ in row)
    assert "fps" in rows and "CPU" in rows and "GPU" in rows and "draw calls" in rows


def test_orbit_drag_and_wheel_move_the_camera(viewer):
    eye = viewer.camera.eye.copy()
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=(100, 75)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, rel=(40, 0), pos=(140, 75), buttons=(1, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=(140, 75)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=2, flipped=False))
    viewer.run(max_frames=1)
    assert not np.allclose(viewer.camera.eye, eye)
    assert np.linalg.norm(viewer.camera.eye - viewer.camera.target) < np.linalg.norm(eye - viewer.camera.target)


def test_fly_camera_flies_while_w_is_held_and_rises_with_e(viewer):
    key("c")
    viewer.run(max_frames=1)
    start = viewer.camera.eye.copy()
    code = pygame.key.key_code("w")
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=code, mod=0, unicode="w", scancode=0))
    for _ in range(10):
        viewer.run(max_frames=viewer.frames + 1)
        time.sleep(0.01)
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=code, mod=0, unicode="", scancode=0))
    viewer.run(max_frames=viewer.frames + 1)
    moved = viewer.camera.eye - start
    forward = viewer.camera.target - viewer.camera.eye
    assert np.linalg.norm(moved) > 0.05 and np.dot(moved, forward) > 0
    assert "move_forward" not in viewer.router.held
    y = viewer.camera.eye[1]
    viewer.router.held.add("move_up")
    for _ in range(20):
        viewer.update(1 / 60)
    assert viewer.camera.eye[1] > y + 0.5


def test_escape_quits(viewer):
    key("escape")
    viewer.run(max_frames=100)
    assert not viewer.running and viewer.frames <= 1


def test_resizing_the_window_resizes_the_picture_and_the_hud(_egl_context, tmp_path):
    """Through the event path: SDL resizes the window, the viewer reads the new size from it. (The
    offscreen driver's own surface keeps its size, so the frame is read from a multisampled target,
    which the viewer resizes like any other.)"""
    from pygame._sdl2.video import Window as SdlWindow

    from engine.app.viewer import Viewer
    from engine.gfx.gl import GL
    from engine.platform.window import Window
    from engine.venue import Venue
    venue = Venue(scene=scene_of((box_mesh(color=(1, 0, 0, 1)), np.eye(4))))
    viewer = Viewer(venue, Window((200, 150), "resize"), screenshot_dir=tmp_path, samples=2)
    try:
        key("f1")
        viewer.run(max_frames=1)
        SdlWindow.from_display_module().size = (420, 300)
        viewer.run(max_frames=viewer.frames + 1)
        assert viewer.target.size == (420, 300) and viewer.size == (420, 300)
        viewer.target.bind()
        assert list(GL.glGetIntegerv(GL.GL_VIEWPORT)) == [0, 0, 420, 300]
        help_rect = viewer.hud_rect("help")
        assert help_rect is not None and help_rect.right <= 420 and help_rect.bottom <= 300
        assert abs((help_rect.x + help_rect.w / 2) - 210) < 2        # centred in the new width
        key("f1")
        viewer.run(max_frames=viewer.frames + 1)
        img = viewer.target.read_rgba()
        assert img.shape == (300, 420, 4)
        r, g, b, _ = img[150, 210].astype(int)        # the box fills the middle of the new picture
        assert r > g + 60 and r > b + 60
    finally:
        viewer.close()


def test_multisampled_window_resolves_into_the_window(_egl_context, tmp_path):
    from engine.app.viewer import Viewer
    from engine.platform.window import Window
    from engine.venue import Venue
    venue = Venue(scene=scene_of((box_mesh(color=(1, 0, 0, 1)), np.eye(4))))
    window = Window((160, 120), "msaa")
    v = Viewer(venue, window, screenshot_dir=tmp_path, samples=4)
    try:
        v.draw()
        v.resize((200, 100))
        v.draw(flip=False)
        img = v.target.read_rgba()
        assert img.shape == (100, 200, 4)
        red = (img[..., 0].astype(int) > img[..., 1].astype(int) + 60).mean()
        assert red > 0.05    # the red box fills part of the resized picture
    finally:
        v.close()


def test_fullscreen_that_the_driver_refuses_is_a_message(viewer):
    key("f11")
    viewer.run(max_frames=2)
    assert viewer.running and viewer.frames == 2
    assert viewer.window.fullscreen or any("Fullscreen" in t for t in viewer.toasts.texts)


def test_no_display_is_a_quick_clear_error():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")}
    start = time.monotonic()
    done = subprocess.run([sys.executable, str(PROJECT_ROOT / "main.py")], env=env, capture_output=True,
                          text=True, timeout=30)
    assert time.monotonic() - start < 5
    assert done.returncode == 2
    assert done.stderr.strip().startswith("error: display: ")
    assert "headless commands: render, tour, report, bench" in done.stderr
    assert "Traceback" not in done.stderr


def test_pictures_folder_follows_xdg(tmp_path):
    from engine.cli import pictures_dir
    assert pictures_dir({"XDG_PICTURES_DIR": "/srv/pics"}, home=tmp_path).as_posix() == "/srv/pics/anting-venue"
    (tmp_path / ".config").mkdir()
    (tmp_path / ".config" / "user-dirs.dirs").write_text('XDG_PICTURES_DIR="$HOME/Bilder"\n')
    assert pictures_dir({}, home=tmp_path) == tmp_path / "Bilder" / "anting-venue"
    assert pictures_dir({"XDG_CONFIG_HOME": str(tmp_path / "none")}, home=tmp_path) == \
        tmp_path / "Pictures" / "anting-venue"
