"""Places authored in glTF tools: Mozilla Hubs `MOZ_hubs_components` and `OMI_spawn_point` node extensions.

- `MOZ_hubs_components.waypoint` (any options) and `MOZ_hubs_components.spawn-point`: a named place at
  the node's world position, looking along the node's -Z axis (glTF's forward for cameras).
- `MOZ_hubs_components.nav-mesh`: the node's name is reported as a nav-mesh.
- `OMI_spawn_point` ({title, team, group}): a spawn point.
Names become kebab-case ids; duplicates get -2, -3...
"""
from __future__ import annotations

import re

import numpy as np

from engine.scene import Scene

EYE = 1.6


def kebab(name: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return s or "place"


def read_places(scene: Scene):
    """(waypoints {id: Waypoint}, spawn Waypoint or None, nav-mesh node names) from a loaded model."""
    from engine.venue.open import Waypoint
    waypoints: dict = {}
    spawn = None
    navmeshes: list[str] = []
    for node, world in scene.walk():
        ext = node.extensions or {}
        hubs = ext.get("MOZ_hubs_components") if isinstance(ext.get("MOZ_hubs_components"), dict) else {}
        omi = ext.get("OMI_spawn_point") if isinstance(ext.get("OMI_spawn_point"), dict) else None
        if "nav-mesh" in hubs:
            navmeshes.append(node.name)
        kind = None
        if "spawn-point" in hubs or omi is not None:
            kind = "spawn"
        elif "waypoint" in hubs:
            kind = "waypoint"
            wp_opts = hubs.get("waypoint")
            if isinstance(wp_opts, dict) and wp_opts.get("isOccupiable") is False and wp_opts.get("canBeSpawnPoint"):
                kind = "spawn"
        if kind is None:
            continue
        pos = world[:3, 3]
        fwd = -world[:3, 2]
        fwd = np.array([fwd[0], 0.0, fwd[2]])
        if np.linalg.norm(fwd) < 1e-6:
            fwd = np.array([0.0, 0.0, -1.0])
        fwd /= np.linalg.norm(fwd)
        title = (omi or {}).get("title") if omi else None
        base = kebab(str(title or node.name))
        wid, k = base, 2
        while wid in waypoints:
            wid, k = f"{base}-{k}", k + 1
        eye = (float(pos[0]), float(pos[1] + EYE), float(pos[2]))
        look = (eye[0] + float(fwd[0]) * 10, eye[1], eye[2] + float(fwd[2]) * 10)
        wp = Waypoint(wid, str(title or node.name), eye, look, kind)
        waypoints[wid] = wp
        if kind == "spawn" and spawn is None:
            spawn = wp
    return waypoints, spawn, navmeshes
