"""Together in the venue: the other remote attendees as avatars with name tags, text chat, reactions,
live occupancy on door screens and hall cards, a people panel to find and follow someone, organizer
powers, and the connection's state always in view. All of it through a PresenceClient that talks to
the server on its own thread: nothing here waits for the network.
"""
from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np

from engine.app.people import People
from engine.app.people_view import palette
from engine.net.client import PresenceClient
from engine.net.interp import ClockSync, Crowd
from engine.scene.camera import Camera, project
from engine.scene.material import srgb_to_linear
from engine.ui.chat import ChatBox, Line
from engine.ui.layout import ABOVE, AROUND, Label, Region, Widget
from engine.ui.list_panel import Entry, ListPanel
from engine.ui.text import label, panel
from engine.ui.widgets import PRIORITY, Toasts
from engine.world.avatar import limb_angles

REACTIONS = {"clap": ("Clap!", (255, 214, 102)), "hand": ("Hand up", (120, 200, 255)),
             "thumbs": ("+1", (120, 230, 140)), "heart": ("<3", (255, 120, 150)), "question": ("?", (255, 255, 255))}
REACTION_S = 4.0
HAND_S = 30.0                  # a raised hand stays up a while: it is a question waiting for the speaker
TAG_RANGE_M = 25.0             # name tags for people this near
BANNER_S = 12.0
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

    def people(self) -> People:
        xz, headings, speeds, tracks = self.crowd.poses(self.clock())
        self.ids = [t.id for t in tracks]
        if not tracks:
            self.last = People.none()
            return self.last
        angles = limb_angles(np.array([t.phase for t in tracks]), speeds)
        looks = [self._look(t.id, t.colour) for t in tracks]
        colours = {k: np.concatenate([lk[k] for lk in looks]) for k in ("shirt", "skin", "trousers")}
        self.last = People(xz, headings, {k: np.asarray(v, np.float64) for k, v in angles.items()}, colours,
                           [t.name for t in tracks])
        return self.last

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


