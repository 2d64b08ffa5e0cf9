"""The walkable geometry handed to JuPedSim, taken from the venue exactly as the nav mesh takes it.

`Venue.walkable` is the floor (plaza, walkways, hall interiors, door openings) less every obstacle
(walls, seat blocks, stages, booths, kiosks, trees, lamps); the nav mesh is that same area shrunk by
its agent radius (engine.world.venue_nav). The simulation walks on the nav mesh grown back by that
radius: everywhere a person the nav mesh routes can stand, and no gap narrower than a person between
two obstacles (a lamp 0.6 m off a corner), which JuPedSim's own routing would squeeze the whole crowd
through. Doors stay open at their full width, however narrow. So a route on the nav mesh is a route
in the simulation, and the two never disagree.
On top of it: the doors (openings of their real width), the gates where people leave the venue (the
open ends of the walkways), the floor inside each hall, arrival zones spread over it, and named areas
(halls, the plaza, each walkway) for the level of service.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon, box
from shapely.ops import unary_union

from engine.errors import UserError
from engine.sim.model import MODEL
from engine.venue.model import Area, Hall, Venue
from engine.world.venue_nav import AGENT_RADIUS

XZ = tuple[float, float]
NARROW_DOOR_M = 0.6        # narrower than this, two people cannot pass and a wheelchair cannot get through
GATE_DEPTH_M = 3.0         # how far into a walkway's open end its gate reaches
SPAWN_GATE_M = 4.0         # without walkway ends, people leave where visitors arrive: the spawn
ZONE_HALF_M = 1.0          # arrival zones are squares of twice this side
ZONE_AREA_M2 = 60.0        # one arrival zone per this much free floor: arrivals spread as people find seats
DOOR_CLEAR_M = 4.0         # arrival zones keep this far from a hall's doors, so arrivals walk in
WALL_REACH_M = 0.6         # a door opening reaches this far either side of its wall's middle
STAND_SPACING_M = 0.5      # people placed on a hexagonal lattice this fine: at most 4.6 per m²


@dataclass(frozen=True)
class DoorGap:
    """A door as an opening: its id (`<hall>-door-<n>`), jambs and width from the scene file, and the
    width actually free to walk through (an obstacle in the doorway narrows it)."""

    id: str
    hall: str
    centre: XZ
    outward: XZ
    span: tuple[XZ, XZ]
    width_m: float
    clear_m: float

    def point(self, outside: float) -> XZ:
        """A point on the door's axis, `outside` metres out of the hall (negative: inside)."""
        return (self.centre[0] + self.outward[0] * outside, self.centre[1] + self.outward[1] * outside)


@dataclass(frozen=True)
class Gate:
    """Where people leave the venue: an area at the open end of a walkway (or around the spawn)."""

    id: str
    area: Polygon
    centre: XZ


@dataclass
class HallArea:
    """A hall's free floor (walkable, inside its walls) and the zones arriving people walk to."""

    id: str
    name: str
    outline: Polygon                       # the hall's footprint, walls included
    floor: Polygon
    capacity: int
    doors: list[DoorGap]
    zones: list[Polygon]


@dataclass
class SimGeometry:
    walkable: Polygon
    doors: dict[str, DoorGap]
    gates: list[Gate]
    halls: dict[str, HallArea]
    areas: dict[str, Polygon]              # named areas for the level of service: halls, plaza, walkways
    spots: dict[str, Polygon]              # outdoor experiences people may walk to
    warnings: list[str] = field(default_factory=list)

    def where(self, x: float, z: float) -> str:
        """A name for a place: the door within 5 m, else the named area holding it, else its coordinates."""
        p = Point(x, z)
        near = [(p.distance(LineString(d.span)), d) for d in self.doors.values()]
        dist, door = min(near, key=lambda t: t[0], default=(math.inf, None))
        if door is not None and dist <= 5.0:
            inside = self.halls[door.hall].floor.buffer(0.01).contains(p) if door.hall in self.halls else False
            return f"{door.id} ({'inside' if inside else 'outside'})"
        hall = next((hid for hid, h in self.halls.items() if h.outline.contains(p)), None)
        area = hall or next((name for name, poly in self.areas.items() if poly.buffer(0.5).contains(p)), None)
        return area or f"({x:.0f}, {z:.0f})"


