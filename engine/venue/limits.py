"""What a scene file may hold: the limits every value is checked against before anything is built.

Beyond these a scene is a mistake (or an attack), not a venue: each limit keeps opening a scene within
seconds and a few hundred megabytes. README.md lists them for people writing scene files.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

MAX_FILE_BYTES = 4 << 20      # the scene file itself
MAX_COORD = 5000.0            # metres from the origin: the venue fits a 10 km square
MAX_DEPTH = 6                 # tables and lists inside each other (the file needs 5: halls[].doors[].{...})
MAX_NUMBER = 10**9            # any integer; real values are far smaller, and this one still fits a float
MAX_NAME = 200                # characters of a name, id, kind or path
MAX_DESCRIPTION = 2000        # characters of a description or its Chinese (the only texts that may hold line breaks)
MAX_LIST = 10_000             # items in any one list (the specific limits below are smaller)
MAX_HALLS = 64
MAX_BOOTHS = 500
MAX_EXPERIENCES = 1000
MAX_WAYPOINTS = 2000
MAX_WALKWAYS = 200
MAX_WALKWAY_POINTS = 500      # points of one walkway
MAX_POLYGON_POINTS = 2000     # points of the plaza's outline
MAX_TREES = 5000              # single trees and trees in rows, together
MAX_SEATS_PER_HALL = 5000
MAX_ROOMS = 500               # entries of [room_map]

# Line breaks and tabs are fine in a description (signs wrap its words); nowhere else.
_SPACES_IN_DESCRIPTIONS = {"\n", "\t"}
DESCRIPTION_KEYS = ("description", "description_zh")


def bad_character(text: str, key: str) -> str | None:
    """A description of the first character `text` must not hold (a control character, a line or
    paragraph separator, a lone surrogate), or None. Signs, labels and terminals cannot show them."""
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp"):
            if key in DESCRIPTION_KEYS and ch in _SPACES_IN_DESCRIPTIONS:
                continue
            return f"a control character (U+{ord(ch):04X})"
    return None


def _items(value: Any, keypath: str) -> Iterator[tuple[str, str, Any]]:
    """(key path, key, value) of each child of a table or list."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield (f"{keypath}.{k}" if keypath else str(k)), str(k), v
    else:
        for i, v in enumerate(value):
            yield f"{keypath}[{i}]", "", v


def document_problem(doc: dict[str, Any]) -> tuple[str, str] | None:
    """(key path, what is wrong) of the first value beyond the limits above, or None.

    Walks the whole parsed document without recursion, so neither the depth nor the size of a
    hostile file can overflow the stack; the readers that follow can then convert numbers and draw
    texts without meeting a 400-digit integer or a line break in a sign."""
    stack: list[tuple[str, str, Any, int]] = [("", "", doc, 0)]
    while stack:
        keypath, key, value, depth = stack.pop()
        if isinstance(value, (dict, list)):
            if depth >= MAX_DEPTH:
                return keypath, f"nested more than {MAX_DEPTH} levels deep; no scene key nests that deep"
            if len(value) > MAX_LIST:
                return keypath, f"{len(value)} items is above the limit of {MAX_LIST:,}"
            for child_path, child_key, child in _items(value, keypath):
                if isinstance(value, dict) and (len(child_key) > MAX_NAME or bad_character(child_key, "")):
                    return keypath or "(top level)", "a key that is too long or holds a control character"
                stack.append((child_path, child_key or key, child, depth + 1))
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
            # str() of an int past 4,300 digits is itself refused: estimate those from the bits.
            digits = len(str(abs(value))) if value.bit_length() < 14_000 else int(value.bit_length() * 0.30103) + 1
            return keypath, f"a number of about {digits} digits is too large (at most {MAX_NUMBER:,} either way)"
        elif isinstance(value, str):
            limit = MAX_DESCRIPTION if key in DESCRIPTION_KEYS else MAX_NAME
            if len(value) > limit:
                return keypath, f"{len(value):,} characters is above the limit of {limit:,}"
            bad = bad_character(value, key)
            if bad:
                return keypath, f"holds {bad}: write it on one line without control characters"
    return None
