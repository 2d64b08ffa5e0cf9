"""The presence server: WebSocket connections in, one batched update per client per tick out.

Each connection says hello (name, colour, codes), gets an id and a token from the server, then sends
its pose up to 10 times a second, chat, reactions and lookups. A tick (30 a second by default) sends
each client the changes in its areas of interest; once a second everyone gets the hall occupancy.
Other servers of the same venue are reached through the broker (engine.net.broker).
"""
from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from engine.i18n.search import SearchIndex
from engine.net import protocol as P
from engine.net.areas import AreaMap
from engine.net.broker import Broker, LocalBroker
from engine.net.fanout import fan_out
from engine.net.limits import TELEPORT_EVERY_S, Limits, capped_step
from engine.net.presence import Presence, Watcher
from engine.net.remote import RemoteState

log = logging.getLogger("anting.presence")

HELLO_TIMEOUT_S = 10.0
KEEP_EVERY_S = 1
QUIET_AFTER_S = 3.5      # other servers' people not heard of for this long are gone (their server died)
FLUSH_S = 0.02
WHO_LIMIT = 50
ROSTER_LIMIT = 5000


@dataclass
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8765
    access_code: str = ""
    organizer_code: str = ""
    max_clients: int = 5000
    tick_hz: float = 30.0


@dataclass
class Client:
    ws: ServerConnection
    id: int
    name: str
    colour: str
    organizer: bool
    token: str
    watcher: Watcher
    limits: Limits = field(default_factory=Limits)
    seq: int = -1
    pose_at: float = 0.0
    teleport_at: float = -1e9
    placed: bool = False
    muted: bool = False

    def send(self, frame: str) -> None:
        """Queue a frame without waiting: a client that stops reading is closed, never waited on."""
        fan_out([self.ws], frame)


