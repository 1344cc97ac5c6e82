"""The one retry layer and the one deadline.

Retries: capped exponential backoff with jitter, inside the invocation's time. SDK-level retries are
switched off in every adapter, so a call is retried here and only here. Only ``RetryableError`` is
retried; a permanent error surfaces on the first attempt. Throttling (``ThrottledError``: the API's
``Throttling.Api``, HTTP 429) is not a failure of the call: it is retried for as long as the
invocation's time allows, without counting against ``max_attempts`` and without giving the event
back to FC (each FC retry is a whole invocation; a throttled call is not billed).

Deadline: every network call of an invocation draws on one budget — the time FC gives the
invocation minus a safety margin (``app.invocation_seconds``), of which the pipeline keeps
``final_write_reserve_ms`` back for the final write. ``call_timeouts`` turns what is left into the
connect and read timeouts of one call so that **connect + read never exceed the time left**; the
adapters use it for every SDK call (CloudAuth and OSS per call, Tablestore per request through
``current_deadline``). The remaining caveat: a read timeout bounds each wait for bytes, so a server
that trickles its answer byte by byte could still stretch one call (none of these services does).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TypeVar

from .errors import NetworkError, RetryableError, ThrottledError
from .ports import Clock

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 4  # attempts that failed for another reason than throttling
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


_CURRENT: ContextVar[Deadline | None] = ContextVar("credrec_deadline", default=None)
MIN_CALL_S = 0.05  # no network call starts with less time than this left


@contextmanager
def invocation_deadline(deadline: Deadline) -> Iterator[Deadline]:
    """Make ``deadline`` the one every adapter call in this context draws on."""
    token = _CURRENT.set(deadline)
    try:
        yield deadline
    finally:
        _CURRENT.reset(token)


def current_deadline() -> Deadline | None:
    return _CURRENT.get()


def call_timeouts(timeout_s: float | None, *, connect_s: float, read_s: float,
                  fixed_connect: bool = False) -> tuple[float, float]:
    """(connect, read) timeouts for one network call that must end within ``timeout_s`` (default:
    what is left of the current invocation's deadline; no deadline → the configured values).

    connect + read ≤ ``timeout_s``: the connect timeout takes at most a quarter of the time left
    (``fixed_connect``: a client-level connect timeout that cannot change per call), the read
    timeout the rest, each capped by its configured value. Less than ``MIN_CALL_S`` left: the call
    is not made at all (``DEADLINE_EXCEEDED``, retryable — a later delivery has a fresh budget).
    """
    if timeout_s is None:
        deadline = current_deadline()
        if deadline is None:
            return connect_s, read_s
        timeout_s = deadline.remaining()
    connect = connect_s if fixed_connect else min(connect_s, timeout_s / 4)
    read = min(read_s, timeout_s - connect)
    if read < MIN_CALL_S:
        raise NetworkError("no time left in this invocation for the call", code="DEADLINE_EXCEEDED")
    return connect, read


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

    ``timeout_s`` is the time left on ``deadline``, for the callee's own timeouts (``call_timeouts``).
    Throttling is waited out while time allows (it does not count against ``max_attempts``); a
    throttling answer's ``retry_after_s`` is honoured when it is longer than the backoff.
    """
    counter = attempts if attempts is not None else Attempts()
    failed = 0  # attempts that failed for another reason than throttling
    throttled = 0
    while True:
        counter.count += 1
        try:
            return fn(deadline.remaining())
        except RetryableError as exc:
            if isinstance(exc, ThrottledError):
                throttled += 1
                delay = policy.delay(throttled, rng)
            else:
                failed += 1
                if failed >= policy.max_attempts:
                    raise
                delay = policy.delay(failed, rng)
            retry_after = getattr(exc, "retry_after_s", None)
            if retry_after:
                delay = max(delay, min(float(retry_after), policy.cap_s))
            if deadline.remaining() - delay < policy.min_attempt_s:
                raise
            if on_retry is not None:
                on_retry(exc, delay)
            clock.sleep(delay)
