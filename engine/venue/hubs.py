"""Places authored in glTF tools: Mozilla Hubs components and `OMI_spawn_point`, as Hubs reads them.

- Components come from a node's `MOZ_hubs_components` extension, or the older name `HUBS_components`;
  component names are read with `_` or `-` (`nav_mesh` is `nav-mesh`).
- `waypoint` {canBeSpawnPoint, canBeOccupied, canBeClicked, willDisableMotion, willDisableTeleporting,
  willMaintainInitialOrientation, snapToNavMesh}: a named place at eye height above the node. Hubs turns
  a waypoint's transform by pi about world up before putting the viewer there ("waypoints are
  backwards", character-controller-system.js), so the viewer looks along the node's +Z axis, kept level.
- `spawn-point` (deprecated, from Spoke): a waypoint with canBeSpawnPoint, as Hubs converts it.
- `OMI_spawn_point` ({title or name, team, group}): a spawn point looking along the node's -Z axis
  (the direction a glTF camera or a viewer's rig looks).
- The spawn is the first place, in document order, that can be a spawn point (Hubs picks one of them
  at random; a viewer here starts at the same one every time).
- `nav-mesh` names a node; `link` and `media-frame` are kept as records (position, component data).
Names (an OMI title, else the node's name) become kebab-case ids, duplicates getting -2, -3...; a
place's display name is its OMI title, else the node's `extras.name`, else the node's name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine.scene import Node, Scene
from engine.venue.model import Waypoint

EYE = 1.6          # Hubs's default player height: waypoints are placed at the feet
LOOK_M = 10.0      # how far ahead the look-at point is put
HUBS_EXTENSIONS = ("MOZ_hubs_components", "HUBS_components")
WAYPOINT_FLAGS = ("canBeSpawnPoint", "canBeOccupied", "canBeClicked", "willDisableMotion",
                  "willDisableTeleporting", "willMaintainInitialOrientation", "snapToNavMesh")
RECORDED = ("link", "media-frame")   # components kept as records, with where their node is


@dataclass
class HubsWaypoint(Waypoint):
    """A Waypoint read from a model, with the Hubs waypoint flags ({flag: bool}, every flag present)
    and the node's Hubs components as the file gave them ({component name: data})."""

    flags: dict[str, bool] = field(default_factory=dict)
    components: dict[str, Any] = field(default_factory=dict)
    team: str | None = None


@dataclass
class HubsPlaces:
    """Everything Hubs-related found in a model; `records` are link and media-frame nodes as plain data."""

    waypoints: dict[str, Waypoint] = field(default_factory=dict)
    spawn: Waypoint | None = None
    navmeshes: list[str] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"nav_meshes": self.navmeshes, "records": self.records}


