"""Ambient occlusion baked per vertex by casting rays against a scene's static geometry.

Each vertex gets 1 minus the mean occlusion of RAYS cosine-weighted rays over the hemisphere above its
surface: a ray that meets a front face at distance t occludes by (1 - t/REACH_M)², so AO darkens contact
and corners, not whatever stands across a hall. Rays pass through faces they meet from behind: the
underside of a carpet laid over the ground, the inside of a wall's box, a painted line over the asphalt.
A ray's start point whose surface is hidden (its first hit straight up its normal is a face seen from
behind: the ground under a carpet, a floor under a wall) does not count; a vertex with no visible start
point takes the mean of its neighbours'.

The vertices of big flat faces (a wall or a carpet may be two triangles) stand in corners: AO taken at the vertex
alone would darken the whole carpet. Each ray therefore starts at a point of the faces around its vertex,
drawn with the density of the vertex's linear hat function (a Dirichlet(2, 1, 1) over the triangle), so
the vertex gets what linear interpolation of AO over those faces needs: their average, weighted towards it.
Small faces keep their corners' contact shadow; a big carpet stays nearly open.

A mesh drawn many times (seats, lamps, booths) gets one AO per mesh, the mean over a few of its instances
taken where they stand, since instancing draws one mesh. Everything is deterministic: the sample pattern is
a fixed low-discrepancy set, turned by a fixed angle per vertex.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from engine.errors import UserError
from engine.scene import Mesh, Scene
from engine.scene.mesh import vertex_normals

RAYS = 128                # per vertex
REACH_M = 5.0             # hits farther than this do not occlude
LIFT_M = 0.01             # ray origins stand this far off their surface
STEP_M = 0.01             # past a face passed through from behind
HIDDEN_REACH_M = 50.0     # a start point is hidden by a face this close above it seen from behind
MAX_CROSSINGS = 8         # faces one ray may pass through from behind before it counts as open
SAMPLED_INSTANCES = 8     # of a mesh drawn many times
CHUNK_VERTICES = 4096     # vertices baked per ray batch (memory, progress)
# Ceilings and their light panels are cut away in the viewer (interiors would go black under them);
# signs lie flat on walls. Lights and signs glow: AO would not show on them.
NOT_OCCLUDING = frozenset({"ceilings", "lights", "signs"})
NOT_BAKED = frozenset({"lights", "signs"})
GOLDEN = (math.sqrt(5.0) - 1.0) / 2.0

Progress = Callable[[int, int], None]   # (vertices baked, vertices to bake)


@dataclass
class Surface:
    """World-space triangles: positions (n, 3) float64, faces (m, 3) int64, face normals (m, 3) float64 of
    unit length, pointing the way the mesh's vertex normals do (zero for degenerate triangles)."""

    positions: np.ndarray
    faces: np.ndarray
    normals: np.ndarray


def placed(mesh: Mesh, matrix: np.ndarray) -> Surface:
    """A mesh's triangles under a (4, 4) transform."""
    m = np.asarray(matrix, dtype=np.float64)
    pos = mesh.positions.astype(np.float64) @ m[:3, :3].T + m[:3, 3]
    normals = mesh.normals if mesh.normals is not None else vertex_normals(mesh.positions, mesh.indices)
    vn = normals.astype(np.float64) @ np.linalg.pinv(m[:3, :3])   # the inverse transpose, applied as rows
    faces = mesh.indices.astype(np.int64)
    tri = pos[faces]
    fn = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    # Winding is not trusted: the face looks the way its shading normals do, as it is lit.
    flip = np.einsum("ij,ij->i", fn, vn[faces].sum(axis=1)) < 0
    fn[flip] *= -1
    length = np.linalg.norm(fn, axis=1, keepdims=True)
    return Surface(pos, faces, fn / np.where(length > 0, length, 1.0))


def merged(surfaces: list[Surface]) -> Surface:
    if not surfaces:
        return Surface(np.zeros((0, 3)), np.zeros((0, 3), dtype=np.int64), np.zeros((0, 3)))
    offsets = np.cumsum([0] + [len(s.positions) for s in surfaces])
    return Surface(np.concatenate([s.positions for s in surfaces]),
                   np.concatenate([s.faces + o for s, o in zip(surfaces, offsets)]),
                   np.concatenate([s.normals for s in surfaces]))


