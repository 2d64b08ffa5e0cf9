"""The nav mesh: where an avatar's centre may stand, as triangles in plan (x, z).

Built from walkable floor polygons minus obstacle polygons, shrunk by the agent's radius (so the centre
may touch the mesh's border and the body still clears every wall), cut into grid cells (so no triangle
spans an open plaza), then triangulated with earcut; edges that earcut ran past collinear vertices are
split, so the only unshared edges are walls.
Triangles are counter-clockwise in (x, z) (positive cross product with x first, z second); neighbour i
of a triangle lies across its edge i, from vertex i to vertex i+1; -1 there means a wall.
"""
from __future__ import annotations

import hashlib
import json
import math
from collections import deque
from collections.abc import Iterable, Sequence
from pathlib import Path as FilePath
from typing import Any, TypeAlias

import mapbox_earcut
import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

FORMAT_VERSION = 1
# How far a point on the mesh's border is pulled inside, so that locating it again cannot fail by rounding.
INSET = 1e-6
# Side of the grid cells the walkable area is cut into before triangulating (see `split_into_cells`).
CELL_M = 8.0
# Tolerance of the point-in-triangle test (metres times edge length): points on an edge count as inside.
EDGE_EPS = 1e-9

PolygonLike: TypeAlias = BaseGeometry | np.ndarray | Sequence[Sequence[float]]
Point2: TypeAlias = Sequence[float] | np.ndarray   # a plan point (x, z)


