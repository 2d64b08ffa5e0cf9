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
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import NoReturn

from engine.errors import UserError

# Order is the order shown by --help.
COMMANDS = (
    "view", "render", "bench", "inspect", "validate", "route", "sessions",
    "report", "simulate", "tour", "build-assets", "serve", "loadtest",
)

DESCRIPTION = """\
Anting Venue: walk the 2nd World Metaverse Conference venue (Anting, Shanghai, 20-22 Sept 2023)
beside the Shanghai International Circuit, see what is on in each hall and get to the session you want.

Run with no command to open the viewer on the default venue scene."""


def _module_name(command: str) -> str:
    return "engine.commands." + command.replace("-", "_")


def _available_commands() -> list[tuple[str, ModuleType]]:
    found = []
    for name in COMMANDS:
        try:
            found.append((name, importlib.import_module(_module_name(name))))
        except ModuleNotFoundError as exc:
            if exc.name != _module_name(name):
                raise
    return found


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="anting-venue", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for _name, module in _available_commands():
        module.register(sub)
    return parser


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
        parser = build_parser()
        if not args_list or (args_list[0].startswith("-") and args_list[0] not in ("-h", "--help")):
            args_list.insert(0, "view")
        args = parser.parse_args(args_list)
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
