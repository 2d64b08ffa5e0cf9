"""`view` (the default command): open the viewer window."""
from __future__ import annotations

import argparse

from engine.commands import common

HELP = "open the 3D viewer (the default when no command is given)"


def register(subparsers) -> None:
    p = subparsers.add_parser("view", help=HELP, description=HELP + ". Press F1 in the window for keys.")
    common.add_path(p)
    p.add_argument("--size", type=common.size, default=(1280, 720), metavar="WxH",
                   help="window size (default 1280x720)")
    p.add_argument("--fullscreen", action="store_true", help="start fullscreen (F11 toggles)")
    p.add_argument("--frames", type=common.positive_int, default=None, metavar="N",
                   help="quit after N frames (for scripted runs)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from engine.app.viewer import Viewer
    from engine.platform.window import Window
    from engine.venue import open_scene
    venue = open_scene(args.path)
    common.warn(venue.scene.metadata.get("warnings", []))
    window = Window(args.size, "Anting Venue", fullscreen=args.fullscreen)
    viewer = Viewer(venue, window)
    try:
        viewer.run(max_frames=args.frames)
    finally:
        viewer.close()
    return 0
