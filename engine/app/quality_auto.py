"""`--quality auto`: step the picture's features and resolution down to hold a frame-time target,
and back up when there is room, without flicker. Pure logic: it sees numbers, never GL.

The ladder, from the most expensive rung to the cheapest (auto starts on `medium`):

    0  high    at 100 % resolution
    1  medium  at 100 %          <- start
    2  medium  at  85 %
    3  medium  at  70 %
    4  low     at 100 %
    5  low     at  85 %
    6  low     at  70 %

Each drawn frame reports what it cost. The controller judges a sliding window of those costs
(the last second, at least MIN_SAMPLES frames) by their 75th percentile, so a single slow frame
(a garbage collection, a file saved) moves nothing, while a steady stutter does.

- Down one rung when that percentile is over the target by more than DOWN_ABOVE (8 %).
- Up one rung only with clear headroom: the cost up there, estimated as today's cost times the
  ratio between the two rungs measured the last time both were seen (a default until then), must be
  under UP_BELOW (80 %) of the target. Between the two thresholds nothing changes: a frame time
  sitting at the target never makes it oscillate.
- At most one change every MIN_CHANGE_S (2 s); no step up within UP_HOLD_S of a step down. A step
  up that had to be taken back soon after doubles that hold-off (up to MAX_HOLD_S), so a level
  that does not fit is not tried again and again.
- The first SETTLE_FRAMES frames after every change (and after start or restart) are not counted:
  they compile shaders and allocate the shadow map, and GPU timings arrive a few frames late. The
  window starts empty after a change.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from engine.render.quality import LEVELS, Quality, QualitySettings


@dataclass(frozen=True)
class Rung:
    level: Quality
    scale: float

    @property
    def settings(self) -> QualitySettings:
        return LEVELS[self.level].scaled(self.scale)


LADDER: tuple[Rung, ...] = (
    Rung(Quality.HIGH, 1.0), Rung(Quality.MEDIUM, 1.0), Rung(Quality.MEDIUM, 0.85), Rung(Quality.MEDIUM, 0.7),
    Rung(Quality.LOW, 1.0), Rung(Quality.LOW, 0.85), Rung(Quality.LOW, 0.7))
START = 1

SOFTWARE_FPS = 30.0      # the target on a CPU rasterizer
WINDOW_S = 1.0
MIN_SAMPLES = 8
MAX_SAMPLES = 240
PERCENTILE = 0.75
DOWN_ABOVE = 1.08
UP_BELOW = 0.80
MIN_CHANGE_S = 2.0
UP_HOLD_S = 8.0
MAX_HOLD_S = 64.0
FAILED_UP_S = 10.0       # a step down this soon after a step up means that step up did not fit
CALM_S = 60.0            # this long without a step down and the hold-off is back to UP_HOLD_S
SETTLE_FRAMES = 5        # the switch's own frames, and GPU timings that arrive a few frames late
DEFAULT_RATIO = 1.3      # cost of one rung over the next cheaper one, until measured
RATIO_RANGE = (1.0, 4.0)


def rung_of(level: Quality) -> int:
    """The full-resolution rung of a fixed level (auto: where it starts)."""
    if level is Quality.AUTO:
        return START
    return next(i for i, r in enumerate(LADDER) if r.level is level and r.scale == 1.0)


class AutoQuality:
    """Feed it every drawn frame's cost with frame(); it answers with new settings when it is time
    to change, else None. `now` and the costs are seconds (any monotonic clock)."""

    def __init__(self, target_fps: float, now: float, rung: int = START) -> None:
        self.target_s = 1.0 / target_fps
        self.rung = rung
        self.changes = 0
        self._samples: deque[tuple[float, float]] = deque(maxlen=MAX_SAMPLES)
        self._ratios = [DEFAULT_RATIO] * (len(LADDER) - 1)   # cost of rung i / cost of rung i + 1
        self._before: tuple[int, float] | None = None        # the rung left and its cost then
        self._hold = UP_HOLD_S
        self._up_after = now
        self._last_up = self._last_down = -1e9
        self.restart(now)

    @property
    def settings(self) -> QualitySettings:
        return LADDER[self.rung].settings

    def restart(self, now: float) -> None:
        """Forget the frames seen (the window was resized, the scene reloaded) and wait MIN_CHANGE_S."""
        self._samples.clear()
        self._skip = SETTLE_FRAMES
        self._changed_at = now

    def frame(self, now: float, seconds: float) -> QualitySettings | None:
        if self._skip > 0:
            self._skip -= 1
            return None
        self._samples.append((now, seconds))
        while len(self._samples) > MIN_SAMPLES and self._samples[0][0] < now - WINDOW_S:
            self._samples.popleft()
        if len(self._samples) < MIN_SAMPLES:
            return None
        cost = self.cost()
        self._learn(cost)
        if now - self._changed_at < MIN_CHANGE_S:
            return None
        if cost > self.target_s * DOWN_ABOVE and self.rung < len(LADDER) - 1:
            return self._move(+1, now, cost)
        if self.rung > 0 and now >= self._up_after and self.estimate_up(cost) < self.target_s * UP_BELOW:
            return self._move(-1, now, cost)
        return None

    def cost(self) -> float:
        """The window's 75th-percentile frame cost."""
        ordered = sorted(s for _, s in self._samples)
        return ordered[min(len(ordered) - 1, int(PERCENTILE * len(ordered)))]

    def estimate_up(self, cost: float) -> float:
        """What a frame would cost one rung up, from what it costs here."""
        return cost * self._ratios[self.rung - 1] if self.rung > 0 else cost

    def _learn(self, cost: float) -> None:
        """The first full window after a change gives the cost ratio between the two rungs."""
        if self._before is None:
            return
        left, before = self._before
        self._before = None
        upper, lower = (before, cost) if left < self.rung else (cost, before)
        if lower > 0:
            self._ratios[min(left, self.rung)] = min(max(upper / lower, RATIO_RANGE[0]), RATIO_RANGE[1])

    def _move(self, step: int, now: float, cost: float) -> QualitySettings:
        if step > 0:
            if now - self._last_up < FAILED_UP_S:
                self._hold = min(self._hold * 2, MAX_HOLD_S)
            elif now - self._last_down > CALM_S:
                self._hold = UP_HOLD_S
            self._last_down = now
            self._up_after = now + self._hold
        else:
            self._last_up = now
        self._before = (self.rung, cost)
        self.rung += step
        self.changes += 1
        self.restart(now)
        return self.settings
