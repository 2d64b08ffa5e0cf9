"""The sun's shadow map: fitted around the view, snapped to whole texels so it does not shimmer,
and drawn again only when the view has moved far enough that the fit changes (or the scene does).

Only shadow casters are drawn into it: flat horizontal sheets (floors, paving, paint) and surfaces
laid on others receive shadows but cast none, and blended or alpha-cut textured surfaces cast none.
Moving people (per-frame batches) are drawn over a copy of the still map each frame when asked for.
"""
from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass

import numpy as np

from engine.gfx.gl import GL
from engine.gfx.objects import DepthTarget, Program
from engine.render.gpu_cache import MeshGPU
from engine.render.shader_files import program_sources
from engine.scene.camera import Camera, frustum_planes, look_at, spheres_visible
from engine.scene.graph import Batch
from engine.scene.material import AlphaMode

SHADOW_UNIT = 3            # texture unit the mesh programs read the shadow map from
AHEAD = 0.5                # the fitted square is centred this far (x distance) ahead of the eye
HALF = 0.75                # ... and reaches this far (x distance) either side
REFIT = 0.15               # the view may drift this far (x distance) before the map is fitted again
FLAT = 0.05                # metres: a horizontal sheet thinner than this casts no shadow
MAX_DISTANCE = 400.0
DEPTH_SLOPE, DEPTH_UNITS = 2.0, 4.0   # slope-scaled depth bias of the shadow pass


@dataclass(frozen=True)
class Fit:
    """Where the map lies in light space: a square centred at (x, y), `half` wide either way, between
    depths near..far along the sun's direction."""

    x: float
    y: float
    half: float
    near: float
    far: float
    size: int

    def view_proj(self, light_view: np.ndarray) -> np.ndarray:
        h, n, f = self.half, self.near, self.far
        ortho = np.eye(4)
        ortho[0, 0] = ortho[1, 1] = 1.0 / h
        ortho[0, 3], ortho[1, 3] = -self.x / h, -self.y / h
        ortho[2, 2], ortho[2, 3] = -2.0 / (f - n), -(f + n) / (f - n)
        return ortho @ light_view


def light_view_matrix(sun_dir: np.ndarray) -> np.ndarray:
    """World to light space: the sun looking along its direction from the origin."""
    d = np.asarray(sun_dir, dtype=np.float64)
    up = np.array([0.0, 0.0, 1.0]) if abs(d[1]) > 0.99 else np.array([0.0, 1.0, 0.0])
    return look_at(np.zeros(3), d, up)


def shadow_distance(camera: Camera, base: float, ground_y: float) -> float:
    """How far ahead shadows reach: the level's distance, more from high up (a view from the air),
    in steps of 25 % so that rising slowly does not refit the map every frame."""
    want = min(max(base, 2.5 * (float(camera.eye[1]) - ground_y)), MAX_DISTANCE)
    steps = math.ceil(math.log(max(want / base, 1.0)) / math.log(1.25) - 1e-9)
    return base * 1.25 ** steps


def fit_for(camera: Camera, light_view: np.ndarray, bounds: np.ndarray, distance: float, size: int,
            current: Fit | None) -> Fit:
    """The fit for this view: the current one while the view stays within REFIT of it."""
    forward = np.asarray(camera.target, float) - camera.eye
    forward[1] = 0.0
    length = float(np.linalg.norm(forward))
    ahead = forward / length * AHEAD * distance if length > 1e-9 else np.zeros(3)
    centre = camera.eye + ahead
    centre[1] = bounds[0][1]
    cx, cy = (light_view[:3, :3] @ centre)[:2]
    half = (HALF + REFIT) * distance
    near, far = depth_range(light_view, bounds)
    if (current is not None and current.half == half and current.size == size and current.near <= near
            and current.far >= far and max(abs(cx - current.x), abs(cy - current.y)) <= REFIT * distance):
        return current
    texel = 2.0 * half / size
    return Fit(round(cx / texel) * texel, round(cy / texel) * texel, half, near, far, size)


def depth_range(light_view: np.ndarray, bounds: np.ndarray) -> tuple[float, float]:
    """Near and far distances along the sun's direction that hold the whole scene."""
    lo, hi = np.asarray(bounds, float)
    corners = np.array([[x, y, z] for x in (lo[0], hi[0]) for y in (lo[1], hi[1]) for z in (lo[2], hi[2])])
    depth = -(corners @ light_view[:3, :3].T)[:, 2]
    pad = 1.0 + 0.01 * float(depth.max() - depth.min())
    return float(depth.min()) - pad, float(depth.max()) + pad


def casts_shadow(batch: Batch) -> bool:
    mat = batch.mesh.material
    if mat.blended or mat.depth_layer > 0:
        return False
    if mat.alpha_mode is AlphaMode.MASK and mat.texture is not None:
        return False
    lo, hi = batch.mesh.bounds
    if hi[1] - lo[1] < FLAT:
        # Flat in the mesh; flat in the world too where no instance tips it over.
        return bool((np.abs(batch.transforms[:, 1, 1]) < 0.99).any())
    return True


