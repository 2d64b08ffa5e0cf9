"""The one render entry point: Renderer.render(scene, camera, target).

Passes: the sun's shadow map when the quality level has one (and it is out of date), the sky,
opaque and alpha-masked meshes front to back, blended meshes back to front; then, when the level
anti-aliases by FXAA or draws at a reduced resolution, the offscreen 3D picture onto the target;
last the 2D overlay, always at the target's own resolution. Every mesh+material shared by several
nodes is one instanced draw per level of detail; instances outside the frustum or smaller than a
pixel are not drawn.
"""
from __future__ import annotations

import ctypes
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from engine.gfx.gl import GL, Debug, check_errors, useful_anisotropy
from engine.gfx.objects import Buffer, Framebuffer, Program, TextureSampler, VertexArray, attribute
from engine.render.gpu_cache import A_AO, A_COLOR, A_TANGENT, A_TINT, A_UV, GpuCache, MeshGPU, needs_tangents
from engine.render.overlay import OverlayImage, OverlayPass
from engine.render.portals import batch_corners, hidden, room_of
from engine.render.post import PostPass, scaled_size
from engine.render.quality import LEVELS, Quality, QualitySettings
from engine.render.rooms import room_codes
from engine.render.shader_files import program_sources
from engine.render.shadows import SHADOW_UNIT, ShadowMap, shadow_distance
from engine.render.textures import Slot
from engine.render.visibility import Groups, Selection, pixels_per_metre_at_unit_distance, select_groups
from engine.scene.camera import Camera, frustum_planes, projection_matrix, view_matrix
from engine.scene.graph import Batch, Scene
from engine.scene.lights import MAX_INTERIORS, Lighting
from engine.scene.material import AlphaMode, Material, linear_to_srgb

FRAME_BINDING = 0
INTERIORS_BINDING = 1
FRAME_FLOATS = 5 * 16 + 9 * 4          # std140 Frame block: five mat4 and nine vec4
INTERIOR_VEC4S = 3 + 5 * MAX_INTERIORS  # std140 Interiors block
SHADOW_FADE = 0.1                       # the shadow fades out over this part of the map's half-width
_SAMPLER_UNIFORMS = (("u_texture", Slot.BASE), ("u_emissive_map", Slot.EMISSIVE), ("u_normal_map", Slot.NORMAL))


class RenderTarget(Protocol):
    """A framebuffer to draw into: a window's, or an offscreen one."""

    @property
    def size(self) -> tuple[int, int]: ...

    def bind(self) -> None: ...
_UNSET = object()


@dataclass
class FrameStats:
    draw_calls: int = 0
    triangles: int = 0
    instances: int = 0
    culled: int = 0


@dataclass
class RenderOptions:
    sky: bool = True
    lod: bool = True
    check_errors: bool = field(default_factory=lambda: Debug.check_errors)   # glGetError after each frame
    exposure: float = 1.0


class SkyDome:
    """A sphere of unit directions (latitude bands denser near the horizon, where colours change)."""

    def __init__(self, around: int = 32, bands: int = 16) -> None:
        lat = np.linspace(-1, 1, bands + 1) ** 3 * (np.pi / 2)   # cubed: more rings near y = 0
        lon = np.linspace(0, 2 * np.pi, around + 1)
        la, lo = np.meshgrid(lat, lon, indexing="ij")
        dirs = np.stack([np.cos(la) * np.cos(lo), np.sin(la), np.cos(la) * np.sin(lo)], axis=-1)
        i, j = np.meshgrid(np.arange(bands), np.arange(around), indexing="ij")
        a = (i * (around + 1) + j).ravel()
        b, c, d = a + 1, a + around + 1, a + around + 2
        quads = np.concatenate([np.stack([a, c, b], 1), np.stack([b, c, d], 1)])
        self.count = quads.size
        self.vao = VertexArray()
        self.vao.bind()
        self.vbo = Buffer(GL.GL_ARRAY_BUFFER, dirs.reshape(-1, 3).astype(np.float32))
        attribute(0, 3, 12, 0)
        self.ebo = Buffer(GL.GL_ELEMENT_ARRAY_BUFFER, quads.astype(np.uint32))
        GL.glBindVertexArray(0)

    def draw(self) -> None:
        self.vao.bind()
        GL.glDrawElements(GL.GL_TRIANGLES, self.count, GL.GL_UNSIGNED_INT, ctypes.c_void_p(0))

    def release(self) -> None:
        for obj in (self.vao, self.vbo, self.ebo):
            obj.release()


