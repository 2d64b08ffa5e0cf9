"""The presence protocol's parser: what a client may send, and the close code for what it may not."""
import json

import pytest

from engine.net import protocol as P
from engine.net.areas import AreaMap
from engine.net.presence import Fragments, Presence, Watcher


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
    first = json.loads(presence.update_for(w1, Fragments()))
    assert [j["id"] for j in first["joins"]] == [2]            # not 3: another hall; not itself
    presence.end_tick()
    presence.place(2, "p2", "#ffffff", a_hall[0] + 1, a_hall[1], 0.5, "s", 1.0)
    presence.place(3, "p3", "#ffffff", b_hall[0] + 1, b_hall[1], 0.5, "s", 1.0)
    second = json.loads(presence.update_for(w1, Fragments()))
    assert second["moves"] == [[2, round(a_hall[0] + 1, 2), round(a_hall[1], 2), 0.5]] and not second["joins"]
    presence.end_tick()
    presence.place(2, "p2", "#ffffff", *b_hall, 0.0, "s", 2.0)   # walks to the other hall
    third = json.loads(presence.update_for(w1, Fragments()))
    assert third["leaves"] == [2]
    presence.end_tick()
    assert presence.update_for(w1, Fragments()) is None        # nothing changed: nothing sent
