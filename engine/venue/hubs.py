"""Places authored in glTF tools: Mozilla Hubs `MOZ_hubs_components` and `OMI_spawn_point` node extensions.

- `MOZ_hubs_components.waypoint` (any options) and `MOZ_hubs_components.spawn-point`: a named place at
  the node's world position, looking along the node's -Z axis (glTF's forward for cameras).
- `MOZ_hubs_components.nav-mesh`: the node's name is reported as a nav-mesh.
- `OMI_spawn_point` ({title, team, group}): a spawn point.
Names become kebab-case ids; duplicates get -2, -3...
"""
from __future__ import annotations

import re
from typing import Any

import numpy as np

from engine.scene import Node, Scene
from engine.venue.model import Waypoint

EYE = 1.6


def kebab(name: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return s or "place"


def read_places(scene: Scene) -> tuple[dict[str, Waypoint], Waypoint | None, list[str]]:
    """(waypoints {id: Waypoint}, spawn Waypoint or None, nav-mesh node names) from a loaded model."""
    waypoints: dict[str, Waypoint] = {}
    spawn = None
    navmeshes: list[str] = []
    for node, world in scene.walk():
        hubs, omi = _extension(node, "MOZ_hubs_components"), _extension(node, "OMI_spawn_point")
        if hubs is not None and "nav-mesh" in hubs:
            navmeshes.append(node.name)
        kind = _place_kind(hubs or {}, omi)
        if kind is None:
            continue
        title = omi.get("title") if omi else None
        wid = _unique(kebab(str(title or node.name)), waypoints)
        wp = _place(wid, str(title or node.name), world, kind)
        waypoints[wid] = wp
        if kind == "spawn" and spawn is None:
            spawn = wp
    return waypoints, spawn, navmeshes


def _extension(node: Node, name: str) -> dict[str, Any] | None:
    """The node's glTF extension `name` when it is an object (anything else is ignored)."""
    ext = (node.extensions or {}).get(name)
    return ext if isinstance(ext, dict) else None


def _place_kind(hubs: dict[str, Any], omi: dict[str, Any] | None) -> str | None:
    """The place a node marks: "spawn", "waypoint", or None when it marks none."""
    if "spawn-point" in hubs or omi is not None:
        return "spawn"
    if "waypoint" not in hubs:
        return None
    opts = hubs.get("waypoint")
    if isinstance(opts, dict) and opts.get("isOccupiable") is False and opts.get("canBeSpawnPoint"):
        return "spawn"
    return "waypoint"


def _unique(base: str, taken: dict[str, Waypoint]) -> str:
    wid, k = base, 2
    while wid in taken:
        wid, k = f"{base}-{k}", k + 1
    return wid


def _place(wid: str, name: str, world: np.ndarray, kind: str) -> Waypoint:
    """Eye height above the node, looking 10 m along its -Z axis kept level."""
    pos = world[:3, 3]
    fwd = -world[:3, 2]
    fwd = np.array([fwd[0], 0.0, fwd[2]])
    if np.linalg.norm(fwd) < 1e-6:
        fwd = np.array([0.0, 0.0, -1.0])
    fwd /= np.linalg.norm(fwd)
    eye = (float(pos[0]), float(pos[1] + EYE), float(pos[2]))
    look = (eye[0] + float(fwd[0]) * 10, eye[1], eye[2] + float(fwd[2]) * 10)
    return Waypoint(wid, name, eye, look, kind)
