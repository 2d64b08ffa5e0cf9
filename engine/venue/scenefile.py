"""Read and check a venue scene file (TOML): every fatal problem is a `UserError` naming the file,
the line where it can be found, the key path and what is wrong. Problems that still let the scene open
(capacity above seats, a booth outside its hall...) are returned as warnings for `validate`.

The format is documented in scenes/README.md.
"""
from __future__ import annotations

import difflib
import json
import math
import re
import tomllib
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

import numpy as np
from shapely.geometry import Polygon

from engine import PROJECT_ROOT
from engine.agenda.model import VENUE_TZ
from engine.agenda.queries import parse_time
from engine.errors import UserError
from engine.fileio import input_problem
from engine.venue.circuit import MAX_CIRCUIT_BYTES, circuit_problem
from engine.venue.geo import lonlat_to_xz
from engine.venue.limits import (
    MAX_BOOTHS,
    MAX_COORD,
    MAX_EXPERIENCES,
    MAX_FILE_BYTES,
    MAX_HALLS,
    MAX_NUMBER,
    MAX_POLYGON_POINTS,
    MAX_ROOMS,
    MAX_SEATS_PER_HALL,
    MAX_TREES,
    MAX_WALKWAY_POINTS,
    MAX_WALKWAYS,
    MAX_WAYPOINTS,
    document_problem,
)
from engine.venue.model import (
    WALLS,
    Bilingual,
    Booth,
    CircuitSpec,
    Door,
    Experience,
    GeoRef,
    Hall,
    HallKind,
    Plaza,
    SceneSpec,
    Seating,
    TreeRow,
    Walkway,
    WaypointSpec,
    chinese,
)

__all__ = ["SceneSpec", "read_scene"]

HALL_SIZE = (4.0, 300.0)    # metres, each side
HALL_HEIGHT = (2.5, 40.0)
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
HALL_KINDS = tuple(k.value for k in HallKind)   # as the file spells them: forum, subforum, exhibition
DEFAULT_SPAWN_NAME = "Spawn point"   # a spawn the file does not name
ZH_SIGN_CHARACTERS = 30     # a Chinese character is about two Latin letters wide: 60 letters' worth of sign
LineRange = tuple[int, int]   # first line of a table or array item, and the line after it
Ids = dict[str, str]          # every id in the file so far: {id: key path of what uses it}


# ------------------------------------------------------------------------------------- reading helpers

