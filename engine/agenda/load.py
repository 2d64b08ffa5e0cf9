"""Load a schedule file of any supported format into an Agenda with halls assigned and checks run."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import tzinfo
from pathlib import Path

from engine.agenda.model import VENUE_TZ, Agenda
from engine.agenda.queries import overlap_warnings
from engine.agenda.rooms import assign_halls
from engine.errors import UserError
from engine.fileio import input_problem

#: Schedules are text a person could read; anything bigger is a wrong file, refused before reading it whole.
MAX_SCHEDULE_BYTES = 20_000_000  # 20 MB, as the message says
FORMATS = {".json": "frab/pretalx schedule.json", ".xml": "frab schedule.xml", ".ics": "iCalendar",
           ".ical": "iCalendar"}


def load_agenda(path: str | Path, halls: Mapping[str, str] | None = None,
                room_map: Mapping[str, str] | None = None, *, max_bytes: int = MAX_SCHEDULE_BYTES,
                default_tz: tzinfo = VENUE_TZ) -> Agenda:
    """Read a .json (frab/pretalx), .xml (frab) or .ics schedule.

    Times that carry no zone are read in the zone the file declares (time_zone_name, X-WR-TIMEZONE),
    else in `default_tz` (the --tz option, else the venue's zone).
    `halls` is {hall id: hall name}: when given, each session's room is mapped to a hall (by the explicit
    `room_map` {room name: hall id}, the hall id, or the hall name) and unmapped rooms are warned about.
    Sessions overlapping in one hall are warned about. Problems that stop the import raise
    UserError(path, what).
    """
    path = Path(path)
    data = _read(path, max_bytes)
    suffix = path.suffix.lower()
    if suffix == ".json":
        from engine.agenda.frab import parse_frab
        agenda = parse_frab(data, str(path), default_tz=default_tz)
    elif suffix == ".xml":
        from engine.agenda.frab_xml import parse_frab_xml
        agenda = parse_frab_xml(data, str(path), default_tz=default_tz)
    else:
        from engine.agenda.ics import parse_ics
        agenda = parse_ics(data, str(path), default_tz=default_tz)
    if halls is not None:
        sessions, warnings = assign_halls(agenda.sessions, halls, room_map)
        agenda = replace(agenda, sessions=sessions, warnings=agenda.warnings + warnings)
    agenda.warnings.extend(overlap_warnings(agenda.sessions))
    return agenda


def _read(path: Path, max_bytes: int) -> bytes:
    if path.suffix.lower() not in FORMATS:
        known = ", ".join(f"{ext} ({name})" for ext, name in FORMATS.items())
        raise UserError(path, f"unknown schedule format {path.suffix or '(no extension)'!r}; use {known}")
    problem = input_problem(path)
    if problem:
        raise UserError(path, problem)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise UserError(path, f"file is {size / 1e6:.1f} MB, larger than the {max_bytes / 1e6:.0f} MB "
                                  "limit for a schedule; is this the right file?")
        return path.read_bytes()
    except PermissionError:
        raise UserError(path, "permission denied") from None
    except OSError as exc:
        raise UserError(path, f"cannot read: {exc.strerror or exc}") from None
