"""Areas of interest: who needs to hear about whom. Inside a hall, the hall; outdoors, a cell of a
grid over the plan and the cells around it. Area ids are short strings ("h:main-forum", "c:3:5"),
used as Redis channel suffixes too."""
from __future__ import annotations

import math
from dataclasses import dataclass

from engine.venue import Venue
from engine.venue.hall_index import HallIndex

CELL_M = 40.0         # plaza cells: about what a person can make out of faces and names
MARGIN_M = 25.0       # poses this far outside the venue's floors are still accepted


@dataclass
class AreaMap:
    halls: HallIndex
    bounds: tuple[float, float, float, float]     # x0, z0, x1, z1 in metres

    def __post_init__(self) -> None:
        # One point at a time (every pose) is faster in plain floats than through numpy.
        h = self.halls
        self._rects = [(hid, float(cx), float(cz), float(c), float(s), float(hx), float(hz))
                       for hid, (cx, cz), c, s, (hx, hz) in zip(h.ids, h.centers, h.cos, h.sin, h.half)]

    @classmethod
    def of(cls, venue: Venue) -> AreaMap:
        if venue.walkable is not None and not venue.walkable.is_empty:
            x0, z0, x1, z1 = venue.walkable.bounds
        else:
            lo, hi = venue.scene.bounds()
            x0, z0, x1, z1 = float(lo[0]), float(lo[2]), float(hi[0]), float(hi[2])
        m = MARGIN_M
        return cls(HallIndex(venue.halls.values()), (x0 - m, z0 - m, x1 + m, z1 + m))

    def inside(self, x: float, z: float) -> bool:
        x0, z0, x1, z1 = self.bounds
        return x0 <= x <= x1 and z0 <= z <= z1

    def area_of(self, x: float, z: float) -> str:
        for hid, cx, cz, c, s, hx, hz in self._rects:   # as HallIndex.local: the point in the hall's frame
            dx, dz = x - cx, z - cz
            if abs(c * dx - s * dz) <= hx and abs(s * dx + c * dz) <= hz:
                return "h:" + hid
        return f"c:{math.floor(x / CELL_M)}:{math.floor(z / CELL_M)}"

    @staticmethod
    def interest(area: str) -> frozenset[str]:
        """The areas someone in `area` sees: their hall, or their cell and the eight around it."""
        if area.startswith("h:"):
            return frozenset((area,))
        _, i, j = area.split(":")
        ci, cj = int(i), int(j)
        return frozenset(f"c:{ci + di}:{cj + dj}" for di in (-1, 0, 1) for dj in (-1, 0, 1))

    @property
    def hall_ids(self) -> list[str]:
        return list(self.halls.ids)


def hall_of_area(area: str) -> str | None:
    return area[2:] if area.startswith("h:") else None
