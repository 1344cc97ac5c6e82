"""The local runner: FC's async semantics (retries, backoff, dead letters, concurrency, kill -9)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from credrec.errors import UpstreamUnavailableError
from credrec.models import Status
from credrec_local.runtime.event_queue import EventQueue, RunnerLockedError
from credrec_local.runtime.runner import LocalRunner
from credrec_local.runtime.watcher import oss_event
from tests.conftest import BUCKET

REPO = Path(__file__).resolve().parents[2]


class ScriptedFunction:
    """A second implementation of the function's contract (``handle(event, context)``): raises the
    scripted errors in order, then returns; records what each delivery saw."""

    def __init__(self, errors: list[Exception | None] | None = None, *, hold: threading.Event | None = None):
        self.errors = list(errors or [])
        self.hold = hold
        self.seen: list[tuple[str, int, float]] = []  # (request id, function timeout, time)
        self.active = 0
        self.peak = 0
        self._lock = threading.Lock()

    def handle(self, event: bytes, context) -> dict:
        with self._lock:
            self.seen.append((context.request_id, context.function.timeout, time.monotonic()))
            self.active += 1
            self.peak = max(self.peak, self.active)
            error = self.errors.pop(0) if self.errors else None
        try:
            if self.hold is not None:
                self.hold.wait(10)
            if error is not None:
                raise error
            return {"records": [{"status": "SUCCEEDED"}], "payload": json.loads(event)}
        finally:
            with self._lock:
                self.active -= 1


def _event(key: str = "uploads/a.png") -> dict:
    return oss_event(BUCKET, [(key, "0" * 32, 10)], "ap-southeast-1")


def test_a_raised_invocation_is_retried_with_backoff_then_done(tmp_path):
    fn = ScriptedFunction([RuntimeError("boom"), RuntimeError("boom again")])
    queue = EventQueue(tmp_path, max_deliveries=4, backoff_base_s=0.2)
    queue.put(_event())
    runner = LocalRunner(fn, queue, workers=1, poll_s=0.02, function_timeout_s=7).start()
    try:
        assert runner.drain(timeout_s=20)
    finally:
        runner.stop()
    assert len(fn.seen) == 3 and len({rid for rid, _, _ in fn.seen}) == 1  # one request id across retries
    assert all(timeout == 7 for _, timeout, _ in fn.seen)
    gaps = [b[2] - a[2] for a, b in zip(fn.seen, fn.seen[1:], strict=False)]
    assert gaps[0] >= 0.15 and gaps[1] >= 0.3  # 0.2 s then 0.4 s, ±20 % jitter
    assert runner.stats.done == 1 and runner.stats.retried == 2 and queue.dead_letters() == []


def test_after_the_last_delivery_the_event_is_dead_lettered_in_fc_destination_shape(tmp_path):
    fn = ScriptedFunction([RuntimeError("store down")] * 3)
    queue = EventQueue(tmp_path, max_deliveries=3, backoff_base_s=0.01)
    queue.put(_event("uploads/x.png"))
    runner = LocalRunner(fn, queue, workers=1, poll_s=0.02).start()
    try:
        assert runner.drain(timeout_s=20)
    finally:
        runner.stop()
    assert len(fn.seen) == 3
    [path] = queue.dead_letters()
    message = json.loads(path.read_text())
    assert message["requestContext"]["approximateInvokeCount"] == 3
    assert message["requestContext"]["condition"] == "UnhandledInvocationError"
    assert json.loads(message["requestPayload"])["events"][0]["oss"]["object"]["key"] == "uploads/x.png"
    assert "store down" in json.loads(message["responsePayload"])["errorMessage"]
    assert queue.counts().pending == 0


def test_events_beyond_the_workers_wait_unbilled(tmp_path):
    release = threading.Event()
    fn = ScriptedFunction(hold=release)
    queue = EventQueue(tmp_path)
    for n in range(7):
        queue.put(_event(f"uploads/{n}.png"))
    runner = LocalRunner(fn, queue, workers=3, poll_s=0.02).start()
    try:
        deadline = time.monotonic() + 10
        while fn.active < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.1)
        assert fn.active == 3 and queue.counts().ready == 4  # the rest wait; no delivery spent on them
        release.set()
        assert runner.drain(timeout_s=20)
    finally:
        release.set()
        runner.stop()
    assert fn.peak == 3 and len(fn.seen) == 7


def test_only_one_runner_per_data_dir(tmp_path):
    first = EventQueue(tmp_path)
    first.acquire_lock()
    try:
        with pytest.raises(RunnerLockedError):
            EventQueue(tmp_path).acquire_lock()
        assert EventQueue(tmp_path).runner_active()
    finally:
        first.release_lock()
    assert not EventQueue(tmp_path).runner_active()


def test_old_events_are_dead_lettered_without_an_invocation(tmp_path):
    now = [1000.0]
    queue = EventQueue(tmp_path, max_age_s=60, clock=lambda: now[0])
    queue.put(_event())
    now[0] += 61
    fn = ScriptedFunction()
    runner = LocalRunner(fn, queue, workers=1, poll_s=0.02).start()
    try:
        assert runner.drain(timeout_s=10)
    finally:
        runner.stop()
    assert fn.seen == []
    [path] = queue.dead_letters()
    assert json.loads(path.read_text())["requestContext"]["condition"] == "EventExpired"


_KILLED_RUNNER = textwrap.dedent("""
    import sys, threading, time
    from credrec_local.runtime.event_queue import EventQueue
    from credrec_local.runtime.runner import LocalRunner

    class Hang:
        def handle(self, event, context):
            print("invoked", flush=True)
            threading.Event().wait(600)

    runner = LocalRunner(Hang(), EventQueue(sys.argv[1]), workers=1, poll_s=0.02).start()
    time.sleep(600)
