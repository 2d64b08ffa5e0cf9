"""Nav mesh and paths on small synthetic layouts (no venue needed)."""
from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import LineString, Point, box
from shapely.ops import unary_union

from engine.world.bench import hall_walls
from engine.world.navmesh import NavMesh
from engine.world.paths import WALK_SPEED, Unreachable, find_path

R = 0.3


def segments_clear(points: np.ndarray, obstacles: list) -> bool:
    """Whether no segment of the path (k, 2) crosses any obstacle's interior."""
    line = LineString(points)
    return all(not line.intersects(o.buffer(-1e-6)) for o in obstacles)


@pytest.fixture
def block_room() -> tuple[NavMesh, list]:
    """A 20 m x 10 m room with a 4 m block reaching from the south wall to 2 m short of the north."""
    obstacles = [box(8, 2, 12, 10.5)]
    return NavMesh.build([box(0, 0, 20, 10)], obstacles, R), obstacles


def test_build_shrinks_by_radius(block_room):
    mesh, _ = block_room
    assert len(mesh) > 0
    assert mesh.triangles.shape[1] == 3 and mesh.vertices.shape[1] == 2
    assert np.all(mesh.areas > 0)  # counter-clockwise
    assert mesh.is_walkable((5, 5))
    assert not mesh.is_walkable((0.1, 5))  # within the radius of the west wall
    assert not mesh.is_walkable((10, 5))  # inside the block
    assert not mesh.is_walkable((7.8, 5))  # within the radius of the block
    assert mesh.bounds == pytest.approx((R, R, 20 - R, 10 - R))


def test_path_around_block_hugs_corners_and_clears_obstacles(block_room):
    mesh, obstacles = block_room
    path = find_path(mesh, (2, 8), (18, 8))
    corners = np.array([[8 - R, 2 - R], [12 + R, 2 - R]])
    assert len(path.points) == 4
    np.testing.assert_allclose(path.points[1:3], corners, atol=1e-3)
    expected = 2 * np.hypot(5.7, 6.3) + 4.6
    assert path.length_m == pytest.approx(expected, rel=1e-6)
    assert segments_clear(path.points, obstacles)
    # Shorter than a detour by the room's far side, and walking time at 1.3 m/s.
    detour = LineString([(2, 8), (2, 1), (18, 1), (18, 8)]).length
    assert path.length_m < detour
    assert path.walking_time_s == pytest.approx(path.length_m / WALK_SPEED)


def test_straight_line_where_nothing_is_in_the_way(block_room):
    mesh, _ = block_room
    path = find_path(mesh, (2, 1), (18, 1.5))
    assert len(path.points) == 2
    assert path.length_m == pytest.approx(np.hypot(16, 0.5), rel=1e-9)
    assert not path.goal_snapped


def test_same_triangle_and_same_point(block_room):
    mesh, _ = block_room
    path = find_path(mesh, (3, 5), (3, 5))
    assert path.length_m == pytest.approx(0.0)


def test_goal_inside_obstacle_snaps_to_nearest_walkable(block_room):
    mesh, obstacles = block_room
    target = (9.0, 6.0)  # inside the block, 1 m from its west side
    near = mesh.nearest_point(target)
    assert mesh.is_walkable(near)
    np.testing.assert_allclose(near, (8 - R, 6.0), atol=1e-4)
    path = find_path(mesh, (2, 6), target)
    assert path.goal_snapped
    np.testing.assert_allclose(path.goal, near, atol=1e-6)
    assert segments_clear(path.points, obstacles)


def test_nearest_point_outside_the_mesh_and_on_it(block_room):
    mesh, _ = block_room
    np.testing.assert_allclose(mesh.nearest_point((-5, 5)), (R, 5), atol=1e-4)
    np.testing.assert_allclose(mesh.nearest_point((4, 4)), (4, 4))


@pytest.fixture
def two_rooms() -> NavMesh:
    return NavMesh.build([box(0, 0, 10, 10), box(10.2, 0, 20, 10)], [], R)


def test_unreachable_between_disconnected_rooms(two_rooms):
    mesh = two_rooms
    assert len(mesh.components()) == 2
    assert mesh.component_of((5, 5)) != mesh.component_of((15, 5))
    assert not mesh.connected((5, 5), (15, 5))
    with pytest.raises(Unreachable, match="does not connect"):
        find_path(mesh, (5, 5), (15, 5))


def test_nearest_point_restricted_to_a_component(two_rooms):
    mesh = two_rooms
    spawn_comp = mesh.component_of((5, 5))
    p = mesh.nearest_point((15, 5), component=spawn_comp)
    assert mesh.component_of(p) == spawn_comp
    assert p[0] == pytest.approx(10 - R, abs=1e-4)


def test_path_into_a_hall_goes_through_its_door():
    walls = hall_walls(10, 10, 30, 25, [("s", 10.0)], thickness=0.3, door_width=2.0)
    mesh = NavMesh.build([box(0, 0, 40, 35)], [walls], R)
    path = find_path(mesh, (20, 5), (20, 20))  # from north of the hall to its middle
    assert segments_clear(path.points, [walls])
    door = box(19, 24, 21, 26)  # the gap in the south wall, centred at x = 20
    assert LineString(path.points).intersects(door)
    assert path.length_m > 15 + 2 * 5  # around the hall, not through its north wall


