"""A hall's outside: a stone plinth and light panels, a band of glazing under a metal coping, glazed
lobbies round the doors framed in the hall's colour, and metal fins between the bays.

The themed colour is only on the door portals (and the signs): a row of halls reads as one campus,
each told apart at its doors. Built in the hall's frame (stage at the north wall, -z).
"""
from __future__ import annotations

from collections.abc import Iterator

from engine.venue.geometry import Color, MeshBuilder, hex_color
from engine.venue.model import Hall

WALL_T = 0.4              # wall thickness, metres
PLINTH_M = 0.6
PLINTH = hex_color("#5d6065")
FACADE = hex_color("#e4e1da")
INNER = hex_color("#d9d8d4")        # the walls' inner faces share the mesh: close to the outside tone
METAL = hex_color("#b9bec4")        # fins and coping: brushed aluminium (the metal material's tint)
COPING = hex_color("#7d838a")
GLASS_TONES = [hex_color(c) for c in ("#4f6880", "#58728a", "#4a6279", "#5f7890")]
GLASS_PANEL_M = 3.0
LOBBY_SIDE_M = 2.5        # glazing either side of a door
FIN_PITCH_M = 6.0
# Per wall: its extent along the wall, where it stands across, and the axis it runs along
# ("x": north and south walls, "z": west and east), as a function of the half width w and half depth d.
WallLine = tuple[tuple[float, float], float, str]


def wall_lines(w: float, d: float) -> dict[str, WallLine]:
    return {"north": ((-w, w), -d, "x"), "south": ((-w, w), d, "x"),
            "west": ((-d, d), -w, "z"), "east": ((-d, d), w, "z")}


def local_doors(hall: Hall, wall: str) -> list[tuple[float, float, float]]:
    """(position along the wall's local axis, width, height) for doors in `wall`."""
    out = []
    for d in hall.doors:
        if d.wall != wall:
            continue
        pos = {"north": -d.offset, "south": d.offset, "east": -d.offset, "west": d.offset}[wall]
        out.append((pos, d.width, d.height))
    return out


def _face(b: MeshBuilder, axis: str, at: float, a: float, c: float, y0: float, y1: float, colour: Color,
          proud: float = 0.02, uv_per_m: float = 0.0) -> None:
    """A quad on the outside face of the wall at `at`, from a to c along it, `proud` metres out."""
    if c - a < 1e-3 or y1 - y0 < 1e-3:
        return
    sgn = 1.0 if at > 0 else -1.0
    o = at + sgn * (WALL_T / 2 + proud)
    if axis == "x":
        corners = [(a, y0, o), (c, y0, o), (c, y1, o), (a, y1, o)]
        outward = (0.0, 0.0, sgn)
    else:
        corners = [(o, y0, a), (o, y0, c), (o, y1, c), (o, y1, a)]
        outward = (sgn, 0.0, 0.0)
    uvs = None
    if uv_per_m:
        uvs = [[a * uv_per_m, y0 * uv_per_m], [c * uv_per_m, y0 * uv_per_m], [c * uv_per_m, y1 * uv_per_m],
               [a * uv_per_m, y1 * uv_per_m]]
    b.quad(corners, colour, uvs, outward=outward)


def _panels(a: float, c: float, pitch: float) -> Iterator[tuple[int, float, float]]:
    """(index, start, end) of panels about `pitch` wide filling a..c, a small gap between them."""
    n = max(1, round((c - a) / pitch))
    step = (c - a) / n
    for k in range(n):
        yield k, a + k * step + 0.04, a + (k + 1) * step - 0.04


