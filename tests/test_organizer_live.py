"""Organizer mode on a live venue (view --mode organizer --join): counts on the plan, the roster,
announcements, and moderation from the roster."""
import time

from helpers import FakeServices, Other, ServedInThread, wait


def test_the_organizer_sees_counts_finds_people_announces_and_removes(own_venue):
    from engine.app.organizer import OrganizerMode
    from engine.net.client import ClientOptions
    with ServedInThread(own_venue, organizer_code="orchid") as server:
        services = FakeServices(own_venue)
        services.clock = time.monotonic
        mode = OrganizerMode(services, presence=ClientOptions([server.url], "Desk", "#ffffff",
                                                              organizer_code="orchid"))
        guest = Other(server.url, "Loud Guest")
        try:
            def step():
                mode.update(1 / 30, frozenset())
            from engine.app.organizer_labels import make_labels
            hall_index = list(own_venue.halls).index("subforum-05")
            before = make_labels(own_venue)[hall_index].images[0].shape[0]   # a label without the count
            guest.call(guest.attendee.pose(*own_venue.halls["subforum-05"].center))
            wait(lambda: mode.live.occupancy.get("subforum-05") == 1, 5, step)
            assert mode.live.live("subforum-05") == "1 here now"
            assert mode.plan_labels[hall_index].images[0].shape[0] > before   # the label says so
            mode.handlers()["people"]()
            assert mode.focus() is mode.live.people
            wait(lambda: mode.live.people.chosen() is not None, 5, step)
            assert mode.live.people.chosen().title == "Loud Guest"
            mode.handlers()["panel_choose"]()                  # shows them on the plan
            centre = own_venue.halls["subforum-05"].center
            wait(lambda: abs(mode.camera.target[0] - centre[0]) < 1 and abs(mode.camera.target[2] - centre[1]) < 1,
                 5, step)
            mode.handlers()["announce"]()
            mode.focus().type("Doors open")
            mode.handlers()["panel_choose"]()
            heard = guest.call(guest.attendee.wait_for(lambda m: m["t"] == "announce"))
            assert heard["text"] == "Doors open" and heard["by"] == "Desk"
            mode.handlers()["people"]()
            wait(lambda: mode.live.people.chosen() is not None, 5, step)
            mode.handlers()["panel_remove"]()
            wait(lambda: guest.attendee.ws.close_code is not None, 5, step)
            assert guest.attendee.ws.close_code == 4004
        finally:
            guest.loop.call_soon_threadsafe(guest.loop.stop)
            mode.close()