def hall_capacity(hall: Hall) -> int:
    """How many people a hall holds: its capacity, and no more than its seats where people sit."""
    if hall.kind.seated and hall.seats:
        return min(int(hall.capacity), hall.seats)
    return int(hall.capacity)


def sim_geometry(venue: Venue) -> SimGeometry:
    """The simulation's geometry for a scene-file venue. UserError for a model file, a venue without
    halls, or a walkable area that falls apart (naming the parts that cannot be reached)."""
    where = str(venue.path or "scene")
    if venue.walkable is None or venue.spec is None:
        raise UserError(where, "a model file has no venue layout to simulate: give a scene file (.toml)")
    if not venue.halls:
        raise UserError(where, "the scene has no halls: there is nobody to simulate")
    walkable = connected_walkable(venue)
    doors = {d.id: d for d in door_gaps(venue, venue.walkable)}
    warnings = [f"{d.id}: only {d.clear_m:.2f} m free to walk through (narrower than {NARROW_DOOR_M} m: "
                "people pass one at a time, and a wheelchair cannot)" for d in doors.values()
                if d.clear_m < NARROW_DOOR_M]
    halls = {h.id: _hall_area(h, walkable, [d for d in doors.values() if d.hall == h.id]) for h in venue.halls.values()}
    return SimGeometry(walkable, doors, gates(venue, walkable), halls, named_areas(venue, walkable, halls),
                       _spots(venue, walkable), warnings)


def person_floor(venue: Venue) -> Area:
    """The walkable area less the gaps no person fits through (the nav mesh's radius), doors kept."""
    assert venue.walkable is not None
    r = AGENT_RADIUS + 0.01     # a gap of exactly two radii leaves the nav mesh no width either
    opened = venue.walkable.buffer(-r, join_style="mitre", mitre_limit=2.0).buffer(r, join_style="mitre",
                                                                                  mitre_limit=2.0)
    doors = [LineString(d.span).buffer(WALL_REACH_M, cap_style="flat") for h in venue.halls.values() for d in h.doors]
    return unary_union([opened, *doors]).intersection(venue.walkable)


def connected_walkable(venue: Venue) -> Polygon:
    """The one connected walkable polygon (with holes). Slivers too small for a person are dropped;
    any other part that cannot be reached from the spawn is an error that names it."""
    assert venue.walkable is not None
    parts = [p for p in _polygons(person_floor(venue)) if not p.buffer(-MODEL.radius_m).is_empty]
    if not parts:
        raise UserError(venue.path or "scene", "the scene has no walkable floor")
    spawn = Point(venue.spawn.position[0], venue.spawn.position[2]) if venue.spawn else None
    home = next((p for p in parts if spawn is not None and p.buffer(0.05).contains(spawn)),
                max(parts, key=lambda p: p.area))
    cut_off = [p for p in parts if p is not home]
    if cut_off:
        names = "; ".join(_name_part(venue, p) for p in sorted(cut_off, key=lambda p: -p.area))
        raise UserError(venue.path or "scene",
                        f"the walkable area is not one connected polygon: {len(cut_off)} part(s) cannot be "
                        f"reached from the spawn point: {names}")
    return home


def _polygons(area) -> list[Polygon]:
    return [g for g in getattr(area, "geoms", [area]) if isinstance(g, Polygon)]


def _name_part(venue: Venue, part: Polygon) -> str:
    """ "inside Hall B (hall-b, 310 m²)" or "312 m² around (40, -20)"."""
    for hall in venue.halls.values():
        if Polygon(hall.footprint()).intersection(part).area > 0.5 * part.area:
            return f"inside {hall.name} ({hall.id}, {part.area:.0f} m²)"
    c = part.representative_point()
    return f"{part.area:.0f} m² around ({c.x:.0f}, {c.y:.0f})"


