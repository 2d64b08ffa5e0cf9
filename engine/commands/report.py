"""`report`: a self-contained HTML report for organizers (plan, halls, walking times, capacity, agenda)."""
from __future__ import annotations

import argparse
import io
import os
import sys
import time
from datetime import datetime
from pathlib import Path

from engine.app.language import add_lang_argument, apply_language
from engine.commands import common

HELP = "write an HTML report for organizers: plan, every hall, walking times, capacity, agenda, problems"
OWNED = ("index.html",)


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "report", help=HELP, description=HELP + ". DIR/index.html holds everything, pictures included, "
        "so it opens offline; the folder is written whole or not at all.")
    common.add_path(p)
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write index.html into")
    p.add_argument("--size", type=common.size, default=(960, 540), metavar="WxH",
                   help="size of each hall picture (default 960x540; the plan is twice as wide)")
    p.add_argument("--samples", type=int, default=4, choices=(0, 2, 4, 8),
                   help="multisample anti-aliasing samples (default 4)")
    p.add_argument("--no-crowd-flow", action="store_true",
                   help="leave out the crowd flow at the first changeover (simulated with JuPedSim; "
                        "half a minute for the default venue)")
    add_lang_argument(p)
    p.set_defaults(func=run)


def _encode(image, fmt: str) -> tuple[bytes, str]:
    from PIL import Image
    buf = io.BytesIO()
    if fmt == "png":
        Image.fromarray(image[..., :3]).save(buf, format="PNG", optimize=False)
        return buf.getvalue(), "image/png"
    Image.fromarray(image[..., :3]).save(buf, format="JPEG", quality=85)
    return buf.getvalue(), "image/jpeg"


def run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from engine.commands.outdir import check_target, staged_folder
    from engine.i18n import localized
    from engine.report import analysis
    from engine.report.html import ReportData, render
    from engine.ui.names import display_name
    from engine.venue import open_scene

    apply_language(args, os.environ)
    started = time.perf_counter()
    out = check_target(Path(args.out), OWNED)     # before any slow work
    venue = open_scene(args.path)
    common.warn(venue.scene.metadata.get("warnings", []))
    t_load = time.perf_counter() - started

    t0 = time.perf_counter()
    agenda, agenda_error = analysis.load_venue_agenda(venue)
    cover = analysis.coverage(venue, agenda)
    cover.error = agenda_error
    data = ReportData(
        venue_name=display_name(venue) or (venue.path.name if venue.path else "scene"),
        scene=str(venue.path or "default"), illustrative=venue.illustrative,
        description=localized(venue.description, getattr(venue, "description_zh", None)) if venue.description else "",
        halls={h.id: (display_name(h), h.kind, localized(h.theme, getattr(h, "theme_zh", None)) if h.theme else "")
               for h in venue.halls.values()},
        walking=analysis.walking_matrix(venue), capacity=analysis.capacity_rows(venue), coverage=cover,
        problems=analysis.problems(venue, agenda_error, agenda),
        counts={"halls": len(venue.halls), "seats": sum(h.seats for h in venue.halls.values()),
                "booths": len(venue.booths), "experiences": len(venue.experiences),
                "views": len(venue.waypoints)},
        generated=datetime.now().astimezone())
    t_analysis = time.perf_counter() - t0
    crowd_s: dict[str, float] = {}
    if not args.no_crowd_flow:
        from engine.report.crowd import changeover_flow
        t0 = time.perf_counter()
        data.crowd = changeover_flow(venue)
        crowd_s["crowd flow"] = time.perf_counter() - t0

    with staged_folder(out, OWNED) as stage:
        t0 = time.perf_counter()
        _pictures(venue, data, args, tqdm)
        t_render = time.perf_counter() - t0
        data.timings = {"loading": t_load, "analysis": t_analysis, **crowd_s, "rendering": t_render}
        (stage / "index.html").write_text(render(data), encoding="utf-8")
    total = time.perf_counter() - started
    print(f"wrote {out / 'index.html'}: {len(venue.halls)} halls, {len(data.problems)} problem(s), "
          f"{cover.session_count} sessions; {total:.1f} s")
    return 0


def _pictures(venue, data, args, tqdm) -> None:
    """The plan and one picture per hall, with a progress bar."""
    from engine.render.headless import Headless
    from engine.report.images import hall_view, plan_camera, plan_labels
    width, height = args.size
    plan_w, plan_h = min(2 * width, 4096), min(2 * height, 4096)
    views = [(hid, view) for hid in venue.halls if (view := hall_view(venue, hid)) is not None]
    bar = tqdm(total=1 + len(views), desc="report", unit="picture", file=sys.stderr)
    try:
        with Headless(plan_w, plan_h, samples=args.samples) as gl:
            cam = plan_camera(venue, plan_w / plan_h)
            data.plan = _encode(gl.render(venue.scene, cam, overlays=plan_labels(venue, cam, plan_w, plan_h)),
                                "png")
            if data.crowd is not None and data.crowd.results and data.crowd.results["bottlenecks"]:
                from engine.report.crowd import mark_bottlenecks
                data.plan = (mark_bottlenecks(data.plan[0], cam, data.crowd.results["bottlenecks"]), "image/png")
            bar.update()
        with Headless(width, height, samples=args.samples) as gl:
            for hid, (view_id, cam) in views:
                data.hall_images[hid] = (view_id, *_encode(gl.render(venue.scene, cam), "jpeg"))
                bar.update()
    finally:
        bar.close()