class ShadowMap:
    """The map's GL objects and the fit it was last drawn for; call release() with the context current."""

    def __init__(self, size: int, people: bool) -> None:
        self.size, self.people = size, people
        self.still = DepthTarget(size)
        self.moving = DepthTarget(size) if people else None
        self.program = Program(*program_sources("shadow_depth"), name="shadow depth")
        self.fit: Fit | None = None
        self.drawn: tuple | None = None      # what the still map holds
        self.matrix = np.eye(4)              # world to [0, 1] map coordinates and depth
        self._casters: tuple[object, list[Batch]] | None = None
        self.redraws = 0                     # times the still map was drawn (for tests and stats)

    def update(self, camera: Camera, sun_dir: np.ndarray, scene_key: object, still: list[Batch],
               moving: list[Batch], gpus, bounds: np.ndarray, distance: float) -> int:
        """Draw what changed; returns the draw calls made."""
        light_view = light_view_matrix(sun_dir)
        self.fit = fit_for(camera, light_view, bounds, distance, self.size, self.fit)
        view_proj = self.fit.view_proj(light_view)
        bias = np.array([[0.5, 0, 0, 0.5], [0, 0.5, 0, 0.5], [0, 0, 0.5, 0.5], [0, 0, 0, 1.0]])
        self.matrix = bias @ view_proj
        GL.glActiveTexture(GL.GL_TEXTURE0 + SHADOW_UNIT)
        GL.glBindTexture(GL.GL_TEXTURE_2D, 0)    # not read while it is drawn into
        planes = frustum_planes(view_proj)
        key = (scene_key, tuple(np.round(sun_dir, 6)), self.fit)
        calls = 0
        if self.drawn != key:
            self.drawn = key
            self.redraws += 1
            calls += self._draw(self.still, self._still_casters(scene_key, still), gpus, view_proj, planes, True)
        if self.moving is not None:
            self.moving.copy_from(self.still)
            calls += self._draw(self.moving, [b for b in moving if casts_shadow(b)], gpus, view_proj, planes, False)
        GL.glActiveTexture(GL.GL_TEXTURE0 + SHADOW_UNIT)
        GL.glBindTexture(GL.GL_TEXTURE_2D, (self.moving or self.still).texture)
        return calls

    def _still_casters(self, scene_key: object, still: list[Batch]) -> list[Batch]:
        if self._casters is None or self._casters[0] != scene_key:
            self._casters = (scene_key, [b for b in still if casts_shadow(b)])
        return self._casters[1]

    def _draw(self, target: DepthTarget, casters: list[Batch], gpus, view_proj: np.ndarray,
              planes: np.ndarray, clear: bool) -> int:
        target.bind()
        GL.glDisable(GL.GL_BLEND)
        GL.glDisable(GL.GL_CULL_FACE)       # thin walls and double-sided sheets cast from both sides
        GL.glEnable(GL.GL_DEPTH_TEST)
        GL.glDepthFunc(GL.GL_LESS)
        GL.glDepthMask(GL.GL_TRUE)
        if clear:
            GL.glClear(GL.GL_DEPTH_BUFFER_BIT)
        GL.glEnable(GL.GL_POLYGON_OFFSET_FILL)
        GL.glPolygonOffset(DEPTH_SLOPE, DEPTH_UNITS)
        self.program.use()
        GL.glUniformMatrix4fv(self.program.loc("u_light_view_proj"), 1, GL.GL_TRUE,
                              np.ascontiguousarray(view_proj, dtype=np.float32))
        calls = 0
        for batch in casters:
            visible = np.flatnonzero(spheres_visible(planes, batch.centers, batch.radii))
            if len(visible):
                draw_instances(gpus(batch.mesh), batch, visible)
                calls += 1
        GL.glDisable(GL.GL_POLYGON_OFFSET_FILL)
        return calls

    def object_count(self) -> int:
        return 2 + int(self.moving is not None)

    def release(self) -> None:
        for target in (self.still, self.moving):
            if target is not None:
                target.release()
        self.program.release()


def draw_instances(gpu: MeshGPU, batch: Batch, order: np.ndarray) -> None:
    """The full-detail mesh at the chosen instances of `batch` (positions only matter here)."""
    key = ("shadow", batch.serial, order.tobytes())
    if gpu.uploaded != key:
        rows = batch.transforms[order].transpose(0, 2, 1).reshape(-1, 16)
        gpu.instances.upload(np.ascontiguousarray(rows, dtype=np.float32))
        gpu.uploaded = key
    gpu.vao.bind()
    gpu.point_instances(0, False)
    offset, count = gpu.levels[0]
    GL.glDrawElementsInstanced(GL.GL_TRIANGLES, count, GL.GL_UNSIGNED_INT, ctypes.c_void_p(offset), len(order))
