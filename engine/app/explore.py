"""Exploring the venue with an avatar: walk with keys, double-click the floor, "go to" a place,
the minimap, hall cards on entering a hall, and a crowd of other attendees."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np

from engine.app.agenda_live import AgendaLive
from engine.app.controllers import FlyController, FollowCamera, OrbitController
from engine.app.door_screens import DoorScreens, screen_lines
from engine.app.people_view import build_parts, palette, pose_batches
from engine.render.overlay import OverlayImage
from engine.scene.camera import Camera, project, ray_from_pixel
from engine.scene.graph import make_batch
from engine.ui.list_panel import ListPanel
from engine.ui.minimap import Minimap
from engine.ui.text import label
from engine.ui.venue_panels import hall_card, hall_card_rows, place_entries, session_entries
from engine.world.crowd import Crowd

MAX_CLICK_SNAP_M = 12.0   # a click farther than this from any floor is not a walking target
CLOCK_SPEEDS = (1.0, 10.0, 60.0, 600.0)
AGENDA_CHECK_S = 1.0      # how often (real seconds) the agenda file is checked for changes
DEFAULT_START = "2023-09-20 09:00"
CROWD_STEP_S = 1 / 30


@dataclass
class ExploreOptions:
    crowd: int = 60
    name: str = "You"
    colour: tuple[float, float, float] = (0.9, 0.25, 0.1)   # linear RGB of the avatar's shirt
    goto: str | None = None
    reduced_motion: bool = False
    seed: int = 1
    at: datetime | None = None           # venue time to start at; default: the scene's start_time
    schedule: Path | None = None         # agenda file; default: the scene's agenda
    bookmarks: Path | None = None        # where "my agenda" is saved; None keeps it in memory


class ExploreMode:
    name = "explore"
    help_sections = ("move", "places", "agenda", "general")

    def __init__(self, viewer, options: ExploreOptions | None = None) -> None:
        from engine.venue.hall_index import HallIndex
        from engine.world.avatar import Avatar
        from engine.world.venue_nav import navmesh_for, place_points, spawn_point
        self.viewer = viewer
        self.options = options or ExploreOptions()
        venue = viewer.venue
        self.navmesh = navmesh_for(venue)
        self.places = place_points(venue)
        self.halls = HallIndex(venue.halls.values())
        start = np.asarray(spawn_point(venue) or self.navmesh.centroids[0], dtype=np.float64)
        start = self.navmesh.nearest_point(start)
        self.avatar = Avatar(position=start, heading=self._spawn_heading(), name=self.options.name,
                             colour=self.options.colour)
        self.crowd: Crowd | None = None   # made by the first update, after the first frame is up
        self.parts = build_parts()
        self.colours = palette(self.options.crowd + 1, seed=self.options.seed)
        self.colours["shirt"][-1, :3] = self.options.colour   # the last person is the avatar
        self.camera = Camera(fov_y=60.0)
        self.follow = FollowCamera(self.camera, yaw=self.avatar.heading,
                                   inside_same_space=self._same_space)
        self.free: OrbitController | FlyController | None = None
        self.reduced_motion = self.options.reduced_motion
        self.goto_panel = ListPanel("Go to", place_entries(venue, set(self.places)))
        self.minimap = Minimap(self._plan_area())
        self.hall: str | None = None
        self.card: np.ndarray | None = None
        self._card_key: tuple | None = None
        self.card_version = 0
        self.dot = _dot_mesh()
        self.tag = label(self.avatar.name, size=15, background=(20, 24, 32, 170), padding=5)
        self.show_avatar = True
        self._overlay_calls = 0
        self._init_agenda(venue)
        if self.options.goto:
            self.go_to(self.options.goto, instant=True)
        self._enter_exit()
        self.follow.follow(self.avatar.position)

    # -- set-up helpers ---------------------------------------------------------------
    def _init_agenda(self, venue) -> None:
        from engine.agenda.bookmarks import Bookmarks
        from engine.agenda.queries import parse_time
        from engine.world.clock import VenueClock
        start = self.options.at or getattr(venue, "start_time", None) or parse_time(DEFAULT_START)
        self.clock = VenueClock(start, source=self.viewer.clock)
        bookmarks = Bookmarks(self.options.bookmarks)
        path = self.options.schedule or getattr(venue, "agenda_path", None)
        self.agenda = AgendaLive(venue, path, bookmarks)
        for problem in (self.agenda.error, bookmarks.problem):
            if problem:
                self.viewer.toasts.show(problem, seconds=8.0, error=True)
        self.agenda_panel = ListPanel("Agenda", [], visible_rows=10,
                                      hint="type to search · Enter: go to its hall · Tab: bookmark · Esc")
        self._refresh_agenda_panel()
        self.screens = DoorScreens(venue) if venue.halls else None
        self._since_check = 0.0
        self._since_agenda = 0.0
        self.reminded: str | None = None
        self.clock_image = None
        self._clock_text = ""
        self._clock_version = 0
        self._refresh_live()

    def _refresh_agenda_panel(self) -> None:
        self.agenda_panel.set_entries(session_entries(self.agenda.agenda.sessions,
                                                      self.viewer.venue.hall_names(), self.agenda.bookmarks))

    def _spawn_heading(self) -> float:
        sp = self.viewer.venue.spawn
        if sp is None:
            return 0.0
        d = np.asarray(sp.look_at, float) - np.asarray(sp.position, float)
        return math.atan2(d[0], -d[2])

    def _plan_area(self) -> tuple[float, float, float, float]:
        """The venue's buildings and open spaces, with a margin (the circuit stays off the map)."""
        v = self.navmesh.vertices
        x0, z0 = v.min(axis=0) - 10
        x1, z1 = v.max(axis=0) + 10
        return (float(x0), float(z0), float(x1), float(z1))

    # -- where things are ---------------------------------------------------------------
    def _same_space(self, head: np.ndarray, pts: np.ndarray) -> np.ndarray:
        """For the camera boom: points in the same hall as the head (or outdoors, outside all halls)."""
        inside = int(self.halls.hall_of(head[None])[0])
        if inside >= 0:
            local = self.halls.local(pts)[:, inside]
            return (np.abs(local) <= self.halls.half[inside] - 0.3).all(axis=1)
        return self.halls.hall_of(pts, margin=0.4) < 0

    def target_of(self, place_id: str) -> np.ndarray:
        """The walkable plan point of a place id; raises KeyError for an unknown id."""
        if place_id in self.places:
            return np.asarray(self.places[place_id], dtype=np.float64)
        wp = self.viewer.venue.waypoints[place_id]
        return np.asarray((wp.position[0], wp.position[2]), dtype=np.float64)

    # -- actions -------------------------------------------------------------------------
    def action(self, name: str) -> bool:
        if name == "go_to":
            self.goto_panel.show()
        elif name == "toggle_minimap":
            self.minimap.visible = not self.minimap.visible
        elif name == "toggle_first_person":
            self.follow.first_person = not self.follow.first_person
            self.viewer.toasts.show("First person" if self.follow.first_person else "Third person")
        elif name == "reduced_motion":
            self.reduced_motion = not self.reduced_motion
            self.viewer.toasts.show("Reduced motion: going places teleports" if self.reduced_motion
                                    else "Going places walks there")
        elif name == "toggle_camera":
            self._toggle_free_camera()
        elif name == "agenda":
            self.agenda_panel.show()
        elif name in ("clock_faster", "clock_slower"):
            self._change_speed(1 if name == "clock_faster" else -1)
        elif name == "clock_pause":
            self.clock.toggle_pause()
            self.viewer.toasts.show("Venue clock paused" if self.clock.paused else "Venue clock running")
        elif name == "next_session":
            self._jump_to_next_session()
        elif name == "join":
            self._join_reminded()
        else:
            return False
        self._refresh_live()
        return True

    def _change_speed(self, step: int) -> None:
        speeds = CLOCK_SPEEDS
        i = min(range(len(speeds)), key=lambda k: abs(speeds[k] - self.clock.speed))
        self.clock.speed = speeds[max(0, min(len(speeds) - 1, i + step))]
        self.viewer.toasts.show(f"Venue clock x{self.clock.speed:g}")

    def _jump_to_next_session(self) -> None:
        nxt = self.agenda.next_start(self.clock.now(), self.hall)
        if nxt is None and self.hall is not None:
            nxt = self.agenda.next_start(self.clock.now())
        if nxt is None:
            self.viewer.toasts.show("No more sessions")
            return
        self.clock.jump(nxt)
        self.viewer.toasts.show(f"Venue clock: {nxt:%a %d %b %H:%M}")

    def _join_reminded(self) -> None:
        session = self.agenda.by_id(self.reminded) if self.reminded else None
        if session is None or not session.hall:
            self.viewer.toasts.show("No session to join: bookmark one in the agenda (Tab)")
            return
        self.go_to(session.hall)

    def _toggle_free_camera(self) -> None:
        if self.free is None:
            self.free = OrbitController(self.camera)
            self.viewer.toasts.show("Free camera: drag to orbit, C to walk again")
        else:
            self.free = None
            self.viewer.toasts.show("Walking: WASD, double-click the floor, G to go to a place")

    def go_to(self, place_id: str, instant: bool | None = None) -> bool:
        """Walk (or teleport, with reduced motion) to a place; False with a toast if impossible."""
        from engine.world.paths import Unreachable, find_path
        try:
            goal = self.target_of(place_id)
        except KeyError:
            self.viewer.toasts.show(f"No place called {place_id!r}", error=True)
            return False
        instant = self.reduced_motion if instant is None else instant
        if instant:
            self.avatar.teleport(self.navmesh.nearest_point(goal))
            self._enter_exit()
            return True
        try:
            path = find_path(self.navmesh, self.avatar.position, goal)
        except Unreachable as exc:
            self.viewer.toasts.show(f"Can't get there: {exc}", error=True)
            return False
        self.avatar.walk_to(path)
        minutes = path.walking_time_s / 60
        self.viewer.toasts.show(f"Walking to {self._place_name(place_id)}: {path.length_m:.0f} m, "
                                f"about {max(minutes, 0.1):.1f} min")
        return True

    def walk_to_point(self, xz: np.ndarray) -> bool:
        """Walk to the floor point nearest xz that is reachable from where the avatar is."""
        from engine.world.paths import Unreachable, find_path
        component = self.navmesh.component_of(self.avatar.position)
        goal = self.navmesh.nearest_point(xz, component=component)
        if np.hypot(*(goal - xz)) > MAX_CLICK_SNAP_M:
            self.viewer.toasts.show("Nowhere to walk there: click on a floor")
            return False
        if self.reduced_motion:
            self.avatar.teleport(goal)
            return True
        try:
            self.avatar.walk_to(find_path(self.navmesh, self.avatar.position, goal))
        except Unreachable:
            self.viewer.toasts.show("Can't get there from here", error=True)
            return False
        return True

    def _place_name(self, place_id: str) -> str:
        venue = self.viewer.venue
        for table in (venue.halls, venue.booths, venue.experiences):
            if place_id in table:
                return table[place_id].name
        wp = venue.waypoints.get(place_id)
        return wp.name if wp is not None and wp.name else place_id

    # -- input --------------------------------------------------------------------------
    def open_panel(self) -> ListPanel | None:
        return next((p for p in (self.goto_panel, self.agenda_panel) if p.open), None)

    def text(self, event) -> bool:
        """Keys and typing go to the open panel (go to, agenda) while there is one."""
        if self.open_panel() is None:
            return False
        pg = self.viewer.window.pygame
        if event.type == pg.TEXTINPUT:
            self.open_panel().type(event.text)
        elif event.type == pg.KEYDOWN:
            self.panel_key(pg.key.name(event.key))
        return True

    def panel_key(self, key: str) -> None:
        panel_ = self.open_panel()
        if panel_ is None:
            return
        if key == "escape":
            panel_.close()
        elif key in ("return", "enter", "keypad enter"):
            chosen = panel_.chosen()
            panel_.close()
            if chosen is not None:
                self._choose(panel_, chosen.key)
        elif key == "tab" and panel_ is self.agenda_panel:
            chosen = panel_.chosen()
            if chosen is not None:
                on = self.agenda.bookmarks.toggle(chosen.key)
                self.viewer.toasts.show("Bookmarked: I'll remind you 5 minutes before" if on else "Bookmark removed")
                self._refresh_agenda_panel()
        elif key == "backspace":
            panel_.backspace()
        elif key == "up":
            panel_.move(-1)
        elif key == "down":
            panel_.move(1)

    def _choose(self, panel_: ListPanel, key: str) -> None:
        if panel_ is self.goto_panel:
            self.go_to(key)
            return
        session = self.agenda.by_id(key)
        if session is None or not session.hall:
            self.viewer.toasts.show("That session's room is not a hall of this venue", error=True)
        else:
            self.go_to(session.hall)

    def drag(self, button: int, dx: float, dy: float) -> None:
        if self.free is None:
            self.follow.rotate(dx, dy)
        elif button == 1:
            self.free.rotate(dx, dy)
        else:
            self.free.pan(dx, dy, self.viewer.window.size[1])

    def wheel(self, steps: float) -> None:
        (self.free or self.follow).zoom(steps)

    def click(self, pos: tuple[int, int], double: bool) -> bool:
        size = self.viewer.window.size
        on_map = self.minimap.hit(size, pos)
        if on_map is not None:
            self.walk_to_point(np.asarray(on_map))
            return True
        if double and self.free is None:
            point = self.floor_point(pos)
            if point is None:
                self.viewer.toasts.show("Double-click the floor to walk there")
            else:
                self.walk_to_point(point)
            return True
        return False

    def floor_point(self, pos: tuple[int, int]) -> np.ndarray | None:
        """Where the ray through a pixel meets the ground plane, or None (the sky)."""
        w, h = self.viewer.window.size
        origin, direction = ray_from_pixel(self.camera, pos[0], pos[1], w, h)
        if direction[1] > -1e-4:
            return None
        t = -origin[1] / direction[1]
        hit = origin + direction * t
        return hit[[0, 2]]

    # -- per step -----------------------------------------------------------------------
    def update(self, dt: float, held: set[str]) -> None:
        from engine.world.avatar import MoveInput
        if self.free is not None:
            self.free.update(dt, held)
        else:
            inp = MoveInput(forward=("move_forward" in held) - ("move_back" in held),
                            right=("move_right" in held) - ("move_left" in held), run="run" in held)
            self.avatar.step(dt, inp, self.follow.yaw, self.navmesh)
        self.step_crowd(dt)
        self._enter_exit()
        if self.free is None:
            self.follow.follow(self.avatar.position)
        self._since_check += dt
        self._since_agenda += dt
        if self._since_agenda >= AGENDA_CHECK_S:
            self._since_agenda = 0.0
            self._check_agenda_file()
        if self._since_check >= 0.25:
            self._since_check = 0.0
            self._refresh_live()

    def _check_agenda_file(self) -> None:
        if not self.agenda.changed_on_disk():
            return
        problem = self.agenda.reload()
        if problem:
            self.viewer.toasts.show(f"Agenda not reloaded, keeping the last good one: {problem}",
                                    seconds=10.0, error=True)
        else:
            self.viewer.toasts.show("Agenda reloaded")
            self._refresh_agenda_panel()
        self._refresh_live(force=True)

    def _refresh_live(self, force: bool = False) -> None:
        """What depends on the venue clock: door screens, the hall card, reminders, the clock."""
        at = self.clock.now()
        if self.screens is not None:
            self.screens.update(lambda hall: screen_lines(self.agenda.now_next(hall, at), at))
        if self.hall is not None:
            self.refresh_card(force)
        for session in self.agenda.due_reminders(at):
            self.reminded = session.id
            hall = self.viewer.venue.hall_names().get(session.hall or "", session.room)
            self.viewer.toasts.show(f"In {max(0, int((session.start - at).total_seconds() // 60))} min: "
                                    f"{session.title} ({hall}). Press J to go there", seconds=12.0)
        text = f"{at:%a %d %b  %H:%M}" + (f"  x{self.clock.speed:g}" if self.clock.speed != 1 else "") \
            + ("  paused" if self.clock.paused else "")
        if text != self._clock_text:
            self._clock_text = text
            self.clock_image = label(text, size=16)
            self._clock_version += 1

    def step_crowd(self, dt: float) -> None:
        """Other attendees move at 30 steps a second: plenty at walking pace, half the cost."""
        if self.crowd is None:
            self.crowd = Crowd(self.navmesh, self.places, n=self.options.crowd, seed=self.options.seed)
            self._crowd_dt = 0.0
        self._crowd_dt += dt
        if self._crowd_dt >= CROWD_STEP_S:
            self.crowd.step(self._crowd_dt)
            self._crowd_dt = 0.0

    def remove(self) -> None:
        """Take what this mode added to the venue's scene (the door screens) out again."""
        if self.screens is not None:
            self.screens.remove()

    def _enter_exit(self) -> None:
        index = int(self.halls.hall_of(self.avatar.position[None])[0])
        hall = self.halls.ids[index] if index >= 0 else None
        if hall == self.hall:
            return
        if self.hall is not None and hall is None:
            self.viewer.toasts.show(f"Left {self.viewer.venue.halls[self.hall].name}")
        self.hall = hall
        self.follow.ceiling = float(self.halls.heights[index]) if index >= 0 else None
        self.refresh_card()

    def refresh_card(self, force: bool = True) -> None:
        """Redraw the hall card when what it says changed (it is checked a few times a second)."""
        if self.hall is None:
            self.card, self._card_key = None, None
            self.card_version += 1
            return
        hall, at = self.viewer.venue.halls[self.hall], self.clock.now()
        rows = hall_card_rows(hall, self.agenda.now_next(hall.id, at), at)
        key = (hall.id, repr(rows))
        if force or key != self._card_key:
            self.card, self._card_key = hall_card(hall, rows), key
            self.card_version += 1

    # -- drawing ------------------------------------------------------------------------
    def dynamic(self) -> list:
        crowd, own = self.crowd, self.avatar.pose()
        n = 0 if crowd is None else crowd.n
        if crowd is None:
            xz, headings = np.zeros((0, 2)), np.zeros(0)
            angles = {k: np.zeros(0) for k in vars(own)}
        else:
            xz, headings = crowd.positions, crowd.headings
            angles = {k: np.broadcast_to(v, (n,)) for k, v in crowd.limb_angles().items()}
        colours = {k: v[np.r_[:n, -1]] for k, v in self.colours.items()}
        if self.show_avatar:   # the avatar is the last person drawn
            xz = np.vstack([xz, self.avatar.position[None]])
            headings = np.append(headings, self.avatar.heading)
            angles = {k: np.append(v, getattr(own, k)) for k, v in angles.items()}
        else:
            colours = {k: v[:n] for k, v in colours.items()}
        batches = pose_batches(self.parts, xz, headings, angles, colours)
        dots = self._path_dots()
        if dots is not None:
            batches.append(dots)
        return batches

    def _path_dots(self):
        follower = self.avatar.follower
        if follower is None:
            return None
        samples = _resample(follower.points, follower.distance, spacing=0.9)
        if len(samples) == 0:
            return None
        mats = np.tile(np.eye(4), (len(samples), 1, 1))
        mats[:, 0, 3], mats[:, 1, 3], mats[:, 2, 3] = samples[:, 0], 0.03, samples[:, 1]
        return make_batch(self.dot, mats)

    def overlays(self, size: tuple[int, int]) -> list[OverlayImage]:
        layers: list[OverlayImage] = []
        self._overlay_calls += 1
        if self.minimap.image is None and self._overlay_calls > 1:   # after the first frame is up
            self._render_minimap()
        layers += self.minimap.layers(size, self.avatar.position, self.avatar.heading)
        if self.card is not None:
            layers.append(OverlayImage("hall-card", self.card, 14, 14, self.card_version))
        if not self.follow.first_person:
            head = np.array([self.avatar.position[0], 2.15, self.avatar.position[1]])
            x, y, _ = project(self.camera, head, *size)
            if np.isfinite(x) and 0 <= x < size[0] and 0 <= y < size[1]:
                h, w = self.tag.shape[:2]
                layers.append(OverlayImage("name-tag", self.tag, x - w / 2, y - h))
        if self.clock_image is not None:
            layers.append(OverlayImage("clock", self.clock_image, size[0] - self.clock_image.shape[1] - 14,
                                       14, self._clock_version))
        open_panel = self.open_panel()
        if open_panel is not None:
            img = open_panel.image(width=620 if open_panel is self.agenda_panel else 520)
            layers.append(OverlayImage(open_panel.title, img, (size[0] - img.shape[1]) / 2, 60, open_panel.version))
        return layers

    def _render_minimap(self) -> None:
        """Render the plan once, from above, with the viewer's renderer into an offscreen target."""
        from engine.gfx.objects import Framebuffer
        m = self.minimap
        fb = Framebuffer(m.width * 2, m.height * 2)
        try:
            self.viewer.renderer.render(self.viewer.venue.scene, m.camera(), fb)
            plan = fb.read_rgba()
        finally:
            fb.release()
            self.viewer.window.target.bind()
        labels = [(_short_name(h.name), *h.center) for h in self.viewer.venue.halls.values()]
        m.set_plan(plan, labels)


