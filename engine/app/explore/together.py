"""Together in the venue, walking: the other remote attendees as avatars with name tags, their
reactions (and yours) over their heads and counted on the hall card, live occupancy on the door
screens, and going to or following someone from the people panel. The chat, the people panel, the
connection's state and announcements come from engine.app.live.LiveVenue.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from engine.app.live import LiveVenue
from engine.app.people import People
from engine.app.people_view import palette
from engine.i18n import N_, gettext, language, ngettext
from engine.net.interp import ClockSync, Crowd, Track
from engine.scene.camera import Camera, project
from engine.scene.material import srgb_to_linear
from engine.ui.layout import ABOVE, AROUND, Label
from engine.ui.list_panel import Entry
from engine.ui.text import label
from engine.ui.widgets import Toasts
from engine.world.avatar import limb_angles
from engine.world.figures import LOOKS

if TYPE_CHECKING:   # the network client (asyncio, websockets) is imported only to join
    from engine.net.client import PresenceClient

# The words over a reacting person's head (`gettext` here: `_` is this module's throwaway name)
REACTIONS = {"clap": (N_("Clap!"), (255, 214, 102)), "hand": (N_("Hand up"), (120, 200, 255)),
             "thumbs": ("+1", (120, 230, 140)), "heart": ("<3", (255, 120, 150)), "question": ("?", (255, 255, 255))}
REACTION_S = 4.0
HAND_S = 30.0                  # a raised hand stays up a while: it is a question waiting for the speaker
TAG_RANGE_M = 25.0             # name tags for people this near
FOLLOW_EVERY_S = 1.0


class RemoteSource:
    """The other attendees as people to draw: smoothed positions, walk cycles from their speed,
    shirts in their chosen colour."""

    def __init__(self, crowd: Crowd, clock: Callable[[], float]) -> None:
        self.crowd = crowd
        self.clock = clock
        self._looks: dict[int, dict[str, np.ndarray]] = {}
        self.last = People.none()
        self.ids: list[int] = []
        self._colours_key: tuple[tuple[int, str], ...] = ()
        self._colours_now: dict[str, np.ndarray] = {}

    def people(self) -> People:
        xz, headings, speeds, tracks = self.crowd.poses(self.clock())
        self.ids = [t.id for t in tracks]
        if not tracks:
            self.last = People.none()
            return self.last
        angles = limb_angles(self.crowd.phases(), speeds)
        colours = self._colours(tracks)
        self.last = People(xz, headings, {k: np.asarray(v, np.float64) for k, v in angles.items()}, colours,
                           [t.name for t in tracks])
        return self.last

    def _colours(self, tracks: list[Track]) -> dict[str, np.ndarray]:
        """Everyone's shirt, skin and trousers in track order, made again only when who is here changes."""
        key = tuple((t.id, t.colour) for t in tracks)
        if key != self._colours_key:
            looks = [self._look(t.id, t.colour) for t in tracks]
            self._colours_key = key
            self._colours_now = {k: np.concatenate([lk[k] for lk in looks]) for k in LOOKS}
        return self._colours_now

    def _look(self, pid: int, colour: str) -> dict[str, np.ndarray]:
        look = self._looks.get(pid)
        if look is None:
            look = palette(1, seed=pid)    # skin and trousers vary by person, the same every time
            rgb = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)] if len(colour) == 7 else [0.5] * 3
            look["shirt"][0, :3] = srgb_to_linear(np.array(rgb))
            self._looks[pid] = look
        return look


@dataclass
class Where:
    """What Together asks of the venue: seats and names of halls, the hall at a point, walking."""

    seats: Callable[[str], int]
    hall_name: Callable[[str], str]
    hall_at: Callable[[np.ndarray], str | None]
    walk_to: Callable[[np.ndarray], bool]


