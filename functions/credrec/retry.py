"""The one retry layer: capped exponential backoff with jitter, inside the invocation's time.

SDK-level retries are switched off in every adapter, so a call is retried here and only here.
Only ``RetryableError`` is retried; a permanent error surfaces on the first attempt.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from .errors import RetryableError
from .ports import Clock

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 4
    base_s: float = 0.2
    cap_s: float = 4.0
    min_attempt_s: float = 1.0  # don't start an attempt with less time than this left

    def delay(self, retry_number: int, rng: random.Random) -> float:
        """Equal jitter: half of the capped exponential step fixed, half random."""
        step = min(self.cap_s, self.base_s * (2.0 ** (retry_number - 1)))
        return step / 2 + rng.uniform(0, step / 2)


class Deadline:
    """Time left in this invocation, on the monotonic clock."""

    def __init__(self, clock: Clock, seconds: float) -> None:
        self._clock = clock
        self._ends = clock.monotonic() + seconds

    def remaining(self) -> float:
        return max(0.0, self._ends - self._clock.monotonic())

    def minus(self, seconds: float) -> Deadline:
        """The same deadline, ``seconds`` earlier: a part of the budget kept back for a later step."""
        earlier = Deadline(self._clock, 0.0)
        earlier._ends = self._ends - max(0.0, seconds)
        return earlier


@dataclass
class Attempts:
    """Counts calls made, even when the last one raised (stored on the record)."""

    count: int = 0


def call_with_retry(
    fn: Callable[[float], T],
    *,
    policy: RetryPolicy,
    deadline: Deadline,
    clock: Clock,
    rng: random.Random,
    attempts: Attempts | None = None,
    on_retry: Callable[[RetryableError, float], None] | None = None,
) -> T:
    """Call ``fn(timeout_s)`` until it returns, a permanent error, or time/attempts run out.

    ``timeout_s`` is the time left in the invocation, for the callee's own read timeout.
    A throttling answer's ``retry_after_s`` is honoured when it is longer than the backoff.
    """
    counter = attempts if attempts is not None else Attempts()
    made = 0
    while True:
        made += 1
        counter.count += 1
        try:
            return fn(deadline.remaining())
        except RetryableError as exc:
            if made >= policy.max_attempts:
                raise
            delay = policy.delay(made, rng)
            retry_after = getattr(exc, "retry_after_s", None)
            if retry_after:
                delay = max(delay, min(float(retry_after), policy.cap_s))
            if deadline.remaining() - delay < policy.min_attempt_s:
                raise
            if on_retry is not None:
                on_retry(exc, delay)
            clock.sleep(delay)
