"""Together in the viewer: remote attendees drawn with name tags, chat, reactions, live occupancy on
the hall card and door screens, the people panel, and a viewer that carries on when the server goes."""
import time

import numpy as np
import pytest
from helpers import FakeServices, Other, ServedInThread, wait


@pytest.fixture
def together(own_venue):
    from engine.app.explore import ExploreMode, ExploreOptions
    from engine.net.client import ClientOptions
    with ServedInThread(own_venue) as server:
        services = FakeServices(own_venue)
        services.clock = time.monotonic
        options = ExploreOptions(crowd=0, goto="subforum-04",
                                 presence=ClientOptions([server.url], "Viewer", "#e65a28"))
        mode = ExploreMode(services, options)
        other = Other(server.url, "Guest Speaker")
        try:
            yield mode, other, server
        finally:
            other.close()
            mode.close()


def step(mode):
    mode.update(1 / 30, frozenset())


def test_the_other_attendee_is_drawn_tagged_and_counted(together):
    mode, other, _ = together
    x, z = mode.avatar.position
    other.call(other.attendee.pose(x + 2.0, z))
    wait(lambda: len(mode.together.crowd.tracks) == 1, 5, lambda: step(mode))
    people = mode.together.source.people()
    assert people.names == ["Guest Speaker"] and np.allclose(people.xz[0], (x + 2.0, z), atol=0.2)
    bodies = mode.dynamic()[0]
    assert len(bodies.transforms) == 2                        # the viewer's own avatar and the guest
    tags = [lab.key for lab in mode.labels((640, 360))]
    assert "tag-Guest Speaker" in tags
    wait(lambda: mode.together.live("subforum-04").startswith("2 here"), 4, lambda: step(mode))
    mode.time.refresh(mode.hall)
    seats = mode.services.venue.halls["subforum-04"].seats
    assert f"2 here · seats {seats}" in mode.time.card.key[1]   # on the hall card
    screens = " ".join(t for hid, _, lines in mode.time.screens.screens if hid == "subforum-04" for _, t in lines)
    assert "2 here" in screens                                # and on its door screens


def test_chat_both_ways_and_a_raised_hand_on_the_card(together):
    mode, other, _ = together
    x, z = mode.avatar.position
    other.call(other.attendee.pose(x + 1.0, z))
    wait(lambda: len(mode.together.crowd.tracks) == 1, 5, lambda: step(mode))
    mode.handlers()["chat"]()
    assert mode.focus() is mode.together.chat
    mode.focus().type("Hello from the viewer")
    mode.handlers()["panel_choose"]()
    heard = other.call(other.attendee.wait_for(lambda m: m["t"] == "chat"))
    assert heard["text"] == "Hello from the viewer" and heard["name"] == "Viewer"
    other.call(other.attendee.send(t="chat", scope="venue", text="Welcome!"))
    wait(lambda: any(line.text == "Welcome!" for line in mode.together.chat.lines), 5, lambda: step(mode))
    other.call(other.attendee.send(t="react", kind="hand"))
    wait(lambda: mode.together.hands_in("subforum-04") == 1, 5, lambda: step(mode))
    assert "1 hand up" in mode.together.live("subforum-04")
    assert any(lab.key.startswith("react-") for lab in mode.labels((640, 360)))


def test_the_people_panel_finds_and_goes_to_someone(together):
    mode, other, _ = together
    target = mode.services.venue.halls["subforum-07"].center
    other.call(other.attendee.pose(*target))
    mode.handlers()["people"]()
    mode.focus().type("speaker")
    wait(lambda: mode.together.people.chosen() is not None, 5, lambda: step(mode))
    assert mode.together.people.chosen().title == "Guest Speaker"
    mode.handlers()["panel_choose"]()
    wait(lambda: mode.avatar.follower is not None, 5, lambda: step(mode))


def test_losing_the_server_keeps_the_viewer_going_and_says_so(together):
    mode, _, server = together
    wait(lambda: mode.together.client.status.state == "connected", 5, lambda: step(mode))
    server.__exit__()
    wait(lambda: mode.together.client.status.state == "reconnecting", 5, lambda: step(mode))
    step(mode)                                                # frames go on
    text = mode.together.client.status.text(time.monotonic())
    assert text.startswith("reconnecting in")
    assert "presence" in {w.key for w in mode.widgets((640, 360))}


def test_bench_draws_remote_attendees_with_name_tags(capsys):
    from engine.cli import main
    assert main(["bench", "--view", "spawn", "--remote", "30", "--frames", "3", "--size", "160x90"]) == 0
    out = capsys.readouterr().out
    assert out.strip().splitlines()[-1].startswith("fps: ")