class Occluders:
    """The triangles rays can hit, behind a ray caster: Embree (embreex) where it is installed (x86-64),
    trimesh's numpy intersector elsewhere (same answers, but it needs rtree and is far slower: the
    bundled venue takes more than a quarter of an hour instead of seconds)."""

    def __init__(self, surface: Surface, embree: bool | None = None) -> None:
        keep = np.linalg.norm(surface.normals, axis=1) > 0
        self.faces = surface.faces[keep]
        self.normals = surface.normals[keep]
        self.points = surface.positions[self.faces[:, 0]]
        if embree is None:
            embree = _has_embree()
        if not len(self.faces):
            self._first_hit: FirstHit = lambda origins, dirs, reach: np.full(len(origins), -1)
        else:
            self._first_hit = (_embree_caster if embree else _plain_caster)(surface.positions, self.faces)

    def hidden(self, origins: np.ndarray, normals: np.ndarray) -> np.ndarray:
        """(k,) bool: the first face straight along each unit normal (k, 3), within HIDDEN_REACH_M, is
        seen from behind."""
        tri = self._first_hit(origins, normals, HIDDEN_REACH_M)
        out = np.zeros(len(origins), dtype=bool)
        hit = tri >= 0
        out[hit] = np.einsum("ij,ij->i", normals[hit], self.normals[tri[hit]]) > 0
        return out

    def occlusion(self, origins: np.ndarray, dirs: np.ndarray) -> np.ndarray:
        """(k,) float64 in [0, 1]: how much each ray (origins, unit dirs (k, 3)) is occluded."""
        out = np.zeros(len(origins))
        origins = origins.copy()
        travelled = np.zeros(len(origins))
        live = np.arange(len(origins))
        for _ in range(MAX_CROSSINGS):
            if not len(live):
                break
            tri = self._first_hit(origins[live], dirs[live], REACH_M)
            live, tri = live[tri >= 0], tri[tri >= 0]
            n, d = self.normals[tri], dirs[live]
            facing = np.einsum("ij,ij->i", d, n)
            t = np.einsum("ij,ij->i", self.points[tri] - origins[live], n) / np.where(facing == 0, 1.0, facing)
            t = np.maximum(np.where(facing == 0, 0.0, t), 0.0)
            dist = travelled[live] + t
            near = dist < REACH_M
            front = near & (facing < 0)
            out[live[front]] = (1.0 - dist[front] / REACH_M) ** 2
            through = near & ~front
            live, t = live[through], t[through]
            origins[live] += dirs[live] * (t + STEP_M)[:, None]
            travelled[live] += t + STEP_M
        return out


FirstHit = Callable[[np.ndarray, np.ndarray, float], np.ndarray]


def _has_embree() -> bool:
    try:
        import embreex.rtcore_scene  # noqa: F401
    except ImportError:
        return False
    return True


def _embree_caster(positions: np.ndarray, faces: np.ndarray) -> FirstHit:
    """first_hit(origins (k, 3), unit dirs (k, 3), reach) -> (k,) index of the first face hit closer than
    reach, or -1. Embree works in float32: coordinates are taken about the centre of the geometry."""
    from embreex import mesh_construction, rtcore_scene
    centre = (positions.min(axis=0) + positions.max(axis=0)) / 2
    scene = rtcore_scene.EmbreeScene()
    mesh_construction.TriangleMesh(scene, (positions - centre).astype(np.float32), faces.astype(np.int32))

    def first_hit(origins: np.ndarray, dirs: np.ndarray, reach: float) -> np.ndarray:
        far = np.full(len(origins), min(reach, 1e30), dtype=np.float32)
        return np.asarray(scene.run((origins - centre).astype(np.float32), dirs.astype(np.float32), dists=far))
    return first_hit