class _Reader:
    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.warnings: list[str] = []
        self._headers: list[tuple[int, str]] = []
        for i, line in enumerate(self.lines, start=1):
            m = re.match(r"\s*(\[\[?)\s*([A-Za-z0-9_.\-\" ]+?)\s*\]\]?", line)
            if m:
                self._headers.append((i, m.group(2).replace('"', "").replace(" ", "")))

    # where things are -------------------------------------------------------------------------------
    def item_range(self, array: str, index: int) -> LineRange:
        starts = [ln for ln, name in self._headers if name == array and self._is_array(ln)]
        if index < len(starts):
            end = starts[index + 1] if index + 1 < len(starts) else len(self.lines) + 1
            nxt = [ln for ln, name in self._headers if ln > starts[index] and not name.startswith(array)]
            end = min([end] + nxt)
            return starts[index], end
        start = next((ln for ln, name in self._headers if name == array), 1)
        return start, len(self.lines) + 1

    def _is_array(self, line: int) -> bool:
        return self.lines[line - 1].lstrip().startswith("[[")

    def table_range(self, table: str) -> LineRange | None:
        for k, (ln, name) in enumerate(self._headers):
            if name == table:
                end = next((l2 for l2, n2 in self._headers[k + 1:] if not n2.startswith(table + ".")),
                           len(self.lines) + 1)
                return ln, end
        return None

    def find_key(self, key: str, rng: LineRange | None) -> int | None:
        lo, hi = rng if rng else (1, len(self.lines) + 1)
        pat = re.compile(r"^\s*(\"?)" + re.escape(key) + r"\1\s*=|[{,]\s*" + re.escape(key) + r"\s*=")
        for ln in range(lo, min(hi, len(self.lines) + 1)):
            if pat.search(self.lines[ln - 1]):
                return ln
        return lo if rng else None

    def fail(self, line: int | None, keypath: str, what: str) -> NoReturn:
        where = f"{self.path}:{line}" if line else str(self.path)
        raise UserError(where, f"{keypath}: {what}" if keypath else what)

    def warn(self, line: int | None, keypath: str, what: str) -> None:
        where = f"{self.path}:{line}" if line else str(self.path)
        self.warnings.append(f"{where}: {keypath}: {what}")

    # checking values -----------------------------------------------------------------------------------
    def check_keys(self, obj: dict[str, Any], allowed: tuple[str, ...], keypath: str, rng: LineRange | None,
                   required: tuple[str, ...] = ()) -> None:
        for key in obj:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.5)
                hint = f"; did you mean {close[0]!r}?" if close else f"; known keys: {', '.join(allowed)}"
                self.fail(self.find_key(key, rng), f"{keypath}.{key}" if keypath else key, f"unknown key{hint}")
        for key in required:
            if key not in obj:
                self.fail(rng[0] if rng else None, keypath, f"missing required key {key!r}")

    def value(self, obj: dict[str, Any], key: str, kind: str, keypath: str, rng: LineRange | None,
              default: Any = None, lo: float | None = None, hi: float | None = None) -> Any:
        """obj[key] checked to be of `kind` (and within lo .. hi), or `default` when absent; a value of
        the wrong kind fails with the line of the key."""
        if key not in obj:
            return default
        v = obj[key]
        kp = f"{keypath}.{key}" if keypath else key
        line = self.find_key(key, rng)
        names = {"str": "a string", "int": "an integer", "float": "a number", "bool": "true or false",
                 "xz": "[x, z] in metres", "xyz": "[x, y, z] in metres", "poly": "a list of [x, z] points",
                 "table": "a table", "list": "a list", "color": 'a colour like "#3a7bd5"'}

        def bad(got: Any = v) -> NoReturn:
            self.fail(line, kp, f"expected {names[kind]}, got {_describe(got)}")

        if kind == "str":
            if not isinstance(v, str):
                bad()
        elif kind == "int":
            if isinstance(v, bool) or not isinstance(v, int):
                bad()
        elif kind == "float":
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
                bad()
            v = float(v)
        elif kind == "bool":
            if not isinstance(v, bool):
                bad()
        elif kind in ("xz", "xyz"):
            n = 2 if kind == "xz" else 3
            if not isinstance(v, list) or len(v) != n or not all(_finite_number(c) for c in v):
                bad()
            v = tuple(float(c) for c in v)
            if key != "size" and any(abs(c) > MAX_COORD for c in v):
                self.fail(line, kp, f"{list(v)} is more than {MAX_COORD:g} m from the origin")
        elif kind == "poly":
            if (not isinstance(v, list) or len(v) < 3 or not all(
                    isinstance(p, list) and len(p) == 2 and all(isinstance(c, (int, float)) and not isinstance(c, bool)
                                                                for c in p) for p in v)):
                bad()
            v = np.asarray(v, dtype=np.float64)
            if not np.isfinite(v).all() or np.abs(v).max() > MAX_COORD:
                self.fail(line, kp, f"points must be finite and within {MAX_COORD:g} m of the origin")
        elif kind == "table":
            if not isinstance(v, dict):
                bad()
        elif kind == "list":
            if not isinstance(v, list):
                bad()
        elif kind == "color" and (not isinstance(v, str) or not re.fullmatch(r"#[0-9a-fA-F]{6}", v)):
            bad()
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            self.fail(line, kp, f"{v:g} is outside the allowed range {lo:g} .. {hi:g}")
        return v

    def ident(self, obj: dict[str, Any], keypath: str, rng: LineRange | None, seen: dict[str, str]) -> str:
        if "id" not in obj:
            self.fail(rng[0] if rng else None, keypath, "missing required key 'id'")
        v = self.value(obj, "id", "str", keypath, rng)
        if not ID_RE.match(v):
            self.fail(self.find_key("id", rng), f"{keypath}.id", f"{v!r} is not a kebab-case id "
                      "(lower-case letters, digits and single hyphens, like 'booth-07')")
        if v in seen:
            self.fail(self.find_key("id", rng), f"{keypath}.id", f"duplicate id {v!r} (also used by {seen[v]})")
        seen[v] = keypath
        return v


def _finite_number(c: Any) -> bool:
    # An int is compared, not converted: math.isfinite(10**400) raises OverflowError.
    if isinstance(c, int) and not isinstance(c, bool):
        return abs(c) <= MAX_NUMBER
    return isinstance(c, float) and math.isfinite(c)


def _describe(v: Any) -> str:
    if isinstance(v, bool):
        return f"a boolean ({str(v).lower()})"
    if isinstance(v, str):
        return f"a string ({v!r})" if len(v) < 40 else "a string"
    if isinstance(v, float) and not math.isfinite(v):
        return f"{v} (not a finite number)"
    if isinstance(v, (int, float)):
        return f"a number ({v})"
    if isinstance(v, list) and len(v) <= 4 and all(isinstance(c, (int, float)) for c in v):
        return f"{v}"  # short enough to show which coordinate is wrong
    if isinstance(v, list):
        return f"a list of {len(v)}"
    if isinstance(v, dict):
        return "a table"
    return type(v).__name__


def _read_chinese(r: _Reader, obj: dict[str, Any], target: Bilingual, fields: tuple[str, ...], keypath: str,
                  rng: LineRange | None) -> None:
    """Set the Chinese twin of each English field of `target`: the file's `<field>_zh`, else the catalogue's
    translation (see `chinese`). A blank one is a warning: the scene still opens, with the fallback."""
    for name in fields:
        key = f"{name}_zh"
        own = r.value(obj, key, "str", keypath, rng, default="")
        if key in obj and not own.strip():
            r.warn(r.find_key(key, rng), f"{keypath}.{key}",
                   "empty: leave it out to use the catalogue's translation or the English")
        setattr(target, key, chinese(getattr(target, name), own))


