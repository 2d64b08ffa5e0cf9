"""`sessions`: list the agenda, what is on now and next in each hall, search it, export it as .ics."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from engine.app.language import add_lang_argument, apply_language
from engine.commands import common

DEFAULT_SCHEDULE = Path("scenes") / "wmc2023_agenda.json"

DESCRIPTION = """\
List the sessions of a schedule, one per line (time, hall, [language], title). The default schedule is the bundled,
illustrative WMC 2023 agenda; --schedule reads a frab/pretalx schedule.json, a frab schedule.xml or an
iCalendar .ics file. Times the file gives without a zone are read in the zone the file names
(time_zone_name, X-WR-TIMEZONE), else in --tz, else in the venue's (Asia/Shanghai).
With --at, show what is on now and next in each hall. TIME is "2023-09-21 14:30",
"2023-09-21T14:30+08:00" or "14:30" (the first conference day); times without an offset are Shanghai time.
Titles show in Chinese where the schedule gives its own Chinese title and the interface is in Chinese; an
imported schedule keeps its language, shown in brackets ([de], [en], [zh]) as its `language` field says."""


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("sessions", help="list sessions, now/next per hall, search, export .ics",
                              description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--schedule", metavar="FILE",
                   help="schedule.json (frab/pretalx), schedule.xml (frab) or .ics; default: the scene's agenda")
    p.add_argument("--tz", metavar="ZONE",
                   help="IANA zone (e.g. Europe/Paris) of times the schedule gives without one, where the file "
                        "names none; default: the venue's, Asia/Shanghai")
    p.add_argument("--scene", metavar="PATH",
                   help="the scene whose halls and [room_map] rooms are matched to (default: the Anting venue)")
    p.add_argument("--hall", metavar="ID", help="only this hall (e.g. main-forum, subforum-03)")
    p.add_argument("--at", metavar="TIME", help="show what is on now and next at TIME")
    p.add_argument("--search", metavar="TEXT",
                   help="only sessions whose title, speakers, track or hall contain every word")
    p.add_argument("--json", action="store_true", help="machine-readable output on stdout")
    add_lang_argument(p)
    p.add_argument("--ics", metavar="OUT",
                   help="also write the listed sessions to OUT as iCalendar (- for standard output, instead "
                        "of the listing)")
    p.set_defaults(func=run)


def _scene_halls(scene: str | None) -> tuple[dict[str, str], dict[str, str], Path]:
    """({hall id: name}, the scene's room map, its agenda file) from the scene file alone: reading
    it takes milliseconds, building the venue would take a second."""
    from engine import PROJECT_ROOT
    from engine.errors import UserError
    from engine.venue.scenefile import read_scene
    path = Path(scene) if scene else PROJECT_ROOT / "scenes" / "anting.toml"
    if path.suffix.lower() != ".toml":
        raise UserError("--scene", f"{path} is not a scene file (.toml): models carry no halls or agenda")
    spec = read_scene(path)
    return {h.id: h.name for h in spec.halls}, spec.rooms(), spec.agenda or PROJECT_ROOT / DEFAULT_SCHEDULE


def run(args: argparse.Namespace) -> int:
    from engine.agenda.load import load_agenda
    from engine.errors import UserError

    _check_ics(args)
    apply_language(args, os.environ)   # titles in the listing: a session's Chinese title where it has one
    halls, room_map, scene_agenda = _scene_halls(args.scene)
    if args.hall is not None and args.hall not in halls:
        raise UserError("--hall", f"unknown hall {args.hall!r}; valid ids: {', '.join(sorted(halls))}")
    path = Path(args.schedule) if args.schedule else scene_agenda
    agenda = load_agenda(path, halls=halls, room_map=room_map, default_tz=common.time_zone(args.tz))
    for warning in agenda.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    selected = _select(agenda.sessions, args.hall, args.search)
    listing = not args.json and args.ics != "-"   # `--ics -` gives standard output to the calendar
    if args.at is not None:
        shown, report = _now_next(agenda, selected, args, listing)
    else:
        shown, report = selected, {"sessions": [_as_dict(s) for s in selected]}
        if listing:
            _print_list(selected)
    if args.json:
        print(json.dumps({"schedule": str(path), **report, "warnings": agenda.warnings}, indent=2, ensure_ascii=False))
    if not shown:
        print("no sessions match", file=sys.stderr)
    if args.ics:
        _write_ics(args.ics, shown, agenda.title, quiet=args.json or args.ics == "-")
    return 0


def _check_ics(args: argparse.Namespace) -> None:
    """Refuse an --ics target that cannot be written before any work is done."""
    from engine.errors import UserError
    from engine.fileio import check_output_file
    if args.ics == "-" and args.json:
        raise UserError("--ics", "- writes the calendar to standard output, where --json would go too")
    if args.ics and args.ics != "-":
        check_output_file(Path(args.ics))


def _select(sessions: list, hall: str | None, text: str | None) -> list:
    from engine.agenda.queries import search

    chosen = [s for s in sessions if hall is None or s.hall == hall]
    return search(chosen, text) if text else chosen


def _now_next(agenda: Any, selected: list, args: argparse.Namespace, listing: bool) -> tuple[list, dict]:
    """Now/next per hall over the selected sessions; returns (sessions shown, JSON report)."""
    from engine.agenda.model import Agenda
    from engine.agenda.queries import now_and_next_by_hall, parse_time
    from engine.errors import UserError

    try:
        at = parse_time(args.at, first_day=agenda.first_day())
    except ValueError as exc:
        raise UserError("--at", str(exc)) from None
    halls = [args.hall] if args.hall else None
    boards = now_and_next_by_hall(Agenda(selected), at, halls=halls)
    shown = list(dict.fromkeys(s for b in boards for s in (*b.now, *b.next)))
    if listing:
        _print_boards(at, boards)
    report = {"at": at.isoformat(), "halls": [
        {"hall": b.hall, "now": [_as_dict(s) for s in b.now], "next": [_as_dict(s) for s in b.next]}
        for b in boards]}
    return shown, report


def _span(session: Any) -> str:
    return f"{session.start:%Y-%m-%d %H:%M}-{session.end:%H:%M}"


def _title(session: Any) -> str:
    from engine.i18n import language
    return session.title_for(language())


def _language_tags(sessions: list) -> dict[int, str]:
    """{id(session): "[de]  "} padded to one width; empty tags where no session names its language."""
    width = max((len(s.language) for s in sessions), default=0)
    if not width:
        return {id(s): "" for s in sessions}
    return {id(s): (f"[{s.language}]" if s.language else "").ljust(width + 2) + "  " for s in sessions}


def _print_list(sessions: list) -> None:
    width = max((len(s.place) for s in sessions), default=0)
    tags = _language_tags(sessions)
    for s in sessions:
        print(f"{_span(s)}  {s.place:<{width}}  {tags[id(s)]}{_title(s)}")


def _print_boards(at: Any, boards: list) -> None:
    print(f"at {at:%Y-%m-%d %H:%M %z}")
    width = max((len(b.hall) for b in boards), default=0)
    tags = _language_tags([s for b in boards for s in (*b.now, *b.next)])
    for board in boards:
        rows = [("now", s) for s in board.now] + [("next", s) for s in board.next]
        if not board.now:
            rows.insert(0, ("now", None))
        for label, s in rows:
            what = f"{_span(s)}  {tags[id(s)]}{_title(s)}" if s else "(nothing on)"
            print(f"{board.hall:<{width}}  {label:<4}  {what}")


def _as_dict(s: Any) -> dict[str, Any]:
    return {"id": s.id, "title": s.title, "title_zh": s.title_zh or None, "start": s.start.isoformat(),
            "end": s.end.isoformat(), "hall": s.hall, "room": s.room, "track": s.track, "speakers": list(s.speakers),
            "speakers_zh": list(s.speakers_zh) or None, "language": s.language, "abstract": s.abstract,
            "abstract_zh": s.abstract_zh or None, "links": list(s.links)}


def _write_ics(out: str, sessions: list, name: str, quiet: bool) -> None:
    """Write to a temporary file beside OUT, then rename: OUT is never left half-written (`-`: to
    standard output)."""
    from engine.agenda.ics import to_ics
    from engine.fileio import write_atomic
    write_atomic(out, to_ics(sessions, name=name))
    print(f"wrote {len(sessions)} sessions to {out if out != '-' else 'standard output'}",
          file=sys.stderr if quiet else sys.stdout)
