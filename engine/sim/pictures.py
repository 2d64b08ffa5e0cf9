"""Pictures of a simulation with matplotlib (Agg, no display): density over time as PNG frames and one
animated GIF, flow curves through each hall's doors, and the plan with the bottlenecks marked.

North is up in every plan picture (z grows southwards, so the z axis is drawn downwards).
"""
from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import numpy as np

from engine.i18n import _
from engine.sim.density import COLOURS, LEVELS, LIMITS, level_index
from engine.sim.geometry import SimGeometry
from engine.sim.recording import Recording
from engine.sim.results import DoorFlow, Results

MAX_FRAMES = 40
FRAME_EVERY_S = 10.0      # at least this much simulated time between two frames


def _plt():
    import matplotlib
    matplotlib.use("Agg")    # never a window: pictures are files and arrays
    import matplotlib.pyplot as plt
    _chinese_font()
    return plt


@cache
def _chinese_font() -> None:
    """Labels in Chinese need a font that draws them: the shipped Noto Sans SC (which draws the Latin too;
    matplotlib's fallback from DejaVu Sans to it leaves boxes). Registered once a process."""
    import matplotlib
    from matplotlib import font_manager

    from engine.text.fonts import font_path
    path = str(font_path())
    font_manager.fontManager.addfont(path)
    name = font_manager.FontProperties(fname=path).get_name()
    matplotlib.rcParams["font.sans-serif"] = [name, "DejaVu Sans"]


def _los_image(grid_values: np.ndarray, valid: np.ndarray, floor: np.ndarray) -> np.ndarray:
    """RGBA (rows, cols, 4): walkable floor light grey, occupied cells coloured by level of service."""
    img = np.zeros((*grid_values.shape, 4), np.uint8)
    img[floor > 0] = (225, 228, 232, 255)
    busy = valid & (grid_values > 0.05)
    img[busy, :3] = COLOURS[level_index(grid_values[busy])]
    img[busy, 3] = 255
    return img


def _plan_axes(plt, geometry: SimGeometry, results: Results, size=(10, 7)):
    fig, ax = plt.subplots(figsize=size, dpi=100)
    g = results.grid
    x0, z0 = g.origin
    extent = (x0, x0 + g.shape[1] * g.cell, z0 + g.shape[0] * g.cell, z0)
    for gate in geometry.gates:
        x, z = gate.area.exterior.xy
        ax.fill(x, z, color="#3a7bd5", alpha=0.5, lw=0)
    ax.set_aspect("equal")
    ax.set_xlabel(_("x (m, east)"))
    ax.set_ylabel(_("z (m, south)"))
    return fig, ax, extent


def _legend(ax) -> None:
    from matplotlib.patches import Patch
    bounds = ["< 0.31", "0.31-0.43", "0.43-0.72", "0.72-1.08", "1.08-2.17", "> 2.17"]
    ax.legend([Patch(color=COLOURS[i] / 255) for i in range(len(LEVELS))],
              [f"{lv}: {b} /m²" for lv, b in zip(LEVELS, bounds)], title=_("level of service (Fruin)"),
              loc="lower right", fontsize=7, title_fontsize=7, framealpha=0.9)


def _save(fig, plt) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def density_frames(geometry: SimGeometry, results: Results, rec: Recording) -> list[bytes]:
    """PNG frames (at most MAX_FRAMES, evenly over the run) of local density, coloured by level of service."""
    plt = _plt()
    g = results.grid
    step = max(1, int(np.ceil(len(rec) / MAX_FRAMES)), round(FRAME_EVERY_S / rec.sample_s))
    out = []
    for f in range(0, len(rec), step):
        d = np.nan_to_num(g.density(rec.positions[f]))
        fig, ax, extent = _plan_axes(plt, geometry, results)
        ax.imshow(_los_image(d, g.valid, g.floor), extent=extent, interpolation="nearest")
        walking = _("t = {seconds} s, {people} people walking").format(
            seconds=f"{rec.times[f]:.0f}", people=f"{len(rec.present[f]):,}")
        ax.set_title(f"{results.scenario.title}\n{walking}", fontsize=9)
        _legend(ax)
        out.append(_save(fig, plt))
    return out


