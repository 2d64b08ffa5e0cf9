"""Exploring the default venue: scripted walks with no display, and the real loop from a double-click."""
from __future__ import annotations

import numpy as np
import pytest
from helpers import FakeServices

from engine.app.input import InputRouter
from engine.platform.events import KeyEvent, PointerEvent, TextEvent


@pytest.fixture
def explore(own_venue):
    from engine.app.explore import ExploreMode, ExploreOptions
    mode = ExploreMode(FakeServices(own_venue), ExploreOptions(crowd=5))
    yield mode
    mode.close()


def walk_until_arrived(mode, seconds: float) -> float:
    t = 0.0
    while mode.avatar.follower is not None and t < seconds:
        mode.update(1 / 30, frozenset())
        t += 1 / 30
    return t


def test_go_to_each_hall_ends_inside_it(explore):
    venue = explore.services.venue
    from engine.world.paths import find_path
    for hall_id in venue.halls:
        start = explore.avatar.position.copy()
        expected = find_path(explore.nav.navmesh, start, explore.nav.places[hall_id]).walking_time_s
        assert explore.go_to(hall_id)
        took = walk_until_arrived(explore, expected * 1.5 + 2)
        assert explore.avatar.follower is None, f"still walking to {hall_id}"
        assert took <= expected * 1.2 + 1.0
        assert explore.hall == hall_id
        assert explore.time.card.image is not None


def test_reduced_motion_teleports(explore):
    explore.nav.reduced_motion = True
    assert explore.go_to("main-forum")
    assert explore.avatar.follower is None and explore.hall == "main-forum"


def test_unknown_place_gives_a_message(explore):
    assert not explore.go_to("no-such-hall")
    assert explore.services.toasts.items


def test_pushing_into_a_wall_for_five_seconds_stays_outside(explore):
    venue = explore.services.venue
    from engine.world.avatar import MoveInput
    hall = venue.halls["subforum-05"]
    door = hall.doors[0]
    # Stand outside the hall beside the door and push straight at the wall next to it.
    along = np.array([-door.outward[1], door.outward[0]])
    start = np.asarray(door.outside_point(1.0)) + along * (door.width / 2 + 2.5)
    explore.avatar.teleport(explore.nav.navmesh.nearest_point(start))
    yaw = float(np.arctan2(-door.outward[0], door.outward[1]))   # facing into the wall
    for _ in range(300):
        explore.avatar.step(1 / 60, MoveInput(forward=1.0), yaw, explore.nav.navmesh)
    assert explore.nav.halls.hall_id(*explore.avatar.position) is None


def test_goto_panel_filters_and_walks(explore):
    router = InputRouter(explore.services.keymap, explore.services.clock)
    router.feed(KeyEvent("g", True, text="g"), explore, {})
    assert explore.hud.goto.open
    for ch in "digital twins":
        router.feed(TextEvent(ch), explore, {})
    chosen = explore.hud.goto.chosen()
    assert chosen is not None and chosen.key == "subforum-09"
    router.feed(KeyEvent("return", True), explore, {})
    assert not explore.hud.goto.open and explore.avatar.follower is not None


def test_minimap_click_walks_there(explore):
    services = explore.services
    explore.update(1 / 60, frozenset())
    services.lay_out(explore)                 # first frame up: the minimap is drawn on the next
    services.lay_out(explore)
    rect = services.hud_rect("minimap")
    assert rect is not None
    m = explore.hud.minimap
    x, z = explore.nav.places["main-forum"]
    u, v = m.to_map(x, z)
    scale = rect.w / m.width
    pos = (int(rect.x + u * scale), int(rect.y + v * scale))
    spot = m.hit(rect, pos)
    assert spot is not None and abs(spot[0] - x) < 3 and abs(spot[1] - z) < 3
    assert m.hit(rect, (1, 1)) is None
    assert explore.click(pos, double=False) and explore.avatar.follower is not None


def test_m_opens_a_plan_that_walks_where_clicked(explore):
    services = explore.services
    explore.update(1 / 60, frozenset())
    services.lay_out(explore)
    explore.handlers()["open_plan"]()
    services.lay_out(explore)
    assert explore.hud.plan_open and services.hud_rect("minimap") is not None   # the minimap stays
    rect = services.hud_rect("plan")
    assert rect is not None and rect.w > services.hud_rect("minimap").w
    x, z = explore.nav.places["subforum-03"]
    u, v = explore.hud.plan.to_map(x, z)
    s = rect.w / explore.hud.plan.width
    assert explore.click((int(rect.x + u * s), int(rect.y + v * s)), double=False)
    assert not explore.hud.plan_open and explore.avatar.follower is not None
    walk_until_arrived(explore, 200)
    assert explore.hall == "subforum-03"


def test_escape_closes_the_plan_not_the_viewer(explore):
    router = InputRouter(explore.services.keymap, explore.services.clock)
    quit_called = []
    router.feed(KeyEvent("m", True, text="m"), explore, {})
    assert explore.hud.plan_open
    router.feed(KeyEvent("escape", True), explore, {"quit": lambda: quit_called.append(1)})
    assert not explore.hud.plan_open and not quit_called


def test_end_to_end_double_click_walks_into_a_hall(own_venue, _egl_context, tmp_path):
    """The real loop under SDL offscreen: a posted double-click on the floor inside a hall."""
    import pygame

    from engine.app.explore import ExploreMode, ExploreOptions
    from engine.app.viewer import Viewer
    from engine.platform.window import Window
    from engine.scene.camera import project
    ticks = iter(np.arange(0.0, 1e6, 0.25))    # each frame advances the venue 0.25 s
    window = Window((320, 180), "test")
    viewer = Viewer(own_venue, window, clock=lambda: float(next(ticks)), screenshot_dir=tmp_path,
                    mode_factory=lambda v: ExploreMode(v, ExploreOptions(crowd=3, goto="main-forum-entrance")))
    try:
        mode = viewer.mode
        mode.follow.pitch = -0.6
        mode.update(1 / 60, frozenset())
        hall = own_venue.halls["main-forum"]
        target = np.asarray(hall.doors[0].inside_point(4.0))
        x, y, _ = project(mode.camera, [target[0], 0.0, target[1]], *window.size)
        assert 0 <= x < 320 and 0 <= y < 180
        for _ in range(2):
            pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=(int(x), int(y))))
            pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=(int(x), int(y))))
        viewer.run(max_frames=1)
        assert mode.avatar.follower is not None
        viewer.run(max_frames=200)
        assert mode.avatar.follower is None
        assert mode.hall == "main-forum"
    finally:
        viewer.close()


def test_a_drag_turns_the_view_and_a_double_click_elsewhere_is_not_a_double_click(explore):
    router = InputRouter(explore.services.keymap, explore.services.clock)
    yaw = explore.follow.yaw
    router.feed(PointerEvent("down", (10, 10), 1), explore, {})
    router.feed(PointerEvent("move", (60, 10), 0, (50, 0)), explore, {})
    router.feed(PointerEvent("up", (60, 10), 1), explore, {})
    assert explore.follow.yaw != yaw
    router.feed(PointerEvent("down", (200, 200), 1), explore, {})
    assert explore.avatar.follower is None      # a single click far from the first is no double-click
