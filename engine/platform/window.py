"""A pygame window that owns an OpenGL 3.3 core context (also under SDL's offscreen driver)."""
from __future__ import annotations

import os
import warnings

from engine.errors import UserError


class Window:
    """The window, its GL context and its default framebuffer as a render target."""

    def __init__(self, size: tuple[int, int], title: str, fullscreen: bool = False,
                 samples: int | None = None) -> None:
        """samples: multisampling; None picks 4 on a GPU and none on a software rasterizer,
        where it would multiply the cost of every pixel."""
        os.environ.setdefault("SDL_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR", "0")
        pygame = import_pygame()
        self._pg = pygame
        pygame.display.init()
        pygame.font.init()
        self.fullscreen = fullscreen
        self.title = title
        self._open(size, fullscreen)
        from engine.gfx.gl import gl_version
        from engine.gfx.objects import MultisampleWindowTarget, WindowTarget
        from engine.platform.egl import require_gl_33
        require_gl_33()
        self.renderer_name = gl_version()[3]
        if samples is None:
            samples = 0 if is_software(self.renderer_name) else 4
        self.samples = samples
        self.target = MultisampleWindowTarget(*self.size, samples) if samples > 1 else WindowTarget(*self.size)

    def _open(self, size: tuple[int, int], fullscreen: bool) -> None:
        pg = self._pg
        last: Exception | None = None
        for vsync in (1, 0):   # some drivers cannot sync to the display: then run without
            pg.display.gl_set_attribute(pg.GL_CONTEXT_MAJOR_VERSION, 3)
            pg.display.gl_set_attribute(pg.GL_CONTEXT_MINOR_VERSION, 3)
            pg.display.gl_set_attribute(pg.GL_CONTEXT_PROFILE_MASK, pg.GL_CONTEXT_PROFILE_CORE)
            pg.display.gl_set_attribute(pg.GL_DEPTH_SIZE, 24)
            flags = pg.OPENGL | pg.DOUBLEBUF | (pg.FULLSCREEN if fullscreen else pg.RESIZABLE)
            try:
                with warnings.catch_warnings():   # "vsync not available" is a warning: we carry on
                    warnings.simplefilter("ignore")
                    self.surface = pg.display.set_mode((0, 0) if fullscreen else size, flags, vsync=vsync)
                break
            except pg.error as exc:
                last = exc
        else:
            raise UserError("OpenGL", f"cannot open an OpenGL 3.3 core window: {last}")
        pg.display.set_caption(self.title)
        self.size = self.surface.get_size()

    @property
    def pygame(self):
        return self._pg

    def resized(self, size: tuple[int, int]) -> None:
        self.size = (max(1, size[0]), max(1, size[1]))
        self.target.resize(*self.size)

    def toggle_fullscreen(self) -> None:
        """Switch with pygame's toggle, which keeps the GL context (and so every GPU object)."""
        if not self._pg.display.toggle_fullscreen():
            raise self._pg.error("the video driver cannot switch to fullscreen")
        self.fullscreen = not self.fullscreen
        self.resized(self._pg.display.get_surface().get_size())

    def flip(self) -> None:
        self.target.present()
        self._pg.display.flip()

    def close(self) -> None:
        self.target.release()
        self._pg.display.quit()


def import_pygame():
    """pygame, imported without pkg_resources: pygame only uses it to find its bundled font and
    falls back to the plain file, but importing it takes a fifth of a second of the viewer's start."""
    import sys
    if "pygame" in sys.modules or "pkg_resources" in sys.modules:
        import pygame
        return pygame
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  (makes its import fail fast)
    try:
        import pygame
    finally:
        del sys.modules["pkg_resources"]
    return pygame


def is_software(renderer: str) -> bool:
    """Mesa's CPU rasterizers (llvmpipe, softpipe) and other software GL."""
    name = renderer.lower()
    return any(word in name for word in ("llvmpipe", "softpipe", "swrast", "software"))
