"""`tour`: render the attract tour (every hall, then a lap of the circuit) to PNG frames and an MP4."""
from __future__ import annotations

import argparse
import math
import os
import sys
import time
from pathlib import Path

from engine.app.language import add_lang_argument, apply_language
from engine.commands import common
from engine.errors import UserError
from engine.render.quality import Quality

HELP = "render the attract tour (every hall, then a lap of the circuit) to PNG frames, no display needed"
OWNED = ("frame-*.png", "tour.mp4")
VIDEO_HINT = ('for an MP4 too, install the video extra: pip install "imageio>=2.31" "imageio-ffmpeg>=0.4" '
              '(or pip install -e ".[video]")')


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "tour", help=HELP, description=HELP + ". Frames are spread evenly over the whole tour, or taken "
        "at --fps from --start; the folder is written whole or not at all. With imageio and imageio-ffmpeg "
        "installed (the `video` extra) the frames are also joined into DIR/tour.mp4.")
    common.add_path(p)
    p.add_argument("--out", required=True, metavar="DIR", help="folder for frame-00001.png ... (and tour.mp4)")
    p.add_argument("--frames", type=common.positive_int, default=None, metavar="N",
                   help="number of frames (default: 120 spread over the tour; with --fps: the whole tour)")
    p.add_argument("--fps", type=common.number(0.1, 240.0, "frames per second"), default=None, metavar="F",
                   help="take frames every 1/F seconds of tour time, as a video would (e.g. 30)")
    p.add_argument("--start", type=common.number(0.0, 1e6, "seconds"), default=0.0, metavar="SECONDS",
                   help="with --fps: tour time of the first frame (default 0)")
    p.add_argument("--size", type=common.size, default=(1280, 720), metavar="WxH",
                   help="frame size in pixels (default 1280x720)")
    p.add_argument("--samples", type=int, default=None, choices=(0, 2, 4, 8),
                   help="multisample anti-aliasing samples (default: 4 on a GPU, none on a software "
                        "rasterizer, where it would cost most of the frame)")
    p.add_argument("--quality", choices=[q.value for q in Quality], default=Quality.MEDIUM.value,
                   help="low: plain and fastest; medium (default): ambient occlusion, sun shadows, "
                        "anti-aliasing; high: sharper shadows and normal maps; auto: as medium (frames "
                        "written to files have no frame rate to hold)")
    p.add_argument("--no-video", action="store_true", help="write PNG frames only")
    add_lang_argument(p)
    p.set_defaults(func=run)


def frame_times(duration: float, frames: int | None, fps: float | None, start: float = 0.0) -> list[float]:
    """Tour times to render: `frames` spread over 0..duration, or every 1/fps from `start`."""
    if fps is None:
        n = frames or 120
        return [duration * i / (n - 1) for i in range(n)] if n > 1 else [0.0]
    if start > duration:
        raise UserError("--start", f"{start:g} s is after the tour's end ({duration:.1f} s)")
    n = int(math.floor((duration - start) * fps + 1e-9)) + 1
    if frames is not None:
        n = min(n, frames)
    return [start + i / fps for i in range(n)]


