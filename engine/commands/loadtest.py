"""`loadtest`: simulated attendees against presence servers, with the figures a person would notice."""
from __future__ import annotations

import argparse
import json
import sys

from engine.commands import common
from engine.errors import UserError

HELP = "simulated attendees against presence servers: latency, visibility, messages per second"
DESCRIPTION = """\
Connect N simulated attendees to one or more presence servers (spread evenly), let them walk real
routes of the venue for S seconds, pausing at halls, booths and experiences and chatting now and
then, and report:

  connected, errors     connections that stayed up, and what went wrong
  sent/received per s   messages both ways, for all attendees together
  p50/p99/max latency   from a pose being sent to another attendee receiving it
  visibility            the share of the people each attendee should see (its hall, or its plaza
                        cell and the cells around) that it was told about, across servers

--json prints one object with the keys clients, connected, errors, sent_per_s, received_per_s,
p50_ms, p99_ms, max_ms, visibility (and bandwidth per attendee)."""


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("loadtest", help=HELP, description=DESCRIPTION,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("urls", metavar="URL[,URL...]", type=_urls, help="presence servers, e.g. ws://127.0.0.1:8765")
    p.add_argument("--clients", type=common.positive_int, default=100, metavar="N",
                   help="simulated attendees (default 100)")
    p.add_argument("--seconds", type=common.number(1, 86400, "s"), default=20.0, metavar="S",
                   help="how long they stay (default 20)")
    p.add_argument("--rate", type=common.number(0.5, 30, "Hz"), default=10.0, metavar="HZ",
                   help="poses a second while walking (default 10, the protocol's rate)")
    p.add_argument("--access-code", metavar="CODE", help="the servers' access code (or ANTING_ACCESS_CODE)")
    p.add_argument("--scene", metavar="PATH", help="the scene the servers serve (default: the Anting venue)")
    p.add_argument("--seed", type=common.count, default=1, help="for the same routes again (default 1)")
    p.add_argument("--procs", type=common.positive_int, default=1, metavar="P",
                   help="load generator processes (default 1; one process tops out near 20,000 frames a "
                        "second received, about 800 attendees)")
    p.add_argument("--json", action="store_true", help="one JSON object on stdout")
    p.set_defaults(func=run)


def _urls(text: str) -> list[str]:
    from engine.net.client import parse_urls
    try:
        return parse_urls(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    from engine.net.areas import AreaMap
    from engine.net.loadtest import LoadOptions, run_load
    from engine.venue import open_scene
    from engine.world.venue_nav import navmesh_for, place_points
    if args.clients > 20000:
        raise UserError("--clients", f"{args.clients} is more than the 20000 one process can simulate")
    venue = open_scene(args.scene)
    if not venue.halls:
        raise UserError("--scene", "a venue scene (.toml) is needed: simulated attendees walk its floors")
    if args.procs > 64:
        raise UserError("--procs", f"{args.procs} processes is more than the 64 allowed")
    options = LoadOptions(args.urls, args.clients, args.seconds, args.rate,
                          args.access_code or getattr(args, "env_access_code", None) or "", args.seed, args.procs)
    print(f"{args.clients} attendees for {args.seconds:g} s against {', '.join(args.urls)}", file=sys.stderr)
    result = run_load(options, navmesh_for(venue), place_points(venue), AreaMap.of(venue))
    if result["connected"] == 0 and result["errors"]:
        kinds = ", ".join(f"{k} x{n}" for k, n in result["error_kinds"].items())
        raise UserError(args.urls[0], f"no attendee could stay connected ({kinds})")
    if args.json:
        print(json.dumps(result))
    else:
        _print(result)
    return 0


def _print(r: dict) -> None:
    print(f"attendees     {r['connected']} of {r['clients']} connected, {r['errors']} errors "
          + (str(r["error_kinds"]) if r["errors"] else ""))
    print(f"messages      {r['sent_per_s']:.0f}/s sent, {r['received_per_s']:.0f}/s received")
    print(f"latency       p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms, max {r['max_ms']} ms "
          f"({r['latency_samples']} samples)")
    print(f"visibility    {r['visibility']:.4f}")
    print(f"bandwidth     {r['down_kb_per_s_per_client']} kB/s down, {r['up_kb_per_s_per_client']} kB/s up "
          "per attendee")
