"""The Shanghai International Circuit: the project's data file, its derived facts and its meshes.

The data file (`assets/data/shanghai-circuit.json`) carries the centre line as WGS84 lon/lat with the
track's half-widths, the start/finish line and the sixteen turns as distances along the lap. It is
derived from bacinger/f1-circuits (MIT) and TUMFTM/racetrack-database (LGPL-3.0, from OpenStreetMap,
ODbL) by `import_circuit`; the attribution travels inside the file.

Meshes are built in the circuit's own frame, whose origin is the data file's `reference` lon/lat;
the venue places them with a translation (see `Circuit.offset`).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from engine.venue import geo
from engine.venue.geometry import MeshBuilder, hex_color

OFFICIAL_LENGTH_M = 5451.0
# Distances (m) from the data's first point to each turn's apex, T1..T16, picked from the centre line's
# heading changes (see `turn_report`): the snail (T1-T4), T5 kink, T6 hairpin, T7-T10, T11-T13, the back
# straight, T14 hairpin, T15, T16 onto the main straight.
TURN_S = (150, 390, 490, 610, 945, 1215, 1640, 1940, 2165, 2280, 2780, 2920, 3150, 4405, 4480, 4778)

ATTRIBUTION = (
    "Centre line: bacinger/f1-circuits, circuits/cn-2004.geojson (MIT licence, (c) 2021 Tomislav Bacinger). "
    "Track half-widths: TUMFTM/racetrack-database, tracks/Shanghai.csv (LGPL-3.0; centre line from "
    "OpenStreetMap contributors, ODbL). Coordinates rounded and re-sampled into this project's format; "
    "turn positions, pit lane and buildings are this project's illustrative additions.")


def import_circuit(geojson_path: Path, widths_csv: Path | None = None) -> dict:
    """The project's circuit document from the reference GeoJSON (and optional TUMFTM widths CSV)."""
    doc = json.loads(Path(geojson_path).read_text(encoding="utf-8"))
    feature = doc["features"][0] if "features" in doc else doc
    lonlat = np.asarray(feature["geometry"]["coordinates"], dtype=np.float64)
    if np.allclose(lonlat[0], lonlat[-1]):
        lonlat = lonlat[:-1]
    ref_lon, ref_lat = 121.2225, 31.3377   # TUMFTM's frame origin, on the main straight
    xz = geo.lonlat_to_xz(lonlat, ref_lat, ref_lon)
    half = np.full((len(xz), 2), 6.5)
    start_s = 0.0
    if widths_csv is not None and Path(widths_csv).is_file():
        raw = np.loadtxt(widths_csv, delimiter=",", comments="#")
        t_xz = np.column_stack([raw[:, 0], -raw[:, 1]])
        # Best pure translation: move the TUMFTM line onto the GeoJSON one by mean nearest offset.
        for _ in range(3):
            near = np.argmin(((xz[:, None] - t_xz[None]) ** 2).sum(-1), axis=1)
            t_xz = t_xz + (xz - t_xz[near]).mean(axis=0)
        near = np.argmin(((xz[:, None] - t_xz[None]) ** 2).sum(-1), axis=1)
        half = raw[near][:, [2, 3]]
        start_s = _project_s(xz, t_xz[0])   # TUMFTM tracks begin at the start/finish line
    points = [[round(float(lo), 6), round(float(la), 6), round(float(r), 2), round(float(le), 2)]
              for (lo, la), (r, le) in zip(lonlat, half)]
    return {
        "name": "Shanghai International Circuit",
        "name_zh": "上海国际赛车场",
        "attribution": ATTRIBUTION,
        "licence": "centre line MIT (bacinger/f1-circuits); widths LGPL-3.0 (TUMFTM/racetrack-database)",
        "official_length_m": OFFICIAL_LENGTH_M,
        "direction": "clockwise",
        "reference": {"lon": ref_lon, "lat": ref_lat},
        "start_finish_s": round(start_s, 1),
        "turns_s": list(TURN_S),
        "centre_line_columns": ["lon", "lat", "half_width_right_m", "half_width_left_m"],
        "centre_line": points,
    }


def circuit_json(doc: dict) -> str:
    """The data file's exact text: one centre-line point per line."""
    head = {k: v for k, v in doc.items() if k != "centre_line"}
    body = json.dumps(head, indent=2, ensure_ascii=False)[:-2]
    rows = ",\n".join("    " + json.dumps(p) for p in doc["centre_line"])
    return body + ',\n  "centre_line": [\n' + rows + "\n  ]\n}\n"


