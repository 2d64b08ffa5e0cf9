"""Simulated attendees against presence servers: they walk real routes of the venue, pause at places,
chat now and then, and measure what a person would notice: whether they see everyone they should,
and how late the others' moves arrive.

Latency is measured end to end: a simulated attendee's heading (which nobody looks at) carries the
millisecond its pose was sent, so whoever receives the move knows how late it is. Visibility compares,
once a second, whom an attendee has been told about with whom it should see (the people in its areas
of interest, as the attendees themselves know where they are), counting only people settled in their
area for a second, so that the figure measures what was lost rather than what is in flight. A sample
of the attendees (up to OBSERVERS) does the measuring; the others only take their frames, as a
viewer would, so that the load generator spends its time on load.
"""
from __future__ import annotations

import asyncio
import json
import random
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from engine.net.areas import AreaMap
from engine.world.navmesh import NavMesh
from engine.world.paths import Unreachable, find_path

WALK_M_S = 1.3
SETTLE_S = 1.0
PAUSE_S = (3.0, 12.0)
CHAT_EVERY_S = 60.0          # on average, per attendee
LATENCY_BINS = 6_000         # a histogram of milliseconds (the last bin: 6 s and more)
OBSERVERS = 250
CLOCK_MS = 6000              # the send time travels as (ms mod 6000) in the heading: -3.000 .. 2.999


@dataclass
class LoadOptions:
    urls: list[str]
    clients: int
    seconds: float
    rate: float = 10.0
    access_code: str = ""
    seed: int = 1


@dataclass
class Sim:
    """One simulated attendee: where it walks, and what it has heard."""

    index: int
    url: str
    pos: np.ndarray
    area: str = ""
    area_since: float = 0.0
    path: deque = field(default_factory=deque)
    pause_until: float = 0.0
    id: int = 0
    known: set[int] = field(default_factory=set)
    connected: bool = False
    ws: ClientConnection | None = None
    observer: bool = False


@dataclass
class Tally:
    sent: int = 0
    received: int = 0
    bytes_up: int = 0
    bytes_down: int = 0
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    latency: np.ndarray = field(default_factory=lambda: np.zeros(LATENCY_BINS, np.int64))   # per millisecond
    expected: int = 0
    seen: int = 0

    def error(self, kind: str) -> None:
        self.errors += 1
        self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1


