"""The open ground people walk on outdoors: the plaza and walkways as one area, paved in stone slabs."""
from __future__ import annotations

import math

import mapbox_earcut as earcut
import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon
from shapely.ops import unary_union

from engine.scene.material import srgb_to_linear
from engine.venue.geometry import WHITE, MeshBuilder
from engine.venue.model import Area, SceneSpec

PAVING_TILE_M = 3.0
# Slabs are laid where people are: within this distance of a hall, the spawn or the registration desk.
# Ground further out is one plain stone surface, so a plaza of any size costs the same to build.
DETAIL_RADIUS_M = 300.0
# The most slab cells one piece of paving is cut into; a larger piece gets larger slabs (whole
# multiples of the tile, so the pattern stays on the same grid).
MAX_SLAB_CELLS = 200_000
GROUND_HALF_M = 2500.0    # the lawn reaches this far from the origin every way
GRASS_TILE_M = 4.0        # one repeat of the grass texture
PAVING_Y = 0.02           # just above the grass, below the track paint
# Two stone tones in a checker with a little per-slab variation (sRGB, made linear below).
PAVING_TONES = np.array([[174, 168, 159], [160, 155, 147]]) / 255.0


def outdoor_area(spec: SceneSpec) -> Area:
    """The plaza and every walkway (a strip of its width along its points), merged."""
    # A walkway that turns straight back on itself makes GEOS divide by zero at the mitre: the strip
    # it returns is still valid, so the warning is not passed on.
    with np.errstate(all="ignore"):
        walk_polys = [LineString(w.points).buffer(w.width / 2, cap_style="flat", join_style="mitre")
                      for w in spec.walkways]
    return unary_union([Polygon(spec.plaza.polygon)] + walk_polys)


def seen_area(spec: SceneSpec) -> Area:
    """Where people spend their time outdoors: around the halls, the spawn and the registration desk."""
    spots = [Polygon(h.footprint()) for h in spec.halls] + [Point(spec.spawn.at[0], spec.spawn.at[2])]
    if spec.plaza.registration:
        spots.append(Point(*spec.plaza.registration))
    return unary_union(spots).buffer(DETAIL_RADIUS_M, quad_segs=4)


def pave(b: MeshBuilder, outdoor: Area, near: Area | None = None) -> None:
    """Slabs over the outdoor area `near` the places people are (all of it when None), plain stone
    over the rest."""
    whole = near is None or near.contains(outdoor)
    detail = outdoor if whole else outdoor.intersection(near)
    for poly in getattr(detail, "geoms", [detail]):
        if poly.geom_type == "Polygon" and not poly.is_empty:
            add_paving(b, poly, PAVING_Y)
    if whole:
        return
    plain = outdoor.difference(near)
    tone = tuple(np.append(srgb_to_linear(PAVING_TONES.mean(axis=0)), 1.0))
    for poly in getattr(plain, "geoms", [plain]):
        if poly.geom_type == "Polygon" and poly.area > 1e-6:
            _add_polygon(b, poly, PAVING_Y, tone)


def lawn(b: MeshBuilder, outdoor: Area, half_size: float = GROUND_HALF_M) -> None:
    """The grass round the venue: a square of `half_size` about the origin with the paved area cut out,
    so no pixel under the paving is drawn twice."""
    square = shapely.box(-half_size, -half_size, half_size, half_size)
    with np.errstate(all="ignore"):   # a sliver of a plaza (points 1e-306 apart) may shrink to nothing
        ground = square.difference(outdoor.buffer(-0.05)) if not outdoor.is_empty else square
    for poly in getattr(ground, "geoms", [ground]):
        if poly.geom_type == "Polygon" and poly.area > 1e-6:
            _add_polygon(b, poly, 0.0, WHITE, uv_per_m=1 / GRASS_TILE_M)