def resolve_asset(scene_path: Path, ref: str, reader: _Reader, line: int | None, keypath: str) -> Path:
    """A path written in the scene file, relative to the scene's folder; it must stay inside the
    scene's folder or the project (no absolute paths, no escaping with '..')."""
    raw = Path(ref)
    if raw.is_absolute() or re.match(r"^[A-Za-z]:[\\/]", ref) or ref.startswith("~"):
        reader.fail(line, keypath, f"refusing {ref!r}: use a path relative to the scene file")
    full = (scene_path.parent / raw).resolve()
    roots = [scene_path.parent.resolve(), PROJECT_ROOT.resolve()]
    if not any(full == r or r in full.parents for r in roots):
        reader.fail(line, keypath, f"refusing {ref!r}: it leaves the scene's folder and the project")
    return full


# ----------------------------------------------------------------------------------------------- parse

TOP_KEYS = ("venue", "room_map", "plaza", "walkways", "halls", "booths", "experiences", "waypoints",
            "spawn", "circuit")
HALL_KEYS = ("id", "name", "name_zh", "kind", "theme", "theme_zh", "center", "size", "rotation", "height", "color",
             "capacity", "signage", "signage_zh", "seating", "stage", "screens", "lectern", "doors")


def read_scene(path: str | Path) -> SceneSpec:
    """Parse and check a scene file; raises UserError for anything that stops it from opening.

    Parts are checked in a fixed order (the venue's origin, agenda and start time, plaza, walkways, halls,
    booths, experiences, waypoints, spawn, room map, circuit, then the venue's name and description), so
    a file with several problems always reports the same one first."""
    path = Path(path)
    text = _read_text(path)
    doc = _parse_toml(path, text)
    r = _Reader(path, text)
    problem = document_problem(doc)
    if problem:
        r.fail(_locate(r, problem[0]), *problem)
    r.check_keys(doc, TOP_KEYS, "", None, required=("venue", "plaza", "halls", "spawn"))
    ids: Ids = {}
    venue_rng = r.table_range("venue")
    venue = r.value(doc, "venue", "table", "", None)
    r.check_keys(venue, ("name", "name_zh", "description", "description_zh", "illustrative", "agenda", "start_time",
                         "origin"), "venue", venue_rng, required=("name", "origin"))
    origin = _read_origin(r, venue, venue_rng)
    agenda = _read_agenda(r, venue, venue_rng)
    start_time = _read_start_time(r, venue, venue_rng)
    plaza = _read_plaza(r, r.value(doc, "plaza", "table", "", None), ids)
    walkways = _read_walkways(r, r.value(doc, "walkways", "list", "", None, default=[]), ids)
    halls = _read_halls(r, r.value(doc, "halls", "list", "", None), ids)
    hall_ids = {h.id for h in halls}
    booths = _read_booths(r, r.value(doc, "booths", "list", "", None, default=[]), ids, hall_ids)
    experiences = _read_experiences(r, r.value(doc, "experiences", "list", "", None, default=[]), ids,
                                    hall_ids | {plaza.id})
    waypoints = _read_waypoints(r, r.value(doc, "waypoints", "list", "", None, default=[]), ids)
    spawn = _read_spawn(r, r.value(doc, "spawn", "table", "", None))
    room_map = _read_room_map(r, r.value(doc, "room_map", "table", "", None, default={}), hall_ids)
    circuit, circuit_path = _read_circuit(r, doc)
    spec = SceneSpec(path, r.value(venue, "name", "str", "venue", venue_rng),
                     r.value(venue, "description", "str", "venue", venue_rng, default=""),
                     r.value(venue, "illustrative", "bool", "venue", venue_rng, default=False),
                     origin, agenda, room_map, start_time, plaza, walkways, halls, booths, experiences,
                     waypoints, spawn, circuit, circuit_path, r.warnings)
    _read_chinese(r, venue, spec, ("name", "description"), "venue", venue_rng)
    return spec


def _locate(r: _Reader, keypath: str) -> int | None:
    """The line of a key path like `halls[2].doors[0].width` or `venue.origin.lat`: the key searched
    within its array item or table."""
    parts = keypath.split(".")
    m = re.fullmatch(r"(\w+)\[(\d+)\]", parts[0])
    if m:
        rng: LineRange | None = r.item_range(m.group(1), int(m.group(2)))
    else:
        tables = [".".join(parts[:k]) for k in range(len(parts) - 1, 0, -1)]
        rng = next((found for t in tables if (found := r.table_range(t))), None)
    key = re.sub(r"\[\d+\]", "", parts[-1]) if len(parts) > 1 or not m else ""
    return r.find_key(key, rng) if key else (rng[0] if rng else None)


