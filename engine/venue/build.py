"""Turn a checked SceneSpec into a Venue: meshes merged per material, props instanced, places named.

Draw budget: static geometry is merged into one mesh per material (walls of every hall are one mesh,
coloured per vertex); seats, lamps, trees, booths and kiosks are one mesh each, shared by all their
nodes, so the renderer draws each with one instanced call.
"""
from __future__ import annotations

import math

import numpy as np

from engine.scene import AlphaMode, Lighting, Material, Mesh, Node, Scene
from engine.venue import assets
from engine.venue.circuit import Circuit, footprints, grandstand_view, load_circuit
from engine.venue.geometry import MeshBuilder, hex_color, transform, yaw_matrix
from engine.venue.model import Booth, Experience, Hall
from engine.venue.scenefile import SceneSpec
from engine.venue.signs import Atlas, SignRequest

EYE = 1.65
WALL_T = 0.4


def _mix(a, b, t):
    return tuple(float(x * (1 - t) + y * t) for x, y in zip(a, b))


class Materials:
    """The venue's shared materials (linear colours; vertex colours tint the white ones)."""

    def __init__(self, atlas: Atlas) -> None:
        self.grass = Material(hex_color("#6f9a4e"), roughness=0.95, name="grass")
        self.paving = Material((1.0, 1.0, 1.0, 1.0), roughness=0.85, depth_layer=1,
                               name="paving")   # slab colours per vertex
        self.vertex = Material((1, 1, 1, 1), roughness=0.8, name="painted")
        self.carpet = Material((1, 1, 1, 1), roughness=0.98, depth_layer=1, name="carpet")
        self.stage = Material(hex_color("#5a3d2b"), roughness=0.5, name="stage-wood")
        self.glass = Material(hex_color("#9cc3dc", 0.35), alpha_mode=AlphaMode.BLEND, roughness=0.05,
                              double_sided=True, name="glass")
        self.ceiling = Material(hex_color("#eceae4"), roughness=0.9, name="ceiling")
        self.signs = Material((1, 1, 1, 1), texture=atlas.image, unlit=True, name="signs")
        self.asphalt = Material((1, 1, 1, 1), roughness=0.9, depth_layer=1, name="asphalt")
        self.water = Material((1, 1, 1, 1), roughness=0.1, depth_layer=1, name="water")
        self.paint = Material((1, 1, 1, 1), roughness=0.8, depth_layer=2, name="track-paint")


class _Signs:
    """Collects sign quads (one mesh for every sign in the venue)."""

    def __init__(self, atlas: Atlas) -> None:
        self.atlas = atlas
        self.b = MeshBuilder()

    def add(self, key: str, center: tuple[float, float, float], width: float, height: float,
            facing_xz: tuple[float, float]) -> None:
        """A sign whose front faces `facing_xz` (unit x/z), centred at `center` (x, y, z)."""
        if key not in self.atlas.rects:
            return
        f = np.array([facing_xz[0], 0.0, facing_xz[1]])
        right = np.array([f[2], 0.0, -f[0]])  # the right-hand side of someone reading the sign
        c = np.asarray(center, dtype=np.float64)
        hw, hh = width / 2, height / 2
        bl, br = c - right * hw - [0, hh, 0], c + right * hw - [0, hh, 0]
        tr, tl = c + right * hw + [0, hh, 0], c - right * hw + [0, hh, 0]
        u0, vt, u1, vb = self.atlas.uv(key)
        self.b.quad([bl, br, tr, tl], (1, 1, 1, 1), uvs=[[u0, vb], [u1, vb], [u1, vt], [u0, vt]], outward=f)


def sign_requests(spec: SceneSpec) -> list[SignRequest]:
    """Every text the scene shows, in file order."""
    reqs = []
    for h in spec.halls:
        reqs.append(SignRequest(f"hall:{h.id}", "hall", h.signage, color=h.color))
        if h.stage_depth:
            reqs.append(SignRequest(f"screen:{h.id}", "screen", h.name, "2nd World Metaverse Conference  |  Anting, "
                                    "Shanghai  |  20-22 Sept 2023", color="#0b2a5b"))
    for b in spec.booths:
        reqs.append(SignRequest(f"booth:{b.id}", "booth", b.name, color=b.color))
    for e in spec.experiences:
        reqs.append(SignRequest(f"exp:{e.id}", "exp", e.name, e.description, color="#234e52"))
    reqs.append(SignRequest("label:registration", "label", "Registration  |  WMC 2023", color="#c0392b"))
    reqs.append(SignRequest("label:welcome", "hall", "2nd World Metaverse Conference  -  Anting 2023",
                            color="#0b2a5b"))
    if spec.circuit is not None:
        for n in range(1, 17):
            reqs.append(SignRequest(f"turn:{n}", "marker", f"T{n}", color="#ffffff"))
        reqs.append(SignRequest("label:circuit", "hall", "Shanghai International Circuit", color="#b3261e"))
    return reqs


# ------------------------------------------------------------------------------------------- halls

