"""Walking times across the nav mesh from one place, as numbers and as a coloured floor overlay."""
from __future__ import annotations

import heapq

import numpy as np

from engine.scene import AlphaMode, Material, Mesh
from engine.scene.material import srgb_to_linear
from engine.world.paths import WALK_SPEED

# Colour ramp, near to far: green, yellow, orange, red, purple (sRGB).
RAMP = np.array([[40, 180, 90], [240, 220, 60], [245, 140, 40], [220, 50, 50], [120, 40, 150]]) / 255.0


def walking_times(navmesh, source: np.ndarray) -> np.ndarray:
    """Seconds (T,) at walking pace from `source` (2,) to each triangle's centroid (inf if unreachable).

    Dijkstra over triangle centroids: a slight overestimate of the true shortest path, which is
    what a heat map needs (one number per floor patch, in milliseconds for the whole venue).
    """
    start = navmesh.snap(source)[1]
    cent = navmesh.centroids
    dist = np.full(len(cent), np.inf)
    dist[start] = float(np.hypot(*(cent[start] - source)))
    heap = [(dist[start], start)]
    neighbors = navmesh.neighbors
    while heap:
        d, t = heapq.heappop(heap)
        if d > dist[t]:
            continue
        for n in neighbors[t]:
            if n < 0:
                continue
            nd = d + float(np.hypot(*(cent[n] - cent[t])))
            if nd < dist[n]:
                dist[n] = nd
                heapq.heappush(heap, (nd, n))
    return dist / WALK_SPEED


def ramp(values: np.ndarray, top: float) -> np.ndarray:
    """Colours (n, 3) sRGB in [0, 1] for values from 0 to `top` seconds."""
    u = np.clip(np.nan_to_num(values / max(top, 1e-9), posinf=1.0), 0.0, 1.0) * (len(RAMP) - 1)
    i = np.minimum(u.astype(int), len(RAMP) - 2)
    f = (u - i)[:, None]
    return RAMP[i] * (1 - f) + RAMP[i + 1] * f


def heat_mesh(navmesh, seconds: np.ndarray, height: float = 0.06) -> tuple[Mesh, float]:
    """The nav mesh as a flat mesh coloured by walking time; returns it and the ramp's top (s)."""
    reachable = np.isfinite(seconds)
    top = float(np.percentile(seconds[reachable], 98)) if reachable.any() else 1.0
    tri = navmesh.triangles[reachable]
    corners = navmesh.vertices[tri].reshape(-1, 2)
    pos = np.column_stack([corners[:, 0], np.full(len(corners), height), corners[:, 1]])
    colour = np.repeat(ramp(seconds[reachable], top), 3, axis=0)
    rgba = np.column_stack([srgb_to_linear(colour), np.full(len(colour), 0.72)])
    idx = np.arange(len(pos)).reshape(-1, 3)[:, ::-1]   # wind to face up (+Y) seen from above
    # Layered over the paving and carpets (depth layers 1 and 2), so it shows in a perspective view too.
    mat = Material(base_color=(1, 1, 1, 1), unlit=True, double_sided=True, alpha_mode=AlphaMode.BLEND,
                   depth_layer=3, name="walking-time-heat")
    normals = np.tile([0.0, 1.0, 0.0], (len(pos), 1))
    return Mesh(pos, idx, normals, None, rgba, mat, name="walking-time-heat"), top