def facade_glass(b: MeshBuilder, hall: Hall) -> None:
    """The clerestory band along every wall and the glazed lobby round every door (outside faces
    only; the wall behind keeps the room closed)."""
    w, d, h = hall.size[0] / 2, hall.size[1] / 2, hall.height
    band = (h * 0.55, h - 1.0)
    for wall, ((lo, hi), at, axis) in wall_lines(w, d).items():
        for k, a, c in _panels(lo + 0.6, hi - 0.6, GLASS_PANEL_M):
            _face(b, axis, at, a, c, band[0], band[1], GLASS_TONES[k % len(GLASS_TONES)])
        for p, dw, dh in local_doors(hall, wall):
            left, right = p - dw / 2 - LOBBY_SIDE_M, p + dw / 2 + LOBBY_SIDE_M
            top = min(dh + 2.2, band[0] - 0.4)
            for k, (a, c) in enumerate(((left, p - dw / 2), (p + dw / 2, right))):
                _face(b, axis, at, max(a, lo), min(c, hi), 0.05, top, GLASS_TONES[k + 1])
            _face(b, axis, at, p - dw / 2, p + dw / 2, dh, top, GLASS_TONES[0])


def portal_top(hall: Hall, door_height: float) -> float:
    """Height of the underside of a door portal's head bar (the door's sign hangs just below it)."""
    return min(door_height + 2.2, hall.height * 0.55 - 0.4)


def door_portals(b: MeshBuilder, hall: Hall, accent: Color) -> None:
    """A frame in the hall's colour round each glazed lobby: two posts and a head, standing out."""
    w, d = hall.size[0] / 2, hall.size[1] / 2
    for wall, ((lo, hi), at, axis) in wall_lines(w, d).items():
        for p, dw, dh in local_doors(hall, wall):
            left = max(p - dw / 2 - LOBBY_SIDE_M, lo + 0.3)
            right = min(p + dw / 2 + LOBBY_SIDE_M, hi - 0.3)
            top = portal_top(hall, dh)
            for a, c, y0, y1 in ((left - 0.35, left, 0.0, top + 0.5), (right, right + 0.35, 0.0, top + 0.5),
                                 (left - 0.35, right + 0.35, top, top + 0.5)):
                _bar(b, axis, at, a, c, y0, y1, 0.35, accent)


def _bar(b: MeshBuilder, axis: str, at: float, a: float, c: float, y0: float, y1: float, depth: float,
         colour: Color) -> None:
    """A box standing `depth` proud of the outside face of the wall at `at`, from a to c along it."""
    sgn = 1.0 if at > 0 else -1.0
    o0 = at + sgn * WALL_T / 2
    o1 = o0 + sgn * depth
    lo_o, hi_o = min(o0, o1), max(o0, o1)
    faces = "xXYyzZ"
    if axis == "x":
        b.box((a, y0, lo_o), (c, y1, hi_o), colour, faces=faces)
    else:
        b.box((lo_o, y0, a), (hi_o, y1, c), colour, faces=faces)


def fins_and_coping(b: MeshBuilder, hall: Hall) -> None:
    """Metal fins about every 6 m on the outside, kept clear of the lobbies, and the coping round the
    roof edge (brushed-metal uvs: streaks run along the wall)."""
    w, d, h = hall.size[0] / 2, hall.size[1] / 2, hall.height
    for wall, ((lo, hi), at, axis) in wall_lines(w, d).items():
        sgn = 1 if at > 0 else -1
        doors = local_doors(hall, wall)
        n = int((hi - lo) // FIN_PITCH_M)
        for k in range(1, n):
            p = lo + k * (hi - lo) / n
            if any(abs(p - dp) < dw / 2 + LOBBY_SIDE_M + 1.0 for dp, dw, _ in doors):
                continue
            o = at + sgn * (WALL_T / 2 + 0.2)
            if axis == "x":
                b.box((p - 0.12, PLINTH_M, o - 0.2), (p + 0.12, h, o + 0.2), METAL, faces="xXYzZ", uv_scale=1.0)
            else:
                b.box((o - 0.2, PLINTH_M, p - 0.12), (o + 0.2, h, p + 0.12), METAL, faces="xXYzZ", uv_scale=1.0)
    for lo3, hi3 in (((-w - 0.2, h, -d - 0.2), (w + 0.2, h + 0.6, -d + 0.2)),
                     ((-w - 0.2, h, d - 0.2), (w + 0.2, h + 0.6, d + 0.2)),
                     ((-w - 0.2, h, -d), (-w + 0.2, h + 0.6, d)), ((w - 0.2, h, -d), (w + 0.2, h + 0.6, d))):
        b.box(lo3, hi3, COPING, uv_scale=1.0)
