"""Crowd-flow replay over the organizer's plan: run the agenda's first changeover (an egress where the
scene has no agenda) a little every frame, or load a `simulate --out` folder, then replay it at 1x-60x
with a time slider. People are coloured by the density around them, the worst level of service each
place reached lies under them, and a click on a door shows its flow curve."""
from __future__ import annotations

import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from engine.app.people import People
from engine.app.people_view import palette
from engine.errors import UserError
from engine.i18n import _
from engine.scene import AlphaMode, Material, Mesh
from engine.scene.graph import Batch, make_batch
from engine.scene.material import srgb_to_linear
from engine.ui.layout import Rect, Region, Widget
from engine.ui.text import label
from engine.ui.widgets import PRIORITY, Toasts
from engine.venue import Venue
from engine.world.avatar import limb_angles

SPEEDS = (1, 2, 5, 10, 30, 60)
SIM_BUDGET_S = 0.03      # wall seconds of simulation per frame while it runs: the viewer stays responsive
JUMP_S = 10.0
DOOR_PICK_M = 4.0
SLIDER_W, SLIDER_H = 520, 14


class Replay:
    """States: idle, running (simulating), ready (replaying). `time` is the replayed simulated second."""

    def __init__(self, venue: Venue, toasts: Toasts, counts: Callable[[], dict[str, int]] = dict) -> None:
        self.venue, self.toasts = venue, toasts
        self.counts = counts                 # people in each hall now, when the venue is live
        self.run: Any = None                 # an engine.sim.run.Run while simulating
        self.sim: Any = None                 # engine.sim.simulation.Simulated once ready
        self.visible = False
        self.playing = True
        self.speed_index = 3
        self.time = 0.0
        self.door_curve: np.ndarray | None = None
        self._floor: Batch | None = None
        self._colours: dict[str, np.ndarray] = {}
        self.version = 0

    @property
    def speed(self) -> int:
        return SPEEDS[self.speed_index]

    @property
    def end(self) -> float:
        return self.sim.results.simulated_s if self.sim is not None else 0.0

    # -- running or loading ---------------------------------------------------------------------
    def toggle(self) -> None:
        """Show the replay (simulating first when there is none yet), or hide it."""
        if self.visible:
            self.visible = False
            return
        self.visible = True
        if self.sim is None and self.run is None:
            self.start()

    def start(self) -> None:
        from engine.sim.simulation import Options, start
        try:
            scenario = "changeover" if self.venue.agenda_path else "egress"
            self.run = start(self.venue, Options(scenario, counts=self.counts()))
        except UserError as exc:
            self.visible = False
            self.toasts.show(_("Crowd flow: {where}: {what}").format(where=exc.where, what=exc.what), error=True)
            return
        self.toasts.show(_("Simulating: {title}").format(title=self.run.scenario.title))

    def load(self, folder: Path) -> None:
        """A `simulate --out` folder: its trajectories replayed on this venue's geometry."""
        from engine.sim.geometry import sim_geometry
        from engine.sim.recording import load_sqlite
        from engine.sim.results import analyse
        from engine.sim.simulation import Simulated
        try:
            rec = load_sqlite(Path(folder) / "trajectories.sqlite")
        except (OSError, ValueError) as exc:
            raise UserError(folder, f"cannot load a crowd-flow recording: {exc}") from None
        geometry = sim_geometry(self.venue)
        self._ready(Simulated(geometry, rec, analyse(geometry, _scenario_from(folder, rec), rec, 1, False)))
        self.visible = True

    def _ready(self, sim) -> None:
        self.sim = sim
        rec = sim.recording
        self.run, self.time, self.playing = None, 0.0, True
        self._floor = los_floor(self.sim.results)
        self._colours = palette(len(rec.people), seed=5)
        self.version += 1

    def update(self, dt: float) -> None:
        if self.run is not None:
            started = time.perf_counter()
            while not self.run.stopped and time.perf_counter() - started < SIM_BUDGET_S:
                self.run.advance(self.run.model.sample_s)
            self.version += 1
            if self.run.stopped:
                from engine.sim.simulation import finish
                self._ready(finish(self.run, seed=1))
                self.toasts.show(_("Crowd flow ready: {seconds} s; Space plays or pauses, - and = set the speed")
                                 .format(seconds=f"{self.end:.0f}"))
        elif self.sim is not None and self.visible and self.playing:
            self.time = min(self.time + dt * self.speed, self.end)
            self.version += 1

    # -- controls -------------------------------------------------------------------------------
    def pause(self) -> None:
        self.playing = not self.playing
        if self.playing and self.time >= self.end:
            self.time = 0.0

    def faster(self, step: int) -> None:
        self.speed_index = int(np.clip(self.speed_index + step, 0, len(SPEEDS) - 1))
        self.version += 1

    def seek(self, t: float) -> None:
        self.time = float(np.clip(t, 0.0, self.end))
        self.version += 1

    def click(self, pos: tuple[int, int], slider: Rect | None, ground: np.ndarray | None) -> bool:
        """A click on the slider seeks; on a door shows its flow curve; elsewhere hides the curve."""
        if self.sim is None or not self.visible:
            return False
        if slider is not None and slider.contains(pos):
            self.seek((pos[0] - slider.x) / max(slider.w, 1.0) * self.end)
            return True
        if ground is None:
            return False
        doors = self.sim.geometry.doors.values()
        door = min(doors, key=lambda d: math.dist(d.centre, ground), default=None)
        if door is None or math.dist(door.centre, ground) > DOOR_PICK_M:
            self.door_curve = None
            return False
        from engine.sim.pictures import flow_curve_image
        flow = next(f for h in self.sim.results.halls for f in h.doors if f.door.id == door.id) \
            if any(f.door.id == door.id for h in self.sim.results.halls for f in h.doors) else None
        if flow is None:
            from engine.sim.results import door_flows
            flow = door_flows(self.sim.geometry, self.sim.recording)[door.id]
        self.door_curve = flow_curve_image(flow, self.end)
        self.version += 1
        return True

    # -- drawing --------------------------------------------------------------------------------
    def people(self) -> People:
        if self.sim is None or not self.visible:
            return People.none()
        rec, grid = self.sim.recording, self.sim.results.grid
        f = min(int(self.time / rec.sample_s), len(rec) - 1)
        idx, xz = rec.at(f)
        xz = xz.astype(np.float64)
        step = np.zeros_like(xz)
        if f + 1 < len(rec):
            nidx, nxz = rec.at(f + 1)
            where = np.clip(np.searchsorted(nidx, idx), 0, max(len(nidx) - 1, 0))
            ok = (nidx[where] == idx) if len(nidx) else np.zeros(len(idx), bool)
            step[ok] = nxz[where[ok]] - xz[ok]
        frac = (self.time - rec.times[f]) / rec.sample_s
        pos = xz + step * float(np.clip(frac, 0.0, 1.0))
        speed = np.hypot(*step.T) / rec.sample_s
        headings = np.arctan2(step[:, 0], -step[:, 1])
        angles = limb_angles(self.time * 5.0 + idx * 0.7, speed)
        from engine.sim.density import COLOURS, level_index
        density = grid.at(np.nan_to_num(grid.density(pos)), pos)
        shirt = np.column_stack([srgb_to_linear(COLOURS[level_index(density)] / 255.0), np.ones(len(idx))])
        colours = {"shirt": shirt.astype(np.float32), "skin": self._colours["skin"][idx],
                   "trousers": self._colours["trousers"][idx]}
        return People(pos, headings, {k: np.asarray(v, np.float64) for k, v in angles.items()}, colours)

    def batches(self) -> list[Batch]:
        return [self._floor] if self.visible and self._floor is not None else []

    def widgets(self, size: tuple[int, int]) -> list[Widget]:
        if not self.visible:
            return []
        out = [Widget("replay-slider", self._slider(size), Region.BOTTOM_CENTRE, PRIORITY["legend"] + 2,
                      self.version, min_scale=0.3)]
        if self.door_curve is not None:
            out.append(Widget("door-flow", self.door_curve, Region.TOP_RIGHT, PRIORITY["legend"], self.version))
        return out

    def _slider(self, size: tuple[int, int]) -> np.ndarray:
        if self.run is not None:
            text = _("Simulating the crowd flow: {done} s of about {total} s").format(
                done=f"{self.run.elapsed:.0f}", total=f"{self.run.estimate_s():.0f}")
            return label(text, size=14)
        if self.sim is None:
            return label(_("Crowd flow: nothing to show"), size=14)
        state = _("playing") if self.playing else _("paused")
        head = label(f"{self.sim.results.scenario.title[:90]}   {_mmss(self.time)} / {_mmss(self.end)}   "
                     f"x{self.speed} {state}", size=13)
        width = max(head.shape[1], SLIDER_W)
        bar = np.zeros((SLIDER_H, width, 4), np.uint8)
        bar[...] = (16, 20, 28, 200)
        bar[5:9, 6:width - 6] = (120, 130, 145, 255)
        knob = 6 + int((width - 12) * (self.time / self.end if self.end else 0.0))
        bar[5:9, 6:knob] = (80, 170, 255, 255)
        bar[1:13, max(knob - 3, 0):knob + 3] = (255, 255, 255, 255)
        top = np.zeros((head.shape[0], width, 4), np.uint8)
        top[:, :head.shape[1]] = head
        return np.vstack([top, bar])


