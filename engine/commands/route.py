"""`route`: the walking path between two places: length, walking time, corner points."""
from __future__ import annotations

import argparse
import difflib
import json
import math
import re
from typing import Any

DESCRIPTION = """\
The shortest walking path between two places of the venue, on the nav mesh (an avatar 0.3 m in radius
keeps clear of walls, seat rows and booths): its length in metres, the walking time at 1.3 m/s and the
corner points (x east, z south, metres). FROM and TO are place ids (halls, booths, experiences,
entrances, waypoints, `spawn`) or plan coordinates "X,Z". A target off the walkable floor is moved to
the nearest walkable point; coordinates more than 100 m from it are refused. Exit 2 for an unknown id or
coordinates off the map, 1 when no walkable path joins the two."""

MAX_OFF_FLOOR_M = 100.0  # a point farther than this from the walkable floor is off the map
COORDS = re.compile(r"\s*(-?\d+(?:\.\d*)?|-?\.\d+)\s*,\s*(-?\d+(?:\.\d*)?|-?\.\d+)\s*")


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("route", help="walking path between two places: length, time, corners",
                              description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("from_place", metavar="FROM", help="place id (e.g. spawn, main-forum, booth-03) or X,Z")
    p.add_argument("to_place", metavar="TO", help="place id or X,Z")
    p.add_argument("--scene", metavar="PATH", default=None, help="scene file (.toml); default: the Anting venue")
    p.add_argument("--json", action="store_true", help="machine-readable output on stdout")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from engine.errors import UserError
    from engine.venue import open_scene
    from engine.world.paths import WALK_SPEED, Unreachable, find_path
    from engine.world.venue_nav import navmesh_for, place_points

    venue = open_scene(args.scene)
    try:
        mesh = navmesh_for(venue)
    except ValueError as exc:
        raise UserError(args.scene or "PATH", str(exc)) from None
    places = place_points(venue)
    start = resolve("FROM", args.from_place, places)
    goal = resolve("TO", args.to_place, places)
    for where, text, point in (("FROM", args.from_place, start), ("TO", args.to_place, goal)):
        if text not in places:
            check_on_map(where, text, point, mesh)
    try:
        path = find_path(mesh, start, goal)
    except Unreachable as exc:
        if args.json:
            print(json.dumps({"from": args.from_place, "to": args.to_place, "reachable": False, "reason": str(exc)}))
        print(f"error: TO: {args.to_place!r} cannot be reached from {args.from_place!r}: {exc}", file=sys.stderr)
        return 1
    report = as_dict(args.from_place, args.to_place, path, WALK_SPEED)
    print(json.dumps(report, indent=2) if args.json else format_text(report))
    return 0


def resolve(where: str, text: str, places: dict[str, tuple[float, float]]) -> tuple[float, float]:
    """A place id or "X,Z" to a plan point; an unknown id raises UserError with the closest ids."""
    from engine.errors import UserError

    if text in places:
        return places[text]
    m = COORDS.fullmatch(text)
    if m:
        x, z = float(m.group(1)), float(m.group(2))
        if math.isfinite(x) and math.isfinite(z):
            return (x, z)
    close = difflib.get_close_matches(text, list(places), n=3, cutoff=0.5)
    if not close:  # a prefix such as "booth" or "subforum" should still suggest something
        close = [p for p in sorted(places) if p.startswith(text.lower()[:4])][:3]
    hint = f"; did you mean {', '.join(close)}?" if close else (
        f"; known places include {', '.join(sorted(places)[:6])}" if places else "; this scene names no places")
    raise UserError(where, f"unknown place {text!r}{hint}")


def check_on_map(where: str, text: str, point: tuple[float, float], mesh: Any) -> None:
    """Plan coordinates far from any walkable floor are a mistake (swapped or mistyped numbers):
    snapping them would answer a different question, and the start's snap would go unmentioned."""
    from engine.errors import UserError
    from engine.world.venue_nav import snap_distance

    if len(mesh) == 0:
        return
    off = snap_distance(mesh, point)
    if off > MAX_OFF_FLOOR_M:
        raise UserError(where, f"{text!r} is {off:,.0f} m from the nearest walkable floor "
                               f"(at most {MAX_OFF_FLOOR_M:g} m is moved onto it); is it on this venue's plan?")


def as_dict(start: str, goal: str, path: Any, speed: float) -> dict[str, Any]:
    return {"from": start, "to": goal, "reachable": True, "length_m": round(path.length_m, 2),
            "walking_time_s": round(path.walk_time_s(speed), 1), "speed_m_s": speed,
            "goal_snapped": path.goal_snapped,
            "points": [[round(float(x), 2), round(float(z), 2)] for x, z in path.points]}


def format_text(report: dict[str, Any]) -> str:
    minutes, seconds = divmod(int(round(report["walking_time_s"])), 60)
    lines = [f"route {report['from']} -> {report['to']}",
             f"length: {report['length_m']:.1f} m",
             f"walking time: {minutes} min {seconds:02d} s at {report['speed_m_s']} m/s"]
    if report["goal_snapped"]:
        lines.append("note: the target is off the walkable floor; the route ends at the nearest walkable point")
    lines.append(f"points (x, z), {len(report['points'])}:")
    lines += [f"  {i:>3}  {x:9.2f} {z:9.2f}" for i, (x, z) in enumerate(report["points"])]
    return "\n".join(lines)