def _read_text(path: Path) -> str:
    problem = input_problem(path)
    if problem:
        raise UserError(path, "no such scene file" if problem == "no such file" else problem)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise UserError(path, f"the scene file is larger than {MAX_FILE_BYTES >> 20} MB")
        return path.read_text(encoding="utf-8-sig")  # Windows editors start the file with a byte-order mark
    except UnicodeDecodeError as exc:
        raise UserError(path, f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise UserError(path, f"cannot read: {exc.strerror or exc}") from None


def _parse_toml(path: Path, text: str) -> dict[str, Any]:
    """The TOML document; a syntax error names its line and column the way the other errors do."""
    try:
        return tomllib.loads(text)
    except RecursionError:
        # tomllib reads nested arrays and inline tables recursively: a few hundred levels overflow it.
        raise UserError(path, "broken TOML: nested too deeply to be a scene file") from None
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        where = f"{path}:{m.group(1)}:{m.group(2)}" if m else str(path)
        raise UserError(where, "broken TOML: " + re.sub(r"\s*\(at line \d+, column \d+\)", "", msg)
                        + (f" (line {m.group(1)}, column {m.group(2)})" if m else "")) from None
    except ValueError:
        # tomllib converts integers with int(), which refuses more than 4,300 digits.
        raise UserError(path, "broken TOML: a number with thousands of digits") from None


def _read_origin(r: _Reader, venue: dict[str, Any], venue_rng: LineRange | None) -> GeoRef:
    origin_t = r.value(venue, "origin", "table", "venue", venue_rng)
    rng = r.table_range("venue.origin") or venue_rng
    r.check_keys(origin_t, ("lat", "lon"), "venue.origin", rng, required=("lat", "lon"))
    return GeoRef(r.value(origin_t, "lat", "float", "venue.origin", rng, lo=-90, hi=90),
                  r.value(origin_t, "lon", "float", "venue.origin", rng, lo=-180, hi=180))


def _read_agenda(r: _Reader, venue: dict[str, Any], venue_rng: LineRange | None) -> Path | None:
    """The agenda file beside the scene, if named; a missing one is a warning (the venue still opens)."""
    if "agenda" not in venue:
        return None
    ref = r.value(venue, "agenda", "str", "venue", venue_rng)
    agenda = resolve_asset(r.path, ref, r, r.find_key("agenda", venue_rng), "venue.agenda")
    if not agenda.is_file():
        r.warn(r.find_key("agenda", venue_rng), "venue.agenda", f"no such file {ref!r}")
    return agenda


def _read_start_time(r: _Reader, venue: dict[str, Any], rng: LineRange | None) -> datetime | None:
    """When the venue clock starts: a TOML date-time or a string like "2023-09-20 08:50"
    (times without an offset are the venue's, Asia/Shanghai)."""
    if "start_time" not in venue:
        return None
    value = venue["start_time"]
    line = r.find_key("start_time", rng)
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=VENUE_TZ)
    if isinstance(value, str):
        try:
            return parse_time(value)
        except ValueError as exc:
            r.fail(line, "venue.start_time", str(exc))
    r.fail(line, "venue.start_time", f"expected a date and time like 2023-09-20T08:50+08:00, got {_describe(value)}")


def _read_spawn(r: _Reader, spawn_t: dict[str, Any]) -> WaypointSpec:
    rng = r.table_range("spawn")
    r.check_keys(spawn_t, ("at", "look_at", "name", "name_zh"), "spawn", rng, required=("at", "look_at"))
    spawn = WaypointSpec("spawn", r.value(spawn_t, "name", "str", "spawn", rng, default=DEFAULT_SPAWN_NAME),
                         r.value(spawn_t, "at", "xyz", "spawn", rng),
                         r.value(spawn_t, "look_at", "xyz", "spawn", rng), line=rng and rng[0])
    _read_chinese(r, spawn_t, spawn, ("name",), "spawn", rng)
    return spawn


def _read_room_map(r: _Reader, room_map_t: dict[str, Any], hall_ids: set[str]) -> dict[str, str]:
    """{agenda room name: hall id}; every hall must exist."""
    rng = r.table_range("room_map")
    if len(room_map_t) > MAX_ROOMS:
        r.fail(rng and rng[0], "room_map", f"{len(room_map_t)} rooms is above the limit of {MAX_ROOMS}")
    room_map = {}
    for room, hall in room_map_t.items():
        if not isinstance(hall, str):
            r.fail(r.find_key(room, rng), f"room_map.{room}", f"expected a hall id, got {_describe(hall)}")
        if hall not in hall_ids:
            close = difflib.get_close_matches(hall, sorted(hall_ids), n=1)
            r.fail(r.find_key(room, rng), f"room_map.{room}",
                   f"unknown hall {hall!r}" + (f"; did you mean {close[0]!r}?" if close else ""))
        room_map[room] = hall
    return room_map


def _read_circuit(r: _Reader, doc: dict[str, Any]) -> tuple[CircuitSpec | None, Path | None]:
    """The [circuit] table and the data file it names (which must exist), or (None, None)."""
    if "circuit" not in doc:
        return None, None
    rng = r.table_range("circuit")
    c = r.value(doc, "circuit", "table", "", None)
    r.check_keys(c, ("data", "grandstand"), "circuit", rng, required=("data",))
    circuit = CircuitSpec(r.value(c, "data", "str", "circuit", rng),
                          r.value(c, "grandstand", "bool", "circuit", rng, default=True), line=rng and rng[0])
    path = resolve_asset(r.path, circuit.data, r, r.find_key("data", rng), "circuit.data")
    if not path.is_file():
        r.fail(r.find_key("data", rng), "circuit.data", f"missing asset {circuit.data!r} (looked for {path})")
    problem = _circuit_data_problem(path, r.value(doc["venue"], "origin", "table", "venue", None))
    if problem:
        r.fail(r.find_key("data", rng), "circuit.data", f"{circuit.data!r}: {problem}")
    return circuit, path


