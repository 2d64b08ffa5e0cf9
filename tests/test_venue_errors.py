"""Bad scene files: each gives a precise UserError (file, line, key path, what)."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from helpers import MINI

from engine import PROJECT_ROOT
from engine.cli import main
from engine.errors import UserError
from engine.venue import open_scene

SCENE = PROJECT_ROOT / "scenes" / "anting.toml"
CIRCUIT = (PROJECT_ROOT / "assets" / "data" / "shanghai-circuit.json").as_posix()


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "scene.toml"
    p.write_text(text, encoding="utf-8")
    return p


def error(tmp_path, text) -> UserError:
    with pytest.raises(UserError) as exc:
        open_scene(write(tmp_path, text))
    return exc.value


def test_minimal_scene_opens(tmp_path):
    v = open_scene(write(tmp_path, MINI))
    assert set(v.halls) == {"hall-a"} and v.halls["hall-a"].seats == 160
    assert v.problems == [] and v.circuit is None
    assert "hall-a-stage" in v.waypoints


def test_byte_order_mark_is_accepted(tmp_path):
    p = tmp_path / "scene.toml"
    p.write_bytes(b"\xef\xbb\xbf" + MINI.encode())
    assert set(open_scene(p).halls) == {"hall-a"}


def test_broken_toml_has_line_and_column(tmp_path):
    e = error(tmp_path, MINI.replace('name = "Hall A"', 'name = "Hall A'))
    assert re.search(r"scene\.toml:\d+:\d+$", e.where) and "broken TOML" in e.what


def test_unknown_key_suggests(tmp_path):
    e = error(tmp_path, MINI.replace("capacity = 100", "capacty = 100"))
    assert e.where.endswith(":21") and "halls[0].capacty" in e.what and "'capacity'" in e.what


def test_wrong_type(tmp_path):
    e = error(tmp_path, MINI.replace("size = [20, 20]", 'size = "big"'))
    assert "size" in e.what and "expected [x, z]" in e.what and e.where.endswith(":20")


def test_duplicate_ids(tmp_path):
    text = MINI + MINI[MINI.index("[[halls]]"):].replace("center = [0, -20]", "center = [40, -20]")
    e = error(tmp_path, text)
    assert "duplicate id 'hall-a'" in e.what


def test_overlapping_halls(tmp_path):
    text = MINI + MINI[MINI.index("[[halls]]"):].replace('"hall-a"', '"hall-b"').replace("[0, -20]", "[5, -25]")
    assert "overlaps hall 'hall-a'" in error(tmp_path, text).what


def test_door_not_on_wall(tmp_path):
    e = error(tmp_path, MINI.replace("offset = 0, width = 3", "offset = 12, width = 3"))
    assert "not on the south wall" in e.what


def test_capacity_above_seats_is_a_problem(tmp_path, capsys):
    p = write(tmp_path, MINI.replace("capacity = 100", "capacity = 500"))
    v = open_scene(p)
    assert any("capacity 500 is above the 160 seats" in w for w in v.problems)
    assert main(["validate", str(p)]) == 1
    assert "capacity" in capsys.readouterr().out


@pytest.mark.parametrize("data, what", [
    ('"missing.json"', "missing asset"),
    ('"../../../../etc/passwd"', "leaves the scene's folder"),
    ('"/etc/passwd"', "relative to the scene file"),
])
def test_asset_paths(tmp_path, data, what):
    assert what in error(tmp_path, MINI + f"\n[circuit]\ndata = {data}\n").what


def test_absurd_sizes(tmp_path):
    assert "outside 4 .. 300 m" in error(tmp_path, MINI.replace("[20, 20]", "[10000, 20]")).what
    assert "outside 4 .. 300 m" in error(tmp_path, MINI.replace("[20, 20]", "[-5, 20]")).what


def test_too_many_booths(tmp_path):
    booths = "".join(f'\n[[booths]]\nid = "b-{i}"\nname = "B"\nhall = "hall-a"\n' for i in range(100_000 // 100))
    text = MINI + booths * 1
    # 1,000 booths: above the limit of 500
    assert "above the limit" in error(tmp_path, text).what


def test_unknown_hall_and_wall(tmp_path):
    e = error(tmp_path, MINI + '\n[[booths]]\nid = "b-1"\nname = "B"\nhall = "hall-b"\n')
    assert "unknown hall 'hall-b'" in e.what and "hall-a" in e.what
    e = error(tmp_path, MINI.replace('wall = "south"', 'wall = "sout"'))
    assert "did you mean 'south'" in e.what


def test_non_finite_numbers_are_named(tmp_path):
    e = error(tmp_path, MINI.replace("offset = 0, width = 3", "offset = nan, width = 3"))
    assert "got nan (not a finite number)" in e.what
    e = error(tmp_path, MINI.replace("at = [0, 1.6, 5]", "at = [inf, 1.6, 5]"))
    assert "got [inf, 1.6, 5]" in e.what


def test_validate_reports_an_agenda_that_does_not_load(tmp_path, capsys):
    (tmp_path / "agenda.json").write_text("[[[", encoding="utf-8")
    p = write(tmp_path, MINI.replace('name = "Mini"', 'name = "Mini"\nagenda = "agenda.json"', 1))
    assert main(["validate", str(p)]) == 1  # was "ok": the viewer would have shown no sessions
    out = capsys.readouterr().out
    assert "venue.agenda" in out and "invalid JSON" in out


def test_cli_exit_codes(tmp_path, capsys):
    bad = write(tmp_path, "[venue\n")
    assert main(["validate", str(bad)]) == 2
    assert main(["inspect", str(bad), "--json"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err
    assert main(["validate", str(tmp_path / "nope.toml")]) == 2


def test_real_circuit_in_a_small_scene(tmp_path):
    rel = Path("..") / Path(CIRCUIT).relative_to(PROJECT_ROOT)
    scene_dir = PROJECT_ROOT / "scenes"
    p = scene_dir / f".test-scene-{os.getpid()}.toml"   # beside the real scenes; unique if suites run at once
    try:
        p.write_text(MINI + f'\n[circuit]\ndata = "{rel.as_posix()}"\n', encoding="utf-8")
        v = open_scene(p)
        assert v.circuit is not None and len(v.circuit.turns) == 16
    finally:
        p.unlink(missing_ok=True)
