"""One simulation from start to finish, as the `simulate` command, the report and the viewer run it:
the scenario the options ask for, the run with a progress bar of simulated time, what it shows."""
from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from engine.agenda.model import Agenda
from engine.errors import UserError
from engine.sim import scenarios
from engine.sim.geometry import SimGeometry, sim_geometry
from engine.sim.recording import Recording
from engine.sim.results import Results, analyse
from engine.sim.run import STUCK_S, Run
from engine.sim.scenarios import Scenario
from engine.venue.model import Venue


@dataclass
class Options:
    """What to simulate (the `simulate` command's options, parsed)."""

    scenario: str = "changeover"
    at: str | None = None                  # as a person typed it: "12:00", "2023-09-21 14:30", ISO 8601
    hall: str | None = None
    people: int | None = None
    occupancy: float = 1.0
    fills: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    seed: int = 1
    max_seconds: float = 1800.0


@dataclass
class Simulated:
    """A finished run: the geometry, the recording and what it shows."""

    geometry: SimGeometry
    recording: Recording
    results: Results


def venue_agenda(venue: Venue) -> tuple[Agenda | None, str | None]:
    """The venue's agenda with halls assigned, or (None, why not)."""
    from engine.agenda.load import load_agenda
    if venue.agenda_path is None:
        return None, None
    try:
        return load_agenda(venue.agenda_path, halls=venue.hall_names(), room_map=venue.room_map), None
    except UserError as exc:
        return None, f"{exc.where}: {exc.what}"


def build_scenario(venue: Venue, options: Options) -> Scenario:
    from engine.agenda.queries import parse_time
    agenda, problem = venue_agenda(venue)
    if problem and (options.scenario == "changeover" or options.at):
        raise UserError("agenda", problem)
    at = None
    if options.at is not None:
        try:
            at = parse_time(options.at, first_day=agenda.first_day() if agenda else None)
        except ValueError as exc:
            raise UserError("--at", str(exc)) from None
        if agenda is None or not agenda.sessions:
            raise UserError("--at", "the scene has no agenda, so no time can be chosen in it")
    occupancy = scenarios.Occupancy(options.occupancy, options.fills, options.counts)
    if options.scenario == "egress":
        return scenarios.egress(venue, agenda, at, options.hall, occupancy, options.people)
    return scenarios.changeover(venue, agenda, at, occupancy, options.people, seed=options.seed)


def start(venue: Venue, options: Options) -> Run:
    """The scenario set up as a run, not yet advanced."""
    from engine.sim.routes import Routes
    from engine.world.venue_nav import navmesh_for
    scenario = build_scenario(venue, options)
    return Run(sim_geometry(venue), scenario, Routes(navmesh_for(venue)), seed=options.seed,
               max_seconds=options.max_seconds)


def finish(run: Run, seed: int) -> Simulated:
    """What a stopped run shows, with notes on how it stopped."""
    notes = list(run.geometry.warnings)
    if run.partial and run.failure is None:
        notes.append(f"stopped at --max-seconds {run.max_seconds:g} with {run.sim.agent_count():,} people "
                     "still walking: partial results")
    if run.failure:
        notes.append(run.failure + "; results up to then")
    if run.stuck:
        notes.append(f"{run.stuck} people stood stuck for {STUCK_S:.0f} s and were taken out")
    results = analyse(run.geometry, run.scenario, run.recording, seed, run.partial, run.stuck, notes)
    return Simulated(run.geometry, run.recording, results)


def simulate(venue: Venue, options: Options, progress: bool = True,
             warn: Callable[[list[str]], None] | None = None) -> Simulated:
    """Set up, run with a progress bar of simulated time on stderr, analyse. `warn` hears the
    geometry's warnings before the run."""
    started = time.perf_counter()
    run = start(venue, options)
    if warn is not None:
        warn(run.geometry.warnings)
    advance_with_bar(run, progress)
    wall = time.perf_counter() - started
    sim = finish(run, options.seed)
    sim.results.wall_s = wall
    return sim


def advance_with_bar(run: Run, progress: bool) -> None:
    from tqdm import tqdm
    bar = tqdm(total=round(run.estimate_s()), unit="s", desc="simulated", file=sys.stderr, disable=not progress,
               bar_format="{desc}: {percentage:3.0f}%|{bar}| {n:.0f}/{total:.0f} s [{elapsed}<{remaining}]")
    try:
        while not run.stopped:
            run.advance(5.0)
            if run.elapsed > bar.total:     # the estimate was short: the bar stretches
                bar.total = min(round(run.elapsed * 1.2), round(run.max_seconds))
            bar.update(run.elapsed - bar.n)
    finally:
        bar.close()
