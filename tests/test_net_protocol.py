"""The presence protocol's parser: what a client may send, and the close code for what it may not."""
import json

import pytest

from engine.net import protocol as P
from engine.net.areas import AreaMap
from engine.net.presence import Presence, Watcher


def frame(**fields) -> str:
    return json.dumps(fields)


@pytest.mark.parametrize("raw, code", [
    (b"\x00\x01binary", P.CLOSE_BINARY),
    ("not json at all", P.CLOSE_MALFORMED),
    ('{"t": "pose", "seq": 1, "x": 1', P.CLOSE_MALFORMED),                 # truncated
    ("[1, 2, 3]", P.CLOSE_MALFORMED),
    ('{"t": "dance"}', P.CLOSE_MALFORMED),
    ('{"t": "pose", "seq": 1, "x": NaN, "z": 0, "h": 0}', P.CLOSE_MALFORMED),
    ('{"t": "pose", "seq": 1, "x": Infinity, "z": 0, "h": 0}', P.CLOSE_MALFORMED),
    ('{"t": "pose", "seq": 1, "x": 1e400, "z": 0, "h": 0}', P.CLOSE_MALFORMED),
    ('{"t": "pose", "seq": 1, "x": 1e9, "z": 0, "h": 0}', P.CLOSE_MALFORMED),   # outside any venue
    ('{"t": "pose", "seq": -1, "x": 0, "z": 0, "h": 0}', P.CLOSE_MALFORMED),
    ('{"t": "pose", "seq": 1, "x": "0", "z": 0, "h": 0}', P.CLOSE_MALFORMED),
    ('{"t": "pose", "seq": 1, "x": true, "z": 0, "h": 0}', P.CLOSE_MALFORMED),
    ('{"t": "pose", "id": 7, "seq": 1, "x": 0, "z": 0, "h": 0}', P.CLOSE_IMPERSONATION),
    ('{"t": "hello", "v": 9, "name": "A", "colour": "#ffffff"}', P.CLOSE_VERSION),
    ('{"t": "hello", "v": 1, "name": "A", "colour": "red"}', P.CLOSE_MALFORMED),
    ('{"t": "chat", "scope": "moon", "text": "hi"}', P.CLOSE_MALFORMED),
    ('{"t": "chat", "scope": "here", "text": "\\u0007\\u0008"}', P.CLOSE_MALFORMED),   # nothing printable
    ('{"t": "react", "kind": "boo"}', P.CLOSE_MALFORMED),
    ("[" * 100_000, P.CLOSE_TOO_BIG),
    ("x" * (P.MAX_FRAME + 1), P.CLOSE_TOO_BIG),
    ('{"t": "hello", "v": 1, "name": "' + "n" * 3000 + '", "colour": "#ffffff"}', P.CLOSE_MALFORMED),
])
def test_bad_frames_have_their_close_codes(raw, code):
    with pytest.raises(P.ProtocolError) as err:
        P.parse(raw)
    assert err.value.code == code and len(err.value.reason.encode()) <= 123


def test_deep_nesting_within_the_size_limit_is_refused_not_a_crash():
    with pytest.raises(P.ProtocolError):
        P.parse("[" * 2000 + "]" * 2000)


def test_names_are_printable_trimmed_and_bounded():
    hello = P.parse(frame(t="hello", v=1, name="\x1b[31mAnn\x00\u200b  Lee\n", colour="#AABBCC"))
    assert isinstance(hello, P.Hello) and hello.name == "[31mAnn Lee" and hello.colour == "#aabbcc"
    assert P.clean_name("\x01\x02\x03") == "Guest"
    assert len(P.clean_name("名" * 200)) == 32


def test_a_pose_is_parsed_and_its_heading_wrapped():
    pose = P.parse(frame(t="pose", seq=3, x=1.5, z=-2, h=7.0))
    assert isinstance(pose, P.Pose) and pose.seq == 3 and abs(pose.heading - (7.0 - 6.283185307)) < 1e-6


def test_area_of_interest_is_the_hall_or_the_cells_around(venue):
    areas = AreaMap.of(venue)
    hall = venue.halls["subforum-04"]
    assert areas.area_of(*hall.center) == "h:subforum-04"
    assert AreaMap.interest("h:subforum-04") == {"h:subforum-04"}
    outdoor = areas.area_of(0.0, 0.0)
    assert outdoor.startswith("c:") and len(AreaMap.interest(outdoor)) == 9
    assert areas.inside(*hall.center) and not areas.inside(1e5, 0)


