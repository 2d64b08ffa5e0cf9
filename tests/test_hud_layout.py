"""The HUD owns its space: whatever is open, at any window size, no two drawn rectangles overlap."""
import itertools

import numpy as np
import pytest

from engine.ui.layout import Label, Rect, Region, Widget, layout, place_labels

SIZES = [(800, 600), (1024, 768), (1280, 720), (1920, 1080), (3840, 2160)]


def overlaps(rects):
    return [(a, b) for i, a in enumerate(rects) for b in rects[i + 1:] if a.intersects(b)]


def drawn(viewer):
    """Every top-level rectangle the viewer draws this frame: widgets, then labels."""
    layers = viewer.overlays()
    keys = {p.widget.key for p in viewer.placed}
    rects = [p.rect for p in viewer.placed]
    # Labels come after the widgets; a widget's children (the map's arrow) sit inside it.
    children = {k for p in viewer.placed for k, *_ in p.widget.children}
    for layer in layers:
        if layer.key not in keys and layer.key not in children:
            rects.append(Rect(layer.x, layer.y, layer.width or layer.image.shape[1],
                              layer.height or layer.image.shape[0]))
    return rects


def test_layout_stacks_scales_and_drops_rather_than_overlaps():
    img = np.zeros((40, 300, 4), np.uint8)
    widgets = [Widget(f"t{i}", img, Region.BOTTOM_CENTRE, 10 - i) for i in range(8)]
    placed = layout(widgets, (640, 480))
    assert not overlaps([p.rect for p in placed])
    assert placed[0].rect.bottom == pytest.approx(480 - 12)   # the first sits on the bottom edge
    assert 3 <= len(placed) < 8                                # the rest stack up until there is no room
    assert all(p.scale == 1.0 for p in placed[:-1])            # stacked, not shrunk (the last may)
    assert min(p.rect.y for p in placed) >= 480 * 0.45         # messages keep to the bottom of the screen
    big = Widget("big", np.zeros((2000, 3000, 4), np.uint8), Region.CENTRE, 99, min_scale=0.05)
    (p,) = layout([big], (800, 600))
    assert p.rect.w <= 776 and p.rect.h <= 576 and p.scale < 0.3


def test_labels_avoid_widgets_and_each_other():
    img = np.zeros((20, 80, 4), np.uint8)
    taken = [Rect(0, 0, 200, 200)]
    labels = [Label(f"l{i}", img, (195.0 + i, 150.0), 1) for i in range(5)]
    placed = place_labels(labels, (640, 480), taken)
    assert len(placed) >= 2 and not overlaps(taken)          # placed labels join `taken`
    assert all(not r.intersects(Rect(0, 0, 200, 200)) for _, _, r in placed)
    required = Label("must", img, (100.0, 100.0), 5, required=True)
    (lab, _, rect), = place_labels([required], (640, 480), [Rect(0, 0, 640, 480)])
    assert lab is required and rect.x == 60 and rect.y == 90   # nowhere free: drawn on its point


@pytest.fixture(scope="module")
def explore_viewer(_egl_context, tmp_path_factory):
    import copy

    from engine.app.explore import ExploreMode, ExploreOptions
    from engine.app.viewer import Viewer
    from engine.platform.window import Window
    from engine.venue import open_scene
    venue = copy.deepcopy(open_scene(None))
    viewer = Viewer(venue, Window((320, 240), "hud"), screenshot_dir=tmp_path_factory.mktemp("shots"),
                    mode_factory=lambda v: ExploreMode(v, ExploreOptions(crowd=0, goto="subforum-04")))
    viewer.run(max_frames=3)          # the minimap is drawn once the first frame is up
    yield viewer
    viewer.close()


PANELS = ("none", "go_to", "agenda", "open_plan")


@pytest.mark.parametrize("size", SIZES)
def test_no_two_panels_overlap_whatever_is_open(explore_viewer, size):
    viewer, mode = explore_viewer, explore_viewer.mode
    viewer.resize(size)
    for panel, help_on, stats_on, toasts, in_hall in itertools.product(PANELS, (False, True), (False, True),
                                                                       (0, 4), (False, True)):
        mode.hud.close_all()
        if panel != "none":
            viewer.do(panel)
        viewer.help.visible, viewer.stats.visible = help_on, stats_on
        viewer.toasts.items.clear()
        for i in range(toasts):
            viewer.toasts.show(f"Walking to Sub-forum {i}: 120 m, about 1.5 min")
        mode.go_to("subforum-04" if in_hall else "main-forum-entrance", instant=True)
        mode.update(1 / 60, frozenset())
        rects = drawn(viewer)
        assert not overlaps(rects), (size, panel, help_on, stats_on, toasts, in_hall)
        keys = {p.widget.key for p in viewer.placed}
        if panel == "none" and not help_on:
            assert "minimap" in keys and "clock" in keys
            assert ("hall-card" in keys) == in_hall
        if help_on:
            assert "help" in keys
        elif panel != "none":
            assert {"go_to": "Go to", "agenda": "Agenda", "open_plan": "plan"}[panel] in keys
    mode.hud.close_all()
    viewer.help.visible = viewer.stats.visible = False


@pytest.mark.parametrize("size", SIZES)
def test_kiosk_and_organizer_screens_do_not_overlap(own_venue, _egl_context, tmp_path, size):
    from engine.app.kiosk import KioskMode
    from engine.app.kiosk_config import KioskConfig
    from engine.app.organizer import OrganizerMode
    from engine.app.viewer import Viewer
    from engine.platform.window import Window
    for factory in (lambda v: KioskMode(v, KioskConfig(crowd=0)), OrganizerMode):
        viewer = Viewer(own_venue, Window((160, 90), "hud"), screenshot_dir=tmp_path, mode_factory=factory)
        try:
            viewer.resize(size)
            viewer.toasts.show("A message at the bottom")
            if viewer.mode.name == "organizer":
                viewer.do("toggle_heatmap")
            assert not overlaps(drawn(viewer)), (viewer.mode.name, size)
            keys = {p.widget.key for p in viewer.placed}
            assert "prompt" in keys if viewer.mode.name == "kiosk" else "heat-legend" in keys
        finally:
            viewer.close()
