"""The engine's own input events: what the app sees of a keyboard, a pointer and a window.

The window turns pygame's events into these at the edge, so modes, tests and scripted runs never
touch pygame. Key names are pygame's lower-case names ("w", "left shift", "f1", "return").
"""
from __future__ import annotations

from dataclasses import dataclass, field

MODIFIERS = ("ctrl", "shift", "alt")


@dataclass(frozen=True)
class KeyEvent:
    key: str                                   # "w", "escape", "page up"
    down: bool
    mods: frozenset[str] = field(default_factory=frozenset)   # of MODIFIERS
    text: str = ""                             # what the key would type, if anything


@dataclass(frozen=True)
class TextEvent:
    """Typed text, after the keyboard layout and any input method (one character or a whole word)."""

    text: str


@dataclass(frozen=True)
class TextEditEvent:
    """What an input method is composing and has not committed yet (pinyin before it becomes 主论坛):
    the whole composition each time it changes, "" when it is cancelled. `start` and `length` are the
    cursor and the selection inside it, in characters. A TextEvent with the committed text follows."""

    text: str
    start: int = 0
    length: int = 0


@dataclass(frozen=True)
class PointerEvent:
    kind: str                                  # "down", "up" or "move"
    pos: tuple[int, int]
    button: int = 0                            # 1 left, 2 middle, 3 right; 0 for a move
    rel: tuple[int, int] = (0, 0)              # motion since the last move event


@dataclass(frozen=True)
class WheelEvent:
    steps: float                               # positive: away from the user (zoom in)


@dataclass(frozen=True)
class ResizeEvent:
    size: tuple[int, int]                      # the drawable size in pixels


@dataclass(frozen=True)
class QuitEvent:
    pass


Event = KeyEvent | TextEvent | TextEditEvent | PointerEvent | WheelEvent | ResizeEvent | QuitEvent