def test_each_watcher_hears_only_its_areas_and_joins_moves_leaves(venue):
    areas = AreaMap.of(venue)
    presence = Presence(areas, "s")
    a_hall, b_hall = venue.halls["subforum-01"].center, venue.halls["subforum-09"].center
    for pid, (x, z) in ((1, a_hall), (2, a_hall), (3, b_hall)):
        presence.place(pid, f"p{pid}", "#ffffff", x, z, 0.0, "s", 0.0)
    w1 = Watcher(1, areas.interest(presence.people[1].area))

    def frame_for_w1():
        frames = [f for f, ws in presence.tick_frames([w1]) if w1 in ws]
        presence.end_tick()
        return json.loads(frames[0]) if frames else None
    first = frame_for_w1()
    assert [j["id"] for j in first["joins"]] == [2]            # not 3: another hall; not itself
    presence.place(2, "p2", "#ffffff", a_hall[0] + 1, a_hall[1], 0.5, "s", 1.0)
    presence.place(3, "p3", "#ffffff", b_hall[0] + 1, b_hall[1], 0.5, "s", 1.0)
    second = frame_for_w1()
    assert second["moves"] == [[2, round(a_hall[0] + 1, 2), round(a_hall[1], 2), 0.5]] and not second["joins"]
    presence.place(2, "p2", "#ffffff", *b_hall, 0.0, "s", 2.0)   # walks to the other hall
    assert frame_for_w1()["leaves"] == [2]
    assert frame_for_w1() is None                               # nothing changed: nothing sent


def test_a_crowded_hall_takes_turns_and_loses_no_move(venue):
    from engine.net.presence import MOVES_PER_TICK
    areas = AreaMap.of(venue)
    presence = Presence(areas, "s")
    x, z = venue.halls["main-forum"].center
    n = MOVES_PER_TICK * 3
    for pid in range(1, n + 1):
        presence.place(pid, f"p{pid}", "#ffffff", x + pid * 0.05, z, 0.0, "s", 0.0)
    watcher = Watcher(1, areas.interest(presence.people[1].area))
    presence.tick_frames([watcher])
    presence.end_tick()
    for pid in range(1, n + 1):                                # everyone takes a step, once
        presence.place(pid, f"p{pid}", "#ffffff", x + pid * 0.05, z + 1.0, 0.0, "s", 1.0)
    heard: dict[int, float] = {}
    for _ in range(5):
        for frame, _ws in presence.tick_frames([watcher]):
            moves = json.loads(frame)["moves"]
            assert len(moves) <= MOVES_PER_TICK + 1
            heard.update({m[0]: m[2] for m in moves})
        presence.end_tick()
    assert set(heard) == set(range(1, n + 1)) and set(heard.values()) == {round(z + 1.0, 2)}   # itself too


def test_watchers_of_one_hall_share_one_frame_and_keep_their_own_views(venue):
    areas = AreaMap.of(venue)
    presence = Presence(areas, "s")
    x, z = venue.halls["subforum-03"].center
    watchers = []
    for pid in range(1, 6):
        p = presence.place(pid, f"p{pid}", "#ffffff", x + pid, z, 0.0, "s", 0.0)
        watchers.append(Watcher(pid, areas.interest(p.area)))
    first = presence.tick_frames(watchers)
    assert len(first) == 5 and all(len(ws) == 1 for _, ws in first)     # each new view is its own
    presence.end_tick()
    presence.place(2, "p2", "#ffffff", x + 2.5, z, 0.0, "s", 1.0)          # one walks
    presence.place(6, "p6", "#ffffff", x - 1, z, 0.0, "s", 1.0)            # one arrives
    (frame, members), = presence.tick_frames(watchers)
    assert members == watchers                                            # one frame for the hall
    update = json.loads(frame)
    assert [j["id"] for j in update["joins"]] == [6] and [m[0] for m in update["moves"]] == [2]
    for w in watchers:
        assert w.known == {1, 2, 3, 4, 5, 6} - {w.id}


def test_an_older_record_from_another_server_never_moves_anyone_back(venue):
    areas = AreaMap.of(venue)
    presence = Presence(areas, "here")
    x, z = venue.halls["subforum-02"].center
    presence.place(7, "p7", "#ffffff", x, z, 0.0, "there", 0.0, version=5)
    presence.place(7, "p7", "#ffffff", x + 3, z, 0.0, "there", 1.0, version=4)     # overtaken on the way
    assert presence.people[7].x == x and presence.people[7].seen == 1.0
    presence.place(7, "p7", "#ffffff", x + 3, z, 0.0, "there", 2.0, version=6)
    assert presence.people[7].x == x + 3
    presence.place(7, "p7", "#ffffff", x + 1, z, 0.0, "elsewhere", 3.0, version=1)  # came back on another server
    assert presence.people[7].x == x + 1


def test_fan_out_frames_once_and_closes_a_client_that_stopped_reading():
    import asyncio
    from types import SimpleNamespace

    from websockets.frames import Frame, Opcode
    from websockets.protocol import State

    from engine.net import fanout

    def connection(buffered: int):
        ws = SimpleNamespace(protocol=SimpleNamespace(state=State.OPEN, extensions=[]), send_in_progress=None,
                             remote_address=("127.0.0.1", 1), written=[], closed=[])
        ws.transport = SimpleNamespace(get_write_buffer_size=lambda: buffered, write=ws.written.append)

        async def close(code, reason):
            ws.closed.append(code)
        ws.close = close
        return ws

    async def scenario():
        reader, stuck = connection(0), connection(fanout.SLOW_BUFFER + 1)
        closing = connection(0)
        closing.protocol.state = State.CLOSING
        assert fanout.fan_out([reader, stuck, closing], '{"t":"x"}') == 1
        await asyncio.sleep(0.01)
        assert reader.written == [Frame(Opcode.TEXT, b'{"t":"x"}').serialize(mask=False)]
        assert stuck.written == [] and stuck.closed == [1013] and closing.written == []
    asyncio.run(scenario())
