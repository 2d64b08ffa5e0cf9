"""Map the room names a schedule uses to the venue's hall ids."""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from engine.agenda.model import Session


def _norm(name: str) -> str:
    """Case- and space-insensitive key: "Main  Forum hall" and "main forum hall" are the same room."""
    return "".join(name.split()).casefold()


class RoomResolver:
    """Resolves a room name to a hall id: explicit mapping first, then hall id, then hall name."""

    def __init__(self, halls: Mapping[str, str], room_map: Mapping[str, str] | None = None) -> None:
        """`halls` is {hall id: hall name}; `room_map` is {room name: hall id} (the scene file's table)."""
        self.halls = dict(halls)
        self._explicit = {_norm(room): hall for room, hall in (room_map or {}).items()}
        self._by_id = {_norm(hall_id): hall_id for hall_id in self.halls}
        self._by_name = {_norm(name): hall_id for hall_id, name in self.halls.items() if name}

    def bad_map_targets(self) -> list[str]:
        """Hall ids the mapping table points at that the venue does not have."""
        return sorted({h for h in self._explicit.values() if h not in self.halls})

    def resolve(self, room: str) -> str | None:
        key = _norm(room)
        for table in (self._explicit, self._by_id, self._by_name):
            hall = table.get(key)
            if hall is not None and hall in self.halls:
                return hall
        return None


def assign_halls(sessions: Iterable[Session], halls: Mapping[str, str],
                 room_map: Mapping[str, str] | None = None) -> tuple[list[Session], list[str]]:
    """Set each session's hall from its room name; returns (sessions, warnings).

    A session whose room maps nowhere keeps a hall it already carries if the venue has that hall
    (an .ics written by `to_ics` records it); otherwise its hall is None and one warning names
    every unmapped room.
    """
    resolver = RoomResolver(halls, room_map)
    warnings = [f"room map points at unknown hall {h!r} (known halls: {', '.join(sorted(halls))})"
                for h in resolver.bad_map_targets()]
    out: list[Session] = []
    unmapped: set[str] = set()
    for session in sessions:
        hall = resolver.resolve(session.room)
        if hall is None and session.hall in resolver.halls:
            hall = session.hall
        if hall is None:
            unmapped.add(session.room)
        out.append(session.with_hall(hall))
    if unmapped:
        names = ", ".join(repr(r) for r in sorted(unmapped))
        warnings.append(f"rooms not mapped to any hall (their sessions have no hall): {names}")
    return out, warnings
