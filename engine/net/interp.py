"""Other attendees' motion, smoothed: each is drawn about 100 ms in the past, between the two poses
around that moment (poses are spaced by the server's tick times, not by when they arrived). Past the
newest pose they go on at their last velocity for a short while, then stop; when a late pose comes,
the drawn position catches up at a little more than walking pace rather than jumping.

Everyone is worked out at once with numpy: each person's last poses are a row of a ring buffer, so
that hundreds of remote attendees cost a frame about what one does."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from engine.world.avatar import advance_phase

DELAY_S = 0.1
EXTRAPOLATE_S = 0.25
KEEP = 12                      # poses kept per person
CATCH_UP = 1.6                 # the drawn position moves at most this many times the walker's speed
SNAP_M = 6.0                   # further than this (a teleport, a join) is shown at once


@dataclass
class Track:
    """Who a row of the buffers is."""

    id: int
    name: str
    colour: str


def _wrap(angle: np.ndarray) -> np.ndarray:
    """Into [-pi, pi)."""
    return (angle + math.pi) % (2 * math.pi) - math.pi


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
    """Everyone the server has told us about: a row each in the pose buffers, found by id."""

    def __init__(self) -> None:
        self.tracks: dict[int, Track] = {}
        self._rows: dict[int, int] = {}
        self._order: list[Track] = []                 # row -> track
        self._t = np.zeros((0, KEEP))                 # sample times; inf: no sample there yet
        self._xzh = np.zeros((0, KEEP, 3))            # (x, z, heading) of each sample
        self._head = np.zeros(0, np.int64)            # where the next sample goes
        self._drawn = np.zeros((0, 3))                # (time, x, z) last drawn; nan: never
        self._phase = np.zeros(0)
        self._grow(16)

    def _grow(self, capacity: int) -> None:
        n = len(self._order)
        grown = (np.full((capacity, KEEP), np.inf), np.zeros((capacity, KEEP, 3)), np.zeros(capacity, np.int64),
                 np.full((capacity, 3), np.nan), np.zeros(capacity))
        for new, old in zip(grown, (self._t, self._xzh, self._head, self._drawn, self._phase)):
            new[:n] = old[:n]
        self._t, self._xzh, self._head, self._drawn, self._phase = grown

    def join(self, t: float, rec: dict) -> None:
        pid = int(rec["id"])
        self.leave(pid)
        if len(self._order) == len(self._t):
            self._grow(2 * len(self._t))
        row = len(self._order)
        track = Track(pid, str(rec["name"]), str(rec["colour"]))
        self.tracks[pid], self._rows[pid] = track, row
        self._order.append(track)
        self._t[row], self._head[row], self._drawn[row], self._phase[row] = np.inf, 0, np.nan, 0.0
        self._add(row, t, float(rec["x"]), float(rec["z"]), float(rec["h"]))

    def move(self, t: float, rec: list) -> None:
        row = self._rows.get(int(rec[0]))
        if row is not None:
            self._add(row, t, float(rec[1]), float(rec[2]), float(rec[3]))

    def move_many(self, t: float, recs: list[list]) -> None:
        """An update's moves ([id, x, z, heading] each) at time t, all at once."""
        known = [(self._rows[int(r[0])], r) for r in recs if int(r[0]) in self._rows]
        if not known:
            return
        rows = np.array([row for row, _ in known])
        if len(np.unique(rows)) < len(rows):           # someone twice in one update: in order, one by one
            for row, r in known:
                self._add(row, t, float(r[1]), float(r[2]), float(r[3]))
            return
        head = self._head[rows]
        last = self._t[rows, (head - 1) % KEEP]
        self._t[rows, head] = np.where(np.isfinite(last) & (t <= last), last + 1e-3, t)
        self._xzh[rows, head] = np.array([r[1:4] for _, r in known], np.float64)
        self._head[rows] = (head + 1) % KEEP

    def _add(self, row: int, t: float, x: float, z: float, heading: float) -> None:
        head = int(self._head[row])
        last = self._t[row, (head - 1) % KEEP]
        if last != np.inf and t <= last:
            t = float(last) + 1e-3                  # two in one drain: keep them in order
        self._t[row, head] = t
        self._xzh[row, head] = (x, z, heading)
        self._head[row] = (head + 1) % KEEP

    def leave(self, pid: int) -> None:
        row = self._rows.pop(int(pid), None)
        if row is None:
            return
        del self.tracks[int(pid)]
        last = len(self._order) - 1
        if row != last:                             # the last row fills the gap
            moved = self._order[last]
            self._order[row], self._rows[moved.id] = moved, row
            for a in (self._t, self._xzh, self._head, self._drawn, self._phase):
                a[row] = a[last]
        self._order.pop()

    def clear(self) -> None:
        self.tracks.clear()
        self._rows.clear()
        self._order.clear()

    def latest(self) -> dict[int, np.ndarray]:
        """Each person's newest pose as heard: (x, z)."""
        n = len(self._order)
        newest = self._xzh[np.arange(n), (self._head[:n] - 1) % KEEP, :2]
        return {track.id: newest[i].copy() for i, track in enumerate(self._order)}

    def phases(self) -> np.ndarray:
        """Walk-cycle phases, in the order of the last poses()."""
        return self._phase[:len(self._order)].copy()

    def poses(self, now: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[Track]]:
        """Plan points (n, 2), headings (n,) and ground speeds (n,) m/s drawn at `now`, and the
        tracks in the same order (their walk phases advanced by the distance drawn)."""
        n = len(self._order)
        if n == 0:
            return np.zeros((0, 2)), np.zeros(0), np.zeros(0), []
        order = np.argsort(self._t[:n], axis=1)                      # oldest first, unused last
        ts = np.take_along_axis(self._t[:n], order, axis=1)
        s = np.take_along_axis(self._xzh[:n], order[:, :, None], axis=1)
        count = np.isfinite(ts).sum(axis=1)
        x, z, h = self._sample(ts, s, count, now - DELAY_S)
        x, z = self._chase(ts, s, count, x, z, now)
        speeds = self._advance(x, z, now)
        return np.column_stack([x, z]), h, speeds, list(self._order)

    @staticmethod
    def _sample(ts: np.ndarray, s: np.ndarray, count: np.ndarray, t: float
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(x, z, heading) at time t: between the poses around it, or a little past the newest."""
        rows = np.arange(len(ts))
        j = (ts <= t).sum(axis=1)                                   # poses at or before t
        out = s[:, 0].copy()                                        # before the first, or only one
        between = (j > 0) & (j < count)
        if between.any():
            r, k = rows[between], j[between]
            t0, t1 = ts[r, k - 1], ts[r, k]
            u = ((t - t0) / (t1 - t0))[:, None]
            a, b = s[r, k - 1], s[r, k]
            out[r, :2] = a[:, :2] + (b[:, :2] - a[:, :2]) * u
            out[r, 2] = a[:, 2] + _wrap(b[:, 2] - a[:, 2]) * u[:, 0]
        past = (j >= count) & (count >= 2)
        if past.any():
            r, k = rows[past], count[past]
            t0, t1 = ts[r, k - 2], ts[r, k - 1]
            a, b = s[r, k - 2], s[r, k - 1]
            ahead = np.minimum(t - t1, EXTRAPOLATE_S)
            v = (b[:, :2] - a[:, :2]) / np.maximum(t1 - t0, 1e-3)[:, None]
            out[r, :2] = b[:, :2] + v * ahead[:, None]
            out[r, 2] = b[:, 2]
        return out[:, 0], out[:, 1], out[:, 2]

    def _chase(self, ts: np.ndarray, s: np.ndarray, count: np.ndarray, x: np.ndarray, z: np.ndarray,
               now: float) -> tuple[np.ndarray, np.ndarray]:
        """Where to draw each: (x, z), unless that is further from where it was drawn than it could
        walk since (a late pose): then that far towards it. A teleport or a join shows at once."""
        drawn = self._drawn[:len(x)]
        rows = np.arange(len(x))
        last, prev = np.maximum(count - 1, 0), np.maximum(count - 2, 0)
        step = np.hypot(*(s[rows, last, :2] - s[rows, prev, :2]).T)
        gap = np.maximum(ts[rows, last] - ts[rows, prev], 1e-3)
        speed = np.where(count >= 2, np.clip(step / gap, 1.0, 12.0), 1.0)
        dist = np.hypot(x - drawn[:, 1], z - drawn[:, 2])
        reach = CATCH_UP * speed * np.maximum(now - drawn[:, 0], 1e-3)
        slow = ~np.isnan(drawn[:, 0]) & (dist > reach) & (dist <= SNAP_M)
        if slow.any():
            f = reach[slow] / dist[slow]
            x, z = x.copy(), z.copy()
            x[slow] = drawn[slow, 1] + (x[slow] - drawn[slow, 1]) * f
            z[slow] = drawn[slow, 2] + (z[slow] - drawn[slow, 2]) * f
        return x, z

    def _advance(self, x: np.ndarray, z: np.ndarray, now: float) -> np.ndarray:
        """Ground speeds since the last frame; walk phases advanced by the distance drawn."""
        n = len(x)
        drawn, phase = self._drawn[:n], self._phase[:n]
        dt = now - drawn[:, 0]
        moving = ~np.isnan(dt) & (dt > 0)
        speeds = np.zeros(n)
        if moving.any():
            step = np.hypot(x[moving] - drawn[moving, 1], z[moving] - drawn[moving, 2])
            speeds[moving] = step / dt[moving]
            phase[moving] = advance_phase(phase[moving], step, np.maximum(speeds[moving], 0.1))
        drawn[:, 0], drawn[:, 1], drawn[:, 2] = now, x, z
        return speeds
