"""Negative numbers as option values (`--eye -0.42,1.1,2.01`), for every command."""
from __future__ import annotations

import argparse

import pytest

from engine.cli import build_parser, join_negative_values, main


@pytest.fixture(scope="module")
def parser() -> argparse.ArgumentParser:
    return build_parser()


def _parse(parser, words):
    return parser.parse_args(join_negative_values(parser, words))


def test_render_eye_and_target_may_start_with_a_minus(parser):
    args = _parse(parser, ["render", "--out", "a.png", "--eye", "-0.42,1.1,2.01", "--target", "-1,-2,-3e1"])
    assert args.eye == (-0.42, 1.1, 2.01)
    assert args.target == (-1.0, -2.0, -30.0)


@pytest.mark.parametrize("words", [
    ["render", "--out", "a.png", "--eye=-1,2,3"],                 # already joined
    ["render", "--out", "a.png", "--ey", "-1,2,3"],               # an abbreviation argparse accepts
    ["render", "--out", "a.png", "--eye", "-1, 2, 3"],            # spaces after the commas, quoted
    ["render", "--out", "a.png", "--eye", "-.5e0,2,3"],
])
def test_other_spellings(parser, words):
    assert _parse(parser, words).eye[1:] == (2.0, 3.0)


def test_words_that_are_not_numbers_stay_options(parser):
    assert join_negative_values(parser, ["render", "--out", "-", "--size", "2x2"]) == \
        ["render", "--out", "-", "--size", "2x2"]
    assert join_negative_values(parser, ["render", "--all-views", "-1"]) == ["render", "--all-views", "-1"]
    assert join_negative_values(parser, ["render", "--eye", "--", "-1,2,3"]) == ["render", "--eye", "--", "-1,2,3"]


def test_every_option_that_takes_a_value_takes_a_negative_one(parser):
    """Each command's options: a value option is joined to a negative number, a flag never is."""
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    checked = 0
    for command, command_parser in sub.choices.items():
        for action in command_parser._actions:
            for option in action.option_strings:
                joined = join_negative_values(parser, [command, option, "-1"])
                assert joined == ([command, f"{option}=-1"] if action.nargs != 0 else [command, option, "-1"])
                checked += 1
    assert checked > 50


def test_a_bad_negative_value_is_reported_as_a_value(tmp_path, capsys):
    """The message is about the value, not "expected one argument"."""
    assert main(["render", "--out", str(tmp_path / "a.png"), "--eye", "-1,2"]) == 2
    err = capsys.readouterr().err
    assert "'-1,2' is not three finite numbers" in err and "expected one argument" not in err


def test_view_defaults_still_apply_with_negative_values(parser):
    args = _parse(parser, ["view", "--goto", "-1"])
    assert args.goto == "-1" and args.command == "view"
