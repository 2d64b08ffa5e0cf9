"""Turn a checked SceneSpec into a Venue: lay it out, build each part, merge static geometry per material,
instance the props, and name the places.

The parts: layout (doors, booths, experiences), halls, paving, furniture (lamps, trees, desk, arch),
exhibits (booths, kiosks), trackside (the circuit), floorplan (where people walk) and places (views).
"""
from __future__ import annotations

from engine.scene import Lighting, Mesh, Node, Scene
from engine.scene.lights import MAX_INTERIORS
from engine.venue import assets
from engine.venue.circuit import Circuit
from engine.venue.exhibits import add_exhibits
from engine.venue.floorplan import floor_plan
from engine.venue.furniture import add_street_furniture
from engine.venue.halls import build_hall, wall_obstacles
from engine.venue.interior import interior_light
from engine.venue.layout import lay_out
from engine.venue.materials import Materials
from engine.venue.model import Area, SceneSpec, Venue
from engine.venue.parts import VenueParts
from engine.venue.paving import lawn, outdoor_area, pave, seen_area
from engine.venue.places import name_places, reachability_problems
from engine.venue.signboards import SignBoards, sign_requests
from engine.venue.signs import Atlas
from engine.venue.trackside import add_circuit

GLOWING_PROPS = ("booth-screen", "kiosk-screen")


def _daylight() -> Lighting:
    """A clear September afternoon, with a little haze so the circuit fades into the distance."""
    return Lighting(sun_direction=(-0.35, -0.75, 0.45), sun_color=(1.0, 0.95, 0.86), sun_intensity=1.25,
                    sky_color=(0.55, 0.66, 0.85), ground_color=(0.32, 0.3, 0.26), ambient_intensity=0.55,
                    background=(0.2, 0.42, 0.78), horizon=(0.72, 0.8, 0.9), fog_density=0.00025)


def build_venue(spec: SceneSpec) -> Venue:
    """The Venue for a checked scene file (laid out in place: doors, booths and experiences get positions)."""
    lay_out(spec)
    atlas = assets.atlas_for(sign_requests(spec))
    mats = Materials(atlas)
    props = {name: Mesh(*arr[:2], arr[2], None, arr[4], mats.screen if name in GLOWING_PROPS else mats.vertex,
                        name=name)
             for name, arr in assets.prop_meshes().items()}
    scene = Scene(name=spec.name, lighting=_daylight())
    scene.lighting.interiors = [interior_light(h) for h in spec.halls[:MAX_INTERIORS]]
    parts = VenueParts(SignBoards(atlas))
    for hall in spec.halls:
        build_hall(hall, parts)
        parts.obstacles.extend(wall_obstacles(hall))
    outdoor = outdoor_area(spec)
    pave(parts.paving, outdoor, seen_area(spec))
    lawn(parts.ground, outdoor)
    add_street_furniture(spec, parts)
    add_exhibits(spec, parts)
    circuit = add_circuit(spec, scene.root, parts, mats, props["marker-post"])
    _add_nodes(scene.root, parts, mats, props)
    scene.changed()
    return _venue(spec, scene, parts, outdoor, circuit, atlas)


def _add_nodes(root: Node, parts: VenueParts, mats: Materials, props: dict[str, Mesh]) -> None:
    """One node per static surface (skipping empty ones), one for every sign, and a group per prop
    holding a node per instance."""
    static = [("ground", parts.ground, mats.grass), ("paving", parts.paving, mats.paving),
              ("walls", parts.walls, mats.vertex), ("floors", parts.floors, mats.carpet),
              ("stages", parts.stages, mats.stage), ("ceilings", parts.ceilings, mats.ceiling),
              ("glass", parts.glass, mats.glass), ("facade-glass", parts.glass_panels, mats.glass_panels),
              ("metal", parts.metal, mats.metal), ("lights", parts.lights, mats.light)]
    for name, builder, mat in static:
        if not builder.empty:
            pos, idx, nrm, uv, col = builder.arrays()
            uvs = uv if mat.texture is not None else None
            root.add(Node(name=name, meshes=[Mesh(pos, idx, nrm, uvs, col, mat, name=name)]))
    if not parts.signs.b.empty:
        pos, idx, nrm, uv, _ = parts.signs.b.arrays()
        root.add(Node(name="signs", meshes=[Mesh(pos, idx, nrm, uv, None, mats.signs, name="signs")]))
    for name, matrices in parts.instances().items():
        group = root.add(Node(name=f"{name}s"))
        for k, m in enumerate(matrices):
            group.add(Node(name=f"{name}-{k}", matrix=m, meshes=[props[name]]))


def _venue(spec: SceneSpec, scene: Scene, parts: VenueParts, outdoor: Area, circuit: Circuit | None,
           atlas: Atlas) -> Venue:
    plan = floor_plan(spec.halls, outdoor, parts.obstacles, circuit)
    places = name_places(spec, circuit)
    venue = Venue(
        scene=scene, path=spec.path, waypoints=places, spawn=places["spawn"], name=spec.name,
        description=spec.description, illustrative=spec.illustrative, origin=spec.origin, agenda_path=spec.agenda,
        start_time=spec.start_time, room_map=spec.rooms(), halls={h.id: h for h in spec.halls},
        booths={b.id: b for b in spec.booths}, experiences={e.id: e for e in spec.experiences},
        plaza=spec.plaza, walkways=spec.walkways, circuit=circuit, floor=plan.floor, outdoor=outdoor,
        obstacles=plan.obstacles, walkable=plan.walkable, problems=list(spec.warnings), spec=spec,
        atlas_from_cache=atlas.from_cache)
    if not atlas.from_cache:
        venue.notes.append("the sign atlas was drawn at load time (run `build-assets` to cache it)")
    venue.problems += reachability_problems(spec.path, plan.walkable, places["spawn"], venue.halls.values())
    return venue
