"""Shared fixtures. GL tests run on whatever EGL offers (Mesa llvmpipe in CI).

The environment is set before anything imports OpenGL or pygame: EGL for PyOpenGL and SDL's
offscreen driver for windows. In CI (ANTING_REQUIRE_GL=1) a missing GL context fails the run
instead of skipping, so GL tests cannot silently disappear; there any other skip fails too.

Every renderer made during the session checks glGetError after each frame (engine.gfx.gl.Debug),
including the ones the CLI commands make when a test runs them in-process.
"""
from __future__ import annotations

import copy
import os
import sys
from pathlib import Path

os.environ.setdefault("PYOPENGL_PLATFORM", "egl")
os.environ.setdefault("EGL_PLATFORM", "surfaceless")
os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

IN_CI = os.environ.get("ANTING_REQUIRE_GL") == "1"

# Property-based tests (tests/test_fuzz_*.py). `ci`, the default, is a fixed, reproducible budget that
# keeps the whole Hypothesis part within a minute on a 2-core machine; `--hypothesis-profile=long` runs
# 10,000 examples a parser with fresh random inputs. Neither keeps a database (nothing is written
# beside the tests), and neither has a deadline: examples are bounded by tests/fuzzing.py's guards.
_FUZZ = dict(deadline=None, database=None, print_blob=True,
             suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                    HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much])
settings.register_profile("ci", max_examples=200, derandomize=True, **_FUZZ)
settings.register_profile("long", max_examples=10_000, **_FUZZ)
settings.load_profile("ci")


def pytest_configure(config: pytest.Config) -> None:
    # Before any test module is imported and before any renderer exists.
    try:
        from engine.gfx.gl import Debug
    except Exception as exc:  # no OpenGL library at all: the GL tests skip (or fail in CI) on their own
        if IN_CI:
            raise pytest.UsageError(f"cannot import OpenGL to turn on GL error checks: {exc}") from exc
        return
    Debug.check_errors = True


def pytest_report_header(config: pytest.Config) -> str:
    """Which GL the GL tests draw with (llvmpipe in CI), at the top of the report."""
    try:
        from engine.gfx.gl import Debug, gl_version
        from engine.platform.egl import EglContext
        context = EglContext()
        try:
            _, _, version, renderer = gl_version()
        finally:
            context.release()
    except Exception as exc:
        return f"GL: no OpenGL 3.3 context ({exc})"
    return f"GL: {renderer}, OpenGL {version}; glGetError after every frame: {Debug.check_errors}"


# ------------------------------------------------------------------------------------ no skips in CI
def _fail_skips_in_ci(report) -> None:
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where nothing may skip (ANTING_REQUIRE_GL=1): {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    _fail_skips_in_ci(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    _fail_skips_in_ci(outcome.get_result())


# ---------------------------------------------------------------------------------------------- GL
@pytest.fixture(scope="session")
def _egl_context():
    try:
        from engine.platform.egl import EglContext
        context = EglContext()
    except Exception as exc:  # no EGL or no GL 3.3 on this machine
        if IN_CI:
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
    assert r.options.check_errors, "GL error checks are off: conftest's pytest_configure sets them for all"
    yield r
    r.release()
    from engine.gfx.gl import check_errors
    check_errors("renderer release")


# ------------------------------------------------------------------------------------- the venue
_SESSION_VENUE: list = []   # [(venue, fingerprint when opened)] once the session fixture has run


def _fingerprint(venue) -> tuple:
    return (venue.scene.version, len(venue.scene.root.children), tuple(venue.waypoints), tuple(venue.halls))


@pytest.fixture(scope="session")
def venue():
    """The default venue (scenes/anting.toml), opened once for the whole session. Read it, never change
    it: a test that changes the venue (door screens, added nodes) takes `own_venue` instead."""
    from engine.venue import open_scene
    opened = open_scene(None)
    _SESSION_VENUE.append((opened, _fingerprint(opened)))
    return opened


@pytest.fixture
def own_venue(venue):
    """A private deep copy of the default venue for a test that changes it (about 30 ms; opening the
    scene file again takes ten times that). Meshes shared by several nodes stay shared in the copy."""
    return copy.deepcopy(venue)


@pytest.fixture(autouse=True)
def _session_venue_unchanged():
    """Fail the test that changed the session's venue, and put the venue back for the tests after it."""
    yield
    for opened, fingerprint in _SESSION_VENUE:
        if _fingerprint(opened) != fingerprint:
            from engine.venue import open_scene
            vars(opened).clear()
            vars(opened).update(vars(open_scene(None)))
            pytest.fail("this test changed the session's `venue` fixture; a test that changes it takes `own_venue`",
                        pytrace=False)