class Together(LiveVenue):
    def __init__(self, client: PresenceClient, toasts: Toasts, clock: Callable[[], float], where: Where) -> None:
        super().__init__(client, toasts, clock, where.hall_name)
        self.where = where
        self.own_xz = np.zeros(2)
        self.crowd = Crowd()
        self.sync = ClockSync()
        self.source = RemoteSource(self.crowd, clock)
        self.reactions: dict[int, tuple[str, float]] = {}      # id -> (kind, until)
        self.following: int | None = None
        self._since_follow = 0.0

    def update(self, dt: float, xz: np.ndarray, heading: float, teleported: bool) -> None:
        self.own_xz = np.asarray(xz, np.float64)
        self.client.pose(float(xz[0]), float(xz[1]), heading, teleported)
        self.receive(dt)
        now = self.clock()
        self.reactions = {pid: r for pid, r in self.reactions.items() if r[1] > now}
        self._follow(dt)

    def _on_welcome(self, m: dict[str, Any]) -> None:
        super()._on_welcome(m)
        self.crowd.clear()              # a new connection: the server tells us everyone again
        self.sync.reset()               # and another server has another clock

    def _on_status(self, m: dict[str, Any]) -> None:
        if self.client.status.state != "connected":
            self.crowd.clear()

    def _on_update(self, m: dict[str, Any]) -> None:
        now = self.sync.local(float(m["ts"]), self.clock()) if "ts" in m else self.clock()
        me = self.client.status.id      # a frame shared by everyone in a hall mentions us too
        for rec in m["joins"]:
            if int(rec["id"]) != me:
                self.crowd.join(now, rec)
        self.crowd.move_many(now, [rec for rec in m["moves"] if int(rec[0]) != me])
        for pid in m["leaves"]:
            self.crowd.leave(pid)
            self.reactions.pop(int(pid), None)
        for pid, kind in m["reactions"]:
            if int(pid) != me:
                self._show_reaction(int(pid), str(kind))

    def _show_reaction(self, pid: int, kind: str) -> None:
        if kind in REACTIONS:
            self.reactions[pid] = (kind, self.clock() + (HAND_S if kind == "hand" else REACTION_S))

    def _on_located(self, m: dict[str, Any]) -> None:
        person = m.get("person")
        if not person:
            self.toasts.show(gettext("They have left the venue"), error=True)
            self.following = None
            return
        self.where.walk_to(np.array([float(person["x"]), float(person["z"])]))

    def react(self, kind: str) -> None:
        self.client.send("react", kind=kind)
        self._show_reaction(self.client.status.id, kind)

    def choose_person(self, entry: Entry, follow: bool) -> None:
        self.following = int(entry.key) if follow else None
        self.client.send("locate", target=int(entry.key))
        text = gettext("Following {name}") if follow else gettext("Going to {name}")
        self.toasts.show(text.format(name=entry.title))

    def handlers(self) -> dict[str, Callable[[], None]]:
        table = super().handlers()
        for kind in REACTIONS:
            table[f"react_{kind}"] = functools.partial(self.react, kind)
        return table

    def _follow(self, dt: float) -> None:
        if self.following is None:
            return
        self._since_follow += dt
        if self._since_follow >= FOLLOW_EVERY_S:
            self._since_follow = 0.0
            self.client.send("locate", target=self.following)

    def stop_following(self) -> None:
        if self.following is not None:
            self.following = None
            self.toasts.show(gettext("Stopped following"))

    # -- what it shows ----------------------------------------------------------------------------
    def live(self, hall_id: str) -> str:
        """ "37 here · seats 216 · 3 hands up" for a hall card or a door screen, while connected."""
        if self.client.status.state != "connected":
            return ""
        n, seats = self.occupancy.get(hall_id, 0), self.where.seats(hall_id)
        parts = [ngettext("{n} here", "{n} here", n).format(n=n)]
        parts += [gettext("seats {seats}").format(seats=seats)] if seats else []
        hands = self.hands_in(hall_id)
        parts += [ngettext("{n} hand up", "{n} hands up", hands).format(n=hands)] if hands else []
        return " · ".join(parts)

    def hands_in(self, hall_id: str) -> int:
        """Raised hands in a hall right now (yours too): questions waiting for the speaker."""
        where = self.positions()
        where[self.client.status.id] = self.own_xz
        return sum(1 for pid, (kind, _) in self.reactions.items()
                   if kind == "hand" and pid in where and self.where.hall_at(where[pid]) == hall_id)

    def labels(self, camera: Camera, size: tuple[int, int], eye: np.ndarray) -> list[Label]:
        """Name tags over the other attendees near the camera."""
        return name_tags(self.source.last, camera, size, eye)

    def reaction_labels(self, camera: Camera, size: tuple[int, int], where: dict[int, np.ndarray]) -> list[Label]:
        out = []
        for pid, (kind, _) in self.reactions.items():
            xz = where.get(pid)
            if xz is None:
                continue
            x, y, _ = project(camera, np.array([xz[0], 2.35, xz[1]]), *size)
            # Over the head if there is room, else beside it: a reaction is never dropped.
            out.append(Label(f"react-{pid}", _bubble(kind), (float(x), float(y)), 8, required=True,
                             offsets=ABOVE + AROUND))
        return out

    def positions(self) -> dict[int, np.ndarray]:
        """Where each other attendee is, as last heard."""
        return self.crowd.latest()


def name_tags(people: People, camera: Camera, size: tuple[int, int], eye: np.ndarray) -> list[Label]:
    """Name tags over the people within TAG_RANGE_M of the eye, placed by the viewer clear of the HUD."""
    if not len(people):
        return []
    near = np.flatnonzero(np.hypot(*(people.xz - eye[[0, 2]]).T) < TAG_RANGE_M)
    heads = np.column_stack([people.xz[near, 0], np.full(len(near), 1.85), people.xz[near, 1]])
    points = project(camera, heads, *size)
    return [Label(f"tag-{people.names[i]}", _tag(people.names[i]), (float(x), float(y)), 5, offsets=ABOVE)
            for i, (x, y, _) in zip(near, points)]


_TAGS: dict[str, np.ndarray] = {}
_BUBBLES: dict[str, np.ndarray] = {}


def _tag(name: str) -> np.ndarray:
    if name not in _TAGS:
        if len(_TAGS) > 2000:
            _TAGS.clear()
        _TAGS[name] = label(name, size=13, background=(20, 24, 32, 160), padding=4)
    return _TAGS[name]


def _bubble(kind: str) -> np.ndarray:
    key = f"{kind}:{language()}"
    if key not in _BUBBLES:
        text, rgb = REACTIONS[kind]
        _BUBBLES[key] = label(gettext(text), size=16, color=(20, 24, 32, 255), background=(*rgb, 235), padding=6)
    return _BUBBLES[key]
