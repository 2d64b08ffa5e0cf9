"""Open any PATH the CLI accepts (a scene file or a model) as a Venue: a Scene plus named places."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from engine.errors import UserError
from engine.loading import load_model
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
    scene: Scene
    path: Path | None = None
    waypoints: dict[str, Waypoint] = field(default_factory=dict)
    spawn: Waypoint | None = None

    def view_camera(self, view_id: str, fov_y: float = 60.0) -> Camera:
        """The camera of a named waypoint; an unknown id gets the closest matches."""
        wp = self.waypoints.get(view_id)
        if wp is None:
            close = difflib.get_close_matches(view_id, list(self.waypoints), n=5, cutoff=0.4)
            hint = f"; did you mean {', '.join(close)}?" if close else (
                f"; known views: {', '.join(sorted(self.waypoints)[:12])}" if self.waypoints else
                "; this scene has no named views")
            raise UserError("--view", f"unknown view {view_id!r}{hint}")
        return Camera(wp.position, wp.look_at, fov_y=fov_y, near=0.1, far=5000.0)

    def default_camera(self, aspect: float, fov_y: float = 50.0) -> Camera:
        if self.spawn is not None:
            return Camera(self.spawn.position, self.spawn.look_at, fov_y=fov_y, near=0.1, far=5000.0)
        return frame_bounds(self.scene.bounds(), fov_y, aspect)


def open_scene(path: str | Path | None) -> Venue:
    """A model file (glb, gltf, obj, ply, stl) as a Venue; scene files (.toml) come with the venue work."""
    if path is None:
        raise UserError("PATH", "no default scene yet: pass a model file")
    path = Path(path)
    if path.suffix.lower() == ".toml":
        raise UserError(path, "scene files are not supported yet")
    scene = load_model(path)
    return Venue(scene=scene, path=path)
