"""Organizer mode: plan labels, the walking-time heat map, and hot reload that survives bad edits."""
from __future__ import annotations

import os

import numpy as np
import pytest
from helpers import MINI, FakeServices

from engine.ui.layout import layout, place_labels

SIZES = [(800, 600), (1280, 720), (1920, 1080), (3840, 2160)]


@pytest.fixture
def scene_file(tmp_path):
    path = tmp_path / "scene.toml"
    path.write_text(MINI, encoding="utf-8")
    return path


def organizer(venue, size=(1280, 720)):
    from engine.app.organizer import OrganizerMode
    return OrganizerMode(FakeServices(venue, size))


def drawn_labels(mode, size):
    """The labels as the viewer places them, after the HUD widgets."""
    placed = layout(mode.widgets(size), size)
    taken = [p.rect for p in placed]
    return placed, place_labels(mode.labels(size), size, taken)


@pytest.mark.parametrize("size", SIZES)
def test_every_hall_is_labelled_on_the_plan_at_any_size(venue, size):
    mode = organizer(venue, size)
    mode.handlers()["toggle_heatmap"]()
    placed, labels = drawn_labels(mode, size)
    halls = {lab.key for lab, _, _ in labels if lab.key.startswith("hall-")}
    assert len(halls) == len(venue.halls)
    rects = [p.rect for p in placed] + [rect for _, _, rect in labels]
    assert not any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1:])
    assert "heat-legend" in {p.widget.key for p in placed}


def test_booths_and_experiences_appear_as_you_zoom_in(venue):
    size = (1280, 720)
    mode = organizer(venue, size)
    far = {lab.key for lab, _, _ in drawn_labels(mode, size)[1]}
    places = [*(b.at for b in venue.booths.values()), *(e.at for e in venue.experiences.values())]
    assert len(far) < len(venue.halls) + len(places)          # from afar they do not all fit
    for i, at in enumerate(places):                           # close up, each one is labelled
        mode.camera.eye[[0, 2]] = mode.camera.target[[0, 2]] = at
        mode.camera.ortho_height = 25.0
        keys = {lab.key for lab, _, _ in drawn_labels(mode, size)[1]}
        kind = "booth" if i < len(venue.booths) else "exp"
        index = i if kind == "booth" else i - len(venue.booths)
        assert f"{kind}-{index}" in keys, f"{kind} {index} unlabelled at close zoom"


def test_legend_only_with_the_heat_map(venue):
    mode = organizer(venue)
    assert "heat-legend" not in {w.key for w in mode.widgets((1280, 720))}
    mode.handlers()["toggle_heatmap"]()
    mode.handlers()["toggle_plan"]()           # orbit view: the heat map is still drawn, so is its legend
    assert mode.dynamic() and "heat-legend" in {w.key for w in mode.widgets((1280, 720))}
    mode.handlers()["toggle_heatmap"]()
    assert not mode.dynamic() and "heat-legend" not in {w.key for w in mode.widgets((1280, 720))}


def test_heat_map_grows_with_distance(scene_file):
    from engine.app.heatmap import walking_times
    from engine.venue import open_scene
    mode = organizer(open_scene(scene_file))
    seconds = walking_times(mode.navmesh, np.array([0.0, 5.0]))
    near = seconds[mode.navmesh.locate((0.0, 5.0))]
    far = seconds[mode.navmesh.locate((0.0, -25.0))]   # inside the hall, through its door
    assert near < 5 and far > near + 10
    mode.handlers()["toggle_heatmap"]()
    assert mode.heat is not None and mode.dynamic()


def _touch_later(path, text):
    path.write_text(text, encoding="utf-8")
    st = path.stat()
    os.utime(path, (st.st_atime + 5, st.st_mtime + 5))   # a save is a new mtime, even within a second


def test_bad_edit_keeps_the_last_good_scene_then_a_fix_reloads(scene_file):
    from engine.venue import open_scene
    mode = organizer(open_scene(scene_file))
    good = mode.services.venue
    _touch_later(scene_file, MINI.replace("capacity = 100", "capacity = -5"))
    mode.update(1.1, frozenset())
    assert mode.services.venue is good and mode.banner is not None
    assert "banner" in {w.key for w in mode.widgets((1280, 720))}
    _touch_later(scene_file, MINI + "\n[venue\n")        # broken TOML
    mode.update(1.1, frozenset())
    assert mode.services.venue is good and mode.banner is not None
    _touch_later(scene_file, MINI.replace("capacity = 100", "capacity = 120"))
    mode.update(1.1, frozenset())
    assert mode.services.venue is not good and mode.banner is None
    assert mode.services.venue.halls["hall-a"].capacity == 120


def test_plan_and_orbit_toggle_and_the_orbit_stays_above_ground(scene_file):
    from engine.venue import open_scene
    mode = organizer(open_scene(scene_file))
    mode.handlers()["toggle_plan"]()
    assert not mode.camera.orthographic and mode.orbit is not None
    mode.drag(1, 0, -5000)                            # drag far up: the camera would go under the floor
    assert mode.camera.eye[1] > 0.25
    mode.handlers()["toggle_plan"]()
    assert mode.camera.orthographic


def test_the_heat_map_shows_in_the_orbit_view_too(venue, renderer):
    """It lies just over the paving: in perspective it must still win the depth test."""
    from engine.gfx.objects import Framebuffer
    mode = organizer(venue, (320, 180))
    mode.handlers()["toggle_heatmap"]()
    mode.handlers()["toggle_plan"]()
    assert not mode.camera.orthographic
    fb = Framebuffer(320, 180)
    try:
        renderer.render(venue.scene, mode.camera, fb)
        plain = fb.read_rgba().astype(int)
        renderer.render(venue.scene, mode.camera, fb, dynamic=mode.dynamic())
        heat = fb.read_rgba().astype(int)
    finally:
        fb.release()
    changed = (np.abs(heat - plain)[..., :3].sum(axis=-1) > 40).mean()
    assert changed > 0.1          # a good part of the picture is coloured by walking time
