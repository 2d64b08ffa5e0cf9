"""How fast a client may talk: token buckets for frames, poses, chat and reactions, and a speed cap."""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

MAX_SPEED_M_S = 12.0           # faster than anyone runs; a teleport (reduced motion, go-to) says so
TELEPORT_EVERY_S = 1.0


@dataclass
class Bucket:
    """Up to `burst` at once, refilled at `rate` per second."""

    rate: float
    burst: float
    tokens: float = -1.0
    at: float = field(default_factory=time.monotonic)

    def take(self, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        if self.tokens < 0:
            self.tokens = self.burst
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False


@dataclass
class Limits:
    frames: Bucket = field(default_factory=lambda: Bucket(40.0, 80.0))     # over this: the connection closes
    poses: Bucket = field(default_factory=lambda: Bucket(11.0, 11.0))      # 10 Hz is the protocol's rate
    chat: Bucket = field(default_factory=lambda: Bucket(1.0, 5.0))         # 1 a second, bursts of 5
    reactions: Bucket = field(default_factory=lambda: Bucket(2.0, 4.0))
    lookups: Bucket = field(default_factory=lambda: Bucket(2.0, 5.0))


def capped_step(x0: float, z0: float, x1: float, z1: float, dt: float) -> tuple[float, float]:
    """Where someone at (x0, z0) can be `dt` seconds later, heading for (x1, z1)."""
    dx, dz = x1 - x0, z1 - z0
    dist = math.hypot(dx, dz)
    reach = MAX_SPEED_M_S * max(dt, 0.05)
    if dist <= reach:
        return x1, z1
    return x0 + dx / dist * reach, z0 + dz / dist * reach
