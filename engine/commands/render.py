"""`render`: write a picture of a scene with no display."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from engine.app.language import add_lang_argument, apply_language
from engine.commands import common
from engine.errors import UserError
from engine.fileio import check_output_file, write_png
from engine.render.quality import Quality

SAMPLES = (0, 2, 4, 8)
if TYPE_CHECKING:
    from engine.render.headless import Headless

QUALITY_CHOICES = [q.value for q in Quality]
HELP = "render a picture of the scene to a PNG file (no display needed)"


def register(subparsers) -> None:
    p = subparsers.add_parser("render", help=HELP, description=HELP + ". Without --eye or --view, "
                              "the camera frames the whole scene (a model) or shows the spawn (a venue).")
    common.add_path(p)
    p.add_argument("--out", required=True, metavar="FILE.png",
                   help="where to write the PNG, - for standard output (with --all-views: a folder)")
    p.add_argument("--size", type=common.size, default=(1280, 720), metavar="WxH",
                   help="picture size in pixels (default 1280x720)")
    p.add_argument("--eye", type=common.vec3, metavar="X,Y,Z", help="camera position in metres")
    p.add_argument("--target", type=common.vec3, metavar="X,Y,Z",
                   help="point the camera looks at (default: the scene's centre)")
    p.add_argument("--fov", type=common.fov, default=None, metavar="DEG",
                   help="vertical field of view in degrees (default 50)")
    p.add_argument("--view", metavar="ID", help="a named waypoint's view (see `inspect --json`)")
    p.add_argument("--samples", type=int, default=4, choices=SAMPLES,
                   help="multisample anti-aliasing samples (default 4)")
    p.add_argument("--all-views", action="store_true",
                   help="render every named view to OUT/<id>.png (OUT is then a folder, written whole)")
    p.add_argument("--quality", choices=QUALITY_CHOICES, default="low",
                   help="lighting and anti-aliasing: low (plain, fastest), medium (ambient occlusion, sun "
                        "shadows, anti-aliasing), high (finer shadows, normal maps); auto means medium here "
                        "(default low)")
    add_lang_argument(p)
    p.set_defaults(func=run)


def camera_for(venue, args, aspect: float):
    """The camera the arguments ask for: --view, --eye/--target, or a framing of the scene."""
    import numpy as np

    from engine.scene.camera import Camera
    fov = args.fov or 50.0
    common.check_camera(args.eye, args.target)
    if args.view is not None and (args.eye is not None or args.target is not None):
        raise UserError("--view", "a named view has its own eye and target: leave out --eye and --target")
    if args.view is not None:   # an empty --view "" is an unknown view, not "no view"
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
    from engine.venue import open_scene
    apply_language(args, os.environ)   # before the scene: names and screens are made in it
    if args.all_views:
        return run_all_views(args)
    out = Path(args.out)
    to_stdout = args.out == "-"
    if not to_stdout and out.suffix.lower() != ".png":
        raise UserError(out, "the output must be a .png file")
    if not to_stdout:
        check_output_file(out)   # before the slow work: a link or a device there is refused anyway
    venue = open_scene(args.path)
    common.warn(venue.scene.metadata.get("warnings", []))
    width, height = args.size
    camera = camera_for(venue, args, width / height)
    with headless(width, height, args.samples, args.quality) as gl:
        image = gl.render(venue.scene, camera)
    write_png(image, out)
    print(f"wrote {'standard output' if to_stdout else out} ({width}x{height})",
          file=sys.stderr if to_stdout else sys.stdout)
    return 0


def headless(width: int, height: int, samples: int, quality: str = "low") -> Headless:
    """A headless renderer at a quality level; a sample count the driver does not offer is named as
    the problem (the framebuffer's failure alone would look like a bad --size)."""
    from engine.render.headless import Headless
    from engine.render.quality import settings_for
    try:
        gl = Headless(width, height, samples=samples)
        gl.renderer.set_quality(settings_for(quality))
        return gl
    except UserError as exc:
        if samples <= 1 or exc.where != "--size":
            raise
        most = max_samples()
        if samples <= most:
            raise
        raise UserError("--samples", f"{samples} samples is more than this driver offers (at most {most}); "
                                     f"use --samples {max((c for c in SAMPLES if c <= most), default=0)}") from None


def max_samples() -> int:
    """GL_MAX_SAMPLES of the headless driver (4 on Mesa llvmpipe)."""
    from engine.gfx.gl import GL
    from engine.platform.egl import EglContext
    context = EglContext()
    try:
        return int(GL.glGetIntegerv(GL.GL_MAX_SAMPLES))
    finally:
        context.release()


def run_all_views(args: argparse.Namespace) -> int:
    """Every waypoint's view to OUT/<id>.png; the folder appears only when all are written."""
    from PIL import Image
    from tqdm import tqdm

    from engine.commands.outdir import check_target, staged_folder
    from engine.venue import open_scene
    if args.view is not None or args.eye is not None or args.target is not None:
        raise UserError("--all-views", "renders every named view: leave out --view, --eye and --target")
    out = check_target(Path(args.out), ("*.png",))
    venue = open_scene(args.path)
    common.warn(venue.scene.metadata.get("warnings", []))
    if not venue.waypoints:
        raise UserError(args.path or "scene", "this scene has no named views to render")
    width, height = args.size
    with staged_folder(out, ("*.png",)) as stage, headless(width, height, args.samples, args.quality) as gl:
        for view_id in tqdm(list(venue.waypoints), desc="views", unit="view", file=sys.stderr):
            image = gl.render(venue.scene, venue.view_camera(view_id, fov_y=args.fov or 50.0))
            Image.fromarray(image[..., :3]).save(stage / f"{view_id}.png", format="PNG")
    print(f"wrote {len(venue.waypoints)} views to {out}/ ({width}x{height})")
    return 0
