"""Baked ambient occlusion on disk, and attaching it to a scene's meshes when the scene opens.

The bundled scene's AO is `assets/venue/ao.npz` (written by `build-assets`); another scene file's is
`<scene>.ao.npz` beside it (`build-assets --scene FILE`). The file holds, per mesh name, `NAME/ao`
(n,) uint8 (AO × 255) and `NAME/vertices`, and a `digest` of the built geometry (every mesh where it
stands) and of the code that bakes. Opening a scene attaches AO to each mesh whose name and
vertex count match, when the digest does; otherwise the scene is drawn without AO and says so in its
notes. Nothing is baked at start-up: baking takes seconds, opening must not.
"""
from __future__ import annotations

import hashlib
import io
import os
import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

import numpy as np

from engine.scene import Scene
from engine.venue.assets import ASSET_DIR, DEFAULT_SCENE
from engine.venue.fingerprint import code_digest
from engine.venue.model import Venue

FILE_NAME = "ao.npz"
MAX_BYTES = 64 << 20          # unpacked: the bundled venue's is well under 1 MB
# Fixed zip timestamps: the same bake gives the same bytes (a rebuilt asset shows no change).
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

Baked = dict[str, np.ndarray]   # mesh name: (n,) float32 AO in [0, 1]


def ao_path(scene_path: Path) -> Path:
    """Where the AO of a scene file lives: with the generated assets for the bundled scene, else beside it."""
    scene_path = Path(scene_path)
    if scene_path.resolve() == DEFAULT_SCENE.resolve():
        return ASSET_DIR / FILE_NAME
    return scene_path.with_name(f"{scene_path.stem}.{FILE_NAME}")


@cache
def _code_digest() -> str:
    from engine.venue.ao import bake_scene
    return code_digest(bake_scene)


def scene_digest(scene: Scene) -> str:
    """16 hex digits over what the bake saw (every mesh's geometry where it stands) and the code that
    bakes. Hashing the built geometry takes milliseconds, where following the code that builds it
    took a tenth of a second at every start-up, and it notices any change that moves a vertex."""
    h = hashlib.sha256(_code_digest().encode())
    for batch in sorted(scene.batches(), key=lambda b: b.mesh.name):
        h.update(batch.mesh.name.encode())
        for arr in (batch.mesh.positions, batch.mesh.indices, batch.transforms):
            h.update(np.ascontiguousarray(arr).data)
    return h.hexdigest()[:16]


def write_ao(path: Path, baked: Baked, digest: str) -> None:
    """Write the AO file (the same bytes for the same bake), through a temporary file moved into place."""
    members = {"digest": np.array(digest)}
    for name in sorted(baked):
        members[f"{name}/ao"] = np.round(np.clip(baked[name], 0.0, 1.0) * 255).astype(np.uint8)
        members[f"{name}/vertices"] = np.array(len(baked[name]), dtype=np.int64)
    tmp = path.with_name(path.name + ".tmp")
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            for key, arr in members.items():
                buf = io.BytesIO()
                np.lib.format.write_array(buf, arr, allow_pickle=False)
                zf.writestr(zipfile.ZipInfo(f"{key}.npy", ZIP_TIME), buf.getvalue(), zipfile.ZIP_DEFLATED)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def read_ao(path: Path, digest: str) -> tuple[Baked | None, str]:
    """(the AO per mesh name, "") when the file is readable and its digest matches; else (None, why)."""
    try:
        with zipfile.ZipFile(path) as zf:
            if sum(info.file_size for info in zf.infolist()) > MAX_BYTES:
                return None, "is too large to be an AO file"
        with np.load(path, allow_pickle=False) as data:
            if "digest" not in data.files or str(data["digest"]) != digest:
                return None, "was baked for other geometry (the scene or the code that builds it changed)"
            return _arrays(data), ""
    except FileNotFoundError:
        return None, "is missing"
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return None, "is not a readable AO file"


def _arrays(data: np.lib.npyio.NpzFile) -> Baked:
    """The AO of each mesh whose array is (vertices,) uint8; others are left out."""
    out = {}
    for key in data.files:
        if not key.endswith("/ao"):
            continue
        name = key[:-3]
        ao, count = data[key], data.get(f"{name}/vertices")
        if ao.dtype == np.uint8 and ao.ndim == 1 and count is not None and count.shape == () and ao.size == count:
            out[name] = ao.astype(np.float32) / 255.0
    return out


def attach_ao(venue: Venue) -> None:
    """Give the venue's meshes their baked AO, or say in `venue.notes` why they are drawn without it."""
    spec = venue.spec
    if spec is None or spec.path is None:
        return
    path = ao_path(spec.path)
    baked, why = read_ao(path, scene_digest(venue.scene))
    if baked is None:
        venue.notes.append(f"drawn without ambient occlusion: {path} {why} ({_rebake_hint(spec.path)})")
        return
    unmatched = []
    for mesh in venue.scene.meshes():
        ao = baked.get(mesh.name)
        if ao is not None and len(ao) == len(mesh.positions):
            mesh.ao = ao
        elif ao is not None:
            unmatched.append(mesh.name)
    if unmatched:
        venue.notes.append(f"{path}: ambient occlusion of {', '.join(unmatched)} does not fit the mesh: drawn "
                           f"without it ({_rebake_hint(spec.path)})")


def _rebake_hint(scene_path: Path) -> str:
    if ao_path(scene_path).parent == ASSET_DIR:
        return "`python main.py build-assets` bakes it"
    return f"`python main.py build-assets --scene {scene_path}` bakes it"


def bake_scene_file(scene_path: Path, progress: Callable[[int, int], None] = lambda done, total: None
                    ) -> tuple[Baked, str]:
    """Build the scene file's venue and bake its AO: (AO per mesh name, the digest to store with it)."""
    from engine.venue.ao import bake_scene
    from engine.venue.build import build_venue
    from engine.venue.scenefile import read_scene
    spec = read_scene(scene_path)
    venue = build_venue(spec)
    return bake_scene(venue.scene, progress), scene_digest(venue.scene)
