"""The attract tour: an eased camera flight through every hall, then a lap of the circuit.

`Tour(venue).at(t)` gives the camera and what to show at t seconds. The venue part is one
centripetal Catmull-Rom chain through key views: the venue overview, then for each hall its
entrance view, through the door, its stage view (or a view inside), and back out through the door;
then the grandstand and the chase camera behind the car on the grid. The camera stops at key views
and eases (smootherstep on arc length) between them, so its speed is continuous and zero at every
stop. The lap (engine.tour.lap) starts and ends at rest, so joining it to the flights is seamless;
a last flight returns to the first view, so `at(t, loop=True)` repeats without a jump.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from engine.scene.camera import Camera
from engine.tour.lap import CarModel, Lap
from engine.tour.spline import CatmullRomChain, smootherstep, unwrap_degrees
from engine.venue.circuit import Circuit, grandstand_view
from engine.venue.model import Hall, Venue

EYE = 1.65
FOV = 60.0
HALL = "hall"
CIRCUIT = "circuit"


@dataclass(frozen=True)
class TourOptions:
    """Pacing. Times in seconds, distances in metres."""

    dwell_overview: float = 2.5
    dwell_entrance: float = 1.2
    dwell_stage: float = 2.5
    dwell_grandstand: float = 3.0
    dwell_grid: float = 2.0           # behind the car on the grid before the launch
    dwell_parked: float = 1.5         # behind the car after it stops
    leg_base: float = 2.0             # a leg of D metres takes leg_base + leg_per_sqrt_m * sqrt(D)
    leg_per_sqrt_m: float = 0.85
    caption_fade: float = 0.35        # fraction of a leg over which a caption fades out / in
    car: CarModel = field(default_factory=CarModel)


@dataclass(frozen=True)
class TourFrame:
    """What the tour shows at time t.

    eye, target: (x, y, z) metres; fov: vertical degrees. caption: lines to show (hall name, theme ...),
    drawn at caption_opacity (0..1; captions fade between halls). kind: 'hall' (the venue, including
    its overview, where hall is None) or 'circuit'. car: (x, z, heading) with heading a compass bearing
    in radians (0 north/-z, pi/2 east/+x), on circuit frames; lap_time (s since the launch, frozen at
    the finish), turn (1..16: the turn being taken or last taken), speed_kmh and lap_distance (m since
    the start line) while the car runs its lap, else None.
    """

    t: float
    eye: tuple[float, float, float]
    target: tuple[float, float, float]
    fov: float
    caption: tuple[str, ...]
    caption_opacity: float
    kind: str
    hall: str | None
    car: tuple[float, float, float] | None = None
    lap_time: float | None = None
    turn: int | None = None
    speed_kmh: float | None = None
    lap_distance: float | None = None

    def camera(self, near: float = 0.1, far: float = 5000.0) -> Camera:
        """An engine.scene.camera.Camera for this frame."""
        return Camera(self.eye, self.target, fov_y=self.fov, near=near, far=far)


@dataclass
class _Key:
    eye: np.ndarray                 # (3,)
    look: np.ndarray                # (3,) a point looked at
    stop: float | None = None       # dwell seconds; None: the camera passes through
    label: tuple[str | None, str] = (None, HALL)   # (hall id, kind) this view belongs to


@dataclass
class _Piece:
    t0: float
    t1: float
    kind: str                       # "dwell", "move", "lap"
    u0: float = 0.0
    u1: float = 0.0
    s0: float = 0.0
    s1: float = 0.0
    labels: tuple = ((None, HALL), (None, HALL))


def hall_caption(hall: Hall) -> tuple[str, ...]:
    """Caption lines for a hall: its name, its theme and its seats."""
    lines = [hall.name]
    if hall.theme:
        lines.append(f"Theme: {hall.theme}")
    seats, capacity = hall.seats, hall.capacity
    if seats or capacity:
        lines.append(f"{seats:,} seats, capacity {capacity:,}" if seats else f"capacity {capacity:,}")
    return tuple(lines)


def circuit_caption(circuit: Circuit) -> tuple[str, ...]:
    km = circuit.official_length_m / 1000
    return (circuit.name or "Circuit", f"{km:.3f} km, {len(circuit.turns)} turns, clockwise")


class _Flight:
    """A chain of keys with stops: the camera dwells at stops and eases along the curve between them."""

    def __init__(self, keys: list[_Key], options: TourOptions, t0: float) -> None:
        keys = _dedupe(keys)
        keys[0].stop = keys[0].stop or 0.0
        keys[-1].stop = keys[-1].stop or 0.0
        eyes = np.array([k.eye for k in keys])
        d = np.array([k.look - k.eye for k in keys])
        yaw = unwrap_degrees(np.degrees(np.arctan2(d[:, 0], -d[:, 2])))
        pitch = np.degrees(np.arctan2(d[:, 1], np.hypot(d[:, 0], d[:, 2])))
        dist = np.maximum(np.linalg.norm(d, axis=1), 1.0)
        self.keys = keys
        self.chain = CatmullRomChain(eyes, np.column_stack([yaw, pitch, np.log(dist)]))
        u_tab, s_tab = self.chain.arc_table()
        self._u, self._s = u_tab, s_tab
        s_key = np.interp(np.arange(len(keys)), u_tab, s_tab)
        self.pieces: list[_Piece] = []
        t = t0
        stops = [i for i, k in enumerate(keys) if k.stop is not None]
        for a, b in zip(stops[:-1], stops[1:]):
            t = self._dwell(keys, a, t)
            length = float(s_key[b] - s_key[a])
            dur = options.leg_base + options.leg_per_sqrt_m * math.sqrt(length)
            self.pieces.append(_Piece(t, t + dur, "move", a, b, float(s_key[a]), float(s_key[b]),
                                      (keys[a].label, keys[b].label)))
            t += dur
        t = self._dwell(keys, stops[-1], t)
        self.t0, self.t1 = t0, t

    def _dwell(self, keys: list[_Key], i: int, t: float) -> float:
        """A dwell piece at key i from t, if it stops there; returns when the dwell ends."""
        stop = keys[i].stop
        if not stop:
            return t
        self.pieces.append(_Piece(t, t + stop, "dwell", i, i, labels=(keys[i].label,) * 2))
        return t + stop

    def sample(self, piece: _Piece, t: float, fade: float) -> tuple[np.ndarray, np.ndarray, tuple, float]:
        """eye (3,), target (3,), (hall, kind) label, caption opacity."""
        if piece.kind == "dwell":
            u, label, opacity = piece.u0, piece.labels[0], 1.0
        else:
            x = (t - piece.t0) / max(piece.t1 - piece.t0, 1e-9)
            s = piece.s0 + (piece.s1 - piece.s0) * float(smootherstep(x))
            u = float(np.interp(s, self._s, self._u))
            a, b = piece.labels
            if a == b:
                label, opacity = a, 1.0
            elif x < 0.5:
                label, opacity = a, 1.0 - float(smootherstep(x / fade))
            else:
                label, opacity = b, float(smootherstep((x - 1.0 + fade) / fade))
        v = self.chain(u)
        eye = v[:3]
        yaw, pitch, dist = math.radians(v[3]), math.radians(v[4]), math.exp(v[5])
        direction = np.array([math.sin(yaw) * math.cos(pitch), math.sin(pitch), -math.cos(yaw) * math.cos(pitch)])
        return eye, eye + direction * dist, label, opacity


def _dedupe(keys: list[_Key]) -> list[_Key]:
    out = [keys[0]]
    for k in keys[1:]:
        if np.linalg.norm(k.eye - out[-1].eye) < 0.05:
            if k.stop is not None:
                out[-1].stop = max(out[-1].stop or 0.0, k.stop)
                out[-1].look, out[-1].label = k.look, k.label
            continue
        out.append(k)
    if len(out) < 2:
        raise ValueError("the tour needs at least two distinct views")
    return out


def _v(x: float, y: float, z: float) -> np.ndarray:
    return np.array([x, y, z], dtype=np.float64)


class Tour:
    """The attract tour of a venue (engine.venue.Venue). `duration` seconds; `at(t)` -> TourFrame."""

    def __init__(self, venue: Venue, options: TourOptions = TourOptions()) -> None:
        self.venue = venue
        self.options = options
        self.hall_order: list[str] = list(venue.halls)
        circuit = venue.circuit
        self.lap: Lap | None = Lap(circuit, options.car) if circuit is not None else None
        self._captions: dict[str | None, tuple[str, ...]] = {None: self._venue_caption()}
        for hid, hall in venue.halls.items():
            self._captions[hid] = hall_caption(hall)
        if circuit is not None:
            self._captions[CIRCUIT] = circuit_caption(circuit)
        overview = self._overview_key()
        keys = [overview]
        for hid in self.hall_order:
            keys.extend(self._hall_keys(venue.halls[hid], keys[-1]))
        if self.lap is not None and circuit is not None:
            keys.extend(self._to_circuit_keys(keys[-1], circuit, self.lap))
        if len(keys) < 2:
            raise ValueError("this scene has no halls and no circuit to tour")
        self.flights = [_Flight(keys, options, 0.0)]
        t = self.flights[0].t1
        self.lap_start: float | None = None   # when the car launches and when it stops (None: no circuit)
        self.lap_end: float | None = None
        if self.lap is not None:
            self.lap_start, self.lap_end = t, t + self.lap.duration
            eye, target = self.lap.chase_camera(self.lap.duration)
            parked = _Key(eye, target, options.dwell_parked, (CIRCUIT, CIRCUIT))
            back = _Key(overview.eye.copy(), overview.look.copy(), 0.0, overview.label)
            self.flights.append(_Flight([parked, *self._between(parked, back), back], options, self.lap_end))
            t = self.flights[-1].t1
        self.duration = t

    # -- building the keys ----------------------------------------------------------------
    def _venue_caption(self) -> tuple[str, ...]:
        v = self.venue
        lines = [v.name or "Venue"]
        if v.halls:
            lines.append(f"{len(v.halls)} halls, {len(v.booths)} booths, {len(v.experiences)} experiences")
        return tuple(lines)

    def _overview_key(self) -> _Key:
        wp = self.venue.waypoints.get("venue-overview")
        if wp is not None:
            return _Key(_v(*wp.position), _v(*wp.look_at), self.options.dwell_overview)
        if self.venue.halls:
            pts = np.vstack([h.footprint() for h in self.venue.halls.values()])
        else:
            pts = np.array([[wp.position[0], wp.position[2]] for wp in self.venue.waypoints.values()]
                           or [[0.0, 0.0]])
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        c, r = (lo + hi) / 2, max(float(np.linalg.norm(hi - lo)) / 2, 20.0)
        return _Key(_v(c[0] + 0.6 * r, 0.9 * r + 10, c[1] + 1.2 * r), _v(c[0], 0.0, c[1]),
                    self.options.dwell_overview)

    def _between(self, a: _Key, b: _Key) -> list[_Key]:
        """A raised midpoint between two views far enough apart: over lamps, trees and roofs."""
        d = float(np.linalg.norm(b.eye[[0, 2]] - a.eye[[0, 2]]))
        if d < 6.0:
            return []
        mid = (a.eye + b.eye) / 2
        mid[1] = max(mid[1], min(60.0, 4.0 + 0.25 * d))
        label = b.label if b.label[1] == a.label[1] else a.label
        return [_Key(mid, b.look.copy(), None, label)]

    def _hall_keys(self, hall: Hall, previous: _Key) -> list[_Key]:
        o, label = self.options, (hall.id, HALL)
        wps = self.venue.waypoints
        entrance, stage = wps.get(f"{hall.id}-entrance"), wps.get(f"{hall.id}-stage")
        door = None
        if hall.doors:
            ref = np.array([entrance.position[0], entrance.position[2]]) if entrance else np.array(hall.center)
            door = min(hall.doors, key=lambda d: float(np.hypot(*(np.array(d.center) - ref))))
        if entrance is not None:
            enter = _Key(_v(*entrance.position), _v(*entrance.look_at), o.dwell_entrance, label)
        elif door is not None:
            x, z = door.outside_point(9.0)
            enter = _Key(_v(x, EYE, z), _v(door.center[0], 2.6, door.center[1]), o.dwell_entrance, label)
        else:
            c = hall.center
            return [*self._between(previous, _Key(_v(c[0], 0, c[1]), _v(c[0], 0, c[1]))),
                    _Key(_v(c[0] + 0.3, hall.height + 25.0, c[1] + 30.0), _v(c[0], 0.0, c[1]),
                         o.dwell_stage, label)]
        if stage is not None:
            inside = _Key(_v(*stage.position), _v(*stage.look_at), o.dwell_stage, label)
        else:
            x, z = door.inside_point(5.0) if door else hall.center
            inside = _Key(_v(x, 3.0, z), _v(hall.center[0], 1.5, hall.center[1]), o.dwell_stage, label)
        keys = [*self._between(previous, enter), enter]
        if door is None:
            return keys + [inside]
        inward = -np.array(door.outward)
        cx, cz = door.center

        def at(dist: float, y: float) -> np.ndarray:
            return _v(cx + inward[0] * dist, y, cz + inward[1] * dist)
        into = lambda p: _Key(p, p + _v(inward[0] * 10, -0.4, inward[1] * 10), None, label)  # noqa: E731
        through = [at(-2.5, 2.0), at(0.0, 2.0), at(2.5, 2.1)]
        keys += [into(p) for p in through] + [inside]
        keys += [into(p) for p in reversed(through)] + [into(at(-10.0, 3.0))]
        return keys

    def _to_circuit_keys(self, previous: _Key, circuit: Circuit, lap: Lap) -> list[_Key]:
        o, label = self.options, (CIRCUIT, CIRCUIT)
        wp = self.venue.waypoints.get("grandstand-view")
        if wp is not None:
            stand = _Key(_v(*wp.position), _v(*wp.look_at), o.dwell_grandstand, label)
        else:
            eye, target = grandstand_view(circuit.centre, circuit.start_s)
            stand = _Key(eye, target, o.dwell_grandstand, label)
        eye, target = lap.chase_camera(0.0)
        grid = _Key(eye, target, o.dwell_grid, label)
        return [*self._between(previous, stand), stand, grid]

    # -- sampling ------------------------------------------------------------------------
    def at(self, t: float, loop: bool = False) -> TourFrame:
        """The frame at t seconds (clamped to 0..duration, or wrapped when loop is True)."""
        t = float(t) % self.duration if loop else min(max(float(t), 0.0), self.duration)
        if self.lap is not None and self.lap_start is not None and self.lap_end is not None \
                and self.lap_start <= t <= self.lap_end:
            return self._lap_frame(t, self.lap, self.lap_start)
        for flight in self.flights:
            if flight.t0 <= t <= flight.t1:
                piece = next((p for p in flight.pieces if p.t0 <= t <= p.t1), flight.pieces[-1])
                eye, target, (hall, kind), opacity = flight.sample(piece, t, self.options.caption_fade)
                return self._frame(t, eye, target, hall, kind, opacity)
        raise AssertionError(f"no piece covers t={t}")

    def _frame(self, t, eye, target, hall, kind, opacity) -> TourFrame:
        car = None
        if kind == CIRCUIT and self.lap is not None:
            p = self.lap.pose_at(0.0 if self.lap_start is None or t < self.lap_start else self.lap.duration)
            car = (p.x, p.z, p.heading)
        caption = self._captions.get(CIRCUIT if kind == CIRCUIT else hall, ())
        return TourFrame(t, _tuple(eye), _tuple(target), FOV, caption, max(0.0, min(1.0, opacity)),
                         kind, hall if kind == HALL else None, car)

    def _lap_frame(self, t: float, lap: Lap, lap_start: float) -> TourFrame:
        dt = t - lap_start
        pose = lap.pose_at(dt)
        eye, target = lap.chase_camera(dt)
        finished = pose.distance >= lap.length
        return TourFrame(t, _tuple(eye), _tuple(target), FOV, self._captions[CIRCUIT], 1.0, CIRCUIT, None,
                         (pose.x, pose.z, pose.heading), min(dt, lap.lap_time),
                         None if finished else lap.turn_at(pose.distance), pose.speed * 3.6,
                         min(pose.distance, lap.length))

    def times(self, count: int) -> np.ndarray:
        """`count` times spread evenly over the tour, first and last included: (count,)."""
        return np.linspace(0.0, self.duration, count) if count > 1 else np.zeros(1)

    def hall_times(self) -> dict[str, float]:
        """{hall id: the time the camera first stops at that hall}."""
        out: dict[str, float] = {}
        for flight in self.flights:
            for p in flight.pieces:
                hall, kind = p.labels[0]
                if p.kind == "dwell" and kind == HALL and hall and hall not in out:
                    out[hall] = p.t0
        return out


def _tuple(v: np.ndarray) -> tuple[float, float, float]:
    return (float(v[0]), float(v[1]), float(v[2]))
