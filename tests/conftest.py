"""Shared fixtures. GL tests run on whatever EGL offers (Mesa llvmpipe in CI).

The environment is set before anything imports OpenGL or pygame: EGL for PyOpenGL and SDL's
offscreen driver for windows. In CI (ANTING_REQUIRE_GL=1) a missing GL context fails the run
instead of skipping, so GL tests cannot silently disappear.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("PYOPENGL_PLATFORM", "egl")
os.environ.setdefault("EGL_PLATFORM", "surfaceless")
os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "tests"))


@pytest.fixture(scope="session")
def _egl_context():
    try:
        from engine.platform.egl import EglContext
        context = EglContext()
    except Exception as exc:  # no EGL or no GL 3.3 on this machine
        if os.environ.get("ANTING_REQUIRE_GL") == "1":
            pytest.fail(f"GL tests need an OpenGL 3.3 context and none could be made: {exc}")
        pytest.skip(f"no OpenGL 3.3 context: {exc}")
    yield context
    context.release()


@pytest.fixture
def gl(_egl_context):
    """A current headless GL context (made current again after window tests)."""
    _egl_context.make_current()
    yield _egl_context


@pytest.fixture
def renderer(gl):
    from engine.render.renderer import Renderer
    r = Renderer()
    r.options.check_errors = True
    yield r
    r.release()
    from engine.gfx.gl import check_errors
    check_errors("renderer release")
