"""The Shanghai circuit as the landmark it is: the main grandstand's tiers facing the straight, the wing roof
bridges over the track at both ends of it, team pavilions standing in the lake, run-off and gravel at the
corners, barriers outside the track, a tree line round the site; built the same way every time."""
from __future__ import annotations

import json

import numpy as np
import pytest
from shapely.geometry import LineString, Point, Polygon

from engine import PROJECT_ROOT
from engine.venue import geo, grandstand, lake, runoff
from engine.venue.circuit import circuit_builders, keep_clear, pit_lane_centre, start_straight
from engine.venue.track_geometry import dense, offset_line
from engine.venue.treeline import tree_line

DATA = PROJECT_ROOT / "assets" / "data" / "shanghai-circuit.json"   # the project's own circuit data


@pytest.fixture(scope="module")
def circuit():
    """(centre line (n, 2), half-widths (n, 2), start/finish s, turn distances) in the circuit's frame."""
    doc = json.loads(DATA.read_text(encoding="utf-8"))
    pts = np.asarray(doc["centre_line"], dtype=np.float64)
    local = geo.lonlat_to_xz(pts[:, :2], doc["reference"]["lat"], doc["reference"]["lon"])
    return local, pts[:, 2:4], float(doc["start_finish_s"]), [float(s) for s in doc["turns_s"]]


@pytest.fixture(scope="module")
def built(circuit):
    return {name: b.arrays() for name, b in circuit_builders(*circuit).items()}


@pytest.fixture(scope="module")
def side(circuit):
    centre, half, start_s, turns = circuit
    pts, hw, s = dense(centre, half)
    left, right = offset_line(pts, -hw[:, 1]), offset_line(pts, hw[:, 0])
    st = start_straight(centre, start_s)
    return runoff.lay_out(centre, pts, hw, s, left, right, turns, keep_clear(st, pit_lane_centre(centre, start_s)))


def test_grandstand_has_rising_tiers_facing_the_track(circuit, built, side):
    centre, _, start_s, _ = circuit
    rows = grandstand.rows()
    assert len(rows) >= 30
    assert 25_000 <= grandstand.seat_count() <= 35_000          # the real stand: about 29,000-30,000
    for front, back in zip(rows, rows[1:]):
        assert back.across < front.across and back.height > front.height   # further back, higher up
    # In the mesh: the seat backs are vertical faces turned towards the track, one height per row.
    st = start_straight(centre, start_s)
    pos, _, nrm, _, _ = built["grandstand"]
    towards = nrm[:, [0, 2]] @ st.right
    faces_track = (towards > 0.99) & (np.abs(nrm[:, 1]) < 1e-3)
    rel = pos[:, [0, 2]] - st.pos
    across = rel @ st.right
    in_stand = faces_track & (across < -grandstand.FRONT_M + 0.5) & (np.abs(rel @ st.tan) < grandstand.HALF_LENGTH_M)
    assert len(np.unique(np.round(pos[in_stand, 1], 2))) >= 2 * len(rows)   # risers and seat backs
    # The stand is across the track from the pits and the lake, its front clear of the track.
    stand = Polygon(grandstand.footprint(st))
    assert stand.distance(side.track) > 5.0
    water = Polygon(lake.lake_outline(st))

    def across(poly: Polygon) -> float:
        return float((np.array(poly.centroid.coords[0]) - st.pos) @ st.right)
    assert across(stand) < 0 < across(water)


def test_roof_bridges_span_the_track_at_both_ends_of_the_straight(circuit, built):
    centre, _, start_s, _ = circuit
    st = start_straight(centre, start_s)
    lap = LineString(geo.closed(centre))
    ends = grandstand.bridge_centres()
    assert min(ends) < -grandstand.HALF_LENGTH_M and max(ends) > grandstand.HALF_LENGTH_M
    pos = built["grandstand"][0]
    for along in ends:
        deck = Polygon(grandstand.bridge_footprint(st, along))
        assert deck.intersects(lap)
        crossing = deck.intersection(lap)
        assert crossing.length > 2 * grandstand.BRIDGE_HALF_WIDTH_M - 1      # the track runs right through
        for across in (-15.0, 15.0, 40.0):                                  # both sides, and over the pits
            assert deck.contains(Point(st.at(along, across)))
        # Over the track there is a deck and a roof above it, not just an outline.
        inside = np.array([deck.contains(Point(p)) for p in pos[:, [0, 2]]])
        assert pos[inside, 1].max() >= grandstand.WING_RISE[0] and pos[inside, 1].min() <= grandstand.BRIDGE_DECK[0]


