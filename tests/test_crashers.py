"""Every input that once crashed, hung or exhausted the machine (issue 15's fuzzing run and the
property-based tests since), each kept as a regression test: it now gives a result or one
`error: <where>: <what>` line. New crashers found by tests/test_fuzz_*.py are added here or as
@example rows there."""
from __future__ import annotations

import json
import os
import re
import struct
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import trimesh
from helpers import MINI, ics_text

from engine.agenda.bookmarks import Bookmarks
from engine.agenda.frab import parse_frab
from engine.agenda.ics import parse_ics
from engine.cli import main
from engine.errors import UserError
from engine.loading import load_model
from engine.venue import open_scene
from engine.venue.scenefile import read_scene

DEMO = Path(__file__).parent / "data" / "schedule_pretalx-democon.json"


def scene(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scene.toml"
    path.write_text(text, encoding="utf-8")
    return path


def scene_error(tmp_path: Path, text: str) -> str:
    with pytest.raises(UserError) as caught:
        read_scene(scene(tmp_path, text))
    message = str(caught.value)
    assert "\n" not in message and "\r" not in message
    return message


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(code: int, err: str) -> str:
    assert code == 2 and err.startswith("error: ") and err.count("\n") == 1 and "\r" not in err, err
    assert "Traceback" not in err
    return err


# ------------------------------------------------------------------------------------------ scene TOML
@pytest.mark.parametrize("old, new, what", [
    ("lat = 31.33", "lat = " + "9" * 400, r"venue\.origin\.lat: a number of about 400 digits"),
    ("capacity = 100", "capacity = 100\nscreens = " + "9" * 400, r"screens: a number of about 400 digits"),
    ('name = "Hall A"', 'name = "' + "x" * (1 << 20) + '"', r"halls\[0\]\.name: 1,048,576 characters"),
    ('name = "Hall A"', 'name = "' + "x" * 120_000 + '"', r"halls\[0\]\.name: 120,000 characters"),
    ("capacity = 100", 'capacity = 100\nsignage = "Hall\\nA"', r"signage: holds a control character \(U\+000A\)"),
])
def test_scene_values_out_of_bounds(tmp_path, old, new, what):
    assert re.search(what, scene_error(tmp_path, MINI.replace(old, new)))


def test_scene_nested_900_deep(tmp_path):
    text = MINI + "\n[room_map]\nx = " + "[" * 900 + "]" * 900 + "\n"
    assert "nested too deeply" in scene_error(tmp_path, text)


@pytest.mark.parametrize("data, what", [
    ('{"centre_line": 5}', "centre_line must be a list"),
    ('{"type": "FeatureCollection", "features": []}', "centre_line must be a list"),
    ("[1, 2, 3]", "not circuit data"),
    ("{", "not readable JSON"),
])
def test_circuit_data_that_is_not_circuit_data(tmp_path, data, what):
    (tmp_path / "c.json").write_text(data)
    message = scene_error(tmp_path, MINI + '\n[circuit]\ndata = "c.json"\n')
    assert "circuit.data" in message and what in message


# ------------------------------------------------------------------------------------------ schedules
def test_schedule_integer_of_4400_digits():
    text = DEMO.read_text().replace('"daysCount": 3', '"daysCount": ' + "9" * 4400)
    with pytest.raises(UserError, match="thousands of digits"):
        parse_frab(text)


@pytest.mark.parametrize("as_json", [False, True])
def test_schedule_title_with_a_lone_surrogate(tmp_path, capsys, as_json):
    doc = json.loads(DEMO.read_text())
    day = doc["schedule"]["conference"]["days"][0]
    next(iter(day["rooms"].values()))[0]["title"] = "Talk \ud800 here"
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps(doc), encoding="utf-8")   # the JSON escape \ud800, as the fuzzer wrote it
    code, out, err = cli(capsys, "sessions", "--schedule", str(path), *(["--json"] if as_json else []))
    assert "U+D800" in one_error_line(code, err) and out == ""


def test_schedule_time_zone_name_of_300_characters():
    doc = json.loads(DEMO.read_text())
    doc["schedule"]["conference"]["time_zone_name"] = "A" * 300
    agenda = parse_frab(json.dumps(doc))
    assert agenda.sessions and any("unknown time_zone_name" in w and len(w) < 200 for w in agenda.warnings)


