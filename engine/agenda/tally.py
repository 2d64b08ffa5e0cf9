"""Faults of a schedule that do not stop it loading, counted by kind: one warning line per kind, not per event.

A real export with 900 events can carry the same small fault in hundreds of them (ids given as strings,
links given as plain URLs); a person needs to know what kind of fault and how many, and where to look
first, not 900 lines.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Tally:
    """Kinds of fault in the order first seen, each with how many events have it and the first of them."""

    counts: dict[str, int] = field(default_factory=dict)
    first: dict[str, str] = field(default_factory=dict)
    _seen: set[tuple[str, str]] = field(default_factory=set)

    def add(self, kind: str, event: str) -> None:
        """Count `kind` once for `event` (a label a person can search the file for)."""
        if (kind, event) in self._seen:
            return
        self._seen.add((kind, event))
        self.counts[kind] = self.counts.get(kind, 0) + 1
        self.first.setdefault(kind, event)

    def add_all(self, kinds: list[str], event: str) -> None:
        for kind in kinds:
            self.add(kind, event)

    def lines(self) -> list[str]:
        """"12 events: id given as a string (first: event 2814 'Title')", one per kind."""
        return [f"{count} event{'s' if count != 1 else ''}: {kind} (first: {self.first[kind]})"
                for kind, count in self.counts.items()]
