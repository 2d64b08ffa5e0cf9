"""Rendering with no display: an EGL context, a renderer and an offscreen framebuffer together."""
from __future__ import annotations

import numpy as np

from engine.errors import UserError
from engine.render.targets import default_samples

MAX_PIXELS = 8192 * 8192


def _max_side() -> int:
    from engine.gfx.gl import GL
    return int(min(GL.glGetIntegerv(GL.GL_MAX_RENDERBUFFER_SIZE), GL.glGetIntegerv(GL.GL_MAX_VIEWPORT_DIMS)[0]))


class Headless:
    """Context + renderer + framebuffer of one size. Use as a context manager; it releases all."""

    def __init__(self, width: int, height: int, samples: int | None = 0) -> None:
        """samples: multisampling; None picks 4 on a GPU and none on a software rasterizer."""
        from engine.gfx.objects import Framebuffer
        from engine.platform.egl import EglContext
        from engine.render.renderer import Renderer
        self.context = EglContext()
        limit = _max_side()
        if max(width, height) > limit or width * height > MAX_PIXELS:
            self.context.release()
            raise UserError("--size", f"{width}x{height} is too large: this driver renders at most "
                                      f"{limit} pixels a side and {MAX_PIXELS // 1_000_000} megapixels")
        if samples is None:
            from engine.gfx.gl import gl_version
            samples = default_samples(gl_version()[3])
        try:
            self.target = Framebuffer(width, height, samples=samples)
        except Exception as exc:
            self.context.release()
            raise UserError("--size", f"{width}x{height} is more than this driver can render "
                                      f"({exc})") from None
        self.renderer = Renderer()

    def __enter__(self) -> Headless:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def render(self, scene, camera, **kwargs) -> np.ndarray:
        """Render one frame and return its colour as (h, w, 4) uint8, top row first."""
        self.renderer.render(scene, camera, self.target, **kwargs)
        return self.target.read_rgba()

    def release(self) -> None:
        self.renderer.release()
        self.target.release()
        self.context.release()
