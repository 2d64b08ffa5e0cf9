"""Sessions and schedules: frab/pretalx JSON, frab XML and iCalendar import; JSON and iCalendar export;
now/next queries, search.

Pure data: this package imports no OpenGL and no pygame, so it is tested without a GL context.
Entry points: `engine.agenda.load.load_agenda(path, halls=..., room_map=...)`, the queries in
`engine.agenda.queries`, and the exporters `engine.agenda.frab.to_frab` / `engine.agenda.ics.to_ics`.
"""
from engine.agenda.model import VENUE_TZ, Agenda, Session

__all__ = ["VENUE_TZ", "Agenda", "Session"]
