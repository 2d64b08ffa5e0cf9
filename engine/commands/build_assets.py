"""`build-assets`: regenerate the generated meshes and textures under assets/venue/, deterministically."""
from __future__ import annotations

import argparse

HELP = "regenerate generated meshes, sign textures and baked ambient occlusion (assets/venue/), with progress"


def register(subparsers) -> None:
    p = subparsers.add_parser("build-assets", help=HELP, description=HELP + ". Files are written to a temporary "
                              "folder and moved into place only when all of them were built.")
    p.add_argument("--import-circuit", metavar="DIR",
                   help="also re-derive assets/data/shanghai-circuit.json from cn-2004.geojson and "
                        "shanghai_centerline.csv in DIR (e.g. ../shared/data)")
    p.add_argument("--scene", metavar="FILE",
                   help="instead, bake the ambient occlusion of another scene file, written beside it as "
                        "NAME.ao.npz (opening that scene uses it while the file and the code are unchanged)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import os
    import tempfile
    from pathlib import Path

    from engine.errors import UserError
    from engine.venue import assets

    if args.scene:
        return _bake_scene_ao(Path(args.scene))
    if args.import_circuit:
        from engine.venue.circuit import circuit_json, import_circuit
        src = Path(args.import_circuit)
        geojson = src / "cn-2004.geojson"
        if not geojson.is_file():
            raise UserError(geojson, "no such file")
        text = circuit_json(import_circuit(geojson, src / "shanghai_centerline.csv"))
        tmp = assets.CIRCUIT_DATA.with_suffix(".json.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, assets.CIRCUIT_DATA)
    target = assets.ASSET_DIR
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".build-") as tmp_dir:
        with _StepBar(["props", "circuit", "signs", "ao"]) as bar:
            written = assets.build_all(Path(tmp_dir), bar.progress)
        target.mkdir(exist_ok=True)
        for f in written:
            os.replace(f, target / f.name)
    print(f"wrote {', '.join(f.name for f in written)} to {target}")
    return 0


def _bake_scene_ao(scene) -> int:
    """`--scene FILE`: the scene's AO beside it."""
    from engine.errors import UserError
    from engine.venue import assets
    from engine.venue.ao_file import ao_path

    if scene.suffix.lower() != ".toml":
        raise UserError(scene, "--scene takes a scene file (.toml)")
    out = ao_path(scene)
    try:
        with _StepBar(["ao"]) as bar:
            assets.bake_ao(out, scene, bar.progress)
    except OSError as e:
        raise UserError(out, f"cannot write: {e.strerror or e}") from None
    print(f"wrote {out}")
    return 0


class _StepBar:
    """A progress bar of named steps; the current step's progress is shown beside it."""

    def __init__(self, steps: list[str]) -> None:
        from tqdm import tqdm
        self.bar = tqdm(total=len(steps), desc="build-assets", unit="step")
        self.current: str | None = None

    def progress(self, step: str, done: str) -> None:
        if step != self.current:
            if self.current is not None:
                self.bar.update(1)
            self.current = step
        self.bar.set_postfix_str(f"{step} {done}".strip())

    def __enter__(self) -> _StepBar:
        return self

    def __exit__(self, exc_type, *rest) -> None:
        if exc_type is None:
            self.bar.update(1)
        self.bar.close()
