"""How servers form one venue. Alone, a server needs nothing (LocalBroker); scaled out, servers share
ids, names, returning people, area traffic and counts through Redis (RedisBroker):

- pub/sub per area of interest (`<prefix>:a:<area>`), one channel for the whole venue (`<prefix>:all`);
- roster entries with a TTL (`<prefix>:p:<id>`, indexed by area in `<prefix>:in:<area>`), so a new
  watcher of an area learns who is there at once, and a crashed server's people expire;
- name reservations with a TTL, returning-person tokens, and an id counter.

If Redis goes away, the server keeps serving its own clients ("degraded"), and rejoins when Redis is
back: it subscribes again and re-registers its people.
"""
from __future__ import annotations

import asyncio
import itertools
import json
import logging
import secrets
from collections.abc import Callable, Iterable
from typing import Any, Protocol

log = logging.getLogger("anting.presence")

ROSTER_TTL_S = 10
NAME_TTL_S = 30
TOKEN_TTL_S = 24 * 3600
RETRY_S = 2.0

OnMessage = Callable[[dict[str, Any]], None]


class Broker(Protocol):
    server: str
    degraded: bool

    async def start(self, on_message: OnMessage) -> None: ...

    async def close(self) -> None: ...

    async def next_id(self) -> int: ...

    async def claim_name(self, name: str, owner: str) -> str:
        """The name, or the first free "name 2", "name 3"...; a name already held by the same owner
        (someone coming back with their token) is theirs again."""
        ...

    async def release_name(self, name: str, owner: str) -> None: ...

    async def save_token(self, token: str, name: str, colour: str) -> None: ...

    async def load_token(self, token: str) -> tuple[str, str] | None: ...

    async def watch(self, areas: set[str]) -> list[dict[str, Any]]:
        """Subscribe to exactly these areas; returns who is already in the newly watched ones."""
        ...

    async def publish(self, area: str | None, message: dict[str, Any]) -> None:
        """To an area's watchers on other servers, or (None) to the whole venue."""
        ...

    async def keep(self, records: list[dict[str, Any]], names: dict[str, str]) -> None:
        """Refresh this server's roster entries and name reservations (name -> owner; their TTLs run
        out otherwise)."""
        ...

    async def drop(self, pid: int, area: str | None) -> None:
        """Someone left the venue: their roster entry goes at once."""
        ...


class LocalBroker:
    """One process holds everything: ids, names and tokens in memory; no other servers to tell."""

    def __init__(self) -> None:
        self.server = "local"
        self.degraded = False
        self._ids = itertools.count(1)
        self._names: dict[str, str] = {}
        self._tokens: dict[str, tuple[str, str]] = {}

    async def start(self, on_message: OnMessage) -> None:
        pass

    async def close(self) -> None:
        pass

    async def next_id(self) -> int:
        return next(self._ids)

    async def claim_name(self, name: str, owner: str) -> str:
        for candidate in name_candidates(name):
            if self._names.setdefault(candidate.casefold(), owner) == owner:
                return candidate
        raise AssertionError("unreachable: name_candidates is endless")

    async def release_name(self, name: str, owner: str) -> None:
        if self._names.get(name.casefold()) == owner:
            del self._names[name.casefold()]

    async def save_token(self, token: str, name: str, colour: str) -> None:
        self._tokens[token] = (name, colour)

    async def load_token(self, token: str) -> tuple[str, str] | None:
        return self._tokens.get(token)

    async def watch(self, areas: set[str]) -> list[dict[str, Any]]:
        return []

    async def publish(self, area: str | None, message: dict[str, Any]) -> None:
        pass

    async def keep(self, records: list[dict[str, Any]], names: dict[str, str]) -> None:
        pass

    async def drop(self, pid: int, area: str | None) -> None:
        pass


def name_candidates(name: str) -> Iterable[str]:
    """The name, then "name 2", "name 3"... cut so that each stays within 32 characters."""
    yield name
    for k in itertools.count(2):
        suffix = f" {k}"
        yield name[:32 - len(suffix)].rstrip() + suffix


