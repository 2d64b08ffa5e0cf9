"""Input with focus: a key that opens a text field never types into it, typing never triggers
keys' actions, held keys stop when a field opens, and the window turns pygame events into ours."""
import pygame
import pytest
from helpers import FakeServices

from engine.app.input import InputRouter
from engine.platform.events import KeyEvent, PointerEvent, QuitEvent, TextEvent, WheelEvent


@pytest.fixture
def explore(own_venue):
    from engine.app.explore import ExploreMode, ExploreOptions
    mode = ExploreMode(FakeServices(own_venue), ExploreOptions(crowd=0))
    yield mode
    mode.close()


def keystroke(router, mode, key, own=None):
    """One key as SDL delivers it: the key going down, the text it typed, the key coming up."""
    router.feed(KeyEvent(key, True, text=key if len(key) == 1 else ""), mode, own or {})
    if len(key) == 1:
        router.feed(TextEvent(key), mode, own or {})
    router.feed(KeyEvent(key, False), mode, own or {})


def test_the_key_that_opens_go_to_does_not_type_into_it(explore):
    router = InputRouter(explore.services.keymap, explore.services.clock)
    router.begin_batch()
    keystroke(router, explore, "g")
    assert explore.hud.goto.open and explore.hud.goto.query == ""
    for ch in "main":
        router.begin_batch()
        keystroke(router, explore, ch)
    assert explore.hud.goto.query == "main"
    assert not explore.hud.plan_open              # "m" typed, it did not open the plan
    keystroke(router, explore, "backspace")
    assert explore.hud.goto.query == "mai"
    chosen = explore.hud.goto.chosen()
    assert chosen is not None and chosen.key == "main-forum"


def test_held_keys_stop_when_a_field_opens_and_release_in_any_context(explore):
    router = InputRouter(explore.services.keymap, explore.services.clock)
    router.feed(KeyEvent("w", True, text="w"), explore, {})
    assert router.held == {"move_forward"}
    router.feed(KeyEvent("tab", True), explore, {})
    assert explore.hud.agenda.open and router.held == set()
    router.feed(KeyEvent("w", False), explore, {})
    assert router.held == set()


def test_pointer_and_wheel_go_to_the_mode(explore):
    router = InputRouter(explore.services.keymap, explore.services.clock)
    distance = explore.follow.distance
    router.feed(WheelEvent(2.0), explore, {})
    assert explore.follow.distance < distance
    pitch = explore.follow.pitch
    router.feed(PointerEvent("down", (5, 5), 3), explore, {})
    router.feed(PointerEvent("move", (5, 25), 0, (0, 20)), explore, {})
    assert explore.follow.pitch != pitch


def test_window_events_become_engine_events(_egl_context):
    from engine.platform.window import Window, translate
    window = Window((64, 48), "events")
    try:
        code = pygame.key.key_code("g")
        cases = [
            (pygame.event.Event(pygame.KEYDOWN, key=code, mod=pygame.KMOD_LCTRL, unicode="g", scancode=0),
             KeyEvent("g", True, frozenset({"ctrl"}), "g")),
            (pygame.event.Event(pygame.TEXTINPUT, text="主"), TextEvent("主")),
            (pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=(3, 4)), PointerEvent("down", (3, 4), 1)),
            (pygame.event.Event(pygame.MOUSEMOTION, pos=(5, 6), rel=(2, 2), buttons=(1, 0, 0)),
             PointerEvent("move", (5, 6), 0, (2, 2))),
            (pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False), WheelEvent(-1.0)),
            (pygame.event.Event(pygame.QUIT), QuitEvent()),
        ]
        for raw, expected in cases:
            assert translate(pygame, raw) == expected
        assert translate(pygame, pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=4, pos=(0, 0))) is None
    finally:
        window.close()


def test_in_the_real_loop_g_then_typing_searches_what_was_typed(own_venue, _egl_context, tmp_path):
    from engine.app.explore import ExploreMode, ExploreOptions
    from engine.app.viewer import Viewer
    from engine.platform.window import Window
    viewer = Viewer(own_venue, Window((160, 90), "focus"), screenshot_dir=tmp_path,
                    mode_factory=lambda v: ExploreMode(v, ExploreOptions(crowd=0)))
    try:
        for ch in "gsub":
            code = pygame.key.key_code(ch)
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=code, mod=0, unicode=ch, scancode=0))
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
            pygame.event.post(pygame.event.Event(pygame.KEYUP, key=code, mod=0, unicode="", scancode=0))
            viewer.run(max_frames=viewer.frames + 1)
        assert viewer.mode.hud.goto.open and viewer.mode.hud.goto.query == "sub"
    finally:
        viewer.close()
