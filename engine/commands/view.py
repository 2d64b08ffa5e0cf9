"""`view` (the default command): open the viewer window."""
from __future__ import annotations

import argparse
import difflib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from engine.app.keymap import KeyMap
from engine.app.language import add_lang_argument, apply_language
from engine.commands import common
from engine.errors import UserError
from engine.render.quality import Quality
from engine.venue import Venue

if TYPE_CHECKING:
    from engine.app.explore import ExploreOptions
    from engine.app.mode import Mode
    from engine.app.viewer import Viewer
    from engine.net.client import ClientOptions

DEFAULT_CROWD = 60

HELP = "open the 3D viewer (the default when no command is given)"


def register(subparsers) -> None:
    p = subparsers.add_parser("view", help=HELP, description=HELP + ". Press F1 in the window for keys.")
    common.add_path(p)
    p.add_argument("--mode", choices=("explore", "organizer", "kiosk"), default="explore",
                   help="explore: walk the venue (default); organizer: plan views and checks; "
                        "kiosk: unattended attract loop for booths")
    p.add_argument("--goto", metavar="ID", help="start at this hall, booth, experience or place")
    p.add_argument("--crowd", type=_crowd, default=DEFAULT_CROWD, metavar="N",
                   help="other attendees walking about (default 60, at most 1000)")
    p.add_argument("--name", default="You", help="the name tag over your avatar")
    p.add_argument("--color", type=_colour, default=(230, 90, 40), metavar="#RRGGBB",
                   help="your avatar's shirt colour (default #e65a28)")
    p.add_argument("--at", metavar="TIME", type=_time,
                   help='venue time to start at, e.g. "2023-09-21 14:30" or "14:30" (first day); '
                        "default: the scene's start time")
    p.add_argument("--schedule", metavar="FILE",
                   help="agenda to show (frab/pretalx .json or schedule.xml, or .ics); default: the scene's agenda")
    p.add_argument("--tz", metavar="ZONE",
                   help="time zone (an IANA name such as Europe/Paris) for the schedule's times that carry "
                        "none, after the zone the file names itself; default: the venue's, Asia/Shanghai")
    p.add_argument("--join", metavar="URL[,URL...]", type=_urls,
                   help="be there with the other remote attendees: a presence server's address, e.g. "
                        "ws://192.168.1.20:8765 (several, comma-separated: the next is tried if one fails)")
    p.add_argument("--access-code", metavar="CODE", help="the server's access code, if it has one "
                   "(or ANTING_ACCESS_CODE in the environment)")
    p.add_argument("--organizer-code", metavar="CODE", help="the server's organizer code: announce, mute and "
                   "remove people (or ANTING_ORGANIZER_CODE)")
    p.add_argument("--replay", metavar="DIR", help="organizer: replay the crowd flows of a `simulate --out` folder")
    p.add_argument("--reduced-motion", action="store_true",
                   help="going places teleports instead of walking (T toggles)")
    p.add_argument("--size", type=common.size, default=(1280, 720), metavar="WxH",
                   help="window size (default 1280x720)")
    p.add_argument("--quality", choices=[q.value for q in Quality], default=Quality.AUTO.value,
                   help="low: plain and fastest; medium: ambient occlusion, sun shadows, anti-aliasing; "
                        "high: sharper shadows and normal maps; auto (default): starts at medium and steps "
                        "features and resolution down or up to hold 30 fps on a CPU rasterizer, the "
                        "display's refresh rate on a GPU (F2 cycles them in the window)")
    p.add_argument("--fullscreen", action="store_true", help="start fullscreen (F11 toggles; kiosk default)")
    p.add_argument("--windowed", action="store_true", help="kiosk: stay in a window")
    p.add_argument("--kiosk-config", metavar="FILE",
                   help="kiosk settings (TOML): idle_seconds (default 90), quit_keys (default "
                        '"ctrl+shift+q"), crowd, controls_card_seconds')
    p.add_argument("--stats-every", type=common.positive_int, metavar="N",
                   help="print frame count, GL objects held and memory every N frames (soak runs)")
    p.add_argument("--frames", type=common.positive_int, default=None, metavar="N",
                   help="quit after N frames (for scripted runs)")
    add_lang_argument(p)
    p.set_defaults(func=run)