def kebab(name: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return s or "place"


def read_places(scene: Scene) -> tuple[dict[str, Waypoint], Waypoint | None, list[str]]:
    """(waypoints {id: Waypoint}, spawn Waypoint or None, nav-mesh node names) from a loaded model;
    link and media-frame records go to `scene.metadata["hubs"]` (what `inspect --json` shows)."""
    found = read_hubs(scene)
    if found.records or found.navmeshes:
        scene.metadata["hubs"] = found.as_json()
    return found.waypoints, found.spawn, found.navmeshes


def read_hubs(scene: Scene) -> HubsPlaces:
    found = HubsPlaces()
    for node, world in scene.walk():
        hubs = hubs_components(node)
        omi = _extension(node, "OMI_spawn_point")
        if "nav-mesh" in hubs:
            found.navmeshes.append(node.name)
        for kind in RECORDED:
            if kind in hubs:
                found.records.append(_record(kind, node, world, hubs[kind]))
        wp = _waypoint(node, world, hubs, omi, found.waypoints)
        if wp is None:
            continue
        found.waypoints[wp.id] = wp
        if found.spawn is None and wp.flags["canBeSpawnPoint"]:
            found.spawn = wp
    return found


def hubs_components(node: Node) -> dict[str, Any]:
    """The node's Hubs components {name with dashes: data} from either extension name (the current
    one wins where both name a component)."""
    merged: dict[str, Any] = {}
    for ext in reversed(HUBS_EXTENSIONS):
        for name, data in (_extension(node, ext) or {}).items():
            merged[str(name).replace("_", "-")] = data
    return merged


def _extension(node: Node, name: str) -> dict[str, Any] | None:
    """The node's glTF extension `name` when it is an object (anything else is ignored)."""
    ext = (node.extensions or {}).get(name)
    return ext if isinstance(ext, dict) else None


def _flags(hubs: dict[str, Any], omi: dict[str, Any] | None) -> dict[str, bool] | None:
    """The waypoint flags a node sets, or None when it is not a place; a spawn-point or OMI spawn point
    is a waypoint that can be a spawn point."""
    if "waypoint" not in hubs and "spawn-point" not in hubs and omi is None:
        return None
    opts = hubs.get("waypoint")
    opts = opts if isinstance(opts, dict) else {}
    flags = {k: opts.get(k) is True for k in WAYPOINT_FLAGS}
    if "spawn-point" in hubs or omi is not None:
        flags["canBeSpawnPoint"] = True
    return flags


def _waypoint(node: Node, world: np.ndarray, hubs: dict[str, Any], omi: dict[str, Any] | None,
              taken: dict[str, Waypoint]) -> HubsWaypoint | None:
    flags = _flags(hubs, omi)
    if flags is None:
        return None
    title = None
    if omi is not None:
        title = next((omi[k] for k in ("title", "name") if isinstance(omi.get(k), str) and omi[k].strip()), None)
    wid = _unique(kebab(str(title or node.name)), taken)
    label = (node.extras or {}).get("name")   # a display name the node carries beside its id
    name = str(title or (label if isinstance(label, str) and label.strip() else node.name))
    # Hubs's own components face +Z (the pi turn); an OMI spawn point alone faces -Z.
    forward = world[:3, 2] if ("waypoint" in hubs or "spawn-point" in hubs) else -world[:3, 2]
    eye, look = eye_and_look(world[:3, 3], forward)
    team = omi.get("team") if omi is not None and isinstance(omi.get("team"), str) else None
    components = dict(hubs)
    if omi is not None:
        components["OMI_spawn_point"] = omi
    return HubsWaypoint(wid, name, eye, look, "spawn" if flags["canBeSpawnPoint"] else "waypoint",
                        flags=flags, components=components, team=team)


def eye_and_look(feet: np.ndarray, forward: np.ndarray) -> tuple[tuple[float, float, float],
                                                                   tuple[float, float, float]]:
    """Eye height above `feet` (3,), looking LOOK_M along `forward` (3,) kept level (-Z when it is
    vertical)."""
    fwd = np.array([forward[0], 0.0, forward[2]], dtype=np.float64)
    length = float(np.linalg.norm(fwd))
    fwd = fwd / length if length > 1e-9 else np.array([0.0, 0.0, -1.0])
    eye = (float(feet[0]), float(feet[1]) + EYE, float(feet[2]))
    return eye, (eye[0] + float(fwd[0]) * LOOK_M, eye[1], eye[2] + float(fwd[2]) * LOOK_M)


def hubs_yaw(wp: Waypoint) -> float:
    """The turn about +Y (radians) of a node whose +Z axis points where the waypoint looks: the node
    rotation Hubs needs to put a viewer there looking the same way."""
    dx, dz = wp.look_at[0] - wp.position[0], wp.look_at[2] - wp.position[2]
    return float(np.arctan2(dx, dz))


def _record(kind: str, node: Node, world: np.ndarray, data: Any) -> dict[str, Any]:
    pos = world[:3, 3]
    return {"kind": kind, "node": node.name, "position": [round(float(v), 3) for v in pos],
            "data": data if isinstance(data, dict) else {}}


def _unique(base: str, taken: dict[str, Waypoint]) -> str:
    wid, k = base, 2
    while wid in taken:
        wid, k = f"{base}-{k}", k + 1
    return wid