def add_paving(b: MeshBuilder, poly: Polygon, y: float, tile: float = PAVING_TILE_M) -> None:
    """A polygon as slabs of two stone tones at height y, so open ground reads as paving: whole slabs
    as quads, those the edge cuts as the piece left inside."""
    x0, z0, x1, z1 = poly.bounds
    cells = math.ceil((x1 - x0) / tile + 1) * math.ceil((z1 - z0) / tile + 1)
    if cells > MAX_SLAB_CELLS:
        tile *= math.ceil(math.sqrt(cells / MAX_SLAB_CELLS))
    gi, gj = np.meshgrid(np.arange(int(np.floor(x0 / tile)), int(np.ceil(x1 / tile))),
                         np.arange(int(np.floor(z0 / tile)), int(np.ceil(z1 / tile))), indexing="ij")
    ii, jj = gi.ravel(), gj.ravel()
    cells = shapely.box(ii * tile, jj * tile, (ii + 1) * tile, (jj + 1) * tile)
    pieces = shapely.intersection(cells, poly)
    tones = _slab_tones(ii, jj)
    whole = shapely.contains_properly(poly, cells)
    _add_slabs(b, ii[whole] * tile, jj[whole] * tile, tile, y, tones[whole])
    for k in np.flatnonzero(~whole):   # slabs cut by the edge: triangulate what is left
        piece = pieces[k]
        for part in getattr(piece, "geoms", [piece]):
            if part.geom_type == "Polygon" and part.area > 1e-6:
                _add_polygon(b, part, y, tuple(tones[k]))


def _slab_tones(ii: np.ndarray, jj: np.ndarray) -> np.ndarray:
    """Linear RGBA (k, 4) of the slabs at grid cells (ii, jj): a checker of the two tones, varied by a
    hash of the cell (deterministic, not a random generator)."""
    jitter = ((ii * 73856093) ^ (jj * 19349663)) % 1000 / 1000.0 * 0.06 - 0.03
    return np.column_stack([srgb_to_linear(np.clip(PAVING_TONES[(ii + jj) % 2] + jitter[:, None], 0, 1)),
                            np.ones(len(ii))])


def _add_slabs(b: MeshBuilder, x: np.ndarray, z: np.ndarray, size: float, y: float, colours: np.ndarray) -> None:
    """Whole square slabs (x, z of their corners (k,)) as quads, all at once."""
    corners = np.array([[0, 0], [0, 1], [1, 1], [1, 0]], float) * size   # counter-clockwise from above
    xz = np.stack([x, z], -1)[:, None, :] + corners[None]
    pos = np.concatenate([xz[..., :1], np.full(xz.shape[:2] + (1,), y), xz[..., 1:]], -1).reshape(-1, 3)
    base = (np.arange(len(x)) * 4)[:, None]
    tris = (np.array([[0, 1, 2], [0, 2, 3]])[None] + base[..., None]).reshape(-1, 3)
    b.add(pos, tris, (0, 1, 0), pos[:, [0, 2]] / PAVING_TILE_M, np.repeat(colours, 4, axis=0))


def _add_polygon(b: MeshBuilder, poly: Polygon, y: float, colour: tuple[float, ...] = WHITE,
                 uv_per_m: float = 1 / PAVING_TILE_M) -> None:
    """A flat polygon with holes (shapely) at height y, facing up."""
    rings = [np.asarray(poly.exterior.coords)[:-1]] + [np.asarray(r.coords)[:-1] for r in poly.interiors]
    verts = np.concatenate(rings)
    ends = np.cumsum([len(r) for r in rings]).astype(np.uint32)
    tris = np.asarray(earcut.triangulate_float64(verts, ends), dtype=np.int64).reshape(-1, 3)
    pos = np.column_stack([verts[:, 0], np.full(len(verts), y), verts[:, 1]])
    n = np.cross(pos[tris[:, 1]] - pos[tris[:, 0]], pos[tris[:, 2]] - pos[tris[:, 0]])
    flip = n[:, 1] < 0
    tris[flip] = tris[flip][:, ::-1]
    b.add(pos, tris, (0, 1, 0), verts * uv_per_m, colour)
