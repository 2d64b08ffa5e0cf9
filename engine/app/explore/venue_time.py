"""The venue clock and the agenda in explore mode: door screens, the hall card of the hall you are
in, reminders of bookmarked sessions, the clock in the corner, and the agenda file watched for
changes (a bad reload keeps the last good agenda)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

import numpy as np

from engine.agenda.bookmarks import Bookmarks
from engine.agenda.model import Session
from engine.agenda.queries import parse_time
from engine.app.agenda_live import AgendaLive
from engine.app.door_screens import DoorScreens, screen_lines
from engine.i18n import _, language
from engine.i18n.dates import format_datetime
from engine.ui.list_panel import Entry
from engine.ui.names import display_name, language_tag, session_title
from engine.ui.text import label
from engine.ui.venue_panels import hall_card, hall_card_rows, session_entries
from engine.ui.widgets import Toasts
from engine.venue import Venue
from engine.world.clock import VenueClock

CLOCK_SPEEDS = (1.0, 10.0, 60.0, 600.0)
AGENDA_CHECK_S = 1.0      # how often (real seconds) the agenda file is checked for changes
LIVE_REFRESH_S = 0.25     # how often screens, the card and reminders are brought up to date
SCREENS_PER_FRAME = 2     # door-screen pictures drawn in one frame, at most
DEFAULT_START = "2023-09-20 09:00"


@dataclass
class Picture:
    """An image that is redrawn only when what it shows changes; `version` counts redraws."""

    image: np.ndarray | None = None
    key: object = None
    version: int = 0

    def set(self, key: object, draw: Callable[[], np.ndarray | None]) -> None:
        if key != self.key:
            self.key, self.image = key, draw()
            self.version += 1


class VenueTime:
    def __init__(self, venue: Venue, toasts: Toasts, source: Callable[[], float], at: datetime | None,
                 schedule: Path | None, bookmarks: Path | None, default_tz: tzinfo | None = None) -> None:
        self.venue, self.toasts = venue, toasts
        self.clock = VenueClock(at or venue.start_time or parse_time(DEFAULT_START), source=source)
        marks = Bookmarks(bookmarks)
        self.agenda = AgendaLive(venue, schedule or venue.agenda_path, marks, default_tz)
        for problem in (self.agenda.error, marks.problem):
            if problem:
                toasts.show(problem, seconds=8.0, error=True)
        self.screens = DoorScreens(venue) if venue.halls else None
        self.reminded: str | None = None
        self.card = Picture()
        self.clock_picture = Picture()
        self.entries_version = 0
        self._since_live = self._since_file = 0.0
        # "N here · seats S" for a hall, while attendees are connected (engine.app.explore.together).
        self.live: Callable[[str], str] = lambda hall_id: ""

    # -- what the panels and widgets show -----------------------------------------------
    def session_entries(self) -> list[Entry]:
        return session_entries(self.agenda.agenda.sessions, self.venue.halls, self.agenda.bookmarks)

    def refresh(self, hall: str | None, screens_budget: int | None = SCREENS_PER_FRAME) -> None:
        """What depends on the venue clock: door screens (a few pictures a frame: the first frame
        comes sooner), the hall card, reminders, the clock."""
        at = self.clock.now()
        self._update_screens(at, screens_budget)
        self._refresh_card(hall, at)
        for session in self.agenda.due_reminders(at):
            self._remind(session, at)
        text = format_datetime(at) + (f"  x{self.clock.speed:g}" if self.clock.speed != 1 else "") \
            + ("  " + _("paused") if self.clock.paused else "")
        self.clock_picture.set(text, lambda: label(text, size=16))

    def relabel(self, hall: str | None) -> None:
        """The language changed: the card, the clock and the agenda rows are given again in it (the door
        screens follow on their own)."""
        self.card.key = None
        self.entries_version += 1
        self.refresh(hall)

    def _refresh_card(self, hall_id: str | None, at: datetime) -> None:
        if hall_id is None:
            self.card.set(None, lambda: None)
            return
        hall = self.venue.halls[hall_id]
        rows = hall_card_rows(hall, self.agenda.now_next(hall_id, at), at, self.live(hall_id))
        self.card.set((hall_id, repr(rows), language()), lambda: hall_card(hall, rows))

    def _remind(self, session: Session, at: datetime) -> None:
        self.reminded = session.id
        place = self.venue.halls.get(session.hall or "")
        hall = display_name(place) if place is not None else session.room
        minutes = max(0, int((session.start - at).total_seconds() // 60))
        self.toasts.show(_("In {minutes} min: {title} ({hall}). Press J to go there").format(
            minutes=minutes, title=language_tag(session) + session_title(session), hall=hall), seconds=12.0)

    def update(self, dt: float, hall: str | None) -> bool:
        """Advance the timers; True when the agenda was reloaded (its panel needs new rows)."""
        self._since_live += dt
        self._since_file += dt
        reloaded = False
        if self._since_file >= AGENDA_CHECK_S:
            self._since_file = 0.0
            reloaded = self._check_file()
        if self._since_live >= LIVE_REFRESH_S or reloaded:
            self._since_live = 0.0
            self.refresh(hall)
        elif self.screens is not None and self.screens.pending:
            self._update_screens(self.clock.now(), SCREENS_PER_FRAME)
        return reloaded

    def _update_screens(self, at: datetime, budget: int | None) -> None:
        if self.screens is not None:
            self.screens.update(lambda h: screen_lines(self.agenda.now_next(h, at), at, self.live(h)), budget)

    def _check_file(self) -> bool:
        if not self.agenda.changed_on_disk():
            return False
        problem = self.agenda.reload()
        if problem:
            self.toasts.show(_("Agenda not reloaded, keeping the last good one: {problem}").format(problem=problem),
                             seconds=10.0, error=True)
            return False
        self.toasts.show(_("Agenda reloaded"))
        self.card.key = None   # redraw: the same rows may now mean other sessions
        return True

    # -- the clock's actions ------------------------------------------------------------
    def change_speed(self, step: int) -> None:
        speeds = CLOCK_SPEEDS
        i = min(range(len(speeds)), key=lambda k: abs(speeds[k] - self.clock.speed))
        self.clock.speed = speeds[max(0, min(len(speeds) - 1, i + step))]
        self.toasts.show(_("Venue clock x{speed}").format(speed=f"{self.clock.speed:g}"))

    def toggle_pause(self) -> None:
        self.clock.toggle_pause()
        self.toasts.show(_("Venue clock paused") if self.clock.paused else _("Venue clock running"))

    def jump_to_next_session(self, hall: str | None) -> None:
        nxt = self.agenda.next_start(self.clock.now(), hall)
        if nxt is None and hall is not None:
            nxt = self.agenda.next_start(self.clock.now())
        if nxt is None:
            self.toasts.show(_("No more sessions"))
            return
        self.clock.jump(nxt)
        self.toasts.show(_("Venue clock: {time}").format(time=format_datetime(nxt)))

    def toggle_bookmark(self, session_id: str) -> None:
        on = self.agenda.bookmarks.toggle(session_id)
        self.toasts.show(_("Bookmarked: I'll remind you 5 minutes before") if on else _("Bookmark removed"))
        self.entries_version += 1

    def close(self) -> None:
        if self.screens is not None:
            self.screens.remove()