def _project_s(line: np.ndarray, point: np.ndarray) -> float:
    """Distance along a closed line (n, 2) of the point on it nearest `point`."""
    p = geo.closed(line)
    a, b = p[:-1], p[1:]
    d = b - a
    t = np.clip(((point - a) * d).sum(1) / np.maximum((d * d).sum(1), 1e-12), 0, 1)
    dist = np.linalg.norm(a + t[:, None] * d - point, axis=1)
    i = int(np.argmin(dist))
    return float(geo.cumulative(p)[i] + t[i] * np.linalg.norm(d[i]))


@dataclass
class TurnMarker:
    number: int
    s: float                      # metres from the data's first point
    position: tuple[float, float]  # x, z of the apex on the centre line (venue frame)
    marker: tuple[float, float]    # x, z of the numbered board (outside of the turn)
    direction: str                 # "right" or "left"


@dataclass
class Circuit:
    """The circuit in the venue frame. centre (n, 2) x/z metres; half_widths (n, 2) right, left."""

    name: str
    centre: np.ndarray
    half_widths: np.ndarray
    offset: np.ndarray           # (2,) x/z of the data's reference point in the venue frame
    start_s: float
    turns: list[TurnMarker] = field(default_factory=list)
    attribution: str = ""
    official_length_m: float = OFFICIAL_LENGTH_M

    @property
    def length_m(self) -> float:
        return geo.polyline_length(self.centre)

    @property
    def clockwise(self) -> bool:
        return geo.is_clockwise(self.centre)

    def start_finish(self) -> tuple[np.ndarray, np.ndarray]:
        """Position (2,) and driving direction (2,) at the start/finish line."""
        return geo.point_at(self.centre, self.start_s)


MAX_CIRCUIT_BYTES = 8 << 20
MAX_CENTRE_POINTS = 20_000
MAX_TURNS = 100


def _finite(v: object, lo: float, hi: float) -> bool:
    """A JSON number (not a bool) within lo..hi; ints are compared, never converted (10**400 would overflow)."""
    return (isinstance(v, (int, float)) and not isinstance(v, bool)
            and (isinstance(v, int) or math.isfinite(v)) and lo <= v <= hi)


def circuit_problem(doc: object) -> str | None:
    """What makes a parsed data file unusable as circuit data, or None: the checks `load_circuit`
    relies on, so that JSON which is not circuit data is named as such instead of failing deep inside."""
    if not isinstance(doc, dict):
        return "not circuit data: expected a JSON object with centre_line and reference"
    rows = doc.get("centre_line")
    if not isinstance(rows, list) or not 8 <= len(rows) <= MAX_CENTRE_POINTS:
        return f"centre_line must be a list of 8 to {MAX_CENTRE_POINTS:,} rows of [lon, lat, right, left]"
    for i, row in enumerate(rows):
        if not (isinstance(row, list) and len(row) == 4 and _finite(row[0], -180, 180) and _finite(row[1], -90, 90)
                and all(_finite(w, 1e-3, 50) for w in row[2:])):
            return f"centre_line[{i}] is not [lon, lat, right, left] with half-widths of 0..50 m"
    ref = doc.get("reference")
    if not (isinstance(ref, dict) and _finite(ref.get("lat"), -90, 90) and _finite(ref.get("lon"), -180, 180)):
        return "reference must be {\"lat\": degrees, \"lon\": degrees}"
    turns = doc.get("turns_s", [])
    if not isinstance(turns, list) or len(turns) > MAX_TURNS or not all(_finite(t, 0, 1e6) for t in turns):
        return f"turns_s must be a list of at most {MAX_TURNS} distances of 0..1e6 m"
    for key, lo in (("start_finish_s", 0.0), ("official_length_m", 1.0)):
        if key in doc and not _finite(doc[key], lo, 1e6):
            return f"{key} must be a number of {lo:g}..1e6 m"
    if any(key in doc and not isinstance(doc[key], str) for key in ("name", "attribution")):
        return "name and attribution must be text"
    return None


