"""What a simulation shows, from its recording: per hall the time to empty and the flow through each
door, per area the peak density and the time spent at each level of service, and the worst
bottlenecks with where and when. `to_json` gives the `--json` object."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import shapely
from scipy import ndimage

from engine.agenda.model import VENUE_TZ
from engine.sim.density import LEVELS, LIMITS, DensityGrid, level, level_index
from engine.sim.geometry import DoorGap, SimGeometry
from engine.sim.recording import Recording
from engine.sim.scenarios import Scenario

FLOW_BIN_S = 5.0
JAM = LIMITS[2]          # persons/m² where level D begins: walking is restricted, passing difficult
TOP_BOTTLENECKS = 5
NEAR_M = 5.0
MIN_JAM_S = 5.0          # a crowd that lasts less is no bottleneck (people placed close at the start)


@dataclass
class DoorFlow:
    door: DoorGap
    out_s: list[float] = field(default_factory=list)     # times people walked out through it
    in_s: list[float] = field(default_factory=list)

    @property
    def passages(self) -> int:
        return len(self.out_s) + len(self.in_s)

    def persons_per_s(self, sample_s: float) -> float:
        """Mean flow while the door was in use (first to last passage)."""
        times = self.out_s + self.in_s
        if not times:
            return 0.0
        return len(times) / (max(times) - min(times) + sample_s)

    def curve(self, until_s: float) -> tuple[np.ndarray, np.ndarray]:
        """Bin starts (b,) and persons per second through the door in each FLOW_BIN_S bin (b,)."""
        edges = np.arange(0.0, max(until_s, FLOW_BIN_S) + FLOW_BIN_S, FLOW_BIN_S)
        counts, _ = np.histogram(self.out_s + self.in_s, edges)
        return edges[:-1], counts / FLOW_BIN_S


@dataclass
class HallResult:
    id: str
    name: str
    people: int                     # leaving
    arriving: int
    time_to_empty_s: float | None
    last_arrival_s: float | None
    doors: list[DoorFlow]


@dataclass
class AreaResult:
    id: str
    peak_density: float
    peak_at_s: float
    seconds: dict[str, float]       # level of service -> seconds spent at it


@dataclass
class Bottleneck:
    where: str
    x: float
    z: float
    start_s: float
    end_s: float
    peak_density: float

    @property
    def level_of_service(self) -> str:
        return level(self.peak_density)


@dataclass
class Results:
    scenario: Scenario
    seed: int
    simulated_s: float
    partial: bool
    stuck: int
    sample_s: float
    halls: list[HallResult]
    areas: list[AreaResult]
    bottlenecks: list[Bottleneck]
    peak: np.ndarray                # (rows, cols) highest density each cell reached
    grid: DensityGrid
    warnings: list[str] = field(default_factory=list)
    wall_s: float = 0.0


def analyse(geometry: SimGeometry, scenario: Scenario, rec: Recording, seed: int, partial: bool,
            stuck: int = 0, warnings: list[str] | None = None) -> Results:
    grid = DensityGrid(geometry.walkable)
    masks = {name: grid.mask(poly) for name, poly in geometry.areas.items()}
    peak = np.zeros(grid.shape)
    first_jam = np.full(grid.shape, np.inf)
    last_jam = np.full(grid.shape, -np.inf)
    area_peak = {name: (0.0, 0.0) for name in masks}
    seconds = {name: np.zeros(len(LEVELS)) for name in masks}
    for t, xz in zip(rec.times, rec.positions):
        d = np.nan_to_num(grid.density(xz))
        np.maximum(peak, d, out=peak)
        jam = d >= JAM
        first_jam[jam] = np.minimum(first_jam[jam], t)
        last_jam[jam] = t
        for name, m in masks.items():
            top = float(d[m].max()) if m.any() else 0.0
            if top > area_peak[name][0]:
                area_peak[name] = (top, t)
            seconds[name][level_index(top)] += rec.sample_s
    areas = [AreaResult(n, round(area_peak[n][0], 2), area_peak[n][1],
                        {lv: round(float(s), 1) for lv, s in zip(LEVELS, seconds[n])}) for n in masks]
    halls = _halls(geometry, scenario, rec)
    necks = _bottlenecks(geometry, grid, peak, first_jam, last_jam)
    end = rec.times[-1] if rec.times else 0.0
    return Results(scenario, seed, end, partial, stuck, rec.sample_s, halls, areas, necks, peak, grid,
                   list(warnings or []))


def _halls(geometry: SimGeometry, scenario: Scenario, rec: Recording) -> list[HallResult]:
    flows = door_flows(geometry, rec)
    gone = rec.gone_at()
    out = []
    for hid, hall in geometry.halls.items():
        leaving, arriving = scenario.leaving(hid), scenario.arriving(hid)
        if not leaving and not arriving:
            continue
        who = np.array([p.origin == hid and not p.destination.startswith("stay") for p in rec.people], bool)
        empty = _time_to_empty(hall.outline, rec, who)
        comers = np.array([p.destination == f"hall:{hid}" for p in rec.people], bool)
        last = float(gone[comers].max()) if comers.any() and np.isfinite(gone[comers]).all() else None
        out.append(HallResult(hid, hall.name, leaving, arriving, empty if leaving else None,
                              last if arriving else None, [flows[d.id] for d in hall.doors]))
    return out


def _time_to_empty(outline, rec: Recording, who: np.ndarray) -> float | None:
    """When the last of `who` left the hall's outline for good (None: someone is still inside)."""
    last_inside = 0.0
    for t, idx, xz in zip(rec.times, rec.present, rec.positions):
        mine = who[idx]
        if mine.any() and shapely.contains_xy(outline, xz[mine, 0], xz[mine, 1]).any():
            last_inside = t
    if rec.times and last_inside >= rec.times[-1] and who.any():
        return None
    return round(last_inside + rec.sample_s, 1) if who.any() else 0.0