def _plain_caster(positions: np.ndarray, faces: np.ndarray) -> FirstHit:
    """The same as _embree_caster through trimesh's ray_triangle, which needs rtree."""
    try:
        import rtree  # noqa: F401
    except ImportError:
        raise UserError("ambient occlusion", "baking it needs embreex (x86-64) or, elsewhere, rtree: "
                                             "pip install rtree") from None
    import trimesh
    from trimesh.ray.ray_triangle import RayMeshIntersector
    rays = RayMeshIntersector(trimesh.Trimesh(positions, faces, process=False))

    def first_hit(origins: np.ndarray, dirs: np.ndarray, reach: float) -> np.ndarray:
        tri, ray, where = rays.intersects_id(origins, dirs, multiple_hits=False, return_locations=True)
        near = np.linalg.norm(np.reshape(where, (-1, 3)) - origins[ray], axis=1) < reach
        out = np.full(len(origins), -1, dtype=np.int64)
        out[ray[near]] = tri[near]
        return out
    return first_hit


def _radical_inverse(i: np.ndarray, base: int) -> np.ndarray:
    out, f = np.zeros(len(i)), 1.0 / base
    i = i.copy()
    while i.any():
        out += f * (i % base)
        i //= base
        f /= base
    return out


def sample_pattern(rays: int | None = None) -> np.ndarray:
    """(rays, 5) float64 in [0, 1): which face around the vertex, where on it (2), and the direction on the
    unit disk (radius², angle), lifted to a cosine-weighted hemisphere."""
    rays = RAYS if rays is None else rays
    j = np.arange(rays)
    # A Hammersley set (the directions: radius² stepping evenly, angle in base 2) with the start points
    # drawn from further Halton bases: fewer rays for the same noise than independent draws.
    return np.stack([_radical_inverse(j + 1, 3), _radical_inverse(j + 1, 5), _radical_inverse(j + 1, 7),
                     (j + 0.5) / rays, _radical_inverse(j, 2)], axis=1)