def _circuit_data_problem(path: Path, origin: dict[str, Any]) -> str | None:
    """Why the circuit's data file cannot be used, or None: read, parsed and checked here so that a
    file which is not circuit data is a message with the scene's line, not a failure while building."""
    try:
        if path.stat().st_size > MAX_CIRCUIT_BYTES:
            return f"larger than {MAX_CIRCUIT_BYTES >> 20} MB"
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        return f"not readable JSON ({type(exc).__name__})"
    problem = circuit_problem(doc)
    if problem:
        return problem
    # The circuit is drawn beside the venue: far off, its coordinates would lose float32 precision.
    xz = lonlat_to_xz(np.asarray([row[:2] for row in doc["centre_line"]], float), origin["lat"], origin["lon"])
    far = float(np.abs(xz).max())
    if far > 2 * MAX_COORD:
        return f"the circuit lies {far / 1000:,.0f} km from the venue's origin; at most {2 * MAX_COORD / 1000:g} km"
    steps = np.linalg.norm(np.diff(xz, axis=0), axis=1)
    if steps.sum() < 100.0 or (steps < 0.01).any():
        return "the centre line is shorter than 100 m or repeats a point: not a circuit"
    return None


def _read_plaza(r: _Reader, t: dict[str, Any], ids: Ids) -> Plaza:
    rng = r.table_range("plaza")
    r.check_keys(t, ("id", "name", "name_zh", "polygon", "registration", "lamp_spacing", "trees", "tree_rows"),
                 "plaza", rng, required=("id", "polygon"))
    pid = r.ident(t, "plaza", rng, ids)
    poly = r.value(t, "polygon", "poly", "plaza", rng)
    if len(poly) > MAX_POLYGON_POINTS:
        r.fail(r.find_key("polygon", rng), "plaza.polygon",
               f"{len(poly)} points is above the limit of {MAX_POLYGON_POINTS}")
    _check_polygon(r, poly, r.find_key("polygon", rng), "plaza.polygon")
    trees = [(float(p[0]), float(p[1])) for p in r.value(t, "trees", "poly", "plaza", rng, default=np.zeros((0, 2)))]
    rows = [_read_tree_row(r, row, i, rng) for i, row in enumerate(r.value(t, "tree_rows", "list", "plaza", rng,
                                                                           default=[]))]
    total = len(trees) + sum(row.count for row in rows)
    if total > MAX_TREES:
        # Each tree is an instance and an obstacle the floor plan cuts out: a million take minutes.
        r.fail(r.find_key("trees" if "trees" in t else "tree_rows", rng), "plaza",
               f"{total:,} trees (single and in rows) is above the limit of {MAX_TREES:,}")
    plaza = Plaza(pid, r.value(t, "name", "str", "plaza", rng, default="Plaza"), poly,
                  r.value(t, "registration", "xz", "plaza", rng),
                  r.value(t, "lamp_spacing", "float", "plaza", rng, default=16.0, lo=4.0, hi=200.0), trees, rows)
    _read_chinese(r, t, plaza, ("name",), "plaza", rng)
    return plaza


def _read_tree_row(r: _Reader, row: Any, i: int, rng: LineRange | None) -> TreeRow:
    kp = f"plaza.tree_rows[{i}]"
    if not isinstance(row, dict):
        r.fail(r.find_key("tree_rows", rng), kp, "expected a table {from, to, count}")
    r.check_keys(row, ("from", "to", "count"), kp, rng, required=("from", "to", "count"))
    return TreeRow(r.value(row, "from", "xz", kp, rng), r.value(row, "to", "xz", kp, rng),
                   r.value(row, "count", "int", kp, rng, lo=1, hi=500))


def _check_polygon(r: _Reader, poly: np.ndarray, line: int | None, keypath: str) -> None:
    shape = Polygon(poly)
    if not shape.is_valid or shape.area < 1.0:
        r.fail(line, keypath, "the outline crosses itself or encloses no area")


def _read_walkways(r: _Reader, items: list[Any], ids: Ids) -> list[Walkway]:
    if len(items) > MAX_WALKWAYS:
        r.fail(r.item_range("walkways", 0)[0], "walkways",
               f"{len(items)} walkways is above the limit of {MAX_WALKWAYS}")
    out = []
    for i, w in enumerate(items):
        rng = r.item_range("walkways", i)
        kp = f"walkways[{i}]"
        if not isinstance(w, dict):
            r.fail(rng[0], kp, "expected a table")
        r.check_keys(w, ("id", "points", "width"), kp, rng, required=("id", "points", "width"))
        wid = r.ident(w, kp, rng, ids)
        pts = w.get("points")
        if not isinstance(pts, list) or len(pts) < 2:
            r.fail(r.find_key("points", rng), f"{kp}.points", "expected at least two [x, z] points")
        if len(pts) > MAX_WALKWAY_POINTS:
            r.fail(r.find_key("points", rng), f"{kp}.points",
                   f"{len(pts)} points is above the limit of {MAX_WALKWAY_POINTS}")
        # a two-point walkway is checked as a (degenerate) three-point outline, then cut back to two
        checked = r.value({"points": pts + [pts[-1]] if len(pts) == 2 else pts}, "points", "poly", kp, rng)
        if len(pts) == 2:
            checked = checked[:2]
        if (np.linalg.norm(np.diff(checked, axis=0), axis=1) < 0.01).any():
            r.fail(r.find_key("points", rng), f"{kp}.points", "two points in a row are the same place")
        out.append(Walkway(wid, [(float(p[0]), float(p[1])) for p in checked],
                           r.value(w, "width", "float", kp, rng, lo=0.8, hi=60.0)))
    return out


