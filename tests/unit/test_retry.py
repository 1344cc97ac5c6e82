"""The one retry layer: what is retried, how long it waits, when it stops."""

from __future__ import annotations

import random

import pytest

from credrec.errors import NetworkError, ThrottledError, UpstreamRejectedError
from credrec.retry import Attempts, Deadline, RetryPolicy, call_with_retry
from tests.support.clock import ManualClock


def run(fn, clock, *, seconds=60.0, policy=None, attempts=None):
    return call_with_retry(fn, policy=policy or RetryPolicy(max_attempts=5, base_s=0.2, cap_s=2.0),
                           deadline=Deadline(clock, seconds), clock=clock, rng=random.Random(7), attempts=attempts)


def failing(errors, result="ok"):
    queue = list(errors)

    def fn(_timeout):
        if queue:
            raise queue.pop(0)
        return result

    return fn


def test_retryable_errors_are_retried_with_growing_capped_delays():
    clock = ManualClock()
    attempts = Attempts()
    assert run(failing([NetworkError()] * 4), clock, attempts=attempts) == "ok"
    assert attempts.count == 5
    assert [round(s, 3) <= cap for s, cap in zip(clock.sleeps, (0.2, 0.4, 0.8, 1.6))] == [True] * 4
    assert [s >= cap / 2 for s, cap in zip(clock.sleeps, (0.2, 0.4, 0.8, 1.6))] == [True] * 4


def test_permanent_errors_are_not_retried():
    clock = ManualClock()
    attempts = Attempts()
    with pytest.raises(UpstreamRejectedError):
        run(failing([UpstreamRejectedError()]), clock, attempts=attempts)
    assert attempts.count == 1 and clock.sleeps == []


def test_gives_up_after_max_attempts():
    clock = ManualClock()
    with pytest.raises(NetworkError):
        run(failing([NetworkError()] * 10), clock)
    assert len(clock.sleeps) == 4


def test_retry_after_is_honoured_up_to_the_cap():
    clock = ManualClock()
    run(failing([ThrottledError(retry_after_s=1.5), ThrottledError(retry_after_s=100)]), clock)
    assert clock.sleeps[0] >= 1.5 and clock.sleeps[1] == pytest.approx(2.0)


def test_no_attempt_starts_without_time_left_and_timeout_is_passed_down():
    clock = ManualClock()
    seen = []

    def fn(timeout):
        seen.append(timeout)
        raise NetworkError()

    with pytest.raises(NetworkError):
        run(fn, clock, seconds=2.0, policy=RetryPolicy(max_attempts=10, base_s=0.5, cap_s=4.0, min_attempt_s=1.0))
    assert seen[0] == pytest.approx(2.0) and all(t >= 1.0 for t in seen)
    assert sum(clock.sleeps) < 2.0