class TourHud:
    """The tour's 2D layers: the caption (bottom left) and the lap timer (top right), drawn by
    engine.ui.text and cached by their text. Frames under MIN_HEIGHT pixels (thumbnails) get none."""

    MIN_HEIGHT = 160

    def __init__(self, width: int, height: int, venue=None) -> None:
        """`venue`: where captions are looked up in the current language (else the tour's own words)."""
        self.width, self.height = width, height
        self.venue = venue
        self.size = max(11, round(height / 42))
        self.margin = max(8, round(height / 36))
        self._cache: dict[tuple, object] = {}

    def _image(self, kind: str, title: str, rows: tuple[str, ...]):
        from engine.ui import text
        key = (kind, title, rows)
        img = self._cache.get(key)
        if img is None:
            if len(self._cache) > 64:
                self._cache.clear()
            img = text.panel([[(r, (225, 232, 240, 255))] for r in rows], size=self.size, title=title,
                             padding=max(8, self.size // 2))
            self._cache[key] = img
        return key, img

    def layers(self, frame) -> list:
        from engine.i18n import _
        from engine.render.overlay import OverlayImage
        from engine.tour import format_lap_time
        from engine.ui.captions import tour_caption
        out: list[OverlayImage] = []
        if self.height < self.MIN_HEIGHT:
            return out
        caption = tour_caption(frame, self.venue) if self.venue is not None else frame.caption
        if caption and frame.caption_opacity > 0.01:
            key, img = self._image("caption", caption[0], tuple(caption[1:]))
            out.append(OverlayImage(f"tour-caption-{hash(key)}", img, self.margin,
                                    self.height - self.margin - img.shape[0], opacity=frame.caption_opacity))
        if frame.lap_time is not None:
            rows = []
            if frame.turn is not None:
                rows.append(_("Turn {number}").format(number=frame.turn))
            if frame.speed_kmh is not None:
                rows.append(f"{frame.speed_kmh:5.0f} km/h")
            # the timer ticks every frame: draw it in tenths so its panel keeps one width
            lap = format_lap_time(frame.lap_time)[:-2]
            # Translators: the lap timer's heading, before the time
            key, img = self._image("lap", _("LAP  {time}").format(time=lap), tuple(rows))
            out.append(OverlayImage(f"tour-lap-{hash(key)}", img, self.width - self.margin - img.shape[1],
                                    self.margin))
        return out


def _video_writer(path: Path, fps: float):
    """An imageio MP4 writer, or None when imageio / imageio-ffmpeg are not installed."""
    try:
        import imageio.v2 as imageio
        import imageio_ffmpeg  # noqa: F401
    except ImportError:
        return None
    return imageio.get_writer(str(path), fps=fps, codec="libx264", quality=8, macro_block_size=2,
                              ffmpeg_log_level="error")


def _save_png(image, path: Path) -> None:
    from PIL import Image
    Image.fromarray(image).save(path, format="PNG", compress_level=1)


def run(args: argparse.Namespace) -> int:
    from concurrent.futures import ThreadPoolExecutor

    from tqdm import tqdm

    from engine.commands.outdir import check_target, staged_folder
    from engine.render.headless import Headless
    from engine.render.quality import settings_for
    from engine.scene.graph import make_batch
    from engine.tour import Tour
    from engine.tour.car import car_matrix, car_mesh
    from engine.venue import open_scene

    apply_language(args, os.environ)   # before the scene: names and screens are made in it
    out = check_target(Path(args.out), OWNED)     # before any slow work
    venue = open_scene(args.path)
    common.warn(venue.scene.metadata.get("warnings", []))
    try:
        tour = Tour(venue)
    except ValueError as exc:
        raise UserError(args.path or "scene", f"cannot make a tour: {exc}") from None
    times = frame_times(tour.duration, args.frames, args.fps, args.start)
    width, height = args.size
    digits = max(5, len(str(len(times))))
    video_fps = args.fps or 30.0
    car = car_mesh()
    made_video = False
    with staged_folder(out, OWNED) as stage:
        writer = None if args.no_video else _video_writer(stage / "tour.mp4", video_fps)
        try:
            # PNG compression runs beside the drawing of the next frame (zlib lets go of the GIL).
            with Headless(width, height, samples=args.samples) as gl, ThreadPoolExecutor(1) as saver:
                gl.renderer.set_quality(settings_for(args.quality))
                hud = TourHud(width, height, venue)
                pending: list = []
                started = time.perf_counter()
                for i, t in enumerate(tqdm(times, desc="tour", unit="frame", file=sys.stderr)):
                    frame = tour.at(t)
                    dynamic = [make_batch(car, [car_matrix(*frame.car)])] if frame.car else []
                    image = gl.render(venue.scene, frame.camera(), overlays=hud.layers(frame), dynamic=dynamic)
                    path = stage / f"frame-{i + 1:0{digits}d}.png"
                    pending.append(saver.submit(_save_png, image[..., :3], path))
                    if len(pending) > 2:            # at most two frames waiting: memory stays flat
                        pending.pop(0).result()
                    if writer is not None:
                        writer.append_data(image[..., :3])
                for job in pending:
                    job.result()
                elapsed = time.perf_counter() - started
        finally:
            if writer is not None:
                writer.close()
                made_video = True
    lap = f", lap {tour.lap.lap_time:.1f} s" if tour.lap else ""
    print(f"wrote {len(times)} frames to {out}/ ({width}x{height} at {settings_for(args.quality).level} quality; "
          f"tour {tour.duration:.1f} s, "
          f"{len(tour.hall_order)} halls{lap})")
    if made_video:
        print(f"wrote {out / 'tour.mp4'} ({video_fps:g} fps)")
    elif not args.no_video:
        print(f"no MP4: {VIDEO_HINT}")
    print(f"rendered at {len(times) / max(elapsed, 1e-9):.1f} fps (PNG writing included)")
    return 0
