"""GPU copies of scene meshes and textures, keyed by object identity and synced by set difference."""
from __future__ import annotations

from collections.abc import Hashable

import numpy as np

from engine.gfx.gl import GL
from engine.gfx.objects import Buffer, Texture2D, VertexArray, attribute
from engine.render.lod import lod_chain
from engine.render.textures import Slot, TextureCache
from engine.scene.material import Material
from engine.scene.mesh import Mesh
from engine.scene.tangents import vertex_tangents

A_POSITION, A_NORMAL, A_UV, A_COLOR, A_MODEL, A_TINT, A_TANGENT, A_AO = 0, 1, 2, 3, 4, 8, 9, 10


def needs_tangents(material: Material) -> bool:
    """Whether meshes drawn with `material` are lit per pixel through a normal map."""
    return material.normal_texture is not None and not material.unlit


class MeshGPU:
    """Vertex, index and instance buffers of one mesh and its coarser levels.

    levels: (byte offset into the index buffer, index count) for level 0 (the mesh) and each LOD.
    With `tangents` the vertices also carry the mesh's tangents (made from its uvs if it has none),
    which only normal-mapped meshes need: the others keep the smaller vertex. Likewise baked ambient
    occlusion (Mesh.ao) is a vertex attribute only for meshes that have it (the others read 1).
    """

    def __init__(self, mesh: Mesh, make_lods: bool = True, tangents: bool = False) -> None:
        tan = None
        if tangents:
            tan = mesh.tangents if mesh.tangents is not None else \
                vertex_tangents(mesh.positions, mesh.normals, mesh.uvs, mesh.indices)
        self.has_tangents = tan is not None
        ao = None if mesh.ao is None else mesh.ao.reshape(-1, 1)
        extra = [mesh.uvs, mesh.colors, tan, ao]
        parts = [(mesh.positions, mesh.indices, mesh.normals, extra)]
        if make_lods and mesh.lod:
            parts += lod_chain(mesh.positions, mesh.indices, extra)
        columns, index_parts, self.levels = [], [], []
        base = offset = 0
        for pos, idx, nrm, (uv, col, tng, occ) in parts:
            # Normals are always there (a Mesh computes missing ones); uvs and colours when the mesh has them.
            cols = [a for a in (pos, nrm, uv, col, tng, occ) if a is not None]
            columns.append(np.hstack(cols).astype(np.float32))
            index_parts.append(idx.astype(np.uint32) + base)
            self.levels.append((offset, idx.size))
            base += len(pos)
            offset += idx.size * 4
        data = np.ascontiguousarray(np.vstack(columns))
        self.vao = VertexArray()
        self.vao.bind()
        self.vbo = Buffer(GL.GL_ARRAY_BUFFER, data)
        stride = data.shape[1] * 4
        attribute(A_POSITION, 3, stride, 0)
        attribute(A_NORMAL, 3, stride, 12)
        at = 24
        if mesh.uvs is not None:
            attribute(A_UV, 2, stride, at)
            at += 8
        if mesh.colors is not None:
            attribute(A_COLOR, 4, stride, at)
            at += 16
        if tan is not None:
            attribute(A_TANGENT, 4, stride, at)
            at += 16
        if ao is not None:
            attribute(A_AO, 1, stride, at)
        self.ebo = Buffer(GL.GL_ELEMENT_ARRAY_BUFFER, np.concatenate([p.ravel() for p in index_parts]))
        self.instances = Buffer(GL.GL_ARRAY_BUFFER, usage=GL.GL_STREAM_DRAW)
        GL.glBindVertexArray(0)
        self._pointed: tuple[int, bool] | None = None   # instance attributes as last aimed
        self.uploaded: tuple | None = None              # what the instance buffer holds now
        self.triangles = [count // 3 for _, count in self.levels]

    def point_instances(self, first: int, tinted: bool) -> None:
        """Aim the per-instance attributes at instance `first` of the instance buffer, whose rows
        are a column-major mat4 followed, for tinted batches, by an RGBA tint. Call with the VAO bound."""
        if self._pointed == (first, tinted):
            return   # the VAO remembers: re-aiming costs a dozen GL calls per draw
        self._pointed = (first, tinted)
        GL.glBindBuffer(GL.GL_ARRAY_BUFFER, self.instances.handle)
        stride = 80 if tinted else 64
        for col in range(4):
            attribute(A_MODEL + col, 4, stride, first * stride + col * 16, divisor=1)
        if tinted:
            attribute(A_TINT, 4, stride, first * stride + 64, divisor=1)
        else:
            GL.glDisableVertexAttribArray(A_TINT)

    def release(self) -> None:
        for obj in (self.vao, self.vbo, self.ebo, self.instances):
            obj.release()


class GpuCache:
    """Owns every mesh and texture the renderer uploaded."""

    def __init__(self, anisotropy: float = 1.0) -> None:
        self.meshes: dict[int, tuple[Mesh, MeshGPU]] = {}
        self.textures = TextureCache(anisotropy)
        self._synced: Hashable | None = None

    def mesh(self, mesh: Mesh) -> MeshGPU:
        entry = self.meshes.get(id(mesh))
        if entry is None or entry[0] is not mesh:
            entry = (mesh, MeshGPU(mesh, tangents=needs_tangents(mesh.material)))
            self.meshes[id(mesh)] = entry
        elif not entry[1].has_tangents and needs_tangents(mesh.material):
            entry[1].release()   # given a normal-mapped material since it was uploaded
            entry = (mesh, MeshGPU(mesh, tangents=True))
            self.meshes[id(mesh)] = entry
        return entry[1]

    def texture(self, material: Material, slot: Slot = Slot.BASE) -> Texture2D | None:
        """The GL texture of a material's image in `slot`, or None where it has none."""
        return self.textures.texture(material, slot)

    def sync(self, key: Hashable, live: list[Mesh]) -> None:
        """Release what `live` (the meshes now in use) no longer holds, once per scene change."""
        if key == self._synced:
            return
        self._synced = key
        keep = {id(m) for m in live}
        for k in [k for k in self.meshes if k not in keep]:
            self.meshes.pop(k)[1].release()
        self.textures.sync({id(m.material) for m in live})

    def object_count(self) -> int:
        """Meshes, images and samplers held: flat over a long run."""
        return len(self.meshes) + self.textures.object_count()

    def release(self) -> None:
        for _, gpu in self.meshes.values():
            gpu.release()
        self.meshes.clear()
        self.textures.release()
        self._synced = None
