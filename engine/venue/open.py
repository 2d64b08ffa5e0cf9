"""Open any PATH the CLI accepts (a scene file or a model) as a Venue: a Scene plus named places."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.errors import UserError
from engine.scene import Scene
from engine.scene.camera import Camera, frame_bounds


@dataclass
class Waypoint:
    """A named place: where a viewer stands (position, metres) and what it looks at."""

    id: str
    name: str
    position: tuple[float, float, float]
    look_at: tuple[float, float, float]
    kind: str = "waypoint"


@dataclass
class Venue:
    """A scene plus the event's domain data.

    For a scene file: `halls`, `booths`, `experiences` ({id: model object}, see engine.venue.model),
    `plaza`, `walkways`, `circuit` (engine.venue.circuit.Circuit or None), `origin` (GeoRef),
    `agenda_path`, `room_map` ({agenda room name: hall id}); for navigation, shapely geometry in x/z:
    `floor` (where people may stand before obstacles: plaza, walkways, hall interiors, door openings),
    `obstacles` (list of Polygons: walls, seat blocks, stages, booths, kiosks, trees, lamps, desks),
    `walkable` (floor minus obstacles). `problems` are non-fatal findings for `validate`.
    """

    scene: Scene
    path: Path | None = None
    waypoints: dict[str, Waypoint] = field(default_factory=dict)
    spawn: Waypoint | None = None
    name: str = ""
    description: str = ""
    illustrative: bool = False
    origin: Any = None
    agenda_path: Path | None = None
    start_time: Any = None        # when the venue clock starts (aware datetime), if the file says
    room_map: dict[str, str] = field(default_factory=dict)
    halls: dict[str, Any] = field(default_factory=dict)
    booths: dict[str, Any] = field(default_factory=dict)
    experiences: dict[str, Any] = field(default_factory=dict)
    plaza: Any = None
    walkways: list = field(default_factory=list)
    circuit: Any = None
    floor: Any = None
    outdoor: Any = None
    obstacles: list = field(default_factory=list)
    walkable: Any = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    spec: Any = None
    atlas_from_cache: bool = True

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

    def hall_at(self, x: float, z: float) -> str | None:
        """The id of the hall whose footprint holds the point, or None."""
        from shapely.geometry import Point, Polygon
        p = Point(x, z)
        return next((h.id for h in self.halls.values() if Polygon(h.footprint()).contains(p)), None)


def default_scene_path() -> Path:
    from engine import PROJECT_ROOT
    return PROJECT_ROOT / "scenes" / "anting.toml"


def open_scene(path: str | Path | None) -> Venue:
    """A scene file (.toml; None = the default Anting venue) or a model file (glb, gltf, obj, ply, stl)."""
    path = default_scene_path() if path is None else Path(path)
    if path.suffix.lower() == ".toml":
        from engine.venue.build import build_venue
        from engine.venue.scenefile import read_scene
        return build_venue(read_scene(path))
    from engine.loading import load_model
    from engine.venue.hubs import read_places
    scene = load_model(path)
    waypoints, spawn, navmeshes = read_places(scene)
    venue = Venue(scene=scene, path=path, waypoints=waypoints, spawn=spawn)
    venue.notes.extend(f"nav-mesh node {n!r}" for n in navmeshes)
    venue.navmesh_nodes = navmeshes  # type: ignore[attr-defined]
    return venue