@pytest.mark.parametrize("old, new, what", [
    ("DTSTART:20230920T020000Z", "DTSTART;VALUE=DURATION:PT1H", "DTSTART must be a date or a date and time"),
    ("DTSTART:20230920T020000Z", "DTSTART;VALUE=PERIOD:20230920T020000Z/PT1H", "DTSTART must be a date"),
    ("DTSTART:20230920T020000Z", "DTSTART;VALUE=TIME:020000", "DTSTART cannot be read as a date"),
    ("DTSTART:20230920T020000Z", "DTSTART:20230920T020000Z\r\nDTSTART:20230920T030000Z",
     "DTSTART is given more than once"),
    ("DTEND:20230920T030000Z", "DTEND;VALUE=DURATION:PT1H", "DTEND must be a date"),
    ("DTEND:20230920T030000Z", "DTEND;VALUE=PERIOD:20230920T020000Z/PT1H", "DTEND must be a date"),
    ("DTEND:20230920T030000Z", "DTEND:20230920T030000Z\r\nDTEND:20230920T040000Z", "DTEND is given more than once"),
    ("DTEND:20230920T030000Z", "DURATION;VALUE=DATE-TIME:20230920T030000Z", "DURATION must be a length of time"),
    ("DTEND:20230920T030000Z", "DURATION:PT1H\r\nDURATION:PT2H", "DURATION is given more than once"),
])
def test_calendar_date_properties_of_the_wrong_kind(old, new, what):
    with pytest.raises(UserError, match=re.escape(what)):
        parse_ics(ics_text().replace(old, new, 1))


def test_calendar_errors_quote_no_carriage_return(tmp_path, capsys):
    path = tmp_path / "agenda.ics"
    path.write_bytes(ics_text().replace("SUMMARY:Opening talk", "SUMMARY:Open\ring\r\r\nX Y:\rZ").encode())
    one_error_line(*cli(capsys, "sessions", "--schedule", str(path))[::2])


# ------------------------------------------------------------------------------------------ models
def glb_with(tmp_path: Path, change) -> Path:
    data = trimesh.Scene(trimesh.creation.box()).export(file_type="glb")
    length = struct.unpack_from("<I", data, 12)[0]
    doc = json.loads(data[20:20 + length])
    change(doc)
    text = json.dumps(doc).encode()
    text += b" " * (-len(text) % 4)
    body = struct.pack("<II", len(text), 0x4E4F534A) + text + data[20 + length:]
    path = tmp_path / "model.glb"
    path.write_bytes(b"glTF" + struct.pack("<II", 2, 12 + len(body)) + body)
    return path


def _position(doc: dict, kind: str) -> None:
    doc["accessors"][doc["meshes"][0]["primitives"][0]["attributes"]["POSITION"]]["type"] = kind


def _cycle(doc: dict) -> None:
    doc["nodes"].append({"name": "other", "children": [0]})
    doc["nodes"][0]["children"] = [1]


@pytest.mark.parametrize("change, what", [
    (lambda d: _position(d, "VEC2"), "POSITION: accessor 1 is VEC2, expected VEC3"),
    (lambda d: _position(d, "SCALAR"), "POSITION: accessor 1 is SCALAR"),
    (lambda d: d.update(nodes=None), "nodes: expected a list of objects"),
    (lambda d: d.update(nodes=3), "nodes: expected a list of objects"),
    (lambda d: d.update(images=None), "images: expected a list of objects"),
    (lambda d: d.update(images=7), "images: expected a list of objects"),
    (lambda d: d["buffers"][0].update(uri="a" * 5000), "buffers[0].uri: expected a file name of at most 2,048"),
    (lambda d: d["nodes"][0].update(children=[0]), "the nodes form a cycle: 0 ('geometry_0') -> 0"),
    (_cycle, "the nodes form a cycle: 0 ('geometry_0') -> 1 ('other') -> 0"),
], ids=["vec2", "scalar", "nodes-null", "nodes-number", "images-null", "images-number", "long-uri", "self-child",
        "two-node-cycle"])
