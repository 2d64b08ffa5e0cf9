"""Who is where, and what each client needs to hear about it: pure state, no I/O.

The server holds everyone it knows of (its own clients, and through the broker the people of other
servers in the areas its clients watch), indexes them by area, and keeps what changed since the
last tick and where each changed person was before it. Each tick every watcher gets only the changes
in its areas of interest: people who came into view (joins, with name and colour), moved, or went out
of view (leaves). Watchers with the same areas get the same frame, made once and sent to all of them
(it may mention the watcher itself, which it ignores); a watcher whose areas just changed gets a
frame of its own. Encoded fragments are made once per person per tick.

In a crowded area the moves take turns: at most MOVES_PER_TICK of an area's movers go in one tick,
the others in the next ones (a move held back is sent later, never lost), so that a hall of
hundreds costs each of its watchers a bounded stream while everyone still sees everyone.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from engine.net.areas import AreaMap, hall_of_area

MOVE_EPS_M = 0.01
TURN_EPS = 0.02
MOVES_PER_TICK = 150


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
    version: int = 0         # counts their moves on their own server: an older record is never applied

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
        self.before: dict[int, str | None] = {}      # where each changed person was when the tick began
        self.held: set[int] = set()                  # moves held back in a crowded area, sent next
        self.sending: set[int] = set()               # the moves this tick sends
        self._ticks = 0

    # -- changes ------------------------------------------------------------------------
    def place(self, pid: int, name: str, colour: str, x: float, z: float, heading: float, server: str,
              now: float, area: str | None = None, version: int | None = None) -> Person:
        """Add someone or move them; the area follows from the position unless given (a remote
        server already knows it, and says which `version` of the person this is: messages from
        other servers can overtake each other, and a stale one must not move anyone back)."""
        area = area or self.areas.area_of(x, z)
        p = self.people.get(pid)
        if p is not None and version is not None and p.server == server and version <= p.version:
            p.seen = now
            return p
        if pid not in self.before:
            self.before[pid] = p.area if p is not None else None
        if p is None:
            p = Person(pid, name, colour, x, z, heading, area, server, now, version or 0)
            self.people[pid] = p
            self.by_area[area].add(pid)
            self.touched[area].add(pid)
            return p
        p.seen, p.name, p.colour, p.server = now, name, colour, server
        p.version = p.version + 1 if version is None else version
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
            self.before.setdefault(pid, p.area)
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
        """The frame for a watcher whose areas changed: everyone it now sees that it did not know of,
        those it no longer sees, and those it still sees who moved; None when that is nothing."""
        now_known = self.visible(watcher)
        joins = now_known - watcher.known
        leaves = watcher.known - now_known
        moves = {pid for pid in now_known & watcher.known if pid in self.sending}
        watcher.known, watcher.stale = now_known, False
        reactions = [f'[{pid},"{kind}"]' for area in watcher.interest for pid, kind in self.reactions.get(area, ())
                     if pid != watcher.id]
        if not (joins or leaves or moves or reactions):
            return None
        return self._frame(ts, joins, moves, leaves, reactions, fragments)

    def tick_frames(self, watchers: list[Watcher], ts: int = 0) -> list[tuple[str, list[Watcher]]]:
        """This tick's frames, each with the watchers to send it to: one per group of watchers with
        the same areas, and one for each watcher whose areas just changed."""
        self._choose_moves()
        groups: dict[frozenset[str], list[Watcher]] = defaultdict(list)
        out: list[tuple[str, list[Watcher]]] = []
        frags = Fragments()
        for w in watchers:
            if w.stale:
                frame = self.update_for(w, frags, ts)
                if frame is not None:
                    out.append((frame, [w]))
            else:
                groups[w.interest].append(w)
        for interest, members in groups.items():
            joins, leaves, moves = self._changes(interest)
            reactions = [f'[{pid},"{kind}"]' for area in interest for pid, kind in self.reactions.get(area, ())]
            for w in members:
                w.known |= joins
                w.known -= leaves
                w.known.discard(w.id)
            if joins or leaves or moves or reactions:
                out.append((self._frame(ts, joins, moves, leaves, reactions, frags), members))
        return out

    def _choose_moves(self) -> None:
        """This tick's moves: every mover (and every move held back before), but in an area with more
        than MOVES_PER_TICK of them only a turn's share, taking turns by id."""
        self._ticks += 1
        movers = (self.moved | self.held) & self.people.keys()
        by_area: dict[str, list[int]] = defaultdict(list)
        for pid in movers:
            by_area[self.people[pid].area].append(pid)
        self.sending = set()
        for area, ids in by_area.items():
            turns = -(-len(ids) // MOVES_PER_TICK)
            self.sending.update(pid for pid in ids if turns == 1 or (pid + self._ticks) % turns == 0)
            self.touched[area].update(ids)          # a held-back move is still a change in its area
        self.held = movers - self.sending

    def _changes(self, interest: frozenset[str]) -> tuple[set[int], set[int], set[int]]:
        """Who came into these areas this tick, who left them, who moved within them."""
        joins: set[int] = set()
        leaves: set[int] = set()
        moves: set[int] = set()
        for area in interest:
            for pid in self.touched.get(area, ()):
                p = self.people.get(pid)
                now_in = p is not None and p.area in interest
                before_in = self.before.get(pid, p.area if p is not None else None) in interest
                if now_in and not before_in:
                    joins.add(pid)
                elif before_in and not now_in:
                    leaves.add(pid)
                elif now_in and pid in self.sending:
                    moves.add(pid)
        return joins, leaves, moves

    def _frame(self, ts: int, joins: set[int], moves: set[int], leaves: set[int], reactions: list[str],
               fragments: Fragments) -> str:
        return ('{"t":"update","ts":' + str(ts) + ',"joins":[' + ",".join(fragments.full(self.people[i]) for i in joins)
                + '],"moves":[' + ",".join(fragments.move(self.people[i]) for i in moves)
                + '],"leaves":[' + ",".join(map(str, leaves)) + '],"reactions":[' + ",".join(reactions) + "]}")

    def end_tick(self) -> None:
        self.touched.clear()
        self.reactions.clear()
        self.moved.clear()
        self.before.clear()

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
