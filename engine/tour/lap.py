"""A lap of the circuit at race pace: a speed profile from the centre line's curvature, the car's
position and heading at any time, and a chase camera that trails it along the track.

Standing start on the start/finish line, one full lap, the line crossed at speed, then a cool-down
stop before Turn 1. Speeds follow the usual quasi-steady lap-time model: a cornering limit
v = sqrt(a_lat / curvature), a traction limit that fades with speed (drag), and a braking limit,
combined by a forward and a backward pass. Headings are compass bearings in radians (0 faces north,
-z; pi/2 faces east, +x), as in engine.world.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from engine.venue import geo

STEP_M = 2.0
SMOOTH_PASSES = 20   # (1, 2, 1) / 4 passes at STEP_M: a Gaussian of about 6 m that rounds polygon corners


@dataclass(frozen=True)
class CarModel:
    """A modern Formula-1-like car, tuned so the standing-start lap of Shanghai takes about 1:38."""

    top_speed: float = 90.0        # m/s (324 km/h)
    lateral: float = 32.0          # m/s^2 cornering grip (about 3.3 g)
    traction: float = 13.0         # m/s^2 at low speed, fading to 0 at top speed
    braking: float = 38.0          # m/s^2 (about 3.9 g)
    cool_down: float = 9.0         # m/s^2 after the line, to a stop


@dataclass(frozen=True)
class CarPose:
    x: float
    z: float
    heading: float                 # compass bearing, radians
    speed: float                   # m/s
    distance: float                # metres driven since the start line


class Lap:
    """The lap on `circuit` (engine.venue.circuit.Circuit): times, poses and turn numbers."""

    def __init__(self, circuit, car: CarModel = CarModel()) -> None:
        self.car = car
        line = _smooth_loop(circuit.centre, STEP_M, SMOOTH_PASSES)
        closed_line = np.vstack([line, line[:1]])
        cum = geo.cumulative(closed_line)
        self.track_length = float(cum[-1])
        start_xz, _ = circuit.start_finish()
        i0 = int(np.argmin(np.linalg.norm(line - start_xz, axis=1)))
        self.start_index = i0
        # the path from the start line: one lap plus the run-off after it, as one open polyline
        order = np.r_[np.arange(i0, len(line)), np.arange(0, i0)]
        lap = line[order]
        self.path = np.vstack([lap, lap, lap[:1]])           # two laps is ample room for run-off
        seg = np.linalg.norm(np.diff(self.path, axis=0), axis=1)
        self.s = np.concatenate([[0.0], np.cumsum(seg)])     # distance from the start line
        self.length = float(self.s[len(lap)])                  # one lap
        tang = np.gradient(self.path, axis=0)
        self.headings = np.unwrap(np.arctan2(tang[:, 0], -tang[:, 1]))
        self.curvature = _curvature(self.headings, self.s)
        # turn apexes, in metres after the start line
        self.turns = []
        for t in circuit.turns:
            apex, _ = geo.point_at(circuit.centre, t.s)
            k = int(np.argmin(np.linalg.norm(lap - apex, axis=1)))
            self.turns.append((t.number, float(self.s[k])))
        self.turns.sort(key=lambda nt: nt[1])
        self._profile()

    # -- speeds and times -----------------------------------------------------------------
    def _profile(self) -> None:
        car, s, n_lap = self.car, self.s, int(np.searchsorted(self.s, self.length)) + 1
        ds = np.diff(s)
        limit = np.minimum(car.top_speed, np.sqrt(car.lateral / np.maximum(np.abs(self.curvature), 1e-6)))
        v = limit[:n_lap].copy()
        v[0] = 0.0                                                  # standing start
        for i in range(n_lap - 1):                                  # traction
            a = car.traction * max(0.0, 1.0 - (v[i] / car.top_speed) ** 2) + 0.3
            v[i + 1] = min(v[i + 1], math.sqrt(v[i] ** 2 + 2 * a * ds[i]))
        for i in range(n_lap - 2, -1, -1):                          # braking
            v[i] = min(v[i], math.sqrt(v[i + 1] ** 2 + 2 * car.braking * ds[i]))
        # the run-off after the line: a gentle stop
        tail = [v[-1]]
        j = n_lap - 1
        while tail[-1] > 0.0 and j < len(ds):
            tail.append(math.sqrt(max(0.0, tail[-1] ** 2 - 2 * car.cool_down * ds[j])))
            j += 1
        speeds = np.concatenate([v, tail[1:]])
        m = len(speeds)
        dt = 2 * ds[:m - 1] / np.maximum(speeds[:-1] + speeds[1:], 1e-9)
        self.speeds = speeds
        self.times = np.concatenate([[0.0], np.cumsum(dt)])
        self.lap_time = float(np.interp(self.length, s[:m], self.times))
        self.stop_distance = float(s[m - 1])
        self.duration = float(self.times[-1])                   # launch to standstill

    def distance_at(self, t: float) -> float:
        """Metres from the start line t seconds after the launch (0 before, the stop point after)."""
        return float(np.interp(t, self.times, self.s[:len(self.times)]))

    def pose_at(self, t: float) -> CarPose:
        d = self.distance_at(t)
        x, z = self._point(d)
        heading = float(np.interp(d, self.s, self.headings)) % (2 * math.pi)
        speed = float(np.interp(t, self.times, self.speeds))
        return CarPose(x, z, heading, speed, d)

    def _point(self, d: float) -> tuple[float, float]:
        return (float(np.interp(d, self.s, self.path[:, 0])), float(np.interp(d, self.s, self.path[:, 1])))

    def point(self, d: float) -> np.ndarray:
        """(2,) x/z on the driven line at distance d (negative: before the start line)."""
        return np.array(self._point(d % self.length if d < 0 else d))

    def turn_at(self, distance: float, lead: float = 60.0) -> int | None:
        """The turn the car is in or last went through: the last whose apex is at most `lead` metres
        ahead; None before Turn 1 and after the lap."""
        if distance > self.length:
            return None
        number = None
        for n, apex in self.turns:
            if apex - lead <= distance:
                number = n
        return number

    def chase_camera(self, t: float, behind: float = 16.0, height: float = 5.0,
                     ahead: float = 12.0) -> tuple[np.ndarray, np.ndarray]:
        """Eye (3,) and target (3,): trailing the car along the track, not swinging round it."""
        d = self.distance_at(t)
        e = self.point(d - behind)
        a = self.point(d + ahead)
        return np.array([e[0], height, e[1]]), np.array([a[0], 1.0, a[1]])


def _smooth_loop(centre: np.ndarray, step: float, passes: int) -> np.ndarray:
    """The closed centre line (n, 2) resampled linearly every `step` metres and smoothed: (k, 2)."""
    p = geo.closed(centre)
    cum = geo.cumulative(p)
    s = np.arange(0.0, cum[-1], step)
    line = np.column_stack([np.interp(s, cum, p[:, 0]), np.interp(s, cum, p[:, 1])])
    for _ in range(passes):
        line = (np.roll(line, 1, 0) + 2 * line + np.roll(line, -1, 0)) / 4
    return line


def _curvature(headings: np.ndarray, s: np.ndarray, window_m: float = 24.0) -> np.ndarray:
    """Curvature (n,) 1/m: the heading's rate along s, averaged over `window_m`."""
    k = np.gradient(headings, s)
    w = max(1, int(round(window_m / max(float(np.median(np.diff(s))), 1e-6))))
    kernel = np.ones(w) / w
    return np.convolve(np.pad(k, (w, w), mode="wrap"), kernel, mode="same")[w:-w]


def format_lap_time(seconds: float) -> str:
    """95.234 -> '1:35.234'."""
    m, s = divmod(max(0.0, seconds), 60.0)
    return f"{int(m)}:{s:06.3f}"
