"""Simulated attendees against presence servers: they walk real routes of the venue, pause at places,
chat now and then, and measure what a person would notice: whether they see everyone they should,
and how late the others' moves arrive.

The attendees walk as the viewer's simulated crowd does (engine.world.crowd: routes between halls,
booths and experiences, pauses, keeping apart), stepped for all of them at once; one ticker sends
every moving attendee's pose 10 times a second without waiting on each connection.

Latency is measured end to end: a simulated attendee's heading (which nobody looks at) carries the
millisecond its pose was sent, so whoever receives the move knows how late it is. Visibility compares,
once a second, whom an attendee has been told about with whom it should see (the people in its areas
of interest, as the attendees themselves know where they are), counting only people settled in their
area for a second, so that the figure measures what was lost rather than what is in flight. Both are
measured once everyone has had time to join (WARMUP_S; the join storm itself is not the steady state
the figures describe, and its latency is reported apart as join_p99_ms). A sample
of the attendees (up to OBSERVERS) does the measuring; the others only take their frames, as a
viewer would, so that the load generator spends its time on load.
"""
from __future__ import annotations

import asyncio
import functools
import json
import math
import multiprocessing as mp
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from websockets.exceptions import InvalidHandshake

from engine.net import loop
from engine.net.areas import CELL_M, AreaMap
from engine.net.light import LightConnection
from engine.world.crowd import Crowd
from engine.world.navmesh import NavMesh

SETTLE_S = 1.0
WARMUP_S = 4.0               # at most; half the run when the run is short
CHAT_EVERY_S = 60.0          # on average, per attendee
LATENCY_BINS = 6_000         # a histogram of milliseconds (the last bin: 6 s and more)
OBSERVERS = 100
SLOTS = 5                    # the sends of one period are spread over this many slots
CLOCK_MS = 6000              # the send time travels as (ms mod 6000) in the heading: -3.000 .. 2.999


@dataclass
class LoadOptions:
    urls: list[str]
    clients: int
    seconds: float
    rate: float = 10.0
    access_code: str = ""
    seed: int = 1
    procs: int = 1             # load generator processes: one core cannot take 20,000 frames a second


