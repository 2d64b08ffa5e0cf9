"""The report's crowd flow: the agenda's first changeover at which a hall lets people out, simulated
(engine.sim), and its bottlenecks marked on the plan picture."""
from __future__ import annotations

import io
from dataclasses import dataclass, field

import numpy as np

from engine.errors import UserError
from engine.i18n.dates import format_datetime
from engine.scene.camera import Camera, project
from engine.venue.model import Venue


@dataclass
class CrowdFlow:
    """The `simulate --json` object of the changeover, or why there is none; other changeover times."""

    results: dict | None = None
    reason: str = ""
    other_times: list[str] = field(default_factory=list)


def changeover_flow(venue: Venue, progress: bool = True) -> CrowdFlow:
    """Simulate the first changeover of the venue's agenda (the one `simulate` runs by default)."""
    from engine.sim.results import to_json
    from engine.sim.scenarios import changeover_times
    from engine.sim.simulation import Options, simulate, venue_agenda

    try:
        sim = simulate(venue, Options(), progress=progress)
    except UserError as exc:
        return CrowdFlow(reason=f"{exc.where}: {exc.what}")
    agenda, _ = venue_agenda(venue)
    times = changeover_times(venue, agenda) if agenda is not None else []
    return CrowdFlow(to_json(sim.results, str(venue.path or "default")),
                     other_times=[format_datetime(t) for t in times[1:]])


def mark_bottlenecks(png: bytes, camera: Camera, bottlenecks: list[dict]) -> bytes:
    """The plan picture with a numbered ring at each bottleneck (1 = worst)."""
    from PIL import Image, ImageDraw
    image = Image.open(io.BytesIO(png)).convert("RGB")
    draw = ImageDraw.Draw(image)
    w, h = image.size
    radius = max(8, h // 40)
    for k, b in enumerate(bottlenecks, start=1):
        x, y, _ = project(camera, np.array([b["x"], 0.0, b["z"]]), w, h)
        if not (np.isfinite(x) and np.isfinite(y)):
            continue
        for width, colour in ((5, (255, 255, 255)), (3, (200, 20, 30))):
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=colour, width=width)
        draw.text((x + radius + 2, y - radius - 2), str(k), fill=(200, 20, 30), stroke_width=2,
                  stroke_fill=(255, 255, 255), font_size=radius * 2)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()