class PresenceServer:
    def __init__(self, areas: AreaMap, options: ServeOptions, broker: Broker) -> None:
        self.areas = areas
        self.options = options
        self.broker = broker
        self.presence = Presence(areas, broker.server)
        self.remote = RemoteState(self.presence, broker.server)
        self.clients: dict[int, Client] = {}
        self.was: dict[int, set[str]] = {}          # areas each local person left since the last keep
        self._watched: set[str] = set()
        self._stopping = False
        self._tasks: set[asyncio.Future] = set()   # fire-and-forget publishes, held until done
        self._dirty: dict[str, set[int]] = {}         # area -> this server's people who changed there
        self.watching: dict[str, set[int]] = {}       # area -> this server's clients who see it

    # -- connections -------------------------------------------------------------------------
    async def handle(self, ws: ServerConnection) -> None:
        client = None
        try:
            client = await self._greet(ws)
            if client is None:
                return
            async for frame in ws:
                self._on_frame(client, frame)
        except P.ProtocolError as exc:
            who = f"client {client.id}" if client else "a new connection"
            log.info("closing %s: %s (%d)", who, exc.reason, exc.code)
            await _close(ws, exc.code, exc.reason)
        except ConnectionClosed:
            pass
        finally:
            if client is not None:
                await self._leave(client)

    async def _greet(self, ws: ServerConnection) -> Client | None:
        try:
            first = await asyncio.wait_for(ws.recv(), HELLO_TIMEOUT_S)
        except TimeoutError:
            raise P.ProtocolError(P.CLOSE_ORDER, "no hello within 10 s") from None
        hello = P.parse(first)
        if not isinstance(hello, P.Hello):
            raise P.ProtocolError(P.CLOSE_ORDER, "the first message must be hello")
        if self.options.access_code and not _same(hello.access_code, self.options.access_code):
            raise P.ProtocolError(P.CLOSE_ACCESS, "wrong access code")
        if len(self.clients) >= self.options.max_clients:
            raise P.ProtocolError(P.CLOSE_FULL, "the venue is full: try again later")
        return await self._admit(ws, hello)

    async def _admit(self, ws: ServerConnection, hello: P.Hello) -> Client:
        name, colour = hello.name, hello.colour
        restored = await self.broker.load_token(hello.token) if hello.token else None
        if restored is not None:
            name, colour = restored
        pid = await self.broker.next_id()
        token = hello.token if restored is not None else secrets.token_urlsafe(18)
        name = await self.broker.claim_name(name, token)
        await self.broker.save_token(token, name, colour)
        organizer = bool(self.options.organizer_code) and _same(hello.organizer_code, self.options.organizer_code)
        client = Client(ws, pid, name, colour, organizer, token, Watcher(pid))
        self.clients[pid] = client
        client.send(P.encode("welcome", v=P.VERSION, id=pid, name=name, colour=colour, token=token,
                             organizer=organizer, tick_hz=self.options.tick_hz, degraded=self.broker.degraded,
                             halls=self.areas.hall_ids))
        log.info("client %d joined as %r%s", pid, name, " (organizer)" if organizer else "")
        return client

    async def _leave(self, client: Client) -> None:
        self.clients.pop(client.id, None)
        self._watch_areas(client, frozenset())
        person = self.presence.remove(client.id)
        area = person.area if person else None
        await self.broker.release_name(client.name, client.token)
        await self.broker.drop(client.id, area)
        if area is not None:
            await self.broker.publish(area, {"k": "gone", "id": client.id})
        log.info("client %d left", client.id)

    # -- frames ------------------------------------------------------------------------------
    def _on_frame(self, client: Client, frame: str | bytes) -> None:
        if not client.limits.frames.take():
            raise P.ProtocolError(P.CLOSE_FLOOD, "too many messages")
        message = P.parse(frame)
        if isinstance(message, P.Pose):
            self._pose(client, message)
        elif isinstance(message, P.Chat):
            self._chat(client, message)
        elif isinstance(message, P.React):
            if client.placed and client.limits.reactions.take():
                self.presence.react(client.id, message.kind)
                person = self.presence.people[client.id]
                self._spawn(self.broker.publish(person.area, {"k": "react", "id": client.id, "kind": message.kind,
                                                              "area": person.area}))
        elif isinstance(message, P.Organize):
            self._organize(client, message)
        elif isinstance(message, (P.Who, P.Locate)):
            if client.limits.lookups.take():
                self._lookup(client, message)
        else:
            raise P.ProtocolError(P.CLOSE_ORDER, "hello was already said")

    def _pose(self, client: Client, pose: P.Pose) -> None:
        if pose.seq <= client.seq:
            raise P.ProtocolError(P.CLOSE_ORDER, f"pose {pose.seq} after pose {client.seq}")
        client.seq = pose.seq
        if not client.limits.poses.take():
            return                          # more than 10 a second: the extra ones are dropped
        if not self.areas.inside(pose.x, pose.z):
            raise P.ProtocolError(P.CLOSE_MALFORMED, "pose outside the venue")
        now = time.monotonic()
        x, z = pose.x, pose.z
        person = self.presence.people.get(client.id)
        if person is not None and not (pose.teleport and now - client.teleport_at >= TELEPORT_EVERY_S):
            x, z = capped_step(person.x, person.z, x, z, now - client.pose_at)
        elif pose.teleport:
            client.teleport_at = now
        client.pose_at = now
        before = person.area if person else None
        person = self.presence.place(client.id, client.name, client.colour, x, z, pose.heading,
                                     self.broker.server, now)
        client.placed = True
        self._dirty.setdefault(person.area, set()).add(client.id)
        if person.area != before:
            if before is not None:
                self._dirty.setdefault(before, set()).add(client.id)
            if before is not None:
                self.was.setdefault(client.id, set()).add(before)
            self._watch_areas(client, self.areas.interest(person.area))

    def _watch_areas(self, client: Client, interest: frozenset[str]) -> None:
        for area in client.watcher.interest - interest:
            self.watching[area].discard(client.id)
        for area in interest - client.watcher.interest:
            self.watching.setdefault(area, set()).add(client.id)
        client.watcher.interest, client.watcher.stale = interest, True

    def _chat(self, client: Client, chat: P.Chat) -> None:
        if client.muted:
            client.send(P.encode("notice", text="An organizer has muted your chat."))
            return
        if not client.limits.chat.take():
            client.send(P.encode("notice", text="Chat: one message a second, please."))
            return
        person = self.presence.people.get(client.id)
        area = person.area if person else None
        message = {"k": "chat", "id": client.id, "name": client.name, "scope": chat.scope, "area": area,
                   "text": chat.text, "at": time.time()}
        self.deliver_chat(message)
        self._spawn(self.broker.publish(area if chat.scope == "here" else None, message))

    def deliver_chat(self, m: dict[str, Any]) -> None:
        """To this server's clients who should read it: everyone, or those who see its area."""
        frame = P.encode("chat", id=m["id"], name=m["name"], scope=m["scope"], area=m["area"], text=m["text"],
                         at=m["at"])
        if m["scope"] == "venue":
            ids = set(self.clients)
        else:
            ids = self.watching.get(m["area"], set()) | ({m["id"]} & self.clients.keys())
        fan_out([self.clients[i].ws for i in ids if i in self.clients], frame)

    def _organize(self, client: Client, order: P.Organize) -> None:
        if not client.organizer:
            client.send(P.encode("notice", text="Only organizers can do that."))
            return
        message = {"k": "org", "action": order.action, "target": order.target, "text": order.text, "by": client.name}
        self.apply_order(message)
        self._spawn(self.broker.publish(None, message))
        client.send(P.encode("notice", text=f"Done: {order.action}"))

    def apply_order(self, m: dict[str, Any]) -> None:
        if m["action"] == "announce":
            frame = P.encode("announce", text=m["text"], by=m["by"], at=time.time())
            fan_out([c.ws for c in self.clients.values()], frame)
            return
        target = self.clients.get(int(m["target"]))
        if target is None:
            return                          # someone on another server: that server acts
        if m["action"] in ("mute", "unmute"):
            target.muted = m["action"] == "mute"
            target.send(P.encode("notice", text="An organizer has muted your chat." if target.muted
                                 else "Your chat is open again."))
        else:
            log.info("client %d removed by an organizer", target.id)
            self._spawn(target.ws.close(P.CLOSE_REMOVED, "removed by an organizer"))

    def _lookup(self, client: Client, message: P.Who | P.Locate) -> None:
        roster = self.remote.roster(self.local_records())
        if isinstance(message, P.Who):
            # Names match as people type them: Chinese, full pinyin or its initials, any case; best first.
            # Organizers see the whole roster; attendees the first matches.
            found = SearchIndex(roster, lambda r: (r["name"],)).search(
                message.query, ROSTER_LIMIT if client.organizer else WHO_LIMIT)
            client.send(P.encode("who", q=message.query, people=found))
        else:
            hit = next((r for r in roster if r["id"] == message.target), None)
            client.send(P.encode("located", id=message.target, person=hit))

    # -- ticks -------------------------------------------------------------------------------------
    async def ticks(self) -> None:
        period = 1.0 / self.options.tick_hz
        next_at = time.monotonic()
        while not self._stopping:
            await self.tick()
            next_at += period
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))
            if time.monotonic() - next_at > 1.0:
                next_at = time.monotonic()   # fell far behind (a stall): start the rhythm again

    async def tick(self) -> None:
        ts = int(time.monotonic() * 1000)      # the tick's time: clients space the moves by it, not by arrival
        placed = [c.watcher for c in self.clients.values() if c.placed]
        for frame, watchers in self.presence.tick_frames(placed, ts):
            # One frame, encoded and framed once, for everyone with the same view.
            fan_out([self.clients[w.id].ws for w in watchers if w.id in self.clients], frame)
        self.presence.end_tick()
        await self._watch()

    async def flushes(self) -> None:
        """Other servers hear of this server's moves more often than clients get their ticks, so that
        a move crossing servers waits for one tick, not two."""
        while not self._stopping:
            await asyncio.sleep(FLUSH_S)
            await self._publish_changes()

    async def _publish_changes(self) -> None:
        """This server's people who changed, to the watchers of each area they were in or went to."""
        dirty, self._dirty = self._dirty, {}
        for area, ids in dirty.items():
            records = [record(p) for pid in ids if (p := self.presence.people.get(pid)) is not None]
            if records:
                await self.broker.publish(area, {"k": "people", "area": area, "people": records})

    async def _watch(self) -> None:
        wanted = set().union(*(c.watcher.interest for c in self.clients.values())) if self.clients else set()
        if wanted != self._watched:
            self._watched = wanted
            self.remote.apply_records(await self.broker.watch(wanted), time.monotonic(), wanted)

    async def seconds(self) -> None:
        """Once a second: occupancy to everyone; every two: roster and name keep-alives, other
        servers' quiet people dropped."""
        count = 0
        while not self._stopping:
            await asyncio.sleep(1.0)
            count += 1
            now = time.monotonic()
            own = self.presence.hall_counts(self.broker.server)
            await self.broker.publish(None, {"k": "counts", "counts": own, "n": len(self.clients)})
            halls, total = self.remote.occupancy(own, len(self.clients), now)
            frame = P.encode("occupancy", halls=halls, total=total, degraded=self.broker.degraded)
            fan_out([c.ws for c in self.clients.values()], frame)
            if count % KEEP_EVERY_S == 0:
                await self._keep(now)

    async def _keep(self, now: float) -> None:
        records = self.local_records()
        for r in records:
            r["was"] = sorted(self.was.pop(r["id"], set()))
        await self.broker.keep(records, {c.name: c.token for c in self.clients.values()})
        await self.broker.publish(None, {"k": "roster", "people": [{k: r[k] for k in ("id", "name", "colour",
                                                                                         "x", "z", "area")}
                                                                    for r in records]})
        for area in {r["area"] for r in records}:
            await self.broker.publish(area, {"k": "people", "area": area,
                                             "people": [r for r in records if r["area"] == area]})
        self.presence.forget_quiet(now, QUIET_AFTER_S)

    def local_records(self) -> list[dict[str, Any]]:
        return [record(self.presence.people[c.id]) for c in self.clients.values() if c.id in self.presence.people]

    # -- the broker's messages ----------------------------------------------------------------
    def on_broker(self, m: dict[str, Any]) -> None:
        kind = m.get("k")
        try:
            if kind == "people":
                self.remote.apply_records(m["people"], time.monotonic(), self._watched)
            elif kind == "gone":
                self.presence.remove(int(m["id"]))
            elif kind == "react" and m.get("area") in self._watched:
                self.presence.reactions[m["area"]].append((int(m["id"]), str(m["kind"])))
            elif kind == "chat":
                self.deliver_chat(m)
            elif kind == "org":
                self.apply_order(m)
            elif kind in ("counts", "roster"):
                self.remote.note(m, time.monotonic())
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("ignored a malformed message from server %s: %s", m.get("s"), exc)

    # -- running ---------------------------------------------------------------------------------
    async def run(self, ready: Callable[[str], None], stop: asyncio.Event) -> None:
        await self.broker.start(self.on_broker)
        async with serve(self.handle, self.options.host, self.options.port, max_size=P.MAX_FRAME,
                         compression=None, max_queue=32, ping_interval=20, ping_timeout=20,
                         close_timeout=3) as server:
            port = next(iter(server.sockets)).getsockname()[1]
            ready(f"ws://{self.options.host}:{port}")
            tasks = [asyncio.create_task(self.ticks()), asyncio.create_task(self.seconds())]
            if not isinstance(self.broker, LocalBroker):   # alone, there is nobody to tell
                tasks.append(asyncio.create_task(self.flushes()))
            await stop.wait()
            self._stopping = True
            for task in tasks:
                task.cancel()
            for c in list(self.clients.values()):
                await c.ws.close(P.CLOSE_GOING_AWAY, "the server is stopping")
        await self.broker.close()

    def _spawn(self, coroutine: Any) -> None:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


async def _close(ws: ServerConnection, code: int, reason: str) -> None:
    """Close, reading and dropping what the client still sends meanwhile: frames left unread would
    stop the server from reading the client's answer to the close (a flood leaves many)."""
    closing = asyncio.create_task(ws.close(code, reason))
    with contextlib.suppress(ConnectionClosed):
        async for _ in ws:
            pass
    await closing


def record(p: Any) -> dict[str, Any]:
    return {"id": p.id, "name": p.name, "colour": p.colour, "x": round(p.x, 2), "z": round(p.z, 2),
            "h": round(p.heading, 3), "area": p.area, "v": p.version}


def _same(given: str, expected: str) -> bool:
    """Compared in constant time, so timing tells nothing about the code."""
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass"))
