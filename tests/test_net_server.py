"""The presence server on its own (no Redis): real WebSocket clients on loopback, in one event loop."""
import asyncio

import pytest
from helpers import Attendee, Served
from websockets.exceptions import ConnectionClosed

from engine.net import protocol as P


def run(coroutine):
    return asyncio.run(asyncio.wait_for(coroutine, 60))


def hall_point(venue, hall_id, dx=0.0):
    x, z = venue.halls[hall_id].center
    return x + dx, z


async def closed_with(attendee: Attendee) -> tuple[int, str]:
    if attendee.refused is not None:
        return attendee.refused
    try:
        while True:
            await asyncio.wait_for(attendee.ws.recv(), 5)
    except ConnectionClosed as exc:
        return exc.rcvd.code if exc.rcvd else 1006, exc.rcvd.reason if exc.rcvd else ""


def test_two_attendees_in_a_hall_see_each_other_walk_chat_and_react(venue):
    async def scenario():
        async with Served(venue) as s, Attendee(s.url, "Ann") as ann, Attendee(s.url, "Ann", "#00ff00") as bob:
            assert ann.welcome["id"] != bob.welcome["id"] and bob.welcome["name"] == "Ann 2"
            await ann.pose(*hall_point(venue, "subforum-04"))
            await bob.pose(*hall_point(venue, "subforum-04", 2.0))
            await bob.hear(0.3)
            await ann.pose(*hall_point(venue, "subforum-04", 0.5), h=1.0)
            await ann.send(t="chat", scope="here", text="Hello\x07 everyone")
            await ann.send(t="react", kind="hand")
            got = await bob.hear(1.2)
            joins = [j for m in got + bob.messages if m["t"] == "update" for j in m["joins"]]
            assert any(j["id"] == ann.welcome["id"] and j["name"] == "Ann" for j in joins)
            moves = [mv for m in got if m["t"] == "update" for mv in m["moves"]]
            assert any(mv[0] == ann.welcome["id"] and mv[3] == 1.0 for mv in moves)
            chats = [m for m in got if m["t"] == "chat"]
            assert chats and chats[0]["text"] == "Hello everyone" and chats[0]["name"] == "Ann"
            assert any(r == [ann.welcome["id"], "hand"] for m in got if m["t"] == "update" for r in m["reactions"])
            occupancy = [m for m in got if m["t"] == "occupancy"]
            assert occupancy and occupancy[-1]["halls"] == {"subforum-04": 2} and occupancy[-1]["total"] == 2
    run(scenario())


def test_people_in_other_halls_are_not_sent(venue):
    async def scenario():
        async with Served(venue) as s, Attendee(s.url, "A") as a, Attendee(s.url, "B") as b, \
                Attendee(s.url, "C") as c:
            await a.pose(*hall_point(venue, "subforum-01"))
            await b.pose(*hall_point(venue, "subforum-01", 1.0))
            await c.pose(*hall_point(venue, "subforum-09"))
            for _ in range(3):
                await a.hear(0.2)
                await c.hear(0.2)
            assert a.seen() == {b.welcome["id"]}
            assert c.seen() == set()                       # never told about the other hall
            await c.pose(*hall_point(venue, "subforum-01", 2.0), tp=True)   # goes over there
            await a.hear(0.4)
            await c.hear(0.4)
            assert c.seen() == {a.welcome["id"], b.welcome["id"]} and c.welcome["id"] in a.seen()
    run(scenario())


def test_venue_wide_chat_reaches_everyone_and_hall_chat_only_the_hall(venue):
    async def scenario():
        async with Served(venue) as s, Attendee(s.url, "A") as a, Attendee(s.url, "B") as b:
            await a.pose(*hall_point(venue, "subforum-01"))
            await b.pose(*hall_point(venue, "subforum-09"))
            await asyncio.sleep(0.2)
            await a.send(t="chat", scope="here", text="only here")
            await a.send(t="chat", scope="venue", text="to all")
            texts = [m["text"] for m in await b.hear(0.6) if m["t"] == "chat"]
            assert texts == ["to all"]
    run(scenario())


