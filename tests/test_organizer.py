"""Organizer mode: plan labels, the walking-time heat map, and hot reload that survives bad edits."""
from __future__ import annotations

import os

import numpy as np
import pytest
from test_explore import FakeViewer
from test_venue_errors import MINI


@pytest.fixture
def scene_file(tmp_path):
    path = tmp_path / "scene.toml"
    path.write_text(MINI, encoding="utf-8")
    return path


def organizer(path):
    from engine.app.organizer import OrganizerMode
    from engine.venue import open_scene
    return OrganizerMode(FakeViewer(open_scene(path)))


def test_labels_cover_every_hall_with_seats():
    from engine.app.organizer import OrganizerMode
    from engine.venue import open_scene
    mode = OrganizerMode(FakeViewer(open_scene(None)))
    halls = [img for _, img, detail in mode.labels if not detail]
    assert len(halls) == len(mode.viewer.venue.halls)
    assert len(mode.labels) > len(halls) + 30        # booths and experiences too
    assert mode.camera.orthographic and mode._label_layers((1280, 720))


def test_heat_map_grows_with_distance(scene_file):
    from engine.app.heatmap import walking_times
    mode = organizer(scene_file)
    seconds = walking_times(mode.navmesh, np.array([0.0, 5.0]))
    near = seconds[mode.navmesh.locate((0.0, 5.0))]
    far = seconds[mode.navmesh.locate((0.0, -25.0))]   # inside the hall, through its door
    assert near < 5 and far > near + 10
    mode.action("toggle_heatmap")
    assert mode.heat is not None and mode.dynamic()


def _touch_later(path, text):
    path.write_text(text, encoding="utf-8")
    st = path.stat()
    os.utime(path, (st.st_atime + 5, st.st_mtime + 5))   # a save is a new mtime, even within a second


def test_bad_edit_keeps_the_last_good_scene_then_a_fix_reloads(scene_file):
    mode = organizer(scene_file)
    good = mode.viewer.venue
    _touch_later(scene_file, MINI.replace("capacity = 100", "capacity = -5"))
    mode.update(1.1, set())
    assert mode.viewer.venue is good and mode.banner is not None
    _touch_later(scene_file, MINI + "\n[venue\n")        # broken TOML
    mode.update(1.1, set())
    assert mode.viewer.venue is good and mode.banner is not None
    _touch_later(scene_file, MINI.replace("capacity = 100", "capacity = 120"))
    mode.update(1.1, set())
    assert mode.viewer.venue is not good and mode.banner is None
    assert mode.viewer.venue.halls["hall-a"].capacity == 120


def test_plan_and_orbit_toggle(scene_file):
    mode = organizer(scene_file)
    mode.action("toggle_plan")
    assert not mode.camera.orthographic and mode.orbit is not None
    mode.action("toggle_plan")
    assert mode.camera.orthographic