def test_locate_many_matches_locate(block_room):
    mesh, _ = block_room
    rng = np.random.default_rng(0)
    pts = rng.uniform((-1, -1), (21, 11), size=(400, 2))
    many = mesh.locate_many(pts)
    single = np.array([mesh.locate(p) for p in pts])
    np.testing.assert_array_equal(many >= 0, single >= 0)
    inside = np.array([mesh.is_walkable(p) for p in pts])
    np.testing.assert_array_equal(many >= 0, inside)


def test_lists_of_arrays_and_polygons_build_the_same(block_room):
    mesh, _ = block_room
    other = NavMesh.build([np.array([[0, 0], [20, 0], [20, 10], [0, 10]])],
                          [np.array([[8, 2], [12, 2], [12, 10.5], [8, 10.5]])], R)
    assert other.content_hash() == mesh.content_hash()


def test_round_trip_through_dict_and_npz(block_room, tmp_path):
    mesh, _ = block_room
    again = NavMesh.from_dict(mesh.to_dict())
    assert again.content_hash() == mesh.content_hash()
    np.testing.assert_array_equal(again.neighbors, mesh.neighbors)
    file = tmp_path / "nav.npz"
    mesh.save(file)
    loaded = NavMesh.load(file)
    assert loaded.source_hash == mesh.source_hash
    assert find_path(loaded, (2, 8), (18, 8)).length_m == pytest.approx(find_path(mesh, (2, 8), (18, 8)).length_m)
    bad = mesh.to_dict()
    bad["content_hash"] = "0" * 64
    with pytest.raises(ValueError, match="hash"):
        NavMesh.from_dict(bad)


def test_source_hash_changes_with_input():
    a = NavMesh.build([box(0, 0, 10, 10)], [box(4, 4, 5, 5)], R)
    b = NavMesh.build([box(0, 0, 10, 10)], [box(4, 4, 5, 5.5)], R)
    c = NavMesh.build([box(0, 0, 10, 10)], [box(4, 4, 5, 5)], 0.4)
    assert len({a.source_hash, b.source_hash, c.source_hash}) == 3


def test_empty_mesh_gives_clear_answers():
    mesh = NavMesh.build([box(0, 0, 0.4, 0.4)], [], R)  # narrower than the avatar
    assert len(mesh) == 0
    assert not mesh.is_walkable((0.2, 0.2))
    with pytest.raises(Unreachable):
        find_path(mesh, (0, 0), (1, 1))


def test_paths_on_a_crowded_layout_never_cross_obstacles():
    rng = np.random.default_rng(4)
    obstacles = [Point(x, z).buffer(0.5, quad_segs=3) for x, z in rng.uniform(2, 38, size=(60, 2))]
    obstacles += [box(5, 15, 35, 16)]
    mesh = NavMesh.build([box(0, 0, 40, 40)], obstacles, R)
    grown = [o.buffer(R - 1e-3) for o in obstacles]
    for _ in range(30):
        a, b = rng.uniform(0, 40, size=(2, 2))
        try:
            path = find_path(mesh, a, b)
        except Unreachable:
            continue
        # The avatar's body (radius R) keeps clear along the whole path, not just its centre.
        assert segments_clear(path.points, grown)
        assert all(mesh.is_walkable(p) for p in path.points)


# ------------------------------------------------------------------------------- open areas and seams
@pytest.fixture(scope="module")
def open_field() -> NavMesh:
    """A 200 m x 100 m open rectangle with one small block near its north-east corner."""
    return NavMesh.build([box(0, 0, 200, 100)], [box(170, 85, 173, 88)], R)


@pytest.mark.parametrize("start, goal", [((5, 10), (195, 40)), ((5, 50), (195, 50)), ((5, 5), (195, 95)),
                                         ((10, 95), (190, 5)), ((100, 2), (120, 98))])
def test_route_across_an_open_field_is_straight(open_field, start, goal):
    path = find_path(open_field, start, goal)
    assert path.length_m == pytest.approx(np.hypot(goal[0] - start[0], goal[1] - start[1]), rel=0.01)


def test_open_field_is_cut_into_short_well_linked_triangles(open_field):
    tri = open_field.vertices[open_field.triangles]
    edges = np.linalg.norm(tri - np.roll(tri, -1, axis=1), axis=2)
    assert edges.max() <= 8.0 * np.sqrt(2) + 1e-6  # no sliver spans the field
    assert open_field.component.max() == 0  # the cells link up into one piece
    assert open_field.areas.sum() == pytest.approx((200 - 2 * R) * (100 - 2 * R) - (3 + 2 * R) ** 2, rel=1e-9)


@pytest.mark.parametrize("cell", [0.0, 3.0, 8.0])
def test_only_real_walls_are_unshared_edges(cell):
    """Blocks in a row share their top and bottom lines; triangulating must not leave an edge running past
    their corners (a seam that splits the floor with no wall there), with or without the grid cut."""
    obstacles = [box(x, 10, x + 2, 12) for x in range(4, 40, 4)] + [box(4, 20, 40, 20.5)]
    mesh = NavMesh.build([box(0, 0, 44, 30)], obstacles, R, cell=cell)
    free = box(0, 0, 44, 30).difference(unary_union(obstacles)).buffer(-R, join_style="mitre", mitre_limit=2.0)
    walls = np.linalg.norm(mesh.wall_end - mesh.wall_start, axis=1).sum()
    assert walls == pytest.approx(free.length, rel=1e-9)
    assert mesh.component.max() == 0
    path = find_path(mesh, (7, 9), (7, 13))  # straight through the gap between the first two blocks
    assert path.length_m < 5.5
