"""Input is translated at the edge into named actions through one table, so keys can be remapped
and tests can drive the app with action names instead of pygame events."""
from __future__ import annotations

from dataclasses import dataclass

# action name -> (default keys as pygame key names, what it does, shown on the F1 overlay)
ACTIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "help": (("f1",), "show or hide this list of keys"),
    "go_to": (("g",), "go to a hall, booth, experience or place (type to filter)"),
    "toggle_minimap": (("m",), "minimap: click it to walk there"),
    "toggle_first_person": (("v",), "first-person or third-person view"),
    "reduced_motion": (("t",), "reduced motion: teleport instead of walking"),
    "agenda": (("tab",), "agenda: every session, searchable; Enter walks to its hall, Tab bookmarks"),
    "next_session": (("n",), "venue clock: jump to the next session's start"),
    "clock_faster": (("]",), "venue clock: faster (x1, x10, x60, x600)"),
    "clock_slower": (("[",), "venue clock: slower"),
    "clock_pause": (("p",), "venue clock: pause or run"),
    "join": (("j",), "go to the session you were just reminded of"),
    "toggle_plan": (("o",), "organizer: plan from above or orbit view"),
    "toggle_heatmap": (("h",), "organizer: walking-time heat map (click the plan to pick the start)"),
    "toggle_labels": (("l",), "organizer: labels with capacity and seats"),
    "reload": (("f5",), "reload the scene file and agenda now (they also reload when saved)"),
    "screenshot": (("f12",), "save a PNG screenshot in the current folder"),
    "toggle_fullscreen": (("f11",), "fullscreen on or off"),
    "toggle_stats": (("f3",), "frame time and draw calls"),
    "quit": (("escape",), "quit"),
    "toggle_camera": (("c",), "free camera (orbit / fly) or back to walking"),
    "frame_all": (("home", "f"), "frame the whole scene"),
    "move_forward": (("w", "up"), "walk / fly forward"),
    "move_back": (("s", "down"), "walk / fly back"),
    "move_left": (("a", "left"), "walk / fly left"),
    "move_right": (("d", "right"), "walk / fly right"),
    "move_up": (("e", "page up"), "fly up"),
    "move_down": (("q", "page down"), "fly down"),
    "run": (("left shift", "right shift"), "hold to run"),
}

# Mouse controls are fixed; listed on the help overlay beside the keys.
MOUSE_HELP = (
    ("double-click floor", "walk there along the shortest path"),
    ("left drag", "look around (orbit: rotate)"),
    ("right or middle drag", "orbit: pan"),
    ("wheel", "camera distance (fly: speed)"),
)

HELD_ACTIONS = frozenset({"move_forward", "move_back", "move_left", "move_right", "move_up",
                          "move_down", "run"})


@dataclass
class KeyMap:
    """pygame key name -> action name."""

    table: dict[str, str]

    @classmethod
    def default(cls) -> "KeyMap":
        return cls({key: action for action, (keys, _) in ACTIONS.items() for key in keys})

    def action_for(self, key_name: str) -> str | None:
        return self.table.get(key_name.lower())

    def keys_for(self, action: str) -> list[str]:
        return [k for k, a in self.table.items() if a == action]


def help_lines(keymap: KeyMap) -> list[tuple[str, str]]:
    """(keys, description) rows for the help overlay, in table order."""
    rows = [(" / ".join(k.upper() if len(k) <= 3 else k.title() for k in keymap.keys_for(action)), text)
            for action, (_, text) in ACTIONS.items() if keymap.keys_for(action)]
    return rows + [(m, text) for m, text in MOUSE_HELP]