def _shader_defines(q: QualitySettings) -> tuple[str, ...]:
    """The mesh shader defines a quality level adds to every variant."""
    defines = ["AO"] if q.ambient_occlusion else []
    if q.shadows:
        defines += ["SHADOWS", f"SHADOW_TAPS {q.shadow_filter_taps}"]
    return tuple(defines)


def interiors_block(rooms: Sequence) -> np.ndarray:
    """The std140 Interiors block (see interiors.glsl) for up to MAX_INTERIORS rooms."""
    block = np.zeros((INTERIOR_VEC4S, 4), np.float32)
    block[0, 0] = len(rooms)
    if rooms:
        lo = np.min([r.box_min for r in rooms], axis=0)
        hi = np.max([r.box_max for r in rooms], axis=0)
        block[1, :3], block[2, :3] = lo - 0.5, hi + 0.5   # the half-metre blend outside the boxes
    else:
        block[1, :3], block[2, :3] = 1.0, -1.0          # an empty box: every vertex is outdoors
    m = MAX_INTERIORS
    for i, room in enumerate(rooms):
        block[3 + i, :3] = room.box_min
        block[3 + m + i, :3] = room.box_max
        block[3 + 2 * m + i, :3] = room.ceiling_color
        if room.stage is not None:
            block[3 + 3 * m + i] = (*room.stage, max(room.stage_radius, 0.0))
        block[3 + 4 * m + i, :3] = room.stage_color
    return block.ravel()