class RedisBroker:
    def __init__(self, url: str, prefix: str = "anting") -> None:
        self.url = url
        self.prefix = prefix
        self.server = "s-" + secrets.token_hex(4)
        self.degraded = False
        self._redis: Any = None
        self._pubsub: Any = None
        self._reader: asyncio.Task | None = None
        self._on_message: OnMessage = lambda m: None
        self._watched: set[str] = set()
        self._ids = itertools.count(1)
        self._retry: asyncio.Task | None = None

    # -- connection ------------------------------------------------------------------------
    async def start(self, on_message: OnMessage) -> None:
        """Connect and listen; a Redis that cannot be reached is an error here (at start-up), and
        only a reason to run degraded later."""
        import redis.asyncio as aioredis
        self._on_message = on_message
        self._redis = aioredis.from_url(self.url, decode_responses=True, socket_connect_timeout=3,
                                        socket_timeout=3, health_check_interval=5)
        await self._redis.ping()
        await self._listen()

    async def _listen(self) -> None:
        self._pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
        await self._pubsub.subscribe(self._channel(None))
        if self._watched:
            await self._pubsub.subscribe(*(self._channel(a) for a in self._watched))
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            async for message in self._pubsub.listen():
                if message.get("type") != "message":
                    continue
                try:
                    data = json.loads(message["data"])
                except (TypeError, ValueError):
                    continue
                if isinstance(data, dict) and data.get("s") != self.server:
                    self._on_message(data)
        except asyncio.CancelledError:
            raise
        except Exception as exc:   # the connection dropped: serve alone until Redis is back
            self._lost(exc)

    def _lost(self, exc: BaseException) -> None:
        if not self.degraded:
            log.warning("redis unreachable (%s): serving this server's clients alone until it is back",
                        type(exc).__name__)
        self.degraded = True
        if self._retry is None or self._retry.done():
            self._retry = asyncio.create_task(self._reconnect())

    async def _reconnect(self) -> None:
        while self.degraded:
            await asyncio.sleep(RETRY_S)
            try:
                await self._redis.ping()
                if self._pubsub is not None:
                    await self._pubsub.aclose()
                await self._listen()
            except Exception:   # still down
                continue
            self.degraded = False
            log.warning("redis is back: rejoined the venue")

    async def close(self) -> None:
        for task in (self._reader, self._retry):
            if task is not None:
                task.cancel()
        try:
            if self._pubsub is not None:
                await self._pubsub.aclose()
            if self._redis is not None:
                await self._redis.aclose()
        except Exception:   # closing a dead connection: nothing left to do
            pass

    async def _do(self, op: Callable[[], Any], fallback: Any = None) -> Any:
        """Run a Redis operation; while Redis is down, return the fallback instead of failing."""
        if self.degraded:
            return fallback
        try:
            return await op()
        except Exception as exc:
            self._lost(exc)
            return fallback

    # -- ids, names, tokens ----------------------------------------------------------------------
    def _channel(self, area: str | None) -> str:
        return f"{self.prefix}:all" if area is None else f"{self.prefix}:a:{area}"

    async def next_id(self) -> int:
        # Degraded, ids come from a range of this server's own, far above the shared counter.
        local = (int(self.server[2:], 16) << 24) + next(self._ids)
        return int(await self._do(lambda: self._redis.incr(f"{self.prefix}:next_id"), local))

    async def claim_name(self, name: str, owner: str) -> str:
        for candidate in name_candidates(name):
            key = f"{self.prefix}:name:{candidate.casefold()}"

            async def claim(key: str = key) -> bool:
                if await self._redis.set(key, owner, nx=True, ex=NAME_TTL_S):
                    return True
                return bool(await self._redis.get(key) == owner)   # theirs already: they came back
            if await self._do(claim, True):
                return candidate
        raise AssertionError("unreachable: name_candidates is endless")

    async def release_name(self, name: str, owner: str) -> None:
        key = f"{self.prefix}:name:{name.casefold()}"

        async def release() -> None:
            if await self._redis.get(key) == owner:
                await self._redis.delete(key)
        await self._do(release)

    async def save_token(self, token: str, name: str, colour: str) -> None:
        key = f"{self.prefix}:token:{token}"
        await self._do(lambda: self._redis.set(key, json.dumps([name, colour]), ex=TOKEN_TTL_S))

    async def load_token(self, token: str) -> tuple[str, str] | None:
        raw = await self._do(lambda: self._redis.get(f"{self.prefix}:token:{token}"))
        try:
            name, colour = json.loads(raw)
            return str(name), str(colour)
        except (TypeError, ValueError):
            return None

    # -- areas -----------------------------------------------------------------------------
    async def watch(self, areas: set[str]) -> list[dict[str, Any]]:
        new, old = areas - self._watched, self._watched - areas
        self._watched = set(areas)
        if self.degraded or self._pubsub is None:
            return []
        try:
            if new:
                await self._pubsub.subscribe(*(self._channel(a) for a in new))
            if old:
                await self._pubsub.unsubscribe(*(self._channel(a) for a in old))
            return await self._roster(new)
        except Exception as exc:
            self._lost(exc)
            return []

    async def _roster(self, areas: set[str]) -> list[dict[str, Any]]:
        """Who other servers have in these areas now (their roster entries that have not expired)."""
        if not areas:
            return []
        pipe = self._redis.pipeline()
        for area in areas:
            pipe.smembers(f"{self.prefix}:in:{area}")
        ids = sorted({i for members in await pipe.execute() for i in members})
        if not ids:
            return []
        raw = await self._redis.mget([f"{self.prefix}:p:{i}" for i in ids])
        out = []
        for value in raw:
            try:
                record = json.loads(value) if value else None
            except ValueError:
                record = None
            if isinstance(record, dict) and record.get("s") != self.server:
                out.append(record)
        return out

    async def publish(self, area: str | None, message: dict[str, Any]) -> None:
        payload = json.dumps({**message, "s": self.server}, separators=(",", ":"))
        await self._do(lambda: self._redis.publish(self._channel(area), payload))

    async def keep(self, records: list[dict[str, Any]], names: dict[str, str]) -> None:
        async def refresh() -> None:
            pipe = self._redis.pipeline(transaction=False)
            for r in records:
                pipe.set(f"{self.prefix}:p:{r['id']}", json.dumps({**r, "s": self.server}), ex=ROSTER_TTL_S)
                pipe.sadd(f"{self.prefix}:in:{r['area']}", r["id"])
                pipe.expire(f"{self.prefix}:in:{r['area']}", ROSTER_TTL_S * 6)
                for other in r.get("was", ()):
                    pipe.srem(f"{self.prefix}:in:{other}", r["id"])
            for name, owner in names.items():
                pipe.set(f"{self.prefix}:name:{name.casefold()}", owner, ex=NAME_TTL_S)
            await pipe.execute()
        await self._do(refresh)

    async def drop(self, pid: int, area: str | None) -> None:
        async def forget() -> None:
            pipe = self._redis.pipeline(transaction=False)
            pipe.delete(f"{self.prefix}:p:{pid}")
            if area is not None:
                pipe.srem(f"{self.prefix}:in:{area}", pid)
            await pipe.execute()
        await self._do(forget)
