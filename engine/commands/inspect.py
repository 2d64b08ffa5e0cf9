"""`inspect`: what a scene holds, as text or machine-readable JSON.

Names come in both languages: `name` (English) and `name_zh` (Chinese; null where none is known), and so
`theme_zh`, `signage_zh` and `description_zh` beside the English fields."""
from __future__ import annotations

import argparse

HELP = "what the scene holds: halls, booths, experiences, waypoints, circuit, triangle counts"


def register(subparsers) -> None:
    p = subparsers.add_parser("inspect", help=HELP, description=HELP + ".")
    p.add_argument("path", nargs="?", metavar="PATH", help="scene file (.toml) or model; default: the Anting venue")
    p.add_argument("--json", action="store_true", help="machine-readable output on stdout")
    p.set_defaults(func=run)


def _r(v, nd: int = 2):
    return [round(float(x), nd) for x in v]


def _zh(thing, field: str = "name") -> str | None:
    """The Chinese twin of a field; None where no Chinese is known."""
    return getattr(thing, f"{field}_zh", "") or None


def _waypoint(w) -> dict:
    """A waypoint, with the Hubs flags and components a model gave it."""
    out = {"id": w.id, "name": w.name, "name_zh": _zh(w), "kind": w.kind, "position": _r(w.position),
           "look_at": _r(w.look_at)}
    for key in ("flags", "components", "team"):
        if getattr(w, key, None):
            out[key] = getattr(w, key)
    return out


def describe(venue) -> dict:
    """The venue as plain JSON-ready data."""
    scene = venue.scene
    out: dict = {
        "path": str(venue.path) if venue.path else None,
        "name": venue.name or scene.name,
        "name_zh": _zh(venue),
        "illustrative": venue.illustrative,
        "origin": {"lat": venue.origin.lat, "lon": venue.origin.lon} if venue.origin else None,
        "agenda": str(venue.agenda_path) if venue.agenda_path else None,
        "room_map": venue.room_map,
        "halls": [{
            "id": h.id, "name": h.name, "name_zh": _zh(h), "kind": h.kind, "theme": h.theme,
            "theme_zh": _zh(h, "theme"), "capacity": h.capacity, "seats": h.seats, "signage": h.signage,
            "signage_zh": _zh(h, "signage"), "center": _r(h.center), "size": _r(h.size), "rotation": h.rotation,
            "footprint": [_r(p) for p in h.footprint()],
            "doors": [{"wall": d.wall, "center": _r(d.center), "width": d.width, "outward": _r(d.outward, 3)}
                      for d in h.doors],
        } for h in venue.halls.values()],
        "booths": [{"id": b.id, "name": b.name, "name_zh": _zh(b), "hall": b.hall, "at": _r(b.at)}
                   for b in venue.booths.values()],
        "experiences": [{"id": e.id, "name": e.name, "name_zh": _zh(e), "description": e.description,
                         "description_zh": _zh(e, "description"), "kind": e.kind, "hall": e.hall, "at": _r(e.at)}
                        for e in venue.experiences.values()],
        "waypoints": [_waypoint(w) for w in venue.waypoints.values()],
        "hubs": scene.metadata.get("hubs"),
        "spawn": None if venue.spawn is None else {"id": venue.spawn.id, "position": _r(venue.spawn.position),
                                                   "look_at": _r(venue.spawn.look_at)},
        "circuit": None,
        "triangles": {"total": scene.triangle_count(), "unique_meshes": len(scene.batches()),
                      "by_mesh": {b.mesh.name: b.mesh.triangle_count * len(b.transforms) for b in scene.batches()}},
        "problems": venue.problems,
    }
    c = venue.circuit
    if c is not None:
        out["circuit"] = {
            "name": c.name, "length_m": round(c.length_m, 1), "official_length_m": c.official_length_m,
            "clockwise": c.clockwise, "attribution": c.attribution,
            "centre_line": [_r(p) for p in c.centre],
            "start_finish": _r(c.start_finish()[0]),
            "turns": [{"number": t.number, "direction": t.direction, "apex": _r(t.position), "marker": _r(t.marker)}
                      for t in c.turns],
        }
    return out


def run(args: argparse.Namespace) -> int:
    import json

    from engine.venue import open_scene
    venue = open_scene(args.path)
    info = describe(venue)
    if args.json:
        print(json.dumps(info, indent=1, ensure_ascii=False))
        return 0
    names = "  ".join(n for n in (info["name"], info["name_zh"]) if n)
    print(f"{names}  ({info['path']})")
    if venue.illustrative:
        print("  illustrative layout")
    for h in info["halls"]:
        print(f"  {h['id']:16} {h['kind']:10} seats {h['seats']:5}  capacity {h['capacity']:5}  "
              f"doors {len(h['doors'])}  {h['name']}" + (f"  {h['name_zh']}" if h["name_zh"] else ""))
    print(f"  booths {len(info['booths'])}, experiences {len(info['experiences'])}, "
          f"waypoints {len(info['waypoints'])}")
    if info["circuit"]:
        c = info["circuit"]
        print(f"  circuit: {c['name']}, {c['length_m']} m, {'clockwise' if c['clockwise'] else 'anticlockwise'}, "
              f"{len(c['turns'])} turns")
    t = info["triangles"]
    print(f"  triangles {t['total']:,} in {t['unique_meshes']} meshes")
    return 0
