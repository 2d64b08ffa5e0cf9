"""The report's pictures: a labelled top-down plan and one view of every hall (needs a GL context)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from engine.scene.camera import Camera, project
from engine.venue.model import Venue

if TYPE_CHECKING:   # the overlay is a GL object: imported when drawing, after the GL platform is chosen
    from engine.render.overlay import OverlayImage


def plan_camera(venue: Venue, aspect: float) -> Camera:
    """Orthographic, straight down, north up: framing the halls, plaza and walkways (not the circuit)."""
    pts = [h.footprint() for h in venue.halls.values()]
    if venue.plaza is not None:
        pts.append(np.asarray(venue.plaza.polygon, float))
    pts += [np.asarray(w.points, float) for w in venue.walkways]
    if not pts:
        lo, hi = venue.scene.bounds()
        pts = [np.array([[lo[0], lo[2]], [hi[0], hi[2]]])]
    xz = np.vstack(pts)
    lo, hi = xz.min(axis=0), xz.max(axis=0)
    c = (lo + hi) / 2
    width, depth = hi - lo
    height = max(depth, width / aspect, 10.0) * 1.15
    return Camera((c[0], 400.0, c[1]), (c[0], 0.0, c[1]), up=(0.0, 0.0, -1.0), near=1.0, far=1000.0,
                  orthographic=True, ortho_height=height)


def plan_labels(venue: Venue, camera: Camera, width: int, height: int) -> list[OverlayImage]:
    """Overlay labels (engine.render.overlay.OverlayImage) at each hall's centre: name and seats.

    A label that would cover one already placed moves up or down; all stay inside the picture."""
    from engine.i18n import _
    from engine.render.overlay import OverlayImage
    from engine.ui import text
    from engine.ui.names import display_name, kind_name, split_title
    size = max(10, round(height / 90))
    out: list[OverlayImage] = []
    placed: list[tuple[float, float, int, int]] = []   # left, top, width, height of each label so far
    for hall in venue.halls.values():
        x, y, _depth = project(camera, np.array([hall.center[0], hall.height, hall.center[1]]), width, height)
        if not np.isfinite(x):
            continue
        title, rest = split_title(display_name(hall))
        rows = [[(rest, (230, 236, 244, 255))]] if rest else []
        info = (_("{seats} seats").format(seats=f"{hall.seats:,}") if hall.seats else
                _("capacity {capacity}").format(capacity=f"{hall.capacity:,}") if hall.capacity else
                kind_name(hall.kind))
        rows.append([(info, (190, 205, 220, 255))])
        img = text.panel(rows, size=size, padding=4, title=title, background=(16, 20, 28, 205))
        h, w = img.shape[:2]
        left = float(np.clip(x - w / 2, 0, max(width - w, 0)))
        for k in (0, 1, -1, 2, -2, 3, -3):
            top = float(np.clip(y - h / 2 + k * (h + 2), 0, max(height - h, 0)))
            if not any(left < a + c and a < left + w and top < b + d and b < top + h for a, b, c, d in placed):
                break
        placed.append((left, top, w, h))
        out.append(OverlayImage(f"plan-{hall.id}", img, left, top))
    return out


def hall_view(venue: Venue, hall_id: str) -> tuple[str, Camera] | None:
    """The hall's stage view, else its inside or entrance view, else its own: (view id, camera), or None."""
    for suffix in ("-stage", "-interior", "-entrance", ""):
        vid = hall_id + suffix
        if vid in venue.waypoints:
            return vid, venue.view_camera(vid, fov_y=60.0)
    return None