def test_access_code_is_required_and_compared_safely(venue):
    async def scenario():
        async with Served(venue, access_code="open sesame") as s:
            async with Attendee(s.url, access="wrong") as intruder:
                assert await closed_with(intruder) == (P.CLOSE_ACCESS, "wrong access code")
            async with Attendee(s.url, access="open sesame") as guest:
                assert guest.welcome["t"] == "welcome"
    run(scenario())


@pytest.mark.parametrize("bad, code", [
    ("garbage", P.CLOSE_MALFORMED),
    (b"\x89PNG", P.CLOSE_BINARY),
    ('{"t": "pose", "seq": 9, "x": 0, "z": 0, "h": 0, "id": 1}', P.CLOSE_IMPERSONATION),
    ('{"t": "pose", "seq": 1, "x": 1e99, "z": 0, "h": 0}', P.CLOSE_MALFORMED),
    ('{"t": "pose", "seq": 99, "x": 4000, "z": 0, "h": 0}', P.CLOSE_MALFORMED),     # outside the venue
    ('{"t": "hello", "v": 1, "name": "again", "colour": "#ffffff"}', P.CLOSE_ORDER),
    ("x" * (1 << 20), 1009),
])
def test_a_bad_frame_closes_that_connection_and_nobody_else_notices(venue, bad, code):
    async def scenario():
        async with Served(venue) as s, Attendee(s.url, "Good") as good, Attendee(s.url, "Bad") as rogue:
            await good.pose(*hall_point(venue, "subforum-03"))
            await rogue.pose(*hall_point(venue, "subforum-03", 1))
            await rogue.ws.send(bad)
            assert (await closed_with(rogue))[0] == code
            await good.pose(*hall_point(venue, "subforum-03", 0.5))
            await good.wait_for(lambda m: m["t"] == "occupancy")            # the server carries on
            async with Attendee(s.url, "Later") as later:
                assert later.welcome["t"] == "welcome"
    run(scenario())


def test_a_pose_older_than_the_last_is_out_of_order(venue):
    async def scenario():
        async with Served(venue) as s, Attendee(s.url) as a:
            await a.send(t="pose", seq=5, x=0, z=0, h=0)
            await a.send(t="pose", seq=4, x=0, z=0, h=0)
            assert (await closed_with(a))[0] == P.CLOSE_ORDER
    run(scenario())


def test_a_flood_is_cut_off(venue):
    async def scenario():
        async with Served(venue) as s, Attendee(s.url) as a:
            for _ in range(1000):                          # 1,000 messages at once
                try:
                    await a.send(t="react", kind="clap")
                except ConnectionClosed:
                    break
            assert (await closed_with(a))[0] == P.CLOSE_FLOOD
    run(scenario())


def test_speed_is_capped_unless_teleporting(venue):
    async def scenario():
        async with Served(venue) as s, Attendee(s.url) as a:
            x, z = hall_point(venue, "subforum-05")
            far = hall_point(venue, "main-forum")         # tens of metres away
            await a.pose(x, z)
            await asyncio.sleep(0.15)
            await a.pose(*far)                              # there in a blink
            await asyncio.sleep(0.1)
            me = s.server.presence.people[a.welcome["id"]]
            assert abs(me.x - x) + abs(me.z - z) < 10
            await a.pose(*far, tp=True)
            await asyncio.sleep(0.1)
            assert (me.x, me.z) == far
    run(scenario())


def test_chat_is_rate_limited_with_a_notice(venue):
    async def scenario():
        async with Served(venue) as s, Attendee(s.url) as a:
            await a.pose(*hall_point(venue, "subforum-02"))
            for i in range(8):
                await a.send(t="chat", scope="here", text=f"message {i}")
            got = await a.hear(0.5)
            assert len([m for m in got if m["t"] == "chat"]) == 5          # a burst of 5
            assert any(m["t"] == "notice" and "one message a second" in m["text"] for m in got)
    run(scenario())


def test_names_are_cleaned_and_made_unique(venue):
    async def scenario():
        async with Served(venue) as s, Attendee(s.url, "\x00\x01") as a, Attendee(s.url, "Zoë " * 20) as b, \
                Attendee(s.url, "Zoë " * 20) as c:
            assert a.welcome["name"] == "Guest"
            assert len(b.welcome["name"]) <= 32 and len(c.welcome["name"]) <= 32
            assert b.welcome["name"] != c.welcome["name"] and c.welcome["name"].endswith(" 2")
    run(scenario())


