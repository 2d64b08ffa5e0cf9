"""Where things stand before anything is built: door openings in the venue frame, booths on their hall's
grid, experiences behind the booths, along a back wall or around the plaza. Fills in a SceneSpec in place."""
from __future__ import annotations

import math

import numpy as np
from shapely.geometry import Polygon

from engine.venue.clearance import clear_zones
from engine.venue.geometry import yaw_matrix
from engine.venue.model import XZ, Area, Booth, Experience, Hall, Plaza, SceneSpec

BOOTH_SIZE = (6.0, 4.0)   # a booth on the grid: width along its row, depth


def lay_out(spec: SceneSpec) -> None:
    """Place every door, and every booth and experience the file leaves without `at`."""
    for hall in spec.halls:
        place_doors(hall)
    layout_booths(spec)
    layout_experiences(spec, booth_rows_end(spec))


def place_doors(hall: Hall) -> None:
    """Fill in each door's centre, outward direction and jambs in the venue frame."""
    w, d = hall.size[0] / 2, hall.size[1] / 2
    rot = yaw_matrix(hall.rotation)[[0, 2]][:, [0, 2]]
    for door in hall.doors:
        c, out, along = _door_frame(door.wall, door.offset, w, d)
        centre = hall.local_to_world(np.array([c]))[0]
        o = rot @ np.array(out, float)
        a = rot @ np.array(along, float)
        door.center = (float(centre[0]), float(centre[1]))
        door.outward = (float(o[0]), float(o[1]))
        j0, j1 = centre - a * door.width / 2, centre + a * door.width / 2
        door.span = ((float(j0[0]), float(j0[1])), (float(j1[0]), float(j1[1])))


def _door_frame(wall: str, offset: float, w: float, d: float) -> tuple[XZ, XZ, XZ]:
    """A door's centre, outward direction and direction along the wall, in the hall's frame."""
    if wall == "north":
        return (-offset, -d), (0, -1), (-1, 0)
    if wall == "south":
        return (offset, d), (0, 1), (1, 0)
    if wall == "east":
        return (w, -offset), (1, 0), (0, -1)
    return (-w, offset), (-1, 0), (0, 1)


def _xz(p: np.ndarray) -> XZ:
    return (float(p[0]), float(p[1]))


def layout_booths(spec: SceneSpec) -> None:
    """Give booths without `at` a place on their hall's grid (rows facing each other across aisles)."""
    halls = {h.id: h for h in spec.halls}
    by_hall: dict[str, list[Booth]] = {}
    for b in spec.booths:
        if b.at is None:
            by_hall.setdefault(b.hall, []).append(b)
    for hid, booths in by_hall.items():
        _booth_grid(halls[hid], booths)


def _booth_grid(hall: Hall, booths: list[Booth]) -> None:
    bw, bd = BOOTH_SIZE
    usable_w = hall.size[0] - 8.0
    cols = max(1, int(usable_w // (bw + 1.0)))
    for i, b in enumerate(booths):
        row, col = divmod(i, cols)
        # rows in pairs back to back, 8 m aisles between pairs
        pair, side = divmod(row, 2)
        lz = -hall.size[1] / 2 + 7.0 + pair * (2 * bd + 8.0) + (bd / 2 if side == 0 else bd * 1.5)
        lx = -usable_w / 2 + (col + 0.5) * (usable_w / cols)
        b.at = _xz(hall.local_to_world(np.array([[lx, lz]]))[0])
        b.size = (bw, bd)
        # Fronts face the aisles, backs face the partner row: the first row of a pair faces the
        # hall's front (local -z, the way a booth faces at rotation 0), the second its back.
        b.facing = hall.rotation + (0.0 if side == 0 else 180.0)


def booth_rows_end(spec: SceneSpec) -> dict[str, float]:
    """{hall id: hall-local z where its booths end (their back edge furthest from the stage wall)}."""
    halls = {h.id: h for h in spec.halls}
    ends: dict[str, float] = {}
    for b in spec.booths:
        local = halls[b.hall].world_to_local(b.placed_at)
        ends[b.hall] = max(ends.get(b.hall, -1e9), local[1] + b.size[1] / 2)
    return ends


def layout_experiences(spec: SceneSpec, rows_end: dict[str, float]) -> None:
    """Place experiences without `at`: behind the booths or along the back of their hall, or around
    the plaza's edge."""
    halls = {h.id: h for h in spec.halls}
    groups: dict[str, list[Experience]] = {}
    for e in spec.experiences:
        if e.at is None:
            groups.setdefault(e.hall, []).append(e)
    for place, items in groups.items():
        hall = halls.get(place)
        if hall is None:
            _around_plaza(spec.plaza, items, clear_zones(spec.halls))
        elif hall.kind.shows_exhibits:
            _behind_booths(hall, items, rows_end.get(place, -hall.size[1] / 2 + 4))
        else:
            _along_back_wall(hall, items)


def _behind_booths(hall: Hall, items: list[Experience], rows_end: float) -> None:
    z_start = rows_end + 4.0
    cols = max(1, int((hall.size[0] - 6) // 4.0))
    for i, e in enumerate(items):
        r, c = divmod(i, cols)
        lx = -(hall.size[0] - 6) / 2 + (c + 0.5) * ((hall.size[0] - 6) / cols)
        lz = min(z_start + r * 5.0, hall.size[1] / 2 - 3)
        e.at = _xz(hall.local_to_world(np.array([[lx, lz]]))[0])


def _along_back_wall(hall: Hall, items: list[Experience]) -> None:
    for i, e in enumerate(items):
        lx = -hall.size[0] / 2 + 2.5 + i * 3.0
        e.at = _xz(hall.local_to_world(np.array([[lx, hall.size[1] / 2 - 2.5]]))[0])


def _around_plaza(plaza: Plaza, items: list[Experience], keep_clear: Area) -> None:
    """Evenly round a ring 5 m inside the plaza's edge, skipping the ground in front of doors (when
    that leaves too little of the ring, evenly round all of it)."""
    ring = Polygon(plaza.polygon).buffer(-5.0).exterior
    steps = np.linspace(0.0, 1.0, max(64, 8 * len(items)), endpoint=False)
    points = [ring.interpolate(t, normalized=True) for t in steps]
    free = [p for p in points if not keep_clear.contains(p)]
    if len(free) < len(items):
        free = points
    for i, e in enumerate(items):
        p = free[int((i + 0.5) / len(items) * len(free))]
        e.at = (float(p.x), float(p.y))


def experience_yaw(e: Experience, hall: Hall | None, plaza: Plaza) -> float:
    """Which way an experience point faces (degrees): its hall's way, or on the plaza its centre."""
    if hall is not None:
        return hall.rotation
    c = plaza.centre()
    at = e.placed_at
    v = np.array([c[0] - at[0], c[1] - at[1]])
    return math.degrees(math.atan2(v[0], v[1])) + 180.0