def _read_halls(r: _Reader, items: list[Any], ids: Ids) -> list[Hall]:
    if len(items) > MAX_HALLS:
        r.fail(r.item_range("halls", MAX_HALLS)[0], "halls", f"{len(items)} halls is above the limit of {MAX_HALLS}")
    halls = [_read_hall(r, h, i, ids) for i, h in enumerate(items)]
    _check_overlaps(r, halls)
    return halls


def _read_hall(r: _Reader, h: Any, i: int, ids: Ids) -> Hall:
    rng = r.item_range("halls", i)
    kp = f"halls[{i}]"
    if not isinstance(h, dict):
        r.fail(rng[0], kp, "expected a table")
    r.check_keys(h, HALL_KEYS, kp, rng, required=("id", "name", "kind", "center", "size"))
    hid = r.ident(h, kp, rng, ids)
    kp = f"halls[{i}] ({hid})"
    kind = _read_hall_kind(r, h, kp, rng)
    size = _read_hall_size(r, h, kp, rng)
    hall = Hall(hid, r.value(h, "name", "str", kp, rng), kind, r.value(h, "theme", "str", kp, rng, default=""),
                r.value(h, "center", "xz", kp, rng), size,
                r.value(h, "rotation", "float", kp, rng, default=0.0, lo=-360, hi=360),
                r.value(h, "height", "float", kp, rng, default=8.0, lo=HALL_HEIGHT[0], hi=HALL_HEIGHT[1]),
                r.value(h, "color", "color", kp, rng, default="#4f7cac"),
                r.value(h, "capacity", "int", kp, rng, default=0, lo=0, hi=100000),
                r.value(h, "signage", "str", kp, rng, default=""), line=rng[0])
    _read_chinese(r, h, hall, ("name", "theme"), kp, rng)
    _read_signage(r, h, hall, kp, rng)
    if "seating" in h:
        hall.seating = _read_seating(r, h, kp, rng)
    _read_stage(r, h, hall, kp, rng)
    if hall.seating:
        _check_seating_fits(r, hall, hall.seating, rng, kp)
    doors = r.value(h, "doors", "list", kp, rng, default=[])
    if not doors:
        r.fail(rng[0], f"{kp}.doors", "a hall needs at least one door")
    for j, d in enumerate(doors):
        hall.doors.append(_read_door(r, d, hall, f"{kp}.doors[{j}]", rng))
    _settle_capacity(r, hall, kp, rng)
    return hall


def _read_signage(r: _Reader, h: dict[str, Any], hall: Hall, kp: str, rng: LineRange) -> None:
    """The text over the doors in both languages; without `signage`, the hall's name (and its Chinese)."""
    hall.signage = hall.signage or hall.name
    if "signage" in h or "signage_zh" in h:
        _read_chinese(r, h, hall, ("signage",), kp, rng)
    else:
        hall.signage_zh = hall.name_zh
    if len(hall.signage) > 60:
        r.warn(r.find_key("signage", rng), f"{kp}.signage", "longer than 60 characters: it will be hard to read")
    if len(hall.signage_zh) > ZH_SIGN_CHARACTERS and "signage_zh" in h:
        r.warn(r.find_key("signage_zh", rng), f"{kp}.signage_zh",
               f"longer than {ZH_SIGN_CHARACTERS} characters: it will be hard to read")


def _read_hall_kind(r: _Reader, h: dict[str, Any], kp: str, rng: LineRange) -> HallKind:
    kind = r.value(h, "kind", "str", kp, rng)
    if kind not in HALL_KINDS:
        close = difflib.get_close_matches(kind, HALL_KINDS, n=1)
        r.fail(r.find_key("kind", rng), f"{kp}.kind", f"unknown kind {kind!r}; one of {', '.join(HALL_KINDS)}"
               + (f" (did you mean {close[0]!r}?)" if close else ""))
    return HallKind(kind)


def _read_hall_size(r: _Reader, h: dict[str, Any], kp: str, rng: LineRange) -> tuple[float, float]:
    size = r.value(h, "size", "xz", kp, rng)
    for side, v in zip(("width", "depth"), size):
        if not HALL_SIZE[0] <= v <= HALL_SIZE[1]:
            r.fail(r.find_key("size", rng), f"{kp}.size",
                   f"{side} {v:g} m is outside {HALL_SIZE[0]:g} .. {HALL_SIZE[1]:g} m")
    return size


