"""The default venue scene and the scene-file loader (pure: no GL)."""
from __future__ import annotations

import json

import numpy as np
import pytest
from helpers import data_file
from shapely.geometry import LineString, Point, Polygon

from engine import PROJECT_ROOT
from engine.cli import main
from engine.venue.scenefile import read_scene

SCENE = PROJECT_ROOT / "scenes" / "anting.toml"
# The nine sub-forums ("one main forum, nine sub-forums") and themes the press reports name.
SUBFORUMS = {
    "subforum-01": "digital humans", "subforum-02": "automobiles", "subforum-03": "games",
    "subforum-04": "medical treatment", "subforum-05": "culture and tourism", "subforum-06": "education",
    "subforum-07": "foundation models", "subforum-08": "computing power", "subforum-09": "digital twins",
}


def test_default_scene_content(venue):
    halls = venue.halls
    assert set(SUBFORUMS) | {"main-forum", "exhibition-hall"} == set(halls)
    assert [h.id for h in read_scene(SCENE).halls] == list(halls)   # every hall of the file, in its order
    for hid, theme in SUBFORUMS.items():
        assert halls[hid].theme == theme
        assert 0 < halls[hid].capacity <= halls[hid].seats
    # One main forum: it seats more than any two sub-forums together.
    two_largest = sorted(halls[hid].seats for hid in SUBFORUMS)[-2:]
    assert halls["main-forum"].capacity <= halls["main-forum"].seats
    assert halls["main-forum"].seats > sum(two_largest)
    assert len(venue.booths) >= 30 and len(venue.experiences) >= 50     # "30+ exhibitors, 50+ experiences"
    assert all(e.name and e.description for e in venue.experiences.values())
    assert venue.plaza.id == "plaza" and venue.illustrative
    assert venue.problems == []
    for wid in ("main-forum-stage", "grandstand-view", "plaza-overview", "venue-overview", "booth-01", "spawn"):
        assert wid in venue.waypoints
    assert venue.origin.lat == pytest.approx(31.33, abs=0.02) and venue.origin.lon == pytest.approx(121.22, abs=0.02)


def test_draw_budget(venue):
    batches = venue.scene.batches()
    assert len(batches) <= 50
    assert venue.scene.triangle_count() < 400_000
    seats = [b for b in batches if b.mesh.name == "seat"]
    assert len(seats) == 1 and len(seats[0].transforms) == sum(h.seats for h in venue.halls.values())


def test_every_seat_stands_in_its_hall(venue):
    (seats,) = [b for b in venue.scene.batches() if b.mesh.name == "seat"]
    at = [Point(x, z) for x, z in seats.transforms[:, [0, 2], 3]]
    for hall in venue.halls.values():
        inside = Polygon(hall.footprint())
        assert sum(inside.contains(p) for p in at) == hall.seats, hall.id


def test_every_hall_has_a_door_reachable_from_the_plaza(venue):
    walk = venue.walkable
    plaza_pt = Point(venue.spawn.position[0], venue.spawn.position[2])
    home = next(g for g in getattr(walk, "geoms", [walk]) if g.buffer(0.01).contains(plaza_pt))
    for hall in venue.halls.values():
        outline = Polygon(hall.footprint()).exterior
        ok = False
        for d in hall.doors:
            assert outline.distance(Point(d.center)) < 1e-6, f"{hall.id}: door off its wall"
            assert not Polygon(hall.footprint()).contains(Point(d.outside_point(1.0)))
            ok |= home.buffer(0.05).contains(Point(d.outside_point(1.0)))
            # the opening itself is free of wall obstacles
            assert all(not o.intersects(LineString([d.inside_point(0.5), d.outside_point(0.5)]))
                       for o in venue.obstacles if o.area < 100)
        assert ok, f"{hall.id} cannot be reached from the plaza"


def test_signage_on_each_hall(venue):
    signs = next(b.mesh for b in venue.scene.batches() if b.mesh.name == "signs")
    atlas = signs.material.texture
    assert atlas.dtype == np.uint8 and atlas.ndim == 3
    for hall in venue.halls.values():
        assert hall.signage
        for d in hall.doors:   # some sign vertex sits just outside the wall above each door
            near = np.linalg.norm(signs.positions[:, [0, 2]] - np.array(d.center), axis=1) < 5
            above = signs.positions[:, 1] > d.height
            assert (near & above).any(), f"no sign above {hall.id}'s {d.wall} door"


