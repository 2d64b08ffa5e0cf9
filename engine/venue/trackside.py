"""The circuit in the venue: its meshes placed where the track really is, the numbered turn markers and
the start/finish gantry."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from engine.scene import Mesh, Node
from engine.venue import assets
from engine.venue.circuit import Circuit, load_circuit
from engine.venue.geometry import hex_color, transform
from engine.venue.materials import Materials
from engine.venue.model import SceneSpec
from engine.venue.parts import VenueParts

GANTRY_RED = "#b3261e"


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
    return circuit


def _circuit_node(data_path: Path, circuit: Circuit, mats: Materials) -> Node:
    """The generated circuit meshes, moved from the data's frame to the venue's."""
    node = Node(name="circuit", matrix=transform((circuit.offset[0], 0.0, circuit.offset[1])))
    by_part = {"track": mats.asphalt, "water": mats.water, "lines": mats.paint, "kerbs": mats.paint}
    for name, arr in assets.circuit_meshes(data_path).items():
        node.meshes.append(Mesh(arr[0], arr[1], arr[2], None, arr[4], by_part.get(name, mats.vertex),
                                name=f"circuit-{name}"))
    return node


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
