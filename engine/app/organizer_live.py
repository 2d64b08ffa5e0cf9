"""The organizer's view of the live venue (view --mode organizer --join): how many are in each hall,
on the plan's labels, a live roster to search (and mute or remove someone from), announcements to
everyone, and the venue-wide chat."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from engine.app.live import LiveVenue
from engine.i18n import N_, _, ngettext
from engine.ui.list_panel import Entry
from engine.ui.widgets import Toasts

if TYPE_CHECKING:   # the network client (asyncio, websockets) is imported only to join
    from engine.net.client import PresenceClient


class OrganizerLive(LiveVenue):
    def __init__(self, client: PresenceClient, toasts: Toasts, clock: Callable[[], float],
                 hall_name: Callable[[str], str], show: Callable[[np.ndarray], None]) -> None:
        super().__init__(client, toasts, clock, hall_name)
        self.show = show                      # centres the plan on a point
        self.people.title = N_("Roster")
        self.people.hint = N_("type a name · Enter: show on the plan · Ctrl+M: mute · Ctrl+Del: remove · Esc")
        self.counts_version = 0

    def _on_occupancy(self, m: dict[str, Any]) -> None:
        before = dict(self.occupancy)
        super()._on_occupancy(m)
        if self.occupancy != before:
            self.counts_version += 1

    def choose_person(self, entry: Entry, follow: bool) -> None:
        self.client.send("locate", target=int(entry.key))

    def _on_located(self, m: dict[str, Any]) -> None:
        person = m.get("person")
        if not person:
            self.toasts.show(_("They have left the venue"), error=True)
            return
        self.show(np.array([float(person["x"]), float(person["z"])]))
        self.toasts.show(f"{person['name']}: {self._area_text(str(person['area']))}")

    def live(self, hall_id: str) -> str:
        if self.client.status.state != "connected":
            return ""
        n = self.occupancy.get(hall_id, 0)
        return ngettext("{n} here now", "{n} here now", n).format(n=n)