def door_gaps(venue: Venue, walkable: Area) -> list[DoorGap]:
    """Every hall door, numbered from 1 in the order the scene file lists them."""
    out = []
    for hall in venue.halls.values():
        for k, d in enumerate(hall.doors, start=1):
            across = LineString(d.span)
            clear = across.intersection(walkable).length
            out.append(DoorGap(f"{hall.id}-door-{k}", hall.id, _xz(d.center), _xz(d.outward),
                               (_xz(d.span[0]), _xz(d.span[1])), float(d.width), float(clear)))
    return out


def _xz(p) -> XZ:
    return (float(p[0]), float(p[1]))


def gates(venue: Venue, walkable: Polygon) -> list[Gate]:
    """The open ends of the walkways (an end that runs into the plaza or another walkway is no gate);
    without any, the area around the spawn, where visitors arrive."""
    out = []
    for w in venue.walkways:
        others = [Polygon(venue.plaza.polygon)] if venue.plaza is not None else []
        others += [LineString(o.points).buffer(o.width / 2, cap_style="flat") for o in venue.walkways if o is not w]
        joined = unary_union(others) if others else Polygon()
        pts = np.asarray(w.points, float)
        for name, end, nxt in (("start", pts[0], pts[1]), ("end", pts[-1], pts[-2])):
            if joined.buffer(0.5).contains(Point(end)):
                continue
            along = (nxt - end) / max(float(np.hypot(*(nxt - end))), 1e-9)
            strip = LineString([end, end + along * GATE_DEPTH_M]).buffer(w.width / 2, cap_style="flat")
            area = _convex(strip.intersection(walkable), walkable)
            if area is not None:
                c = area.centroid
                out.append(Gate(f"{w.id}-{name}", area, (c.x, c.y)))
    if not out and venue.spawn is not None:
        sp = Point(venue.spawn.position[0], venue.spawn.position[2])
        area = _convex(sp.buffer(SPAWN_GATE_M).intersection(walkable), walkable)
        if area is not None:
            out.append(Gate("spawn", area, (area.centroid.x, area.centroid.y)))
    return out


def _convex(geom, walkable: Polygon) -> Polygon | None:
    """The convex hull of the largest piece (JuPedSim's exit areas are convex), if its centroid is walkable."""
    piece = _largest(geom)
    if piece is None:
        return None
    hull = piece.convex_hull
    return hull if walkable.contains(hull.centroid) else None


def _largest(geom) -> Polygon | None:
    polys = [g for g in getattr(geom, "geoms", [geom]) if isinstance(g, Polygon) and g.area > 0.5]
    return max(polys, key=lambda p: p.area) if polys else None


def _hall_area(hall: Hall, walkable: Polygon, doors: list[DoorGap]) -> HallArea:
    floor = _largest(Polygon(hall.footprint()).intersection(walkable)) or Polygon()
    count = int(np.clip(floor.area / ZONE_AREA_M2, 4, 120))
    clear = unary_union([Point(d.centre).buffer(DOOR_CLEAR_M) for d in doors]) if doors else Polygon()
    points = spread_points(floor.buffer(-(ZONE_HALF_M * 0.6)).difference(clear), count)
    zones = [z for p in points if (z := arrival_zone(p, walkable)) is not None]
    return HallArea(hall.id, hall.name, Polygon(hall.footprint()), floor, hall_capacity(hall), doors, zones)