class Together:
    def __init__(self, client: PresenceClient, toasts: Toasts, clock: Callable[[], float], where: Where) -> None:
        self.client = client
        self.toasts = toasts
        self.clock = clock
        self.where = where
        self.own_xz = np.zeros(2)
        self.crowd = Crowd()
        self.sync = ClockSync()
        self.source = RemoteSource(self.crowd, clock)
        self.occupancy: dict[str, int] = {}
        self.total = 0
        self.reactions: dict[int, tuple[str, float]] = {}      # id -> (kind, until)
        self.chat = ChatBox()
        self.people = ListPanel("People", [], visible_rows=10,
                                hint="type a name · Enter: go there · Tab: follow · Esc")
        self.following: int | None = None
        self.banner: tuple[np.ndarray, float] | None = None
        self._status = ("", "")
        self._status_image = label(" ")
        self._status_version = 0
        self._since_follow = 0.0
        self._query_sent: str | None = None
        self.announcing = False
        self.muted: set[int] = set()          # people this organizer has muted

    # -- what comes in -------------------------------------------------------------------------
    def update(self, dt: float, xz: np.ndarray, heading: float, teleported: bool) -> None:
        self.own_xz = np.asarray(xz, np.float64)
        self.client.pose(float(xz[0]), float(xz[1]), heading, teleported)
        for message in self.client.drain():
            handler = getattr(self, "_on_" + str(message.get("t", "")), None)
            if handler is not None:
                try:
                    handler(message)
                except (KeyError, TypeError, ValueError, IndexError):
                    continue                # a message this version does not understand: ignored
        now = self.clock()
        self.reactions = {pid: r for pid, r in self.reactions.items() if r[1] > now}
        self._follow(dt)
        if self.people.open and self.people.query != self._query_sent:
            self._query_sent = self.people.query
            self.client.send("who", q=self.people.query)

    def _on_welcome(self, m: dict[str, Any]) -> None:
        self.crowd.clear()              # a new connection: the server tells us everyone again
        self.sync.reset()               # and another server has another clock
        self.chat.add(Line(_clock_text(), "", f"Connected as {m['name']}"))

    def _on_status(self, m: dict[str, Any]) -> None:
        if self.client.status.state != "connected":
            self.crowd.clear()

    def _on_update(self, m: dict[str, Any]) -> None:
        now = self.sync.local(float(m["ts"]), self.clock()) if "ts" in m else self.clock()
        for rec in m["joins"]:
            self.crowd.join(now, rec)
        for rec in m["moves"]:
            self.crowd.move(now, rec)
        for pid in m["leaves"]:
            self.crowd.leave(pid)
            self.reactions.pop(int(pid), None)
        for pid, kind in m["reactions"]:
            self._show_reaction(int(pid), str(kind))

    def _show_reaction(self, pid: int, kind: str) -> None:
        if kind in REACTIONS:
            self.reactions[pid] = (kind, self.clock() + (HAND_S if kind == "hand" else REACTION_S))

    def _on_occupancy(self, m: dict[str, Any]) -> None:
        self.occupancy = {str(k): int(v) for k, v in m["halls"].items()}
        self.total = int(m["total"])

    def _on_chat(self, m: dict[str, Any]) -> None:
        at = datetime.fromtimestamp(float(m["at"])).strftime("%H:%M")
        self.chat.add(Line(at, str(m["name"]), str(m["text"]), m["scope"] == "venue"))

    def _on_notice(self, m: dict[str, Any]) -> None:
        self.chat.add(Line(_clock_text(), "", str(m["text"])))

    def _on_announce(self, m: dict[str, Any]) -> None:
        text = str(m["text"])
        rows = [[(text[i:i + 90], (255, 255, 255, 255))] for i in range(0, min(len(text), 360), 90)]
        image = panel(rows, size=17, background=(30, 70, 150, 235),
                      title=f"Announcement from {m.get('by', 'the organizers')}")
        self.banner = (image, self.clock() + BANNER_S)
        self.chat.add(Line(_clock_text(), "", f"Announcement: {text}"))

    def _on_who(self, m: dict[str, Any]) -> None:
        me = self.client.status.id
        entries = [Entry(str(p["id"]), str(p["name"]), self._area_text(str(p["area"])), str(p["name"]))
                   for p in m["people"] if int(p["id"]) != me]
        self.people.set_entries(entries)

    def _on_located(self, m: dict[str, Any]) -> None:
        person = m.get("person")
        if not person:
            self.toasts.show("They have left the venue", error=True)
            self.following = None
            return
        self.where.walk_to(np.array([float(person["x"]), float(person["z"])]))

    # -- what goes out ---------------------------------------------------------------------------
    def react(self, kind: str) -> None:
        self.client.send("react", kind=kind)
        self._show_reaction(self.client.status.id, kind)

    def open_chat(self, announce: bool = False) -> None:
        if announce and not self.client.status.organizer:
            self.toasts.show("Announcements need the organizer code (--organizer-code)", error=True)
            return
        self.announcing = announce
        self.people.close()
        self.chat.show()

    def send_chat(self) -> None:
        text = self.chat.draft.strip()
        if text and self.client.status.state != "connected":
            self.toasts.show("Not connected: the message was not sent", error=True)
        elif text and self.announcing:
            self.client.send("org", action="announce", text=text)
        elif text:
            self.client.send("chat", scope="venue" if self.chat.venue_wide else "here", text=text)
        self.chat.close()
        self.announcing = False

    def open_people(self) -> None:
        self.chat.close()
        self._query_sent = None
        self.people.show()

    def go_to_person(self, follow: bool) -> None:
        chosen = self.people.chosen()
        self.people.close()
        if chosen is None:
            return
        self.following = int(chosen.key) if follow else None
        self.client.send("locate", target=int(chosen.key))
        self.toasts.show(f"Following {chosen.title}" if follow else f"Going to {chosen.title}")

    def moderate(self, action: str) -> None:
        chosen = self.people.chosen()
        if chosen is None:
            return
        if not self.client.status.organizer:
            self.toasts.show("That needs the organizer code (--organizer-code)", error=True)
            return
        self.client.send("org", action=action, target=int(chosen.key))

    def handlers(self) -> dict[str, Callable[[], None]]:
        """Its keys in the world (not while typing)."""
        table: dict[str, Callable[[], None]] = {
            "chat": self.open_chat, "people": self.open_people, "announce": lambda: self.open_chat(announce=True)}
        for kind in REACTIONS:
            table[f"react_{kind}"] = functools.partial(self.react, kind)
        return table

    # -- keys while its fields are open --------------------------------------------------------------
    def focus(self) -> ChatBox | ListPanel | None:
        if self.chat.open:
            return self.chat
        return self.people if self.people.open else None

    def panel(self, action: str) -> None:
        """A panel key for the open chat field or people list."""
        if self.chat.open:
            chat_keys: dict[str, Callable[[], None]] = {
                "panel_choose": self.send_chat, "panel_close": self.chat.close, "panel_erase": self.chat.backspace,
                "panel_bookmark": self.chat.toggle_scope, "panel_up": lambda: self.chat.scroll_by(1),
                "panel_down": lambda: self.chat.scroll_by(-1)}
            chat_keys.get(action, lambda: None)()
            return
        people_keys: dict[str, Callable[[], None]] = {
            "panel_choose": lambda: self.go_to_person(follow=False),
            "panel_bookmark": lambda: self.go_to_person(follow=True), "panel_close": self.people.close,
            "panel_erase": self.people.backspace, "panel_up": lambda: self.people.move(-1),
            "panel_down": lambda: self.people.move(1), "panel_mute": self._toggle_mute,
            "panel_remove": lambda: self.moderate("remove")}
        people_keys.get(action, lambda: None)()

    def _toggle_mute(self) -> None:
        chosen = self.people.chosen()
        if chosen is None:
            return
        pid = int(chosen.key)
        muting = pid not in self.muted
        self.moderate("mute" if muting else "unmute")
        (self.muted.add if muting else self.muted.discard)(pid)

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
            self.toasts.show("Stopped following")

    # -- what it shows ----------------------------------------------------------------------------
    def live(self, hall_id: str) -> str:
        """ "37 here · seats 216 · 3 hands up" for a hall card or a door screen, while connected."""
        if self.client.status.state != "connected":
            return ""
        n, seats = self.occupancy.get(hall_id, 0), self.where.seats(hall_id)
        text = f"{n} here" + (f" · seats {seats}" if seats else "")
        hands = self.hands_in(hall_id)
        return text + (f" · {hands} hand{'s' if hands != 1 else ''} up" if hands else "")

    def hands_in(self, hall_id: str) -> int:
        """Raised hands in a hall right now (yours too): questions waiting for the speaker."""
        where = self.positions()
        where[self.client.status.id] = self.own_xz
        return sum(1 for pid, (kind, _) in self.reactions.items()
                   if kind == "hand" and pid in where and self.where.hall_at(where[pid]) == hall_id)

    def _area_text(self, area: str) -> str:
        if area.startswith("h:"):
            return "in " + self.where.hall_name(area[2:])
        return "outdoors" if area.startswith("c:") else area

    def widgets(self) -> list[Widget]:
        out = [Widget("presence", self._status_picture(), Region.TOP_RIGHT, PRIORITY["clock"] - 1,
                      self._status_version)]
        chat = self.chat.image()
        if chat is not None:
            out.append(Widget("chat", chat, Region.BOTTOM_LEFT, PRIORITY["panel"] if self.chat.open else
                              PRIORITY["legend"], self.chat.version, min_scale=0.6))
        if self.people.open:
            out.append(Widget("People", self.people.image(520), Region.CENTRE, PRIORITY["panel"], self.people.version,
                              min_scale=0.6))
        if self.banner is not None:
            if self.clock() < self.banner[1]:
                out.append(Widget("announcement", self.banner[0], Region.TOP_CENTRE, PRIORITY["banner"], min_scale=0.4))
            else:
                self.banner = None
        return out

    def _status_picture(self) -> np.ndarray:
        status = self.client.status
        text = status.text(time.monotonic())
        if status.state == "connected":
            text += f" · {self.total} in the venue"
        key = (text, status.state)
        if key != self._status:
            self._status = key
            colour = {"connected": (120, 230, 140, 255), "offline": (255, 140, 130, 255)}.get(status.state,
                                                                                             (255, 214, 102, 255))
            self._status_image = label(text, size=14, color=colour, padding=6)
            self._status_version += 1
        return self._status_image

    def labels(self, camera: Camera, size: tuple[int, int], eye: np.ndarray) -> list[Label]:
        """Name tags over the people near the camera, and reactions over anyone (yours too)."""
        people = self.source.last
        out: list[Label] = []
        if len(people):
            near = np.hypot(*(people.xz - eye[[0, 2]]).T) < TAG_RANGE_M
            heads = np.column_stack([people.xz[:, 0], np.full(len(people), 1.85), people.xz[:, 1]])
            points = project(camera, heads, *size)
            for i in np.flatnonzero(near):
                out.append(Label(f"tag-{people.names[i]}", _tag(people.names[i]), (float(points[i, 0]),
                                                                                  float(points[i, 1])), 5,
                                 offsets=ABOVE))
        return out

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
        return {pid: np.array(t.samples[-1][1:3]) for pid, t in self.crowd.tracks.items()}


_TAGS: dict[str, np.ndarray] = {}
_BUBBLES: dict[str, np.ndarray] = {}


def _tag(name: str) -> np.ndarray:
    if name not in _TAGS:
        if len(_TAGS) > 2000:
            _TAGS.clear()
        _TAGS[name] = label(name, size=13, background=(20, 24, 32, 160), padding=4)
    return _TAGS[name]


def _bubble(kind: str) -> np.ndarray:
    if kind not in _BUBBLES:
        text, rgb = REACTIONS[kind]
        _BUBBLES[kind] = label(text, size=16, color=(20, 24, 32, 255), background=(*rgb, 235), padding=6)
    return _BUBBLES[kind]


def _clock_text() -> str:
    return datetime.now().strftime("%H:%M")


