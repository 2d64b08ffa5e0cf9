"""The one place OpenGL is imported: with per-call error checking off, errors are checked per frame."""
import os

import OpenGL

if os.environ.get("PYOPENGL_PLATFORM") == "egl":
    # PyOpenGL's EGL bindings fail to import with error checking off: load them first.
    from OpenGL import EGL  # noqa: F401

OpenGL.ERROR_CHECKING = False  # PyOpenGL checks glGetError after every call otherwise: far too slow
OpenGL.ERROR_LOGGING = False

from OpenGL import GL  # noqa: E402

__all__ = ["GL", "Debug", "check_errors", "extensions", "gl_version", "useful_anisotropy"]


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


# GL_EXT_texture_filter_anisotropic (core only in 4.6): PyOpenGL's GL namespace may lack the names.
TEXTURE_MAX_ANISOTROPY = 0x84FE
MAX_TEXTURE_MAX_ANISOTROPY = 0x84FF
_SOFTWARE = ("llvmpipe", "softpipe", "swrast", "software")


def extensions() -> frozenset[str]:
    """The extension names of the current context."""
    count = int(GL.glGetIntegerv(GL.GL_NUM_EXTENSIONS))
    names = (GL.glGetStringi(GL.GL_EXTENSIONS, i) for i in range(count))
    return frozenset(n.decode(errors="replace") if isinstance(n, bytes) else str(n) for n in names)


def useful_anisotropy(cap: float = 8.0) -> float:
    """The anisotropic filtering level worth asking samplers for: 1 (none) where the extension is
    missing or the rasterizer is software (there every extra texel read is CPU time on each pixel),
    else the driver's maximum up to `cap`."""
    names = extensions()
    if not {"GL_EXT_texture_filter_anisotropic", "GL_ARB_texture_filter_anisotropic"} & names:
        return 1.0
    renderer = (GL.glGetString(GL.GL_RENDERER) or b"").decode(errors="replace").lower()
    if any(word in renderer for word in _SOFTWARE):
        return 1.0
    return max(1.0, min(cap, float(GL.glGetFloatv(MAX_TEXTURE_MAX_ANISOTROPY))))
