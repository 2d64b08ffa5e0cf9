"""Prop meshes shared by many nodes (instanced): seat, lamp, tree, booth, kiosk, turn-marker post.

Each builder returns a MeshBuilder in the prop's own frame: base at y = 0, front facing -z.
"""
from __future__ import annotations

from engine.venue.geometry import MeshBuilder, hex_color

FABRIC = hex_color("#474d57")   # charcoal: the halls' colours stay on their stages and doors
FRAME = hex_color("#3a3d42")
TRUNK = hex_color("#6b4a2f")
LEAVES = hex_color("#4f8a3a")
LEAVES_DARK = hex_color("#3d7030")
POLE = hex_color("#5b6066")
LIGHT = hex_color("#fff4d6")
PANEL = hex_color("#f4f4f2")
COUNTER = hex_color("#d9d4cc")
PEDESTAL = hex_color("#e9eef2")


def seat() -> MeshBuilder:
    """A theatre seat 0.5 m wide facing -z (the stage): cushion, backrest, two side frames. 46 triangles."""
    b = MeshBuilder()
    b.box((-0.24, 0.42, -0.22), (0.24, 0.5, 0.22), FABRIC, faces="xXYzZ")
    b.box((-0.24, 0.5, 0.18), (0.24, 1.0, 0.28), FABRIC, faces="xXYzZ")
    for x in (-0.27, 0.24):
        b.box((x, 0.0, -0.2), (x + 0.03, 0.65, 0.28), FRAME, faces="xXYzZ")
    return b


def lamp() -> MeshBuilder:
    """A 6 m street lamp: pole and a glowing head."""
    b = MeshBuilder()
    b.cylinder((0, 0, 0), 0.09, 5.6, 6, POLE, top_radius=0.06, caps=False)
    b.box((-0.35, 5.6, -0.25), (0.35, 5.75, 0.25), POLE, faces="xXYzZ")
    b.box((-0.3, 5.5, -0.2), (0.3, 5.6, 0.2), LIGHT, faces="y")
    return b


def tree() -> MeshBuilder:
    """A 7 m street tree: trunk and two stacked crowns."""
    b = MeshBuilder()
    b.cylinder((0, 0, 0), 0.18, 2.6, 6, TRUNK, top_radius=0.12, caps=False)
    b.cylinder((0, 2.2, 0), 2.2, 3.0, 8, LEAVES_DARK, top_radius=1.2)
    b.cylinder((0, 5.2, 0), 1.2, 1.8, 8, LEAVES, top_radius=0.0, caps=False)
    return b


def booth() -> MeshBuilder:
    """A 6 x 4 m shell-scheme booth open towards -z: back and side walls, front posts and header, a
    counter, a display plinth with a product on it, two stools and a plant (its carpet is laid per
    booth, its screen is the booth-screen prop)."""
    b = MeshBuilder()
    b.box((-3.0, 0.0, 1.9), (3.0, 3.0, 2.0), PANEL)
    for x in (-3.0, 2.92):
        b.box((x, 0.0, -1.6), (x + 0.08, 3.0, 2.0), PANEL, faces="xXYzZ")
        b.box((x, 0.0, -2.0), (x + 0.08, 3.0, -1.6), FRAME, faces="xXYzZ")
    b.box((-3.0, 2.6, -2.0), (3.0, 3.0, -1.92), FRAME, faces="xXYyzZ")
    b.box((-3.0, 3.0, -2.0), (3.0, 3.1, 2.0), FRAME, faces="xXYyzZ")
    b.box((-2.4, 0.0, -1.5), (-0.4, 1.0, -0.9), COUNTER, faces="xXzZ")
    b.box((-2.45, 1.0, -1.55), (-0.35, 1.06, -0.85), hex_color("#2f3338"), faces="xXYzZ")
    b.box((-1.55, 1.05, 1.84), (1.55, 2.9, 1.9), FRAME, faces="z")
    b.box((1.1, 0.0, -1.2), (2.1, 0.9, -0.2), PEDESTAL, faces="xXYzZ")
    b.box((1.35, 0.9, -0.95), (1.85, 1.3, -0.45), hex_color("#c8a24a"), faces="xXYzZ")
    for x in (-1.9, -0.9):
        b.cylinder((x, 0.0, -0.45), 0.03, 0.7, 4, POLE, caps=False)
        b.cylinder((x, 0.7, -0.45), 0.2, 0.06, 6, hex_color("#2f3338"))
    b.cylinder((-2.45, 0.0, 1.45), 0.25, 0.45, 6, hex_color("#6b6f75"), top_radius=0.3)
    b.cylinder((-2.45, 0.45, 1.45), 0.45, 1.3, 6, LEAVES, top_radius=0.0, caps=False)
    return b


def booth_screen() -> MeshBuilder:
    """The booth's wall screen, lit (bright at the top, a deeper blue below, like a slide)."""
    b = MeshBuilder()
    top, bottom = hex_color("#7fc8f0"), hex_color("#1f5fa8")
    corners = [(1.45, 1.12, 1.83), (-1.45, 1.12, 1.83), (-1.45, 2.83, 1.83), (1.45, 2.83, 1.83)]
    b.add(corners, [[0, 1, 2], [0, 2, 3]], (0, 0, -1), None, [bottom, bottom, top, top])
    return b


def kiosk() -> MeshBuilder:
    """An experience point: a pedestal and a pole (its angled screen is the kiosk-screen prop), facing -z."""
    b = MeshBuilder()
    b.box((-0.6, 0.0, -0.4), (0.6, 0.9, 0.4), PEDESTAL)
    b.box((-0.06, 0.9, 0.3), (0.06, 2.4, 0.38), POLE)
    return b


def kiosk_screen() -> MeshBuilder:
    """The kiosk's angled touch screen, lit."""
    b = MeshBuilder()
    b.quad([(-0.55, 0.92, -0.35), (0.55, 0.92, -0.35), (0.55, 1.25, 0.3), (-0.55, 1.25, 0.3)],
           hex_color("#5fb4e6"), outward=(0, 1, -0.5))
    return b


def marker_post() -> MeshBuilder:
    """The post of a numbered turn marker (its board is a sign)."""
    b = MeshBuilder()
    b.box((-0.1, 0.0, -0.1), (0.1, 4.0, 0.1), POLE, faces="xXYzZ")
    return b


PROPS = {"seat": seat, "lamp": lamp, "tree": tree, "booth": booth, "booth-screen": booth_screen, "kiosk": kiosk,
         "kiosk-screen": kiosk_screen, "marker-post": marker_post}
