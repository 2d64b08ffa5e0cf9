"""One frame to many clients without waiting on any of them.

A server frame is not masked, so its bytes are the same for every connection: they are framed once
and written to each connection's transport, instead of being framed again per connection (what
websockets.broadcast does, and most of a busy server's time). A client that stops reading must not
make the server hold ever more for it: once SLOW_BUFFER bytes wait for it, it is closed (1013), and
it reconnects to a fresh view.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

from websockets.asyncio.server import ServerConnection
from websockets.frames import Frame, Opcode
from websockets.protocol import State

log = logging.getLogger("anting.presence")

SLOW_BUFFER = 1 << 20
_closing: set[asyncio.Task[None]] = set()


def fan_out(connections: Iterable[ServerConnection], text: str) -> int:
    """Queue a text frame on every open connection; returns on how many it was queued."""
    data = text.encode()
    raw = Frame(Opcode.TEXT, data).serialize(mask=False)
    sent = 0
    for ws in connections:
        if ws.protocol.state is not State.OPEN or ws.send_in_progress is not None:
            continue
        if ws.transport.get_write_buffer_size() > SLOW_BUFFER:
            _drop_slow(ws)
            continue
        if ws.protocol.extensions:          # framed per connection (compression differs per connection)
            ws.protocol.send_text(data)
            ws.send_data()
        else:
            ws.transport.write(raw)
        sent += 1
    return sent


def _drop_slow(ws: ServerConnection) -> None:
    if any(t.get_name() == f"slow-{id(ws)}" for t in _closing):
        return
    log.warning("closing a client that stopped reading (%s): more than %d bytes waited for it",
                ws.remote_address, SLOW_BUFFER)
    task = asyncio.ensure_future(ws.close(1013, "too slow: frames were piling up"))
    task.set_name(f"slow-{id(ws)}")
    _closing.add(task)
    task.add_done_callback(_closing.discard)
