"""Named places of a scene-file venue: where a viewer stands and looks for every hall, booth, experience,
overview, the spawn, the registration desk and the circuit; and which halls cannot be walked to.

Every place is named in English and Chinese: a generated name ("{name}: entrance") is the catalogue's pattern
filled with the hall's name in each language."""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np
from shapely.geometry import Point

from engine.i18n import N_, translate_to
from engine.venue.circuit import Circuit, grandstand_view
from engine.venue.geometry import yaw_matrix
from engine.venue.layout import experience_yaw
from engine.venue.model import XYZ, Area, Booth, Experience, Hall, Plaza, SceneSpec, Waypoint, WaypointSpec

EYE = 1.65   # eye height of a standing visitor, metres

# Translators: a hall's entrance; {name} is the hall
ENTRANCE = N_("{name}: entrance")
# Translators: a view of a hall's stage; {name} is the hall
STAGE_VIEW = N_("{name}: stage view")
# Translators: a view inside a hall; {name} is the hall
INSIDE = N_("{name}: inside")
# Translators: a view from above; {name} is the place
OVERVIEW = N_("{name}: overview")
BOOTH = N_("Booth: {name}")
EXPERIENCE = N_("Experience: {name}")
VENUE_OVERVIEW = N_("The whole venue from above")
REGISTRATION = N_("Registration desk")
GRANDSTAND = N_("Main grandstand: start/finish straight")
START_FINISH = N_("Start/finish line")
CIRCUIT_OVERVIEW = N_("Shanghai International Circuit from above")
# Translators: a corner of the circuit
TURN = N_("Turn {number}")


def _wp(wid: str, name: str | tuple[str, str], at: Sequence[float] | np.ndarray, look: Sequence[float] | np.ndarray,
        kind: str) -> Waypoint:
    """A place; `name` is its English name, or (English, Chinese)."""
    en, zh = (name, "") if isinstance(name, str) else name
    return Waypoint(wid, en, _xyz(at), _xyz(look), kind, name_zh=zh)


def _named(pattern: str, **names: tuple[str, str]) -> tuple[str, str]:
    """(English, Chinese) of a catalogue pattern whose fields are (English, Chinese) names; a name without
    Chinese fills the Chinese pattern in English. The Chinese is "" where it would be the English."""
    en = pattern.format(**{k: v[0] for k, v in names.items()})
    zh = translate_to("zh", pattern).format(**{k: v[1] or v[0] for k, v in names.items()})
    return en, "" if zh == en else zh


def _both(thing: Hall | Booth | Plaza | WaypointSpec | Experience) -> tuple[str, str]:
    return thing.name, thing.name_zh


def _xyz(v: Sequence[float] | np.ndarray) -> XYZ:
    return (float(v[0]), float(v[1]), float(v[2]))


def name_places(spec: SceneSpec, circuit: Circuit | None) -> dict[str, Waypoint]:
    """{id: Waypoint} in a stable order: halls, booths, experiences, overviews, spawn, registration,
    circuit, then the file's own waypoints (which may replace a generated one of the same id)."""
    halls = {h.id: h for h in spec.halls}
    places: dict[str, Waypoint] = {}
    groups: list[Iterable[Waypoint]] = [
        _hall_places(spec.halls), _booth_places(spec.booths), _experience_places(spec, halls),
        _overviews(spec), [_wp("spawn", _both(spec.spawn), spec.spawn.at, spec.spawn.look_at, "spawn")],
        _registration(spec), _circuit_places(circuit) if circuit is not None else [],
        (_wp(w.id, _both(w), w.at, w.look_at, "waypoint") for w in spec.waypoints)]
    for group in groups:
        for wp in group:
            places[wp.id] = wp
    return places


def _hall_places(halls: list[Hall]) -> Iterator[Waypoint]:
    """Per hall: its entrance (also the hall's own place), and a stage view or, without a stage (the
    exhibition), a view across from a raised back corner."""
    for h in halls:
        d = h.doors[0]
        out = d.outside_point(9.0)
        eye, look = (out[0], EYE, out[1]), (d.center[0], 2.6, d.center[1])
        yield _wp(f"{h.id}-entrance", _named(ENTRANCE, name=_both(h)), eye, look, "entrance")
        yield _wp(h.id, _both(h), eye, look, "hall")
        if h.stage_depth:
            back = h.local_to_world(np.array([[0.0, h.size[1] / 2 - 3.0]]))[0]
            front = h.local_to_world(np.array([[0.0, -h.size[1] / 2]]))[0]
            yield _wp(f"{h.id}-stage", _named(STAGE_VIEW, name=_both(h)), (back[0], EYE + 1.2, back[1]),
                      (front[0], h.stage_height + 3.0, front[1]), "stage")
        else:
            hw, hd = h.size[0] / 2, h.size[1] / 2
            corner, across = h.local_to_world(np.array([[-hw * 0.5, hd - 3.0], [hw * 0.1, -hd * 0.55]]))
            yield _wp(f"{h.id}-interior", _named(INSIDE, name=_both(h)),
                      (corner[0], min(h.height - 1.0, 7.0), corner[1]), (across[0], 1.0, across[1]), "interior")