class NavMesh:
    """Triangles of walkable plan space with adjacency, a grid index and connected components.

    vertices: (V, 2) float64 (x, z); triangles: (T, 3) int32, counter-clockwise;
    neighbors: (T, 3) int32 (-1 at walls); component: (T,) int32 label per triangle.
    """

    def __init__(self, vertices: np.ndarray, triangles: np.ndarray, agent_radius: float = 0.3,
                 source_hash: str = "") -> None:
        self.vertices = np.ascontiguousarray(vertices, dtype=np.float64).reshape(-1, 2)
        self.triangles = np.ascontiguousarray(triangles, dtype=np.int32).reshape(-1, 3)
        self.agent_radius = float(agent_radius)
        self.source_hash = source_hash
        tri = self.vertices[self.triangles] if len(self.triangles) else np.zeros((0, 3, 2))
        self._a, self._b, self._c = tri[:, 0], tri[:, 1], tri[:, 2]
        self.centroids = tri.mean(axis=1) if len(tri) else np.zeros((0, 2))
        self.areas = 0.5 * _cross(self._b - self._a, self._c - self._a)
        self.neighbors = _adjacency(self.triangles)
        self.component = _label_components(self.neighbors)
        self._lists: tuple | None = None
        self._build_boundary()
        self._build_grid()

    # ----------------------------------------------------------------------------------------- building
    @classmethod
    def build(cls, walkable: PolygonLike | Iterable[PolygonLike],
              obstacles: Iterable[PolygonLike] = (), agent_radius: float = 0.3,
              cell: float = CELL_M) -> NavMesh:
        """Walkable minus obstacles, shrunk by `agent_radius`, cut into `cell`-metre grid cells, triangulated.

        walkable: a shapely (Multi)Polygon or a list of polygons / (n, 2) arrays of (x, z) outlines;
        obstacles: the same kinds. Overlapping pieces are merged first. `cell` 0 triangulates uncut.
        """
        walkable = walkable if isinstance(walkable, (BaseGeometry, np.ndarray)) else list(walkable)
        obstacles = obstacles if isinstance(obstacles, (BaseGeometry, np.ndarray)) else list(obstacles)
        walk = as_geometry(walkable)
        obst = as_geometry(obstacles)
        free = walk.difference(obst) if not obst.is_empty else walk
        if agent_radius > 0:
            # Mitre joins keep straight walls straight and add no arc vertices (fewer, better triangles);
            # the limit bevels needle-sharp corners instead of letting them spike out.
            free = free.buffer(-agent_radius, join_style="mitre", mitre_limit=2.0)
        free = free.simplify(1e-4, preserve_topology=True)
        vertices, triangles = triangulate(free, cell=cell)
        return cls(vertices, triangles, agent_radius, source_hash(walkable, obstacles, agent_radius, cell))

    def _build_boundary(self) -> None:
        """Wall edges: (B, 2) start and end points and the triangle each belongs to."""
        tri_idx, edge_idx = np.nonzero(self.neighbors < 0)
        v0 = self.triangles[tri_idx, edge_idx]
        v1 = self.triangles[tri_idx, (edge_idx + 1) % 3]
        self.wall_start = self.vertices[v0]
        self.wall_end = self.vertices[v1]
        self.wall_tri = tri_idx.astype(np.int32)

    def _build_grid(self) -> None:
        """A uniform grid over the mesh: each cell lists the triangles whose bounding box overlaps it."""
        if len(self.triangles) == 0:
            self._origin, self._cell, self._nx, self._nz = np.zeros(2), 1.0, 1, 1
            self._cell_start, self._cell_tris = np.zeros(2, np.int64), np.zeros(0, np.int32)
            return
        tri = self.vertices[self.triangles]
        lo, hi = tri.min(axis=1), tri.max(axis=1)
        self._origin = lo.min(axis=0) - 1e-6
        extent = hi.max(axis=0) + 1e-6 - self._origin
        # About two cells per triangle, never finer than 0.25 m (earcut slivers would span many cells).
        cell = max(math.sqrt(extent[0] * extent[1] / (2.0 * len(tri))), 0.25)
        self._cell = cell
        self._nx, self._nz = int(extent[0] // cell) + 1, int(extent[1] // cell) + 1
        i0 = ((lo - self._origin) // cell).astype(np.int64)
        i1 = ((hi - self._origin) // cell).astype(np.int64)
        w = i1[:, 0] - i0[:, 0] + 1
        counts = w * (i1[:, 1] - i0[:, 1] + 1)
        owner = np.repeat(np.arange(len(tri), dtype=np.int32), counts)
        local = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        ix = i0[owner, 0] + local % w[owner]
        iz = i0[owner, 1] + local // w[owner]
        cells = iz * self._nx + ix
        order = np.argsort(cells, kind="stable")
        self._cell_tris = owner[order]
        self._cell_start = np.concatenate(
            [[0], np.cumsum(np.bincount(cells, minlength=self._nx * self._nz))]).astype(np.int64)

    def as_lists(self) -> tuple[list[list[float]], list[list[int]], list[list[int]]]:
        """vertices, triangles and neighbors as nested Python lists, made once.

        Code that walks triangle by triangle reads a few values at a time, where lists beat numpy.
        """
        if self._lists is None:
            self._lists = (self.vertices.tolist(), self.triangles.tolist(), self.neighbors.tolist())
        return self._lists

    # ----------------------------------------------------------------------------------------- queries
    def __len__(self) -> int:
        return len(self.triangles)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(min_x, min_z, max_x, max_z) of the mesh."""
        if len(self.vertices) == 0:
            return (0.0, 0.0, 0.0, 0.0)
        lo, hi = self.vertices.min(axis=0), self.vertices.max(axis=0)
        return (float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1]))

    def locate(self, p: Point2) -> int:
        """Index of a triangle containing point p (2,), or -1 off the mesh."""
        return int(self.locate_many(np.asarray(p, dtype=np.float64).reshape(1, 2))[0])

    def locate_many(self, points: np.ndarray) -> np.ndarray:
        """Triangle index per point: (n, 2) points -> (n,) int32, -1 off the mesh. Vectorised."""
        pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
        out = np.full(len(pts), -1, dtype=np.int32)
        if len(self.triangles) == 0 or len(pts) == 0:
            return out
        ij = np.floor((pts - self._origin) / self._cell).astype(np.int64)
        ok = (ij[:, 0] >= 0) & (ij[:, 0] < self._nx) & (ij[:, 1] >= 0) & (ij[:, 1] < self._nz)
        cells = np.where(ok, ij[:, 1] * self._nx + ij[:, 0], 0)
        start = self._cell_start[cells]
        counts = np.where(ok, self._cell_start[cells + 1] - start, 0)
        who = np.repeat(np.arange(len(pts)), counts)
        local = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        cand = self._cell_tris[start[who] + local]
        inside = self._contains(cand, pts[who])
        out[who[inside]] = cand[inside]
        return out

    def _contains(self, tris: np.ndarray, pts: np.ndarray) -> np.ndarray:
        """Whether each point (k, 2) lies in the matching triangle (k,), edges included."""
        a, b, c = self._a[tris], self._b[tris], self._c[tris]
        return ((_cross(b - a, pts - a) >= -EDGE_EPS) & (_cross(c - b, pts - b) >= -EDGE_EPS)
                & (_cross(a - c, pts - c) >= -EDGE_EPS))

    def is_walkable(self, p: Point2) -> bool:
        """Whether the avatar's centre may stand at p (2,)."""
        return self.locate(p) >= 0

    def nearest_point(self, p: Point2, component: int | None = None) -> np.ndarray:
        """The walkable point (2,) nearest to p: p itself when it is on the mesh.

        With `component`, only that connected component counts (for example the spawn's).
        Raises ValueError when the mesh (or the component) is empty.
        """
        return self.snap(p, component)[0]

    def snap(self, p: Point2, component: int | None = None) -> tuple[np.ndarray, int]:
        """`nearest_point` plus the triangle it lies in."""
        q = np.asarray(p, dtype=np.float64).reshape(2)
        t = self.locate(q)
        if t >= 0 and (component is None or self.component[t] == component):
            return q.copy(), t
        mask = slice(None) if component is None else self.component[self.wall_tri] == component
        s, e, owner = self.wall_start[mask], self.wall_end[mask], self.wall_tri[mask]
        if len(s) == 0:
            raise ValueError("the nav mesh has no walkable area" if component is None
                             else f"component {component} has no walkable area")
        d = e - s
        u = np.clip(np.einsum("ij,ij->i", q - s, d) / np.maximum(np.einsum("ij,ij->i", d, d), 1e-300), 0, 1)
        foot = s + u[:, None] * d
        k = int(np.argmin(np.einsum("ij,ij->i", foot - q, foot - q)))
        tri = int(owner[k])
        # Pull the foot a hair towards its triangle's centre so that it locates inside that triangle.
        inward = self.centroids[tri] - foot[k]
        point = foot[k] + inward * min(1.0, INSET / max(float(np.hypot(*inward)), 1e-300))
        return point, tri

    def components(self) -> list[np.ndarray]:
        """Triangle indices (k,) of each connected component, largest area first."""
        if len(self.triangles) == 0:
            return []
        order = np.argsort(self.component, kind="stable")
        labels = self.component[order]
        groups = np.split(order, np.nonzero(np.diff(labels))[0] + 1)
        return sorted(groups, key=lambda g: -float(self.areas[g].sum()))

    def component_of(self, p: Point2) -> int:
        """Component label of the point's triangle, or -1 off the mesh."""
        t = self.locate(p)
        return int(self.component[t]) if t >= 0 else -1

    def connected(self, a: Point2, b: Point2) -> bool:
        """Whether one can walk from a to b, each first snapped to its nearest walkable point."""
        return self.component[self.snap(a)[1]] == self.component[self.snap(b)[1]]

    # ----------------------------------------------------------------------------------------- caching
    def content_hash(self) -> str:
        """sha256 of the triangles themselves (vertices, indices, radius)."""
        h = hashlib.sha256()
        h.update(np.float64(self.agent_radius).tobytes())
        h.update(self.vertices.tobytes())
        h.update(self.triangles.tobytes())
        return h.hexdigest()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data; `source_hash` says which input it was built from (see `source_hash()`)."""
        return {"version": FORMAT_VERSION, "agent_radius": self.agent_radius, "source_hash": self.source_hash,
                "content_hash": self.content_hash(), "vertices": self.vertices.tolist(),
                "triangles": self.triangles.tolist()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NavMesh:
        """Inverse of `to_dict`; ValueError when the version or the content hash does not match."""
        if data.get("version") != FORMAT_VERSION:
            raise ValueError(f"nav mesh format {data.get('version')!r}, expected {FORMAT_VERSION}")
        mesh = cls(np.array(data["vertices"], dtype=np.float64).reshape(-1, 2),
                   np.array(data["triangles"], dtype=np.int32).reshape(-1, 3),
                   data["agent_radius"], data.get("source_hash", ""))
        if data.get("content_hash") not in (None, mesh.content_hash()):
            raise ValueError("nav mesh content hash does not match its data")
        return mesh

    def save(self, path: str | FilePath) -> None:
        """Write an .npz cache file."""
        meta = json.dumps({k: v for k, v in self.to_dict().items() if k not in ("vertices", "triangles")})
        with open(path, "wb") as handle:  # an open handle stops numpy from appending ".npz"
            np.savez_compressed(handle, vertices=self.vertices, triangles=self.triangles, meta=np.array(meta))

    @classmethod
    def load(cls, path: str | FilePath) -> NavMesh:
        """Read a file written by `save`."""
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            meta["vertices"], meta["triangles"] = data["vertices"], data["triangles"]
        return cls.from_dict(meta)


# --------------------------------------------------------------------------------------------- helpers
def _cross(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """z of the 2D cross product of (..., 2) arrays."""
    return u[..., 0] * v[..., 1] - u[..., 1] * v[..., 0]


def as_geometry(shapes: PolygonLike | Iterable[PolygonLike]) -> BaseGeometry:
    """A shapely geometry, a single (n, 2) outline, or a list of either, merged into one geometry."""
    if isinstance(shapes, BaseGeometry):
        return shapely.make_valid(shapes) if not shapes.is_valid else shapes
    if isinstance(shapes, np.ndarray) and shapes.ndim == 2:
        shapes = [shapes]
    parts = []
    for s in shapes:
        g = s if isinstance(s, BaseGeometry) else Polygon(np.asarray(s, dtype=np.float64).reshape(-1, 2))
        parts.append(g if g.is_valid else shapely.make_valid(g))
    return shapely.union_all(parts) if parts else Polygon()


def _polygons(geom: BaseGeometry) -> list[Polygon]:
    if isinstance(geom, Polygon):
        return [] if geom.is_empty else [geom]
    if isinstance(geom, MultiPolygon) or hasattr(geom, "geoms"):
        return [p for g in geom.geoms for p in _polygons(g)]
    return []  # lines and points left over by the shrink carry no walkable area


MAX_CELLS = 20_000


def split_into_cells(geom: BaseGeometry, cell: float) -> list[Polygon]:
    """The polygons of `geom` cut along a square grid of `cell` metres (one vectorised intersection).

    Earcut on a large open polygon makes long slivers that span it, and a search over slivers wanders;
    pieces no larger than a cell keep every triangle short. Cells wholly inside a polygon are kept as
    boxes. Neighbouring pieces share their cut edges vertex for vertex: both sides of a grid line are
    clipped from the same outline against the same line, so the crossing points are the same numbers.
    """
    polys = _polygons(geom)
    if cell <= 0 or not polys:
        return polys
    x0, z0, x1, z1 = geom.bounds
    nx, nz = max(int(math.ceil((x1 - x0) / cell)), 1), max(int(math.ceil((z1 - z0) / cell)), 1)
    if nx * nz > MAX_CELLS:
        # A plaza kilometres across: coarser cells keep the mesh (and every search on it) bounded.
        cell *= math.ceil(math.sqrt(nx * nz / MAX_CELLS))
        nx, nz = max(int(math.ceil((x1 - x0) / cell)), 1), max(int(math.ceil((z1 - z0) / cell)), 1)
    # The grid is centred on the bounds, so a round-numbered layout does not put walls on grid lines.
    ox, oz = 0.5 * (x0 + x1 - nx * cell), 0.5 * (z0 + z1 - nz * cell)
    xs, zs = ox + cell * np.arange(nx + 1), oz + cell * np.arange(nz + 1)
    xs[0], xs[-1], zs[0], zs[-1] = min(xs[0], x0), max(xs[-1], x1), min(zs[0], z0), max(zs[-1], z1)
    gx, gz = np.meshgrid(np.arange(nx), np.arange(nz))
    ix, iz = gx.ravel(), gz.ravel()
    boxes = shapely.box(xs[ix], zs[iz], xs[ix + 1], zs[iz + 1])
    out: list[Polygon] = []
    for poly in polys:
        if poly.bounds[2] - poly.bounds[0] <= cell and poly.bounds[3] - poly.bounds[1] <= cell:
            out.append(poly)  # small already: cutting it would only add triangles
            continue
        shapely.prepare(poly)
        near = boxes[shapely.intersects(poly, boxes)]
        inside = shapely.contains_properly(poly, near)
        out.extend(near[inside])
        for piece in shapely.intersection(poly, near[~inside]):
            out.extend(_polygons(piece))
    return out


def triangulate(geom: BaseGeometry, min_area: float = 1e-4, cell: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Earcut every polygon (holes included): (V, 2) float64 vertices and (T, 3) int32 CCW triangles.

    With `cell` > 0 the polygons are first cut into grid cells of that size (see `split_into_cells`).
    Vertices shared by several rings or polygons are merged, so touching triangles become neighbours.
    """
    verts, tris, base = [], [], 0
    for poly in split_into_cells(geom, cell) if cell > 0 else _polygons(geom):
        if poly.area < min_area:
            continue
        rings = [np.asarray(poly.exterior.coords)[:-1]] + [np.asarray(r.coords)[:-1] for r in poly.interiors]
        rings = [r for r in rings if len(r) >= 3]
        pts = np.concatenate(rings)
        ends = np.cumsum([len(r) for r in rings]).astype(np.uint32)
        idx = mapbox_earcut.triangulate_float64(pts, ends).reshape(-1, 3).astype(np.int64)
        verts.append(pts)
        tris.append(idx + base)
        base += len(pts)
    if not tris:
        return np.zeros((0, 2)), np.zeros((0, 3), np.int32)
    v = np.concatenate(verts)
    t = np.concatenate(tris)
    v, inverse = np.unique(np.round(v, 9), axis=0, return_inverse=True)
    t = inverse.reshape(-1)[t]
    a, b, c = v[t[:, 0]], v[t[:, 1]], v[t[:, 2]]
    area2 = _cross(b - a, c - a)
    t[area2 < 0] = t[area2 < 0][:, ::-1]
    t = t[np.abs(area2) > 1e-12]  # earcut may emit zero-area slivers on collinear vertices
    return v, split_t_junctions(v, t.astype(np.int32))


def split_t_junctions(vertices: np.ndarray, triangles: np.ndarray, tol: float = 1e-7,
                      max_passes: int = 8) -> np.ndarray:
    """Triangles (T', 3) int32 with no vertex lying inside another triangle's unshared edge.

    Earcut lets an ear's edge run straight past collinear vertices (the tops of a row of booths in
    line, a cut along a grid line), so the triangles on the far side share no edge with it and the
    walkable floor splits along a line nobody can see. Each such edge's triangle is fanned from its
    opposite corner through the vertices on the edge; a pass handles one edge per triangle, and the
    passes repeat until every edge is shared or a real wall.
    """
    tris = np.asarray(triangles, dtype=np.int32).reshape(-1, 3)
    for _ in range(max_passes):
        nbr = _adjacency(tris)
        t_idx, e_idx = np.nonzero(nbr < 0)
        if len(t_idx) == 0:
            break
        a = tris[t_idx, e_idx]
        b = tris[t_idx, (e_idx + 1) % 3]
        on_wall = np.unique(np.concatenate([a, b]))
        tree = shapely.STRtree(shapely.points(vertices[on_wall]))
        lines = shapely.linestrings(np.stack([vertices[a], vertices[b]], axis=1))
        edge, hit = tree.query(lines, predicate="dwithin", distance=tol)
        vid = on_wall[hit]
        # Keep vertices strictly between the edge's ends (not the ends themselves).
        pa, pb, pv = vertices[a[edge]], vertices[b[edge]], vertices[vid]
        d = pb - pa
        u = np.einsum("ij,ij->i", pv - pa, d) / np.einsum("ij,ij->i", d, d)
        inner = (vid != a[edge]) & (vid != b[edge]) & (u > 1e-9) & (u < 1 - 1e-9)
        edge, vid, u = edge[inner], vid[inner], u[inner]
        if len(edge) == 0:
            break
        # One edge per triangle per pass: the first listed edge of each triangle that has any.
        first = np.full(len(tris), len(t_idx), dtype=np.int64)
        np.minimum.at(first, t_idx[edge], edge)
        keep = first[t_idx[edge]] == edge
        edge, vid, u = edge[keep], vid[keep], u[keep]
        order = np.lexsort((u, edge))
        edge, vid = edge[order], vid[order]
        new: list[tuple[int, int, int]] = []
        drop = np.unique(t_idx[edge])
        for e, chunk in zip(*_runs(edge, vid)):
            t, i = int(t_idx[e]), int(e_idx[e])
            ring = [int(tris[t, i])] + chunk + [int(tris[t, (i + 1) % 3])]
            apex = int(tris[t, (i + 2) % 3])
            new.extend((p, q, apex) for p, q in zip(ring[:-1], ring[1:]))
        tris = np.concatenate([np.delete(tris, drop, axis=0), np.array(new, dtype=np.int32).reshape(-1, 3)])
    return tris


def _runs(keys: np.ndarray, values: np.ndarray) -> tuple[list[int], list[list[int]]]:
    """Group `values` by equal consecutive `keys`: (the keys, the value lists)."""
    cuts = np.nonzero(np.diff(keys))[0] + 1
    starts = np.concatenate([[0], cuts])
    return keys[starts].tolist(), [g.tolist() for g in np.split(values, cuts)]


def _adjacency(triangles: np.ndarray) -> np.ndarray:
    """(T, 3) neighbour across each edge (vertex i to i+1), -1 where no other triangle shares it."""
    n = len(triangles)
    nbr = np.full((n, 3), -1, dtype=np.int32)
    if n == 0:
        return nbr
    e0 = triangles.astype(np.int64)
    e1 = np.roll(e0, -1, axis=1)
    key = (np.minimum(e0, e1) * (int(e0.max()) + 1) + np.maximum(e0, e1)).reshape(-1)
    order = np.argsort(key, kind="stable")
    ks = key[order]
    same = np.nonzero(ks[1:] == ks[:-1])[0]
    # An edge shared by three or more triangles (a pinch) pairs only its first two: rare and harmless.
    same = same[np.concatenate([[True], np.diff(same) > 1])] if len(same) else same
    a, b = order[same], order[same + 1]
    nbr.reshape(-1)[a] = b // 3
    nbr.reshape(-1)[b] = a // 3
    return nbr


def _label_components(neighbors: np.ndarray) -> np.ndarray:
    """(T,) connected-component label per triangle, by breadth-first search over shared edges."""
    labels = [-1] * len(neighbors)
    nbr = neighbors.tolist()
    label = 0
    for seed in range(len(nbr)):
        if labels[seed] >= 0:
            continue
        labels[seed] = label
        queue = deque([seed])
        while queue:
            t = queue.popleft()
            for n in nbr[t]:
                if n >= 0 and labels[n] < 0:
                    labels[n] = label
                    queue.append(n)
        label += 1
    return np.array(labels, dtype=np.int32)


def source_hash(walkable: Any, obstacles: Any, agent_radius: float, cell: float = CELL_M) -> str:
    """sha256 of a build's inputs: equal inputs give equal hashes, so a cached mesh can be reused."""
    h = hashlib.sha256(f"navmesh-v{FORMAT_VERSION}:{float(agent_radius)!r}:{float(cell)!r}".encode())
    for group in (walkable, obstacles):
        h.update(b"|")
        items = [group] if isinstance(group, (BaseGeometry, np.ndarray)) and not (
            isinstance(group, np.ndarray) and group.ndim == 3) else list(group)
        for item in items:
            h.update(shapely.to_wkb(item) if isinstance(item, BaseGeometry)
                     else np.ascontiguousarray(item, dtype=np.float64).tobytes())
            h.update(b";")
    return h.hexdigest()