def test_gltf_structures_that_crashed_or_hung(tmp_path, change, what):
    with pytest.raises(UserError) as caught:
        load_model(glb_with(tmp_path, change))
    assert what in caught.value.what


def test_obj_vertex_of_two_coordinates(tmp_path):
    path = tmp_path / "model.obj"
    path.write_text("v 1 2\nv 0 0 0\nv 1 1 1\nf 1 2 3\n")
    with pytest.raises(UserError, match="positions need x, y and z"):
        load_model(path)


def _textured_gltf(folder: Path, image_uri: str) -> Path:
    box = trimesh.creation.box()
    box.visual = trimesh.visual.TextureVisuals(uv=np.zeros((len(box.vertices), 2)),
                                               image=trimesh.creation.Image.new("RGB", (4, 4))
                                               if hasattr(trimesh.creation, "Image") else None)
    files = trimesh.Scene(box).export(file_type="gltf")
    doc = json.loads(files["model.gltf"])
    for name, data in files.items():
        if name != "model.gltf":
            (folder / name).write_bytes(data)
    doc["images"] = [{"uri": image_uri}]
    doc["textures"] = [{"source": 0}]
    doc["materials"] = [{"pbrMetallicRoughness": {"baseColorTexture": {"index": 0}}}]
    doc["meshes"][0]["primitives"][0]["material"] = 0
    path = folder / "model.gltf"
    path.write_text(json.dumps(doc))
    return path


def test_texture_of_16384_squared_is_scaled_down(tmp_path):
    from PIL import Image
    Image.new("1", (16384, 16384), 1).save(tmp_path / "huge.png")   # a valid PNG, 32 MB once decoded
    scene = load_model(_textured_gltf(tmp_path, "huge.png"))
    assert any("16384x16384: scaled down to fit 4096x4096" in w for w in scene.metadata["warnings"]), \
        scene.metadata["warnings"]
    texture = next(b.mesh.material.texture for b in scene.batches())
    assert texture is not None and max(texture.shape[:2]) == 4096


def test_image_above_the_pixel_limit_is_not_decoded(tmp_path):
    from PIL import Image
    Image.new("1", (20000, 20000)).save(tmp_path / "bomb.png")
    scene = load_model(_textured_gltf(tmp_path, "bomb.png"))
    assert any("more than 268,435,456 pixels" in w for w in scene.metadata["warnings"])


def test_image_link_leading_out_of_the_model_folder(tmp_path):
    outside = tmp_path / "secret.png"
    from PIL import Image
    Image.new("RGB", (2, 2)).save(outside)
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "texture.png").symlink_to(outside)
    with pytest.raises(UserError, match="a link that leads outside the model's folder"):
        load_model(_textured_gltf(folder, "texture.png"))


def test_ply_of_ten_million_triangles_is_refused_from_its_header(tmp_path):
    """The 190 MB file of the fuzzing run took 20.8 GB; its header alone now refuses it."""
    path = tmp_path / "big.ply"
    path.write_bytes(b"ply\nformat binary_little_endian 1.0\nelement vertex 5000002\nproperty float x\n"
                     b"property float y\nproperty float z\nelement face 10000000\n"
                     b"property list uchar int vertex_indices\nend_header\n" + b"\x00" * 4096)
    with pytest.raises(UserError, match=r"about 10,000,000 triangles is above the limit of 4,000,000"):
        load_model(path)


# ------------------------------------------------------------------------------------ legal but large
def test_plaza_of_ten_kilometres_builds_with_bounded_geometry(tmp_path):
    text = MINI.replace("polygon = [[-20, -10], [20, -10], [20, 10], [-20, 10]]",
                        "polygon = [[-5000, -5000], [5000, -5000], [5000, 5000], [-5000, 5000]]")
    venue = open_scene(scene(tmp_path, text))
    paving = next(n for n in venue.scene.root.children if n.name == "paving").meshes[0]
    assert paving.triangle_count < 300_000          # 22 million before: slabs only near the hall
    assert venue.floor.area > 9.9e7                 # the whole plaza is still walkable ground


