"""Pieces several test files share: the test data folder and small scene files written by the tests.

Test files import from here (and from `scenes`, the in-code scene builders), never from each other.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from engine.app.keymap import KeyMap
from engine.ui.layout import Placed, Rect, layout
from engine.ui.widgets import Toasts

DATA = Path(__file__).resolve().parent / "data"


def data_file(name: str) -> Path:
    """A file of tests/data (sources and licences in tests/data/README.md); missing is a failure, never a skip."""
    path = DATA / name
    assert path.is_file(), f"test data file {path} is missing: tests/data/README.md lists what belongs there"
    return path


# ------------------------------------------------------------------------------------------ scene files
# One hall on a small plaza: the smallest scene file that opens cleanly.
MINI = """\
[venue]
name = "Mini"
[venue.origin]
lat = 31.33
lon = 121.22

[plaza]
id = "plaza"
polygon = [[-20, -10], [20, -10], [20, 10], [-20, 10]]

[spawn]
at = [0, 1.6, 5]
look_at = [0, 1.6, -10]

[[halls]]
id = "hall-a"
name = "Hall A"
kind = "subforum"
center = [0, -20]
size = [20, 20]
capacity = 100
seating = { rows = 10, per_row = 16 }
stage = { depth = 4 }
doors = [{ wall = "south", offset = 0, width = 3 }]
"""

TWO_HALLS = """\
[venue]
name = "Two halls"
{agenda}
[venue.origin]
lat = 31.33
lon = 121.22

[plaza]
id = "plaza"
polygon = [[-22, -10], [22, -10], [22, 10], [-22, 10]]

[spawn]
at = [0, 1.6, 5]
look_at = [0, 1.6, -10]

[[halls]]
id = "hall-a"
name = "Hall A"
kind = "subforum"
theme = "digital humans"
center = [-10, -20]
size = [18, 20]
capacity = {capacity_a}
seating = {{ rows = 10, per_row = 16 }}
stage = {{ depth = 4 }}
doors = [{{ wall = "south", offset = 0, width = 3 }}]

[[halls]]
id = "hall-b"
name = "Hall B"
kind = "subforum"
theme = "games"
center = [10, -20]
size = [18, 20]
capacity = 120
seating = {{ rows = 8, per_row = 16 }}
stage = {{ depth = 4 }}
doors = [{{ wall = "south", offset = 0, width = 3 }}]
"""

# 10:00-11:00 and 10:30-11:30 clash in Hall A; 11:30-14:00 is a gap; "Room X" is no hall.
AGENDA_ICS = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//anting-venue tests//EN
{events}END:VCALENDAR
"""
EVENTS = [
    ("a1", "20230920T020000Z", "20230920T030000Z", "Opening talk", "Hall A"),
    ("a2", "20230920T023000Z", "20230920T033000Z", "Clashing panel", "hall-a"),
    ("a3", "20230920T060000Z", "20230920T070000Z", "Afternoon session", "Hall A"),
    ("b1", "20230920T020000Z", "20230920T030000Z", "Games keynote", "Hall B"),
    ("x1", "20230921T020000Z", "20230921T030000Z", "Lost session", "Room X"),
]


def ics_text() -> str:
    events = "".join(f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20230901T000000Z\r\nDTSTART:{a}\r\nDTEND:{b}\r\n"
                     f"SUMMARY:{title}\r\nLOCATION:{room}\r\nEND:VEVENT\r\n"
                     for uid, a, b, title, room in EVENTS)
    return AGENDA_ICS.format(events=events).replace("\n", "\r\n").replace("\r\r\n", "\r\n")


def two_halls(tmp_path: Path) -> Path:
    """A clean two-hall scene with no agenda."""
    p = tmp_path / "two.toml"
    p.write_text(TWO_HALLS.format(agenda="", capacity_a=160), encoding="utf-8")
    return p


def broken(tmp_path: Path) -> Path:
    """Hall A's capacity above its seats, an agenda with a clash and a session in an unknown room."""
    (tmp_path / "agenda.ics").write_text(ics_text(), encoding="utf-8", newline="")
    p = tmp_path / "broken.toml"
    p.write_text(TWO_HALLS.format(agenda='agenda = "agenda.ics"', capacity_a=400), encoding="utf-8")
    return p


# ------------------------------------------------------------------------------------------ the viewer
class FakeServices:
    """What modes need of a viewer, without a window or GL: time moves only when told, pictures are
    flat grey, and HUD widgets are laid out as the viewer would."""

    def __init__(self, venue, size: tuple[int, int] = (640, 360)) -> None:
        self.venue = venue
        self.toasts = Toasts()
        self.keymap = KeyMap.default()
        self.now = 0.0
        self.clock = lambda: self.now
        self._size = size
        self.placed: list[Placed] = []
        self.running = True
        self.help_visible = False

    @property
    def size(self) -> tuple[int, int]:
        return self._size

    def set_venue(self, venue) -> None:
        self.venue = venue

    def render_image(self, scene, camera, size) -> np.ndarray:
        return np.full((size[1], size[0], 4), 128, np.uint8)

    def lay_out(self, mode) -> list[Placed]:
        """Place the mode's widgets as the viewer does each frame (for hit tests)."""
        self.placed = layout(mode.widgets(self._size), self._size)
        return self.placed

    def hud_rect(self, key: str) -> Rect | None:
        return next((p.rect for p in self.placed if p.widget.key == key), None)

    def hide_help(self) -> None:
        self.help_visible = False

    def quit(self) -> None:
        self.running = False
