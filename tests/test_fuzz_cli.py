"""Property-based tests of the command line's number and size arguments: any text gives a value within
the documented bounds or `error: <where>: <what>` on one line with exit code 2, and nothing is written."""
from __future__ import annotations

import argparse
import math

import pytest
from fuzzing import result_or_user_error
from hypothesis import example, given
from hypothesis import strategies as st

from engine.cli import _argparse_error, build_parser, main
from engine.commands import common
from engine.errors import UserError

NUMBERISH = st.text(st.sampled_from("0123456789.,-+eExX×naifNI _\t"), max_size=24)
ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=30) | st.sampled_from(
    ["", "1e308,1e308", "1e308", "-0", "nan", "inf,0", "16385x1", "0x0", "9" * 400, "1x1", "\udcff", "1,2"])
ARG = NUMBERISH | ANY_TEXT


@pytest.fixture(autouse=True)
def _argparse_errors_are_user_errors(monkeypatch):
    """As main() does: argparse reports bad arguments as UserError instead of exiting."""
    monkeypatch.setattr(argparse.ArgumentParser, "error", _argparse_error)


def _parse(*argv: str) -> argparse.Namespace | UserError:
    out = result_or_user_error(lambda: build_parser().parse_args(list(argv)), argparse.ArgumentTypeError)
    assert isinstance(out, (argparse.Namespace, UserError)), out
    return out


@given(size=ARG, eye=ARG, target=ARG, fov=ARG, samples=ARG)
@example(size="16384x16384", eye="1e6,0,0", target="0,0,0", fov="170", samples="8")
def test_render_arguments_are_in_bounds_or_refused(size, eye, target, fov, samples):
    args = _parse("render", "--out", "x.png", "--size", size, "--eye", eye, "--target", target, "--fov", fov,
                  "--samples", samples)
    if isinstance(args, argparse.Namespace):
        w, h = args.size
        assert 1 <= w <= common.MAX_SIDE and 1 <= h <= common.MAX_SIDE
        for vec in (args.eye, args.target):
            assert all(math.isfinite(v) and abs(v) <= common.MAX_COORD for v in vec)
        assert 1.0 <= args.fov <= 170.0 and args.samples in (0, 2, 4, 8)


@given(size=ARG, frames=ARG, orbit=ARG, crowd=ARG, view=ARG)
@example(size="1x1", frames="1", orbit="1e308,1e308", crowd="1000", view="")
def test_bench_arguments_are_in_bounds_or_refused(size, frames, orbit, crowd, view):
    args = _parse("bench", "--size", size, "--frames", frames, "--orbit", orbit, "--crowd", crowd, "--view", view)
    if isinstance(args, argparse.Namespace):
        r, h = args.orbit
        assert 0 < r <= common.MAX_COORD and abs(h) <= common.MAX_COORD
        assert 1 <= args.frames <= 100_000 and 0 <= args.crowd <= 1000


@given(size=ARG, frames=ARG)
def test_tour_arguments_are_in_bounds_or_refused(size, frames):
    args = _parse("tour", "--out", "frames", "--size", size, "--frames", frames)
    if isinstance(args, argparse.Namespace):
        assert args.frames >= 1 and min(args.size) >= 1 and max(args.size) <= common.MAX_SIDE


@given(option=st.sampled_from(["--size", "--eye", "--target", "--fov", "--samples"]), value=ARG)
def test_a_bad_argument_is_one_error_line_and_writes_nothing(tmp_path_factory, capsys, option, value):
    """Through main(): exit 2, one `error:` line, no traceback; the run stops before writing (the
    output is not a .png, so even good arguments stop there)."""
    folder = tmp_path_factory.mktemp("cli")
    code = main(["render", "--out", str(folder / "x.txt"), option, value])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error: ") and err.count("\n") == 1 and "\r" not in err, err
    assert not any(folder.iterdir())
