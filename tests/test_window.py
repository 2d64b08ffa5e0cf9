"""The window code path under SDL's offscreen driver: real events, real frames, no display."""
import numpy as np
import pytest

from scenes import box_mesh, scene_of


@pytest.fixture
def viewer(tmp_path, _egl_context):
    pygame = pytest.importorskip("pygame")
    from engine.app.viewer import Viewer
    from engine.platform.window import Window
    from engine.venue import Venue
    venue = Venue(scene=scene_of((box_mesh(color=(1, 0, 0, 1)), np.eye(4))))
    window = Window((200, 150), "test")
    v = Viewer(venue, window, screenshot_dir=tmp_path)
    yield v, pygame
    v.close()


def key(pygame, name):
    code = pygame.key.key_code(name)
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=code, mod=0, unicode="", scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=code, mod=0, unicode="", scancode=0))


def test_window_renders_frames_and_takes_a_screenshot(viewer):
    v, pygame = viewer
    key(pygame, "f12")
    v.run(max_frames=3)
    assert v.frames == 3
    assert v.last_screenshot is not None and v.last_screenshot.is_file()
    from PIL import Image
    img = np.asarray(Image.open(v.last_screenshot))
    assert img.shape == (150, 200, 3)
    r, g, b = img[75, 100]
    assert r > 150 and g < 60 and b < 60     # the red box framed in the middle


def test_help_and_stats_overlays_toggle_from_keys(viewer):
    v, pygame = viewer
    key(pygame, "f1")
    key(pygame, "f3")
    v.run(max_frames=2)
    assert v.help.visible and v.stats.visible
    names = [layer.key for layer in v.overlays()]
    assert "help" in names and "stats" in names


def test_orbit_drag_and_wheel_move_the_camera(viewer):
    v, pygame = viewer
    eye = v.camera.eye.copy()
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=(100, 75)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, rel=(40, 0), pos=(140, 75), buttons=(1, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=(140, 75)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=2, flipped=False))
    v.run(max_frames=1)
    assert not np.allclose(v.camera.eye, eye)
    assert np.linalg.norm(v.camera.eye - v.camera.target) < np.linalg.norm(eye - v.camera.target)


def test_fly_camera_moves_forward_while_key_held(viewer):
    v, _ = viewer
    v.do("toggle_camera")
    start = v.camera.eye.copy()
    v.hold("move_forward", True)
    for _ in range(30):
        v.update(1 / 60)
    v.hold("move_forward", False)
    moved = v.camera.eye - start
    forward = v.camera.target - v.camera.eye
    assert np.linalg.norm(moved) > 0.5 and np.dot(moved, forward) > 0


def test_escape_quits(viewer):
    v, pygame = viewer
    key(pygame, "escape")
    v.run(max_frames=100)
    assert not v.running and v.frames <= 1


def test_multisampled_window_resolves_into_the_window(_egl_context, tmp_path):
    pytest.importorskip("pygame")
    from engine.app.viewer import Viewer
    from engine.platform.window import Window
    from engine.venue import Venue
    venue = Venue(scene=scene_of((box_mesh(color=(1, 0, 0, 1)), np.eye(4))))
    window = Window((160, 120), "msaa", samples=4)
    v = Viewer(venue, window, screenshot_dir=tmp_path)
    try:
        v.draw()
        v.window.resized((200, 100))
        v.draw(flip=False)
        img = window.target.read_rgba()
        assert img.shape == (100, 200, 4)
        red = (img[..., 0].astype(int) > img[..., 1].astype(int) + 60).mean()
        assert red > 0.05    # the red box fills part of the resized picture
    finally:
        v.close()


def test_fullscreen_that_the_driver_refuses_is_a_message(viewer):
    v, pygame = viewer
    key(pygame, "f11")
    v.run(max_frames=2)
    assert v.running and v.frames == 2
    assert v.window.fullscreen or any("Fullscreen" in t for t in v.toasts.texts)
