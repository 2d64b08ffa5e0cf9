"""The venue's domain data: halls and their kinds, doors, booths, experiences, places, the checked scene
file (SceneSpec) and the Venue a scene or model opens as.

Text people read comes in two languages. Each English field (`name`, `theme`, `signage`, `description`) has a
Chinese twin `<field>_zh`: what the scene file gives as `<field>_zh`, else the message catalogue's translation of
the English (how the default scene gets its Chinese), else "" when no Chinese is known. Ask for a language
rather than reading the twins::

    hall.name_in("zh")          # "主论坛"; the English name where no Chinese is known
    hall.name_in()              # in the current language (engine.i18n.language())
    hall.text_in("theme", "zh") # any field with a twin
    hall.sign_lines("signage")  # ("主论坛  |  2023世界元宇宙大会", "Main Forum  |  WMC 2023"): Chinese above English
"""
from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TypeAlias

import numpy as np
from shapely.geometry import MultiPolygon, Point, Polygon

from engine.errors import UserError
from engine.i18n import bilingual, language, translate_to
from engine.scene import Scene
from engine.scene.camera import Camera, frame_bounds
from engine.venue.circuit import Circuit
from engine.venue.geometry import yaw_matrix

WALLS = ("north", "east", "south", "west")
XZ = tuple[float, float]
XYZ = tuple[float, float, float]
# Plan areas (x/z) as shapely gives them: one polygon, or several when the area falls apart.
Area: TypeAlias = Polygon | MultiPolygon


def chinese(text_en: str, text_zh: str = "") -> str:
    """The Chinese of a text from a scene: its own `text_zh` when given, else the catalogue's translation of
    `text_en`, else "" (no Chinese known: the catalogue has none, or gives back the English)."""
    if text_zh.strip():
        return text_zh.strip()
    if not text_en.strip():
        return ""
    zh = translate_to("zh", text_en)
    return "" if zh == text_en else zh


class Bilingual:
    """Text fields in two languages: `<field>` in English, `<field>_zh` its Chinese ("" when none is known)."""

    def text_in(self, field_name: str, lang: str | None = None) -> str:
        """`field_name` in `lang` ("zh" or "en"; default: the current language). Chinese falls back to the
        English where no Chinese is known."""
        english: str = getattr(self, field_name)
        if (lang or language()) == "zh":
            return getattr(self, f"{field_name}_zh", "") or english
        return english

    def name_in(self, lang: str | None = None) -> str:
        """The name in `lang` (default: the current language)."""
        return self.text_in("name", lang)

    def sign_lines(self, field_name: str = "name") -> tuple[str, ...]:
        """The lines of a sign carrying both languages, Chinese above English; one line where no Chinese
        is known."""
        english: str = getattr(self, field_name)
        return bilingual(english, getattr(self, f"{field_name}_zh", "") or english)


@dataclass
class GeoRef:
    """Latitude/longitude (WGS84 degrees) of the scene's origin (x = 0, z = 0)."""

    lat: float
    lon: float


class HallKind(StrEnum):
    """What a hall is for. The scene file names it (`kind = "forum"`); the rules that follow from it live
    here so callers ask the kind instead of comparing names. It is a str: it prints and serialises as
    the name in the file."""

    FORUM = "forum"
    SUBFORUM = "subforum"
    EXHIBITION = "exhibition"

    @property
    def seated(self) -> bool:
        """Sessions with an audience in rows: a capacity above the seats laid out is a problem."""
        return self is not HallKind.EXHIBITION

    @property
    def shows_exhibits(self) -> bool:
        """A floor of booths: its experiences stand in a grid behind the booth rows, not along the back wall."""
        return self is HallKind.EXHIBITION

    @property
    def carpet(self) -> str:
        """The carpet's neutral (sRGB hex): forums a dark charcoal, the exhibition a light warm grey
        (booths lay their own carpet islands on it). The hall's themed colour is kept for accents."""
        return "#8e8a82" if self is HallKind.EXHIBITION else "#45464b"

    @property
    def label(self) -> str:
        """How lists name the kind: "forum hall", "exhibition hall"."""
        return f"{self.value} hall"


