"""The crowd-flow model against measured pedestrian data, with the settings every venue simulation uses
(engine.sim.model.MODEL: JuPedSim's collision-free speed model, its time step, body radius and time gap,
and people placed as engine.sim.geometry places them).

Sources of the figures:
- Free walking speed: U. Weidmann, "Transporttechnik der Fussgänger", Schriftenreihe des IVT Nr. 90,
  ETH Zürich, 2nd ed. 1993: mean 1.34 m/s, standard deviation 0.26 m/s.
- Bottleneck flow: A. Seyfried, O. Passon, B. Steffen, M. Boltes, T. Rupprecht, W. Klingsch, "New insights
  into pedestrian flow through bottlenecks", Transportation Science 43(3):395-406, 2009,
  doi:10.1287/trsc.1090.0263; A. Seyfried, M. Boltes, J. Kähler, W. Klingsch, A. Portz, T. Rupprecht,
  A. Schadschneider, B. Steffen, A. Winkens, "Enhanced empirical data for the fundamental diagram and
  the flow through bottlenecks", Pedestrian and Evacuation Dynamics 2008, Springer 2010, pp. 145-156,
  doi:10.1007/978-3-642-04504-2_11: specific flow through bottlenecks 0.8-2.5 m wide between about 1.2
  and 2.2 persons per metre and second, and total flow growing with width.
"""
import jupedsim as jps
import numpy as np
import pytest
from shapely.geometry import Polygon, box
from shapely.ops import unary_union

from engine.sim.geometry import standing_points
from engine.sim.model import MODEL

MEASURED_JS = (1.2, 2.2)     # persons/(m·s), the range of the bottleneck experiments above


def crossings(geometry: Polygon, start: Polygon, n: int, exit_area: Polygon, line_x: float, seed: int = 3,
              max_s: float = 400.0, speeds: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    """Run n people from `start` to `exit_area` with the venue model; times (sorted) at which each first
    crossed x = line_x, and the time the last one left."""
    sim = jps.Simulation(model=MODEL.jupedsim_model(), geometry=geometry, dt=MODEL.step_s)
    ex = sim.add_exit_stage(exit_area)
    journey = sim.add_journey(jps.JourneyDescription([ex]))
    rng = np.random.default_rng(seed)
    points = standing_points(start, n, rng)
    assert points is not None
    for p, v in zip(points, MODEL.speeds(n, rng) if speeds is None else speeds):
        sim.add_agent(MODEL.agent((float(p[0]), float(p[1])), float(v), journey, ex))
    last_x: dict[int, float] = {}
    times: list[float] = []
    while sim.agent_count() and sim.elapsed_time() < max_s:
        sim.iterate(MODEL.steps_per_sample // 5 or 1)
        for a in sim.agents():
            x = a.position[0]
            if last_x.get(a.id, -1e9) < line_x <= x:
                times.append(sim.elapsed_time())
            last_x[a.id] = x
    assert sim.agent_count() == 0, f"{sim.agent_count()} people still inside after {max_s} s"
    return np.sort(times), sim.elapsed_time()


def test_free_walking_speed_in_a_corridor_matches_the_setting():
    """Alone in a 3 m wide, 40 m long corridor, a person walks at the desired speed the model gives them
    (Weidmann's mean, 1.34 m/s, and one slower and one faster walker), timed over the middle 20 m."""
    corridor = box(0, 0, 40, 3)
    for speed in (MODEL.speed_mean, 1.0, 1.7):
        sim = jps.Simulation(model=MODEL.jupedsim_model(), geometry=corridor, dt=MODEL.step_s)
        ex = sim.add_exit_stage(box(38, 0, 40, 3))
        j = sim.add_journey(jps.JourneyDescription([ex]))
        sim.add_agent(MODEL.agent((1.0, 1.5), speed, j, ex))
        seen = {}
        while sim.agent_count():
            sim.iterate(1)
            x = next(iter(sim.agents())).position[0] if sim.agent_count() else 99.0
            for mark in (10.0, 30.0):
                if x >= mark and mark not in seen:
                    seen[mark] = sim.elapsed_time()
        measured = 20.0 / (seen[30.0] - seen[10.0])
        assert measured == pytest.approx(speed, rel=0.02)


def bottleneck(width: float) -> tuple[Polygon, Polygon, Polygon]:
    """A 10 m x 20 m waiting area, a 4 m long bottleneck of `width`, and 8 m of free space after it."""
    geometry = unary_union([box(-10, -10, 0, 10), box(0, -width / 2, 4, width / 2), box(4, -10, 12, 10)])
    return geometry, box(-9.6, -9.6, -0.4, 9.6), box(10, -10, 12, 10)


def test_specific_flow_through_bottlenecks_is_in_the_measured_range():
    """120 people through bottlenecks of 1.0, 1.6 and 2.4 m: the steady flow (the middle 60% of the
    passages) per metre of width lies in Seyfried et al.'s measured range, and the total flow grows
    with the width."""
    flows = []
    for width in (1.0, 1.6, 2.4):
        geometry, start, exit_area = bottleneck(width)
        times, _ = crossings(geometry, start, 120, exit_area, line_x=2.0)
        a, b = int(len(times) * 0.2), int(len(times) * 0.8)
        flow = (b - a) / (times[b] - times[a])
        assert MEASURED_JS[0] <= flow / width <= MEASURED_JS[1], f"{width} m: {flow / width:.2f} /(m·s)"
        flows.append(flow)
    assert flows[0] < flows[1] < flows[2]


def test_a_room_of_200_with_one_door_empties_as_the_measured_flow_says():
    """200 people in a 12 m x 12 m room with one 1.2 m door: the room empties between N / (2.2 x 1.2)
    and N / (1.2 x 1.2) seconds, plus the time the last person needs to walk to the door unhindered."""
    room = box(-12, -6, 0, 6)
    door = box(0, -0.6, 0.3, 0.6)          # a 0.3 m thick wall with a 1.2 m opening
    outside = box(0.3, -8, 8, 8)
    times, _ = crossings(unary_union([room, door, outside]), room, 200, box(6, -8, 8, 8), line_x=0.15)
    assert len(times) == 200
    emptied = times[-1]
    walk = np.hypot(12, 6) / MODEL.speed_mean
    assert 200 / (MEASURED_JS[1] * 1.2) <= emptied <= 200 / (MEASURED_JS[0] * 1.2) + walk, emptied
