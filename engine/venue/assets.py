"""Generated assets under `assets/venue/`: prop meshes, circuit meshes, the sign atlas and the baked ambient
occlusion of the bundled scene (see engine.venue.ao_file).

`build_all(out_dir)` regenerates them deterministically (`python main.py build-assets`); opening a scene
loads them when they match what the scene needs and builds them in memory otherwise. The mesh files carry
a digest of the code that builds them and of the circuit's data, so a change to either makes them stale.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path

import numpy as np

from engine import PROJECT_ROOT
from engine.venue import geo
from engine.venue.circuit import circuit_builders
from engine.venue.fingerprint import code_digest
from engine.venue.props import PROPS
from engine.venue.scenefile import read_scene
from engine.venue.signboards import sign_requests
from engine.venue.signs import Atlas, SignRequest, load_or_draw, write_atlas

ASSET_DIR = PROJECT_ROOT / "assets" / "venue"
CIRCUIT_DATA = PROJECT_ROOT / "assets" / "data" / "shanghai-circuit.json"
DEFAULT_SCENE = PROJECT_ROOT / "scenes" / "anting.toml"
FILES = ("props.npz", "circuit.npz", "signs.png", "signs.json", "ao.npz")
KEYS = ("positions", "indices", "normals", "uvs", "colors")
Arrays = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
# (step, what of it is done so far): a step is named once with "" when it starts, then as it goes.
Progress = Callable[[str, str], None]


# Built meshes are listed by name, the order loading them back gives: the scene is the same either way.

def build_props() -> dict[str, Arrays]:
    return {name: PROPS[name]().arrays() for name in sorted(PROPS)}


def build_circuit(data_path: Path) -> dict[str, Arrays]:
    """Circuit meshes in the data's own frame (origin at its `reference` lon/lat)."""
    doc = json.loads(Path(data_path).read_text(encoding="utf-8"))
    pts = np.asarray(doc["centre_line"], dtype=np.float64)
    ref = doc["reference"]
    local = geo.lonlat_to_xz(pts[:, :2], ref["lat"], ref["lon"])
    builders = circuit_builders(local, pts[:, 2:4], float(doc.get("start_finish_s", 0.0)),
                                [float(s) for s in doc.get("turns_s", [])])
    return {name: b.arrays() for name, b in sorted(builders.items()) if not b.empty}


def _save(path: Path, meshes: dict[str, Arrays], digest: str) -> None:
    flat = {"digest": np.array(digest)}
    for name, arrs in meshes.items():
        for key, arr in zip(KEYS, arrs):
            flat[f"{name}/{key}"] = arr
    with open(path, "wb") as fh:
        np.savez_compressed(fh, allow_pickle=False, **flat)


def _load(path: Path, digest: str) -> dict[str, Arrays] | None:
    try:
        with np.load(path) as data:
            if str(data["digest"]) != digest:
                return None
            names = sorted({k.split("/")[0] for k in data.files if "/" in k})
            return {n: (data[f"{n}/positions"], data[f"{n}/indices"], data[f"{n}/normals"], data[f"{n}/uvs"],
                        data[f"{n}/colors"]) for n in names}
    except (OSError, ValueError, KeyError):
        return None


# The digests cover the code the meshes are built from (see engine.venue.fingerprint), wherever it lives,
# and for the circuit its data file. The code does not change while the program runs: computed once.
@cache
def _props_digest() -> str:
    return code_digest(build_props)


@cache
def _circuit_code_digest() -> str:
    return code_digest(build_circuit)


def _circuit_digest(data_path: Path) -> str:
    data = hashlib.sha256(Path(data_path).read_bytes()).hexdigest()[:16]
    return hashlib.sha256(f"{_circuit_code_digest()} {data}".encode()).hexdigest()[:16]


def prop_meshes() -> dict[str, Arrays]:
    return _load(ASSET_DIR / "props.npz", _props_digest()) or build_props()


def circuit_meshes(data_path: Path) -> dict[str, Arrays]:
    return _load(ASSET_DIR / "circuit.npz", _circuit_digest(data_path)) or build_circuit(data_path)


def atlas_for(requests: list[SignRequest]) -> Atlas:
    return load_or_draw(requests, ASSET_DIR)


def build_all(out_dir: Path, progress: Progress = lambda step, done: None,
              scene: Path = DEFAULT_SCENE) -> list[Path]:
    """Write every generated asset into out_dir (which must exist); returns the files written."""
    progress("props", "")
    _save(out_dir / "props.npz", build_props(), _props_digest())
    progress("circuit", "")
    _save(out_dir / "circuit.npz", build_circuit(CIRCUIT_DATA), _circuit_digest(CIRCUIT_DATA))
    progress("signs", "")
    write_atlas(sign_requests(read_scene(scene)), out_dir)
    bake_ao(out_dir / "ao.npz", scene, progress)
    return [out_dir / f for f in FILES]


def bake_ao(out: Path, scene: Path, progress: Progress = lambda step, done: None) -> None:
    """Bake the ambient occlusion of a scene file's venue into `out`."""
    # Imported here: the bake builds the venue, whose builders import this module.
    from engine.venue.ao_file import bake_scene_file, write_ao
    progress("ao", "")
    baked, digest = bake_scene_file(scene, lambda done, total: progress("ao", f"{done}/{total} vertices"))
    write_ao(out, baked, digest)
