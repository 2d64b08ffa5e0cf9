"""Street furniture on the plaza and walkways: lamps, trees, the registration desk and the welcome arch,
each also an obstacle people walk around."""
from __future__ import annotations

import math

import numpy as np
from shapely.geometry import LineString, Polygon

from engine.venue.clearance import clear_zones, outside
from engine.venue.geometry import hex_color, transform
from engine.venue.model import Plaza, SceneSpec, Walkway
from engine.venue.parts import VenueParts

WALKWAY_STEP_M = 20.0     # lamps and trees alternate along each side of a walkway at this spacing
TREE_RADIUS_M = 0.6       # what people keep clear of
LAMP_RADIUS_M = 0.25
# Lamps round the plaza and lamps and trees along the walkways are spaced wider when there would be more
# than these: each is also an obstacle the floor plan cuts out, and the ground beyond them is plain.
MAX_PLAZA_LAMPS = 1000
MAX_WALKWAY_PROPS = 2000
DESK_RED = "#c0392b"
ARCH_BLUE = "#0b2a5b"


def add_street_furniture(spec: SceneSpec, parts: VenueParts) -> None:
    """Lamps and trees (instances and obstacles; none in front of a door), then the registration desk
    and welcome arch."""
    plaza_poly = Polygon(spec.plaza.polygon)
    _plaza_lamps(plaza_poly, spec.plaza.lamp_spacing, parts)
    total = sum(LineString(w.points).length for w in spec.walkways)
    step = max(WALKWAY_STEP_M, 2 * total / MAX_WALKWAY_PROPS)
    inside_plaza = plaza_poly.buffer(-0.1)
    for w in spec.walkways:
        _walkway_lamps_and_trees(w, inside_plaza, parts, step)
    _plaza_trees(spec.plaza, parts)
    zones = clear_zones(spec.halls)
    parts.lamps[:] = outside(zones, parts.lamps)
    parts.trees[:] = outside(zones, parts.trees)
    for m in parts.trees:
        parts.obstacles.append(_circle(m[0, 3], m[2, 3], TREE_RADIUS_M))
    for m in parts.lamps:
        parts.obstacles.append(_circle(m[0, 3], m[2, 3], LAMP_RADIUS_M))
    if spec.plaza.registration:
        rx, rz = spec.plaza.registration
        _registration_desk(rx, rz, parts)
        _welcome_arch(rx, rz + 12.0, parts)   # beside the desk


def _plaza_lamps(plaza_poly: Polygon, spacing: float, parts: VenueParts) -> None:
    """Lamps evenly round the plaza, just inside its edge."""
    inner = plaza_poly.buffer(-1.5)
    if inner.geom_type != "Polygon" or inner.is_empty:
        return   # a plaza too narrow (or pinched in two) for a row of lamps inside its edge
    ring = inner.exterior
    n_lamps = min(MAX_PLAZA_LAMPS, max(4, int(ring.length // spacing)))
    for i in range(n_lamps):
        p = ring.interpolate(i / n_lamps, normalized=True)
        parts.lamps.append(transform((p.x, 0.0, p.y)))


def _walkway_lamps_and_trees(w: Walkway, inside_plaza: Polygon, parts: VenueParts,
                             step: float = WALKWAY_STEP_M) -> None:
    """Along both sides of a walkway, off the plaza: lamps and trees in turn, the sides staggered."""
    line = LineString(w.points)
    with np.errstate(all="ignore"):   # as for the walkway's strip: a walkway turning straight back
        sides = [(side, line.parallel_offset(w.width / 2 - 0.8, "left" if side < 0 else "right"))
                 for side in (-1, 1)]
    for k in range(int(line.length // step) + 1):
        for side, off in sides:
            if off.is_empty or off.length == 0:
                continue
            p = off.interpolate(min(k * step + (step / 2 if side > 0 else 0), off.length))
            if not inside_plaza.contains(p):
                (parts.trees if k % 2 else parts.lamps).append(transform((p.x, 0.0, p.y), k * 37.0))


def _plaza_trees(plaza: Plaza, parts: VenueParts) -> None:
    """Single trees, then rows of trees (sizes varied a little), turned so they do not look copied."""
    for t in plaza.trees:
        parts.trees.append(transform((t[0], 0.0, t[1]), t[0] * 13.0))
    for row in plaza.tree_rows:
        a, c = np.asarray(row.start, float), np.asarray(row.end, float)
        for k in range(row.count):
            p = a + (c - a) * (k / max(row.count - 1, 1))
            parts.trees.append(transform((p[0], 0.0, p[1]), k * 47.0, (1 + 0.1 * (k % 3),) * 3))


def _circle(x: float, z: float, r: float, n: int = 8) -> np.ndarray:
    a = np.linspace(0, 2 * math.pi, n, endpoint=False)
    return np.column_stack([x + r * np.cos(a), z + r * np.sin(a)])


def _registration_desk(rx: float, rz: float, parts: VenueParts) -> None:
    """A 10 m desk centred at (rx, rz), signed on both long sides."""
    parts.walls.box((rx - 5, 0, rz - 0.6), (rx + 5, 1.1, rz + 0.6), hex_color("#f3f1ec"))
    parts.walls.box((rx - 5.1, 1.1, rz - 0.7), (rx + 5.1, 1.16, rz + 0.7), hex_color(DESK_RED))
    parts.signs.add("label:registration", (rx, 1.5 + 0.6, rz - 0.62), 4.0, 0.75, (0, -1))
    parts.signs.add("label:registration", (rx, 1.5 + 0.6, rz + 0.62), 4.0, 0.75, (0, 1))
    parts.obstacles.append(np.array([[rx - 5, rz - 0.6], [rx + 5, rz - 0.6], [rx + 5, rz + 0.6],
                                     [rx - 5, rz + 0.6]]))


def _welcome_arch(wx: float, wz: float, parts: VenueParts) -> None:
    """Two posts and a signed beam across, centred at (wx, wz); the posts are obstacles."""
    for sx in (-8.5, 8.1):
        parts.walls.box((wx + sx, 0, wz - 0.2), (wx + sx + 0.4, 7.0, wz + 0.2), hex_color(ARCH_BLUE))
    parts.walls.box((wx - 8.5, 6.0, wz - 0.25), (wx + 8.5, 7.2, wz + 0.25), hex_color(ARCH_BLUE))
    parts.signs.add("label:welcome", (wx, 6.6, wz + 0.27), 9.0, 9.0 / 8, (0, 1))
    parts.signs.add("label:welcome", (wx, 6.6, wz - 0.27), 9.0, 9.0 / 8, (0, -1))
    for sx in (-8.5, 8.1):
        parts.obstacles.append(np.array([[wx + sx, wz - 0.2], [wx + sx + 0.4, wz - 0.2],
                                         [wx + sx + 0.4, wz + 0.2], [wx + sx, wz + 0.2]]))
