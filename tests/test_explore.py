"""Exploring the default venue: scripted walks with no display, and the real loop from a double-click."""
from __future__ import annotations

import numpy as np
import pytest

from engine.ui.widgets import Toasts


class FakeWindow:
    size = (640, 360)
    pygame = None


class FakeViewer:
    """What ExploreMode needs of a viewer, without a window or GL; time moves only when told."""

    def __init__(self, venue) -> None:
        self.venue, self.window, self.toasts = venue, FakeWindow(), Toasts()
        self.now = 0.0
        self.clock = lambda: self.now


@pytest.fixture
def venue():
    from engine.venue import open_scene
    return open_scene(None)


@pytest.fixture
def explore(venue):
    from engine.app.explore import ExploreMode, ExploreOptions
    return ExploreMode(FakeViewer(venue), ExploreOptions(crowd=5))


def walk_until_arrived(mode, seconds: float) -> float:
    t = 0.0
    while mode.avatar.follower is not None and t < seconds:
        mode.update(1 / 30, set())
        t += 1 / 30
    return t


def test_go_to_each_hall_ends_inside_it(venue, explore):
    from engine.world.paths import find_path
    for hall_id in venue.halls:
        start = explore.avatar.position.copy()
        expected = find_path(explore.navmesh, start, explore.places[hall_id]).walking_time_s
        assert explore.go_to(hall_id)
        took = walk_until_arrived(explore, expected * 1.5 + 2)
        assert explore.avatar.follower is None, f"still walking to {hall_id}"
        assert took <= expected * 1.2 + 1.0
        assert explore.hall == hall_id
        assert explore.card is not None


def test_reduced_motion_teleports(explore, venue):
    explore.reduced_motion = True
    assert explore.go_to("main-forum")
    assert explore.avatar.follower is None and explore.hall == "main-forum"


def test_unknown_place_gives_a_message(explore):
    assert not explore.go_to("no-such-hall")
    assert explore.viewer.toasts.items


def test_pushing_into_a_wall_for_five_seconds_stays_outside(explore, venue):
    from engine.world.avatar import MoveInput
    hall = venue.halls["subforum-05"]
    door = hall.doors[0]
    # Stand outside the hall beside the door and push straight at the wall next to it.
    along = np.array([-door.outward[1], door.outward[0]])
    start = np.asarray(door.outside_point(1.0)) + along * (door.width / 2 + 2.5)
    explore.avatar.teleport(explore.navmesh.nearest_point(start))
    yaw = float(np.arctan2(-door.outward[0], door.outward[1]))   # facing into the wall
    for _ in range(300):
        explore.avatar.step(1 / 60, MoveInput(forward=1.0), yaw, explore.navmesh)
    assert explore.halls.hall_id(*explore.avatar.position) is None


def test_goto_panel_filters_and_walks(explore):
    explore.action("go_to")
    assert explore.goto_panel.open
    explore.goto_panel.type("digital twins")
    chosen = explore.goto_panel.chosen()
    assert chosen is not None and chosen.key == "subforum-09"
    explore.panel_key("return")
    assert not explore.goto_panel.open and explore.avatar.follower is not None


def test_minimap_click_maps_to_the_world(explore):
    m = explore.minimap
    screen = (1280, 720)
    ox, oy = m.origin(screen)
    x, z = explore.places["main-forum"]
    u, v = m.to_map(x, z)
    hit = m.hit(screen, (int(ox + u), int(oy + v)))
    assert hit is not None and abs(hit[0] - x) < 2 and abs(hit[1] - z) < 2
    assert m.hit(screen, (5, 5)) is None


def test_camera_boom_stays_in_the_hall(explore, venue):
    explore.go_to("main-forum", instant=True)
    hall = venue.halls["main-forum"]
    explore.avatar.teleport(explore.navmesh.nearest_point(hall.local_to_world(
        np.array([[0.0, hall.size[1] / 2 - 1.5]]))[0]))
    explore.follow.distance = 30.0
    for yaw in np.linspace(0, 2 * np.pi, 12):
        explore.follow.yaw = yaw
        explore.update(1 / 60, set())
        eye = explore.camera.eye
        assert explore.halls.hall_id(eye[0], eye[2]) == "main-forum"


def test_end_to_end_double_click_walks_into_a_hall(venue, _egl_context, tmp_path):
    """The real loop under SDL offscreen: a posted double-click on the floor inside a hall."""
    pygame = pytest.importorskip("pygame")
    from engine.app.explore import ExploreMode, ExploreOptions
    from engine.app.viewer import Viewer
    from engine.platform.window import Window
    from engine.scene.camera import project
    ticks = iter(np.arange(0.0, 1e6, 0.25))    # each frame advances the venue 0.25 s
    window = Window((320, 180), "test")
    viewer = Viewer(venue, window, clock=lambda: float(next(ticks)), screenshot_dir=tmp_path,
                    mode_factory=lambda v: ExploreMode(v, ExploreOptions(crowd=3, goto="main-forum-entrance")))
    try:
        mode = viewer.mode
        mode.follow.pitch = -0.6
        mode.update(1 / 60, set())
        hall = venue.halls["main-forum"]
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