def _mmss(s: float) -> str:
    m, sec = divmod(int(s), 60)
    return f"{m}:{sec:02d}"


def los_floor(results, height: float = 0.08) -> Batch | None:
    """The highest density each cell reached, coloured by level of service, as a floor overlay."""
    from engine.sim.density import COLOURS, level_index
    grid, peak = results.grid, results.peak
    busy = np.argwhere(grid.valid & (peak > 0.05))
    if not len(busy):
        return None
    x0, z0 = grid.origin
    c = grid.cell
    corners = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], float) * c
    base = np.column_stack([x0 + busy[:, 1] * c, z0 + busy[:, 0] * c])
    xz = (base[:, None, :] + corners[None]).reshape(-1, 2)
    pos = np.column_stack([xz[:, 0], np.full(len(xz), height), xz[:, 1]])
    colour = srgb_to_linear(np.repeat(COLOURS[level_index(peak[busy[:, 0], busy[:, 1]])] / 255.0, 4, axis=0))
    rgba = np.column_stack([colour, np.full(len(colour), 0.6)])
    quads = np.arange(len(busy))[:, None] * 4
    idx = np.concatenate([quads + [0, 2, 1], quads + [0, 3, 2]])
    mat = Material(base_color=(1, 1, 1, 1), unlit=True, double_sided=True, alpha_mode=AlphaMode.BLEND,
                   depth_layer=3, name="level-of-service")
    mesh = Mesh(pos, idx, np.tile([0.0, 1.0, 0.0], (len(pos), 1)), None, rgba, mat, name="level-of-service")
    return make_batch(mesh, np.eye(4)[None])


def _scenario_from(folder: Path, rec):
    """The scenario of a loaded run, from its results.json (flows and title), else a bare one."""
    import json

    from engine.sim.scenarios import Destination, Flow, Scenario
    try:
        data = json.loads((Path(folder) / "results.json").read_text(encoding="utf-8"))
        title, kind = str(data["title"]), str(data["scenario"])
    except (OSError, ValueError, KeyError):
        title, kind = f"Crowd flow from {folder}", "changeover"
    counts: dict[tuple[str, str], int] = {}
    for p in rec.people:
        counts[(p.origin, p.destination)] = counts.get((p.origin, p.destination), 0) + 1
    flows = [Flow(o, Destination(*(d.split(":", 1) if ":" in d else (d, ""))), n) for (o, d), n in counts.items()]
    return Scenario(kind, title, None, flows)