def test_a_returning_attendee_gets_their_name_and_colour_back(venue):
    async def scenario():
        async with Served(venue) as s:
            async with Attendee(s.url, "Mei", "#123456") as first:
                token = first.welcome["token"]
            async with Attendee(s.url, "Someone else", "#ffffff", token=token) as back:
                assert (back.welcome["name"], back.welcome["colour"]) == ("Mei", "#123456")
    run(scenario())


def test_organizers_announce_mute_and_remove(venue):
    async def scenario():
        async with Served(venue, organizer_code="org") as s, Attendee(s.url, "Org", organizer="org") as org, \
                Attendee(s.url, "Loud") as loud, Attendee(s.url, "Fake", organizer="guess") as fake:
            assert org.welcome["organizer"] and not fake.welcome["organizer"]
            for a in (org, loud, fake):
                await a.pose(*hall_point(venue, "main-forum"))
            await fake.send(t="org", action="announce", text="free pizza")
            assert any("Only organizers" in m.get("text", "") for m in await fake.hear(0.3))
            await org.send(t="org", action="announce", text="Keynote in 5 minutes")
            assert any(m["t"] == "announce" and m["text"] == "Keynote in 5 minutes" for m in await loud.hear(0.3))
            await org.send(t="org", action="mute", target=loud.welcome["id"])
            await asyncio.sleep(0.1)
            await loud.send(t="chat", scope="here", text="spam")
            assert not any(m["t"] == "chat" for m in await org.hear(0.3))
            await org.send(t="org", action="remove", target=loud.welcome["id"])
            assert (await closed_with(loud))[0] == P.CLOSE_REMOVED
    run(scenario())


def test_full_server_refuses_politely(venue):
    async def scenario():
        async with Served(venue, max_clients=1) as s, Attendee(s.url, "One"), Attendee(s.url, "Two") as two:
            assert (await closed_with(two))[0] == P.CLOSE_FULL
    run(scenario())


def test_people_panel_lookups(venue):
    async def scenario():
        async with Served(venue) as s, Attendee(s.url, "Li Wei") as a, Attendee(s.url, "Wei Zhang") as b:
            await a.pose(*hall_point(venue, "subforum-06"))
            await b.pose(*hall_point(venue, "subforum-07"))
            await asyncio.sleep(0.1)
            await a.send(t="who", q="zhang")
            await a.send(t="locate", target=b.welcome["id"])
            got = [m for m in await a.hear(0.4) if m["t"] in ("who", "located")]
            who = next(m for m in got if m["t"] == "who")
            assert [p["name"] for p in who["people"]] == ["Wei Zhang"]
            located = next(m for m in got if m["t"] == "located")
            assert located["person"]["area"] == "h:subforum-07"
    run(scenario())


def test_people_are_found_by_chinese_name_pinyin_and_initials(venue):
    async def scenario():
        async with Served(venue) as s, Attendee(s.url, "Ann") as a, Attendee(s.url, "张伟") as b, \
                Attendee(s.url, "Zara") as c:
            for who in (a, b, c):
                await who.pose(*hall_point(venue, "subforum-06"))
            await asyncio.sleep(0.1)
            for q in ("张", "zhangwei", "zw"):
                await a.send(t="who", q=q)
            answers = [m for m in await a.hear(0.4) if m["t"] == "who"]
            assert {m["q"]: [p["name"] for p in m["people"]][:1] for m in answers} == \
                {"张": ["张伟"], "zhangwei": ["张伟"], "zw": ["张伟"]}
    run(scenario())


def test_serve_command_prints_its_address_and_stops_on_sigterm(tmp_path):
    import signal
    import subprocess
    import sys

    from engine import PROJECT_ROOT
    proc = subprocess.Popen([sys.executable, str(PROJECT_ROOT / "main.py"), "serve", "--port", "0", "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith("listening on ws://127.0.0.1:")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0
    finally:
        proc.kill()

