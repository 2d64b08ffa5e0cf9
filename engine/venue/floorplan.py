"""Where people can walk, in plan (x/z): the floor (plaza, walkways, hall interiors, door openings), the
obstacles standing on it, and the floor less the obstacles."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from shapely.geometry import Polygon
from shapely.ops import unary_union

from engine.venue.circuit import Circuit, footprints
from engine.venue.halls import WALL_T
from engine.venue.model import Area, Door, Hall

DOOR_REACH_M = 0.3   # how far a door opening reaches past each face of its wall


@dataclass
class FloorPlan:
    floor: Area
    obstacles: list[Polygon]
    walkable: Area


def floor_plan(halls: list[Hall], outdoor: Area, obstacles: list[np.ndarray], circuit: Circuit | None) -> FloorPlan:
    """The floor from the outdoor area and the halls; obstacle outlines (k, 2) as polygons, with the
    circuit's buildings when there is a circuit."""
    interiors = [Polygon(h.footprint()).buffer(-WALL_T / 2, join_style="mitre") for h in halls]
    openings = [_door_opening(d) for h in halls for d in h.doors]
    floor = unary_union([outdoor] + interiors + openings)
    polys = [Polygon(p) for p in obstacles]
    if circuit is not None:
        polys += [Polygon(p) for p in footprints(circuit)]
    return FloorPlan(floor, polys, floor.difference(unary_union(polys)))


def _door_opening(d: Door) -> Polygon:
    """The gap a door leaves in its wall, reaching a little out of the wall on both sides."""
    (ax, az), (bx, bz) = d.span
    o = np.array(d.outward) * (WALL_T / 2 + DOOR_REACH_M)
    return Polygon([(ax - o[0], az - o[1]), (bx - o[0], bz - o[1]), (bx + o[0], bz + o[1]), (ax + o[0], az + o[1])])
