"""The viewer's side of presence: a client that runs its own asyncio loop on a thread of its own, so
that a frame never waits for the network. The render thread hands it poses and messages and takes
what arrived (already parsed) once a frame.

It reconnects on its own with backoff, trying each server it was given in turn, and says so in
`status`; a server restores the name and colour of someone who comes back (the welcome's token).
"""
from __future__ import annotations

import asyncio
import json
import queue
import random
import re
import threading
import time
from dataclasses import dataclass
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from engine.net import protocol as P

POSE_HZ = 10.0
BACKOFF_S = (0.5, 1.0, 2.0, 4.0, 8.0, 10.0)
FINAL = {P.CLOSE_ACCESS: "wrong access code", P.CLOSE_VERSION: "the server speaks another protocol version",
         P.CLOSE_REMOVED: "removed by an organizer"}


def parse_urls(text: str) -> list[str]:
    """ "ws://a:8765,ws://b:8765" -> the addresses; ValueError naming what is not one."""
    urls = [u.strip() for u in text.split(",") if u.strip()]
    for url in urls:
        if not re.fullmatch(r"wss?://[^\s/:]+(:\d{1,5})?(/\S*)?", url):
            raise ValueError(f"{url!r} is not a WebSocket address like ws://localhost:8765")
    if not urls:
        raise ValueError("no address given")
    return urls


@dataclass
class Status:
    state: str = "connecting"          # connecting | connected | reconnecting | offline
    retry_at: float = 0.0              # monotonic time of the next attempt while reconnecting
    reason: str = ""
    url: str = ""
    id: int = 0
    name: str = ""
    organizer: bool = False
    degraded: bool = False

    def text(self, now: float) -> str:
        if self.state == "connected":
            return "connected" + (" · other servers unreachable" if self.degraded else "")
        if self.state == "reconnecting":
            return f"reconnecting in {max(0, round(self.retry_at - now))} s" + (f" ({self.reason})" if self.reason
                                                                               else "")
        if self.state == "offline":
            return f"offline: {self.reason}"
        return "connecting..."


@dataclass
class ClientOptions:
    urls: list[str]
    name: str
    colour: str                        # "#rrggbb"
    access_code: str = ""
    organizer_code: str = ""