def load_circuit(path: Path, origin_lat: float, origin_lon: float) -> Circuit:
    """Read the data file into the venue frame; raises ValueError/KeyError on a malformed file."""
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    pts = np.asarray(doc["centre_line"], dtype=np.float64)
    if pts.ndim != 2 or pts.shape[1] != 4 or len(pts) < 8:
        raise ValueError("centre_line must hold at least 8 rows of [lon, lat, right, left]")
    if not np.isfinite(pts).all() or (pts[:, 2:] <= 0).any() or (pts[:, 2:] > 50).any():
        raise ValueError("centre_line holds non-finite values or half-widths outside 0..50 m")
    ref = doc["reference"]
    offset = geo.lonlat_to_xz(np.array([[ref["lon"], ref["lat"]]]), origin_lat, origin_lon)[0]
    centre = geo.lonlat_to_xz(pts[:, :2], origin_lat, origin_lon)
    circuit = Circuit(str(doc.get("name", "circuit")), centre, pts[:, 2:4], offset,
                      float(doc.get("start_finish_s", 0.0)), attribution=str(doc.get("attribution", "")),
                      official_length_m=float(doc.get("official_length_m", OFFICIAL_LENGTH_M)))
    circuit.turns = _turn_markers(centre, [float(s) for s in doc.get("turns_s", [])])
    return circuit


def _turn_markers(centre: np.ndarray, turns_s: list[float]) -> list[TurnMarker]:
    out = []
    for i, s in enumerate(turns_s, start=1):
        before, _ = geo.point_at(centre, s - 40)
        apex, tangent = geo.point_at(centre, s)
        after, _ = geo.point_at(centre, s + 40)
        d1, d2 = apex - before, after - apex
        # In x/z (z south), cross > 0 means turning clockwise seen from above: a right turn.
        cross = d1[0] * d2[1] - d1[1] * d2[0]
        direction = "right" if cross > 0 else "left"
        right_normal = np.array([-tangent[1], tangent[0]])  # right of travel in x/z
        outside = -right_normal if direction == "right" else right_normal
        marker = apex + outside * 22.0
        out.append(TurnMarker(i, s, (float(apex[0]), float(apex[1])),
                              (float(marker[0]), float(marker[1])), direction))
    return out


# ----------------------------------------------------------------------------------------------- meshes

ASPHALT = hex_color("#4a4d52")
PIT = hex_color("#5a5d62")
WHITE = hex_color("#f2f2f2")
RED = hex_color("#d02a23")
CONCRETE = hex_color("#b9b4aa")
SEAT_BLUE = hex_color("#2f6db3")
SEAT_RED = hex_color("#c8372d")
ROOF = hex_color("#e8e8ea")
WATER = hex_color("#5d8fb0")
GLASS_DARK = hex_color("#3c5468")


def _offset_line(line: np.ndarray, dist: np.ndarray | float) -> np.ndarray:
    """A closed or open polyline (n, 2) moved sideways; positive = right of travel (x/z)."""
    t = np.gradient(line, axis=0)
    t /= np.maximum(np.linalg.norm(t, axis=1, keepdims=True), 1e-12)
    right = np.column_stack([-t[:, 1], t[:, 0]])
    return line + right * np.asarray(dist, dtype=np.float64).reshape(-1, 1)


def _ribbon(b: MeshBuilder, left: np.ndarray, right: np.ndarray, y: float, color, closed: bool,
            colors: np.ndarray | None = None) -> None:
    """A flat strip between two polylines (n, 2) at height y, facing up."""
    n = len(left)
    pos = np.empty((2 * n, 3))
    pos[0::2, 0], pos[0::2, 2] = left[:, 0], left[:, 1]
    pos[1::2, 0], pos[1::2, 2] = right[:, 0], right[:, 1]
    pos[:, 1] = y
    segs = n if closed else n - 1
    i = np.arange(segs)
    a, bb, c, d = 2 * i, 2 * i + 1, (2 * i + 2) % (2 * n), (2 * i + 3) % (2 * n)
    tris = np.concatenate([np.column_stack([a, c, bb]), np.column_stack([bb, c, d])])
    p = pos
    nrm = np.cross(p[tris[:, 1]] - p[tris[:, 0]], p[tris[:, 2]] - p[tris[:, 0]])
    flip = nrm[:, 1] < 0
    tris[flip] = tris[flip][:, ::-1]
    b.add(pos, tris, (0, 1, 0), None, color if colors is None else colors)


