"""`bench`: frame times on the benchmark orbit, colour read back every frame."""
from __future__ import annotations

import argparse
import math
import subprocess
import sys
import time
from pathlib import Path

from engine.commands import common
from engine.errors import UserError
from engine.render.quality import Quality

QUALITY_CHOICES = [q.value for q in Quality]
HELP = "measure frames per second on the benchmark camera path, headless"
MAX_FRAMES = 100_000   # an hour at 30 fps: more is a typo, not a benchmark
REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "bench" / "bench_reference.py"


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "bench", help=HELP, description=HELP + ". The camera orbits the origin as in "
        "shared/bench/README.md: eye = (R cos a, H, R sin a), target (0,0,0), vertical fov 1 rad, "
        "near 0.1 m, far 2000 m; with --view it stays at a named waypoint. The last line is `fps: N`.")
    common.add_path(p)
    p.add_argument("--size", type=common.size, default=(1280, 720), metavar="WxH",
                   help="frame size (default 1280x720)")
    p.add_argument("--frames", type=common.whole_number(1, MAX_FRAMES), default=120, metavar="N",
                   help=f"frames to time (default 120, at most {MAX_FRAMES:,})")
    p.add_argument("--orbit", type=_orbit, default=(250.0, 60.0), metavar="R,H",
                   help="orbit radius and height in metres (default 250,60)")
    p.add_argument("--view", metavar="ID", help="time a fixed view from this waypoint instead")
    p.add_argument("--crowd", type=_crowd_size, default=0, metavar="N",
                   help="also simulate and draw N attendees walking about a venue (default 0, at most 1000)")
    p.add_argument("--remote", type=_crowd_size, default=0, metavar="N",
                   help="also draw N remote attendees as a viewer that joined a server gets them: 30 updates "
                        "a second, smoothed, with name tags (default 0, at most 1000)")
    p.add_argument("--reference", action="store_true",
                   help="also run shared/bench/bench_reference.py on the same file and print the ratio")
    p.add_argument("--quality", choices=QUALITY_CHOICES, default="low",
                   help="lighting and anti-aliasing: low (plain, fastest), medium (ambient occlusion, sun "
                        "shadows, anti-aliasing), high (finer shadows, normal maps); auto means medium here "
                        "(default low)")
    p.set_defaults(func=run)