def test_pavilions_stand_inside_the_lake(circuit, built):
    centre, _, start_s, _ = circuit
    st = start_straight(centre, start_s)
    water = Polygon(lake.lake_outline(st))
    pavilions = lake.pavilion_footprints(st)
    assert len(pavilions) >= 8
    for p in pavilions:
        assert water.contains(Polygon(p))
    surface = built["water"][0]
    assert np.allclose(surface[:, 1], surface[0, 1])          # a flat water surface
    assert all(water.buffer(0.01).contains(Point(p)) for p in surface[:, [0, 2]])
    # The lake lies behind the pit building, on the inside of the straight.
    assert Polygon(lake.lake_outline(st)).distance(Point(st.pos)) > lake.PIT_ACROSS_M


def test_barriers_lie_outside_the_track_edge(circuit, side):
    centre = circuit[0]
    assert side.barriers
    total = 0.0
    for line, _tyre in side.barriers:
        run = LineString(line)
        total += run.length
        assert not run.intersects(side.track)
        assert side.track.distance(run) >= runoff.BARRIER_FROM_EDGE_M - 1.0
    assert total > 1.6 * geo.polyline_length(centre)         # both sides of most of the lap
    assert any(tyre for _, tyre in side.barriers) and any(not tyre for _, tyre in side.barriers)


def test_gravel_traps_at_the_main_corners(circuit, side):
    centre, _, _, turns = circuit
    assert {6, 14} <= set(side.gravel_turns)                   # the two hairpins
    assert side.gravel.area > 5_000 and side.tarmac.area > side.gravel.area / 4
    assert side.gravel.intersection(side.track).area < 1.0
    for number in side.gravel_turns:
        apex, _ = geo.point_at(centre, turns[number - 1])
        assert side.gravel.distance(Point(apex)) < 40.0
        # on the outside of the turn: the marker side, away from where the track curls
        angle = runoff.turn_angle(centre, turns[number - 1])
        assert abs(angle) >= runoff.GRAVEL_TURN_DEG


def test_build_is_deterministic(circuit, built):
    again = {name: b.arrays() for name, b in circuit_builders(*circuit).items()}
    assert sorted(again) == sorted(built)
    for name, arrays in built.items():
        for a, b in zip(arrays, again[name]):
            assert a.dtype == b.dtype and np.array_equal(a, b), name


def test_spread_parts_are_tiled_for_culling(built):
    tiles = [n for n in built if n.startswith("track.")]
    assert len(tiles) >= 2
    radii = []
    for n in tiles:
        p = built[n][0][:, [0, 2]]
        radii.append(float(np.linalg.norm(p.max(0) - p.min(0))) / 2)
    assert max(radii) < 600.0


def test_tree_line_surrounds_the_site_clear_of_what_must_stay_open(circuit):
    centre = circuit[0]
    keep_open = Point(0.0, 300.0).buffer(250.0)              # say, a plaza south of the circuit
    trees = tree_line(centre, keep_open)
    assert len(trees) >= 200
    lap = LineString(geo.closed(centre))
    hull = lap.convex_hull
    for x, z, yaw, scale in trees:
        p = Point(x, z)
        assert not keep_open.contains(p)
        assert 30.0 < hull.distance(p) < 60.0 and lap.distance(p) > 30.0
        assert 0.0 <= yaw < 360.0 and 0.8 < scale < 1.5
    assert np.array_equal(trees, tree_line(centre, keep_open))


def test_venue_plants_the_tree_line_off_the_track_and_stand(venue):
    circuit = venue.circuit
    st = start_straight(circuit.centre, circuit.start_s)
    lap = LineString(geo.closed(circuit.centre))
    stand = Polygon(grandstand.footprint(st))
    trees = venue.scene.find("trees")
    assert trees is not None
    spots = [Point(m.matrix[0, 3], m.matrix[2, 3]) for m in trees.children]
    ring = [p for p in spots if 20.0 < lap.convex_hull.distance(p) < 80.0]
    assert len(ring) >= 150
    assert all(lap.distance(p) > 30.0 and stand.distance(p) > 30.0 for p in ring)