""")


def test_kill_minus_9_mid_invocation_counts_a_delivery_and_loses_nothing(tmp_path, harness, bill_png):
    queue = EventQueue(tmp_path / "runner", max_deliveries=4, backoff_base_s=0.01)
    head = harness.stack.objects.put(BUCKET, "uploads/a.png", bill_png)
    queue.put(oss_event(BUCKET, [("uploads/a.png", head.etag, head.size)], "ap-southeast-1"))
    env = {**os.environ, "PYTHONPATH": f"{REPO / 'functions'}{os.pathsep}{REPO}"}
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_RUNNER, str(tmp_path / "runner")],  # noqa: S603
                            stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout.readline().strip() == "invoked"
        queue.put(_event("uploads/while-down.png"))  # arrives while the runner dies
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        proc.stdout.close()
    assert queue.counts().in_flight == 1  # still leased to the dead process

    runner = LocalRunner(harness.app, queue, workers=1, poll_s=0.02).start()
    try:
        assert runner.stats.recovered == 1
        assert runner.drain(timeout_s=30)
    finally:
        runner.stop()
    records = harness.stack.store.list().records
    done = [r for r in records if r.source.key == "uploads/a.png"]
    assert len(done) == 1 and done[0].status is Status.SUCCEEDED
    assert harness.calls == 1  # the killed invocation never reached the API; the retry paid once
    missing = [r for r in records if r.source.key == "uploads/while-down.png"]
    assert len(missing) == 1 and missing[0].status is Status.FAILED  # terminal, with a reason
    assert queue.dead_letters() == []


def test_a_retryable_failure_of_the_real_handler_goes_through_the_queue(tmp_path, harness, bill_png):
    """The handler raises on a throttled delivery (FC retry); the runner redelivers; one record."""
    head = harness.stack.objects.put(BUCKET, "uploads/t.png", bill_png)
    # one invocation's attempts (throttling alone would be waited out inside the invocation's budget)
    harness.recognizer.faults.extend([UpstreamUnavailableError("InternalError")] * 3)
    queue = EventQueue(tmp_path / "runner", max_deliveries=3, backoff_base_s=0.01)
    queue.put(oss_event(BUCKET, [("uploads/t.png", head.etag, head.size)], "ap-southeast-1"))
    runner = LocalRunner(harness.app, queue, workers=1, poll_s=0.02).start()
    try:
        assert runner.drain(timeout_s=30)
    finally:
        runner.stop()
    assert runner.stats.retried == 1 and runner.stats.done == 1
    [record] = harness.stack.store.list().records
    assert record.status is Status.SUCCEEDED and record.deliveries == 2


def test_queue_lock_and_dead_letters_are_owner_only(tmp_path):
    import stat

    old = os.umask(0o022)
    try:
        fn = ScriptedFunction([RuntimeError("down")])
        queue = EventQueue(tmp_path / "data", max_deliveries=1)
        queue.put(_event("uploads/private-name.png"))
        runner = LocalRunner(fn, queue, workers=1, poll_s=0.02).start()
        assert runner.drain(timeout_s=10)
        runner.stop()
    finally:
        os.umask(old)
    data = tmp_path / "data"
    [letter] = queue.dead_letters()
    for path in (data / "queue.sqlite3", data / "runner.lock", letter):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE((data / "dead-letters").stat().st_mode) == 0o700