@dataclass
class Door:
    """An opening in a hall wall. `wall` is named in the hall's own frame (the stage is at its north wall)."""

    wall: str
    offset: float          # metres along the wall from its middle (towards the wall's right seen from outside)
    width: float
    height: float = 3.0
    # Filled in by the builder (venue frame):
    center: XZ = (0.0, 0.0)     # x, z of the opening's middle on the wall line
    outward: XZ = (0.0, 1.0)    # unit x/z pointing out of the hall
    span: tuple[XZ, XZ] = ((0.0, 0.0), (0.0, 0.0))  # the two jambs

    def outside_point(self, distance: float = 1.5) -> XZ:
        return (self.center[0] + self.outward[0] * distance, self.center[1] + self.outward[1] * distance)

    def inside_point(self, distance: float = 1.5) -> XZ:
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
class Hall(Bilingual):
    id: str
    name: str
    kind: HallKind
    theme: str
    center: XZ                     # x, z
    size: XZ                       # width (local x), depth (local z)
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
    name_zh: str = ""              # the Chinese twins of name, theme and signage (see the module's docstring)
    theme_zh: str = ""
    signage_zh: str = ""

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

    def world_to_local(self, xz: XZ) -> np.ndarray:
        """A venue x/z point in the hall's frame (2,): the inverse of local_to_world."""
        a = math.radians(self.rotation)
        c, s = math.cos(a), math.sin(a)
        x, z = xz[0] - self.center[0], xz[1] - self.center[1]
        return np.array([c * x - s * z, s * x + c * z])

    def footprint(self) -> np.ndarray:
        """The outline (4, 2) in venue x/z, counter-clockwise seen from above."""
        w, d = self.size[0] / 2, self.size[1] / 2
        return self.local_to_world(np.array([[-w, d], [w, d], [w, -d], [-w, -d]]))


def _laid_out(what: str, at: XZ | None) -> XZ:
    if at is None:
        raise ValueError(f"{what} has no place yet: the layout step places it")
    return at


@dataclass
class Booth(Bilingual):
    id: str
    name: str
    hall: str
    at: XZ | None = None                      # x, z of the booth's centre; None: placed by the hall's grid
    facing: float | None = None               # degrees; the counter faces this way (0 = +z, south)
    size: XZ = (6.0, 4.0)
    color: str = "#3a7bd5"
    description: str = ""
    line: int | None = None
    name_zh: str = ""
    description_zh: str = ""

    @property
    def placed_at(self) -> XZ:
        """`at` once the layout has placed the booth (ValueError before)."""
        return _laid_out(f"booth {self.id!r}", self.at)

    def footprint(self) -> np.ndarray:
        w, d = self.size[0] / 2, self.size[1] / 2
        rot = yaw_matrix(self.facing or 0.0)
        local = np.array([[-w, 0, d], [w, 0, d], [w, 0, -d], [-w, 0, -d]]) @ rot.T
        return local[:, [0, 2]] + np.asarray(self.placed_at)


@dataclass
class Experience(Bilingual):
    id: str
    name: str
    description: str
    kind: str
    hall: str                                 # hall id or "plaza"
    at: XZ | None = None
    line: int | None = None
    name_zh: str = ""
    description_zh: str = ""

    @property
    def placed_at(self) -> XZ:
        """`at` once the layout has placed the experience (ValueError before)."""
        return _laid_out(f"experience {self.id!r}", self.at)


@dataclass
class WaypointSpec(Bilingual):
    id: str
    name: str
    at: XYZ
    look_at: XYZ
    line: int | None = None
    name_zh: str = ""


@dataclass
class Walkway:
    id: str
    points: list[XZ]
    width: float


@dataclass
class TreeRow:
    """Trees planted evenly from `start` to `end` (x, z), both ends included."""

    start: XZ
    end: XZ
    count: int


@dataclass
class Plaza(Bilingual):
    id: str
    name: str
    polygon: np.ndarray                        # (k, 2) x/z
    registration: XZ | None = None
    lamp_spacing: float = 16.0
    trees: list[XZ] = field(default_factory=list)
    tree_rows: list[TreeRow] = field(default_factory=list)
    name_zh: str = ""

    def centre(self) -> XZ:
        """The plaza's centroid (x, z)."""
        c = Polygon(self.polygon).centroid
        return (float(c.x), float(c.y))


@dataclass
class CircuitSpec:
    data: str
    grandstand: bool = True
    line: int | None = None


@dataclass
class SceneSpec(Bilingual):
    """Everything a scene file says, checked."""

    path: Path
    name: str
    description: str
    illustrative: bool
    origin: GeoRef
    agenda: Path | None
    room_map: dict[str, str]
    start_time: datetime | None
    plaza: Plaza
    walkways: list[Walkway]
    halls: list[Hall]
    booths: list[Booth]
    experiences: list[Experience]
    waypoints: list[WaypointSpec]
    spawn: WaypointSpec
    circuit: CircuitSpec | None
    circuit_path: Path | None
    warnings: list[str] = field(default_factory=list)
    name_zh: str = ""
    description_zh: str = ""

    def rooms(self) -> dict[str, str]:
        """{room name: hall id} for reading schedules: the scene's `room_map`, and each hall's Chinese name
        (a schedule written in Chinese names its rooms 主论坛, 分论坛一...); the table wins where both name one."""
        return {**{h.name_zh: h.id for h in self.halls if h.name_zh}, **self.room_map}


