"""Crowd-flow replay in organizer mode: simulated in the viewer a little each frame (or loaded from a
`simulate --out` folder), replayed with a slider, people coloured by density, a door's flow curve."""
import numpy as np
from helpers import FakeServices
from test_sim_cli import with_agenda

from engine.app.organizer import OrganizerMode
from engine.cli import main
from engine.scene.camera import project
from engine.venue import open_scene


def ready(mode: OrganizerMode) -> None:
    mode.handlers()["replay"]()
    for _ in range(2000):
        if mode.replay.sim is not None:
            return
        mode.update(0.05, frozenset())
    raise AssertionError("the simulation did not finish")


def test_run_replay_seek_and_a_doors_flow_curve(tmp_path):
    services = FakeServices(open_scene(with_agenda(tmp_path)), size=(960, 540))
    mode = OrganizerMode(services)
    ready(mode)
    replay = mode.replay
    assert replay.visible and replay.end > 20 and "Changeover at Wed 20 Sep 11:00" in replay.sim.results.scenario.title
    people = replay.people()
    assert len(people) == 160                # hall A lets out its 160: 120 walk to hall B, 40 leave
    assert len(mode.dynamic()) >= 2           # the level-of-service floor and the people
    for _ in range(3):
        mode.handlers()["replay_faster"]()
    assert replay.speed == 60
    mode.update(0.5, frozenset())
    assert replay.time == 30.0 or replay.time == replay.end
    placed = {p.widget.key: p.rect for p in services.lay_out(mode)}
    slider = placed["replay-slider"]
    assert mode.click((int(slider.x + slider.w / 2), int(slider.bottom - 3)), False)
    assert abs(replay.time - replay.end / 2) < replay.end * 0.05
    door = services.venue.halls["hall-a"].doors[0]
    x, y, _ = project(mode.camera, np.array([door.center[0], 0.0, door.center[1]]), *services.size)
    assert mode.click((int(x), int(y)), False) and replay.door_curve is not None
    assert "door-flow" in {w.key for w in mode.widgets(services.size)}
    mode.handlers()["replay"]()
    assert mode.widgets(services.size) == [] or "replay-slider" not in {w.key for w in mode.widgets(services.size)}


def test_load_a_simulate_out_folder(tmp_path, capsys):
    scene = with_agenda(tmp_path)
    assert main(["simulate", str(scene), "--people", "30", "--out", str(tmp_path / "run")]) == 0
    mode = OrganizerMode(FakeServices(open_scene(scene)), replay=tmp_path / "run")
    assert mode.replay.visible and len(mode.replay.people()) == 30
    colours = mode.replay.people().colours["shirt"]
    assert colours.shape == (30, 4)