def _orbit(text: str) -> tuple[float, float]:
    try:
        r, h = (float(x) for x in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not R,H like 250,60") from None
    if not (math.isfinite(r) and math.isfinite(h) and r > 0):
        raise argparse.ArgumentTypeError(f"{text!r}: the radius must be a positive number")
    if r > common.MAX_COORD or abs(h) > common.MAX_COORD:
        # Past this the camera matrices overflow float32 (numpy warns, and the picture is noise).
        raise argparse.ArgumentTypeError(f"{text!r}: radius and height must be within {common.MAX_COORD:,.0f} m")
    return r, h


def _crowd_size(text: str) -> int:
    """As `view --crowd`: a negative count was silently read as none, a huge one would run out of memory."""
    value = common.count(text)
    if value > 1000:
        raise argparse.ArgumentTypeError(f"{value} attendees is more than the 1000 allowed")
    return value


def orbit_camera(i: int, frames: int, radius: float, height: float):
    from engine.scene.camera import Camera
    a = 2 * math.pi * i / frames
    return Camera((radius * math.cos(a), height, radius * math.sin(a)), (0, 0, 0),
                  fov_y=math.degrees(1.0), near=0.1, far=2000.0)


def percentiles(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    pick = lambda q: ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]  # noqa: E731
    return {"p50": pick(0.5), "p90": pick(0.9), "p99": pick(0.99), "max": ordered[-1]}


def _crowd(venue, n: int):
    """A function giving this frame's people batches, stepping the crowd 1/30 s each call."""
    if n <= 0:
        return lambda camera: []
    if not getattr(venue, "halls", None):
        raise UserError("--crowd", "this scene has no floors for people to walk (it is a model)")
    from engine.app.people import CrowdSource, PeopleDrawer
    from engine.world.crowd import Crowd
    from engine.world.venue_nav import navmesh_for, place_points
    source = CrowdSource(lambda: Crowd(navmesh_for(venue), place_points(venue), n=n, seed=1), n, seed=1)
    drawer = PeopleDrawer()
    source.step(0.0)       # the crowd is made now, with the scene: not in the first frame's time

    def frame(camera):     # as the viewer draws its crowd: only the people in view are posed
        source.step(1 / 30)
        return drawer.batches(source.people(), camera)
    return frame


def _remote(venue, n: int, size: tuple[int, int]):
    """A function giving this frame's remote attendees (batches, name-tag overlays) for a camera.

    Walkers on the nav mesh stand in for the server: 20 times a second their positions arrive as a
    batched update would, and the viewer's own smoothing, drawing and name tags do the rest."""
    if n <= 0:
        return lambda camera: ([], [])
    if not getattr(venue, "halls", None):
        raise UserError("--remote", "this scene has no floors for people to walk (it is a model)")
    from engine.app.explore.together import RemoteSource, name_tags
    from engine.app.people import PeopleDrawer
    from engine.net.interp import Crowd as Remote
    from engine.render.overlay import OverlayImage
    from engine.ui.layout import place_labels
    from engine.world.crowd import Crowd
    from engine.world.venue_nav import navmesh_for, place_points
    walkers = Crowd(navmesh_for(venue), place_points(venue), n=n, seed=2)
    clock = {"t": 0.0, "sent": -1.0}
    remote, drawer = Remote(), PeopleDrawer()
    source = RemoteSource(remote, lambda: clock["t"])
    for i, (x, z) in enumerate(walkers.positions):
        remote.join(0.0, {"id": i, "name": f"Attendee {i}", "colour": "#3a7bd5", "x": x, "z": z, "h": 0.0})

    def frame(camera):
        clock["t"] += 1 / 30
        walkers.step(1 / 30)
        if clock["t"] - clock["sent"] >= 1 / 30 - 1e-9:
            clock["sent"] = clock["t"]
            remote.move_many(clock["t"], [[i, x, z, h] for i, ((x, z), h)
                                          in enumerate(zip(walkers.positions.tolist(), walkers.headings.tolist()))])
        people = source.people()
        placed = place_labels(name_tags(people, camera, size, camera.eye), size, [])
        return drawer.batches(people, camera), [OverlayImage(lab.key, lab.variant(k), r.x, r.y) for lab, k, r in placed]
    return frame


def run(args: argparse.Namespace) -> int:
    from engine.render.headless import Headless
    from engine.render.quality import settings_for
    from engine.venue import open_scene
    t0 = time.perf_counter()
    venue = open_scene(args.path)
    width, height = args.size
    with Headless(width, height) as gl:
        gl.renderer.set_quality(settings_for(args.quality))
        load = time.perf_counter() - t0
        camera = (lambda i: venue.view_camera(args.view, fov_y=50.0)) if args.view is not None else (
            lambda i: orbit_camera(i, args.frames, *args.orbit))
        people, remote = _crowd(venue, args.crowd), _remote(venue, args.remote, args.size)

        def draw(i: int) -> None:
            cam = camera(i)
            batches, overlays = remote(cam)
            gl.renderer.render(venue.scene, cam, gl.target, dynamic=people(cam) + batches, overlays=overlays)
        t1 = time.perf_counter()
        draw(0)
        first = time.perf_counter() - t1
        times = []
        start = time.perf_counter()
        for i in range(args.frames):
            t = time.perf_counter()
            draw(i)
            gl.target.start_read()            # frame i's colour comes back while frame i+1 is drawn
            if i > 0:
                gl.target.finish_read()
            times.append(time.perf_counter() - t)
        gl.target.finish_read()
        total = time.perf_counter() - start
        stats = gl.renderer.stats
    fps = args.frames / total
    pct = percentiles(times)
    print(f"scene {venue.path or 'default'}: {venue.scene.triangle_count():,} triangles in "
          f"{len(venue.scene.batches())} batches; load {load:.2f}s, first frame {first:.2f}s")
    print(f"{width}x{height}, quality {args.quality}, {args.frames} frames: frame ms p50 {pct['p50'] * 1e3:.1f}, "
          f"p90 {pct['p90'] * 1e3:.1f}, p99 {pct['p99'] * 1e3:.1f}, max {pct['max'] * 1e3:.1f}; "
          f"last frame {stats.draw_calls} draws, {stats.triangles:,} triangles, {stats.culled} culled")
    if args.reference:
        _reference(args, fps)
    print(f"fps: {fps:.1f}")
    return 0


def _reference(args: argparse.Namespace, fps: float) -> None:
    if not REFERENCE.is_file() or not args.path:
        print("reference: needs shared/bench/bench_reference.py beside the project and a model PATH")
        return
    width, height = args.size
    out = subprocess.run([sys.executable, str(REFERENCE), args.path, str(width), str(height),
                          str(args.frames)], capture_output=True, text=True)
    line = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else out.stderr.strip()[-300:]
    print(f"reference: {line}")
    try:
        ref = float(line.split(" fps ")[1].split()[0])
        print(f"ratio: {fps / ref:.2f}x the reference")
    except (IndexError, ValueError):
        pass
