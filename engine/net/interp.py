"""Other attendees' motion, smoothed: each is drawn about 100 ms in the past, between the two poses
around that moment (poses are spaced by the server's tick times, not by when they arrived). Past the
newest pose they go on at their last velocity for a short while, then stop; when a late pose comes,
the drawn position catches up at a little more than walking pace rather than jumping."""
from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

import numpy as np

from engine.world.avatar import advance_phase

DELAY_S = 0.1
EXTRAPOLATE_S = 0.25
KEEP = 12                      # poses kept per person
CATCH_UP = 1.6                 # the drawn position moves at most this many times the walker's speed
SNAP_M = 6.0                   # further than this (a teleport, a join) is shown at once


@dataclass
class Track:
    id: int
    name: str
    colour: str
    samples: deque = field(default_factory=lambda: deque(maxlen=KEEP))   # (time, x, z, heading)
    phase: float = 0.0         # walk cycle, advanced by the distance actually drawn
    drawn: tuple[float, float, float] | None = None     # (time, x, z) last drawn

    def add(self, t: float, x: float, z: float, heading: float) -> None:
        if self.samples and t <= self.samples[-1][0]:
            t = self.samples[-1][0] + 1e-3      # two in one drain: keep them in order
        self.samples.append((t, x, z, heading))

    def at(self, t: float) -> tuple[float, float, float]:
        """(x, z, heading) at time t."""
        s = self.samples
        if len(s) == 1 or t <= s[0][0]:
            return s[0][1], s[0][2], s[0][3]
        if t < s[-1][0]:
            # The moment drawn is nearly always between the last few poses: look from the end.
            for i in range(len(s) - 1, 0, -1):
                t0, x0, z0, h0 = s[i - 1]
                if t0 <= t:
                    t1, x1, z1, h1 = s[i]
                    u = (t - t0) / (t1 - t0)
                    return x0 + (x1 - x0) * u, z0 + (z1 - z0) * u, _lerp_angle(h0, h1, u)
        (t0, x0, z0, _), (t1, x1, z1, h1) = s[-2], s[-1]
        ahead = min(t - t1, EXTRAPOLATE_S)
        vx, vz = (x1 - x0) / max(t1 - t0, 1e-3), (z1 - z0) / max(t1 - t0, 1e-3)
        return x1 + vx * ahead, z1 + vz * ahead, h1

    def speed(self) -> float:
        """Metres a second between the last two poses (at least a stroll, at most a sprint)."""
        if len(self.samples) < 2:
            return 1.0
        (t0, x0, z0, _), (t1, x1, z1, _) = self.samples[-2], self.samples[-1]
        return min(max(math.hypot(x1 - x0, z1 - z0) / max(t1 - t0, 1e-3), 1.0), 12.0)

    def chase(self, x: float, z: float, now: float) -> tuple[float, float]:
        """Where to draw it: (x, z), unless that is further from where it was drawn than it could
        walk since (a late pose): then that far towards it."""
        if self.drawn is None:
            return x, z
        t0, x0, z0 = self.drawn
        dist = math.hypot(x - x0, z - z0)
        reach = CATCH_UP * self.speed() * max(now - t0, 1e-3)
        if dist <= reach or dist > SNAP_M:
            return x, z
        return x0 + (x - x0) / dist * reach, z0 + (z - z0) / dist * reach


def _lerp_angle(a: float, b: float, u: float) -> float:
    d = math.remainder(b - a, 2 * math.pi)
    return a + d * u


class ClockSync:
    """Server time (the updates' `ts`, ms) to this machine's clock. The least delayed update sets the
    offset; later ones pull it only slowly, so that a burst of late updates keeps the spacing the
    server gave them instead of arriving all at once."""

    CREEP_S = 0.0005      # per update: follows a drifting clock, ignores a late burst

    def __init__(self) -> None:
        self.offset: float | None = None

    def local(self, server_ms: float, now: float) -> float:
        estimate = now - server_ms / 1000.0
        if self.offset is None or estimate < self.offset:
            self.offset = estimate
        else:
            self.offset += min(estimate - self.offset, self.CREEP_S)
        return server_ms / 1000.0 + self.offset

    def reset(self) -> None:
        self.offset = None


class Crowd:
    """Everyone the server has told us about, by id."""

    def __init__(self) -> None:
        self.tracks: dict[int, Track] = {}

    def join(self, t: float, rec: dict) -> None:
        track = Track(int(rec["id"]), str(rec["name"]), str(rec["colour"]))
        track.add(t, float(rec["x"]), float(rec["z"]), float(rec["h"]))
        self.tracks[track.id] = track

    def move(self, t: float, rec: list) -> None:
        track = self.tracks.get(int(rec[0]))
        if track is not None:
            track.add(t, float(rec[1]), float(rec[2]), float(rec[3]))

    def leave(self, pid: int) -> None:
        self.tracks.pop(int(pid), None)

    def clear(self) -> None:
        self.tracks.clear()

    def poses(self, now: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[Track]]:
        """Plan points (n, 2), headings (n,) and ground speeds (n,) m/s drawn at `now`, and the
        tracks in the same order (their walk phases advanced by the distance drawn)."""
        tracks = list(self.tracks.values())
        rows: list[tuple[float, float, float, float]] = []     # filled in Python, made an array once
        for track in tracks:
            x, z, h = track.at(now - DELAY_S)
            x, z = track.chase(x, z, now)
            speed = 0.0
            if track.drawn is not None and now > track.drawn[0]:
                step = math.hypot(x - track.drawn[1], z - track.drawn[2])
                speed = step / (now - track.drawn[0])
                track.phase = advance_phase(track.phase, step, max(speed, 0.1))
            track.drawn = (now, x, z)
            rows.append((x, z, h, speed))
        table = np.array(rows, np.float64).reshape(-1, 4)
        return table[:, :2].copy(), table[:, 2].copy(), table[:, 3].copy(), tracks
