"""The event loop the network runs on: uvloop where it is installed (Linux and macOS), whose sockets
and transports are written in C and take a busy server or load generator about a third less CPU;
the standard asyncio loop elsewhere."""
from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")
GC_THRESHOLD = 20_000      # allocations before a young collection (the default is 700)


def loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """asyncio.run, on the fastest loop at hand, with fewer garbage collector pauses: what was built
    before (the venue, its nav mesh) is frozen out of the collector's scans, and the youngest
    generation is collected less often, since a server makes many short-lived frames and little
    garbage that lives on (a full collection would stall every connection at once)."""
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, 20, 20)
    with asyncio.Runner(loop_factory=loop_factory()) as runner:
        return runner.run(coroutine)
