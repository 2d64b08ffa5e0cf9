"""Benchmarks for the world layer on a synthetic venue-sized layout: `python -m engine.world.bench`.

The layout mimics the Anting venue's scale: a 320 m x 220 m plaza, 12 walled halls with door gaps,
seat rows (1,200 of them, merged per hall into row blocks by the union), stages and 40 booths.
Figures are printed, never asserted: performance is measured, not tested.
"""
from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
from shapely.geometry import Polygon, box
from shapely.ops import unary_union

from engine.world.navmesh import NavMesh


def hall_walls(x0: float, z0: float, x1: float, z1: float, doors: list[tuple[str, float]],
               thickness: float = 0.3, door_width: float = 3.0) -> Polygon:
    """A hall's walls as one polygon: the outline ring with door gaps cut out.

    doors: (side, offset along the side from its start), side one of "n", "s", "w", "e".
    """
    ring = box(x0, z0, x1, z1).difference(box(x0 + thickness, z0 + thickness, x1 - thickness, z1 - thickness))
    gaps = []
    for side, off in doors:
        h = door_width / 2
        if side in "ns":
            z = z0 if side == "n" else z1
            gaps.append(box(x0 + off - h, z - 1, x0 + off + h, z + 1))
        else:
            x = x0 if side == "w" else x1
            gaps.append(box(x - 1, z0 + off - h, x + 1, z0 + off + h))
    return ring.difference(unary_union(gaps))


def synthetic_venue(seed: int = 0) -> dict:
    """{'walkable': [Polygon], 'obstacles': [Polygon], 'places': {id: (x, z)}, 'spawn': (x, z)}."""
    rng = np.random.default_rng(seed)
    obstacles: list[Polygon] = []
    places: dict[str, tuple[float, float]] = {}
    for k in range(12):
        col, row = k % 4, k // 4
        x0, z0 = 20 + col * 75, 20 + row * 65
        x1, z1 = x0 + 50, z0 + 40
        obstacles.append(hall_walls(x0, z0, x1, z1, [("s", 25.0), ("w", 20.0)] + ([("e", 20.0)] if k % 2 else [])))
        obstacles.append(box(x0 + 15, z0 + 2, x1 - 15, z0 + 6))  # stage
        for r in range(100):  # seat rows: two blocks with an aisle between, merged by the union
            z = z0 + 9 + (r // 2) * 0.6
            if z + 0.45 > z1 - 3:
                break
            xa, xb = (x0 + 4, x0 + 23) if r % 2 == 0 else (x0 + 27, x1 - 4)
            obstacles.append(box(xa, z, xb, z + 0.45))
        places[f"hall-{k + 1:02d}"] = (x0 + 25.0, z0 + 7.5)
    for b in range(40):
        x, z = 15 + (b % 20) * 15 + rng.uniform(-2, 2), 212 + (b // 20) * 6 + rng.uniform(-0.5, 0.5)
        obstacles.append(box(x, z, x + 3, z + 2))
        places[f"booth-{b + 1:02d}"] = (x + 1.5, z - 1.5)
    walkable = [box(0, 0, 320, 225)]
    return {"walkable": walkable, "obstacles": obstacles, "places": places, "spawn": (160.0, 222.0)}


def venue_layout(path: str | None) -> dict:
    """The same dict as `synthetic_venue` for a real scene file (None: the default venue)."""
    from engine.venue import open_scene
    from engine.world.venue_nav import place_points, spawn_point

    venue = open_scene(path)
    return {"walkable": venue.floor, "obstacles": list(venue.obstacles), "places": place_points(venue),
            "spawn": spawn_point(venue)}


def bench_navmesh(layout: dict, repeat: int = 3) -> tuple[NavMesh, float]:
    """Build the mesh `repeat` times; returns the mesh and the best build time in seconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        mesh = NavMesh.build(layout["walkable"], layout["obstacles"], 0.3)
        times.append(time.perf_counter() - t0)
    return mesh, min(times)


def bench_routes(mesh: NavMesh, places: dict[str, tuple[float, float]]) -> list[float]:
    """Seconds per route query over every ordered pair of places."""
    from engine.world.paths import find_path

    pts = list(places.values())
    find_path(mesh, pts[0], pts[1])  # warm the search graph cache
    times = []
    for a in pts:
        for b in pts:
            if a is b:
                continue
            t0 = time.perf_counter()
            find_path(mesh, a, b)
            times.append(time.perf_counter() - t0)
    return times


def bench_crowd(mesh: NavMesh, places: dict[str, tuple[float, float]], n: int = 200,
                steps: int = 600, dt: float = 1 / 60) -> list[float]:
    """Seconds per crowd step for n attendees (after a warm-up second)."""
    from engine.world.crowd import Crowd

    crowd = Crowd(mesh, places, n=n, seed=1)
    for _ in range(60):
        crowd.step(dt)
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        crowd.step(dt)
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--crowd", type=int, default=200, help="attendees in the crowd benchmark")
    parser.add_argument("--scene", nargs="?", const="", default=None, metavar="PATH",
                        help="measure a venue scene (no PATH: the default venue) instead of the synthetic layout")
    args = parser.parse_args()
    layout = synthetic_venue() if args.scene is None else venue_layout(args.scene or None)
    mesh, build_s = bench_navmesh(layout)
    print(f"navmesh: {len(mesh)} triangles, {len(layout['obstacles'])} obstacles, build {build_s * 1000:.0f} ms")
    q = bench_routes(mesh, layout["places"])
    print(f"route: {len(q)} queries, median {statistics.median(q) * 1000:.3f} ms, "
          f"p95 {np.percentile(q, 95) * 1000:.3f} ms, max {max(q) * 1000:.3f} ms")
    c = bench_crowd(mesh, layout["places"], n=args.crowd)
    print(f"crowd: {args.crowd} attendees, step median {statistics.median(c) * 1000:.3f} ms, "
          f"mean {statistics.mean(c) * 1000:.3f} ms, p99 {np.percentile(c, 99) * 1000:.3f} ms")


if __name__ == "__main__":
    main()
