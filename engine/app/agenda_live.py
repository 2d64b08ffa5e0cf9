"""The agenda as the viewer sees it: loaded for the venue, reloaded when its file changes (keeping
the last good one when the new one is bad), now/next by hall, bookmarks and reminders."""
from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from pathlib import Path

from engine.agenda.bookmarks import Bookmarks
from engine.agenda.model import VENUE_TZ, Agenda, Session
from engine.agenda.queries import NowNext, now_and_next
from engine.errors import UserError

REMIND_BEFORE = timedelta(minutes=5)


class AgendaLive:
    def __init__(self, venue, path: Path | None, bookmarks: Bookmarks, default_tz: tzinfo | None = None) -> None:
        self.venue = venue
        self.path = path
        self.default_tz = default_tz   # for times a schedule gives with no zone of its own (view --tz)
        self.bookmarks = bookmarks
        self.agenda = Agenda(sessions=[], warnings=[])
        self.error: str | None = None
        self._mtime: float | None = None
        self._reminded: set[str] = set()
        self.version = 0
        if path is not None:
            self.reload()

    def reload(self) -> str | None:
        """Load the file again; on failure keep the last good agenda and return why."""
        from engine.agenda.load import load_agenda
        if self.path is None:
            return None
        try:
            self._mtime = self.path.stat().st_mtime
        except OSError:
            self._mtime = None
        try:
            agenda = load_agenda(self.path, halls=self.venue.hall_names(), room_map=self.venue.room_map,
                                 default_tz=self.default_tz or VENUE_TZ)
        except UserError as exc:
            self.error = f"{exc.where}: {exc.what}"
            return self.error
        self.agenda, self.error = agenda, None
        self.version += 1
        return None

    def changed_on_disk(self) -> bool:
        if self.path is None:
            return False
        try:
            return self.path.stat().st_mtime != self._mtime
        except OSError:
            return self._mtime is not None

    def by_id(self, session_id: str) -> Session | None:
        return next((s for s in self.agenda.sessions if s.id == session_id), None)

    def now_next(self, hall: str, at: datetime, count: int = 2) -> NowNext:
        return now_and_next(self.agenda, hall, at, count)

    def next_start(self, at: datetime, hall: str | None = None) -> datetime | None:
        """When the next session starts after `at` (in `hall`, or anywhere)."""
        starts = [s.start for s in self.agenda.sessions if s.start > at and (hall is None or s.hall == hall)]
        return min(starts, default=None)

    def due_reminders(self, at: datetime) -> list[Session]:
        """Bookmarked sessions starting within five minutes, each returned once."""
        due = [s for s in self.agenda.sessions
               if s.id in self.bookmarks and s.id not in self._reminded
               and timedelta(0) <= s.start - at <= REMIND_BEFORE]
        self._reminded.update(s.id for s in due)
        return due