def spread_points(area, count: int, spacing: float = 1.0) -> list[XZ]:
    """Up to `count` points of `area` spread far apart: farthest-point sampling over a grid, starting
    from the point farthest from the area's centroid (deterministic)."""
    if area.is_empty or count <= 0:
        return []
    x0, z0, x1, z1 = area.bounds
    gx, gz = np.meshgrid(np.arange(x0, x1, spacing) + spacing / 2, np.arange(z0, z1, spacing) + spacing / 2)
    cand = np.column_stack([gx.ravel(), gz.ravel()])
    cand = cand[shapely.contains_xy(area, cand[:, 0], cand[:, 1])]
    if not len(cand):
        return []
    c = area.centroid
    chosen = [int(np.argmax(np.hypot(cand[:, 0] - c.x, cand[:, 1] - c.y)))]
    nearest = np.hypot(*(cand - cand[chosen[0]]).T)
    while len(chosen) < min(count, len(cand)):
        k = int(np.argmax(nearest))
        chosen.append(k)
        nearest = np.minimum(nearest, np.hypot(*(cand - cand[k]).T))
    return [(float(cand[k, 0]), float(cand[k, 1])) for k in chosen]


def arrival_zone(p: XZ, walkable: Polygon) -> Polygon | None:
    """A small square around p on the walkable floor (its convex hull, where an obstacle cuts a corner)
    whose centre of area is itself walkable: JuPedSim steers to an exit area's centroid."""
    for half in (ZONE_HALF_M, ZONE_HALF_M / 2):
        piece = box(p[0] - half, p[1] - half, p[0] + half, p[1] + half).intersection(walkable)
        part = next((g for g in getattr(piece, "geoms", [piece]) if isinstance(g, Polygon) and g.contains(Point(p))),
                    None)
        if part is not None and walkable.contains(part.convex_hull.centroid):
            return part.convex_hull
    return None


def named_areas(venue: Venue, walkable: Polygon, halls: dict[str, HallArea]) -> dict[str, Polygon]:
    """Halls (their free floor), the plaza and each walkway (less the plaza), for the level of service."""
    areas: dict[str, Polygon] = {hid: h.floor for hid, h in halls.items() if not h.floor.is_empty}
    plaza = Polygon(venue.plaza.polygon) if venue.plaza is not None else Polygon()
    if venue.plaza is not None:
        areas[venue.plaza.id] = plaza.intersection(walkable)
    for w in venue.walkways:
        strip = LineString(w.points).buffer(w.width / 2, cap_style="flat", join_style="mitre")
        areas[w.id] = strip.difference(plaza).intersection(walkable)
    return {k: v for k, v in areas.items() if not v.is_empty}


def _spots(venue: Venue, walkable: Polygon) -> dict[str, Polygon]:
    """Arrival zones in front of the experiences that stand outdoors (not in a hall)."""
    out = {}
    for e in venue.experiences.values():
        if e.hall in venue.halls or e.id not in venue.waypoints:
            continue
        wp = venue.waypoints[e.id].position
        zone = arrival_zone((wp[0], wp[2]), walkable)
        if zone is not None:
            out[e.id] = zone
    return out


def standing_points(area: Polygon, n: int, rng: np.random.Generator,
                    spacing: float = STAND_SPACING_M) -> np.ndarray | None:
    """n points (n, 2) at least `spacing` - 0.1 m apart and clear of walls, on a jittered hexagonal
    lattice over `area`; None when fewer than n fit."""
    inner = area.buffer(-(MODEL.radius_m + 0.1))
    if inner.is_empty:
        return None if n else np.zeros((0, 2))
    x0, z0, x1, z1 = inner.bounds
    rows = np.arange(z0, z1 + spacing, spacing * math.sqrt(3) / 2)
    pts = np.vstack([np.column_stack([np.arange(x0 + (i % 2) * spacing / 2, x1 + spacing, spacing),
                                      np.full(len(np.arange(x0 + (i % 2) * spacing / 2, x1 + spacing, spacing)), z)])
                     for i, z in enumerate(rows)])
    pts = pts[shapely.contains_xy(inner, pts[:, 0], pts[:, 1])]
    if len(pts) < n:
        return None
    chosen = pts[np.sort(rng.choice(len(pts), n, replace=False))]
    return chosen + rng.uniform(-0.05, 0.05, chosen.shape)