def test_plaza_of_ten_kilometres_routes_in_seconds(tmp_path):
    """Its nav mesh has coarser cells, not 1.5 million of them (82 s and 6 GB for a route before)."""
    from engine.world.navmesh import MAX_CELLS
    from engine.world.paths import find_path
    from engine.world.venue_nav import navmesh_for
    text = MINI.replace("polygon = [[-20, -10], [20, -10], [20, 10], [-20, 10]]",
                        "polygon = [[-5000, -5000], [5000, -5000], [5000, 5000], [-5000, 5000]]")
    mesh = navmesh_for(open_scene(scene(tmp_path, text)))
    assert len(mesh) < MAX_CELLS * 4
    path = find_path(mesh, (-4900.0, -4900.0), (4900.0, 4900.0))
    assert 13_800 < path.length_m < 14_000             # about the diagonal: no detours


def test_walkway_of_5000_points_is_refused(tmp_path):
    points = ", ".join(f"[{i % 100}, {i // 100}]" for i in range(5000))
    text = MINI + f'\n[[walkways]]\nid = "long"\nwidth = 4\npoints = [{points}]\n'
    assert "5000 points is above the limit of 500" in scene_error(tmp_path, text)


def test_a_million_trees_are_refused(tmp_path):
    rows = ", ".join(f"{{ from = [-15, {z / 10}], to = [15, {z / 10}], count = 500 }}" for z in range(-90, 90))
    text = MINI.replace('id = "plaza"', f'id = "plaza"\ntree_rows = [{rows}]')
    assert "90,000 trees (single and in rows) is above the limit of 5,000" in scene_error(tmp_path, text)
    rows = ", ".join(["{ from = [-15, 0], to = [15, 0], count = 500 }"] * 2000)   # a million
    text = MINI.replace('id = "plaza"', f'id = "plaza"\ntree_rows = [{rows}]')
    assert "1,000,000 trees" in scene_error(tmp_path, text)


# ------------------------------------------------------------------------------------------ viewer
@pytest.mark.parametrize("content", ['{"bookmarks": 5}', "[" * 5000 + "]" * 5000], ids=["number", "deep"])
def test_damaged_bookmarks_are_set_aside(tmp_path, content):
    path = tmp_path / "bookmarks.json"
    path.write_text(content)
    marks = Bookmarks(path)
    assert marks.ids == set() and "moved to bookmarks.json.bad" in marks.problem
    assert (tmp_path / "bookmarks.json.bad").read_text() == content and not path.exists()


def test_name_of_3000_characters_fits_a_texture():
    from engine.ui.text import MAX_IMAGE_SIDE, label
    image = label("x" * 3000, size=28)
    assert image.shape[1] <= MAX_IMAGE_SIDE and image.shape[0] <= MAX_IMAGE_SIDE


def test_hall_name_of_10000_characters_does_not_pass_validate(tmp_path, capsys):
    path = scene(tmp_path, MINI.replace('name = "Hall A"', 'name = "' + "H" * 10_000 + '"'))
    one_error_line(*cli(capsys, "validate", str(path))[::2])


# ------------------------------------------------------------------------------------------ outputs
def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_partial_folders_of_killed_runs_are_removed(tmp_path):
    from engine.commands.outdir import staged_folder
    stale = tmp_path / f".views.{_dead_pid()}.abc123.partial"
    stale.mkdir()
    (stale / "a.png").write_bytes(b"x" * 1000)
    ancient = tmp_path / ".views.old-style.partial"   # named before names carried a process id
    ancient.mkdir()
    os.utime(ancient, (time.time() - 7200, time.time() - 7200))
    with staged_folder(tmp_path / "views", ("*.png",)) as stage:
        (stage / "b.png").write_bytes(b"y")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["views"]


def test_output_renamed_aside_by_a_killed_run_is_put_back(tmp_path):
    """A run killed between its two renames left only `.views.PID.*.old`: the next run restores it,
    and a failure in that run leaves the restored output in place."""
    from engine.commands.outdir import staged_folder
    aside = tmp_path / f".views.{_dead_pid()}.xyz.old"
    aside.mkdir()
    (aside / "v.png").write_bytes(b"previous")
    with pytest.raises(RuntimeError), staged_folder(tmp_path / "views", ("*.png",)):
        raise RuntimeError("the new run fails too")
    assert (tmp_path / "views" / "v.png").read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["views"]


