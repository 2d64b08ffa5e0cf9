"""The pit building, the paddock behind it and the team buildings: pavilions on stilts standing in a lake.

Known (shared/data/FACTS.md): each team had its own paddock building, arranged like pavilions on a lake
to echo Shanghai's Yu Garden, behind the pits on the inside of the start/finish straight. Illustrative (this
project's choice): the lake's outline and size, eleven pavilions of 20 x 24 m on a 36 m pitch, their two
storeys, hipped roofs and footbridges, the pit building's 23 garages.

Everything is laid out from the `Straight` at the start/finish line, on its right (inside the lap).
"""
from __future__ import annotations

import numpy as np
from shapely.geometry import Polygon

from engine.venue.geometry import Color, MeshBuilder, hex_color
from engine.venue.track_geometry import Straight, flat_area

PIT_ACROSS_M = 44.0            # the pit building's middle, right of the centre line
PIT_SIZE = (19.6, 11.0, 18.0)  # one garage: along, height, across
GARAGES = 23
PADDOCK_ACROSS = (53.0, 86.0)
LAKE_CENTRE_ACROSS_M = 124.0
LAKE_HALF = (222.0, 36.0)      # along, across
PAVILIONS = 11
PAVILION_PITCH_M = 38.0
PAVILION_HALF = (10.0, 12.0)   # along, across: the deck on its stilts
DECK_Y = (1.1, 1.6)
STOREYS = (4.2, 3.6)
ROOF_OVERHANG_M = 2.2
ROOF_RISE_M = 3.2

GARAGE = hex_color("#d7d9dc")
GLASS_DARK = hex_color("#3c5468")
ROOF_WHITE = hex_color("#e8e8ea")
PADDOCK = hex_color("#8e9196")
BANK = hex_color("#c9c3b6")
PAVILION_WALL = hex_color("#f0ede6")
PAVILION_GLASS = hex_color("#6d8ea6")
PAVILION_ROOF = hex_color("#4f5660")
TIMBER = hex_color("#8a6a4f")
STILT = hex_color("#9a9ea4")
WATER = hex_color("#4f86ad")