def _read_seating(r: _Reader, h: dict[str, Any], kp: str, rng: LineRange) -> Seating:
    s = r.value(h, "seating", "table", kp, rng)
    skp = f"{kp}.seating"
    r.check_keys(s, ("rows", "per_row", "aisle_every", "seat_width", "row_pitch", "front_gap"), skp, rng,
                 required=("rows", "per_row"))
    seating = Seating(r.value(s, "rows", "int", skp, rng, lo=1, hi=200),
                      r.value(s, "per_row", "int", skp, rng, lo=1, hi=200),
                      r.value(s, "aisle_every", "int", skp, rng, default=10, lo=1, hi=200),
                      r.value(s, "seat_width", "float", skp, rng, default=0.55, lo=0.4, hi=1.2),
                      r.value(s, "row_pitch", "float", skp, rng, default=0.95, lo=0.7, hi=2.0),
                      r.value(s, "front_gap", "float", skp, rng, default=3.0, lo=0.5, hi=30.0))
    if seating.seats > MAX_SEATS_PER_HALL:
        r.fail(r.find_key("seating", rng), skp, f"{seating.seats} seats is above the limit of "
               f"{MAX_SEATS_PER_HALL} per hall")
    return seating


def _read_stage(r: _Reader, h: dict[str, Any], hall: Hall, kp: str, rng: LineRange) -> None:
    """The stage table, then screens and lectern (whose defaults depend on whether there is a stage)."""
    if "stage" in h:
        s = r.value(h, "stage", "table", kp, rng)
        r.check_keys(s, ("depth", "height"), f"{kp}.stage", rng)
        hall.stage_depth = r.value(s, "depth", "float", f"{kp}.stage", rng, default=6.0, lo=1.0, hi=hall.size[1] / 2)
        hall.stage_height = r.value(s, "height", "float", f"{kp}.stage", rng, default=0.9, lo=0.0, hi=3.0)
    hall.screens = r.value(h, "screens", "int", kp, rng, default=1 if hall.stage_depth else 0, lo=0, hi=5)
    hall.lectern = r.value(h, "lectern", "bool", kp, rng, default=bool(hall.stage_depth))


def _read_door(r: _Reader, d: Any, hall: Hall, dkp: str, rng: LineRange) -> Door:
    """One door: on a named wall, within the wall's length, clear of the hall's doors read so far."""
    if not isinstance(d, dict):
        r.fail(r.find_key("doors", rng), dkp, "expected a table {wall, offset, width}")
    r.check_keys(d, ("wall", "offset", "width", "height"), dkp, rng, required=("wall",))
    wall = r.value(d, "wall", "str", dkp, rng)
    if wall not in WALLS:
        close = difflib.get_close_matches(wall, WALLS, n=1)
        r.fail(r.find_key("wall", rng), f"{dkp}.wall", f"not a wall: {wall!r}; one of {', '.join(WALLS)}"
               + (f" (did you mean {close[0]!r}?)" if close else ""))
    door = Door(wall, r.value(d, "offset", "float", dkp, rng, default=0.0),
                r.value(d, "width", "float", dkp, rng, default=3.0, lo=0.8, hi=20.0),
                r.value(d, "height", "float", dkp, rng, default=3.0, lo=2.0, hi=hall.height))
    length = hall.size[0] if wall in ("north", "south") else hall.size[1]
    if abs(door.offset) + door.width / 2 > length / 2 - 0.5:
        r.fail(r.find_key("offset", rng) if "offset" in d else rng[0], dkp,
               f"the door is not on the {wall} wall: offset {door.offset:g} m with width {door.width:g} m "
               f"reaches past the wall's {length:g} m length (keep |offset| + width/2 <= {length / 2 - 0.5:g})")
    for k, other in enumerate(hall.doors):
        if other.wall == wall and abs(other.offset - door.offset) < (other.width + door.width) / 2 + 0.3:
            r.fail(rng[0], dkp, f"overlaps doors[{k}] on the {wall} wall")
    return door


def _settle_capacity(r: _Reader, hall: Hall, kp: str, rng: LineRange) -> None:
    """A seated hall's capacity above its seats is a warning; no capacity means the seats laid out."""
    seats = hall.seats if hall.kind.seated else None
    if seats is not None and hall.capacity > seats:
        r.warn(r.find_key("capacity", rng), f"{kp}.capacity",
               f"capacity {hall.capacity} is above the {seats} seats laid out")
    if hall.capacity == 0 and seats:
        hall.capacity = seats


def _check_seating_fits(r: _Reader, hall: Hall, s: Seating, rng: LineRange, kp: str) -> None:
    aisles = (s.per_row - 1) // s.aisle_every
    width = s.per_row * s.seat_width + aisles * 1.2
    depth = hall.stage_depth + s.front_gap + s.rows * s.row_pitch + 2.0
    if width > hall.size[0] - 2.0 or depth > hall.size[1]:
        r.fail(r.find_key("seating", rng), f"{kp}.seating",
               f"{s.rows} rows of {s.per_row} seats need {width:.1f} m x {depth:.1f} m (with stage and aisles); "
               f"the hall is {hall.size[0]:g} m x {hall.size[1]:g} m")


