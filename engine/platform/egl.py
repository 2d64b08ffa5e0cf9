"""A headless OpenGL 3.3 core context through EGL: Mesa's surfaceless display, else an EGL device.

PYOPENGL_PLATFORM must be "egl" before OpenGL is first imported (engine.cli sees to it).
"""
from __future__ import annotations

import ctypes

from engine.errors import UserError
from engine.gfx.gl import GL, gl_version  # noqa: F401  (sets PyOpenGL flags first)

MIN_GL = (3, 3)


class EglContext:
    """Owns an EGL display and context with no surface; render into Framebuffers."""

    def __init__(self) -> None:
        from OpenGL import EGL
        self._egl = EGL
        self.display = _open_display(EGL)
        attrs = [EGL.EGL_SURFACE_TYPE, EGL.EGL_PBUFFER_BIT, EGL.EGL_RENDERABLE_TYPE,
                 EGL.EGL_OPENGL_BIT, EGL.EGL_NONE]
        config, count = EGL.EGLConfig(), EGL.EGLint()
        EGL.eglChooseConfig(self.display, (EGL.EGLint * len(attrs))(*attrs), ctypes.pointer(config),
                            1, ctypes.pointer(count))
        if count.value < 1:
            raise UserError("OpenGL", "EGL offers no OpenGL configuration on this machine")
        EGL.eglBindAPI(EGL.EGL_OPENGL_API)
        ctx_attrs = [EGL.EGL_CONTEXT_MAJOR_VERSION, MIN_GL[0], EGL.EGL_CONTEXT_MINOR_VERSION, MIN_GL[1],
                     EGL.EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL.EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                     EGL.EGL_NONE]
        self.context = EGL.eglCreateContext(self.display, config, EGL.EGL_NO_CONTEXT,
                                            (EGL.EGLint * len(ctx_attrs))(*ctx_attrs))
        if not self.context:
            raise UserError("OpenGL", "this driver cannot create an OpenGL 3.3 core context "
                                      f"(EGL error {hex(EGL.eglGetError())})")
        self.make_current()
        require_gl_33()

    def make_current(self) -> None:
        EGL = self._egl
        if not EGL.eglMakeCurrent(self.display, EGL.EGL_NO_SURFACE, EGL.EGL_NO_SURFACE, self.context):
            raise UserError("OpenGL", "cannot make the EGL context current")

    def release(self) -> None:
        EGL = self._egl
        if self.context:
            EGL.eglMakeCurrent(self.display, EGL.EGL_NO_SURFACE, EGL.EGL_NO_SURFACE, EGL.EGL_NO_CONTEXT)
            EGL.eglDestroyContext(self.display, self.context)
            self.context = None


def _open_display(EGL):
    """Mesa's default (surfaceless) display first; on NVIDIA without a display, the first EGL device."""
    try:
        display = EGL.eglGetDisplay(EGL.EGL_DEFAULT_DISPLAY)
        if display and EGL.eglInitialize(display, None, None):
            return display
    except Exception:  # PyOpenGL raises EGLError where the default display is unusable
        pass
    try:
        from OpenGL.EGL.EXT.device_base import eglQueryDevicesEXT
        from OpenGL.EGL.EXT.platform_base import eglGetPlatformDisplayEXT
        from OpenGL.EGL.EXT.platform_device import EGL_PLATFORM_DEVICE_EXT
        devices, count = (EGL.EGLDeviceEXT * 8)(), EGL.EGLint()
        eglQueryDevicesEXT(8, devices, ctypes.pointer(count))
        for i in range(count.value):
            display = eglGetPlatformDisplayEXT(EGL_PLATFORM_DEVICE_EXT, devices[i], None)
            if display and EGL.eglInitialize(display, None, None):
                return display
    except Exception as exc:
        raise UserError("OpenGL", f"no EGL display could be opened ({type(exc).__name__}: {exc})") from None
    raise UserError("OpenGL", "no EGL display could be opened")


def require_gl_33() -> None:
    """Refuse a context older than OpenGL 3.3 with a message that names what was found."""
    major, minor, version, renderer = gl_version()
    if (major, minor) < MIN_GL:
        raise UserError("OpenGL", f"needs OpenGL 3.3 core; this driver offers {version or 'none'} "
                                  f"({renderer or 'unknown renderer'})")
