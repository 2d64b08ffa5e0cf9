"""`validate`: problems a person should fix in a scene file. Exit 0 clean, 1 problems, 2 unreadable."""
from __future__ import annotations

import argparse

HELP = "check a scene file and list problems a person should fix"


def register(subparsers) -> None:
    p = subparsers.add_parser("validate", help=HELP, description=HELP + ". Exit code 0: clean; 1: problems "
                              "listed; 2: the file cannot be read (the first error is printed).")
    p.add_argument("path", nargs="?", metavar="PATH", help="scene file (.toml); default: the Anting venue")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from engine.venue import open_scene
    venue = open_scene(args.path)
    for note in venue.notes:
        print(f"note: {note}")
    for problem in venue.problems:
        print(f"problem: {problem}")
    if venue.problems:
        print(f"{len(venue.problems)} problem(s) in {venue.path}")
        return 1
    print(f"{venue.path}: ok ({len(venue.halls)} halls, {len(venue.booths)} booths, "
          f"{len(venue.experiences)} experiences, {len(venue.waypoints)} waypoints)")
    return 0