def pit_building(b: MeshBuilder, st: Straight) -> None:
    """A row of garages facing the pit lane, glazed doors towards it, under one long roof."""
    along, height, across = PIT_SIZE
    for k in range(-(GARAGES // 2), GARAGES // 2 + 1):
        c = st.at(k * 20.0, PIT_ACROSS_M)
        b.oriented_box((c[0], 0, c[1]), (along, height, across), st.yaw, GARAGE)
        d = st.at(k * 20.0, PIT_ACROSS_M - across / 2 - 0.05)
        b.oriented_box((d[0], 0.2, d[1]), (16.0, 5.0, 0.2), st.yaw, GLASS_DARK)
    c = st.at(0.0, PIT_ACROSS_M)
    b.oriented_box((c[0], height, c[1]), (GARAGES * 20.0 + 10.0, 1.2, across + 6.0), st.yaw, ROOF_WHITE)


def lake_outline(st: Straight, points: int = 72) -> np.ndarray:
    """The lake's shore (k, 2): a rounded oblong (superellipse) behind the paddock."""
    t = np.linspace(0.0, 2 * np.pi, points, endpoint=False)
    c, s = np.cos(t), np.sin(t)
    u = np.sign(c) * np.abs(c) ** 0.25 * LAKE_HALF[0]
    v = np.sign(s) * np.abs(s) ** 0.5 * LAKE_HALF[1]
    return np.array([st.at(a, LAKE_CENTRE_ACROSS_M + w) for a, w in zip(u, v)])


def pavilion_centres(st: Straight) -> list[np.ndarray]:
    """Where each pavilion stands (x/z)."""
    half = (PAVILIONS - 1) / 2
    return [st.at((k - half) * PAVILION_PITCH_M, LAKE_CENTRE_ACROSS_M + 6.0) for k in range(PAVILIONS)]


def pavilion_footprints(st: Straight) -> list[np.ndarray]:
    """Each pavilion's deck outline (4, 2) in plan."""
    out = []
    for c in pavilion_centres(st):
        rel = Straight(c, st.tan)
        out.append(rel.rect((-PAVILION_HALF[0], PAVILION_HALF[0]), (-PAVILION_HALF[1], PAVILION_HALF[1])))
    return out


def paddock(ground: MeshBuilder, water: MeshBuilder, buildings: MeshBuilder, st: Straight) -> None:
    """The paved paddock, the lake with its stone bank, and the pavilions with their footbridges."""
    shore = lake_outline(st)
    lake = Polygon(shore)
    yard = Polygon(st.rect((-GARAGES * 10.0 - 5, GARAGES * 10.0 + 5), PADDOCK_ACROSS)).difference(lake.buffer(2.0))
    flat_area(ground, yard, 0.02, PADDOCK)
    flat_area(water, lake, 0.04, WATER)
    flat_area(ground, lake.buffer(2.0, quad_segs=2).difference(lake), 0.03, BANK)
    for c in pavilion_centres(st):
        _pavilion(buildings, Straight(c, st.tan))
        _footbridge(buildings, st, c)


def _pavilion(b: MeshBuilder, p: Straight) -> None:
    """Stilts, a deck, a glazed ground storey, a white upper storey and a hipped roof with wide eaves."""
    ha, hc = PAVILION_HALF
    for a in (-ha + 1, 0.0, ha - 1):
        for c in (-hc + 1, 0.0, hc - 1):
            q = p.at(a, c)
            b.oriented_box((q[0], 0.0, q[1]), (0.5, DECK_Y[0], 0.5), p.yaw, STILT, faces="xXzZ")
    b.oriented_box((p.pos[0], DECK_Y[0], p.pos[1]), (2 * ha, DECK_Y[1] - DECK_Y[0], 2 * hc), p.yaw, TIMBER)
    y = DECK_Y[1]
    b.oriented_box((p.pos[0], y, p.pos[1]), (2 * ha - 3, STOREYS[0], 2 * hc - 3), p.yaw, PAVILION_GLASS, faces="xXzZ")
    y += STOREYS[0]
    b.oriented_box((p.pos[0], y, p.pos[1]), (2 * ha - 1.5, STOREYS[1], 2 * hc - 1.5), p.yaw, PAVILION_WALL)
    _hip_roof(b, p, y + STOREYS[1], ha + ROOF_OVERHANG_M, hc + ROOF_OVERHANG_M)


def _hip_roof(b: MeshBuilder, p: Straight, y: float, ha: float, hc: float) -> None:
    """Four sloping faces over a (2 ha x 2 hc) eave line up to a short ridge along the pavilion."""
    ridge = ha - hc * 0.8
    e = [p.at(-ha, -hc), p.at(ha, -hc), p.at(ha, hc), p.at(-ha, hc)]
    r = [p.at(-ridge, 0.0), p.at(ridge, 0.0)]
    top = y + ROOF_RISE_M

    def v(q: np.ndarray, h: float) -> tuple[float, float, float]:
        return (float(q[0]), h, float(q[1]))
    faces = [(e[0], e[1], r[1], r[0]), (e[2], e[3], r[0], r[1])]
    for quad in faces:
        b.quad([v(quad[0], y), v(quad[1], y), v(quad[2], top), v(quad[3], top)], PAVILION_ROOF, outward=(0, 1, 0))
    for a, c, rr in ((e[1], e[2], r[1]), (e[3], e[0], r[0])):
        tri = np.array([v(a, y), v(c, y), v(rr, top)])
        n = np.cross(tri[1] - tri[0], tri[2] - tri[0])
        idx = [[0, 1, 2]] if n[1] > 0 else [[0, 2, 1]]
        b.add(tri, idx, n * np.sign(n[1]), None, PAVILION_ROOF)
    b.quad([v(e[3], y), v(e[2], y), v(e[1], y), v(e[0], y)], _dark(PAVILION_ROOF), outward=(0, -1, 0))


def _dark(c: Color) -> Color:
    return (c[0] * 0.6, c[1] * 0.6, c[2] * 0.6, c[3])


def _footbridge(b: MeshBuilder, st: Straight, centre: np.ndarray) -> None:
    """A 3 m timber walk from the paddock's shore to the pavilion's deck."""
    rel = Straight(centre, st.tan)
    start = -PAVILION_HALF[1]
    shore = PADDOCK_ACROSS[1] - LAKE_CENTRE_ACROSS_M - 6.0 - 2.0
    mid = rel.at(0.0, (start + shore) / 2)
    b.oriented_box((mid[0], DECK_Y[0] - 0.1, mid[1]), (3.0, 0.4, start - shore), st.yaw, TIMBER)
