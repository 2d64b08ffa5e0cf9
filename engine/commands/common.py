"""Argument parsing shared by the commands: sizes, vectors, the scene PATH."""
from __future__ import annotations

import argparse
import math
import re
import sys

from engine.errors import UserError

MAX_SIDE = 16384  # the largest framebuffer side drivers commonly allow
MAX_COORD = 1e6  # metres: a camera 1,000 km out sees nothing of a venue


def size(text: str) -> tuple[int, int]:
    """'1280x720' -> (1280, 720), each side 1..16384."""
    m = re.fullmatch(r"\s*(\d{1,6})\s*[xX×]\s*(\d{1,6})\s*", text)
    if not m:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size like 1280x720")
    w, h = int(m.group(1)), int(m.group(2))
    if not (1 <= w <= MAX_SIDE and 1 <= h <= MAX_SIDE):
        raise argparse.ArgumentTypeError(f"{w}x{h} is outside 1x1 .. {MAX_SIDE}x{MAX_SIDE}")
    return w, h


def vec3(text: str) -> tuple[float, float, float]:
    """'1,2.5,-3' -> (1.0, 2.5, -3.0), finite numbers only."""
    parts = text.split(",")
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        values = ()
    if len(values) != 3 or not all(math.isfinite(v) for v in values):
        raise argparse.ArgumentTypeError(f"{text!r} is not three finite numbers like 10,2,-5")
    if any(abs(v) > MAX_COORD for v in values):
        # Past float32's comfortable range the camera matrices overflow and the picture is noise.
        raise argparse.ArgumentTypeError(f"{text!r} is more than {MAX_COORD:,.0f} m from the origin")
    x, y, z = values
    return x, y, z


MAX_WHOLE = 10**9   # no count the commands take comes near; past it, a typo (or 400 digits) is refused


def whole_number(lo: int, hi: int = MAX_WHOLE):
    """An argparse type: a whole number in lo..hi ("00" included)."""
    def parse(text: str) -> int:
        try:
            value = int(text) if len(text) <= 40 else None   # int() of thousands of digits is slow, then refused
        except ValueError:
            value = None
        if value is None:
            raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a whole number")
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"{value} is outside {lo:,}..{hi:,}")
        return value
    return parse


positive_int = whole_number(1)
count = whole_number(0)   # a number of things, none included


def number(lo: float, hi: float, unit: str = ""):
    """An argparse type: a finite number in lo..hi (unit names it in messages)."""
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a number") from None
        if not (math.isfinite(value) and lo <= value <= hi):
            raise argparse.ArgumentTypeError(f"{value:g} {unit} is outside {lo:g}..{hi:g}".replace("  ", " "))
        return value
    return parse


fov = number(1.0, 170.0, "degrees")


def add_path(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", metavar="PATH",
                        help="a scene file (.toml) or a model (.glb, .gltf, .obj, .ply, .stl); "
                             "default: the Anting venue")


def warn(messages: list[str]) -> None:
    for message in messages:
        print(f"warning: {message}", file=sys.stderr)


def check_camera(eye, target) -> None:
    if eye is not None and target is not None and all(abs(a - b) < 1e-9 for a, b in zip(eye, target)):
        raise UserError("--eye", "the eye is at the target: the camera would look nowhere")


def time_zone(name: str | None):
    """The zone `--tz` names (None: the venue's); an unknown name is the option's error."""
    from engine.agenda.frab import zone_named
    from engine.agenda.model import VENUE_TZ
    if name is None:
        return VENUE_TZ
    zone = zone_named(name)
    if zone is None:
        raise UserError("--tz", f"unknown time zone {name[:64]!r}; use an IANA name such as Europe/Paris")
    return zone
