"""Property-based tests for the presence protocol: any frame a client may send is a message or a
ProtocolError with a close code and a short reason, and the server's state takes any sequence of
parsed messages without failing. See tests/fuzzing.py for the property and its bounds."""
import contextlib
import json

from fuzzing import bounded, byte_mutations, mutated
from hypothesis import given
from hypothesis import strategies as st

from engine.net import protocol as P
from engine.net.areas import AreaMap
from engine.net.presence import Fragments, Presence, Watcher

GOOD = [
    {"t": "hello", "v": 1, "name": "Ann", "colour": "#ff8800", "access": "", "organizer": "", "token": ""},
    {"t": "pose", "seq": 3, "x": 1.5, "z": -2.0, "h": 0.5, "tp": False},
    {"t": "chat", "scope": "here", "text": "hello"},
    {"t": "react", "kind": "hand"},
    {"t": "org", "action": "mute", "target": 4},
    {"t": "who", "q": "an"},
    {"t": "locate", "target": 2},
]
CODES = {P.CLOSE_BINARY, P.CLOSE_TOO_BIG, P.CLOSE_MALFORMED, P.CLOSE_ORDER, P.CLOSE_VERSION,
         P.CLOSE_IMPERSONATION}


def parsed_or_refused(frame: str | bytes) -> P.ClientMessage | P.ProtocolError:
    with bounded():
        try:
            return P.parse(frame)
        except P.ProtocolError as exc:
            assert exc.code in CODES and len(exc.reason.encode("utf-8", "replace")) <= 123
            return exc


@given(st.sampled_from(GOOD).flatmap(lambda doc: mutated(doc, root=True)))
def test_any_mutated_message_is_parsed_or_refused_with_a_code(doc):
    try:
        frame = json.dumps(doc)
    except (ValueError, OverflowError):
        return
    parsed_or_refused(frame)


@given(st.sampled_from(GOOD).flatmap(lambda doc: byte_mutations(json.dumps(doc).encode())))
def test_any_mutated_bytes_are_parsed_or_refused(data):
    parsed_or_refused(data)
    with contextlib.suppress(UnicodeDecodeError):   # as text too, where the bytes are UTF-8
        parsed_or_refused(data.decode("utf-8"))


@given(st.text(max_size=6000))
def test_any_text_at_all(text):
    parsed_or_refused(text)


@given(st.lists(st.tuples(st.integers(1, 6), st.floats(-80, 80), st.floats(-80, 80), st.floats(-7, 7),
                          st.booleans()), max_size=60))
def test_the_server_state_takes_any_walk(venue, moves):
    """Placing, moving and removing people in any order keeps every watcher's view consistent:
    it is only ever told about people who are there, in its areas."""
    areas = AreaMap.of(venue)
    presence = Presence(areas, "s")
    watchers = {i: Watcher(i) for i in range(1, 7)}
    for pid, x, z, h, leave in moves:
        if leave:
            presence.remove(pid)
        else:
            person = presence.place(pid, f"p{pid}", "#ffffff", x, z, h, "s", 0.0)
            watchers[pid].interest, watchers[pid].stale = areas.interest(person.area), True
        for w in watchers.values():
            if w.id in presence.people:
                frame = presence.update_for(w, Fragments())
                if frame is not None:
                    json.loads(frame)
                assert w.known <= {p for p in presence.people if presence.people[p].area in w.interest}
        presence.end_tick()