@dataclass
class Sim:
    """One simulated attendee: where it walks, and what it has heard."""

    index: int
    url: str
    pos: np.ndarray
    area: str = ""
    area_since: float = 0.0
    id: int = 0
    seq: int = 0
    known: set[int] = field(default_factory=set)
    connected: bool = False
    conn: LightConnection | None = None
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
    join_latency: np.ndarray = field(default_factory=lambda: np.zeros(LATENCY_BINS, np.int64))   # while joining
    expected: int = 0
    seen: int = 0

    def error(self, kind: str) -> None:
        self.errors += 1
        self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1

    def add(self, other: Tally) -> None:
        """Another process's figures, added in."""
        for name in ("sent", "received", "bytes_up", "bytes_down", "errors", "expected", "seen"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for kind, n in other.error_kinds.items():
            self.error_kinds[kind] = self.error_kinds.get(kind, 0) + n
        self.latency = self.latency + other.latency
        self.join_latency = self.join_latency + other.join_latency


# Where every attendee is (id -> (area, since when)): each process tells the others through the parent.
AreaTable = dict[int, tuple[str, float]]

class LoadTest:
    def __init__(self, options: LoadOptions, navmesh: NavMesh, places: dict[str, tuple[float, float]],
                 areas: AreaMap, share: tuple[int, int] = (0, 1)) -> None:
        """share (k, n): this process runs the attendees whose index is k modulo n."""
        self.o = options
        self.share = share
        self.others: AreaTable = {}         # the other processes' attendees, as last heard
        self.navmesh = navmesh
        self.places = list(places.values())
        self.areas = areas
        self.tally = Tally()
        self.sims = [Sim(i, options.urls[i % len(options.urls)], np.zeros(2)) for i in range(options.clients)]
        mine = self.mine()
        for sim in mine[::max(1, options.clients // OBSERVERS)]:     # each process its share of them
            sim.observer = True
        self.walkers = Crowd(navmesh, places, n=len(mine), seed=options.seed * 101 + share[0])
        for sim, pos in zip(mine, self.walkers.positions):
            sim.pos = pos.copy()
        self._stop = False
        self.steady_from = math.inf             # when the warm-up ends (set when the run starts)

    # -- one attendee ---------------------------------------------------------------------------
    async def attend(self, sim: Sim) -> None:
        await asyncio.sleep(random.uniform(0, min(2.0, self.o.seconds / 4)))   # not all at once
        try:
            sim.conn = await LightConnection.open(sim.url, functools.partial(self._on_frame, sim))
            sim.conn.send_text(json.dumps({"t": "hello", "v": 1, "name": f"Sim {sim.index}", "colour": "#8899aa",
                                           "access": self.o.access_code}))
            code, _ = await sim.conn.closed
            if not self._stop:
                self.tally.error(f"closed {code}")
        except (OSError, InvalidHandshake, TimeoutError) as exc:
            self.tally.error(type(exc).__name__)
        finally:
            sim.connected = False

    def _on_frame(self, sim: Sim, frame: bytes) -> None:
        self.tally.received += 1
        self.tally.bytes_down += len(frame)
        if not sim.connected:
            welcome = json.loads(frame)
            if welcome.get("t") == "welcome":
                sim.id, sim.connected = int(welcome["id"]), True
                self._send_pose(sim, sim.pos, (int(time.monotonic() * 1000) % CLOCK_MS) / 1000 - 3.0)  # here I am
        elif sim.observer and frame.startswith(b'{"t":"update"'):   # only observers read what is inside
            self._update(sim, json.loads(frame), time.monotonic())

    async def tick(self) -> None:
        """Every 1/rate s everyone walks on; each attendee who moved sends its pose in its own slot of
        that period, as people's clients do, unsynchronised (a burst of all at once is no real load)."""
        mine, period = self.mine(), 1.0 / self.o.rate
        slot_of = np.arange(len(mine)) % SLOTS
        last, slot = time.monotonic(), 0
        while not self._stop:
            now = time.monotonic()
            if slot == 0:
                self.walkers.step(max(now - last, 1e-3))
                last = now
            stamp = (int(now * 1000) % CLOCK_MS) / 1000 - 3.0
            for i in np.flatnonzero((self.walkers.speeds > 0.05) & (slot_of == slot)):
                self._send_pose(mine[i], self.walkers.positions[i], stamp)
            for i in np.flatnonzero((np.random.random(len(mine)) < period / CHAT_EVERY_S) & (slot_of == slot)):
                self._send(mine[i], f'{{"t":"chat","scope":"here","text":"hello from {mine[i].index}"}}')
            slot = (slot + 1) % SLOTS
            await asyncio.sleep(max(0.0, period / SLOTS - (time.monotonic() - now)))

    def _send_pose(self, sim: Sim, pos: np.ndarray, stamp: float) -> None:
        sim.pos = pos
        sim.seq += 1
        self._send(sim, f'{{"t":"pose","seq":{sim.seq},"x":{pos[0]:.2f},"z":{pos[1]:.2f},"h":{stamp:.3f}}}')

    def _send(self, sim: Sim, frame: str) -> None:
        """Without waiting on the connection (as the server sends)."""
        if sim.connected and sim.conn is not None and sim.conn.send_text(frame):
            self.tally.sent += 1
            self.tally.bytes_up += len(frame)

    def _note_areas(self, now: float) -> None:
        """Which area each attendee is in, for everyone at once (one numpy call, not one per step)."""
        sims = [s for s in self.mine() if s.connected]
        if not sims:
            return
        xz = np.array([s.pos for s in sims])
        halls = self.areas.halls.hall_of(xz)
        for s, i, (x, z) in zip(sims, halls, xz):
            area = "h:" + self.areas.halls.ids[i] if i >= 0 else f"c:{math.floor(x / CELL_M)}:{math.floor(z / CELL_M)}"
            if area != s.area:
                s.area, s.area_since = area, now

    def _update(self, sim: Sim, m: dict[str, Any], now: float) -> None:
        sim.known |= {int(j["id"]) for j in m["joins"]}
        sim.known -= {int(i) for i in m["leaves"]}
        sim.known.discard(sim.id)                    # a frame shared by the hall mentions us too
        others = [mv for mv in m["moves"] if mv[0] != sim.id]
        if not others:
            return
        sent = (np.array([mv[3] for mv in others]) + 3.0) * 1000
        late = (int(now * 1000) - np.rint(sent).astype(np.int64)) % CLOCK_MS
        histogram = self.tally.latency if now >= self.steady_from else self.tally.join_latency
        np.add.at(histogram, np.minimum(late, LATENCY_BINS - 1), 1)

    # -- the whole run ---------------------------------------------------------------------------
    def mine(self) -> list[Sim]:
        k, n = self.share
        return [s for s in self.sims if s.index % n == k]

    async def run(self, exchange: Callable[[AreaTable], AreaTable] | None = None) -> tuple[Tally, int, float]:
        """Attend for the options' seconds; `exchange` gives this process's area table to the others
        and returns theirs. Returns the tally, the attendees still connected and the time taken."""
        started = time.monotonic()
        self.steady_from = started + min(WARMUP_S, self.o.seconds / 2)
        tasks = [asyncio.create_task(self.attend(s)) for s in self.mine()]
        tasks.append(asyncio.create_task(self.tick()))
        while time.monotonic() - started < self.o.seconds:
            for _ in range(4):
                await asyncio.sleep(0.25)
                self._note_areas(time.monotonic())
            if exchange is not None:
                self.others = await asyncio.to_thread(exchange, self.areas_now())
            if time.monotonic() >= self.steady_from:
                self._sample_visibility(time.monotonic())
        connected = sum(s.connected for s in self.mine())
        self._stop = True
        for sim in self.mine():
            if sim.conn is not None:
                sim.conn.close()
        await asyncio.wait(tasks, timeout=10)
        return self.tally, connected, time.monotonic() - started

    def areas_now(self) -> AreaTable:
        return {s.id: (s.area, s.area_since) for s in self.mine() if s.connected and s.area}

    def _sample_visibility(self, now: float) -> None:
        """For each observer: of those settled in its areas (here or in the other processes), how
        many it was told about."""
        everyone = {**self.others, **self.areas_now()}
        by_area: dict[str, list[int]] = {}
        for pid, (area, since) in everyone.items():
            if now - since >= SETTLE_S:
                by_area.setdefault(area, []).append(pid)
        for s in self.mine():
            if not (s.observer and s.connected and s.area and now - s.area_since >= SETTLE_S):
                continue
            should = {pid for a in AreaMap.interest(s.area) for pid in by_area.get(a, ()) if pid != s.id}
            self.tally.expected += len(should)
            self.tally.seen += len(should & s.known)

def report(options: LoadOptions, t: Tally, connected: int, elapsed: float) -> dict[str, Any]:
    samples = int(t.latency.sum())
    return {"clients": options.clients, "connected": connected, "errors": t.errors,
            "error_kinds": t.error_kinds, "seconds": round(elapsed, 1),
            "sent_per_s": round(t.sent / elapsed, 1), "received_per_s": round(t.received / elapsed, 1),
            "p50_ms": _percentile(t.latency, 50), "p99_ms": _percentile(t.latency, 99),
            "max_ms": float(np.flatnonzero(t.latency)[-1] + 1) if samples else 0.0, "latency_samples": samples,
            "join_p99_ms": _percentile(t.join_latency, 99),
            "visibility": round(t.seen / t.expected, 4) if t.expected else 1.0,
            "down_kb_per_s_per_client": round(t.bytes_down / elapsed / max(options.clients, 1) / 1000, 2),
            "up_kb_per_s_per_client": round(t.bytes_up / elapsed / max(options.clients, 1) / 1000, 2)}


def _percentile(histogram: np.ndarray, q: float) -> float:
    """The q-th percentile (ms) of a histogram of 1 ms bins: the upper edge of the bin it falls in."""
    total = histogram.sum()
    if total == 0:
        return 0.0
    return float(np.searchsorted(np.cumsum(histogram), total * q / 100.0) + 1)


def run_load(options: LoadOptions, navmesh: NavMesh, places: dict[str, tuple[float, float]],
             areas: AreaMap) -> dict[str, Any]:
    """The whole test, in `options.procs` processes (each a share of the attendees), as one report."""
    if options.procs <= 1 or "fork" not in mp.get_all_start_methods():
        tally, connected, elapsed = loop.run(LoadTest(options, navmesh, places, areas).run())
        return report(options, tally, connected, elapsed)
    ctx = mp.get_context("fork")     # the children inherit the venue's nav mesh instead of rebuilding it
    ups: mp.Queue = ctx.Queue()
    downs: list[mp.Queue] = [ctx.Queue() for _ in range(options.procs)]
    results: mp.Queue = ctx.Queue()
    children = [ctx.Process(target=_child, args=(options, navmesh, places, areas, k, ups, downs[k], results),
                            daemon=True) for k in range(options.procs)]
    for child in children:
        child.start()
    total, connected, elapsed = Tally(), 0, 0.0
    tables: dict[int, AreaTable] = {}
    finished = 0
    while finished < options.procs:
        while not ups.empty():
            k, table = ups.get()
            tables[k] = table
            merged = {pid: v for t in tables.values() for pid, v in t.items()}
            for down in downs:
                down.put(merged)
        while not results.empty():
            tally, n, seconds = results.get()
            total.add(tally)
            connected, elapsed, finished = connected + n, max(elapsed, seconds), finished + 1
        time.sleep(0.05)
    for child in children:
        child.join(5)
    for queue in (ups, *downs):      # area tables nobody will read now must not hold up the exit
        queue.cancel_join_thread()
    return report(options, total, connected, elapsed)


def _child(options: LoadOptions, navmesh: NavMesh, places: dict[str, tuple[float, float]], areas: AreaMap,
           k: int, up: mp.Queue, down: mp.Queue, results: mp.Queue) -> None:
    test = LoadTest(options, navmesh, places, areas, share=(k, options.procs))
    latest: AreaTable = {}

    def exchange(table: AreaTable) -> AreaTable:
        nonlocal latest
        up.put((k, table))
        while not down.empty():
            latest = down.get()
        return latest
    outcome = loop.run(test.run(exchange))
    up.cancel_join_thread()          # the parent stops reading area tables once it has every result
    results.put(outcome)
