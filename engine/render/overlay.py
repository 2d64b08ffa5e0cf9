"""The 2D overlay pass: images (text and panels drawn by the UI) composited over the 3D view."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.gfx.gl import GL
from engine.gfx.objects import Program, Texture2D, VertexArray
from engine.render.shader_files import program_sources


@dataclass
class OverlayImage:
    """An (h, w, 4) uint8 straight-alpha image at pixel (x, y) from the top-left.

    key names the layer across frames; bump `version` when the pixels change so they are re-uploaded.
    """

    key: str
    image: np.ndarray
    x: float
    y: float
    version: int = 0
    opacity: float = 1.0
    width: float | None = None   # drawn size; defaults to the image's own
    height: float | None = None


class OverlayPass:
    def __init__(self) -> None:
        self.program = Program(*program_sources("overlay"), name="overlay")
        self.vao = VertexArray()  # attribute-less quad: positions come from gl_VertexID
        self.textures: dict[str, tuple[int, Texture2D]] = {}

    def draw(self, layers: list[OverlayImage], size: tuple[int, int]) -> int:
        """Draw the layers in order; returns the draw calls made. Unused layer textures are freed."""
        used = set()
        if layers:
            GL.glDisable(GL.GL_DEPTH_TEST)
            GL.glDisable(GL.GL_CULL_FACE)
            GL.glEnable(GL.GL_BLEND)
            GL.glBlendFuncSeparate(GL.GL_SRC_ALPHA, GL.GL_ONE_MINUS_SRC_ALPHA, GL.GL_ONE,
                                   GL.GL_ONE_MINUS_SRC_ALPHA)
            self.program.use()
            GL.glUniform2f(self.program.loc("u_viewport"), float(size[0]), float(size[1]))
            GL.glUniform1i(self.program.loc("u_image"), 0)
            self.vao.bind()
        for layer in layers:
            used.add(layer.key)
            tex = self._texture(layer)
            tex.bind(0)
            h, w = layer.image.shape[:2]
            GL.glUniform4f(self.program.loc("u_rect"), float(layer.x), float(layer.y),
                           float(layer.width or w), float(layer.height or h))
            GL.glUniform1f(self.program.loc("u_opacity"), float(layer.opacity))
            GL.glDrawArrays(GL.GL_TRIANGLE_STRIP, 0, 4)
        GL.glDisable(GL.GL_BLEND)
        for key in [k for k in self.textures if k not in used]:
            self.textures.pop(key)[1].release()
        return len(layers)

    def _texture(self, layer: OverlayImage) -> Texture2D:
        entry = self.textures.get(layer.key)
        h, w = layer.image.shape[:2]
        if entry is None:
            # Mipmapped: the HUD layout may draw a panel smaller than its picture.
            entry = (layer.version, Texture2D(layer.image, srgb=False, mipmaps=True, repeat=False))
            self.textures[layer.key] = entry
        elif entry[0] != layer.version or entry[1].size != (w, h):
            entry[1].upload(layer.image)
            entry = (layer.version, entry[1])
            self.textures[layer.key] = entry
        return entry[1]

    def release(self) -> None:
        for _, tex in self.textures.values():
            tex.release()
        self.textures.clear()
        self.program.release()
        self.vao.release()
