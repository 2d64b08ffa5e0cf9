"""`render`: write a picture of a scene with no display."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from engine.commands import common
from engine.errors import UserError
from engine.fileio import write_png

HELP = "render a picture of the scene to a PNG file (no display needed)"


def register(subparsers) -> None:
    p = subparsers.add_parser("render", help=HELP, description=HELP + ". Without --eye or --view, "
                              "the camera frames the whole scene (a model) or shows the spawn (a venue).")
    common.add_path(p)
    p.add_argument("--out", required=True, metavar="FILE.png",
                   help="where to write the PNG (with --all-views: a folder)")
    p.add_argument("--size", type=common.size, default=(1280, 720), metavar="WxH",
                   help="picture size in pixels (default 1280x720)")
    p.add_argument("--eye", type=common.vec3, metavar="X,Y,Z", help="camera position in metres")
    p.add_argument("--target", type=common.vec3, metavar="X,Y,Z",
                   help="point the camera looks at (default: the scene's centre)")
    p.add_argument("--fov", type=common.fov, default=None, metavar="DEG",
                   help="vertical field of view in degrees (default 50)")
    p.add_argument("--view", metavar="ID", help="a named waypoint's view (see `inspect --json`)")
    p.add_argument("--samples", type=int, default=4, choices=(0, 2, 4, 8),
                   help="multisample anti-aliasing samples (default 4)")
    p.add_argument("--all-views", action="store_true",
                   help="render every named view to OUT/<id>.png (OUT is then a folder, written whole)")
    p.set_defaults(func=run)


def camera_for(venue, args, aspect: float):
    """The camera the arguments ask for: --view, --eye/--target, or a framing of the scene."""
    import numpy as np

    from engine.scene.camera import Camera
    fov = args.fov or 50.0
    common.check_camera(args.eye, args.target)
    if args.view and (args.eye is not None or args.target is not None):
        raise UserError("--view", "a named view has its own eye and target: leave out --eye and --target")
    if args.view:
        cam = venue.view_camera(args.view, fov_y=fov)
    elif args.eye is not None:
        target = args.target if args.target is not None else venue.scene.bounds().mean(axis=0)
        cam = Camera(args.eye, target, fov_y=fov, near=0.05, far=10000.0)
        common.check_camera(tuple(cam.eye), tuple(cam.target))
    else:
        cam = venue.default_camera(aspect, fov_y=fov)
        if args.target is not None:
            common.check_camera(tuple(cam.eye), args.target)
            cam.target = np.asarray(args.target, dtype=np.float64)
    return cam


def run(args: argparse.Namespace) -> int:
    from engine.render.headless import Headless
    from engine.venue import open_scene
    if args.all_views:
        return run_all_views(args)
    out = Path(args.out)
    if out.suffix.lower() != ".png":
        raise UserError(out, "the output must be a .png file")
    venue = open_scene(args.path)
    common.warn(venue.scene.metadata.get("warnings", []))
    width, height = args.size
    camera = camera_for(venue, args, width / height)
    with Headless(width, height, samples=args.samples) as gl:
        image = gl.render(venue.scene, camera)
    write_png(image, out)
    print(f"wrote {out} ({width}x{height})")
    return 0


def run_all_views(args: argparse.Namespace) -> int:
    """Every waypoint's view to OUT/<id>.png; the folder appears only when all are written."""
    from PIL import Image
    from tqdm import tqdm

    from engine.commands.outdir import check_target, staged_folder
    from engine.render.headless import Headless
    from engine.venue import open_scene
    if args.view or args.eye is not None or args.target is not None:
        raise UserError("--all-views", "renders every named view: leave out --view, --eye and --target")
    out = check_target(Path(args.out), ("*.png",))
    venue = open_scene(args.path)
    common.warn(venue.scene.metadata.get("warnings", []))
    if not venue.waypoints:
        raise UserError(args.path or "scene", "this scene has no named views to render")
    width, height = args.size
    with staged_folder(out, ("*.png",)) as stage, Headless(width, height, samples=args.samples) as gl:
        for view_id in tqdm(list(venue.waypoints), desc="views", unit="view", file=sys.stderr):
            image = gl.render(venue.scene, venue.view_camera(view_id, fov_y=args.fov or 50.0))
            Image.fromarray(image[..., :3]).save(stage / f"{view_id}.png", format="PNG")
    print(f"wrote {len(venue.waypoints)} views to {out}/ ({width}x{height})")
    return 0
