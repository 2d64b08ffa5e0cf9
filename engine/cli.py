"""Command-line interface: the only place that reads argv and the environment.

Each sub-command lives in `engine/commands/<name>.py` with two functions:
`register(subparsers)` adds its parser (cheap: no GL, no heavy imports) and
`run(args) -> int` does the work. Errors a person can fix are raised as
`engine.errors.UserError` and printed as `error: <where>: <what>` with exit code 2.
"""
from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import NoReturn

from engine.errors import UserError

# Order is the order shown by --help.
COMMANDS = (
    "view", "render", "bench", "inspect", "validate", "route", "sessions",
    "report", "simulate", "tour", "export", "build-assets", "serve", "loadtest",
)

DESCRIPTION = """\
Anting Venue: walk the 2nd World Metaverse Conference venue (Anting, Shanghai, 20-22 Sept 2023)
beside the Shanghai International Circuit, see what is on in each hall and get to the session you want.

Run with no command to open the viewer on the default venue scene."""


def _module_name(command: str) -> str:
    return "engine.commands." + command.replace("-", "_")


def _available_commands(only: str | None = None) -> list[tuple[str, ModuleType]]:
    found = []
    for name in COMMANDS if only is None else (only,):
        try:
            found.append((name, importlib.import_module(_module_name(name))))
        except ModuleNotFoundError as exc:
            if exc.name != _module_name(name):
                raise
    return found


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser: every command, or just `only` (each command's module is imported
    to register it, and some bring in heavy libraries: the viewer opens sooner without them)."""
    parser = argparse.ArgumentParser(
        prog="anting-venue", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for _name, module in _available_commands(only):
        module.register(sub)
    return parser


# A negative number, or a comma-separated list of numbers starting with one: "-3", "-.5", "-0.42,1.1,2e3".
_NUMBER = r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
NEGATIVE_VALUE = re.compile(rf"-(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?:\s*,\s*{_NUMBER})*")


def join_negative_values(parser: argparse.ArgumentParser, argv: Sequence[str]) -> list[str]:
    """`--eye -0.42,1.1,2` as `--eye=-0.42,1.1,2`: argparse takes a word starting with "-" for an
    option (it only knows plain "-5" and "-.5" as numbers), so a negative number given to an option
    that takes a value is joined to it, for every command. Words after `--` are left alone."""
    out: list[str] = []
    current = parser
    for i, word in enumerate(argv):
        if word == "--":
            return out + list(argv[i:])
        if out and NEGATIVE_VALUE.fullmatch(word) and _takes_value(current, out[-1]):
            out[-1] = f"{out[-1]}={word}"
            continue
        if current is parser and not word.startswith("-"):
            current = _subparser(parser, word) or current
        out.append(word)
    return out


def _takes_value(parser: argparse.ArgumentParser, word: str) -> bool:
    """Whether `word` is an option of `parser` (or a unique abbreviation of one) that takes a value
    and does not already have one."""
    if not word.startswith("-") or "=" in word or NEGATIVE_VALUE.fullmatch(word):
        return False
    actions = parser._option_string_actions
    action = actions.get(word)
    if action is None and word.startswith("--") and parser.allow_abbrev:
        matches = {a for name, a in actions.items() if name.startswith(word)}
        action = matches.pop() if len(matches) == 1 else None
    return action is not None and action.nargs != 0


def _subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser | None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices.get(name)
    return None


def _argparse_error(self: argparse.ArgumentParser, message: str) -> NoReturn:
    """argparse reports bad arguments in the project's `error: <where>: <what>` form."""
    raise UserError("arguments", message)


def choose_gl_platform(command: str | None, environ: dict[str, str] | None = None) -> None:
    """Pick PyOpenGL's platform before OpenGL is first imported.

    Headless commands and SDL's offscreen driver use EGL; a window on a desktop uses the
    platform's default (GLX, WGL, CGL) unless the user already chose one.
    """
    env = os.environ if environ is None else environ
    env.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    if "PYOPENGL_PLATFORM" in env:
        return
    headless = command not in (None, "view") or env.get("SDL_VIDEODRIVER") == "offscreen"
    if headless or (sys.platform.startswith("linux") and not env.get("DISPLAY")
                    and not env.get("WAYLAND_DISPLAY")):
        env["PYOPENGL_PLATFORM"] = "egl"
        env.setdefault("EGL_PLATFORM", "surfaceless")


def display_problem(environ: dict[str, str] | None = None) -> str | None:
    """Why a window cannot open here, or None. On Linux a window needs an X or Wayland display,
    unless SDL was told to draw offscreen (scripted runs and tests)."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux") or env.get("SDL_VIDEODRIVER"):
        return None
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return "no display to open a window on (DISPLAY and WAYLAND_DISPLAY are not set)"


def pictures_dir(environ: dict[str, str] | None = None, home: Path | None = None) -> Path:
    """Where screenshots go: the user's pictures folder (XDG_PICTURES_DIR, from the environment
    or ~/.config/user-dirs.dirs, else ~/Pictures), in an anting-venue folder."""
    env = os.environ if environ is None else environ
    home = home or Path.home()
    folder = env.get("XDG_PICTURES_DIR")
    if not folder:
        dirs = Path(env.get("XDG_CONFIG_HOME") or home / ".config") / "user-dirs.dirs"
        try:
            for line in dirs.read_text(encoding="utf-8").splitlines():
                key, _, value = line.partition("=")
                if key.strip() == "XDG_PICTURES_DIR":
                    folder = value.strip().strip('"').replace("$HOME", str(home))
        except (OSError, UnicodeDecodeError):
            folder = None
    return Path(folder or home / "Pictures") / "anting-venue"


def config_dir(environ: dict[str, str] | None = None) -> Path:
    """Where the user's own files (bookmarks) live: $ANTING_VENUE_CONFIG, else the XDG config folder."""
    env = os.environ if environ is None else environ
    if env.get("ANTING_VENUE_CONFIG"):
        return Path(env["ANTING_VENUE_CONFIG"])
    base = env.get("XDG_CONFIG_HOME") or (env.get("APPDATA") if sys.platform == "win32" else None)
    return Path(base) / "anting-venue" if base else Path.home() / ".config" / "anting-venue"


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    argparse.ArgumentParser.error = _argparse_error  # type: ignore[method-assign]
    try:
        if not args_list or (args_list[0].startswith("-") and args_list[0] not in ("-h", "--help")):
            args_list.insert(0, "view")
        parser = build_parser(args_list[0] if args_list[0] in COMMANDS else None)
        args = parser.parse_args(join_negative_values(parser, args_list))
        if args.command is None:
            args = parser.parse_args(["view"])
        choose_gl_platform(args.command)
        args.config_dir = config_dir()
        args.pictures_dir = pictures_dir()
        # Codes from the environment stay out of the process list (serve, loadtest, view --join).
        args.env_access_code = os.environ.get("ANTING_ACCESS_CODE")
        args.env_organizer_code = os.environ.get("ANTING_ORGANIZER_CODE")
        if args.command == "view":
            problem = display_problem()
            if problem:
                raise UserError("display", f"{problem}; headless commands: render, tour, report, bench")
        return int(args.func(args) or 0)
    except UserError as exc:
        print(f"error: {exc.where}: {exc.what}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (`| head`) went away: stop quietly, as command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
