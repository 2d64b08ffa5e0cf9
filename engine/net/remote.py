"""What a server knows of the other servers of its venue: their people in the areas it watches,
their hall counts and their rosters, each dropped when that server goes quiet."""
from __future__ import annotations

from typing import Any

from engine.net.presence import Presence

STALE_S = 5.0


class RemoteState:
    def __init__(self, presence: Presence, server: str) -> None:
        self.presence = presence
        self.server = server
        self.counts: dict[str, tuple[float, dict[str, int], int]] = {}     # server -> (when, halls, people)
        self.rosters: dict[str, tuple[float, list[dict[str, Any]]]] = {}

    def apply_records(self, records: list[dict[str, Any]], now: float, watched: set[str]) -> None:
        """People of other servers: placed where they are if someone here watches that area,
        forgotten if they went somewhere nobody here watches."""
        for r in records:
            if r.get("s", "") == self.server:
                continue
            pid = int(r["id"])
            if r["area"] not in watched:
                self.presence.remove(pid)
                continue
            self.presence.place(pid, str(r["name"])[:32], str(r["colour"])[:7], float(r["x"]), float(r["z"]),
                                float(r["h"]), str(r.get("s", "?")), now, area=str(r["area"]),
                                version=int(r.get("v", 0)))

    def note(self, m: dict[str, Any], now: float) -> None:
        server = str(m.get("s", "?"))
        if m["k"] == "counts":
            self.counts[server] = (now, {str(k): int(v) for k, v in m["counts"].items()}, int(m["n"]))
        else:
            self.rosters[server] = (now, list(m["people"]))

    def occupancy(self, own: dict[str, int], own_people: int, now: float) -> tuple[dict[str, int], int]:
        """Hall counts and people in the whole venue: this server's and every live other's."""
        halls, total = dict(own), own_people
        for server, (at, counts, n) in list(self.counts.items()):
            if now - at > STALE_S:
                del self.counts[server]
                continue
            total += n
            for hall, k in counts.items():
                halls[hall] = halls.get(hall, 0) + k
        return halls, total

    def roster(self, own: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Everyone in the venue as far as known: this server's people now, others' within seconds."""
        out = [{k: r[k] for k in ("id", "name", "colour", "x", "z", "area")} for r in own]
        for _, people in self.rosters.values():
            out.extend(people)
        return out
