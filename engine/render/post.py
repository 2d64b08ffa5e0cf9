"""The 3D picture drawn offscreen, then onto the target: anti-aliased by FXAA, or scaled up from a
smaller picture (resolution scale), before the 2D overlay is drawn at the target's own resolution."""
from __future__ import annotations

from engine.gfx.gl import GL
from engine.gfx.objects import Program, TextureTarget, VertexArray
from engine.render.shader_files import program_sources

IMAGE_UNIT = 0


def scaled_size(size: tuple[int, int], scale: float) -> tuple[int, int]:
    """The size of the 3D picture for a target of `size` at resolution `scale` (at least 1x1)."""
    if scale >= 1.0:
        return size
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


class PostPass:
    """Owns the offscreen picture (made at the size asked for, remade when that changes) and the
    programs that copy it onto the target."""

    def __init__(self) -> None:
        self.picture: TextureTarget | None = None
        self.programs: dict[bool, Program] = {}
        self.vao: VertexArray | None = None

    def target(self, size: tuple[int, int]) -> TextureTarget:
        """The offscreen picture of `size`, to draw the 3D view into."""
        if self.picture is not None and self.picture.size != size:
            self.picture.release()
            self.picture = None
        if self.picture is None:
            self.picture = TextureTarget(*size)
        return self.picture

    def draw(self, fxaa: bool) -> None:
        """Copy the picture onto the bound target, filling its viewport."""
        assert self.picture is not None
        program = self._program(fxaa)
        program.use()
        GL.glUniform1i(program.loc("u_image"), IMAGE_UNIT)
        w, h = self.picture.size
        GL.glUniform2f(program.loc("u_texel"), 1.0 / w, 1.0 / h)
        GL.glActiveTexture(GL.GL_TEXTURE0 + IMAGE_UNIT)
        GL.glBindTexture(GL.GL_TEXTURE_2D, self.picture.texture)
        GL.glDisable(GL.GL_DEPTH_TEST)
        GL.glDisable(GL.GL_CULL_FACE)
        GL.glDisable(GL.GL_BLEND)
        GL.glDepthMask(GL.GL_FALSE)
        if self.vao is None:
            self.vao = VertexArray()   # attribute-less: the triangle comes from gl_VertexID
        self.vao.bind()
        GL.glDrawArrays(GL.GL_TRIANGLES, 0, 3)
        GL.glDepthMask(GL.GL_TRUE)

    def _program(self, fxaa: bool) -> Program:
        program = self.programs.get(fxaa)
        if program is None:
            program = Program(*program_sources("post", ("FXAA",) if fxaa else ()),
                              name="fxaa" if fxaa else "scale")
            self.programs[fxaa] = program
        return program

    def free_picture(self) -> None:
        """Let go of the offscreen picture (a level that draws straight into the target)."""
        if self.picture is not None:
            self.picture.release()
            self.picture = None

    def object_count(self) -> int:
        return int(self.picture is not None) + len(self.programs) + int(self.vao is not None)

    def release(self) -> None:
        self.free_picture()
        for program in self.programs.values():
            program.release()
        self.programs.clear()
        if self.vao is not None:
            self.vao.release()
            self.vao = None
