"""`export`: the venue as one binary glTF (.glb) with Mozilla Hubs components, for Hubs, Blender or three.js."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from engine.commands import common
from engine.errors import UserError

HELP = "write the venue as a glTF binary (.glb) with Mozilla Hubs components"
DESCRIPTION = """\
Write the whole venue, built as the viewer builds it, as one glTF 2.0 binary file (.glb):

  meshes and materials    metallic-roughness materials with their textures (PNG), emissive colour,
                          alpha mode and double-sidedness; unlit ones with KHR_materials_unlit
  halls, booths           named nodes `hall:<id>` and `booth:<id>`; a hall's facts and its sessions
                          from the agenda are the node's extras
  waypoints               every named place as a Hubs waypoint (MOZ_hubs_components), named by its id;
                          the spawn is the one that can be a spawn point
  nav mesh                where people can walk, as a hidden node with the Hubs `nav-mesh` component

A mesh used many times (trees, lamps, seats) is written once and drawn through EXT_mesh_gpu_instancing,
which the file then requires: Blender (3.6 and later) and three.js (r146 and later) read it. For viewers
that do not (Hubs among them), --no-instancing writes every copy as a node of its own (a larger file any
viewer draws).
The file appears whole or not at all."""


def register(subparsers) -> None:
    p = subparsers.add_parser("export", help=HELP, description=DESCRIPTION,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    common.add_path(p)
    p.add_argument("--out", required=True, metavar="FILE.glb", help="where to write the .glb, - for standard output")
    p.add_argument("--no-instancing", action="store_true",
                   help="write each copy of a repeated mesh as a node of its own (no EXT_mesh_gpu_instancing)")
    p.add_argument("--schedule", metavar="FILE",
                   help="agenda whose sessions go into the halls' extras (frab/pretalx .json or .ics); "
                        "default: the scene's agenda")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from engine.export.venue_gltf import export_venue
    from engine.fileio import check_output_file, write_atomic
    from engine.venue import open_scene
    out = Path(args.out)
    to_stdout = args.out == "-"
    if not to_stdout:
        if out.suffix.lower() != ".glb":
            raise UserError(out, "the output must be a .glb file (binary glTF)")
        check_output_file(out)   # before the slow work
        if not out.absolute().parent.is_dir():
            raise UserError(out, f"cannot write: folder {out.absolute().parent} does not exist")
    venue = open_scene(args.path)
    common.warn(venue.scene.metadata.get("warnings", []))
    sessions = _sessions(venue, args.schedule)
    with tqdm(total=len(venue.scene.batches()), desc="meshes", unit="mesh", file=sys.stderr,
              disable=None) as bar:
        def progress(items):
            for item in items:
                yield item
                bar.update(1)
        data = export_venue(venue, sessions, instancing=not args.no_instancing, progress=progress)
    write_atomic(out, data)
    where = "standard output" if to_stdout else str(out)
    print(f"wrote {where} ({len(data) / 1e6:.1f} MB: {len(venue.halls)} halls, {len(venue.booths)} booths, "
          f"{len(venue.waypoints)} waypoints, {len(sessions)} sessions)", file=sys.stderr if to_stdout else sys.stdout)
    return 0


def _sessions(venue, schedule: str | None) -> list:
    """The sessions of the venue's halls, from --schedule or the scene's agenda; none for a model."""
    if schedule is None and venue.agenda_path is None:
        return []
    if not venue.halls:
        if schedule is not None:
            raise UserError("--schedule", "this scene has no halls to put sessions in (it is a model, not a venue)")
        return []
    from engine.agenda.load import load_agenda
    agenda = load_agenda(Path(schedule) if schedule else venue.agenda_path,
                         halls=venue.hall_names(), room_map=venue.room_map)
    common.warn(agenda.warnings)
    return [s for s in agenda.sessions if s.hall in venue.halls]
