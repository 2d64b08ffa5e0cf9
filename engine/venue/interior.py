"""Inside a hall: the carpet, the light panels under the ceiling, the stage's lighting truss, and the
light the renderer fills the room with (`engine.scene.Interior`).

Everything here is in the hall's own frame (stage at the north wall, -z), except `interior_light`,
which gives the room's box in the venue frame.
"""
from __future__ import annotations

import numpy as np

from engine.scene.lights import Interior
from engine.venue.geometry import Color, MeshBuilder, hex_color
from engine.venue.model import Hall

CARPET_TILE_M = 2.0       # carpet tiles, laid quarter-turned: a faint checker of pile directions
CARPET_Y = 0.04
PANEL_M = 1.2             # square ceiling light panels
PANEL_PITCH_M = 4.8
PANEL_DROP_M = 0.35       # hung this far below the ceiling: seen from inside, culled from above
PANEL_GLOW = hex_color("#fff6e6")
TRUSS = hex_color("#2a2c30")
LENS = hex_color("#fff1c9")
CAN_PITCH_M = 2.4


def carpet_tiles(b: MeshBuilder, w: float, d: float, colour: Color) -> None:
    """The floor (-w..w, -d..d) as carpet tiles of alternating pile direction, each a shade apart
    (per-vertex colour: no texture lookup per pixel)."""
    nx, nz = max(1, round(2 * w / CARPET_TILE_M)), max(1, round(2 * d / CARPET_TILE_M))
    xs, zs = np.linspace(-w, w, nx + 1), np.linspace(-d, d, nz + 1)
    gi, gj = np.meshgrid(np.arange(nx), np.arange(nz), indexing="ij")
    i, j = gi.ravel(), gj.ravel()
    x0, x1, z0, z1 = xs[i], xs[i + 1], zs[j], zs[j + 1]
    pos = np.stack([np.stack([x0, z1], -1), np.stack([x1, z1], -1), np.stack([x1, z0], -1),
                    np.stack([x0, z0], -1)], axis=1)                      # counter-clockwise from above
    pos = np.concatenate([pos[..., :1], np.full(pos.shape[:2] + (1,), CARPET_Y), pos[..., 1:]], -1)
    pos = pos.reshape(-1, 3)
    jitter = ((i * 73856093) ^ (j * 19349663)) % 997 / 997.0 * 0.02 - 0.01
    shade = 1.0 + np.where((i + j) % 2 == 0, 0.015, -0.015) + jitter
    rgb = np.clip(np.asarray(colour[:3])[None, :] * shade[:, None], 0, 1)
    cols = np.repeat(np.column_stack([rgb, np.ones(len(i))]), 4, axis=0)
    base = (np.arange(len(i)) * 4)[:, None, None]
    tris = (np.array([[0, 1, 2], [0, 2, 3]])[None] + base).reshape(-1, 3)
    b.add(pos, tris, (0, 1, 0), pos[:, [0, 2]], cols)


def ceiling_panels(b: MeshBuilder, w: float, d: float, h: float) -> None:
    """A grid of glowing panels under the ceiling, facing down only (so the cut-away roof stays open
    to a camera above)."""
    y = h - PANEL_DROP_M
    for x in _pitches(w, PANEL_PITCH_M):
        for z in _pitches(d, PANEL_PITCH_M):
            b.box((x - PANEL_M / 2, y, z - PANEL_M / 2), (x + PANEL_M / 2, y + 0.02, z + PANEL_M / 2),
                  PANEL_GLOW, faces="y")


def _pitches(half: float, pitch: float) -> list[float]:
    """Centres every `pitch` across -half..half, the grid centred and kept 1.5 m off the walls."""
    n = max(1, int((2 * half - 3.0) // pitch) + 1)
    return [(k - (n - 1) / 2) * pitch for k in range(n)]


def stage_truss(metal: MeshBuilder, lights: MeshBuilder, hall: Hall, stage_width: float) -> None:
    """A lighting bar across the stage's front edge with cans hanging from it, their lenses lit."""
    d, h = hall.size[1] / 2, hall.height
    z = -d + hall.stage_depth
    y = max(hall.stage_height + 4.0, h - 1.2)
    metal.box((-stage_width / 2, y, z - 0.15), (stage_width / 2, y + 0.3, z + 0.15), TRUSS)
    for x in _pitches(stage_width / 2, CAN_PITCH_M):
        metal.box((x - 0.15, y - 0.45, z - 0.15), (x + 0.15, y, z + 0.15), TRUSS, faces="xXzZ")
        lights.box((x - 0.13, y - 0.46, z - 0.13), (x + 0.13, y - 0.45, z + 0.13), LENS, faces="y")


def interior_light(hall: Hall) -> Interior:
    """The room's light for the renderer: its box in the venue frame, ceiling light, and the stage's
    warm wash (forums a little dimmer in the seats, so the stage stands out)."""
    foot = hall.footprint()
    lo, hi = foot.min(axis=0), foot.max(axis=0)
    stage = None
    if hall.stage_depth:
        p = hall.local_to_world(np.array([[0.0, -hall.size[1] / 2 + hall.stage_depth / 2]]))[0]
        stage = (float(p[0]), hall.stage_height + 2.0, float(p[1]))
    ceiling = (1.0, 0.96, 0.9) if stage is None else (0.82, 0.79, 0.74)
    radius = max(12.0, min(hall.size) * 0.35)
    return Interior((float(lo[0]), 0.0, float(lo[1])), (float(hi[0]), hall.height, float(hi[1])),
                    ceiling_color=ceiling, stage=stage, stage_radius=radius, openings=_openings(hall, lo, hi))


def _openings(hall: Hall, lo: np.ndarray, hi: np.ndarray) -> tuple:
    """The doors and the open roof as world quads; none for a hall turned off the axes, whose box is
    larger than the room (from a corner of the box outside the room everything must stay drawn)."""
    if hall.rotation % 90.0:
        return ()
    top = hall.height
    roof = ((lo[0], top, lo[1]), (hi[0], top, lo[1]), (hi[0], top, hi[1]), (lo[0], top, hi[1]))
    doors = tuple(((a[0], 0.0, a[1]), (b[0], 0.0, b[1]), (b[0], d.height, b[1]), (a[0], d.height, a[1]))
                  for d in hall.doors for a, b in [d.span])
    return tuple(tuple((float(x), float(y), float(z)) for x, y, z in quad) for quad in (roof, *doors))


def muted(colour: Color, amount: float) -> Color:
    """`colour` (linear) taken `amount` of the way to a mid grey of the same lightness."""
    c = np.asarray(colour[:3])
    grey = float(c @ np.array([0.2126, 0.7152, 0.0722]))
    out = c * (1 - amount) + grey * amount
    return (float(out[0]), float(out[1]), float(out[2]), colour[3])


def darker(colour: Color, factor: float) -> Color:
    return (colour[0] * factor, colour[1] * factor, colour[2] * factor, colour[3])

