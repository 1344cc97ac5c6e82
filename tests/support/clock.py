"""A Clock whose time moves only when the code under test sleeps (or a test advances it)."""

from __future__ import annotations

import threading


class ManualClock:
    def __init__(self, start: float = 1_795_000_000.0) -> None:
        self._now = start
        self._mono = 1000.0
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def now(self) -> float:
        return self._now

    def monotonic(self) -> float:
        return self._mono

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.advance(seconds)

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += seconds
            self._mono += seconds
