"""How the venue looks (pure: no GL): door screens and signs legible from afar in both languages, nothing
tall in front of a door, neutral hall floors, rooms lit from inside, glowing screens, tiling textures."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from shapely.geometry import Point

from engine.venue import textures
from engine.venue.clearance import door_clear_zone
from engine.venue.screen_text import SCREEN_PX, draw_door_screen
from engine.venue.signs import SignRequest, draw_atlas

LINES = [("NOW", "Surgical robots and the metaverse operating room"), ("", "until 11:30"),
         ("NEXT", "14:00 Virtual reality for pain and therapy"), ("NEXT", "Thu 21 Sep 09:00 Closing remarks")]
LINES_ZH = [("NOW", "手术机器人与元宇宙手术室"), ("NEXT", "14:00 虚拟现实用于疼痛与治疗"),
            ("NEXT", "9月21日 周四 09:00 闭幕致辞")]
HALL = ("分论坛四：医疗", "Sub-forum 4: Medical Treatment")


def _luminance(rgb: np.ndarray) -> np.ndarray:
    return (np.asarray(rgb[..., :3], float) / 255.0) @ np.array([0.2126, 0.7152, 0.0722])


def _spread(image: np.ndarray, size: tuple[int, int]) -> float:
    """Glyph against background when `image` is shown `size` pixels large (box-filtered, as a mipmap
    level is): the 99th luminance percentile (strokes) less the 10th (the ground)."""
    small = np.asarray(Image.fromarray(image[..., :3]).resize(size, Image.Resampling.BOX))
    lum = _luminance(small)
    return float(np.percentile(lum, 99) - np.percentile(lum, 10))


@pytest.mark.parametrize("lang, lines", [("en", LINES), ("zh", LINES_ZH)])
def test_door_screen_keeps_its_contrast_when_drawn_small(lang, lines):
    image = draw_door_screen(HALL, lines, lang)
    assert image.shape == (SCREEN_PX[1], SCREEN_PX[0], 4) and image.dtype == np.uint8
    full = _spread(image, SCREEN_PX)
    # 112 x 63 px: the 2.2 m screen seen from 15 m at 1280 x 720 (50 degree field of view).
    far = _spread(image, (112, 63))
    assert full > 0.8
    assert far > 0.5 and far > 0.6 * full


def test_door_screen_text_is_large_and_rows_limited():
    busy = draw_door_screen(HALL, [("NEXT", f"{h}:00 Talk") for h in range(9, 18)], "en")
    rows = _luminance(busy[: SCREEN_PX[1] * 9 // 10]).max(axis=1) > 0.5   # above the coloured stripe
    # Rows with text: the name in two languages and at most three entries, each a good share of the height.
    bands = np.count_nonzero(np.diff(rows.astype(int)) == 1) + int(rows[0])
    assert 3 <= bands <= 5
    assert np.count_nonzero(rows) > SCREEN_PX[1] * 0.25


def test_hall_signs_are_light_on_dark_with_the_hall_colour_as_a_band():
    for colour in ("#e67e22", "#f1c40f", "#0b4f9c"):
        image, rects = draw_atlas([SignRequest("hall:x", "hall", "Sub-forum 3: Games", color=colour,
                                               text_zh="分论坛三：游戏")])
        x0, y0, x1, y1 = rects["hall:x"]
        cell = image[y0:y1, x0:x1]
        text_part = _luminance(cell[: int((y1 - y0) * 0.88)])
        assert np.percentile(text_part, 10) < 0.1 and np.percentile(text_part, 99.5) > 0.8
        band = cell[-2:, (x1 - x0) // 2, :3].astype(int)
        want = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
        assert np.abs(band - want).max() <= 12


def _positions(venue, group: str) -> list[tuple[float, float]]:
    node = venue.scene.find(group)
    assert node is not None, group
    return [(float(c.matrix[0, 3]), float(c.matrix[2, 3])) for c in node.children]


def test_nothing_tall_stands_in_front_of_a_door(venue):
    zones = [(h.id, door_clear_zone(d)) for h in venue.halls.values() for d in h.doors]
    tall = {g: _positions(venue, g) for g in ("lamps", "trees", "kiosks")}
    assert tall["lamps"] and tall["trees"]
    for group, points in tall.items():
        for x, z in points:
            for hall_id, zone in zones:
                assert not zone.contains(Point(x, z)), f"a {group[:-1]} at ({x:.1f}, {z:.1f}) before {hall_id}"


def test_clear_zone_lies_in_front_of_the_door(venue):
    door = venue.halls["main-forum"].doors[1]
    zone = door_clear_zone(door)
    assert zone.contains(Point(*door.outside_point(4.0)))
    assert not zone.contains(Point(*door.inside_point(2.0)))
    assert zone.area >= (door.width + 4.0) * 6.0


def test_hall_floors_are_neutral_and_themes_stay_on_accents(venue):
    node = venue.scene.find("floors")
    mesh = node.meshes[0]
    for hall in venue.halls.values():
        if hall.kind.shows_exhibits:
            continue   # booths lay their own coloured carpets there
        inside = _in_footprint(hall, mesh.positions[:, [0, 2]])
        rgb = mesh.colors[inside, :3]
        assert len(rgb) > 0
        assert float((rgb.max(axis=1) - rgb.min(axis=1)).max()) < 0.03, hall.id


def _in_footprint(hall, xz: np.ndarray) -> np.ndarray:
    local = np.array([hall.world_to_local(p) for p in xz])
    return (np.abs(local[:, 0]) < hall.size[0] / 2 - 0.5) & (np.abs(local[:, 1]) < hall.size[1] / 2 - 0.5)


def test_every_hall_is_lit_from_inside(venue):
    interiors = venue.scene.lighting.interiors
    assert len(interiors) == len(venue.halls)
    for hall, room in zip(venue.halls.values(), interiors):
        cx, cz = hall.center
        assert room.box_min[0] < cx < room.box_max[0] and room.box_min[2] < cz < room.box_max[2]
        assert room.box_max[1] == pytest.approx(hall.height)
        if hall.stage_depth:
            assert room.stage is not None
            assert room.box_min[0] <= room.stage[0] <= room.box_max[0]
    lights = venue.scene.find("lights").meshes[0]
    assert lights.material.unlit and lights.triangle_count >= 2 * len(venue.halls)
    assert np.all(lights.normals[:, 1] < -0.99)   # facing down: the open roof stays clear from above


def test_screens_and_signs_glow(venue):
    for name in ("signs", "lights"):
        assert venue.scene.find(name).meshes[0].material.unlit, name
    for group in ("booth-screens", "kiosk-screens"):
        node = venue.scene.find(group)
        assert node is not None and node.children, group
        assert node.children[0].meshes[0].material.unlit


@pytest.mark.parametrize("make", [textures.carpet, textures.stone, textures.grass, textures.brushed_metal])
def test_textures_are_small_deterministic_and_tile(make):
    image = make()
    assert image.dtype == np.uint8 and image.shape[2] == 4 and image.shape[0] in (256, 512)
    make.cache_clear()
    assert np.array_equal(make(), image)
    lum = _luminance(image)
    # Across the seams (last row/column to the first) the step is no larger than between neighbours inside.
    inside = np.abs(np.diff(lum, axis=1)).mean()
    seam = np.abs(lum[:, -1] - lum[:, 0]).mean()
    assert seam < 2.5 * inside + 0.02
    inside_v = np.abs(np.diff(lum, axis=0)).mean()
    seam_v = np.abs(lum[-1] - lum[0]).mean()
    assert seam_v < 2.5 * inside_v + 0.02
