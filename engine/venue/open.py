"""Open any PATH the CLI accepts (a scene file or a model) as a Venue: a Scene plus named places."""
from __future__ import annotations

from pathlib import Path

from engine import PROJECT_ROOT
from engine.venue.ao_file import attach_ao
from engine.venue.build import build_venue
from engine.venue.hubs import read_places
from engine.venue.model import Venue
from engine.venue.scenefile import read_scene


def default_scene_path() -> Path:
    return PROJECT_ROOT / "scenes" / "anting.toml"


def open_scene(path: str | Path | None) -> Venue:
    """A scene file (.toml; None = the default Anting venue) or a model file (glb, gltf, obj, ply, stl)."""
    path = default_scene_path() if path is None else Path(path)
    if path.suffix.lower() == ".toml":
        venue = build_venue(read_scene(path))
        attach_ao(venue)
        return venue
    # Imported here for start-up cost: engine.loading brings in trimesh (about 0.3 s), which only model
    # files need; a scene file opens without it.
    from engine.loading import load_model
    scene = load_model(path)
    waypoints, spawn, navmeshes = read_places(scene)
    venue = Venue(scene=scene, path=path, waypoints=waypoints, spawn=spawn, navmesh_nodes=navmeshes)
    venue.notes.extend(f"nav-mesh node {n!r}" for n in navmeshes)
    return venue
