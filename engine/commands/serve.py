"""`serve`: the presence server that lets attendees see, meet and talk to each other."""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import logging
import signal
import sys
from typing import TYPE_CHECKING

from engine.commands import common
from engine.errors import UserError

if TYPE_CHECKING:
    from engine.net.server import PresenceServer

HELP = "run a presence server: attendees who join it see each other, chat and react"
DESCRIPTION = """\
Run a presence server for the venue. Viewers join with `view --join ws://HOST:PORT`.

Alone (no --redis) one process holds everyone in memory: enough for a LAN, a booth or a small event.
With --redis URL, any number of servers on any number of machines form one venue through that Redis:
a client of one sees the clients of all, and a server that dies takes its people out of everyone's
view within 10 seconds. The protocol is documented in docs/protocol.md.

The access code can also come from the environment (ANTING_ACCESS_CODE, ANTING_ORGANIZER_CODE), so it
does not show in the process list. Codes are never logged."""


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("serve", help=HELP, description=DESCRIPTION,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    common.add_path(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1; 0.0.0.0 for a LAN)")
    p.add_argument("--port", type=_port, default=8765, help="port (default 8765; 0 picks a free one)")
    p.add_argument("--redis", metavar="URL", help="scale out through this Redis, e.g. redis://localhost:6379/0")
    p.add_argument("--access-code", metavar="CODE", help="attendees must give this code to join")
    p.add_argument("--organizer-code", metavar="CODE",
                   help="who gives this code may announce, mute and remove people")
    p.add_argument("--max-clients", type=common.positive_int, default=5000, metavar="N",
                   help="connections this server accepts (default 5000)")
    p.add_argument("--tick-hz", type=common.number(1, 60, "Hz"), default=30.0, metavar="HZ",
                   help="updates a second sent to each client (default 30)")
    p.add_argument("--quiet", action="store_true", help="log only problems, not every join and leave")
    p.set_defaults(func=run)


def _port(text: str) -> int:
    value = common.count(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port (0..65535)")
    return value


def run(args: argparse.Namespace) -> int:
    from engine.net import loop
    from engine.net.areas import AreaMap
    from engine.net.broker import Broker, LocalBroker, RedisBroker
    from engine.net.server import PresenceServer, ServeOptions
    from engine.venue import open_scene
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING if args.quiet else logging.INFO,
                        format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    venue = open_scene(args.path)
    options = ServeOptions(args.host, args.port, args.access_code or args.env_access_code or "",
                           args.organizer_code or args.env_organizer_code or "", args.max_clients, args.tick_hz)
    broker: Broker = RedisBroker(args.redis) if args.redis else LocalBroker()
    server = PresenceServer(AreaMap.of(venue), options, broker)
    from redis.exceptions import RedisError
    try:
        loop.run(_serve(server))
    except RedisError as exc:
        raise UserError("--redis", f"cannot use {args.redis}: {exc}") from None
    except OSError as exc:
        where = "--port" if exc.errno in (errno.EADDRINUSE, errno.EACCES) else "--host"
        raise UserError(where, f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
    return 0


async def _serve(server: PresenceServer) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):   # Windows: Ctrl+C ends the loop instead
            loop.add_signal_handler(sig, stop.set)
    await server.run(lambda url: print(f"listening on {url}", flush=True), stop)
    print("stopped", file=sys.stderr, flush=True)