class PresenceClient:
    def __init__(self, options: ClientOptions) -> None:
        self.options = options
        self.status = Status()
        self.inbox: queue.SimpleQueue[dict[str, Any]] = queue.SimpleQueue()
        self._pose: tuple[float, float, float, bool] | None = None
        self._pose_lock = threading.Lock()
        self._seq = 0
        self._token = ""
        self._loop: asyncio.AbstractEventLoop | None = None
        self._outbox: asyncio.Queue[str] | None = None
        self._thread: threading.Thread | None = None
        self._running = False
        self._ws: ClientConnection | None = None
        self._closing: asyncio.Future | None = None

    # -- the render thread's side ------------------------------------------------------------------
    def start(self) -> None:
        self._running = True
        self._thread = threading.Thread(target=self._run_loop, name="presence", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._running = False
        loop = self._loop
        if loop is not None and loop.is_running():
            loop.call_soon_threadsafe(self._wake)
        if self._thread is not None:
            self._thread.join(timeout=3.0)

    def pose(self, x: float, z: float, heading: float, teleport: bool = False) -> None:
        """The latest pose; sent at most 10 times a second, only when it changed."""
        with self._pose_lock:
            keep_teleport = teleport or (self._pose is not None and self._pose[3])
            self._pose = (x, z, heading, keep_teleport)

    def send(self, message_type: str, **fields: Any) -> None:
        """A chat, reaction, lookup or organizer order; dropped while not connected."""
        loop, outbox = self._loop, self._outbox
        if loop is not None and outbox is not None and self.status.state == "connected":
            loop.call_soon_threadsafe(outbox.put_nowait, P.encode(message_type, **fields))

    def drain(self, limit: int = 1000) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        while len(out) < limit:
            try:
                out.append(self.inbox.get_nowait())
            except queue.Empty:
                break
        return out

    # -- the network thread --------------------------------------------------------------------
    def _run_loop(self) -> None:
        asyncio.run(self._main())

    def _wake(self) -> None:
        if self._ws is not None:
            self._closing = asyncio.ensure_future(self._ws.close())

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        attempt = 0
        index = 0
        while self._running:
            url = self.options.urls[index % len(self.options.urls)]
            self.status.url = url
            final = await self._session(url)
            if final or not self._running:
                break
            if self.status.state == "connected":
                attempt = 0
            delay = BACKOFF_S[min(attempt, len(BACKOFF_S) - 1)] * random.uniform(0.8, 1.2)
            attempt += 1
            index += 1                    # the next server, if there are several
            self.status.state, self.status.retry_at = "reconnecting", time.monotonic() + delay
            self.inbox.put({"t": "status"})
            await self._sleep(delay)

    async def _sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while self._running and time.monotonic() < end:
            await asyncio.sleep(0.05)

    async def _session(self, url: str) -> bool:
        """One connection, until it ends; True when trying again would not help."""
        try:
            async with connect(url, open_timeout=5, close_timeout=2, max_size=2**22, compression=None) as ws:
                self._ws = ws
                await self._hello(ws)
                await self._exchange(ws)
        except ConnectionClosed as exc:
            code = exc.rcvd.code if exc.rcvd is not None else 1006
            if code in FINAL:
                self._offline(FINAL[code])
                return True
            self.status.reason = exc.rcvd.reason if exc.rcvd is not None and exc.rcvd.reason else "connection lost"
        except InvalidURI as exc:
            self._offline(f"not a WebSocket address: {exc}")
            return True
        except (OSError, InvalidHandshake, TimeoutError, ValueError) as exc:
            self.status.reason = f"cannot reach {url}: {type(exc).__name__}"
        finally:
            self._ws = None
        return False

    def _offline(self, reason: str) -> None:
        self.status.state, self.status.reason = "offline", reason
        self.inbox.put({"t": "status"})

    async def _hello(self, ws: ClientConnection) -> None:
        o = self.options
        await ws.send(P.encode("hello", v=P.VERSION, name=o.name, colour=o.colour, access=o.access_code,
                               organizer=o.organizer_code, token=self._token))
        welcome = json.loads(await asyncio.wait_for(ws.recv(), 10))
        if welcome.get("t") != "welcome":
            raise ValueError("no welcome")
        self._token = str(welcome.get("token", ""))
        s = self.status
        s.state, s.reason, s.id, s.name = "connected", "", int(welcome["id"]), str(welcome["name"])
        s.organizer, s.degraded = bool(welcome.get("organizer")), bool(welcome.get("degraded"))
        self._outbox = asyncio.Queue()
        with self._pose_lock:
            if self._pose is not None:   # a fresh server has not heard where we are
                self._pose = (*self._pose[:3], True)
        self.inbox.put(welcome)

    async def _exchange(self, ws: ClientConnection) -> None:
        tasks = [asyncio.create_task(self._receive(ws)), asyncio.create_task(self._send_poses(ws)),
                 asyncio.create_task(self._send_outbox(ws))]
        try:
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                task.result()              # raises what ended it (ConnectionClosed, mostly)
        finally:
            for task in tasks:
                task.cancel()

    async def _receive(self, ws: ClientConnection) -> None:
        async for frame in ws:
            try:
                message = json.loads(frame)
            except ValueError:
                continue
            if isinstance(message, dict):
                if message.get("t") == "occupancy":
                    self.status.degraded = bool(message.get("degraded"))
                self.inbox.put(message)

    async def _send_poses(self, ws: ClientConnection) -> None:
        sent: tuple[float, float, float, bool] | None = None
        while self._running:
            with self._pose_lock:
                pose = self._pose
                if pose is not None and pose != sent:
                    self._pose = (*pose[:3], False)
            if pose is not None and pose != sent:
                self._seq += 1
                x, z, h, tp = pose
                await ws.send(P.encode("pose", seq=self._seq, x=round(x, 3), z=round(z, 3), h=round(h, 4), tp=tp))
                sent = (x, z, h, False)
            await asyncio.sleep(1.0 / POSE_HZ)
        await ws.close()

    async def _send_outbox(self, ws: ClientConnection) -> None:
        assert self._outbox is not None
        while True:
            await ws.send(await self._outbox.get())