class Renderer:
    """Owns every GL object it creates; call release() with the context current.

    `quality` says which lighting and anti-aliasing features are drawn; change it with set_quality.
    """

    def __init__(self) -> None:
        self.sky_program = Program(*program_sources("sky"), name="sky")
        self.sky_program.bind_block("Frame", FRAME_BINDING)
        self.programs: dict[tuple[str, ...], Program] = {}   # mesh shader variants, made when needed
        self.frame_ubo = Buffer(GL.GL_UNIFORM_BUFFER, np.zeros(FRAME_FLOATS, np.float32),
                                usage=GL.GL_DYNAMIC_DRAW)
        self.interiors_ubo = Buffer(GL.GL_UNIFORM_BUFFER, np.zeros(INTERIOR_VEC4S * 4, np.float32),
                                    usage=GL.GL_DYNAMIC_DRAW)
        self._interiors: tuple | None = None   # the interiors the buffer holds
        self.quality: QualitySettings = LEVELS[Quality.LOW]
        self.shadows: ShadowMap | None = None  # made on the first frame of a level with shadows
        self.post = PostPass()
        self._bounds: tuple[tuple, np.ndarray] | None = None   # (scene key, the scene's bounds)
        self._room_boxes: tuple[tuple, np.ndarray] | None = None   # (scene key, (B, 8, 3) boxes of its batches)
        self.sky_dome = SkyDome()
        self.cache = GpuCache(anisotropy=useful_anisotropy())
        self.overlay = OverlayPass()
        self.options = RenderOptions()
        self.stats = FrameStats()
        self._material: int | None = None
        self._fog = False
        self._groups: tuple | None = None   # (batch serials, Groups) of the last frame
        self._state: dict[str | tuple, object] = {}
        self._uniforms: dict[int, tuple] = {}  # program handle -> material uniforms it holds

    # -- quality ---------------------------------------------------------------------
    def set_quality(self, settings: QualitySettings) -> None:
        """Draw with `settings` from the next frame on, freeing what the previous level held that
        this one does not use (shadow map, offscreen picture, shader variants)."""
        old, self.quality = self.quality, settings
        if _shader_defines(old) != _shader_defines(settings) or old.normal_maps != settings.normal_maps:
            for program in self.programs.values():
                program.release()
            self.programs.clear()
            self._uniforms.clear()
            self._state.pop("program", None)
        if self.shadows is not None and (not settings.shadows or self.shadows.size != settings.shadow_size
                                         or self.shadows.people != settings.people_shadows):
            self.shadows.release()
            self.shadows = None
        if not (settings.fxaa or settings.resolution_scale < 1.0):
            self.post.release()

    def _offscreen(self, target: RenderTarget) -> bool:
        """Whether the 3D picture is drawn offscreen first: to scale it, or to anti-alias it where the
        target has no multisampling of its own."""
        multisampled = int(getattr(target, "samples", 0) or 0) > 1
        return self.quality.resolution_scale < 1.0 or (self.quality.fxaa and not multisampled)

    # -- the entry point -------------------------------------------------------------
    def render(self, scene: Scene, camera: Camera, target: RenderTarget, overlays: Sequence[OverlayImage] = (),
               dynamic: Sequence[Batch] = ()) -> FrameStats:
        """Draw `scene` (plus per-frame `dynamic` batches) seen by `camera` into `target`."""
        width, height = target.size
        still = list(scene.batches())
        batches = still + list(dynamic)
        # The key holds the objects, not their ids: a new scene made where a freed one lay must not
        # pass for it (and skip releasing what only the old one used).
        self.cache.sync((scene, scene.version, frozenset(b.mesh for b in dynamic)), [b.mesh for b in batches])
        offscreen = self._offscreen(target)
        if offscreen:
            picture: RenderTarget = self.post.target(scaled_size((width, height), self.quality.resolution_scale))
        else:
            self.post.free_picture()
            picture = target
        self.stats = FrameStats()
        self._fog = scene.lighting.fog_density > 0
        shadow = self._update_shadows(scene, camera, dynamic)
        self._draw_scene(scene, camera, picture, self._seen_from_room(scene, camera, still) + list(dynamic), shadow)
        if offscreen:
            target.bind()
            # FXAA works on the picture's own pixels: a scaled-up picture is smoothed by its scaling.
            self.post.draw(picture.size == (width, height))
            self.stats.draw_calls += 1
        self.stats.draw_calls += self.overlay.draw(list(overlays), (width, height))
        GL.glBindVertexArray(0)
        if self.options.check_errors:
            check_errors("Renderer.render")
        return self.stats

    def _draw_scene(self, scene: Scene, camera: Camera, picture: RenderTarget, batches: list[Batch],
                    shadow: np.ndarray | None) -> None:
        """The sky and the meshes into `picture`."""
        width, height = picture.size
        picture.bind()
        view = view_matrix(camera)
        proj = projection_matrix(camera, width / max(height, 1))
        view_proj = proj @ view
        GL.glDisable(GL.GL_FRAMEBUFFER_SRGB)   # shaders write encoded values (see color.glsl)
        self._upload_frame(view, proj, view_proj, camera.eye, scene.lighting, shadow)
        self._upload_interiors(scene.lighting)
        bg = scene.lighting.background
        GL.glClearColor(bg[0], bg[1], bg[2], 1.0)
        GL.glDepthMask(GL.GL_TRUE)
        GL.glClear(GL.GL_COLOR_BUFFER_BIT | GL.GL_DEPTH_BUFFER_BIT)
        self._material = None
        self._state = {}    # GL state set this frame; other passes reset what they touch
        GL.glCullFace(GL.GL_BACK)
        if self.options.sky:
            self._draw_sky()
        GL.glEnable(GL.GL_DEPTH_TEST)
        GL.glDepthFunc(GL.GL_LESS)
        planes = frustum_planes(view_proj)
        focal = pixels_per_metre_at_unit_distance(camera, height)
        opaque, blended = self._select(batches, planes, camera, focal)
        self._draw_opaque(opaque)
        self._draw_blended(blended)
        self._unbind_samplers()

    def _seen_from_room(self, scene: Scene, camera: Camera, still: list[Batch]) -> list[Batch]:
        """The still batches less those hidden by the walls of the room the eye is in (see portals.py)."""
        room = None if camera.orthographic else room_of(np.asarray(camera.eye, np.float64), scene.lighting.interiors)
        if room is None or not still:
            return still
        if self._room_boxes is None or self._room_boxes[0] != (scene, scene.version):
            self._room_boxes = ((scene, scene.version), np.stack([batch_corners(b) for b in still]))
        out = hidden(self._room_boxes[1], room, np.asarray(camera.eye, np.float64))
        self.stats.culled += sum(len(b.transforms) for b, gone in zip(still, out, strict=True) if gone)
        return [b for b, gone in zip(still, out, strict=True) if not gone]

    def _update_shadows(self, scene: Scene, camera: Camera, dynamic: Sequence[Batch]) -> np.ndarray | None:
        """Bring the shadow map up to date for this view; returns (4, 4) world to map, or None
        at levels without shadows."""
        q = self.quality
        if not q.shadows:
            return None
        if self.shadows is None:
            self.shadows = ShadowMap(q.shadow_size, q.people_shadows)
        if self._bounds is None or self._bounds[0] != (scene, scene.version):
            self._bounds = ((scene, scene.version), scene.bounds())   # thousands of instances: not every frame
        bounds = self._bounds[1]
        distance = shadow_distance(camera, q.shadow_distance, float(bounds[0][1]))
        self.stats.draw_calls += self.shadows.update(
            camera, scene.lighting.sun_dir_unit(), (scene, scene.version), list(scene.batches()), list(dynamic),
            self.cache.mesh, bounds, distance)
        return self.shadows.matrix

    # -- per-frame data ----------------------------------------------------------------
    def _upload_frame(self, view, proj, view_proj, eye, light: Lighting, shadow: np.ndarray | None) -> None:
        amb = light.ambient_intensity
        sun = np.asarray(light.sun_color) * light.sun_intensity
        vecs = [
            (*eye, 1.0), (*light.sun_dir_unit(), 0.0), (*sun, 0.0),
            (*(np.asarray(light.sky_color) * amb), 0.0), (*(np.asarray(light.ground_color) * amb), 0.0),
            (*light.horizon, light.fog_density), (*light.background, self.options.exposure),
            (*linear_to_srgb(np.asarray(light.horizon)), 0.0),
        ]
        shadow_params = (0.0, 0.0, SHADOW_FADE, 0.0)
        if shadow is not None and self.shadows is not None and self.shadows.fit is not None:
            texel = 2.0 * self.shadows.fit.half / self.shadows.size
            shadow_params = (1.0 / self.shadows.size, 1.5 * texel, SHADOW_FADE, 0.0)
        mats = [view, proj, view_proj, np.linalg.inv(view_proj)]
        data = np.concatenate([np.asarray(m, np.float32).T.ravel() for m in mats]
                              + [np.asarray(v, np.float32) for v in vecs]
                              + [np.asarray(shadow if shadow is not None else np.eye(4), np.float32).T.ravel(),
                                 np.asarray(shadow_params, np.float32)])
        self.frame_ubo.upload(data)
        GL.glBindBufferBase(GL.GL_UNIFORM_BUFFER, FRAME_BINDING, self.frame_ubo.handle)

    def _upload_interiors(self, light: Lighting) -> None:
        """The rooms lit from their ceilings (at most MAX_INTERIORS), sent when they change."""
        rooms = tuple(light.interiors[:MAX_INTERIORS]) if self.quality.indoor_light else ()
        if self._interiors != rooms:
            self._interiors = rooms
            self.interiors_ubo.upload(interiors_block(rooms))
        GL.glBindBufferBase(GL.GL_UNIFORM_BUFFER, INTERIORS_BINDING, self.interiors_ubo.handle)

    def _select(self, batches: list[Batch], planes, camera: Camera, focal: float):
        gpus = [self.cache.mesh(batch.mesh) for batch in batches]
        blend = [batch.mesh.material.blended for batch in batches]
        key = (tuple(b.serial for b in batches), self.options.lod)
        if self._groups is None or self._groups[0] != key:
            # Rebuilt when the batches change: every frame with moving people, else once.
            levels = [len(g.levels) - 1 if self.options.lod else 0 for g in gpus]
            self._groups = (key, Groups([b.centers for b in batches], [b.radii for b in batches], levels))
        selections = select_groups(self._groups[1], blend, planes, camera.eye, focal, camera.orthographic)
        opaque: list[tuple[Batch, MeshGPU, Selection]] = []
        blended: list[tuple[Batch, MeshGPU, Selection]] = []
        for batch, gpu, sel, is_blend in zip(batches, gpus, selections, blend):
            if sel is None:
                self.stats.culled += len(batch.transforms)
                continue
            self.stats.culled += len(batch.transforms) - len(sel.order)
            (blended if is_blend else opaque).append((batch, gpu, sel))
        # Small things first, so the large floors and walls behind them fail the depth test early.
        opaque.sort(key=lambda item: (item[0].radii.max() > 50.0, item[2].nearest))
        blended.sort(key=lambda item: -item[2].nearest)
        return opaque, blended

    # -- passes ------------------------------------------------------------------------
    def _draw_opaque(self, items) -> None:
        GL.glDisable(GL.GL_BLEND)
        GL.glVertexAttrib2f(A_UV, 0.0, 0.0)
        GL.glVertexAttrib4f(A_COLOR, 1.0, 1.0, 1.0, 1.0)
        GL.glVertexAttrib4f(A_TINT, 1.0, 1.0, 1.0, 1.0)
        GL.glVertexAttrib4f(A_TANGENT, 1.0, 0.0, 0.0, 1.0)
        GL.glVertexAttrib1f(A_AO, 1.0)   # meshes without baked occlusion are open to the sky
        for batch, gpu, sel in items:
            self._draw_batch(batch, gpu, sel)

    def _draw_blended(self, items) -> None:
        if not items:
            return
        GL.glEnable(GL.GL_BLEND)
        GL.glBlendFuncSeparate(GL.GL_SRC_ALPHA, GL.GL_ONE_MINUS_SRC_ALPHA, GL.GL_ONE,
                               GL.GL_ONE_MINUS_SRC_ALPHA)
        GL.glDepthMask(GL.GL_FALSE)
        self._material = None
        for batch, gpu, sel in items:
            self._draw_batch(batch, gpu, sel)
        GL.glDepthMask(GL.GL_TRUE)
        GL.glDisable(GL.GL_BLEND)

    def _draw_sky(self) -> None:
        """The sky first, as the background, with no depth test: on a CPU rasterizer a depth-tested
        full-screen layer costs several times an untested one, even where it ends up hidden."""
        GL.glDisable(GL.GL_DEPTH_TEST)
        GL.glDepthMask(GL.GL_FALSE)
        GL.glDisable(GL.GL_CULL_FACE)
        self.sky_program.use()
        self.sky_dome.draw()
        self.stats.draw_calls += 1
        GL.glDepthMask(GL.GL_TRUE)
        self._material = None
        self._state.update(program=self.sky_program.handle, cull=False)

    def _draw_batch(self, batch: Batch, gpu: MeshGPU, sel: Selection) -> None:
        self._bind_material(batch.mesh.material)
        tinted = batch.colors is not None
        # Static batches seen the same way as last frame keep their instance data on the GPU.
        key = (batch.serial, sel.order.tobytes(), self._interiors)
        if gpu.uploaded != key:
            rows = batch.transforms[sel.order].transpose(0, 2, 1).reshape(-1, 16)
            rows[:, 3] = room_codes(batch.centers[sel.order], batch.radii[sel.order], self._interiors or ())
            if batch.colors is not None:
                rows = np.hstack([rows, batch.colors[sel.order]])
            gpu.instances.upload(np.ascontiguousarray(rows, dtype=np.float32))
            gpu.uploaded = key
        gpu.vao.bind()
        for level, start, count in sel.runs:
            offset, n_index = gpu.levels[level]
            gpu.point_instances(start, tinted)
            GL.glDrawElementsInstanced(GL.GL_TRIANGLES, n_index, GL.GL_UNSIGNED_INT,
                                       ctypes.c_void_p(offset), count)
            self.stats.draw_calls += 1
            self.stats.instances += count
            self.stats.triangles += gpu.triangles[level] * count

    def program_for(self, mat: Material) -> Program:
        """The mesh shader variant a material needs, compiled the first time it is asked for."""
        textured = mat.texture is not None
        # Unlit materials show their base colour only (as KHR_materials_unlit asks): no maps.
        emissive_map = mat.emissive_texture is not None and not mat.unlit
        normal_map = needs_tangents(mat) and self.quality.normal_maps
        per_pixel = textured or emissive_map or normal_map
        key = tuple(d for d, on in (("TEXTURED", textured), ("EMISSIVE_MAP", emissive_map),
                                    ("NORMAL_MAP", normal_map), ("UNLIT", mat.unlit),
                                    ("MASK", per_pixel and mat.alpha_mode is AlphaMode.MASK),
                                    ("REFLECT", mat.reflect_sky > 0 and not mat.unlit),
                                    ("FOG", self._fog)) if on) + _shader_defines(self.quality)
        program = self.programs.get(key)
        if program is None:
            program = Program(*program_sources("mesh", key), name="mesh " + " ".join(key))
            program.bind_block("Frame", FRAME_BINDING)
            program.bind_block("Interiors", INTERIORS_BINDING)
            program.use()
            for uniform, slot in _SAMPLER_UNIFORMS:
                GL.glUniform1i(program.loc(uniform), int(slot))
            if (location := program.loc("u_shadow_map")) >= 0:
                GL.glUniform1i(location, SHADOW_UNIT)
            self._state.pop("program", None)   # the program in use is no longer the one recorded
            self.programs[key] = program
        return program

    def _bind_material(self, mat: Material) -> None:
        if self._material == id(mat):
            return
        self._material = id(mat)
        p = self.program_for(mat)
        if self._set("program", p.handle):
            p.use()
        # Uniforms live in each program: only what differs from its last material is sent.
        values = (tuple(mat.base_color), min(max(mat.roughness, 0.0), 1.0), tuple(mat.emissive),
                  int(mat.alpha_mode is AlphaMode.BLEND), mat.alpha_cutoff, mat.normal_scale,
                  min(max(mat.reflect_sky, 0.0), 1.0), min(max(mat.metallic, 0.0), 1.0))
        last = self._uniforms.get(p.handle)
        if last != values:
            self._uniforms[p.handle] = values
            GL.glUniform4f(p.loc("u_base_color"), *values[0])
            GL.glUniform1f(p.loc("u_roughness"), values[1])
            GL.glUniform3f(p.loc("u_emissive"), *values[2])
            GL.glUniform1i(p.loc("u_blend"), values[3])
            for name, value in (("u_alpha_cutoff", values[4]), ("u_normal_scale", values[5]),
                                ("u_reflect_sky", values[6]), ("u_metallic", values[7])):
                if (location := p.loc(name)) >= 0:   # only the variants that read it have it
                    GL.glUniform1f(location, value)
        if mat.texture is not None or mat.emissive_texture is not None or (
                mat.normal_texture is not None and self.quality.normal_maps):
            self._bind_textures(mat)
        if self._set("depth_layer", mat.depth_layer):
            if mat.depth_layer:
                GL.glEnable(GL.GL_POLYGON_OFFSET_FILL)
                GL.glPolygonOffset(-1.0 * mat.depth_layer, -2.0 * mat.depth_layer)
            else:
                GL.glDisable(GL.GL_POLYGON_OFFSET_FILL)
        if self._set("cull", not mat.double_sided):
            (GL.glDisable if mat.double_sided else GL.glEnable)(GL.GL_CULL_FACE)

    def _bind_textures(self, mat: Material) -> None:
        """Each texture the material's variant reads, on its slot's unit, read through its sampler."""
        slots = [Slot.BASE] if mat.unlit else [s for s in Slot if s is not Slot.NORMAL or self.quality.normal_maps]
        # All uploaded first: an upload binds its texture to whichever unit is active.
        textures = [(slot, self.cache.texture(mat, slot)) for slot in slots]
        for slot, texture in textures:
            if texture is None:
                continue
            texture.bind(int(slot))
            sampler = self.cache.textures.sampler(mat.sampler)
            if self._set(("sampler", int(slot)), sampler.handle):
                sampler.bind(int(slot))

    def _unbind_samplers(self) -> None:
        """Leave the texture units reading textures' own parameters, as the overlay pass expects."""
        for slot in Slot:
            self._state.pop(("sampler", int(slot)), None)
            TextureSampler.unbind(int(slot))

    def _set(self, name: str | tuple, value) -> bool:
        """Remember a piece of GL state; True when it changed (so the GL call is needed)."""
        if self._state.get(name, _UNSET) == value:
            return False
        self._state[name] = value
        return True

    def render_image(self, scene: Scene, camera: Camera, size: tuple[int, int]) -> np.ndarray:
        """A picture (h, w, 4) uint8 of the scene, drawn into a framebuffer made for it and freed."""
        fb = Framebuffer(*size)
        try:
            self.render(scene, camera, fb)
            return fb.read_rgba()
        finally:
            fb.release()

    def object_count(self) -> int:
        """GL objects held for scene data (meshes, textures, overlay layers) and by the quality level
        (shadow map, offscreen picture): flat in a long run, and across switches between levels."""
        shadows = self.shadows.object_count() if self.shadows is not None else 0
        return self.cache.object_count() + len(self.overlay.textures) + shadows + self.post.object_count()

    def release(self) -> None:
        self.cache.release()
        self.overlay.release()
        self.post.release()
        if self.shadows is not None:
            self.shadows.release()
            self.shadows = None
        self.interiors_ubo.release()
        for program in (*self.programs.values(), self.sky_program):
            program.release()
        self.frame_ubo.release()
        self.sky_dome.release()
