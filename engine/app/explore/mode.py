"""Exploring the venue with an avatar: walk with keys, double-click the floor, go to a place, the
minimap and the plan, hall cards on entering a hall, the agenda, and other attendees about.

The mode only wires its parts together: navigation (the avatar and places), venue time (clock,
agenda, screens, card), people (the sources drawn), the HUD (panels and maps) and the camera.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from engine.app.controllers import FlyController, FollowCamera, Obstacles, OrbitController
from engine.app.explore.hud import Choices, ExploreHud
from engine.app.explore.navigation import Navigation
from engine.app.explore.together import Together, Where
from engine.app.explore.venue_time import VenueTime
from engine.app.keymap import HELD_ACTIONS, PANEL_ACTIONS
from engine.app.mode import Handlers, Services, TextField
from engine.app.people import AvatarSource, CrowdSource, PeopleDrawer, PeopleSource, gather
from engine.i18n import _, on_language_change
from engine.scene.camera import Camera, ray_from_pixel
from engine.scene.graph import Batch
from engine.ui.layout import Label, Region, Widget
from engine.ui.minimap import PlanMap
from engine.ui.names import display_name
from engine.ui.venue_panels import place_entries
from engine.ui.widgets import PRIORITY
from engine.world.avatar import Avatar
from engine.world.collision import CollisionWorld
from engine.world.crowd import Crowd

if TYPE_CHECKING:   # the network client (asyncio, websockets) is imported only to join
    from engine.net.client import ClientOptions

PLAN_RENDER_MAX_PX = 4096
MOVE_KEYS = HELD_ACTIONS - {"run"}


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
    tz: tzinfo | None = None             # zone for the schedule's times that carry none (after its own)
    bookmarks: Path | None = None        # where "my agenda" is saved; None keeps it in memory
    presence: ClientOptions | None = None   # join a presence server (view --join)


class ExploreMode:
    name: str = "explore"
    help_sections: tuple[str, ...] = ("move", "places", "agenda", "together", "panel", "general")

    def __init__(self, services: Services, options: ExploreOptions | None = None) -> None:
        self.services = services
        self.options = opts = options or ExploreOptions()
        venue = services.venue
        self.nav = Navigation(venue, services.toasts, opts.name, opts.colour, opts.reduced_motion)
        self.time = VenueTime(venue, services.toasts, services.clock, opts.at, opts.schedule, opts.bookmarks,
                              opts.tz)
        self.crowd = CrowdSource(lambda: Crowd(self.nav.navmesh, self.nav.places, n=opts.crowd, seed=opts.seed),
                                 opts.crowd, opts.seed)
        self.obstacles = Obstacles(CollisionWorld.from_scene(venue.scene), self._crowd_points)
        self._camera = Camera(fov_y=60.0)
        self.follow = FollowCamera(self._camera, yaw=self.nav.avatar.heading,
                                   obstacles=replace(self.obstacles, same_space=self.nav.same_space))
        self.free: OrbitController | FlyController | None = None
        self.show_avatar = True
        self.sources: list[PeopleSource] = [
            self.crowd, AvatarSource(self.nav.avatar, opts.colour, lambda: self.avatar_hidden)]
        self.drawer = PeopleDrawer()
        self.hud = ExploreHud(venue, self.nav.plan_area(), place_entries(venue, set(self.nav.places)),
                              opts.name, self._render_plan,
                              Choices(self.nav.go_to, self._go_to_session, self._bookmark))
        self.together = self._join(opts.presence) if opts.presence is not None else None
        self._entries_version: tuple[int, int] | None = None
        self.nav.on_hall_change = lambda old, new: self.time.refresh(new)
        self._stop_listening = on_language_change(self._relabel)
        if opts.goto:
            self.nav.go_to(opts.goto, instant=True)
        self.nav.track_hall()
        self.time.refresh(self.nav.hall)
        self.follow.follow(self.nav.avatar.position)

    # -- the parts, as the tests and the kiosk see them ---------------------------------
    @property
    def camera(self) -> Camera:
        return self._camera

    @property
    def avatar(self) -> Avatar:
        return self.nav.avatar

    @property
    def hall(self) -> str | None:
        return self.nav.hall

    @property
    def avatar_hidden(self) -> bool:
        return not self.show_avatar or (self.free is None and self.follow.hides_avatar)

    def _relabel(self, lang: str) -> None:
        """The language changed (L): every list, card, map and clock is given again in it."""
        self.hud.relabel(place_entries(self.services.venue, set(self.nav.places)))
        self._entries_version = None
        self._sync_agenda_entries()
        self.time.relabel(self.nav.hall)
        if self.together is not None:
            self.together.relabel()

    def _join(self, options: ClientOptions) -> Together:
        """Other attendees through a presence server: their avatars join the people drawn."""
        venue, nav = self.services.venue, self.nav
        where = Where(seats=lambda h: venue.halls[h].seats if h in venue.halls else 0,
                      hall_name=lambda h: display_name(venue.halls[h]) if h in venue.halls else h,
                      hall_at=lambda xz: nav.halls.hall_id(float(xz[0]), float(xz[1])),
                      walk_to=nav.walk_to_point)
        from engine.net.client import PresenceClient
        client = PresenceClient(options)
        together = Together(client, self.services.toasts, self.services.clock, where)
        self.sources.append(together.source)
        self.time.live = together.live
        client.start()
        return together

    def _crowd_points(self) -> np.ndarray:
        crowd = self.crowd.crowd
        return crowd.positions if crowd is not None else np.zeros((0, 2))

    def _render_plan(self, plan: PlanMap) -> np.ndarray:
        """The plan drawn at twice its size (sharper when scaled down), within what a GPU takes."""
        scale = min(2.0, PLAN_RENDER_MAX_PX / max(plan.width, plan.height))
        size = (max(1, int(plan.width * scale)), max(1, int(plan.height * scale)))
        return self.services.render_image(self.services.venue.scene, plan.camera(), size)

    # -- actions ------------------------------------------------------------------------
    def handlers(self) -> Handlers:
        time = self.time
        table: dict = {
            "go_to": lambda: self.hud.show(self.hud.goto),
            "agenda": self._open_agenda,
            "open_plan": self.hud.toggle_plan,
            "toggle_first_person": self._toggle_first_person,
            "reduced_motion": self._toggle_reduced_motion,
            "toggle_camera": self._cycle_camera,
            "clock_faster": lambda: time.change_speed(1),
            "clock_slower": lambda: time.change_speed(-1),
            "clock_pause": time.toggle_pause,
            "next_session": lambda: time.jump_to_next_session(self.nav.hall),
            "join": self._join_reminded,
            **{a: functools.partial(self.hud.panel, a) for a in PANEL_ACTIONS},
        }
        if self.hud.plan_open:
            table["quit"] = self.hud.close_all    # Esc closes the plan first
        together = self.together
        if together is not None:
            table.update(together.handlers())
            if together.focus() is not None:   # its chat field or people list has the keys
                table.update({a: functools.partial(together.panel, a) for a in PANEL_ACTIONS})
        return table

    def go_to(self, place_id: str, instant: bool | None = None) -> bool:
        return self.nav.go_to(place_id, instant)

    def _open_agenda(self) -> None:
        self._sync_agenda_entries()
        self.hud.show(self.hud.agenda)

    def _sync_agenda_entries(self) -> None:
        key = (self.time.agenda.version, self.time.entries_version)
        if key != self._entries_version:
            self._entries_version = key
            self.hud.agenda.set_entries(self.time.session_entries())

    def _toggle_first_person(self) -> None:
        self.follow.first_person = not self.follow.first_person
        self.services.toasts.show(_("First person") if self.follow.first_person else _("Third person"))

    def _toggle_reduced_motion(self) -> None:
        self.nav.reduced_motion = not self.nav.reduced_motion
        self.services.toasts.show(_("Reduced motion: going places teleports") if self.nav.reduced_motion
                                  else _("Going places walks there"))

    def _cycle_camera(self) -> None:
        """Walking -> orbit (around where you stand) -> fly -> walking again."""
        toasts = self.services.toasts
        if self.free is None:
            self._camera.target = np.array([self.nav.avatar.position[0], 1.0, self.nav.avatar.position[1]])
            self.free = OrbitController(self._camera, self.obstacles)
            toasts.show(_("Orbit camera: drag to rotate, WASD to move, C to fly"))
        elif isinstance(self.free, OrbitController):
            self.free = FlyController(self._camera, speed=max(self.free.distance / 4, 4.0), obstacles=self.obstacles)
            toasts.show(_("Fly camera: WASD, E up, Q down, drag to look; C to walk again"))
        else:
            self.free = None
            toasts.show(_("Walking: WASD, double-click the floor, G to go to a place"))

    def _join_reminded(self) -> None:
        session = self.time.agenda.by_id(self.time.reminded) if self.time.reminded else None
        if session is None or not session.hall:
            self.services.toasts.show(_("No session to join: bookmark one in the agenda (Tab)"))
            return
        self.nav.go_to(session.hall)

    # -- the open list --------------------------------------------------------------------
    def focus(self) -> TextField | None:
        if self.together is not None and self.together.focus() is not None:
            return self.together.focus()
        return self.hud.open_list()

    def _go_to_session(self, session_id: str) -> None:
        session = self.time.agenda.by_id(session_id)
        if session is None or not session.hall:
            self.services.toasts.show(_("That session's room is not a hall of this venue"), error=True)
        else:
            self.nav.go_to(session.hall)

    def _bookmark(self, session_id: str) -> None:
        self.time.toggle_bookmark(session_id)
        self._sync_agenda_entries()

    # -- pointer --------------------------------------------------------------------------
    def intercept(self, action: str | None) -> bool:
        return False

    def drag(self, button: int, dx: float, dy: float) -> None:
        if self.free is None:
            self.follow.rotate(dx, dy)
        elif button == 1:
            self.free.rotate(dx, dy)
        else:
            self.free.pan(dx, dy, self.services.size[1])

    def wheel(self, steps: float) -> None:
        (self.free or self.follow).zoom(steps)

    def click(self, pos: tuple[int, int], double: bool) -> bool:
        services = self.services
        if self.hud.plan_open and self.hud.plan is not None:
            spot = self.hud.plan.hit(services.hud_rect("plan"), pos)
            self.hud.close_all()
            if spot is not None:
                self.nav.walk_to_point(np.asarray(spot))
            return True
        spot = self.hud.minimap.hit(services.hud_rect("minimap"), pos)
        if spot is not None:
            self.nav.walk_to_point(np.asarray(spot))
            return True
        if double and self.free is None:
            point = self.floor_point(pos)
            if point is None:
                services.toasts.show(_("Double-click the floor to walk there"))
            else:
                self.nav.walk_to_point(point)
            return True
        return False

    def floor_point(self, pos: tuple[int, int]) -> np.ndarray | None:
        """Where the ray through a pixel meets the ground plane, or None (the sky)."""
        w, h = self.services.size
        origin, direction = ray_from_pixel(self._camera, pos[0], pos[1], w, h)
        if direction[1] > -1e-4:
            return None
        hit = origin + direction * (-origin[1] / direction[1])
        return hit[[0, 2]]

    # -- per step -------------------------------------------------------------------------
    def update(self, dt: float, held: frozenset[str]) -> None:
        if self.free is not None:
            self.free.update(dt, held)
            self.nav.step(dt, frozenset(), self.follow.yaw)   # a walk already started goes on
        else:
            self.nav.step(dt, held, self.follow.yaw)
        self.crowd.step(dt)
        if self.together is not None:
            if held & MOVE_KEYS:
                self.together.stop_following()    # walking yourself ends following someone
            avatar = self.nav.avatar
            self.together.update(dt, avatar.position, avatar.heading, self.nav.take_teleported())
        self.time.update(dt, self.nav.hall)
        if self.free is None:
            self.follow.follow(self.nav.avatar.position)

    def step_crowd(self, dt: float) -> None:
        self.crowd.step(dt)

    # -- drawing --------------------------------------------------------------------------
    def dynamic(self) -> list[Batch]:
        batches = self.drawer.batches(gather(self.sources), self.camera)
        dots = self.nav.path_dots()
        return batches + ([dots] if dots is not None else [])

    def widgets(self, size: tuple[int, int]) -> list[Widget]:
        card, clock = self.time.card, self.time.clock_picture
        card_w = None if card.image is None else Widget("hall-card", card.image, Region.TOP_LEFT,
                                                        PRIORITY["card"], card.version)
        clock_w = None if clock.image is None else Widget("clock", clock.image, Region.TOP_RIGHT,
                                                          PRIORITY["clock"], clock.version)
        out = self.hud.widgets(size, self.nav.avatar.position, self.nav.avatar.heading, card_w, clock_w)
        return out + (self.together.widgets() if self.together is not None else [])

    def labels(self, size: tuple[int, int]) -> list[Label]:
        out = [] if self.avatar_hidden else [self.hud.name_tag(self._camera, size, self.nav.avatar.position)]
        if self.together is not None:
            where = self.together.positions()
            where[self.together.client.status.id] = self.nav.avatar.position
            out += self.together.reaction_labels(self._camera, size, where)
            out += self.together.labels(self._camera, size, self._camera.eye)
        return out

    def close(self) -> None:
        self._stop_listening()
        self.time.close()
        if self.together is not None:
            self.together.client.stop()