def animation(frames: list[bytes]) -> bytes:
    """The frames as one looping GIF (half a second each)."""
    from PIL import Image
    images = [Image.open(io.BytesIO(f)).convert("P", palette=Image.Palette.ADAPTIVE) for f in frames]
    buf = io.BytesIO()
    images[0].save(buf, format="GIF", save_all=True, append_images=images[1:], duration=500, loop=0)
    return buf.getvalue()


def bottleneck_plan(geometry: SimGeometry, results: Results) -> bytes:
    """The highest density each place reached, with the worst bottlenecks numbered."""
    plt = _plt()
    g = results.grid
    fig, ax, extent = _plan_axes(plt, geometry, results)
    ax.imshow(_los_image(results.peak, g.valid, g.floor), extent=extent, interpolation="nearest")
    for k, b in enumerate(results.bottlenecks, start=1):
        ax.plot(b.x, b.z, "o", ms=16, mfc="none", mec="black", mew=2)
        ax.annotate(f"{k}", (b.x, b.z), xytext=(9, -9), textcoords="offset points", fontsize=11, weight="bold")
    ax.set_title(results.scenario.title + "\n" + _("highest density reached; worst bottlenecks numbered"), fontsize=9)
    _legend(ax)
    return _save(fig, plt)


def flow_curves(results: Results, hall_id: str) -> bytes:
    """Persons per second through each door of a hall over time."""
    plt = _plt()
    hall = next(h for h in results.halls if h.id == hall_id)
    fig, ax = plt.subplots(figsize=(7, 3.5), dpi=100)
    for flow in hall.doors:
        t, v = flow.curve(results.simulated_s)
        ax.step(t, v, where="post", label=f"{flow.door.id} ({flow.door.width_m:g} m)")
    ax.set_xlabel(_("simulated time (s)"))
    ax.set_ylabel(_("persons per second"))
    ax.set_title(_("{hall}: flow through its doors").format(hall=hall.name), fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return _save(fig, plt)


def flow_curve_image(flow: DoorFlow, until_s: float, size: tuple[int, int] = (420, 220)) -> np.ndarray:
    """One door's flow curve as an RGBA array (h, w, 4) uint8, for the viewer."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(size[0] / 100, size[1] / 100), dpi=100)
    t, v = flow.curve(until_s)
    ax.step(t, v, where="post", color="#0b4f9c")
    ax.fill_between(t, v, step="post", alpha=0.25, color="#0b4f9c")
    ax.set_title(f"{flow.door.id}: {len(flow.out_s)} out, {len(flow.in_s)} in", fontsize=9)
    ax.set_xlabel("s", fontsize=8)
    ax.set_ylabel("persons/s", fontsize=8)
    ax.tick_params(labelsize=7)
    fig.tight_layout()
    fig.canvas.draw()
    image = np.asarray(fig.canvas.buffer_rgba()).copy()
    plt.close(fig)
    return image


def write_all(folder: Path, geometry: SimGeometry, results: Results, rec: Recording) -> list[str]:
    """Every picture into `folder` (an output folder being staged); returns the names written."""
    names = []
    frames = density_frames(geometry, results, rec)
    (folder / "density").mkdir()
    for k, png in enumerate(frames):
        (folder / "density" / f"frame-{k:03d}.png").write_bytes(png)
    if frames:
        (folder / "density.gif").write_bytes(animation(frames))
        names += ["density/", "density.gif"]
    (folder / "bottlenecks.png").write_bytes(bottleneck_plan(geometry, results))
    names.append("bottlenecks.png")
    for hall in results.halls:
        (folder / f"flow-{hall.id}.png").write_bytes(flow_curves(results, hall.id))
        names.append(f"flow-{hall.id}.png")
    return names


__all__ = ["LIMITS", "animation", "bottleneck_plan", "density_frames", "flow_curve_image", "flow_curves",
           "write_all"]
