"""GPU time per frame from timer queries (core since OpenGL 3.3), read a few frames late so that
asking never stalls the pipeline. Drivers that do not offer them report None."""
from __future__ import annotations

import ctypes

from engine.gfx.gl import GL

RING = 4   # queries in flight: a result is read when the ring comes round to it
MAX_PLAUSIBLE_MS = 10_000.0


class GpuTimer:
    def __init__(self) -> None:
        self.queries: list[int] = []
        self.last_ms: float | None = None
        self._next = 0
        self._pending = [False] * RING
        try:
            self.queries = [int(q) for q in GL.glGenQueries(RING)]
            if GL.glGetError() != GL.GL_NO_ERROR:
                self.queries = []
        except Exception:   # no timer queries on this driver: GPU time is simply not shown
            self.queries = []

    @property
    def available(self) -> bool:
        return bool(self.queries)

    def begin(self) -> None:
        if not self.queries:
            return
        self._collect(self._next)
        GL.glBeginQuery(GL.GL_TIME_ELAPSED, self.queries[self._next])

    def end(self) -> None:
        if not self.queries:
            return
        GL.glEndQuery(GL.GL_TIME_ELAPSED)
        self._pending[self._next] = True
        self._next = (self._next + 1) % RING

    def _collect(self, slot: int) -> None:
        """Read the slot's earlier result if the GPU has it (it nearly always has, RING frames on)."""
        if not self._pending[slot]:
            return
        query = self.queries[slot]
        if GL.glGetQueryObjectiv(query, GL.GL_QUERY_RESULT_AVAILABLE):
            # PyOpenGL cannot size a 64-bit output array itself: hand it a C integer.
            nanoseconds = ctypes.c_uint64(0)
            GL.glGetQueryObjectui64v(query, GL.GL_QUERY_RESULT, ctypes.byref(nanoseconds))
            ms = nanoseconds.value / 1e6
            if ms < MAX_PLAUSIBLE_MS:   # llvmpipe's first result is a clock reading, not a duration
                self.last_ms = ms
        self._pending[slot] = False

    def release(self) -> None:
        if self.queries:
            GL.glDeleteQueries(len(self.queries), self.queries)
        self.queries = []
