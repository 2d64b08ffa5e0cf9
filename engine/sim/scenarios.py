"""Who walks where: the changeover and egress scenarios as flows of people between halls, the outdoor
experiences and the gates.

A changeover at time T: every session ending within CHANGE_WINDOW of T lets its audience out; the next
session of every hall starting from then to START_WINDOW later takes its audience in; halls whose
session runs through T (the exhibition) keep their visitors, who go on browsing. Leavers fill the
starting halls first (a hall that ends and starts again within RESTART_WINDOW keeps as many of its
people as it needs);
open halls' visitors make up any shortfall; the leavers left over split between the open halls with
room, the outdoor experiences and the gates (REST_SHARES). Egress: everyone in the chosen halls walks
to the nearest gate.

How many people a session draws: its hall's capacity (no more than its seats) times an occupancy
factor, 1.0 unless given per session or hall, or a count given per session or hall (tallied
bookmarks, live presence counts).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

from engine.agenda.model import VENUE_TZ, Agenda, Session
from engine.errors import UserError
from engine.i18n import _
from engine.i18n.dates import format_datetime
from engine.sim.geometry import hall_capacity
from engine.venue.model import Hall, Venue

CHANGE_WINDOW = timedelta(minutes=10)
START_WINDOW = timedelta(hours=2)
RESTART_WINDOW = timedelta(minutes=30)   # a hall that starts again this soon keeps its audience
REST_SHARES = {"hall": 0.5, "spot": 0.2, "exit": 0.3}   # assumptions: where people go between sessions


@dataclass(frozen=True, order=True)
class Destination:
    """Where a flow goes: `hall` (to the seats of hall `id`), `stay` (browsing the hall they are in),
    `spot` (outdoor experience `id`) or `exit` (the nearest gate)."""

    kind: str
    id: str = ""

    def label(self) -> str:
        return {"hall": f"to {self.id}", "stay": "browsing", "spot": f"to {self.id}", "exit": "leaving"}[self.kind]


@dataclass(frozen=True)
class Flow:
    origin: str            # the hall they start in
    destination: Destination
    people: int


@dataclass
class Scenario:
    kind: str              # "changeover" or "egress"
    title: str
    at: datetime | None
    flows: list[Flow]
    notes: list[str] = field(default_factory=list)

    @property
    def people(self) -> int:
        return sum(f.people for f in self.flows)

    def leaving(self, hall: str) -> int:
        """People who walk out of `hall` (browsers who stay inside are not counted)."""
        return sum(f.people for f in self.flows if f.origin == hall and f.destination.kind != "stay")

    def arriving(self, hall: str) -> int:
        return sum(f.people for f in self.flows if f.destination == Destination("hall", hall))


@dataclass
class Occupancy:
    """How full sessions are: a default factor, factors per hall or session id, counts per hall or
    session id (counts win over factors)."""

    factor: float = 1.0
    factors: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def audience(self, hall: Hall, session: Session | None = None) -> int:
        cap = hall_capacity(hall)
        keys = ([session.id] if session is not None else []) + [hall.id]
        for key in keys:
            if key in self.counts:
                return _within(self.counts[key], cap, hall, "--counts")
        factor = next((self.factors[k] for k in keys if k in self.factors), self.factor)
        return _within(int(round(cap * factor)), cap, hall, "--fill" if any(k in self.factors for k in keys)
                       else "--occupancy")


def _within(n: int, cap: int, hall: Hall, where: str) -> int:
    if n > cap:
        raise UserError(where, f"{n:,} people in {hall.id} is more than it holds ({cap:,}: its capacity"
                               + (", no more than its seats)" if hall.kind.seated and hall.seats else ")"))
    return n


# ------------------------------------------------------------------------------------------- egress
def egress(venue: Venue, agenda: Agenda | None, at: datetime | None, hall: str | None,
           occupancy: Occupancy, people: int | None = None) -> Scenario:
    """Every occupied hall (those with a session on at `at`; all of them without `at`), or `hall`
    alone, empties to the nearest gates."""
    if hall is not None:
        halls = [_hall(venue, hall)]
    elif at is not None and agenda is not None:
        _check_in_agenda(agenda, at)
        on = {s.hall for s in agenda.sessions if s.hall and s.is_on(at)}
        halls = [h for h in venue.halls.values() if h.id in on]
        if not halls:
            raise UserError("--at", f"no session is on at {_hm(at)}: every hall is empty")
    else:
        halls = list(venue.halls.values())
    running = {s.hall: s for s in (agenda.sessions if agenda else []) if s.hall and at and s.is_on(at)}
    flows = [Flow(h.id, Destination("exit"), occupancy.audience(h, running.get(h.id))) for h in halls]
    flows = _scaled(venue, [f for f in flows if f.people], people)
    which = halls[0].name_in() if hall is not None else (_("every occupied hall") if at else _("every hall, full"))
    title = _("Egress: {which} at {time}").format(which=which, time=format_datetime(at)) if at else \
        _("Egress: {which}").format(which=which)
    return Scenario("egress", title, at, flows)


def _hall(venue: Venue, hall_id: str) -> Hall:
    if hall_id not in venue.halls:
        import difflib
        close = difflib.get_close_matches(hall_id, list(venue.halls), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else f"; halls: {', '.join(venue.halls)}"
        raise UserError("--hall", f"no hall {hall_id!r}{hint}")
    return venue.halls[hall_id]


def _scaled(venue: Venue, flows: list[Flow], people: int | None) -> list[Flow]:
    """Flows scaled to `people` in all (largest remainders), refused where a hall would overflow."""
    if people is None:
        return flows
    total = sum(f.people for f in flows)
    if total == 0:
        raise UserError("--people", "nobody is in the halls this scenario uses, so there is nobody to scale")
    counts = split(people, [f.people for f in flows])
    out = [Flow(f.origin, f.destination, n) for f, n in zip(flows, counts) if n]
    for hid in {f.origin for f in out} | {f.destination.id for f in out if f.destination.kind == "hall"}:
        hall = venue.halls[hid]
        inside = max(sum(f.people for f in out if f.origin == hid),
                     sum(f.people for f in out if f.destination == Destination("hall", hid)))
        if inside > hall_capacity(hall):
            raise UserError("--people", f"{people:,} people would put {inside:,} in {hid}, which holds "
                                        f"{hall_capacity(hall):,}")
    return out


def split(total: int, weights: list[float] | list[int]) -> list[int]:
    """`total` split in proportion to `weights` by largest remainders (sums to total; all 0 when the
    weights are)."""
    w = np.asarray(weights, float)
    if total <= 0 or w.sum() <= 0:
        return [0] * len(w)
    exact = w / w.sum() * total
    out = np.floor(exact).astype(int)
    for i in np.argsort(-(exact - out), kind="stable")[: total - int(out.sum())]:
        out[i] += 1
    return [int(v) for v in out]


# --------------------------------------------------------------------------------------- changeover
@dataclass
class Change:
    """What happens in the halls at one changeover: people leaving, wanted, and browsing, per hall."""

    at: datetime
    leaving: dict[str, int]
    wanted: dict[str, int]
    open: dict[str, int]
    ending: list[Session]
    starting: list[Session]


def change_at(venue: Venue, agenda: Agenda, at: datetime, occupancy: Occupancy) -> Change:
    """Audiences at a changeover; a hall that ends and starts again keeps what it needs of its own."""
    sessions = [s for s in agenda.sessions if s.hall is not None and s.hall in venue.halls]
    ending = [s for s in sessions if abs(s.end - at) <= CHANGE_WINDOW]
    running = [s for s in sessions if s.start < at - CHANGE_WINDOW and s.end > at + CHANGE_WINDOW]
    busy = {_id(s) for s in running}
    ends = {_id(s) for s in ending}
    starting = []
    for hid in venue.halls:
        # A hall letting people out is a destination only if it starts again at once.
        until = at + (RESTART_WINDOW if hid in ends else START_WINDOW)
        nxt = sorted((s for s in sessions if s.hall == hid and at - CHANGE_WINDOW <= s.start <= until),
                     key=lambda s: s.start)
        if nxt and hid not in busy:
            starting.append(nxt[0])
    leaving = {_id(s): occupancy.audience(venue.halls[_id(s)], s) for s in ending if s.hall not in busy}
    wanted = {_id(s): occupancy.audience(venue.halls[_id(s)], s) for s in starting}
    for hid in set(leaving) & set(wanted):
        stay = min(leaving[hid], wanted[hid])
        leaving[hid] -= stay
        wanted[hid] -= stay
    open_ = {_id(s): occupancy.audience(venue.halls[_id(s)], s) for s in running if s.hall not in leaving}
    return Change(at, {k: v for k, v in leaving.items() if v}, {k: v for k, v in wanted.items() if v},
                  {k: v for k, v in open_.items() if v}, [s for s in ending if s.hall not in busy], starting)


def _id(session: Session) -> str:
    """The hall of a session already matched to one."""
    assert session.hall is not None
    return session.hall


def changeover_times(venue: Venue, agenda: Agenda) -> list[datetime]:
    """Every time at which some hall lets people out, in order."""
    ends = sorted({s.end for s in agenda.sessions if s.hall in venue.halls})
    return [t for t in ends if change_at(venue, agenda, t, Occupancy()).leaving]


def changeover(venue: Venue, agenda: Agenda | None, at: datetime | None, occupancy: Occupancy,
               people: int | None = None, seed: int = 1) -> Scenario:
    """The changeover at `at` (default: the agenda's first at which a hall lets people out)."""
    if agenda is None or not agenda.sessions:
        raise UserError("--scenario", "a changeover needs the scene's agenda, and this scene has none "
                                      "(try --scenario egress)")
    times = changeover_times(venue, agenda)
    if at is None:
        if not times:
            raise UserError("--scenario", "no session in the agenda ends in one of the scene's halls")
        at = times[0]
    _check_in_agenda(agenda, at)
    change = change_at(venue, agenda, at, occupancy)
    flows, notes = _changeover_flows(venue, change, np.random.default_rng(seed))
    if not any(f.destination.kind != "stay" for f in flows):
        day = [f"{t.astimezone(VENUE_TZ):%H:%M}" for t in times
               if t.astimezone(VENUE_TZ).date() == at.astimezone(VENUE_TZ).date()]
        window = CHANGE_WINDOW.seconds // 60
        raise UserError("--at", f"nobody changes halls at {_hm(at)}: no session there lets people out within "
                                f"{window} minutes; changeovers that day: {', '.join(day) or 'none'}")
    flows = _scaled(venue, flows, people)
    out = ", ".join(f"{h} ({n:,})" for h, n in change.leaving.items()) or _("nobody")
    into = ", ".join(f"{h} ({n:,})" for h, n in change.wanted.items()) or _("no hall")
    title = _("Changeover at {time}: out of {out}; into {into}").format(time=format_datetime(at), out=out, into=into)
    return Scenario("changeover", title, at, flows, notes)


def _changeover_flows(venue: Venue, change: Change, rng: np.random.Generator) -> tuple[list[Flow], list[str]]:
    """Pair people with places: leavers (shuffled) with starting halls' seats, open halls' visitors with
    what is still wanted, the rest with REST_SHARES."""
    leavers = list(rng.permutation(np.repeat(list(change.leaving), list(change.leaving.values()))))
    seats = list(rng.permutation(np.repeat(list(change.wanted), list(change.wanted.values()))))
    pairs: Counter[tuple[str, Destination]] = Counter()
    while leavers and seats:
        pairs[(str(leavers.pop()), Destination("hall", str(seats.pop())))] += 1
    visitors = dict(change.open)
    filled = 0
    for hid in seats:   # wanted seats no leaver took: visitors of the open halls walk over
        donor = max(visitors, key=lambda h: visitors[h], default=None)
        if donor is None or visitors[donor] == 0:
            break
        visitors[donor] -= 1
        filled += 1
        pairs[(donor, Destination("hall", str(hid)))] += 1
    short = len(seats) - filled
    for (origin, dest), n in _rest(venue, change, visitors, Counter(str(x) for x in leavers)).items():
        pairs[(origin, dest)] += n
    for hid, n in visitors.items():
        pairs[(hid, Destination("stay", hid))] += n
    notes = [f"{short:,} of the people the starting sessions draw come from outside the venue (not simulated)"] \
        if short > 0 else []
    flows = [Flow(o, d, n) for (o, d), n in sorted(pairs.items()) if n]
    return flows, notes


def _rest(venue: Venue, change: Change, visitors: dict[str, int],
          left: Counter[str]) -> Counter[tuple[str, Destination]]:
    """The leftover leavers of each hall split between open halls with room, outdoor experiences and gates."""
    room = {h: max(hall_capacity(venue.halls[h]) - n, 0) for h, n in visitors.items()}
    spots = [e.id for e in venue.experiences.values() if e.hall not in venue.halls]
    usable = {"hall": sum(room.values()) > 0, "spot": bool(spots), "exit": True}
    shares = {k: v for k, v in REST_SHARES.items() if usable[k]}
    out: Counter[tuple[str, Destination]] = Counter()
    for origin, n in sorted(left.items()):
        by_kind = dict(zip(shares, split(n, list(shares.values()))))
        to_halls = min(by_kind.get("hall", 0), sum(room.values()))
        by_kind["exit"] = by_kind.get("exit", 0) + by_kind.get("hall", 0) - to_halls
        for hid, k in zip(room, split(to_halls, list(room.values()))):
            room[hid] -= k
            out[(origin, Destination("hall", hid))] += k
        for sid, k in zip(spots, split(by_kind.get("spot", 0), [1] * len(spots))):
            out[(origin, Destination("spot", sid))] += k
        out[(origin, Destination("exit"))] += by_kind["exit"]
    return out


def _check_in_agenda(agenda: Agenda, at: datetime) -> None:
    lo = min(s.start for s in agenda.sessions)
    hi = max(s.end for s in agenda.sessions)
    if not lo - START_WINDOW <= at <= hi + START_WINDOW:
        span = f"{lo.astimezone(VENUE_TZ):%Y-%m-%d %H:%M} to {hi.astimezone(VENUE_TZ):%Y-%m-%d %H:%M}"
        raise UserError("--at", f"{at.astimezone(VENUE_TZ):%Y-%m-%d %H:%M} is outside the agenda ({span})")


def _hm(t: datetime) -> str:
    return f"{t.astimezone(VENUE_TZ):%H:%M on %d %b}"
