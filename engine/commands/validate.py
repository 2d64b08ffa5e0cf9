"""`validate`: problems a person should fix in a scene file. Exit 0 clean, 1 problems, 2 unreadable.

Notes (which do not change the exit code) name places that Chinese readers would see in English."""
from __future__ import annotations

import argparse

HELP = "check a scene file and list problems a person should fix"
MAX_NAME_NOTES = 20   # places without a Chinese name listed one by one; more are counted


def register(subparsers) -> None:
    p = subparsers.add_parser("validate", help=HELP, description=HELP + ". Exit code 0: clean; 1: problems "
                              "listed; 2: the file cannot be read (the first error is printed).")
    p.add_argument("path", nargs="?", metavar="PATH", help="scene file (.toml); default: the Anting venue")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from engine.venue import open_scene
    venue = open_scene(args.path)
    for note in list(venue.notes) + chinese_name_notes(venue):
        print(f"note: {note}")
    problems = list(venue.problems) + unreachable_problems(venue) + agenda_problems(venue)
    for problem in problems:
        print(f"problem: {problem}")
    if problems:
        print(f"{len(problems)} problem(s) in {venue.path}")
        return 1
    print(f"{venue.path}: ok ({len(venue.halls)} halls, {len(venue.booths)} booths, "
          f"{len(venue.experiences)} experiences, {len(venue.waypoints)} waypoints)")
    return 0


def chinese_name_notes(venue) -> list[str]:
    """One note per place of a scene file with no Chinese name (no name_zh, no translation in the catalogue):
    in Chinese it shows its English name. A model file names no places of its own."""
    from engine.venue.scenefile import DEFAULT_SPAWN_NAME

    spec = getattr(venue, "spec", None)
    if spec is None:
        return []
    things = [("venue", "", spec, None), ("plaza", spec.plaza.id, spec.plaza, None)]
    if spec.spawn.name != DEFAULT_SPAWN_NAME:   # the project's own default: nothing for the author to translate
        things.append(("spawn", "", spec.spawn, spec.spawn.line))
    for kind, items in (("halls", spec.halls), ("booths", spec.booths), ("experiences", spec.experiences),
                        ("waypoints", spec.waypoints)):
        things += [(kind, item.id, item, item.line) for item in items]
    missing = []
    for kind, ident, thing, line in things:
        if not thing.name_zh:
            where = f"{spec.path}:{line}" if line else str(spec.path)
            what = f"{kind} ({ident})" if ident else kind
            missing.append(f"{where}: {what}: no Chinese name (name_zh): {thing.name!r} is shown in Chinese too")
    if len(missing) > MAX_NAME_NOTES:
        more = len(missing) - MAX_NAME_NOTES
        missing = missing[:MAX_NAME_NOTES] + [f"{spec.path}: {more} more places have no Chinese name (name_zh)"]
    return missing


def agenda_problems(venue) -> list[str]:
    """The scene's agenda file, if it names one that exists, must load: the viewer would show no sessions."""
    from engine.agenda.load import load_agenda
    from engine.errors import UserError

    path = getattr(venue, "agenda_path", None)
    if path is None or not path.is_file():
        return []  # a missing file is already a warning of the scene file
    try:
        load_agenda(path, halls=venue.hall_names(), room_map=venue.room_map)
    except UserError as exc:
        return [f"{venue.path}: venue.agenda: {exc.where}: {exc.what}"]
    return []


def unreachable_problems(venue) -> list[str]:
    """One problem per place (hall, booth, experience, entrance, waypoint) the spawn cannot walk to.

    A venue without a walkable floor (a model file) has no places to check.
    """
    from engine.world.venue_nav import navmesh_for, unreachable_places

    if getattr(venue, "floor", None) is None and getattr(venue, "walkable", None) is None:
        return []
    try:
        places = unreachable_places(venue, navmesh_for(venue))
    except ValueError:
        return []
    return [f"{venue.path}: {pid}: cannot be reached on foot from the spawn point (its floor does not connect)"
            for pid in places]