class _StartPoints:
    """Where the rays of each vertex of a surface start: the (face, corner) pairs around each vertex sorted
    by vertex, with keys v + (cumulative share of the vertex's face area) to pick one by area, and what
    each pair needs: its corner's position and the other two, its face's normal and tangent frame."""

    def __init__(self, surface: Surface) -> None:
        faces = surface.faces
        n = len(surface.positions)
        tri = surface.positions[faces]
        area = np.linalg.norm(np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]), axis=1)
        area[np.linalg.norm(surface.normals, axis=1) == 0] = 0.0
        a = np.repeat(area, 3)
        used = np.flatnonzero(a > 0)   # a degenerate face has no hemisphere to cast into
        vert = faces.ravel()[used]
        order = np.argsort(vert, kind="stable")
        vert, face, corner, a = vert[order], (used // 3)[order], (used % 3)[order], a[used][order]
        self.total = np.bincount(vert, weights=a, minlength=n)
        cum = np.cumsum(a)
        before = np.concatenate([[0.0], cum])[np.searchsorted(vert, np.arange(n))]
        self.keys = vert + (cum - before[vert]) / np.where(self.total[vert] > 0, self.total[vert], 1.0)
        self.own = surface.positions[faces[face, corner]]
        self.next = surface.positions[faces[face, (corner + 1) % 3]]
        self.last = surface.positions[faces[face, (corner + 2) % 3]]
        self.normal = surface.normals[face]
        self.tangent, self.bitangent = _frame(self.normal)

    def rays(self, verts: np.ndarray, pattern: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Ray origins, unit directions and their surface's normals (len(verts) * rays, 3) for vertices
        that have faces."""
        v = np.repeat(verts, len(pattern))
        p = np.tile(pattern, (len(verts), 1))
        pick = np.searchsorted(self.keys, v + p[:, 0], side="left")
        pick = np.minimum(pick, np.searchsorted(self.keys, v + 1.0, side="right") - 1)
        own = _beta22(p[:, 1])[:, None]
        split = p[:, 2:3]
        point = own * self.own[pick] + (1 - own) * (split * self.next[pick] + (1 - split) * self.last[pick])
        normal = self.normal[pick]
        turn = 2.0 * np.pi * (p[:, 4] + (v * GOLDEN) % 1.0)
        radius = np.sqrt(p[:, 3])
        dirs = (self.tangent[pick] * (radius * np.cos(turn))[:, None]
                + self.bitangent[pick] * (radius * np.sin(turn))[:, None] + normal * np.sqrt(1.0 - p[:, 3])[:, None])
        return point + normal * LIFT_M, dirs, normal


def _beta22(u: np.ndarray) -> np.ndarray:
    """Inverse of the Beta(2, 2) distribution function 3x² - 2x³ (the hat function's share of a corner)."""
    return 0.5 - np.sin(np.arcsin(1.0 - 2.0 * u) / 3.0)


def _frame(normal: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two unit vectors (k, 3) perpendicular to each unit normal and to each other."""
    helper = np.where((np.abs(normal[:, 0]) < 0.9)[:, None], [[1.0, 0.0, 0.0]], [[0.0, 1.0, 0.0]])
    t = np.cross(helper, normal)
    t /= np.linalg.norm(t, axis=1, keepdims=True)
    return t, np.cross(normal, t)


def surface_ao(occluders: Occluders, surface: Surface, progress: Callable[[int], None] = lambda n: None,
               pattern: np.ndarray | None = None) -> np.ndarray:
    """(n,) float64 AO in [0, 1] for each vertex of a placed surface (1: nothing near; unused vertices: 1)."""
    pattern = sample_pattern() if pattern is None else pattern
    n = len(surface.positions)
    starts = _StartPoints(surface)
    out = np.ones(n)
    seen = np.zeros(n, dtype=bool)
    verts = np.flatnonzero(starts.total > 0)
    for s in range(0, len(verts), CHUNK_VERTICES):
        chunk = verts[s:s + CHUNK_VERTICES]
        origins, dirs, normals = starts.rays(chunk, pattern)
        visible = ~occluders.hidden(origins, normals).reshape(len(chunk), len(pattern))
        occ = occluders.occlusion(origins, dirs).reshape(len(chunk), len(pattern))
        count = visible.sum(axis=1)
        out[chunk] = 1.0 - (occ * visible).sum(axis=1) / np.maximum(count, 1)
        seen[chunk] = count > 0
        progress(len(chunk))
    if len(verts) < n:
        progress(n - len(verts))
    return _fill_hidden(out, seen, surface.faces)


def _fill_hidden(ao: np.ndarray, seen: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """Vertices without a visible sample take the mean AO of their seen neighbours (or stay 1)."""
    if seen.all():
        return ao
    one, two = faces.ravel(), faces[:, [1, 2, 0]].ravel()
    a, b = np.concatenate([one, two]), np.concatenate([two, one])   # each edge, both ways
    total, count = np.zeros(len(ao)), np.zeros(len(ao))
    np.add.at(total, a, ao[b] * seen[b])
    np.add.at(count, a, seen[b])
    fill = ~seen & (count > 0)
    out = ao.copy()
    out[fill] = total[fill] / count[fill]
    return out


def _sampled(count: int) -> np.ndarray:
    """Indices of the instances to bake a mesh drawn `count` times at: spread evenly through the list."""
    return np.unique(np.linspace(0, count - 1, min(count, SAMPLED_INSTANCES)).round().astype(int))


def bake_scene(scene: Scene, progress: Progress = lambda done, total: None,
               embree: bool | None = None) -> dict[str, np.ndarray]:
    """{mesh name: (n,) float32 AO} for every mesh of the scene with a name of its own, in the scene's
    world space: all instances of every mesh occlude except NOT_OCCLUDING; meshes named in NOT_BAKED and
    meshes sharing a name with another get none."""
    batches = scene.batches()
    names = [b.mesh.name for b in batches]
    occluders = Occluders(merged([placed(b.mesh, m) for b in batches if b.mesh.name not in NOT_OCCLUDING
                                  for m in b.transforms]), embree)
    todo = [b for b in batches if b.mesh.name and b.mesh.name not in NOT_BAKED and names.count(b.mesh.name) == 1]
    total = sum(len(b.mesh.positions) * len(_sampled(len(b.transforms))) for b in todo)
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        progress(done, total)

    out = {}
    for b in todo:
        mesh = b.mesh
        runs = [surface_ao(occluders, placed(mesh, b.transforms[k]), step) for k in _sampled(len(b.transforms))]
        out[mesh.name] = np.mean(runs, axis=0).astype(np.float32)
    return out
