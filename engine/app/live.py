"""A venue shared with the other attendees, as any mode sees it: the connection's state, the hall
occupancy, text chat, announcements, and the people panel (find someone; organizers mute or remove
them). Explore mode adds the avatars (engine.app.explore.together); organizer mode uses it as it is.
Everything goes through a PresenceClient on its own thread: nothing here waits for the network.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from engine.i18n import N_, _, ngettext
from engine.ui.chat import ChatBox, Line
from engine.ui.layout import Region, Widget
from engine.ui.list_panel import Entry, ListPanel
from engine.ui.text import label, panel
from engine.ui.widgets import PRIORITY, Toasts

if TYPE_CHECKING:   # the network client (asyncio, websockets) is imported only to join
    from engine.net.client import PresenceClient

BANNER_S = 12.0
REFRESH_PEOPLE_S = 2.0


class LiveVenue:
    """Subclasses add `_on_<type>` methods for more message types, and say what choosing a person does."""

    def __init__(self, client: PresenceClient, toasts: Toasts, clock: Callable[[], float],
                 hall_name: Callable[[str], str]) -> None:
        self.client = client
        self.toasts = toasts
        self.clock = clock
        self.hall_name = hall_name
        self.occupancy: dict[str, int] = {}
        self.total = 0
        self.chat = ChatBox()
        self.people = ListPanel(N_("People"), [], visible_rows=10,
                                hint=N_("type a name · Enter: go there · Tab: follow · Esc"))
        self.banner: tuple[np.ndarray, float] | None = None
        self._status = ("", "")
        self._status_image = label(" ")
        self._status_version = 0
        self._query_sent: str | None = None
        self._since_query = 0.0
        self.announcing = False
        self.muted: set[int] = set()          # people this organizer has muted

    # -- what comes in -------------------------------------------------------------------------
    def receive(self, dt: float) -> None:
        """Take what arrived since the last frame; keep the people panel's search up to date."""
        for message in self.client.drain():
            handler = getattr(self, "_on_" + str(message.get("t", "")), None)
            if handler is not None:
                try:
                    handler(message)
                except (KeyError, TypeError, ValueError, IndexError):
                    continue                # a message this version does not understand: ignored
        self._since_query += dt
        if self.people.open and (self.people.query != self._query_sent or self._since_query >= REFRESH_PEOPLE_S):
            self._query_sent, self._since_query = self.people.query, 0.0
            self.client.send("who", q=self.people.query)

    def _on_welcome(self, m: dict[str, Any]) -> None:
        self.chat.add(Line(_clock_text(), "", _("Connected as {name}").format(name=m["name"])))

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
        by = m.get("by") or _("the organizers")
        image = panel(rows, size=17, background=(30, 70, 150, 235),
                      title=_("Announcement from {name}").format(name=by))
        self.banner = (image, self.clock() + BANNER_S)
        self.chat.add(Line(_clock_text(), "", _("Announcement: {text}").format(text=text)))

    def _on_who(self, m: dict[str, Any]) -> None:
        me = self.client.status.id
        entries = [Entry(str(p["id"]), str(p["name"]), self._area_text(str(p["area"])), str(p["name"]))
                   for p in m["people"] if int(p["id"]) != me]
        self.people.set_entries(entries)

    def open_chat(self, announce: bool = False) -> None:
        if announce and not self.client.status.organizer:
            self.toasts.show(_("Announcements need the organizer code (--organizer-code)"), error=True)
            return
        self.announcing = announce
        self.people.close()
        self.chat.show()

    def send_chat(self) -> None:
        text = self.chat.draft.strip()
        if text and self.client.status.state != "connected":
            self.toasts.show(_("Not connected: the message was not sent"), error=True)
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

    def moderate(self, action: str) -> None:
        chosen = self.people.chosen()
        if chosen is None:
            return
        if not self.client.status.organizer:
            self.toasts.show(_("That needs the organizer code (--organizer-code)"), error=True)
            return
        self.client.send("org", action=action, target=int(chosen.key))

    def handlers(self) -> dict[str, Callable[[], None]]:
        """Its keys (not while typing)."""
        return {"chat": self.open_chat, "people": self.open_people, "announce": lambda: self.open_chat(announce=True)}

    def choose_person(self, entry: Entry, follow: bool) -> None:
        """What Enter (or Tab: follow) on a person in the panel does; the mode decides."""

    def _choose(self, follow: bool) -> None:
        chosen = self.people.chosen()
        self.people.close()
        if chosen is not None:
            self.choose_person(chosen, follow)

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
            "panel_choose": lambda: self._choose(follow=False),
            "panel_bookmark": lambda: self._choose(follow=True), "panel_close": self.people.close,
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

    def _area_text(self, area: str) -> str:
        if area.startswith("h:"):
            return _("in {hall}").format(hall=self.hall_name(area[2:]))
        return _("outdoors") if area.startswith("c:") else area

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

    def relabel(self) -> None:
        """The language changed: the connection's state is drawn again (the panels redraw themselves)."""
        self._status = ("", "")

    def _status_picture(self) -> np.ndarray:
        status = self.client.status
        text = status_text(status, time.monotonic())
        if status.state == "connected":
            text += " · " + ngettext("{n} in the venue", "{n} in the venue", self.total).format(n=self.total)
        key = (text, status.state)
        if key != self._status:
            self._status = key
            colour = {"connected": (120, 230, 140, 255), "offline": (255, 140, 130, 255)}.get(status.state,
                                                                                             (255, 214, 102, 255))
            self._status_image = label(text, size=14, color=colour, padding=6)
            self._status_version += 1
        return self._status_image


def status_text(status: Any, now: float) -> str:
    """The connection's state in the current language (engine.net.client.Status.text, translated)."""
    if status.state == "connected":
        return _("connected") + (" · " + _("other servers unreachable") if status.degraded else "")
    if status.state == "reconnecting":
        seconds = max(0, round(status.retry_at - now))
        text = _("reconnecting in {seconds} s").format(seconds=seconds)
        return text + (f" ({status.reason})" if status.reason else "")
    if status.state == "offline":
        return _("offline: {reason}").format(reason=status.reason)
    return _("connecting...")


def _clock_text() -> str:
    return datetime.now().strftime("%H:%M")
