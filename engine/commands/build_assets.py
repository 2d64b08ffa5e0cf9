"""`build-assets`: regenerate the generated meshes and textures under assets/venue/, deterministically."""
from __future__ import annotations

import argparse

HELP = "regenerate generated meshes and sign textures (assets/venue/), with progress"


def register(subparsers) -> None:
    p = subparsers.add_parser("build-assets", help=HELP, description=HELP + ". Files are written to a temporary "
                              "folder and moved into place only when all of them were built.")
    p.add_argument("--import-circuit", metavar="DIR",
                   help="also re-derive assets/data/shanghai-circuit.json from cn-2004.geojson and "
                        "shanghai_centerline.csv in DIR (e.g. ../shared/data)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import os
    import tempfile
    from pathlib import Path

    from tqdm import tqdm

    from engine.errors import UserError
    from engine.venue import assets

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
    steps = ["props", "circuit", "signs"]
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".build-") as tmp_dir:
        tmp = Path(tmp_dir)
        with tqdm(total=len(steps), desc="build-assets", unit="step") as bar:
            def progress(step: str) -> None:
                if bar.n or step != steps[0]:
                    bar.update(1)
                bar.set_postfix_str(step)
            try:
                written = assets.build_all(tmp, progress)
            except UserError:
                raise
            bar.update(1)
        target.mkdir(exist_ok=True)
        for f in written:
            os.replace(f, target / f.name)
    print(f"wrote {', '.join(f.name for f in written)} to {target}")
    return 0