class LoadTest:
    def __init__(self, options: LoadOptions, navmesh: NavMesh, places: dict[str, tuple[float, float]],
                 areas: AreaMap) -> None:
        self.o = options
        self.navmesh = navmesh
        self.places = list(places.values())
        self.areas = areas
        self.rng = random.Random(options.seed)
        self.tally = Tally()
        self.sims = [self._sim(i) for i in range(options.clients)]
        for sim in self.sims[::max(1, options.clients // OBSERVERS)]:
            sim.observer = True
        self.by_id: dict[int, Sim] = {}
        self._stop = False

    def _sim(self, i: int) -> Sim:
        start = np.asarray(self.rng.choice(self.places), np.float64)
        jitter = np.array([self.rng.uniform(-3, 3), self.rng.uniform(-3, 3)])
        pos = self.navmesh.nearest_point(start + jitter)
        return Sim(i, self.o.urls[i % len(self.o.urls)], pos)

    # -- one attendee ---------------------------------------------------------------------------
    async def attend(self, sim: Sim) -> None:
        await asyncio.sleep(self.rng.uniform(0, min(2.0, self.o.seconds / 4)))   # not all at once
        try:
            async with connect(sim.url, open_timeout=20, max_size=2**22, compression=None) as ws:
                sim.ws = ws
                await self._hello(sim, ws)
                await asyncio.gather(self._walk(sim, ws), self._listen(sim, ws))
        except ConnectionClosed as exc:
            if not self._stop:
                self.tally.error(f"closed {exc.rcvd.code if exc.rcvd else 1006}")
        except (OSError, InvalidHandshake, TimeoutError) as exc:
            self.tally.error(type(exc).__name__)
        finally:
            sim.connected = False

    async def _hello(self, sim: Sim, ws: ClientConnection) -> None:
        await ws.send(json.dumps({"t": "hello", "v": 1, "name": f"Sim {sim.index}", "colour": "#8899aa",
                                  "access": self.o.access_code}))
        welcome = json.loads(await ws.recv())
        sim.id, sim.connected = int(welcome["id"]), True
        self.by_id[sim.id] = sim

    async def _walk(self, sim: Sim, ws: ClientConnection) -> None:
        dt, seq, last = 1.0 / self.o.rate, 0, time.monotonic()
        while not self._stop:
            now = time.monotonic()
            moved = self._step(sim, now - last, now)
            last = now
            if moved:
                seq += 1
                x, z = round(float(sim.pos[0]), 2), round(float(sim.pos[1]), 2)
                stamp = (int(time.monotonic() * 1000) % CLOCK_MS) / 1000 - 3.0
                frame = json.dumps({"t": "pose", "seq": seq, "x": x, "z": z, "h": stamp})
                await ws.send(frame)
                self.tally.sent += 1
                self.tally.bytes_up += len(frame)
            if self.rng.random() < dt / CHAT_EVERY_S:
                await ws.send(json.dumps({"t": "chat", "scope": "here", "text": f"hello from {sim.index}"}))
                self.tally.sent += 1
            await asyncio.sleep(max(0.0, dt - (time.monotonic() - now)))
        await ws.close()

    def _step(self, sim: Sim, dt: float, now: float) -> bool:
        """Walk on; True when the attendee moved (only then is a pose sent)."""
        if not sim.path:
            if now < sim.pause_until:
                return False
            self._plan(sim, now)
            return False
        budget = WALK_M_S * dt
        while budget > 0 and sim.path:
            target = sim.path[0]
            step = target - sim.pos
            dist = float(np.hypot(*step))
            if dist <= budget:
                sim.pos, budget = target.copy(), budget - dist
                sim.path.popleft()
            else:
                sim.pos, budget = sim.pos + step / dist * budget, 0.0
        if not sim.path:
            sim.pause_until = now + self.rng.uniform(*PAUSE_S)
        area = self.areas.area_of(float(sim.pos[0]), float(sim.pos[1]))
        if area != sim.area:
            sim.area, sim.area_since = area, now
        return True

    def _plan(self, sim: Sim, now: float) -> None:
        goal = np.asarray(self.rng.choice(self.places), np.float64)
        try:
            path = find_path(self.navmesh, sim.pos, goal)
        except Unreachable:
            sim.pause_until = now + 1.0
            return
        sim.path = deque(np.asarray(p, np.float64) for p in path.points[1:])

    async def _listen(self, sim: Sim, ws: ClientConnection) -> None:
        async for frame in ws:
            self.tally.received += 1
            self.tally.bytes_down += len(frame)
            if sim.observer and isinstance(frame, str) and frame.startswith('{"t":"update"'):
                self._update(sim, json.loads(frame), time.monotonic())

    def _update(self, sim: Sim, m: dict[str, Any], now: float) -> None:
        sim.known |= {int(j["id"]) for j in m["joins"]}
        sim.known -= {int(i) for i in m["leaves"]}
        if not m["moves"]:
            return
        sent = (np.array([mv[3] for mv in m["moves"]]) + 3.0) * 1000
        late = (int(now * 1000) - np.rint(sent).astype(np.int64)) % CLOCK_MS
        np.add.at(self.tally.latency, np.minimum(late, LATENCY_BINS - 1), 1)

    # -- the whole run ---------------------------------------------------------------------------
    async def run(self) -> dict[str, Any]:
        started = time.monotonic()
        tasks = [asyncio.create_task(self.attend(s)) for s in self.sims]
        while time.monotonic() - started < self.o.seconds:
            await asyncio.sleep(1.0)
            if time.monotonic() - started > min(4.0, self.o.seconds / 2):
                self._sample_visibility(time.monotonic())
        connected = sum(s.connected for s in self.sims)
        self._stop = True
        await asyncio.wait(tasks, timeout=10)
        return self._report(connected, time.monotonic() - started)

    def _sample_visibility(self, now: float) -> None:
        settled = [s for s in self.sims if s.connected and s.area and now - s.area_since >= SETTLE_S]
        by_area: dict[str, list[Sim]] = {}
        for s in settled:
            by_area.setdefault(s.area, []).append(s)
        for s in settled:
            if not s.observer:
                continue
            should = {o.id for a in AreaMap.interest(s.area) for o in by_area.get(a, ()) if o is not s}
            self.tally.expected += len(should)
            self.tally.seen += len(should & s.known)

    def _report(self, connected: int, elapsed: float) -> dict[str, Any]:
        t = self.tally
        samples = int(t.latency.sum())
        return {"clients": self.o.clients, "connected": connected, "errors": t.errors,
                "error_kinds": t.error_kinds, "seconds": round(elapsed, 1),
                "sent_per_s": round(t.sent / elapsed, 1), "received_per_s": round(t.received / elapsed, 1),
                "p50_ms": _percentile(t.latency, 50), "p99_ms": _percentile(t.latency, 99),
                "max_ms": float(np.flatnonzero(t.latency)[-1] + 1) if samples else 0.0, "latency_samples": samples,
                "visibility": round(t.seen / t.expected, 4) if t.expected else 1.0,
                "down_kb_per_s_per_client": round(t.bytes_down / elapsed / max(self.o.clients, 1) / 1000, 2),
                "up_kb_per_s_per_client": round(t.bytes_up / elapsed / max(self.o.clients, 1) / 1000, 2)}


def _percentile(histogram: np.ndarray, q: float) -> float:
    """The q-th percentile (ms) of a histogram of 1 ms bins: the upper edge of the bin it falls in."""
    total = histogram.sum()
    if total == 0:
        return 0.0
    return float(np.searchsorted(np.cumsum(histogram), total * q / 100.0) + 1)
