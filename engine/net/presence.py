"""Who is where, and what each client needs to hear about it: pure state, no I/O.

The server holds everyone it knows of (its own clients, and through the broker the people of other
servers in the areas its clients watch), indexes them by area, and keeps what changed since the
last tick. Each tick every watcher gets only the changes in its areas of interest: people who came
into view (joins, with name and colour), moved, or went out of view (leaves). Encoded fragments are
made once per person per tick and shared by every watcher that needs them.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from engine.net.areas import AreaMap, hall_of_area

MOVE_EPS_M = 0.01
TURN_EPS = 0.02


@dataclass
class Person:
    id: int
    name: str
    colour: str
    x: float
    z: float
    heading: float
    area: str
    server: str              # which server's client this is
    seen: float              # when this server last heard of them (its own clock)

    def full(self) -> str:
        return (f'{{"id":{self.id},"name":{_json_str(self.name)},"colour":"{self.colour}",'
                f'"x":{self.x:.2f},"z":{self.z:.2f},"h":{self.heading:.3f}}}')

    def move(self) -> str:
        return f"[{self.id},{self.x:.2f},{self.z:.2f},{self.heading:.3f}]"


def _json_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


@dataclass
class Watcher:
    """A client's view: its own id, the areas it watches and the people it has been told about."""

    id: int
    interest: frozenset[str] = frozenset()
    known: set[int] = field(default_factory=set)
    stale: bool = True           # its interest changed: recompute its view in full


class Presence:
    def __init__(self, areas: AreaMap, server: str) -> None:
        self.areas = areas
        self.server = server
        self.people: dict[int, Person] = {}
        self.by_area: dict[str, set[int]] = defaultdict(set)
        self.touched: dict[str, set[int]] = defaultdict(set)     # area -> ids that changed there this tick
        self.reactions: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self.moved: set[int] = set()

    # -- changes ------------------------------------------------------------------------
    def place(self, pid: int, name: str, colour: str, x: float, z: float, heading: float, server: str,
              now: float, area: str | None = None) -> Person:
        """Add someone or move them; the area follows from the position unless given (a remote
        server already knows it)."""
        area = area or self.areas.area_of(x, z)
        p = self.people.get(pid)
        if p is None:
            p = Person(pid, name, colour, x, z, heading, area, server, now)
            self.people[pid] = p
            self.by_area[area].add(pid)
            self.touched[area].add(pid)
            return p
        p.seen, p.name, p.colour = now, name, colour
        if abs(p.x - x) < MOVE_EPS_M and abs(p.z - z) < MOVE_EPS_M and abs(p.heading - heading) < TURN_EPS \
                and p.area == area:
            return p
        p.x, p.z, p.heading = x, z, heading
        self.moved.add(pid)
        if area != p.area:
            self.by_area[p.area].discard(pid)
            self.touched[p.area].add(pid)
            p.area = area
            self.by_area[area].add(pid)
        self.touched[area].add(pid)
        return p

    def remove(self, pid: int) -> Person | None:
        p = self.people.pop(pid, None)
        if p is not None:
            self.by_area[p.area].discard(pid)
            self.touched[p.area].add(pid)
        return p

    def react(self, pid: int, kind: str) -> None:
        p = self.people.get(pid)
        if p is not None:
            self.reactions[p.area].append((pid, kind))

    def forget_quiet(self, now: float, after_s: float) -> list[int]:
        """Drop other servers' people not heard of for `after_s` (their server may have died)."""
        gone = [pid for pid, p in self.people.items() if p.server != self.server and now - p.seen > after_s]
        for pid in gone:
            self.remove(pid)
        return gone

    # -- what each watcher hears ----------------------------------------------------------
    def visible(self, watcher: Watcher) -> set[int]:
        ids: set[int] = set()
        for area in watcher.interest:
            ids |= self.by_area.get(area, set())
        ids.discard(watcher.id)
        return ids

    def update_for(self, watcher: Watcher, fragments: Fragments, ts: int = 0) -> str | None:
        """The watcher's batched update this tick (a JSON frame stamped with the tick's time `ts`,
        server milliseconds), or None when nothing changed."""
        if watcher.stale:
            now_known = self.visible(watcher)
            joins = now_known - watcher.known
            leaves = watcher.known - now_known
            moves = {pid for pid in now_known & watcher.known if pid in self.moved}
            watcher.stale = False
        else:
            joins, leaves, moves = set(), set(), set()
            for area in watcher.interest:
                for pid in self.touched.get(area, ()):
                    self._sort(pid, watcher, joins, leaves, moves)
        watcher.known = (watcher.known | joins) - leaves
        reactions = [f'[{pid},"{kind}"]' for area in watcher.interest for pid, kind in self.reactions.get(area, ())
                     if pid != watcher.id]
        if not (joins or leaves or moves or reactions):
            return None
        return ('{"t":"update","ts":' + str(ts) + ',"joins":[' + ",".join(fragments.full(self.people[i]) for i in joins)
                + '],"moves":[' + ",".join(fragments.move(self.people[i]) for i in moves)
                + '],"leaves":[' + ",".join(map(str, leaves)) + '],"reactions":[' + ",".join(reactions) + "]}")

    def _sort(self, pid: int, watcher: Watcher, joins: set[int], leaves: set[int], moves: set[int]) -> None:
        if pid == watcher.id:
            return
        p = self.people.get(pid)
        seen = p is not None and p.area in watcher.interest
        if seen and pid not in watcher.known:
            joins.add(pid)
        elif seen and pid in self.moved:
            moves.add(pid)
        elif not seen and pid in watcher.known:
            leaves.add(pid)

    def end_tick(self) -> None:
        self.touched.clear()
        self.reactions.clear()
        self.moved.clear()

    # -- counts ---------------------------------------------------------------------------
    def hall_counts(self, server: str | None = None) -> dict[str, int]:
        """People in each hall (only those of `server` when given)."""
        counts: dict[str, int] = {}
        for area, ids in self.by_area.items():
            hall = hall_of_area(area)
            if hall is not None:
                n = len(ids) if server is None else sum(1 for i in ids if self.people[i].server == server)
                if n:
                    counts[hall] = n
        return counts


class Fragments:
    """Each person's encoded join and move records, made at most once per tick."""

    def __init__(self) -> None:
        self._full: dict[int, str] = {}
        self._move: dict[int, str] = {}

    def full(self, p: Person) -> str:
        s = self._full.get(p.id)
        if s is None:
            s = self._full[p.id] = p.full()
        return s

    def move(self, p: Person) -> str:
        s = self._move.get(p.id)
        if s is None:
            s = self._move[p.id] = p.move()
        return s