@pytest.mark.parametrize("kind", ["device", "symlink"])
def test_ics_onto_a_device_or_a_link_is_refused(tmp_path, capsys, kind):
    target = Path("/dev/null")
    if kind == "symlink":
        target = tmp_path / "link.ics"
        target.symlink_to(tmp_path / "elsewhere.ics")
    code, out, err = cli(capsys, "sessions", "--ics", str(target))
    assert "refusing to replace it" in one_error_line(code, err)
    assert not (tmp_path / "elsewhere.ics").exists() and out == ""


def test_ics_to_standard_output(capsys):
    code, out, err = cli(capsys, "sessions", "--hall", "main-forum", "--ics", "-")
    assert code == 0 and out.startswith("BEGIN:VCALENDAR") and "wrote" in err


# ------------------------------------------------------------------------------------------ arguments
def test_render_samples_the_driver_lacks(gl, tmp_path, capsys):
    from engine.commands.render import max_samples
    code, _, err = cli(capsys, "render", "--samples", "8", "--size", "16x16", "--out", str(tmp_path / "x.png"))
    if max_samples() >= 8:
        assert code == 0
    else:
        assert "--samples: 8 samples is more than this driver offers" in one_error_line(code, err)


def test_render_view_empty_is_refused(capsys, tmp_path):
    code, _, err = cli(capsys, "render", "--view", "", "--out", str(tmp_path / "x.png"))
    assert "unknown view ''" in one_error_line(code, err) and not any(tmp_path.iterdir())


def test_bench_orbit_at_1e308_is_refused(capsys):
    assert "--orbit" in one_error_line(*cli(capsys, "bench", "--orbit", "1e308,1e308")[::2])


@pytest.mark.parametrize("argv", [
    ["validate", "{long}.toml"], ["inspect", "{long}.glb"], ["sessions", "--schedule", "{long}.json"],
    ["sessions", "--scene", "{long}.toml"], ["validate", "{fifo}"], ["render", "{fifo}.ply", "--out", "x.png"],
], ids=["scene", "model", "schedule", "sessions-scene", "fifo-scene", "fifo-model"])
def test_input_paths_the_system_refuses_or_that_never_end(tmp_path, capsys, argv):
    """A name longer than the file system allows (ENAMETOOLONG), or a pipe that would block the read."""
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    os.mkfifo(tmp_path / "pipe.toml.ply")
    args = [a.format(long=tmp_path / ("a" * 300), fifo=fifo) for a in argv]
    message = one_error_line(*cli(capsys, *args)[::2])
    assert "File name too long" in message or "special file" in message


def test_a_plaza_with_points_1e_306_apart_builds(tmp_path):
    """Shrinking such a sliver for the lawn divided by zero inside shapely (a warning the fuzzing turns
    into an error)."""
    import contextlib
    import warnings

    from fuzzing import toml_document
    doc = {"venue": {"name": "Mini", "origin": {"lat": 31.33, "lon": 121.22}},
           "plaza": {"id": "plaza", "polygon": [[2.3588071574974705e-306, 0.0], [1.0, 0.0], [0.0, 2.0],
                                                [0.0, -1.0]], "lamp_spacing": 4.0},
           "spawn": {"at": [0.0, 1.6, 0.0], "look_at": [0, 1.6, -10]},
           "halls": [{"id": "hall-a", "name": "Hall A", "kind": "subforum", "center": [0.0, 0.0],
                      "size": [20.0, 20.0], "capacity": 100, "seating": {"rows": 10, "per_row": 16},
                      "stage": {"depth": 4}, "doors": [{"wall": "south", "offset": 0, "width": 3}],
                      "rotation": 0.0}],
           "walkways": [{"id": "w-a", "points": [[0.0, 0.0], [0.0, 1.0]], "width": 1.0}]}
    (tmp_path / "scene.toml").write_text(toml_document(doc), encoding="utf-8")
    with warnings.catch_warnings(), contextlib.suppress(UserError):
        warnings.simplefilter("error")
        open_scene(tmp_path / "scene.toml")