def door_flows(geometry: SimGeometry, rec: Recording) -> dict[str, DoorFlow]:
    """Passages through every door: each person's step from one sample to the next that crosses the
    door's opening (jamb to jamb), outwards or inwards."""
    doors = list(geometry.doors.values())
    flows = {d.id: DoorFlow(d) for d in doors}
    if not doors:
        return flows
    a = np.array([d.span[0] for d in doors])          # (D, 2)
    b = np.array([d.span[1] for d in doors])
    outward = np.array([d.outward for d in doors])
    for f in range(1, len(rec)):
        (pi, pxz), (ci, cxz) = rec.at(f - 1), rec.at(f)
        common, ip, ic = np.intersect1d(pi, ci, assume_unique=True, return_indices=True)
        if not len(common):
            continue
        p, q = pxz[ip].astype(float), cxz[ic].astype(float)
        hit = _crosses(p[None], q[None], a[:, None], b[:, None])            # (D, P)
        for k, j in zip(*np.nonzero(hit)):
            step = q[j] - p[j]
            (flows[doors[k].id].out_s if step @ outward[k] > 0 else flows[doors[k].id].in_s).append(rec.times[f])
    return flows


def _crosses(p: np.ndarray, q: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Whether segments p-q and a-b properly intersect (broadcast over leading axes; last axis x, z)."""
    def side(o, u, v):
        return (u[..., 0] - o[..., 0]) * (v[..., 1] - o[..., 1]) - (u[..., 1] - o[..., 1]) * (v[..., 0] - o[..., 0])
    d1, d2 = side(a, b, p), side(a, b, q)
    d3, d4 = side(p, q, a), side(p, q, b)
    return (d1 * d2 < 0) & (d3 * d4 < 0)


def _bottlenecks(geometry: SimGeometry, grid: DensityGrid, peak: np.ndarray, first: np.ndarray,
                 last: np.ndarray) -> list[Bottleneck]:
    """Places that reached level D or worse, one per connected patch, worst first."""
    labels, n = ndimage.label(peak >= JAM, structure=np.ones((3, 3)))
    xs, zs = grid.centres()
    found = []
    for k in range(1, n + 1):
        cells = labels == k
        r, c = np.unravel_index(int(np.argmax(np.where(cells, peak, -1.0))), peak.shape)
        x, z = float(xs[c]), float(zs[r])
        # When: while the cells within NEAR_M of the worst one were jammed (a patch can reach far).
        rr, cc = np.ogrid[:peak.shape[0], :peak.shape[1]]
        near = cells & ((rr - r) ** 2 + (cc - c) ** 2 <= (NEAR_M / grid.cell) ** 2)
        found.append(Bottleneck(geometry.where(x, z), round(x, 1), round(z, 1), float(first[near].min()),
                                float(last[near].max()), round(float(peak[r, c]), 2)))
    found = [b for b in found if b.end_s - b.start_s >= MIN_JAM_S]
    found.sort(key=lambda b: (-b.peak_density, -(b.end_s - b.start_s)))
    return found[:TOP_BOTTLENECKS]


def to_json(r: Results, scene: str) -> dict:
    at: datetime | None = r.scenario.at
    return {
        "scenario": r.scenario.kind, "title": r.scenario.title, "scene": scene,
        "at": at.astimezone(VENUE_TZ).isoformat() if at else None, "seed": r.seed, "people": r.scenario.people,
        "simulated_s": round(r.simulated_s, 1), "partial": r.partial, "stuck": r.stuck,
        "wall_s": round(r.wall_s, 2),
        "halls": [{"id": h.id, "name": h.name, "people": h.people, "arriving": h.arriving,
                   "time_to_empty_s": h.time_to_empty_s, "last_arrival_s": h.last_arrival_s,
                   "doors": [_door_json(f, r.sample_s) for f in h.doors]} for h in r.halls],
        "areas": [{"id": a.id, "peak_density": a.peak_density, "peak_at_s": a.peak_at_s,
                   "level_of_service": level(a.peak_density), "seconds_at_level": a.seconds} for a in r.areas],
        "bottlenecks": [{"where": b.where, "x": b.x, "z": b.z, "start_s": b.start_s, "end_s": b.end_s,
                         "peak_density": b.peak_density, "level_of_service": b.level_of_service}
                        for b in r.bottlenecks],
        "flows": [{"from": f.origin, "to": f.destination.label(), "people": f.people} for f in r.scenario.flows],
        "notes": r.scenario.notes, "warnings": r.warnings,
    }


def _door_json(f: DoorFlow, sample_s: float) -> dict:
    pps = f.persons_per_s(sample_s)
    return {"id": f.door.id, "width_m": round(f.door.width_m, 2), "clear_m": round(f.door.clear_m, 2),
            "out": len(f.out_s), "in": len(f.in_s), "persons_per_s": round(pps, 2),
            "persons_per_m_s": round(pps / max(f.door.width_m, 1e-9), 2)}
