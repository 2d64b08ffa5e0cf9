"""The one place OpenGL is imported: with per-call error checking off, errors are checked per frame."""
import os

import OpenGL

if os.environ.get("PYOPENGL_PLATFORM") == "egl":
    # PyOpenGL's EGL bindings fail to import with error checking off: load them first.
    from OpenGL import EGL  # noqa: F401

OpenGL.ERROR_CHECKING = False  # PyOpenGL checks glGetError after every call otherwise: far too slow
OpenGL.ERROR_LOGGING = False

from OpenGL import GL  # noqa: E402

__all__ = ["GL", "Debug", "check_errors", "gl_version"]


class GLError(RuntimeError):
    pass


class Debug:
    """Whether every renderer checks glGetError after each frame (the tests turn it on for all)."""

    check_errors = False


def check_errors(where: str) -> None:
    """Raise GLError naming every error flag the driver has set since the last check."""
    codes = []
    for _ in range(16):
        code = GL.glGetError()
        if code == GL.GL_NO_ERROR:
            break
        codes.append(hex(int(code)))
    if codes:
        raise GLError(f"OpenGL error {', '.join(codes)} in {where}")


def gl_version() -> tuple[int, int, str, str]:
    """(major, minor, version string, renderer string) of the current context."""
    version = (GL.glGetString(GL.GL_VERSION) or b"").decode(errors="replace")
    renderer = (GL.glGetString(GL.GL_RENDERER) or b"").decode(errors="replace")
    try:
        major, minor = int(GL.glGetIntegerv(GL.GL_MAJOR_VERSION)), int(GL.glGetIntegerv(GL.GL_MINOR_VERSION))
    except Exception:  # a pre-3.0 context has no GL_MAJOR_VERSION
        head = version.split()[0] if version else "0.0"
        major, minor = (int(x) for x in (head.split(".") + ["0"])[:2])
    return major, minor, version, renderer
