"""`simulate`: crowd flows with JuPedSim at a session changeover or in an egress, with times to empty,
door flows, densities and bottlenecks, as text, JSON and pictures."""
from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from engine.app.language import add_lang_argument, apply_language
from engine.commands import common
from engine.errors import UserError

HELP = "simulate crowd flows (JuPedSim): a changeover between sessions or an egress; where the venue jams"
DESCRIPTION = HELP + """.

changeover: at a change between sessions (--at, default the agenda's first at which a hall lets people
out), people leave the halls whose sessions end and walk to the halls whose sessions start, to the
exhibition, the outdoor experiences or the gates; open halls keep their visitors browsing.
egress: every hall (with --at, those with a session on), or --hall alone, empties to the nearest gates
(the open ends of the walkways; without walkways, the spawn point).

Halls fill to their capacity (no more than their seats) times --occupancy, or per hall or session with
--fill ID=FACTOR, or to counts from --counts FILE ({"hall or session id": people}, e.g. tallied
bookmarks or live presence). The same --seed gives the same result. --max-seconds bounds the simulated
time: a run cut short reports what it has, marked partial. Output: a summary (or --json); --out DIR
writes results.json, trajectories.sqlite (JuPedSim's trajectory format), density frames and
density.gif, flow curves per hall and bottlenecks.png, whole or not at all."""
OWNED = ("results.json", "trajectories.sqlite", "density", "density.gif", "bottlenecks.png", "flow-*.png")


def register(subparsers) -> None:
    p = subparsers.add_parser("simulate", help=HELP, description=DESCRIPTION,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    common.add_path(p)
    p.add_argument("--scenario", choices=("changeover", "egress"), default="changeover",
                   help="changeover between sessions (default) or egress to the gates")
    p.add_argument("--at", metavar="TIME", help="the changeover or the moment of the egress: 'HH:MM' (first "
                   "day of the agenda), 'YYYY-MM-DD HH:MM' or ISO 8601")
    p.add_argument("--hall", metavar="ID", help="egress: only this hall")
    p.add_argument("--people", type=common.positive_int, metavar="N",
                   help="scale the scenario to N people in all (no hall beyond its capacity)")
    p.add_argument("--occupancy", type=common.number(0.0, 1.0), default=1.0, metavar="F",
                   help="share of each hall's capacity that its sessions draw (default 1.0)")
    p.add_argument("--fill", action="append", default=[], metavar="ID=F",
                   help="occupancy of one hall or session (repeatable)")
    p.add_argument("--counts", metavar="FILE", help="JSON object of people per hall or session id")
    p.add_argument("--seed", type=common.count, default=1, metavar="S", help="random seed (default 1)")
    p.add_argument("--max-seconds", type=common.number(1.0, 86400.0, "s"), default=1800.0, metavar="S",
                   help="stop after S simulated seconds with partial results (default 1800)")
    p.add_argument("--json", action="store_true", help="print the results as one JSON object")
    p.add_argument("--out", metavar="DIR", help="folder for results.json, trajectories and pictures")
    add_lang_argument(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from engine.commands.outdir import check_target, staged_folder
    from engine.sim.results import to_json
    from engine.sim.simulation import simulate
    from engine.venue import open_scene

    apply_language(args, os.environ)   # the scenario's title and the pictures' labels
    out = check_target(Path(args.out), OWNED) if args.out else None     # before any slow work
    if args.hall is not None and args.scenario != "egress":
        raise UserError("--hall", "--hall chooses the hall of an egress: add --scenario egress")
    venue = open_scene(args.path)
    common.warn(venue.scene.metadata.get("warnings", []))
    sim = simulate(venue, options(venue, args), warn=common.warn)
    data = to_json(sim.results, str(venue.path or "default"))
    if out is not None:
        with staged_folder(out, OWNED) as stage:
            write_outputs(stage, sim, data)
    if args.json:
        print(json.dumps(data, indent=1, ensure_ascii=False))
    else:
        print(summary(data))
        if out is not None:
            print(f"wrote {out}: results.json, trajectories.sqlite, density frames, density.gif, "
                  f"bottlenecks.png, {len(sim.results.halls)} flow curve(s)")
    return 0


def options(venue, args: argparse.Namespace):
    """The command's arguments as engine.sim.simulation.Options (--fill ids checked against the scene)."""
    from engine.sim.simulation import Options, venue_agenda
    agenda, _ = venue_agenda(venue)
    return Options(args.scenario, args.at, args.hall, args.people, args.occupancy, _fills(args.fill, venue, agenda),
                   _counts(args.counts), args.seed, args.max_seconds)


def _fills(items: list[str], venue, agenda) -> dict[str, float]:
    known = set(venue.halls) | ({s.id for s in agenda.sessions} if agenda else set())
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        try:
            factor = float(value)
        except ValueError:
            factor = -1.0
        if not sep or not 0.0 <= factor <= 1.0:
            raise UserError("--fill", f"{item!r} is not ID=FACTOR with a factor from 0 to 1, like main-forum=0.8")
        if key not in known:
            raise UserError("--fill", f"{key!r} is neither a hall nor a session id of this scene")
        out[key] = factor
    return out


def _counts(path: str | None) -> dict[str, int]:
    if path is None:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise UserError(path, f"cannot read: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise UserError(path, f"not JSON: {exc}") from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool)
                                             and v >= 0 for k, v in data.items()):
        raise UserError(path, 'expected one object of whole numbers of people, like {"main-forum": 800}')
    return data


def write_outputs(stage: Path, sim, data: dict) -> None:
    """results.json, trajectories.sqlite and the pictures into a staged output folder."""
    from engine.sim.pictures import write_all
    from engine.sim.recording import save_sqlite
    (stage / "results.json").write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    save_sqlite(sim.recording, stage / "trajectories.sqlite", sim.geometry.walkable.wkt)
    write_all(stage, sim.geometry, sim.results, sim.recording)


def _mmss(s: float | None) -> str:
    if s is None:
        return "not empty"
    m, sec = divmod(int(round(s)), 60)
    return f"{m}:{sec:02d}"


def summary(d: dict) -> str:
    """The results as a few lines a person reads."""
    speed = d["simulated_s"] / d["wall_s"] if d["wall_s"] else 0.0
    lines = [d["title"], f"{d['people']:,} people, {d['simulated_s']:.0f} s simulated in {d['wall_s']:.1f} s "
             f"({speed:.1f}x real time)" + (" - PARTIAL: stopped at --max-seconds" if d["partial"] else "")]
    lines += [f"note: {n}" for n in d["notes"] + d["warnings"]]
    for h in d["halls"]:
        doors = ", ".join(f"{x['id']} {x['persons_per_m_s']:.2f}/(m·s)" for x in h["doors"] if x["out"] + x["in"])
        what = f"{h['people']:,} out, empty after {_mmss(h['time_to_empty_s'])}" if h["people"] else \
            f"{h['arriving']:,} in"
        lines.append(f"  {h['id']:<18} {what}" + (f"; doors: {doors}" if doors else ""))
    if d["bottlenecks"]:
        lines.append("worst bottlenecks:")
    for k, b in enumerate(d["bottlenecks"], start=1):
        lines.append(f"  {k}. {b['where']} at ({b['x']:.0f}, {b['z']:.0f}) from {b['start_s']:.0f} s to "
                     f"{b['end_s']:.0f} s: {b['peak_density']:.2f} persons/m² (level {b['level_of_service']})")
    return "\n".join(lines)