def _short_name(name: str) -> str:
    """What fits a small hall on the minimap: "Sub-forum 4: Medical Treatment" -> "4"."""
    m = re.match(r"sub-?forum\s*(\d+)", name, re.IGNORECASE)
    return m.group(1) if m else name


def _dot_mesh():
    """A flat cyan disc for the walking path drawn on the floor."""
    from engine.scene import Material, Mesh
    from engine.venue.geometry import MeshBuilder
    b = MeshBuilder()
    b.cylinder((0.0, 0.0, 0.0), 0.16, 0.02, segments=10)
    pos, idx, nrm, _uv, _col = b.arrays()
    material = Material(base_color=(0.1, 0.75, 1.0, 1.0), unlit=True, name="path-dot")
    return Mesh(pos, idx, nrm, None, None, material, name="path-dot")


def _resample(points: np.ndarray, start: float, spacing: float) -> np.ndarray:
    """Points every `spacing` metres along a polyline (k, 2), from arc length `start` to its end."""
    seg = np.diff(points, axis=0)
    lengths = np.hypot(seg[:, 0], seg[:, 1])
    cum = np.concatenate([[0.0], np.cumsum(lengths)])
    if cum[-1] <= start:
        return np.zeros((0, 2))
    s = np.arange(start + spacing, cum[-1], spacing)
    return np.column_stack([np.interp(s, cum, points[:, 0]), np.interp(s, cum, points[:, 1])])
