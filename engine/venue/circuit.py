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
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from engine.venue import geo, grandstand, lake, runoff, track_paint
from engine.venue.geometry import MeshBuilder, hex_color
from engine.venue.track_geometry import GROUND_UV_PER_M, Straight, dense, offset_line, ribbon, tiles

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
PIT_LANE = (-330.0, 360.0)     # where the pit lane leaves and rejoins, from the start line (illustrative)
PIT_HALF_WIDTH_M = 5.0
# Meshes spread over the whole lap are cut into tiles this big, so the renderer culls those out of view.
TILE_M = 700.0
TILED = ("track", "paint", "barriers")
PARTS = ("track", "gravel", "paint", "barriers", "grandstand", "buildings", "water")


def start_straight(centre_local: np.ndarray, start_s: float) -> Straight:
    """The frame of the start/finish line: everything on the straight is laid out from it."""
    return Straight(*geo.point_at(centre_local, start_s))


def circuit_builders(centre_local: np.ndarray, half: np.ndarray, start_s: float,
                     turns_s: list[float]) -> dict[str, MeshBuilder]:
    """Builders for the circuit in its local frame, one per material and, for those spread over the lap, per
    tile (`track.0`, `track.1`...): track and run-off, gravel, paint, barriers, grandstand and bridges,
    buildings, the lake's water."""
    out = {k: MeshBuilder() for k in PARTS}
    pts, hw, s = dense(centre_local, half)
    left, right = offset_line(pts, -hw[:, 1]), offset_line(pts, hw[:, 0])
    ribbon(out["track"], left, right, 0.03, ASPHALT, closed=True, uv_scale=GROUND_UV_PER_M)
    st = start_straight(centre_local, start_s)
    pit = _pit_lane(out["track"], centre_local, start_s)
    side = runoff.lay_out(centre_local, pts, hw, s, left, right, turns_s, keep_clear(st, pit))
    runoff.build_surfaces(out["track"], out["gravel"], side)
    runoff.build_barriers(out["barriers"], side)
    track_paint.edge_lines(out["paint"], left, right)
    track_paint.kerbs(out["paint"], centre_local, half, turns_s)
    track_paint.start_and_grid(out["paint"], centre_local, start_s)
    track_paint.pit_lane_lines(out["paint"], pit, PIT_HALF_WIDTH_M)
    grandstand.build_grandstand(out["grandstand"], st)
    grandstand.build_bridges(out["grandstand"], st)
    lake.pit_building(out["buildings"], st)
    lake.paddock(out["track"], out["water"], out["buildings"], st)
    return _tiled(out)


def _tiled(parts: dict[str, MeshBuilder]) -> dict[str, MeshBuilder]:
    out: dict[str, MeshBuilder] = {}
    for name, b in parts.items():
        if b.empty:
            continue
        if name in TILED:
            out.update({f"{name}.{k}": t for k, t in enumerate(tiles(b, TILE_M))})
        else:
            out[name] = b
    return out


def part_name(mesh_name: str) -> str:
    """The part a (possibly tiled) mesh belongs to: `track.3` -> `track`."""
    return mesh_name.split(".")[0]


def pit_lane_centre(centre_local: np.ndarray, start_s: float) -> np.ndarray:
    """The pit lane's centre line (k, 2), on the inside (right) of the main straight."""
    ss = np.arange(start_s + PIT_LANE[0], start_s + PIT_LANE[1], 6.0)
    straight = np.array([geo.point_at(centre_local, v)[0] for v in ss])
    ramp = np.clip(np.minimum(ss - ss[0], ss[-1] - ss) / 70.0, 0, 1)
    return offset_line(straight, 12 + 18 * ramp)


def _pit_lane(b: MeshBuilder, centre_local: np.ndarray, start_s: float) -> np.ndarray:
    """The pit lane's surface, leaving and rejoining the track; returns its centre line."""
    pit = pit_lane_centre(centre_local, start_s)
    ribbon(b, offset_line(pit, -PIT_HALF_WIDTH_M), offset_line(pit, PIT_HALF_WIDTH_M), 0.025, PIT, closed=False,
           uv_scale=GROUND_UV_PER_M)
    return pit


def keep_clear(st: Straight, pit: np.ndarray) -> BaseGeometry:
    """Where run-off, gravel and barriers must not go: the pit lane, the pit building and the stand."""
    return unary_union([LineString(pit).buffer(PIT_HALF_WIDTH_M + 0.5, cap_style="flat"),
                        Polygon(st.rect((-260.0, 260.0), (lake.PIT_ACROSS_M - 14.0, lake.PADDOCK_ACROSS[1]))),
                        Polygon(grandstand.footprint(st)).buffer(2.0)])


def grandstand_view(centre: np.ndarray, start_s: float) -> tuple[np.ndarray, np.ndarray]:
    """A seat high in the main grandstand looking across the start/finish line: eye (3,), target (3,)."""
    return grandstand.seat_view(start_straight(centre, start_s))


def footprints(circuit: Circuit) -> list[np.ndarray]:
    """Obstacle outlines (k, 2) in the venue frame: grandstand and pit building (the track is not walkable
    ground for visitors but is kept out of the venue's floor rather than listed here)."""
    st = start_straight(circuit.centre, circuit.start_s)
    half = lake.GARAGES * 10.0
    return [grandstand.footprint(st), st.rect((-half, half), (lake.PIT_ACROSS_M - 12.0, lake.PIT_ACROSS_M + 12.0))]
