"""The venue's domain data as read from a scene file: halls, doors, booths, experiences, places."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

WALLS = ("north", "east", "south", "west")


@dataclass
class GeoRef:
    """Latitude/longitude (WGS84 degrees) of the scene's origin (x = 0, z = 0)."""

    lat: float
    lon: float


@dataclass
class Door:
    """An opening in a hall wall. `wall` is named in the hall's own frame (the stage is at its north wall)."""

    wall: str
    offset: float          # metres along the wall from its middle (towards the wall's right seen from outside)
    width: float
    height: float = 3.0
    # Filled in by the builder (venue frame):
    center: tuple[float, float] = (0.0, 0.0)     # x, z of the opening's middle on the wall line
    outward: tuple[float, float] = (0.0, 1.0)    # unit x/z pointing out of the hall
    span: tuple[tuple[float, float], tuple[float, float]] = ((0.0, 0.0), (0.0, 0.0))  # the two jambs

    def outside_point(self, distance: float = 1.5) -> tuple[float, float]:
        return (self.center[0] + self.outward[0] * distance, self.center[1] + self.outward[1] * distance)

    def inside_point(self, distance: float = 1.5) -> tuple[float, float]:
        return (self.center[0] - self.outward[0] * distance, self.center[1] - self.outward[1] * distance)


@dataclass
class Seating:
    rows: int
    per_row: int
    aisle_every: int = 10          # seats between aisles across a row
    seat_width: float = 0.55
    row_pitch: float = 0.95
    front_gap: float = 3.0         # metres between the stage edge and the first row

    @property
    def seats(self) -> int:
        return self.rows * self.per_row


@dataclass
class Hall:
    id: str
    name: str
    kind: str                      # "forum", "subforum" or "exhibition"
    theme: str
    center: tuple[float, float]    # x, z
    size: tuple[float, float]      # width (local x), depth (local z)
    rotation: float = 0.0          # degrees about +Y, counter-clockwise seen from above
    height: float = 8.0
    color: str = "#4f7cac"         # accent colour, sRGB hex
    capacity: int = 0
    signage: str = ""
    seating: Seating | None = None
    stage_depth: float = 0.0       # 0: no stage
    stage_height: float = 0.9
    screens: int = 1
    lectern: bool = True
    doors: list[Door] = field(default_factory=list)
    line: int | None = None        # where the hall starts in the scene file

    @property
    def seats(self) -> int:
        return self.seating.seats if self.seating else 0

    def local_to_world(self, pts: np.ndarray) -> np.ndarray:
        """(n, 2) hall-local x/z to venue x/z."""
        a = math.radians(self.rotation)
        c, s = math.cos(a), math.sin(a)
        p = np.asarray(pts, dtype=np.float64).reshape(-1, 2)
        # rotation about +Y by a: x' = c x + s z, z' = -s x + c z (matches geometry.yaw_matrix)
        return np.column_stack([c * p[:, 0] + s * p[:, 1] + self.center[0],
                                -s * p[:, 0] + c * p[:, 1] + self.center[1]])

    def footprint(self) -> np.ndarray:
        """The outline (4, 2) in venue x/z, counter-clockwise seen from above."""
        w, d = self.size[0] / 2, self.size[1] / 2
        return self.local_to_world(np.array([[-w, d], [w, d], [w, -d], [-w, -d]]))


@dataclass
class Booth:
    id: str
    name: str
    hall: str
    at: tuple[float, float] | None = None     # x, z of the booth's centre; None: placed by the hall's grid
    facing: float | None = None               # degrees; the counter faces this way (0 = +z, south)
    size: tuple[float, float] = (6.0, 4.0)
    color: str = "#3a7bd5"
    description: str = ""
    line: int | None = None

    def footprint(self) -> np.ndarray:
        from engine.venue.geometry import yaw_matrix
        w, d = self.size[0] / 2, self.size[1] / 2
        rot = yaw_matrix(self.facing or 0.0)
        local = np.array([[-w, 0, d], [w, 0, d], [w, 0, -d], [-w, 0, -d]]) @ rot.T
        return local[:, [0, 2]] + np.asarray(self.at)


@dataclass
class Experience:
    id: str
    name: str
    description: str
    kind: str
    hall: str                                 # hall id or "plaza"
    at: tuple[float, float] | None = None
    line: int | None = None


@dataclass
class WaypointSpec:
    id: str
    name: str
    at: tuple[float, float, float]
    look_at: tuple[float, float, float]
    line: int | None = None


@dataclass
class Walkway:
    id: str
    points: list[tuple[float, float]]
    width: float


@dataclass
class Plaza:
    id: str
    name: str
    polygon: np.ndarray                        # (k, 2) x/z
    registration: tuple[float, float] | None = None
    lamp_spacing: float = 16.0
    trees: list[tuple[float, float]] = field(default_factory=list)
    tree_rows: list[dict] = field(default_factory=list)


@dataclass
class CircuitSpec:
    data: str
    grandstand: bool = True
    line: int | None = None
