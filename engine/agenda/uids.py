"""Ids an exported file can carry: one per event, the same every time the same agenda is exported.

Sources reuse ids (a generator that gives a whole programme a handful of UIDs; a UID copied with an event); a
calendar app that imports two events with one UID keeps only one of them. So an id used once is kept
as the source spelt it, and an id used more than once is replaced, for each of its events, by a UUID
made from that id, the event's start and its title: stable across exports, unique within the file.
"""
from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence

from engine.agenda.model import Session

NAMESPACE = uuid.UUID("0b6a3c52-8f0e-5b7d-a1c4-3e2f9d6a2023")


def unique_ids(sessions: Sequence[Session]) -> list[str]:
    """One id per session, in order: its own where no other session has it, else a derived one."""
    counts = Counter(s.id for s in sessions)
    taken = {s.id for s in sessions if counts[s.id] == 1 and s.id}
    out = []
    for session in sessions:
        if session.id in taken:
            out.append(session.id)
            continue
        seed = f"{session.id}\n{session.start.isoformat()}\n{session.title}"
        derived = str(uuid.uuid5(NAMESPACE, seed))
        round_ = 1
        while derived in taken:   # events alike in id, start and title: the n-th of them gets seed + n
            round_ += 1
            derived = str(uuid.uuid5(NAMESPACE, f"{seed}\n{round_}"))
        taken.add(derived)
        out.append(derived)
    return out
