"""'My agenda': the sessions a person bookmarked, kept in a small JSON file in their config folder."""
from __future__ import annotations

import json
import os
from pathlib import Path

MAX_BYTES = 1 << 20    # a file of session ids; anything bigger is not ours
MAX_IDS = 10_000
MAX_ID = 1000          # characters of one session id


class Bookmarks:
    """A set of session ids saved to `path` (None: kept in memory only).

    A damaged file never stops the viewer: it is moved aside to `<name>.bad` (so the next save does
    not overwrite what a person may want back), `problem` says so, and bookmarking starts afresh."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.ids: set[str] = set()
        self.problem: str | None = None
        if path is not None and path.is_file():
            self._load(path)

    def _load(self, path: Path) -> None:
        try:
            if path.stat().st_size > MAX_BYTES:
                raise ValueError(f"larger than {MAX_BYTES >> 20} MB")
            self.ids = _ids(json.loads(path.read_text(encoding="utf-8")))
        except OSError as exc:
            self.problem = f"{path}: cannot read bookmarks ({exc.strerror or exc}); starting afresh"
        except (ValueError, RecursionError) as exc:   # UnicodeDecodeError and JSONDecodeError are ValueErrors
            self.problem = f"{path}: damaged bookmarks ({_reason(exc)}); {_set_aside(path)}; starting afresh"

    def __contains__(self, session_id: str) -> bool:
        return session_id in self.ids

    def toggle(self, session_id: str) -> bool:
        """Add or remove a bookmark; returns whether it is now bookmarked. Saves at once."""
        if session_id in self.ids:
            self.ids.discard(session_id)
        else:
            self.ids.add(session_id)
        self.save()
        return session_id in self.ids

    def save(self) -> None:
        """Write atomically (temporary file, then rename): never a half-written file."""
        if self.path is None:
            return
        from engine.errors import UserError
        from engine.fileio import write_atomic
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, json.dumps({"bookmarks": sorted(self.ids)}, indent=1).encode(), private=True)
        except (OSError, UserError) as exc:
            self.problem = f"{self.path}: cannot save bookmarks ({getattr(exc, 'what', None) or exc})"


def _ids(data: object) -> set[str]:
    """The session ids of a bookmarks document {"bookmarks": [id, ...]}; ValueError when it is not one."""
    ids = data.get("bookmarks", []) if isinstance(data, dict) else None
    if not isinstance(ids, list):
        raise ValueError('expected {"bookmarks": [session ids]}')
    if len(ids) > MAX_IDS:
        raise ValueError(f"{len(ids):,} bookmarks is above the limit of {MAX_IDS:,}")
    if not all(isinstance(i, (str, int)) and not isinstance(i, bool) and len(str(i)) <= MAX_ID for i in ids):
        raise ValueError("a bookmark that is not a session id")
    return {str(i) for i in ids}


def _reason(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text"
    return str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__


def _set_aside(path: Path) -> str:
    """Move a damaged file to <name>.bad (replacing an older one); says what happened."""
    bad = path.with_name(path.name + ".bad")
    try:
        os.replace(path, bad)
    except OSError as exc:
        return f"could not move it aside ({exc.strerror or exc})"
    return f"moved to {bad.name}"
