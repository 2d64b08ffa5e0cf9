"""Other attendees' motion on screen: smooth between poses, no jump and no freeze on a late packet."""
import numpy as np

from engine.net.interp import DELAY_S, ClockSync, Crowd


def test_steady_walking_with_jitter_and_a_late_packet_stays_smooth():
    rng = np.random.default_rng(3)
    crowd, sync = Crowd(), ClockSync()
    speed = 1.3
    crowd.join(0.0, {"id": 7, "name": "Ann", "colour": "#ffffff", "x": 0.0, "z": 0.0, "h": 0.0})
    times = np.array([k * 0.1 + rng.uniform(0, 0.03) for k in range(1, 40)])
    times[15] += 0.18                                   # one packet 180 ms late, and (TCP keeps order)
    times = np.maximum.accumulate(times)                # those behind it wait for it
    arrivals = [(t + 0.04, k) for k, t in zip(range(1, 40), times)]   # 40 ms on the way
    frames = np.arange(0.2, 4.0, 1 / 60)
    xs, i = [], 0
    for now in frames:
        while i < len(arrivals) and arrivals[i][0] <= now:
            k = arrivals[i][1]
            sent_ms = 5000.0 + k * 100.0                   # the server's tick time, on its own clock
            crowd.move(sync.local(sent_ms, arrivals[i][0]), [7, speed * k * 0.1, 0.0, 0.0])
            i += 1
        xz = crowd.poses(now)[0]
        xs.append(xz[0, 0])
    steps = np.diff(xs)
    nominal = speed / 60
    assert steps.max() < nominal * 3          # never a jump
    assert np.count_nonzero(steps <= 1e-9) < 6   # hardly ever frozen while walking
    assert abs(xs[-1] - speed * 3.9) < 0.5    # and where it should be, about DELAY_S behind
    assert DELAY_S == 0.1


def test_someone_who_stops_eases_to_a_halt_and_stays():
    crowd = Crowd()
    crowd.join(0.0, {"id": 1, "name": "B", "colour": "#000000", "x": 0.0, "z": 0.0, "h": 0.0})
    for k in range(1, 6):
        crowd.move(k * 0.1, [1, k * 0.13, 0.0, 0.0])
    stopped = [crowd.poses(t)[0][0, 0] for t in np.arange(0.7, 2.0, 0.05)]
    assert max(stopped) - min(stopped[-10:]) < 0.2 and np.ptp(stopped[-10:]) < 1e-9


def test_many_people_join_move_and_leave_and_each_keeps_their_own_track():
    crowd = Crowd()
    for pid in range(40):                                 # more than the first allocation
        crowd.join(0.0, {"id": pid, "name": f"P{pid}", "colour": "#102030", "x": float(pid), "z": 0.0, "h": 0.0})
    for k in range(1, 30):                                # more poses than are kept: the ring wraps
        for pid in range(40):
            crowd.move(k * 0.1, [pid, float(pid), k * 0.1, 0.5])
    for pid in range(0, 40, 3):
        crowd.leave(pid)
    xz, headings, _, tracks = crowd.poses(2.0)
    assert sorted(t.id for t in tracks) == [pid for pid in range(40) if pid % 3]
    for (x, z), h, track in zip(xz, headings, tracks):
        assert abs(x - track.id) < 1e-9 and abs(z - 1.9) < 1e-6 and abs(h - 0.5) < 1e-9   # 100 ms behind
        assert track.name == f"P{track.id}"
    assert np.allclose(crowd.latest()[7], (7.0, 2.9))


def test_headings_turn_the_short_way_round():
    crowd = Crowd()
    crowd.join(0.0, {"id": 1, "name": "A", "colour": "#000000", "x": 0.0, "z": 0.0, "h": 3.0})
    crowd.move(0.1, [1, 0.0, 0.0, -3.0])                  # across +-pi: 0.28 rad, not 6 rad
    heading = crowd.poses(0.05 + DELAY_S)[1][0]                # halfway
    assert abs(np.angle(np.exp(1j * (heading - np.pi)))) < 0.01


def test_an_update_of_many_moves_at_once_is_the_same_as_one_by_one():
    one, many = Crowd(), Crowd()
    for crowd in (one, many):
        for pid in range(5):
            crowd.join(0.0, {"id": pid, "name": "P", "colour": "#000000", "x": 0.0, "z": float(pid), "h": 0.0})
    for k in range(1, 20):
        moves = [[pid, k * 0.12, float(pid), 0.1 * pid] for pid in range(5) if (pid + k) % 4] + [[99, 0, 0, 0]]
        for rec in moves:
            one.move(k * 0.1, rec)
        many.move_many(k * 0.1, moves)
    many.move_many(2.0, [[1, 5.0, 1.0, 0.0], [1, 5.5, 1.0, 0.0]])     # twice in one update: both kept, in order
    one.move(2.0, [1, 5.0, 1.0, 0.0])
    one.move(2.0, [1, 5.5, 1.0, 0.0])
    for now in (0.5, 1.05, 1.93, 2.2):
        a, b = one.poses(now), many.poses(now)
        assert np.allclose(a[0], b[0]) and np.allclose(a[1], b[1])