def _booth_places(booths: list[Booth]) -> Iterator[Waypoint]:
    """In front of each booth's counter, looking at it."""
    for b in booths:
        bx, bz = b.placed_at
        f = yaw_matrix(b.facing or 0.0) @ np.array([0.0, 0.0, -1.0])
        at = np.array([bx, 0, bz]) + f * (b.size[1] / 2 + 3.2)
        yield _wp(b.id, _named(BOOTH, name=_both(b)), (at[0], EYE, at[2]), (bx, 2.2, bz), "booth")


def _experience_places(spec: SceneSpec, halls: dict[str, Hall]) -> Iterator[Waypoint]:
    """In front of each experience point, looking at it."""
    for e in spec.experiences:
        ex, ez = e.placed_at
        f = yaw_matrix(experience_yaw(e, halls.get(e.hall), spec.plaza)) @ np.array([0.0, 0.0, -1.0])
        at = np.array([ex, 0, ez]) + f * 3.5
        yield _wp(e.id, _named(EXPERIENCE, name=_both(e)), (at[0], EYE, at[2]), (ex, 1.6, ez), "experience")


def _overviews(spec: SceneSpec) -> Iterator[Waypoint]:
    """The plaza from above its south side, and the whole venue (halls and plaza) from above."""
    pc = spec.plaza.centre()
    hi = spec.plaza.polygon.max(axis=0)
    yield _wp("plaza-overview", _named(OVERVIEW, name=_both(spec.plaza)), (pc[0] + 0.1, 45.0, hi[1] + 55.0),
              (pc[0], 0.0, pc[1] - 10), "overview")
    allpts = np.concatenate([h.footprint() for h in spec.halls] + [spec.plaza.polygon])
    vlo, vhi = allpts.min(axis=0), allpts.max(axis=0)
    vc = (vlo + vhi) / 2
    span = float(max(vhi - vlo))
    yield _wp("venue-overview", _named(VENUE_OVERVIEW), (vc[0] + span * 0.35, span * 0.55, vhi[1] + span * 0.45),
              (vc[0], 0.0, vc[1] - span * 0.05), "overview")


def _registration(spec: SceneSpec) -> Iterator[Waypoint]:
    if spec.plaza.registration:
        rx, rz = spec.plaza.registration
        yield _wp("registration", _named(REGISTRATION), (rx + 0.5, EYE, rz + 8.0), (rx, 1.2, rz), "service")


def _circuit_places(circuit: Circuit) -> Iterator[Waypoint]:
    """The grandstand, the start/finish line, the circuit from above and every turn's marker."""
    eye, target = grandstand_view(circuit.centre, circuit.start_s)
    yield _wp("grandstand-view", _named(GRANDSTAND), eye, target, "circuit")
    pos, tan = circuit.start_finish()
    yield _wp("start-finish", _named(START_FINISH), (pos[0] - tan[0] * 60, 6.0, pos[1] - tan[1] * 60),
              (pos[0], 1.0, pos[1]), "circuit")
    c = circuit.centre.mean(axis=0)
    yield _wp("circuit-overview", _named(CIRCUIT_OVERVIEW), (c[0] + 300, 900.0, c[1] + 1100.0),
              (c[0], 0.0, c[1]), "overview")
    for t in circuit.turns:
        number = str(t.number)
        yield _wp(f"turn-{t.number:02d}", _named(TURN, number=(number, number)), (t.marker[0], 6.0, t.marker[1]),
                  (t.position[0], 0.0, t.position[1]), "circuit")


def reachability_problems(path: Path, walkable: Area, spawn: Waypoint, halls: Iterable[Hall]) -> list[str]:
    """Soft problems: a spawn off the walkable area, or a hall none of whose doors opens onto the part of
    it the spawn stands on."""
    spawn_pt = Point(spawn.position[0], spawn.position[2])
    home = next((p for p in getattr(walkable, "geoms", [walkable]) if p.buffer(0.01).contains(spawn_pt)), None)
    if home is None:
        return [f"{path}: spawn: the spawn point is not on walkable ground"]
    near_home = home.buffer(0.05)
    return [f"{path}:{hall.line}: halls ({hall.id}): no door opens onto the walkways connected to the spawn point"
            for hall in halls if not any(near_home.contains(Point(*d.outside_point(1.0))) for d in hall.doors)]
