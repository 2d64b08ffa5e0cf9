"""'My agenda': the sessions a person bookmarked, kept in a small JSON file in their config folder."""
from __future__ import annotations

import json
from pathlib import Path


class Bookmarks:
    """A set of session ids saved to `path` (None: kept in memory only)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.ids: set[str] = set()
        self.problem: str | None = None
        if path is not None and path.is_file():
            self._load(path)

    def _load(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            ids = data.get("bookmarks", []) if isinstance(data, dict) else []
            self.ids = {str(i) for i in ids if isinstance(i, (str, int))}
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            # A damaged file must not stop the viewer: start empty and say so.
            self.problem = f"{path}: unreadable bookmarks ({exc.__class__.__name__}); starting afresh"

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