def _time(text: str):
    from engine.agenda.queries import parse_time
    try:
        return parse_time(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _urls(text: str) -> list[str]:
    from engine.net.client import parse_urls
    try:
        return parse_urls(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _crowd(text: str) -> int:
    value = common.count(text)
    if value > 1000:
        raise argparse.ArgumentTypeError(f"{value} attendees is more than the 1000 allowed")
    return value


def _colour(text: str) -> tuple[int, int, int]:
    m = re.fullmatch(r"#?([0-9a-fA-F]{6})", text.strip())
    if not m:
        raise argparse.ArgumentTypeError(f"{text!r} is not a colour like #e65a28")
    v = m.group(1)
    return int(v[0:2], 16), int(v[2:4], 16), int(v[4:6], 16)


ModeFactory = Callable[["Viewer"], "Mode"]


def mode_factory(args: argparse.Namespace, venue: Venue) -> tuple[ModeFactory, KeyMap]:
    """The mode the arguments ask for, and the key map it runs with; a plain model has no floor to
    walk, so it is looked at."""
    from engine.app.model_mode import ModelMode
    keymap = KeyMap.default()
    if not venue.halls:
        _refuse_model_options(args, venue)
        goto = args.goto
        return (lambda viewer: ModelMode(viewer, goto=goto)), keymap
    if args.mode == "organizer":
        from engine.app.organizer import OrganizerMode
        replay, presence = Path(args.replay) if args.replay else None, _presence(args)
        if replay is not None and not (replay / "trajectories.sqlite").is_file():   # before a window opens
            raise UserError(replay, "not a `simulate --out` folder: it has no trajectories.sqlite")
        return (lambda viewer: OrganizerMode(viewer, replay, presence)), keymap
    if args.replay:
        raise UserError("--replay", "a crowd-flow replay is shown in organizer mode: add --mode organizer")
    from engine.app.explore import ExploreMode
    from engine.app.kiosk_config import KioskConfig, load_kiosk_config
    kiosk = load_kiosk_config(Path(args.kiosk_config)) if args.kiosk_config else KioskConfig()
    options = _explore_options(args, venue)
    if args.mode == "kiosk":
        from engine.app.kiosk import KioskMode
        if args.join:
            raise UserError("--join", "a kiosk shows the venue to passers-by on its own; join from explore mode")
        options.crowd = kiosk.crowd if args.crowd == DEFAULT_CROWD else args.crowd
        # a visitor may change the quality level; left alone, the booth goes back to --quality
        return ((lambda viewer: KioskMode(viewer, kiosk, options, on_attract=viewer.quality.reset)),
                keymap.rebind("kiosk_quit", kiosk.quit_keys))
    return (lambda viewer: ExploreMode(viewer, options)), keymap


def _refuse_model_options(args: argparse.Namespace, venue: Venue) -> None:
    """A model has no halls: say so rather than quietly ignoring what asks for them. --goto names one
    of its waypoints (Hubs or OMI), if it has any."""
    if args.goto is not None:
        _check_goto(args.goto, list(venue.waypoints),
                    "this model has no waypoints to go to (see `inspect --json`)")
    if args.mode != "explore":
        raise UserError("--mode", f"{args.mode} mode needs a venue scene (.toml); a model opens with "
                                  "orbit and fly cameras")
    for option, value in (("--schedule", args.schedule), ("--kiosk-config", args.kiosk_config),
                          ("--join", args.join), ("--replay", args.replay)):
        if value:
            raise UserError(option, "this scene has no halls (it is a model, not a venue): open a venue scene "
                                    "(.toml) for an agenda, a kiosk tour or other attendees")


def _check_goto(goto: str, known: list[str], none: str) -> None:
    """Refuse an unknown --goto, with the closest ids (or `none` when there are no places at all)."""
    if goto in known:
        return
    if not known:
        raise UserError("--goto", none)
    close = difflib.get_close_matches(goto, known, n=5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UserError("--goto", f"unknown place {goto!r}{hint}")


def _explore_options(args: argparse.Namespace, venue: Venue) -> ExploreOptions:
    from engine.app.explore import ExploreOptions
    from engine.scene.material import srgb_to_linear
    if args.goto:
        _check_goto(args.goto, list(venue.waypoints) + list(venue.halls), "this scene has no places")
    schedule = None
    zone = common.time_zone(args.tz)
    if args.schedule:
        from engine.agenda.load import load_agenda
        schedule = Path(args.schedule)
        load_agenda(schedule, halls=venue.hall_names(), room_map=venue.room_map,   # refuse a bad file now
                    default_tz=zone)
    config = getattr(args, "config_dir", None)
    r, g, b = (float(srgb_to_linear(c / 255)) for c in args.color)
    return ExploreOptions(crowd=args.crowd, name=args.name, goto=args.goto, colour=(r, g, b),
                          reduced_motion=args.reduced_motion, at=args.at, schedule=schedule, tz=zone,
                          bookmarks=None if config is None else Path(config) / "bookmarks.json",
                          presence=_presence(args))


def _presence(args: argparse.Namespace) -> ClientOptions | None:
    if not args.join:
        return None
    from engine.net.client import ClientOptions
    from engine.net.protocol import clean_name
    colour = "#{:02x}{:02x}{:02x}".format(*args.color)
    return ClientOptions(args.join, clean_name(args.name), colour,
                         args.access_code or getattr(args, "env_access_code", None) or "",
                         args.organizer_code or getattr(args, "env_organizer_code", None) or "")


def run(args: argparse.Namespace) -> int:
    from engine.app.viewer import Viewer
    from engine.platform.window import Window
    from engine.venue import open_scene
    apply_language(args, os.environ)   # before the scene: names and screens are made in it
    venue = open_scene(args.path)
    common.warn(venue.scene.metadata.get("warnings", []))
    factory, keymap = mode_factory(args, venue)
    fullscreen = args.fullscreen or (args.mode == "kiosk" and not args.windowed)
    window = Window(args.size, "Anting Venue", fullscreen=fullscreen)
    viewer = Viewer(venue, window, keymap=keymap, mode_factory=factory,
                    screenshot_dir=getattr(args, "pictures_dir", None), quality=args.quality)
    try:
        if args.stats_every:
            _soak(viewer, args.frames, args.stats_every)
        else:
            viewer.run(max_frames=args.frames)
    finally:
        viewer.close()
    return 0


def _soak(viewer: Viewer, frames: int | None, every: int) -> None:
    """Run in chunks, printing what a leak would make grow: GL objects held and resident memory."""
    from engine.app.resources import resident_mb
    total = frames or 10 ** 9
    print("frame  gl_objects  rss_mb  errors")
    while viewer.running and viewer.frames < total:
        viewer.run(max_frames=min(viewer.frames + every, total))
        print(f"{viewer.frames:5d}  {viewer.renderer.object_count():10d}  {resident_mb():6.1f}  {viewer.errors:6d}",
              flush=True)