def place_doors(hall: Hall) -> None:
    """Fill in each door's centre, outward direction and jambs in the venue frame."""
    w, d = hall.size[0] / 2, hall.size[1] / 2
    for door in hall.doors:
        if door.wall == "north":
            c, out, along = (-door.offset, -d), (0, -1), (-1, 0)
        elif door.wall == "south":
            c, out, along = (door.offset, d), (0, 1), (1, 0)
        elif door.wall == "east":
            c, out, along = (w, -door.offset), (1, 0), (0, -1)
        else:
            c, out, along = (-w, door.offset), (-1, 0), (0, 1)
        rot = yaw_matrix(hall.rotation)[[0, 2]][:, [0, 2]]
        centre = hall.local_to_world(np.array([c]))[0]
        o = rot @ np.array(out, float)
        a = rot @ np.array(along, float)
        door.center = (float(centre[0]), float(centre[1]))
        door.outward = (float(o[0]), float(o[1]))
        j0, j1 = centre - a * door.width / 2, centre + a * door.width / 2
        door.span = ((float(j0[0]), float(j0[1])), (float(j1[0]), float(j1[1])))


def _wall_segments(length: float, doors: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Solid intervals along a wall [-L/2, L/2] around door openings given as (centre, width)."""
    cuts = sorted((c - w / 2, c + w / 2) for c, w in doors)
    out, x = [], -length / 2
    for a, b in cuts:
        if a > x:
            out.append((x, a))
        x = max(x, b)
    if x < length / 2:
        out.append((x, length / 2))
    return out


def _hall_local_doors(hall: Hall, wall: str) -> list[tuple[float, float, float]]:
    """(position along the wall's local axis, width, height) for doors in `wall`."""
    out = []
    for d in hall.doors:
        if d.wall != wall:
            continue
        pos = {"north": -d.offset, "south": d.offset, "east": -d.offset, "west": d.offset}[wall]
        out.append((pos, d.width, d.height))
    return out


def build_hall(hall: Hall, walls: MeshBuilder, floors: MeshBuilder, stage: MeshBuilder, glass: MeshBuilder,
               ceiling: MeshBuilder, signs: _Signs, seat_nodes: list[np.ndarray], obstacles: list) -> None:
    """Geometry of one hall into the shared builders (in the venue frame)."""
    w, d, h = hall.size[0] / 2, hall.size[1] / 2, hall.height
    accent = hex_color(hall.color)
    facade = hex_color("#f4f1ea")
    m = transform((hall.center[0], 0.0, hall.center[1]), hall.rotation)

    def local_builder_to(target: MeshBuilder, build) -> None:
        b = MeshBuilder()
        build(b)
        if not b.empty:
            b.transformed(m)
            target._pos += b._pos
            target._nrm += b._nrm
            target._uv += b._uv
            target._col += b._col
            target._idx += [i + target._count for i in b._idx]
            target._count += b._count

    def wall_geometry(b: MeshBuilder) -> None:
        t = WALL_T
        specs = {"north": ((-w, w), -d, "x"), "south": ((-w, w), d, "x"),
                 "west": ((-d, d), -w, "z"), "east": ((-d, d), w, "z")}
        for wall, ((lo, hi), at, axis) in specs.items():
            length = hi - lo
            doors = _hall_local_doors(hall, wall)
            for a, bnd in _wall_segments(length, [(p, dw) for p, dw, _ in doors]):
                _wall_box(b, axis, at, a, bnd, 0.0, h, t, accent, facade)
            for p, dw, dh in doors:
                _wall_box(b, axis, at, p - dw / 2, p + dw / 2, dh, h, t, accent, facade)
        # accent fins on the outside every 6 m, and a coloured parapet band
        for wall, ((lo, hi), at, axis) in specs.items():
            sgn = 1 if at > 0 else -1
            doors = _hall_local_doors(hall, wall)
            for k in range(1, int((hi - lo) // 6)):
                p = lo + k * (hi - lo) / int((hi - lo) // 6)
                if any(abs(p - dp) < dw / 2 + 1.6 for dp, dw, _ in doors):
                    continue
                o = at + sgn * (t / 2 + 0.15)
                if axis == "x":
                    b.box((p - 0.25, 0.0, o - 0.15), (p + 0.25, h, o + 0.15), accent, faces="xXYzZ")
                else:
                    b.box((o - 0.15, 0.0, p - 0.25), (o + 0.15, h, p + 0.25), accent, faces="xXYzZ")
        b.box((-w - 0.2, h, -d - 0.2), (w + 0.2, h + 0.6, -d + 0.2), accent)
        b.box((-w - 0.2, h, d - 0.2), (w + 0.2, h + 0.6, d + 0.2), accent)
        b.box((-w - 0.2, h, -d), (-w + 0.2, h + 0.6, d), accent)
        b.box((w - 0.2, h, -d), (w + 0.2, h + 0.6, d), accent)

    local_builder_to(walls, wall_geometry)

    carpet = (_mix(accent, hex_color("#3b3f46"), 0.55) if hall.kind != "exhibition"
              else _mix(accent, hex_color("#8a9099"), 0.8))
    local_builder_to(floors, lambda b: b.box((-w, 0.0, -d), (w, 0.04, d), carpet, faces="Y"))
    local_builder_to(ceiling, lambda b: b.box((-w, h - 0.05, -d), (w, h, d), (1, 1, 1, 1), faces="y"))

    def canopy(b: MeshBuilder) -> None:
        for wall in ("north", "south", "east", "west"):
            for p, dw, dh in _hall_local_doors(hall, wall):
                cw = dw + 2.0
                if wall in ("north", "south"):
                    z0 = d if wall == "south" else -d - 3.0
                    b.box((p - cw / 2, dh + 0.3, z0), (p + cw / 2, dh + 0.4, z0 + 3.0), (1, 1, 1, 1))
                else:
                    x0 = w if wall == "east" else -w - 3.0
                    b.box((x0, dh + 0.3, p - cw / 2), (x0 + 3.0, dh + 0.4, p + cw / 2), (1, 1, 1, 1))
    local_builder_to(glass, canopy)

    # signage above every door, outside
    for door in hall.doors:
        wall_len = hall.size[0] if door.wall in ("north", "south") else hall.size[1]
        sw = min(8.0, wall_len - 1.0, max(door.width + 3.0, 6.0))
        sc = (door.center[0] + door.outward[0] * (WALL_T / 2 + 0.05), door.height + 1.6 + sw / 16,
              door.center[1] + door.outward[1] * (WALL_T / 2 + 0.05))
        signs.add(f"hall:{hall.id}", sc, sw, sw / 8, door.outward)

    # stage, screens, lectern, seats
    rot2 = yaw_matrix(hall.rotation)
    north_in = rot2 @ np.array([0.0, 0.0, 1.0])   # from the north wall into the hall
    if hall.stage_depth:
        sd, sh = hall.stage_depth, hall.stage_height
        sw = min(hall.size[0] - 2 * WALL_T, max(12.0, hall.size[0] * 0.7))

        def stage_geo(b: MeshBuilder) -> None:
            b.box((-sw / 2, 0.0, -d + WALL_T / 2), (sw / 2, sh, -d + sd), (1, 1, 1, 1), faces="xXYZ")
            if hall.lectern:
                b.box((sw * 0.28 - 0.35, sh, -d + sd - 1.6), (sw * 0.28 + 0.35, sh + 1.15, -d + sd - 1.1),
                      hex_color("#d9c7a5"))
        local_builder_to(stage, stage_geo)
        obstacles.append(hall.local_to_world(np.array([[-sw / 2, -d], [sw / 2, -d], [sw / 2, -d + sd],
                                                       [-sw / 2, -d + sd]])))
        scr_w = min(hall.size[0] * 0.45, 16.0)
        scr_h = scr_w * 9 / 16
        y = min(sh + 1.6 + scr_h / 2, h - 0.6 - scr_h / 2)
        centres = [0.0] if hall.screens <= 1 else [0.0, -scr_w * 0.85, scr_w * 0.85][:hall.screens]
        for k, cx in enumerate(centres):
            ww, hh = (scr_w, scr_h) if k == 0 else (scr_w * 0.55, scr_w * 0.55 * 9 / 16)
            if abs(cx) + ww / 2 > w - 0.5:
                continue
            p = hall.local_to_world(np.array([[cx, -d + WALL_T / 2 + 0.06]]))[0]
            signs.add(f"screen:{hall.id}", (p[0], y if k == 0 else y - 0.5, p[1]), ww, hh,
                      (float(north_in[0]), float(north_in[2])))
    if hall.seating:
        s = hall.seating
        blocks = [min(s.aisle_every, s.per_row - k) for k in range(0, s.per_row, s.aisle_every)]
        total = s.per_row * s.seat_width + (len(blocks) - 1) * 1.2
        z0 = -d + hall.stage_depth + s.front_gap + s.row_pitch / 2
        x = -total / 2
        for n in blocks:
            bx0 = x
            for row in range(s.rows):
                z = z0 + row * s.row_pitch
                for k in range(n):
                    px = x + (k + 0.5) * s.seat_width
                    p = hall.local_to_world(np.array([[px, z]]))[0]
                    seat_nodes.append(transform((p[0], 0.0, p[1]), hall.rotation))
            x += n * s.seat_width
            obstacles.append(hall.local_to_world(np.array([
                [bx0, z0 - s.row_pitch / 2 + 0.1], [x, z0 - s.row_pitch / 2 + 0.1],
                [x, z0 + (s.rows - 0.5) * s.row_pitch - 0.35], [bx0, z0 + (s.rows - 0.5) * s.row_pitch - 0.35]])))
            x += 1.2


def _wall_box(b: MeshBuilder, axis: str, at: float, a: float, c: float, y0: float, y1: float, t: float,
              accent, facade) -> None:
    """A wall piece from a to c along `axis` ('x' or 'z'), centred on `at` across; accent band below 1.2 m."""
    if c - a < 1e-3 or y1 - y0 < 1e-3:
        return
    bands = [(y0, min(y1, 1.2), accent), (max(y0, 1.2), y1, facade)]
    for lo, hi, col in bands:
        if hi - lo < 1e-3:
            continue
        if axis == "x":
            b.box((a, lo, at - t / 2), (c, hi, at + t / 2), col)
        else:
            b.box((at - t / 2, lo, a), (at + t / 2, hi, c), col)


def wall_obstacles(hall: Hall) -> list[np.ndarray]:
    """Outline polygons (4, 2) of every solid wall piece (door openings left out)."""
    w, d, t = hall.size[0] / 2, hall.size[1] / 2, WALL_T
    out = []
    for wall, (lo, hi), at, axis in (("north", (-w, w), -d, "x"), ("south", (-w, w), d, "x"),
                                     ("west", (-d, d), -w, "z"), ("east", (-d, d), w, "z")):
        doors = _hall_local_doors(hall, wall)
        for a, c in _wall_segments(hi - lo, [(p, dw) for p, dw, _ in doors]):
            if axis == "x":
                pts = [[a, at - t / 2], [c, at - t / 2], [c, at + t / 2], [a, at + t / 2]]
            else:
                pts = [[at - t / 2, a], [at + t / 2, a], [at + t / 2, c], [at - t / 2, c]]
            out.append(hall.local_to_world(np.array(pts, float)))
    return out


# ------------------------------------------------------------------------------------------ layout

def layout_booths(spec: SceneSpec) -> None:
    """Give booths without `at` a place on their hall's grid (rows facing each other across aisles)."""
    halls = {h.id: h for h in spec.halls}
    by_hall: dict[str, list[Booth]] = {}
    for b in spec.booths:
        if b.at is None:
            by_hall.setdefault(b.hall, []).append(b)
    for hid, booths in by_hall.items():
        hall = halls[hid]
        bw, bd = 6.0, 4.0
        usable_w = hall.size[0] - 8.0
        cols = max(1, int(usable_w // (bw + 1.0)))
        for i, b in enumerate(booths):
            row, col = divmod(i, cols)
            # rows in pairs back to back, 8 m aisles between pairs
            pair, side = divmod(row, 2)
            lz = -hall.size[1] / 2 + 7.0 + pair * (2 * bd + 8.0) + (bd / 2 if side == 0 else bd * 1.5)
            lx = -usable_w / 2 + (col + 0.5) * (usable_w / cols)
            b.at = tuple(float(v) for v in hall.local_to_world(np.array([[lx, lz]]))[0])
            b.size = (bw, bd)
            # Fronts face the aisles, backs face the partner row: the first row of a pair faces the
            # hall's front (local -z, the way a booth faces at rotation 0), the second its back.
            b.facing = hall.rotation + (0.0 if side == 0 else 180.0)


def layout_experiences(spec: SceneSpec, booth_rows_end: dict[str, float]) -> None:
    """Place experiences without `at`: along the back of their hall, or around the plaza's edge."""
    halls = {h.id: h for h in spec.halls}
    groups: dict[str, list[Experience]] = {}
    for e in spec.experiences:
        if e.at is None:
            groups.setdefault(e.hall, []).append(e)
    for place, items in groups.items():
        if place in halls:
            hall = halls[place]
            if hall.kind == "exhibition":
                z_start = booth_rows_end.get(place, -hall.size[1] / 2 + 4) + 4.0
                cols = max(1, int((hall.size[0] - 6) // 4.0))
                for i, e in enumerate(items):
                    r, c = divmod(i, cols)
                    lx = -(hall.size[0] - 6) / 2 + (c + 0.5) * ((hall.size[0] - 6) / cols)
                    lz = min(z_start + r * 5.0, hall.size[1] / 2 - 3)
                    e.at = tuple(float(v) for v in hall.local_to_world(np.array([[lx, lz]]))[0])
            else:  # along the back wall of a forum hall
                for i, e in enumerate(items):
                    lx = -hall.size[0] / 2 + 2.5 + i * 3.0
                    e.at = tuple(float(v) for v in hall.local_to_world(np.array([[lx, hall.size[1] / 2 - 2.5]]))[0])
        else:
            from shapely.geometry import Polygon
            ring = Polygon(spec.plaza.polygon).buffer(-5.0).exterior
            for i, e in enumerate(items):
                p = ring.interpolate((i + 0.5) / len(items), normalized=True)
                e.at = (float(p.x), float(p.y))


# ------------------------------------------------------------------------------------------- build

def build_venue(spec: SceneSpec):
    """The Venue for a checked scene file."""
    from shapely.geometry import LineString, Point, Polygon
    from shapely.ops import unary_union

    from engine.venue.open import Venue, Waypoint

    for hall in spec.halls:
        place_doors(hall)
    layout_booths(spec)
    ends = {}
    for b in spec.booths:
        hall = next(h for h in spec.halls if h.id == b.hall)
        local = _world_to_local(hall, b.at)
        ends[b.hall] = max(ends.get(b.hall, -1e9), local[1] + b.size[1] / 2)
    layout_experiences(spec, ends)

    atlas = assets.atlas_for(sign_requests(spec))
    mats = Materials(atlas)
    signs = _Signs(atlas)
    scene = Scene(name=spec.name)
    scene.lighting = Lighting(sun_direction=(-0.35, -0.75, 0.45), sun_color=(1.0, 0.95, 0.86), sun_intensity=1.25,
                              sky_color=(0.55, 0.66, 0.85), ground_color=(0.32, 0.3, 0.26), ambient_intensity=0.55,
                              background=(0.2, 0.42, 0.78), horizon=(0.72, 0.8, 0.9), fog_density=0.00025)
    root = scene.root
    b_walls, b_floor, b_stage, b_glass, b_ceiling, b_paving = (MeshBuilder() for _ in range(6))
    seat_nodes: list[np.ndarray] = []
    obstacles: list[np.ndarray] = []
    for hall in spec.halls:
        build_hall(hall, b_walls, b_floor, b_stage, b_glass, b_ceiling, signs, seat_nodes, obstacles)
        obstacles.extend(wall_obstacles(hall))

    # the plaza, walkways, registration, lamps, trees
    plaza_poly = Polygon(spec.plaza.polygon)
    walk_polys = [LineString(w.points).buffer(w.width / 2, cap_style="flat", join_style="mitre")
                  for w in spec.walkways]
    outdoor = unary_union([plaza_poly] + walk_polys)
    for poly in getattr(outdoor, "geoms", [outdoor]):
        _add_paving(b_paving, poly, 0.02)
    props = assets.prop_meshes()
    prop_mesh = {name: Mesh(*arr[:2], arr[2], None, arr[4], mats.vertex, name=name) for name, arr in props.items()}
    lamp_nodes, tree_nodes = [], []
    ring = plaza_poly.buffer(-1.5).exterior
    n_lamps = max(4, int(ring.length // spec.plaza.lamp_spacing))
    for i in range(n_lamps):
        p = ring.interpolate(i / n_lamps, normalized=True)
        lamp_nodes.append(transform((p.x, 0.0, p.y)))
    for w in spec.walkways:
        line = LineString(w.points)
        for k in range(int(line.length // 20) + 1):
            for side in (-1, 1):
                off = line.parallel_offset(w.width / 2 - 0.8, "left" if side < 0 else "right")
                if off.is_empty or off.length == 0:
                    continue
                p = off.interpolate(min(k * 20 + (10 if side > 0 else 0), off.length))
                if not plaza_poly.buffer(-0.1).contains(p):
                    (tree_nodes if k % 2 else lamp_nodes).append(transform((p.x, 0.0, p.y), k * 37.0))
    for t in spec.plaza.trees:
        tree_nodes.append(transform((t[0], 0.0, t[1]), t[0] * 13.0))
    for row in spec.plaza.tree_rows:
        a, c = np.asarray(row["from"], float), np.asarray(row["to"], float)
        for k in range(row["count"]):
            p = a + (c - a) * (k / max(row["count"] - 1, 1))
            tree_nodes.append(transform((p[0], 0.0, p[1]), k * 47.0, (1 + 0.1 * (k % 3),) * 3))
    for m in tree_nodes:
        obstacles.append(_circle(m[0, 3], m[2, 3], 0.6))
    for m in lamp_nodes:
        obstacles.append(_circle(m[0, 3], m[2, 3], 0.25))
    welcome_at = None
    if spec.plaza.registration:
        rx, rz = spec.plaza.registration
        b_walls.box((rx - 5, 0, rz - 0.6), (rx + 5, 1.1, rz + 0.6), hex_color("#f3f1ec"))
        b_walls.box((rx - 5.1, 1.1, rz - 0.7), (rx + 5.1, 1.16, rz + 0.7), hex_color("#c0392b"))
        signs.add("label:registration", (rx, 1.5 + 0.6, rz - 0.62), 4.0, 0.75, (0, -1))
        signs.add("label:registration", (rx, 1.5 + 0.6, rz + 0.62), 4.0, 0.75, (0, 1))
        obstacles.append(np.array([[rx - 5, rz - 0.6], [rx + 5, rz - 0.6], [rx + 5, rz + 0.6], [rx - 5, rz + 0.6]]))
        # a welcome arch beside the desk
        welcome_at = (rx, rz + 12.0)
        wx, wz = welcome_at
        for sx in (-8.5, 8.1):
            b_walls.box((wx + sx, 0, wz - 0.2), (wx + sx + 0.4, 7.0, wz + 0.2), hex_color("#0b2a5b"))
        b_walls.box((wx - 8.5, 6.0, wz - 0.25), (wx + 8.5, 7.2, wz + 0.25), hex_color("#0b2a5b"))
        signs.add("label:welcome", (wx, 6.6, wz + 0.27), 9.0, 9.0 / 8, (0, 1))
        signs.add("label:welcome", (wx, 6.6, wz - 0.27), 9.0, 9.0 / 8, (0, -1))
        for sx in (-8.5, 8.1):
            obstacles.append(np.array([[wx + sx, wz - 0.2], [wx + sx + 0.4, wz - 0.2], [wx + sx + 0.4, wz + 0.2],
                                       [wx + sx, wz + 0.2]]))

    # booths and experience points
    booth_nodes, kiosk_nodes = [], []
    for b in spec.booths:
        yaw = b.facing or 0.0
        sx, sz = b.size[0] / 6.0, b.size[1] / 4.0
        booth_nodes.append(transform((b.at[0], 0.0, b.at[1]), yaw, (sx, 1.0, sz)))
        rot = yaw_matrix(yaw)
        front = rot @ np.array([0.0, 0.0, -1.0])
        board = np.array([b.at[0], 3.55, b.at[1]]) + rot @ np.array([0.0, 0.0, -0.45 * sz])
        signs.add(f"booth:{b.id}", tuple(board), min(4.0, b.size[0] - 0.6), min(4.0, b.size[0] - 0.6) * 96 / 512,
                  (float(front[0]), float(front[2])))
        obstacles.append(b.footprint())
    for e in spec.experiences:
        hall = next((h for h in spec.halls if h.id == e.hall), None)
        yaw = hall.rotation if hall else 0.0
        if hall is None:  # on the plaza: face the plaza's centre
            c = plaza_poly.centroid
            v = np.array([c.x - e.at[0], c.y - e.at[1]])
            yaw = math.degrees(math.atan2(v[0], v[1])) + 180.0
        kiosk_nodes.append(transform((e.at[0], 0.0, e.at[1]), yaw))
        rot = yaw_matrix(yaw)
        front = rot @ np.array([0.0, 0.0, -1.0])
        board = np.array([e.at[0], 2.75, e.at[1]]) + rot @ np.array([0.0, 0.0, 0.3])
        signs.add(f"exp:{e.id}", tuple(board), 1.6, 0.5, (float(front[0]), float(front[2])))
        corners = np.array([[-0.6, 0, -0.4], [0.6, 0, -0.4], [0.6, 0, 0.4], [-0.6, 0, 0.4]]) @ rot.T
        obstacles.append(corners[:, [0, 2]] + np.asarray(e.at))

    # ground and circuit
    ground = MeshBuilder()
    ground.box((-2500, -0.05, -2500), (2500, 0.0, 2500), (1, 1, 1, 1), faces="Y")
    nodes = [("ground", ground, mats.grass), ("paving", b_paving, mats.paving), ("walls", b_walls, mats.vertex),
             ("floors", b_floor, mats.carpet), ("stages", b_stage, mats.stage), ("ceilings", b_ceiling, mats.ceiling)]
    circuit = None
    if spec.circuit is not None:
        circuit = load_circuit(spec.circuit_path, spec.origin.lat, spec.origin.lon)
        c_arrays = assets.circuit_meshes(spec.circuit_path)
        c_node = root.add(Node(name="circuit", matrix=transform((circuit.offset[0], 0.0, circuit.offset[1]))))
        c_mats = {"track": mats.asphalt, "water": mats.water, "lines": mats.paint, "kerbs": mats.paint}
        for name, arr in c_arrays.items():
            c_node.meshes.append(Mesh(arr[0], arr[1], arr[2], None, arr[4], c_mats.get(name, mats.vertex),
                                      name=f"circuit-{name}"))
        post = Mesh(*props["marker-post"][:3], None, props["marker-post"][4], mats.vertex, name="marker-post")
        for t in circuit.turns:
            root.add(Node(name=f"turn-{t.number:02d}", matrix=transform((t.marker[0], 0.0, t.marker[1])),
                          meshes=[post]))
            # the board faces the centre of the turn
            v = np.array([t.position[0] - t.marker[0], t.position[1] - t.marker[1]])
            v /= max(np.linalg.norm(v), 1e-9)
            for sgn in (1, -1):
                signs.add(f"turn:{t.number}", (t.marker[0] + v[0] * 0.12 * sgn, 4.6, t.marker[1] + v[1] * 0.12 * sgn),
                          2.4, 2.4, (float(v[0] * sgn), float(v[1] * sgn)))
        pos, tan = circuit.start_finish()
        right = np.array([-tan[1], tan[0]])
        for sgn in (1, -1):
            p = pos + right * 12 * sgn
            b_walls.box((p[0] - 0.3, 0, p[1] - 0.3), (p[0] + 0.3, 8.5, p[1] + 0.3), hex_color("#b3261e"))
        gantry_c = np.array([pos[0], 7.4, pos[1]])
        b_walls.oriented_box((pos[0], 7.0, pos[1]), (0.6, 1.6, 24.6), -math.degrees(math.atan2(tan[1], tan[0])),
                             hex_color("#b3261e"))
        for sgn in (1, -1):
            signs.add("label:circuit", tuple(gantry_c + np.array([tan[0], 0, tan[1]]) * 0.32 * sgn), 12.0, 1.5,
                      (float(tan[0] * sgn), float(tan[1] * sgn)))
    nodes += [("glass", b_glass, mats.glass)]
    for name, builder, mat in nodes:
        if builder.empty:
            continue
        pos_, idx, nrm, _uv, col = builder.arrays()
        root.add(Node(name=name, meshes=[Mesh(pos_, idx, nrm, None, col, mat, name=name)]))
    if not signs.b.empty:
        pos_, idx, nrm, uv, _ = signs.b.arrays()
        root.add(Node(name="signs", meshes=[Mesh(pos_, idx, nrm, uv, None, mats.signs, name="signs")]))
    for name, mats_list in (("seat", seat_nodes), ("lamp", lamp_nodes), ("tree", tree_nodes), ("booth", booth_nodes),
                            ("kiosk", kiosk_nodes)):
        group = root.add(Node(name=f"{name}s"))
        for k, m in enumerate(mats_list):
            group.add(Node(name=f"{name}-{k}", matrix=m, meshes=[prop_mesh[name]]))
    scene.changed()

    # floor and obstacles for navigation
    interiors = [Polygon(h.footprint()).buffer(-WALL_T / 2, join_style="mitre") for h in spec.halls]
    openings = []
    for h in spec.halls:
        for d in h.doors:
            (ax, az), (bx, bz) = d.span
            o = np.array(d.outward) * (WALL_T / 2 + 0.3)
            openings.append(Polygon([(ax - o[0], az - o[1]), (bx - o[0], bz - o[1]), (bx + o[0], bz + o[1]),
                                     (ax + o[0], az + o[1])]))
    floor = unary_union([outdoor] + interiors + openings)
    obstacle_polys = [Polygon(p) for p in obstacles]
    if circuit is not None:
        obstacle_polys += [Polygon(p) for p in footprints(circuit)]
    walkable = floor.difference(unary_union(obstacle_polys))

    venue = Venue(scene=scene, path=spec.path)
    venue.spec = spec
    venue.name = spec.name
    venue.description = spec.description
    venue.illustrative = spec.illustrative
    venue.origin = spec.origin
    venue.agenda_path = spec.agenda
    venue.start_time = spec.start_time
    venue.room_map = dict(spec.room_map)
    venue.halls = {h.id: h for h in spec.halls}
    venue.booths = {b.id: b for b in spec.booths}
    venue.experiences = {e.id: e for e in spec.experiences}
    venue.plaza = spec.plaza
    venue.walkways = spec.walkways
    venue.circuit = circuit
    venue.floor = floor
    venue.outdoor = outdoor
    venue.obstacles = obstacle_polys
    venue.walkable = walkable
    venue.problems = list(spec.warnings)
    venue.atlas_from_cache = atlas.from_cache
    if not atlas.from_cache:
        venue.notes.append("the sign atlas was drawn at load time (run `build-assets` to cache it)")
    _waypoints(venue, spec, circuit, Waypoint)
    _reachability(venue, Point)
    return venue


def _world_to_local(hall: Hall, xz) -> np.ndarray:
    a = math.radians(hall.rotation)
    c, s = math.cos(a), math.sin(a)
    x, z = xz[0] - hall.center[0], xz[1] - hall.center[1]
    return np.array([c * x - s * z, s * x + c * z])


def _circle(x: float, z: float, r: float, n: int = 8) -> np.ndarray:
    a = np.linspace(0, 2 * math.pi, n, endpoint=False)
    return np.column_stack([x + r * np.cos(a), z + r * np.sin(a)])


PAVING_TILE_M = 3.0
# Two stone tones in a checker with a little per-slab variation (sRGB, made linear below).
PAVING_TONES = np.array([[174, 168, 159], [160, 155, 147]]) / 255.0


def _add_paving(b: MeshBuilder, poly, y: float, tile: float = PAVING_TILE_M) -> None:
    """The plaza and walkways as slabs of two stone tones, so open ground reads as paving."""
    import shapely

    from engine.scene.material import srgb_to_linear
    x0, z0, x1, z1 = poly.bounds
    ii, jj = np.meshgrid(np.arange(int(np.floor(x0 / tile)), int(np.ceil(x1 / tile))),
                         np.arange(int(np.floor(z0 / tile)), int(np.ceil(z1 / tile))), indexing="ij")
    ii, jj = ii.ravel(), jj.ravel()
    cells = shapely.box(ii * tile, jj * tile, (ii + 1) * tile, (jj + 1) * tile)
    pieces = shapely.intersection(cells, poly)
    # Deterministic variation: a hash of the slab's grid position, not a random generator.
    jitter = ((ii * 73856093) ^ (jj * 19349663)) % 1000 / 1000.0 * 0.06 - 0.03
    tones = np.column_stack([srgb_to_linear(np.clip(PAVING_TONES[(ii + jj) % 2] + jitter[:, None], 0, 1)),
                             np.ones(len(ii))])
    whole = shapely.contains_properly(poly, cells)
    _add_slabs(b, ii[whole] * tile, jj[whole] * tile, tile, y, tones[whole])
    for k in np.flatnonzero(~whole):   # slabs cut by the edge: triangulate what is left
        piece = pieces[k]
        for part in getattr(piece, "geoms", [piece]):
            if part.geom_type == "Polygon" and part.area > 1e-6:
                _add_polygon(b, part, y, tuple(tones[k]))


def _add_slabs(b: MeshBuilder, x: np.ndarray, z: np.ndarray, size: float, y: float, colours: np.ndarray) -> None:
    """Whole square slabs (x, z of their corners (k,)) as quads, all at once."""
    corners = np.array([[0, 0], [0, 1], [1, 1], [1, 0]], float) * size   # counter-clockwise from above
    xz = np.stack([x, z], -1)[:, None, :] + corners[None]
    pos = np.concatenate([xz[..., :1], np.full(xz.shape[:2] + (1,), y), xz[..., 1:]], -1).reshape(-1, 3)
    base = (np.arange(len(x)) * 4)[:, None]
    tris = (np.array([[0, 1, 2], [0, 2, 3]])[None] + base[..., None]).reshape(-1, 3)
    b.add(pos, tris, (0, 1, 0), pos[:, [0, 2]] * 0.5, np.repeat(colours, 4, axis=0))


def _add_polygon(b: MeshBuilder, poly, y: float, colour=(1, 1, 1, 1)) -> None:
    """A flat polygon with holes (shapely) at height y, facing up."""
    import mapbox_earcut as earcut
    rings = [np.asarray(poly.exterior.coords)[:-1]] + [np.asarray(r.coords)[:-1] for r in poly.interiors]
    verts = np.concatenate(rings)
    ends = np.cumsum([len(r) for r in rings]).astype(np.uint32)
    tris = np.asarray(earcut.triangulate_float64(verts, ends), dtype=np.int64).reshape(-1, 3)
    pos = np.column_stack([verts[:, 0], np.full(len(verts), y), verts[:, 1]])
    n = np.cross(pos[tris[:, 1]] - pos[tris[:, 0]], pos[tris[:, 2]] - pos[tris[:, 0]])
    flip = n[:, 1] < 0
    tris[flip] = tris[flip][:, ::-1]
    b.add(pos, tris, (0, 1, 0), verts * 0.5, colour)


def _waypoints(venue, spec: SceneSpec, circuit: Circuit | None, Waypoint) -> None:
    wps: dict[str, Waypoint] = {}

    def add(wid, name, at, look, kind):
        wps[wid] = Waypoint(wid, name, tuple(float(v) for v in at), tuple(float(v) for v in look), kind)

    for h in spec.halls:
        d = h.doors[0]
        out = d.outside_point(9.0)
        add(f"{h.id}-entrance", f"{h.name}: entrance", (out[0], EYE, out[1]), (d.center[0], 2.6, d.center[1]),
            "entrance")
        add(h.id, h.name, (out[0], EYE, out[1]), (d.center[0], 2.6, d.center[1]), "hall")
        if h.stage_depth:
            back = h.local_to_world(np.array([[0.0, h.size[1] / 2 - 3.0]]))[0]
            front = h.local_to_world(np.array([[0.0, -h.size[1] / 2]]))[0]
            add(f"{h.id}-stage", f"{h.name}: stage view", (back[0], EYE + 1.2, back[1]),
                (front[0], h.stage_height + 3.0, front[1]), "stage")
        else:   # a hall without a stage (the exhibition) is seen across, from a raised back corner
            w, d = h.size[0] / 2, h.size[1] / 2
            corner, across = h.local_to_world(np.array([[-w * 0.5, d - 3.0], [w * 0.1, -d * 0.55]]))
            add(f"{h.id}-interior", f"{h.name}: inside", (corner[0], min(h.height - 1.0, 7.0), corner[1]),
                (across[0], 1.0, across[1]), "interior")
    for b in spec.booths:
        rot = yaw_matrix(b.facing or 0.0)
        f = rot @ np.array([0.0, 0.0, -1.0])
        at = np.array([b.at[0], 0, b.at[1]]) + f * (b.size[1] / 2 + 3.2)
        add(b.id, f"Booth: {b.name}", (at[0], EYE, at[2]), (b.at[0], 2.2, b.at[1]), "booth")
    for e in spec.experiences:
        hall = venue.halls.get(e.hall)
        yaw = hall.rotation if hall else None
        if yaw is None:
            c = Polygon_centroid(spec.plaza.polygon)
            v = np.array([c[0] - e.at[0], c[1] - e.at[1]])
            yaw = math.degrees(math.atan2(v[0], v[1])) + 180.0
        f = yaw_matrix(yaw) @ np.array([0.0, 0.0, -1.0])
        at = np.array([e.at[0], 0, e.at[1]]) + f * 3.5
        add(e.id, f"Experience: {e.name}", (at[0], EYE, at[2]), (e.at[0], 1.6, e.at[1]), "experience")
    pc = Polygon_centroid(spec.plaza.polygon)
    hi = spec.plaza.polygon.max(axis=0)
    add("plaza-overview", f"{spec.plaza.name}: overview", (pc[0] + 0.1, 45.0, hi[1] + 55.0), (pc[0], 0.0, pc[1] - 10),
        "overview")
    allpts = np.concatenate([h.footprint() for h in spec.halls] + [spec.plaza.polygon])
    vlo, vhi = allpts.min(axis=0), allpts.max(axis=0)
    vc = (vlo + vhi) / 2
    span = float(max(vhi - vlo))
    add("venue-overview", "The whole venue from above", (vc[0] + span * 0.35, span * 0.55, vhi[1] + span * 0.45),
        (vc[0], 0.0, vc[1] - span * 0.05), "overview")
    sp = spec.spawn
    add("spawn", sp.name, sp.at, sp.look_at, "spawn")
    if spec.plaza.registration:
        rx, rz = spec.plaza.registration
        add("registration", "Registration desk", (rx + 0.5, EYE, rz + 8.0), (rx, 1.2, rz), "service")
    if circuit is not None:
        eye, target = grandstand_view(circuit.centre, circuit.start_s)
        add("grandstand-view", "Main grandstand: start/finish straight", eye, target, "circuit")
        pos, tan = circuit.start_finish()
        add("start-finish", "Start/finish line", (pos[0] - tan[0] * 60, 6.0, pos[1] - tan[1] * 60),
            (pos[0], 1.0, pos[1]), "circuit")
        c = circuit.centre.mean(axis=0)
        add("circuit-overview", "Shanghai International Circuit from above", (c[0] + 300, 900.0, c[1] + 1100.0),
            (c[0], 0.0, c[1]), "overview")
        for t in circuit.turns:
            add(f"turn-{t.number:02d}", f"Turn {t.number}", (t.marker[0], 6.0, t.marker[1]),
                (t.position[0], 0.0, t.position[1]), "circuit")
    for w in spec.waypoints:
        add(w.id, w.name, w.at, w.look_at, "waypoint")
    venue.waypoints = wps
    venue.spawn = wps["spawn"]


def Polygon_centroid(poly: np.ndarray) -> tuple[float, float]:
    from shapely.geometry import Polygon
    c = Polygon(poly).centroid
    return (float(c.x), float(c.y))


def _reachability(venue, Point) -> None:
    """Soft problems: a hall none of whose doors opens onto the walkable area connected to the spawn."""
    walk = venue.walkable
    parts = list(getattr(walk, "geoms", [walk]))
    spawn_pt = Point(venue.spawn.position[0], venue.spawn.position[2])
    home = next((p for p in parts if p.buffer(0.01).contains(spawn_pt)), None)
    if home is None:
        venue.problems.append(f"{venue.path}: spawn: the spawn point is not on walkable ground")
        return
    for hall in venue.halls.values():
        ok = any(home.buffer(0.05).contains(Point(*d.outside_point(1.0))) for d in hall.doors)
        if not ok:
            venue.problems.append(f"{venue.path}:{hall.line}: halls ({hall.id}): no door opens onto the walkways "
                                  "connected to the spawn point")
