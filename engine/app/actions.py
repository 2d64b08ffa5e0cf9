"""Input is translated at the edge into named actions through one table, so keys can be remapped
and tests can drive the app with action names instead of pygame events."""
from __future__ import annotations

from dataclasses import dataclass

# action name -> (default keys as pygame key names, what it does on the F1 overlay, section there)
ACTIONS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "move_forward": (("w", "up"), "walk (fly) forward", "move"),
    "move_back": (("s", "down"), "walk (fly) back", "move"),
    "move_left": (("a", "left"), "walk (fly) left", "move"),
    "move_right": (("d", "right"), "walk (fly) right", "move"),
    "run": (("left shift", "right shift"), "hold to run", "move"),
    "move_up": (("e", "page up"), "fly up", "fly"),
    "move_down": (("q", "page down"), "fly down", "fly"),
    "go_to": (("g",), "go to a hall, booth, experience or place", "places"),
    "toggle_minimap": (("m",), "minimap: click it to walk there", "places"),
    "toggle_first_person": (("v",), "first-person or third-person view", "places"),
    "reduced_motion": (("t",), "reduced motion: teleport instead of walking", "places"),
    "toggle_camera": (("c",), "free camera, or back to walking", "places"),
    "agenda": (("tab",), "agenda: search; Enter goes there, Tab bookmarks", "agenda"),
    "join": (("j",), "go to the session you were reminded of", "agenda"),
    "next_session": (("n",), "clock: jump to the next session", "agenda"),
    "clock_faster": (("]",), "clock: faster (x1, x10, x60, x600)", "agenda"),
    "clock_slower": (("[",), "clock: slower", "agenda"),
    "clock_pause": (("p",), "clock: pause or run", "agenda"),
    "toggle_plan": (("o",), "plan from above, or orbit view", "organizer"),
    "toggle_heatmap": (("h",), "walking-time heat map (click to pick the start)", "organizer"),
    "toggle_labels": (("l",), "labels with capacity and seats", "organizer"),
    "reload": (("f5",), "reload the scene and agenda (also when saved)", "organizer"),
    "frame_all": (("home", "f"), "frame the whole scene", "view"),
    "help": (("f1",), "show or hide this list", "general"),
    "screenshot": (("f12",), "save a PNG screenshot in the current folder", "general"),
    "toggle_fullscreen": (("f11",), "fullscreen on or off", "general"),
    "toggle_stats": (("f3",), "frame time and draw calls", "general"),
    "quit": (("escape",), "quit", "general"),
}

SECTION_TITLES = {"move": "Walking", "fly": "Fly camera", "places": "Getting places", "agenda": "Sessions",
                  "organizer": "Organizer", "view": "View", "general": "General", "mouse": "Mouse"}

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
    def default(cls) -> KeyMap:
        return cls({key: action for action, (keys, _, _) in ACTIONS.items() for key in keys})

    def action_for(self, key_name: str) -> str | None:
        return self.table.get(key_name.lower())

    def keys_for(self, action: str) -> list[str]:
        return [k for k, a in self.table.items() if a == action]


def key_label(key: str) -> str:
    """How a pygame key name reads on the overlay: "W", "Page Up", "F1", "Tab"."""
    return key.upper() if len(key) == 1 or (key[0] == "f" and key[1:].isdigit()) else key.title()


def help_lines(keymap: KeyMap, sections: tuple[str, ...] | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """(section title, [(keys, description)]) for the help overlay, in table order, limited to
    `sections` (all when None); mouse controls come last."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    for action, (_, text, section) in ACTIONS.items():
        keys = keymap.keys_for(action)
        if keys and (sections is None or section in sections):
            # "left shift" and "right shift" read as one "Shift".
            names = dict.fromkeys(key_label(k.removeprefix("left ").removeprefix("right ")) for k in keys)
            grouped.setdefault(section, []).append((" / ".join(names), text))
    out = [(SECTION_TITLES[name], rows) for name, rows in grouped.items()]
    return out + [(SECTION_TITLES["mouse"], list(MOUSE_HELP))]