def _check_overlaps(r: _Reader, halls: list[Hall]) -> None:
    shapes = [Polygon(h.footprint()) for h in halls]
    for i in range(len(halls)):
        for j in range(i):
            if shapes[i].intersection(shapes[j]).area > 0.01:
                r.fail(halls[i].line, f"halls[{i}] ({halls[i].id})",
                       f"overlaps hall {halls[j].id!r} (line {halls[j].line})")


def _read_booths(r: _Reader, items: list[Any], ids: Ids, hall_ids: set[str]) -> list[Booth]:
    if len(items) > MAX_BOOTHS:
        r.fail(r.item_range("booths", 0)[0], "booths", f"{len(items)} booths is above the limit of {MAX_BOOTHS}")
    out = []
    for i, b in enumerate(items):
        rng = r.item_range("booths", i)
        kp = f"booths[{i}]"
        if not isinstance(b, dict):
            r.fail(rng[0], kp, "expected a table")
        r.check_keys(b, ("id", "name", "name_zh", "hall", "at", "facing", "size", "color", "description",
                         "description_zh"), kp, rng, required=("id", "name", "hall"))
        bid = r.ident(b, kp, rng, ids)
        kp = f"booths[{i}] ({bid})"
        hall = _hall_ref(r, b, kp, rng, hall_ids)
        size = r.value(b, "size", "xz", kp, rng, default=(6.0, 4.0))
        if not (1.0 <= size[0] <= 40 and 1.0 <= size[1] <= 40):
            r.fail(r.find_key("size", rng), f"{kp}.size", "each side must be 1 .. 40 m")
        booth = Booth(bid, r.value(b, "name", "str", kp, rng), hall, r.value(b, "at", "xz", kp, rng),
                      r.value(b, "facing", "float", kp, rng, lo=-360, hi=360), size,
                      r.value(b, "color", "color", kp, rng, default="#3a7bd5"),
                      r.value(b, "description", "str", kp, rng, default=""), line=rng[0])
        _read_chinese(r, b, booth, ("name", "description"), kp, rng)
        out.append(booth)
    return out


def _hall_ref(r: _Reader, obj: dict[str, Any], kp: str, rng: LineRange, hall_ids: set[str]) -> str:
    hall = r.value(obj, "hall", "str", kp, rng)
    if hall not in hall_ids:
        close = difflib.get_close_matches(hall, sorted(hall_ids), n=1)
        r.fail(r.find_key("hall", rng), f"{kp}.hall", f"unknown hall {hall!r}"
               + (f"; did you mean {close[0]!r}?" if close else f"; known: {', '.join(sorted(hall_ids))}"))
    return hall


def _read_experiences(r: _Reader, items: list[Any], ids: Ids, places: set[str]) -> list[Experience]:
    if len(items) > MAX_EXPERIENCES:
        r.fail(r.item_range("experiences", 0)[0], "experiences",
               f"{len(items)} experiences is above the limit of {MAX_EXPERIENCES}")
    out = []
    for i, e in enumerate(items):
        rng = r.item_range("experiences", i)
        kp = f"experiences[{i}]"
        if not isinstance(e, dict):
            r.fail(rng[0], kp, "expected a table")
        r.check_keys(e, ("id", "name", "name_zh", "description", "description_zh", "kind", "hall", "at"), kp, rng,
                     required=("id", "name", "description", "hall"))
        eid = r.ident(e, kp, rng, ids)
        kp = f"experiences[{i}] ({eid})"
        experience = Experience(eid, r.value(e, "name", "str", kp, rng), r.value(e, "description", "str", kp, rng),
                                r.value(e, "kind", "str", kp, rng, default="demo"),
                                _hall_ref(r, e, kp, rng, places), r.value(e, "at", "xz", kp, rng), line=rng[0])
        _read_chinese(r, e, experience, ("name", "description"), kp, rng)
        out.append(experience)
    return out


def _read_waypoints(r: _Reader, items: list[Any], ids: Ids) -> list[WaypointSpec]:
    if len(items) > MAX_WAYPOINTS:
        r.fail(None, "waypoints", f"{len(items)} waypoints is above the limit of {MAX_WAYPOINTS}")
    out = []
    for i, w in enumerate(items):
        rng = r.item_range("waypoints", i)
        kp = f"waypoints[{i}]"
        if not isinstance(w, dict):
            r.fail(rng[0], kp, "expected a table")
        r.check_keys(w, ("id", "name", "name_zh", "at", "look_at"), kp, rng, required=("id", "at", "look_at"))
        wid = r.ident(w, kp, rng, ids)
        at, look = r.value(w, "at", "xyz", kp, rng), r.value(w, "look_at", "xyz", kp, rng)
        if np.allclose(at, look):
            r.fail(r.find_key("look_at", rng), f"{kp}.look_at", "the same point as 'at': nothing to look at")
        waypoint = WaypointSpec(wid, r.value(w, "name", "str", kp, rng, default=wid), at, look, line=rng[0])
        _read_chinese(r, w, waypoint, ("name",), kp, rng)
        out.append(waypoint)
    return out