@dataclass
class Waypoint(Bilingual):
    """A named place: where a viewer stands (position, metres) and what it looks at; `name_zh` is its
    Chinese name ("" when none is known)."""

    id: str
    name: str
    position: XYZ
    look_at: XYZ
    kind: str = "waypoint"
    name_zh: str = ""


@dataclass
class Venue(Bilingual):
    """A scene plus the event's domain data.

    For a scene file: `halls`, `booths`, `experiences` ({id: Hall / Booth / Experience}), `plaza`,
    `walkways`, `circuit`, `origin`, `agenda_path`, `room_map` ({agenda room name: hall id}), `spec` (the
    checked file); for navigation, shapely geometry in x/z: `floor` (where people may stand before
    obstacles: plaza, walkways, hall interiors, door openings), `obstacles` (walls, seat blocks, stages,
    booths, kiosks, trees, lamps, desks), `walkable` (floor minus obstacles). For a model file,
    `navmesh_nodes` names the nodes it marks as nav meshes. `problems` are non-fatal findings for `validate`.
    """

    scene: Scene
    path: Path | None = None
    waypoints: dict[str, Waypoint] = field(default_factory=dict)
    spawn: Waypoint | None = None
    name: str = ""
    description: str = ""
    illustrative: bool = False
    origin: GeoRef | None = None
    agenda_path: Path | None = None
    start_time: datetime | None = None   # when the venue clock starts (aware), if the file says
    room_map: dict[str, str] = field(default_factory=dict)
    halls: dict[str, Hall] = field(default_factory=dict)
    booths: dict[str, Booth] = field(default_factory=dict)
    experiences: dict[str, Experience] = field(default_factory=dict)
    plaza: Plaza | None = None
    walkways: list[Walkway] = field(default_factory=list)
    circuit: Circuit | None = None
    floor: Area | None = None
    outdoor: Area | None = None
    obstacles: list[Polygon] = field(default_factory=list)
    walkable: Area | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    spec: SceneSpec | None = None
    atlas_from_cache: bool = True
    navmesh_nodes: list[str] = field(default_factory=list)

    @property
    def name_zh(self) -> str:
        """The venue's Chinese name ("" when none is known; a model file has none)."""
        return self.spec.name_zh if self.spec else ""

    @property
    def description_zh(self) -> str:
        return self.spec.description_zh if self.spec else ""

    def view_camera(self, view_id: str, fov_y: float = 60.0) -> Camera:
        """The camera of a named waypoint; an unknown id gets the closest matches."""
        wp = self.waypoints.get(view_id)
        if wp is None:
            close = difflib.get_close_matches(view_id, list(self.waypoints), n=5, cutoff=0.4)
            hint = f"; did you mean {', '.join(close)}?" if close else (
                f"; known views: {', '.join(sorted(self.waypoints)[:12])}" if self.waypoints else
                "; this scene has no named views")
            raise UserError("--view", f"unknown view {view_id!r}{hint}")
        return Camera(wp.position, wp.look_at, fov_y=fov_y, near=0.25, far=5000.0)

    def default_camera(self, aspect: float, fov_y: float = 50.0) -> Camera:
        if self.spawn is not None:
            return Camera(self.spawn.position, self.spawn.look_at, fov_y=fov_y, near=0.25, far=5000.0)
        return frame_bounds(self.scene.bounds(), fov_y, aspect)

    def hall_names(self) -> dict[str, str]:
        """{hall id: name}, what the agenda's room resolver takes."""
        return {h.id: h.name for h in self.halls.values()}

    def hall_names_zh(self) -> dict[str, str]:
        """{hall id: Chinese name} of the halls whose Chinese name is known: rooms of a schedule written in
        Chinese map to halls by these too."""
        return {h.id: h.name_zh for h in self.halls.values() if h.name_zh}

    def hall_at(self, x: float, z: float) -> str | None:
        """The id of the hall whose footprint holds the point, or None."""
        p = Point(x, z)
        return next((h.id for h in self.halls.values() if Polygon(h.footprint()).contains(p)), None)
