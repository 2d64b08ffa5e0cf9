"""The venue clock: timezone-aware venue time from an injectable time source, with speed, pause and jump.

Venue time = anchor time + (source() - anchor source reading) * speed. Changing the speed, pausing or
jumping re-anchors, so venue time never jumps by itself. The source is any monotonic seconds counter:
`time.monotonic` in the app, a `ManualTime` in tests and fixed-step simulation.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

VENUE_ZONE = ZoneInfo("Asia/Shanghai")


class ManualTime:
    """A time source that moves only when told to: call it for seconds, `advance(dt)` to move it."""

    def __init__(self, start: float = 0.0) -> None:
        self.seconds = float(start)

    def __call__(self) -> float:
        return self.seconds

    def advance(self, dt: float) -> None:
        if dt < 0:
            raise ValueError("a time source cannot run backwards")
        self.seconds += float(dt)


class VenueClock:
    """Current venue time (aware datetime) running at `speed` times real time from `start`.

    A naive `start` is read as venue time (Asia/Shanghai).
    """

    def __init__(self, start: datetime, speed: float = 1.0, source: Callable[[], float] = time.monotonic,
                 paused: bool = False, zone: tzinfo = VENUE_ZONE) -> None:
        self._source = source
        self._zone = zone
        self._anchor_time = start if start.tzinfo is not None else start.replace(tzinfo=zone)
        self._anchor_reading = source()
        self._speed = _check_speed(speed)
        self._paused = paused

    def now(self) -> datetime:
        """Venue time now, in the venue's zone."""
        if self._paused:
            return self._anchor_time.astimezone(self._zone)
        elapsed = (self._source() - self._anchor_reading) * self._speed
        return (self._anchor_time + timedelta(seconds=elapsed)).astimezone(self._zone)

    @property
    def speed(self) -> float:
        return self._speed

    @speed.setter
    def speed(self, factor: float) -> None:
        self._reanchor(self.now())
        self._speed = _check_speed(factor)

    @property
    def paused(self) -> bool:
        return self._paused

    def pause(self) -> None:
        """Stop venue time where it is."""
        if not self._paused:
            self._reanchor(self.now())
            self._paused = True

    def resume(self) -> None:
        """Run again from where it was paused."""
        if self._paused:
            self._reanchor(self._anchor_time)
            self._paused = False

    def toggle_pause(self) -> None:
        self.resume() if self._paused else self.pause()

    def jump(self, to: datetime) -> None:
        """Set venue time to `to` (naive means venue time); keeps speed and pause."""
        self._reanchor(to if to.tzinfo is not None else to.replace(tzinfo=self._zone))

    def jump_by(self, delta: timedelta) -> None:
        """Move venue time forwards (or back, with a negative delta)."""
        self._reanchor(self.now() + delta)

    def _reanchor(self, at: datetime) -> None:
        self._anchor_time = at
        self._anchor_reading = self._source()


def _check_speed(factor: float) -> float:
    if not factor > 0:
        raise ValueError(f"clock speed must be positive, not {factor!r} (pause the clock to stop it)")
    return float(factor)
