"""Property-based tests of the scene file reader: any file gives a scene or one UserError line.

Two kinds of input: the smallest scene with one to three of its values replaced by arbitrary ones
(huge or non-finite numbers, control characters, nesting, wrong types), and its text with bytes
inserted, deleted or repeated. Crashers found here stay as @example rows.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

from fuzzing import budget, byte_mutations, mutated, result_or_user_error, toml_document, values
from helpers import MINI
from hypothesis import example, given
from hypothesis import strategies as st

from engine.errors import UserError
from engine.venue import open_scene
from engine.venue.model import Venue
from engine.venue.scenefile import SceneSpec, read_scene

BASE = tomllib.loads(MINI)
CIRCUIT_SHAPED = st.fixed_dictionaries({"data": st.sampled_from(["c.json", "../c.json", "/etc/passwd", ""])})


def _read(tmp_path: Path, text: str | bytes) -> SceneSpec | UserError:
    path = tmp_path / "scene.toml"
    path.write_bytes(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text)
    before = set(tmp_path.iterdir())
    out = result_or_user_error(lambda: read_scene(path))
    assert set(tmp_path.iterdir()) == before, "reading a scene wrote a file"
    assert isinstance(out, (SceneSpec, UserError))
    return out


@given(doc=mutated(BASE, extra=CIRCUIT_SHAPED))
@example(doc={**BASE, "venue": {**BASE["venue"], "origin": {"lat": 10 ** 400, "lon": 121}}})
@example(doc={**BASE, "halls": [{**BASE["halls"][0], "screens": 10 ** 400}]})
@example(doc={**BASE, "halls": [{**BASE["halls"][0], "signage": "two\nlines"}]})
@example(doc={**BASE, "room_map": {"x": [[[[[[[[[[]]]]]]]]]]}})
def test_any_scene_document_reads_or_fails_with_one_line(tmp_path_factory, doc):
    _read(tmp_path_factory.mktemp("scene"), toml_document(doc))


@given(data=byte_mutations(MINI.encode()))
@example(data=MINI.encode().replace(b"lat = 31.33", b"lat = " + b"9" * 400))
@example(data=MINI.encode() + b"\nx = " + b"[" * 900 + b"]" * 900 + b"\n")
def test_any_scene_text_reads_or_fails_with_one_line(tmp_path_factory, data):
    _read(tmp_path_factory.mktemp("scene"), data)


@budget(0.2)
@given(doc=mutated(BASE, extra=values()))
@example(doc={**BASE, "halls": [{**BASE["halls"][0], "name": "x" * 10_000}]})
@example(doc={**BASE, "plaza": {**BASE["plaza"], "polygon": [[-5000, -5000], [5000, -5000], [5000, 5000],
                                                               [-5000, 5000]]}})
def test_any_scene_that_reads_also_builds(tmp_path_factory, doc):
    """Opening builds the venue: a scene the reader accepts must build (or fail as a UserError)."""
    folder = tmp_path_factory.mktemp("scene")
    if isinstance(_read(folder, toml_document(doc)), SceneSpec):
        out = result_or_user_error(lambda: open_scene(folder / "scene.toml"))
        assert isinstance(out, (Venue, UserError))


# Scenes built from values inside the documented ranges, so that most of them read and the builders run:
# the plaza, walkways, trees and halls anywhere in the 10 km square, any size and turn.
coord = st.floats(-5000, 5000, allow_nan=False)
point = st.tuples(coord, coord).map(list)


@st.composite
def plausible_scenes(draw: st.DrawFn) -> dict:
    doc = tomllib.loads(MINI)
    cx, cz, half = draw(coord), draw(coord), draw(st.floats(5, 5000))
    lo_x, hi_x = max(-5000, cx - half), min(5000, cx + half)
    lo_z, hi_z = max(-5000, cz - half), min(5000, cz + half)
    doc["plaza"]["polygon"] = draw(st.sampled_from([
        [[lo_x, lo_z], [hi_x, lo_z], [hi_x, hi_z], [lo_x, hi_z]],
        [[lo_x, lo_z], [hi_x, lo_z], [cx, hi_z]]])) if draw(st.booleans()) else draw(st.lists(point, min_size=3,
                                                                                               max_size=8))
    doc["plaza"]["lamp_spacing"] = draw(st.floats(4, 200))
    if draw(st.booleans()):
        doc["plaza"]["tree_rows"] = draw(st.lists(st.fixed_dictionaries(
            {"from": point, "to": point, "count": st.integers(1, 500)}), max_size=3))
    doc["walkways"] = draw(st.lists(st.fixed_dictionaries(
        {"id": st.sampled_from(["w-a", "w-b", "w-c"]), "points": st.lists(point, min_size=2, max_size=20),
         "width": st.floats(0.8, 60)}), max_size=3, unique_by=lambda w: w["id"]))
    hall = doc["halls"][0]
    hall["center"] = draw(point)
    hall["rotation"] = draw(st.floats(-360, 360))
    hall["size"] = [draw(st.floats(20, 300)), draw(st.floats(20, 300))]
    doc["spawn"]["at"] = [draw(coord), 1.6, draw(coord)]
    return doc


@budget(0.1)
@given(doc=plausible_scenes())
def test_any_scene_within_the_limits_builds(tmp_path_factory, doc):
    folder = tmp_path_factory.mktemp("scene")
    if isinstance(_read(folder, toml_document(doc)), SceneSpec):
        out = result_or_user_error(lambda: open_scene(folder / "scene.toml"))
        assert isinstance(out, (Venue, UserError))
