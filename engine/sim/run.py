"""A scenario on the venue's geometry as a JuPedSim simulation: people placed on the free floor of the
halls they start in, each with a journey (door, legs of the route, destination) and a walking speed;
advanced a little at a time (a progress bar, or a viewer's frame budget), recording positions.

Every choice that involves chance comes from one numpy generator seeded with `seed`, so a scenario
with the same seed gives the same result.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from shapely.geometry import Point, Polygon

from engine.errors import UserError
from engine.sim.geometry import XZ, DoorGap, SimGeometry, standing_points
from engine.sim.model import MODEL, PedModel
from engine.sim.recording import Person, Recording
from engine.sim.routes import Routes, Unreachable
from engine.sim.scenarios import Destination, Flow, Scenario

# A leg's end counts as reached this far off. The legs only keep JuPedSim's own route search short: it
# steers round every corner on its way to the next stage. Passing closer would pack the crowd round
# each point.
WAYPOINT_REACH_M = 6.0
DOOR_OUT_M = 1.0            # the door's waypoint stands this far outside the opening
ENTRY_IN_M = 1.5            # a door counts only if the floor this far inside it is walkable
LANES = (0, 1, 2)           # people spread over three lanes: beside the route, and further out at corners
LANE_M = 2.5                # lanes this far apart on straight legs (the middle one on the route)
CORNER_M = (1.5, 3.5, 5.5)  # and this far out of a turn at a corner
STUCK_S = 120.0             # someone who has not moved 0.2 m in this long is taken out (and counted)


@dataclass(frozen=True)
class Plan:
    """One person's way: door out (None: stays in the hall), the point the route runs to, the
    stages after it (the destination hall's entrance), and the area where they arrive."""

    door: DoorGap | None
    target: XZ | None
    after: tuple[XZ, ...]
    arrive: Polygon
    label: str
    lane: int = 0


class Run:
    """A running simulation. `advance(seconds)` moves it on; `done` when everyone has arrived;
    `partial` when it stopped at `max_seconds` with people still walking."""

    def __init__(self, geometry: SimGeometry, scenario: Scenario, routes: Routes, seed: int = 1,
                 max_seconds: float = 1800.0, model: PedModel = MODEL) -> None:
        import jupedsim as jps
        self.geometry, self.scenario, self.routes, self.model = geometry, scenario, routes, model
        self.max_seconds = float(max_seconds)
        self.rng = np.random.default_rng(seed)
        self.sim = jps.Simulation(model=model.jupedsim_model(), geometry=geometry.walkable, dt=model.step_s)
        self._stages: dict[object, int] = {}
        self._journeys: dict[tuple, tuple[int, int]] = {}
        self.recording = Recording(model.sample_s)
        self._index_of: dict[int, int] = {}
        self._memo: dict[tuple, float] = {}
        self._open = geometry.walkable.buffer(-0.6)   # at least this clear of walls and obstacles
        self.stuck = 0
        self.failure: str | None = None
        self._still: dict[int, tuple[float, float, float]] = {}   # agent: (x, z, since when)
        self._place_everyone()
        self._sample()

    # -- set-up ---------------------------------------------------------------------------------
    def _place_everyone(self) -> None:
        by_origin: dict[str, list[Flow]] = defaultdict(list)
        for f in self.scenario.flows:
            by_origin[f.origin].append(f)
        for origin, flows in by_origin.items():
            hall = self.geometry.halls[origin]
            n = sum(f.people for f in flows)
            points = standing_points(hall.floor, n, self.rng)
            if points is None:
                raise UserError(origin, f"{n:,} people do not fit on the free floor of {hall.name} "
                                        f"({hall.floor.area:,.0f} m² between seats, stage and walls)")
            labels = self.rng.permutation(np.repeat(np.arange(len(flows)), [f.people for f in flows]))
            speeds = self.model.speeds(n, self.rng)
            for k, (p, i) in enumerate(zip(points, labels)):
                plan = self._plan(origin, flows[int(i)].destination, (float(p[0]), float(p[1])))
                self._add(plan, (float(p[0]), float(p[1])), float(speeds[k]), origin)

    def _plan(self, origin: str, dest: Destination, start: XZ) -> Plan:
        geo, hall = self.geometry, self.geometry.halls[origin]
        if dest.kind == "stay":
            zone = hall.zones[int(self.rng.integers(len(hall.zones)))] if hall.zones else hall.floor
            return Plan(None, None, (), zone, f"stay:{origin}")
        door = self._door(hall.doors, start, dest)
        out = door.point(DOOR_OUT_M)
        lane = LANES[int(self.rng.integers(len(LANES)))]
        if dest.kind == "exit":
            gate = min(geo.gates, key=lambda g: self._onward(out, Destination("gate", g.id)))
            return Plan(door, gate.centre, (), gate.area, "exit", lane)
        if dest.kind == "spot":
            area = geo.spots[dest.id]
            return Plan(door, (area.centroid.x, area.centroid.y), (), area, f"spot:{dest.id}", lane)
        target = geo.halls[dest.id]
        entry = min(target.doors, key=lambda d: self.routes.distance(out, d.point(DOOR_OUT_M)))
        zones = target.zones or [target.floor]
        zone = zones[int(self.rng.integers(len(zones)))]
        return Plan(door, entry.point(DOOR_OUT_M), (), zone, f"hall:{dest.id}", lane)

    def _door(self, doors: list[DoorGap], start: XZ, dest: Destination) -> DoorGap:
        """The door on the shortest way out towards the destination (walking distance on the nav mesh)."""
        usable = [d for d in doors if self.geometry.walkable.contains(Point(d.point(DOOR_OUT_M)))
                  and self.geometry.walkable.contains(Point(d.point(-ENTRY_IN_M)))]
        if not usable:
            raise UserError(doors[0].hall if doors else "scene", "no door of the hall opens onto walkable ground")
        tri = int(self.routes.triangles(np.array([start]))[0])
        return min(usable, key=lambda d: self.routes.distances_from(d.point(-ENTRY_IN_M))[tri]
                   + self._onward(d.point(DOOR_OUT_M), dest))

    def _onward(self, out: XZ, dest: Destination) -> float:
        key = (out, dest)
        if key not in self._memo:
            self._memo[key] = self._walk_to(out, dest)
        return self._memo[key]

    def _walk_to(self, out: XZ, dest: Destination) -> float:
        if dest.kind == "exit":
            return min((self.routes.distance(out, g.centre) for g in self.geometry.gates), default=0.0)
        if dest.kind == "hall":
            return min(self.routes.distance(out, d.point(DOOR_OUT_M)) for d in self.geometry.halls[dest.id].doors)
        if dest.kind == "spot":
            c = self.geometry.spots[dest.id].centroid
            return self.routes.distance(out, (c.x, c.y))
        if dest.kind == "gate":
            return self.routes.distance(out, next(g.centre for g in self.geometry.gates if g.id == dest.id))
        return 0.0

    def _add(self, plan: Plan, at: XZ, speed: float, origin: str) -> None:
        journey, first = self._journey(plan)
        agent = self.sim.add_agent(self.model.agent(at, speed, journey, first))
        self._index_of[agent] = len(self.recording.people)
        self.recording.people.append(Person(origin, plan.door.id if plan.door else "", plan.label))

    def _journey(self, plan: Plan) -> tuple[int, int]:
        key = (plan.door.id if plan.door else None, plan.target, plan.after, id(plan.arrive), plan.lane)
        if key not in self._journeys:
            import jupedsim as jps
            stages: list[int] = []
            if plan.door is not None and plan.target is not None:
                out = plan.door.point(DOOR_OUT_M)
                # Reached once through the opening anywhere across its width, not only at its middle.
                stages.append(self._waypoint(out, float(np.hypot(plan.door.clear_m / 2, DOOR_OUT_M)) + 0.25))
                try:
                    legs = self.routes.legs(out, plan.target)
                except Unreachable:
                    raise UserError(plan.door.id, f"no walkable way from {plan.door.id} to {plan.label}") from None
                stages += [self._waypoint(p, reach) for p, reach in self._lane(out, legs, plan.target, plan.lane)]
                stages += [self._waypoint(p, WAYPOINT_REACH_M) for p in [plan.target, *plan.after]]
            stages.append(self._exit(plan.arrive))
            journey = jps.JourneyDescription(stages)
            for a, b in zip(stages, stages[1:]):
                journey.set_transition_for_stage(a, jps.Transition.create_fixed_transition(b))
            self._journeys[key] = (self.sim.add_journey(journey), stages[0])
        return self._journeys[key]

    def _lane(self, start: XZ, legs: list[XZ], end: XZ, lane: int) -> list[tuple[XZ, float]]:
        """The legs' ends for one lane, with how close each must be passed: moved sideways on straight
        legs, out of the turn at corners, as far as the floor allows. A crowd aiming at one point
        would walk in single file and jam at corners that a real crowd rounds side by side."""
        pts = np.array([start, *legs, end], float)
        out = []
        for i in range(1, len(pts) - 1):
            a = pts[i] - pts[i - 1]
            b = pts[i + 1] - pts[i]
            a, b = a / max(float(np.hypot(*a)), 1e-9), b / max(float(np.hypot(*b)), 1e-9)
            bend = a - b
            if float(np.hypot(*bend)) > 0.2:
                out.append((self._room(pts[i], bend / float(np.hypot(*bend)), CORNER_M[lane]), WAYPOINT_REACH_M))
            else:
                out.append((self._room(pts[i], np.array([-a[1], a[0]]), (lane - 1) * LANE_M), WAYPOINT_REACH_M))
        return out

    def _room(self, p: np.ndarray, side: np.ndarray, amount: float) -> XZ:
        """p moved up to `amount` along `side`, less where that would leave the open floor."""
        for f in (1.0, 0.6, 0.3):
            q = p + side * amount * f
            if self._open.contains(Point(q)):
                return (float(q[0]), float(q[1]))
        return (float(p[0]), float(p[1]))

    def _waypoint(self, p: XZ, reach: float) -> int:
        key = ("wp", round(p[0], 3), round(p[1], 3), reach)
        if key not in self._stages:
            self._stages[key] = self.sim.add_waypoint_stage((float(p[0]), float(p[1])), reach)
        return self._stages[key]

    def _exit(self, area: Polygon) -> int:
        key = ("exit", id(area))
        if key not in self._stages:
            self._stages[key] = self.sim.add_exit_stage(area)
        return self._stages[key]

    # -- running --------------------------------------------------------------------------------
    @property
    def elapsed(self) -> float:
        return float(self.sim.elapsed_time())

    @property
    def done(self) -> bool:
        return self.sim.agent_count() == 0

    @property
    def stopped(self) -> bool:
        return self.done or self.failure is not None or self.elapsed >= self.max_seconds - 1e-9

    @property
    def partial(self) -> bool:
        return not self.done and self.stopped

    def advance(self, seconds: float) -> None:
        """Simulate up to `seconds` more (in whole samples), stopping early when done or at max_seconds."""
        target = min(self.elapsed + seconds, self.max_seconds)
        while not self.stopped and self.elapsed < target - 1e-9:
            try:
                self.sim.iterate(self.model.steps_per_sample)
            except RuntimeError as exc:   # JuPedSim refuses a state (someone pressed off the floor)
                self.failure = f"the simulation stopped at {self.elapsed:.0f} s: {exc}"
                return
            self._sample()

    def _sample(self) -> None:
        agents = list(self.sim.agents())
        index = np.fromiter((self._index_of[a.id] for a in agents), np.int32, len(agents))
        xz = np.array([a.position for a in agents], np.float32).reshape(-1, 2)
        self.recording.add(round(self.elapsed, 6), index, xz)
        if int(round(self.elapsed / self.model.sample_s)) % 20 == 0:
            self._take_out_stuck(agents, xz)

    def _take_out_stuck(self, agents: list, xz: np.ndarray) -> None:
        """Someone pressed into a corner by the model's repulsion can stand there for ever: after
        STUCK_S without moving 0.2 m they are taken out and counted in `stuck`."""
        now = self.elapsed
        for a, (x, z) in zip(agents, xz):
            x0, z0, since = self._still.get(a.id, (x, z, now))
            if np.hypot(x - x0, z - z0) > 0.2:
                self._still[a.id] = (x, z, now)
            elif now - since >= STUCK_S:
                self.sim.mark_agent_for_removal(a.id)
                self.stuck += 1
            else:
                self._still.setdefault(a.id, (x, z, now))

    def estimate_s(self) -> float:
        """A rough length of the whole run (for a progress bar): the longest walk at 1.2 m/s plus the
        time the busiest door needs at 1.3 persons per metre and second."""
        walks = [self.routes.distance(d.point(DOOR_OUT_M), g.centre) for d in self.geometry.doors.values()
                 for g in self.geometry.gates[:1] if d.hall in {f.origin for f in self.scenario.flows}]
        finite = [w for w in walks if np.isfinite(w)]
        by_door: dict[str, int] = defaultdict(int)
        for p in self.recording.people:
            if p.door:
                by_door[p.door] += 1
        queue = max((n / (1.3 * max(self.geometry.doors[d].clear_m, 0.5)) for d, n in by_door.items()), default=0.0)
        return float(min(self.max_seconds, 60.0 + queue + (max(finite) if finite else 0.0) / 1.2))