def test_circuit_length_and_direction(venue):
    # The real circuit: 5,451 m, clockwise, 16 turns of which 9 to the right.
    c = venue.circuit
    assert c.length_m == pytest.approx(5451, rel=0.005)
    assert c.clockwise
    assert [t.number for t in c.turns] == list(range(1, 17))
    assert sum(t.direction == "right" for t in c.turns) == 9
    # the venue is beside the circuit, not on it
    track = LineString(np.vstack([c.centre, c.centre[:1]])).buffer(10)
    for hall in venue.halls.values():
        assert not track.intersects(Polygon(hall.footprint()))


def test_circuit_data_matches_reference():
    from engine.venue.circuit import circuit_json, import_circuit
    text = circuit_json(import_circuit(data_file("cn-2004.geojson"), data_file("shanghai_centerline.csv")))
    assert text == (PROJECT_ROOT / "assets" / "data" / "shanghai-circuit.json").read_text(encoding="utf-8")


def test_inspect_json_matches_file(venue, capsys):
    assert main(["inspect", str(SCENE), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    spec = read_scene(SCENE)
    assert [h["id"] for h in info["halls"]] == [h.id for h in spec.halls]
    for h, s in zip(info["halls"], spec.halls):
        assert h["name"] == s.name and h["theme"] == s.theme and h["kind"] == s.kind
        assert h["capacity"] == s.capacity and h["seats"] == s.seats
        assert len(h["doors"]) == len(s.doors) and len(h["footprint"]) == 4
    assert [b["id"] for b in info["booths"]] == [b.id for b in spec.booths]
    assert [e["id"] for e in info["experiences"]] == [e.id for e in spec.experiences]
    assert info["spawn"]["position"] == list(spec.spawn.at)
    assert info["circuit"]["length_m"] == pytest.approx(venue.circuit.length_m, abs=0.5)
    assert len(info["circuit"]["turns"]) == len(venue.circuit.turns)
    assert len(info["circuit"]["centre_line"]) == len(venue.circuit.centre)
    assert info["triangles"]["total"] > 0


def test_validate_clean(capsys):
    assert main(["validate"]) == 0
    assert "ok" in capsys.readouterr().out


def test_committed_assets_match_a_rebuild(tmp_path):
    from PIL import Image

    from engine.venue import assets
    assets.build_all(tmp_path)
    for name in ("props.npz", "circuit.npz"):
        with np.load(tmp_path / name) as new, np.load(assets.ASSET_DIR / name) as old:
            assert sorted(new.files) == sorted(old.files)
            for k in new.files:
                assert np.array_equal(new[k], old[k]), f"{name}:{k} differs: run build-assets"
    rebuilt, committed = (json.loads((d / "signs.json").read_text()) for d in (tmp_path, assets.ASSET_DIR))
    assert rebuilt == committed
    a = np.asarray(Image.open(tmp_path / "signs.png"), dtype=np.int16)
    b = np.asarray(Image.open(assets.ASSET_DIR / "signs.png"), dtype=np.int16)
    assert a.shape == b.shape and np.abs(a - b).mean() < 1.0   # font rasterisers may differ by a shade


def test_default_scene_uses_cached_assets(venue):
    assert venue.atlas_from_cache


def test_own_venue_is_a_private_copy(venue, own_venue):
    """The `own_venue` fixture: a deep copy that draws the same, with its instancing kept, and that a
    test may change without touching the session's venue."""
    from engine.scene import Node
    assert own_venue.scene is not venue.scene and own_venue.halls.keys() == venue.halls.keys()
    before, after = venue.scene.batches(), own_venue.scene.batches()
    assert [(b.mesh.name, len(b.transforms)) for b in after] == [(b.mesh.name, len(b.transforms)) for b in before]
    assert venue.scene.triangle_count() == own_venue.scene.triangle_count()
    count = len(venue.scene.root.children)
    own_venue.scene.root.add(Node(name="door-screen"))
    own_venue.scene.changed()
    own_venue.halls.pop("main-forum")
    assert len(venue.scene.root.children) == count and "main-forum" in venue.halls
