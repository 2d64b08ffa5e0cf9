"""The circuit in the venue: its meshes placed where the track really is, the numbered turn markers and
the start/finish gantry."""
from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import numpy as np
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from engine.scene import Material, Mesh, Node
from engine.venue import assets, grandstand, lake
from engine.venue.circuit import Circuit, load_circuit, part_name, start_straight
from engine.venue.geometry import hex_color, transform
from engine.venue.materials import Materials
from engine.venue.model import SceneSpec
from engine.venue.parts import VenueParts
from engine.venue.track_geometry import Straight
from engine.venue.treeline import tree_line

GANTRY_RED = "#b3261e"
LAKE_SKY_MIRROR = 0.45     # still water mirrors the sky strongly at grazing angles
TREE_CLEARANCE_M = (8.0, 15.0, 12.0)   # from walkways' centre lines, hall walls, the plaza's edge
FORECOURT_DEPTH_M = 420.0              # open ground behind the grandstand, so the venue sees the stand


def add_circuit(spec: SceneSpec, root: Node, parts: VenueParts, mats: Materials, post: Mesh) -> Circuit | None:
    """The circuit the scene file names (None without one): its node, turn markers (`post` is the
    marker's mesh) and start/finish gantry."""
    path = spec.circuit_path
    if path is None:
        return None
    circuit = load_circuit(path, spec.origin.lat, spec.origin.lon)
    root.add(_circuit_node(path, circuit, mats))
    _turn_markers(circuit, root, parts, post)
    _start_gantry(circuit, parts)
    _tree_line(spec, circuit, parts)
    return circuit


def _part_materials(mats: Materials) -> dict[str, Material]:
    """The material of each part of the circuit's meshes (anything else is painted per vertex)."""
    lake_water = dataclasses.replace(mats.water, reflect_sky=max(mats.water.reflect_sky, LAKE_SKY_MIRROR),
                                     name="lake")
    gravel = Material((1, 1, 1, 1), roughness=1.0, depth_layer=1, name="gravel")
    return {"track": mats.asphalt, "gravel": gravel, "water": lake_water, "paint": mats.paint}


def _circuit_node(data_path: Path, circuit: Circuit, mats: Materials) -> Node:
    """The generated circuit meshes, moved from the data's frame to the venue's."""
    node = Node(name="circuit", matrix=transform((circuit.offset[0], 0.0, circuit.offset[1])))
    by_part = _part_materials(mats)
    for name, arr in assets.circuit_meshes(data_path).items():
        mat = by_part.get(part_name(name), mats.vertex)
        uvs = arr[3] if mat.texture is not None else None
        node.meshes.append(Mesh(arr[0], arr[1], arr[2], uvs, arr[4], mat, name=f"circuit-{name}"))
    return node


def _tree_line(spec: SceneSpec, circuit: Circuit, parts: VenueParts) -> None:
    """Trees round the circuit's site (instances of the venue's tree), clear of paths, halls and plaza."""
    st = start_straight(circuit.centre, circuit.start_s)
    site = np.vstack([circuit.centre, grandstand.footprint(st), lake.lake_outline(st)])
    for x, z, yaw, scale in tree_line(site, _keep_open(spec, st)):
        parts.trees.append(transform((x, 0.0, z), yaw, (scale, scale, scale)))


def _keep_open(spec: SceneSpec, st: Straight) -> BaseGeometry:
    """Where no tree of the line may stand: walkways, halls, the plaza and the grandstand's forecourt."""
    walk, hall, plaza = TREE_CLEARANCE_M
    back = grandstand.back_across()
    half = grandstand.HALF_LENGTH_M + 40.0
    areas = [LineString(w.points).buffer(walk + w.width / 2) for w in spec.walkways if len(w.points) >= 2]
    areas += [Polygon(h.footprint()).buffer(hall) for h in spec.halls]
    forecourt = st.rect((-half, half), (back - FORECOURT_DEPTH_M, back))
    areas += [Polygon(spec.plaza.polygon).buffer(plaza), Polygon(forecourt)]
    return unary_union(areas)


def _turn_markers(circuit: Circuit, root: Node, parts: VenueParts, post: Mesh) -> None:
    """A post at each turn's marker with its number on a board facing the turn, both ways."""
    for t in circuit.turns:
        root.add(Node(name=f"turn-{t.number:02d}", matrix=transform((t.marker[0], 0.0, t.marker[1])),
                      meshes=[post]))
        v = np.array([t.position[0] - t.marker[0], t.position[1] - t.marker[1]])
        v /= max(np.linalg.norm(v), 1e-9)
        for sgn in (1, -1):
            parts.signs.add(f"turn:{t.number}",
                            (t.marker[0] + v[0] * 0.12 * sgn, 4.6, t.marker[1] + v[1] * 0.12 * sgn),
                            2.4, 2.4, (float(v[0] * sgn), float(v[1] * sgn)))


def _start_gantry(circuit: Circuit, parts: VenueParts) -> None:
    """Two posts either side of the start/finish line and a beam across, named on both faces."""
    pos, tan = circuit.start_finish()
    right = np.array([-tan[1], tan[0]])
    red = hex_color(GANTRY_RED)
    for sgn in (1, -1):
        p = pos + right * 12 * sgn
        parts.walls.box((p[0] - 0.3, 0, p[1] - 0.3), (p[0] + 0.3, 8.5, p[1] + 0.3), red)
    parts.walls.oriented_box((pos[0], 7.0, pos[1]), (0.6, 1.6, 24.6), -math.degrees(math.atan2(tan[1], tan[0])),
                             red)
    gantry_c = np.array([pos[0], 7.4, pos[1]])
    for sgn in (1, -1):
        parts.signs.add("label:circuit", gantry_c + np.array([tan[0], 0, tan[1]]) * 0.32 * sgn, 12.0, 1.5,
                        (float(tan[0] * sgn), float(tan[1] * sgn)))