def _dense(circuit_local: np.ndarray, half: np.ndarray, step: float = 4.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Linear resampling of the closed centre line: points (k, 2), half-widths (k, 2), s (k,)."""
    p = geo.closed(circuit_local)
    h = np.vstack([half, half[:1]])
    cum = geo.cumulative(p)
    s = np.arange(0.0, cum[-1], step)
    pts = np.column_stack([np.interp(s, cum, p[:, 0]), np.interp(s, cum, p[:, 1])])
    hw = np.column_stack([np.interp(s, cum, h[:, 0]), np.interp(s, cum, h[:, 1])])
    # a light smoothing of the corners the 141-point source draws as polygons
    for _ in range(2):
        pts = (np.roll(pts, 1, 0) + 2 * pts + np.roll(pts, -1, 0)) / 4
    return pts, hw, s


def circuit_builders(centre_local: np.ndarray, half: np.ndarray, start_s: float,
                     turns_s: list[float]) -> dict[str, MeshBuilder]:
    """Builders for the circuit in its local frame: track, kerbs, lines, grandstand, buildings, water."""
    pts, hw, s = _dense(centre_local, half)
    out = {k: MeshBuilder() for k in ("track", "kerbs", "lines", "grandstand", "buildings", "water")}
    left_edge, right_edge = _offset_line(pts, -hw[:, 1]), _offset_line(pts, hw[:, 0])
    _ribbon(out["track"], left_edge, right_edge, 0.03, ASPHALT, closed=True)
    for edge, sign in ((left_edge, -1), (right_edge, 1)):
        inner = _offset_line(edge, -sign * 0.35)
        _ribbon(out["lines"], inner, edge, 0.05, WHITE, closed=True)
    _kerbs(out["kerbs"], s, left_edge, right_edge, turns_s)
    pos, tan = geo.point_at(centre_local, start_s)
    right = np.array([-tan[1], tan[0]])
    _start_line(out["lines"], pos, tan, right)
    _pit_lane(out["track"], centre_local, start_s)
    _pit_and_paddock(out["buildings"], out["water"], pos, tan, right)
    _grandstand(out["grandstand"], pos, tan, right)
    return out


def _kerbs(b: MeshBuilder, s: np.ndarray, left_edge: np.ndarray, right_edge: np.ndarray,
           turns_s: list[float]) -> None:
    """Red and white blocks on both edges for 55 m either side of each turn (s: distance of each point)."""
    length = s[-1] + (s[1] - s[0])
    for ts in turns_s:
        sel = np.where(np.abs(((s - ts + length / 2) % length) - length / 2) < 55)[0]
        if len(sel) < 2:
            continue
        sel = np.sort(sel)
        for edge, sign in ((left_edge, -1), (right_edge, 1)):
            e = edge[sel]
            outer = _offset_line(e, sign * 1.2)
            for j in range(len(sel) - 1):
                col = RED if j % 2 == 0 else WHITE
                quad = np.array([e[j], e[j + 1], outer[j + 1], outer[j]])
                _ribbon(b, quad[[0, 1]], quad[[3, 2]], 0.06, col, closed=False)


def _start_line(b: MeshBuilder, pos: np.ndarray, tan: np.ndarray, right: np.ndarray) -> None:
    """The start/finish line across the track and a chequered band beside it."""
    w = 9.0
    a, c = pos - right * w, pos + right * w
    strip = np.array([a - tan * 0.6, a + tan * 0.6, c + tan * 0.6, c - tan * 0.6])
    _ribbon(b, strip[[0, 3]], strip[[1, 2]], 0.07, WHITE, closed=False)
    for k in range(10):
        for r in range(2):
            if (k + r) % 2:
                continue
            p0 = a + right * (k * 1.8) + tan * (0.6 + r * 1.2)
            q = np.array([p0, p0 + right * 1.8, p0 + right * 1.8 + tan * 1.2, p0 + tan * 1.2])
            _ribbon(b, q[[0, 3]], q[[1, 2]], 0.07, hex_color("#111111"), closed=False)


def _pit_lane(b: MeshBuilder, centre_local: np.ndarray, start_s: float) -> None:
    """The pit lane on the inside (right) of the main straight, leaving and rejoining the track."""
    ss = np.arange(start_s - 330, start_s + 360, 6.0)
    straight = np.array([geo.point_at(centre_local, v)[0] for v in ss])
    ramp = np.clip(np.minimum(ss - ss[0], ss[-1] - ss) / 70.0, 0, 1)
    pit_centre = _offset_line(straight, 12 + 18 * ramp)
    _ribbon(b, _offset_line(pit_centre, -5.0), _offset_line(pit_centre, 5.0), 0.025, PIT, closed=False)


def _pit_and_paddock(bld: MeshBuilder, water: MeshBuilder, pos: np.ndarray, tan: np.ndarray,
                     right: np.ndarray) -> None:
    """The pit building (garages) right of the pit lane, and team pavilions on a lake behind it."""
    yaw = math.degrees(math.atan2(-tan[1], tan[0]))
    for k in range(-11, 12):
        c2 = pos + tan * (k * 20.0) + right * 44.0
        bld.oriented_box((c2[0], 0, c2[1]), (19.6, 11.0, 18.0), yaw, hex_color("#d7d9dc"))
        bld.oriented_box((c2[0] - right[0] * 9.05, 0.2, c2[1] - right[1] * 9.05), (16.0, 5.0, 0.2), yaw, GLASS_DARK)
    bld.oriented_box((pos[0] + right[0] * 44, 11.0, pos[1] + right[1] * 44), (470.0, 1.2, 24.0), yaw, ROOF)
    lake_c = pos + right * 120
    lake = np.array([lake_c + tan * u + right * v for u, v in ((-240, -40), (240, -40), (240, 45), (-240, 45))])
    water.prism(lake, 0.0, 0.02, WATER, sides=False)
    for k in range(-5, 6):
        c2 = pos + tan * (k * 42.0) + right * 120
        bld.oriented_box((c2[0], 0, c2[1]), (24.0, 9.0, 30.0), yaw, hex_color("#f0ede6"))
        bld.oriented_box((c2[0], 9.0, c2[1]), (30.0, 0.8, 36.0), yaw, hex_color("#8a6a4f"))


def _grandstand(gs: MeshBuilder, pos: np.ndarray, tan: np.ndarray, right: np.ndarray) -> None:
    """The main grandstand: stepped tiers facing the straight from its left (outside), a back wall, a roof."""
    yaw = math.degrees(math.atan2(-tan[1], tan[0]))
    tiers = 24
    for t in range(tiers):
        d = 22.0 + t * 1.6
        h = 1.0 + t * 0.75
        c2 = pos - right * (d + 0.8)
        gs.oriented_box((c2[0], 0, c2[1]), (400.0, h, 1.6), yaw, SEAT_BLUE if t % 6 else SEAT_RED,
                        faces="xXYzZ")
    back = pos - right * (22.0 + tiers * 1.6 + 3)
    gs.oriented_box((back[0], 0, back[1]), (404.0, 1.0 + tiers * 0.75 + 10, 6.0), yaw, CONCRETE)
    roof_c = pos - right * (22.0 + tiers * 0.8 + 2)
    gs.oriented_box((roof_c[0], 1.0 + tiers * 0.75 + 10, roof_c[1]), (404.0, 1.0, tiers * 1.6 + 14), yaw, ROOF)


def grandstand_view(centre: np.ndarray, start_s: float) -> tuple[np.ndarray, np.ndarray]:
    """A seat high in the main grandstand looking across the start/finish line: eye (3,), target (3,)."""
    pos, tan = geo.point_at(centre, start_s)
    right = np.array([-tan[1], tan[0]])
    eye = pos - right * 50.0 + tan * 20.0
    target = pos + right * 40.0 - tan * 60.0
    return np.array([eye[0], 18.5, eye[1]]), np.array([target[0], 2.0, target[1]])


def footprints(circuit: Circuit) -> list[np.ndarray]:
    """Obstacle outlines (k, 2) in the venue frame: grandstand and pit building (the track is not walkable
    ground for visitors but is kept out of the venue's floor rather than listed here)."""
    pos, tan = circuit.start_finish()
    right = np.array([-tan[1], tan[0]])

    def rect(c, along, across):
        return np.array([c + tan * u + right * v for u, v in ((-along, -across), (along, -across),
                                                              (along, across), (-along, across))])
    gs_c = pos - right * (22.0 + 24 * 0.8 + 1.5)
    return [rect(gs_c, 202.0, 24 * 0.8 + 4.5), rect(pos + right * 44, 235.0, 12.0)]
