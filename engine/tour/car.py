"""A low-poly racing car (about 450 triangles) for the lap, as one engine.scene Mesh.

The car's frame: origin on the ground under the middle of the car, nose towards -Z (forward),
+X to its right, +Y up; 5.6 m long, 2.0 m wide, about 1.0 m high. `car_matrix` places it at a
pose from engine.tour (x, z, compass heading in radians).
"""
from __future__ import annotations

import math

import numpy as np

from engine.scene import Material, Mesh
from engine.venue.geometry import MeshBuilder, hex_color

BODY = "#c8102e"       # red
ACCENT = "#f2f2f2"
CARBON = "#1c1c1f"
TYRE = "#141414"
HELMET = "#f5c400"


def _wheel(b: MeshBuilder, x: float, z: float, radius: float, width: float) -> None:
    """A wheel lying on its side: a cylinder about the X axis, centred at (x, radius, z)."""
    w = MeshBuilder()
    w.cylinder((0.0, -width / 2, 0.0), radius, width, segments=10, color=hex_color(TYRE))
    w.cylinder((0.0, -width / 2 - 0.01, 0.0), radius * 0.55, width + 0.02, segments=8,
               color=hex_color("#8a8d91"))
    m = np.eye(4)
    m[:3, :3] = np.array([[0.0, 1.0, 0.0], [-1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])  # the cylinder axis +Y turns to +X
    m[:3, 3] = (x, radius, z)
    w.transformed(m)
    pos, idx, nrm, uv, col = w.arrays()
    b.add(pos, idx, nrm, uv, col)


def _tapered(b: MeshBuilder, z0: float, z1: float, w0: float, w1: float, y0: float, h0: float, h1: float,
             color) -> None:
    """A box whose width and height change from z0 (w0, h0) to z1 (w1, h1): the monocoque and nose."""
    p = np.array([[-w0 / 2, y0, z0], [w0 / 2, y0, z0], [w0 / 2, y0 + h0, z0], [-w0 / 2, y0 + h0, z0],
                  [-w1 / 2, y0, z1], [w1 / 2, y0, z1], [w1 / 2, y0 + h1, z1], [-w1 / 2, y0 + h1, z1]])
    faces = {(0, 1, 2, 3): (0, 0, -1), (5, 4, 7, 6): (0, 0, 1), (4, 0, 3, 7): (-1, 0, 0),
             (1, 5, 6, 2): (1, 0, 0), (3, 2, 6, 7): (0, 1, 0), (4, 5, 1, 0): (0, -1, 0)}
    for quad, outward in faces.items():
        b.quad(p[list(quad)], color, outward=outward)


def car_builder() -> MeshBuilder:
    b = MeshBuilder()
    red, white, carbon = hex_color(BODY), hex_color(ACCENT), hex_color(CARBON)
    _tapered(b, -2.75, -1.2, 0.22, 0.5, 0.12, 0.22, 0.45, red)             # nose
    _tapered(b, -1.2, 0.9, 0.5, 0.85, 0.1, 0.45, 0.62, red)                # cockpit / monocoque
    _tapered(b, 0.9, 2.3, 0.85, 0.35, 0.1, 0.62, 0.45, red)                # engine cover
    b.box((-0.8, 0.12, -0.4), (-0.42, 0.5, 1.2), red)                    # sidepods
    b.box((0.42, 0.12, -0.4), (0.8, 0.5, 1.2), red)
    b.box((-0.9, 0.05, -1.2), (0.9, 0.1, 2.2), carbon)                    # floor
    b.box((-0.95, 0.06, -2.85), (0.95, 0.12, -2.45), carbon)             # front wing
    b.box((-0.97, 0.06, -2.85), (-0.92, 0.34, -2.45), white)             # its end plates
    b.box((0.92, 0.06, -2.85), (0.97, 0.34, -2.45), white)
    b.box((-0.5, 0.9, 2.25), (0.5, 0.98, 2.7), carbon)                   # rear wing
    b.box((-0.52, 0.45, 2.25), (-0.47, 1.0, 2.7), red)                   # its end plates
    b.box((0.47, 0.45, 2.25), (0.52, 1.0, 2.7), red)
    b.box((-0.05, 0.55, 2.4), (0.05, 0.9, 2.5), carbon)                  # wing pillar
    b.box((-0.28, 0.72, -0.5), (0.28, 0.75, 0.25), carbon)               # cockpit opening
    b.cylinder((0.0, 0.68, -0.15), 0.14, 0.26, segments=8, color=hex_color(HELMET), top_radius=0.1)
    b.box((-0.3, 0.7, -0.75), (0.3, 0.76, -0.55), white)                 # halo, front strut
    b.box((-0.06, 0.76, -0.75), (0.06, 0.98, -0.6), white)
    b.box((-0.3, 0.9, -0.62), (0.3, 0.96, 0.1), white)
    for x in (-0.78, 0.78):
        _wheel(b, x, -1.7, 0.33, 0.3)       # front
        _wheel(b, x, 1.55, 0.35, 0.4)       # rear
    return b


def car_mesh() -> Mesh:
    """The car as one vertex-coloured Mesh (nose towards -Z, wheels on y = 0)."""
    pos, idx, nrm, _uv, col = car_builder().arrays()
    mat = Material(base_color=(1.0, 1.0, 1.0, 1.0), roughness=0.45, metallic=0.1, name="race-car")
    return Mesh(pos, idx, nrm, None, col, mat, name="race-car")


def car_matrix(x: float, z: float, heading: float, y: float = 0.05) -> np.ndarray:
    """(4, 4) placing the car at (x, y, z) facing the compass heading (radians; 0 north, pi/2 east)."""
    a = -heading                                   # compass bearing -> rotation about +Y
    c, s = math.cos(a), math.sin(a)
    m = np.eye(4)
    m[0, 0], m[0, 2], m[2, 0], m[2, 2] = c, s, -s, c
    m[:3, 3] = (x, y, z)
    return m
