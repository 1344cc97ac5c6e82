"""Issue #10 row 1: no file in the bucket folder can stop the watcher thread.

Before the fix a name containing ``\\`` or a symlink out of the bucket raised inside ``pending()``
(outside any ``try``) and ``run()`` had no handler: the thread died silently, later uploads made
no record while HTTP kept answering.
"""

from __future__ import annotations

import json
import time

from credrec.models import Status
from credrec_local.runtime.event_queue import EventQueue
from credrec_local.runtime.runner import LocalRunner
from credrec_local.runtime.watcher import BucketWatcher
from tests.conftest import BUCKET, log_lines


def _wait_for(predicate, *, timeout_s: float = 10.0) -> bool:
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_unservable_files_leave_a_record_and_the_thread_keeps_going(harness, bill_png, tmp_path):
    objects = harness.stack.objects
    uploads = objects.bucket_path(BUCKET) / "uploads"
    uploads.mkdir(parents=True)
    (uploads / "scan\\of bill.png").write_bytes(bill_png)  # a Windows-style name
    secret = tmp_path / "outside.png"
    secret.write_bytes(bill_png)
    (uploads / "link.png").symlink_to(secret)  # points out of the bucket

    seen: list[tuple[str, str]] = []

    def record(event, outcome, result) -> None:
        key = json.loads(event.payload)["events"][0]["oss"]["object"]["key"]
        seen.append((key, result["records"][0]["status"]))

    queue = EventQueue(tmp_path / "runner")
    runner = LocalRunner(harness.app, queue, workers=1, poll_s=0.02, on_done=record).start()
    watcher = BucketWatcher(queue, objects, bucket=BUCKET, prefix="uploads/", region="ap-southeast-1",
                            logger=harness.app.log, on_enqueued=lambda keys: runner.notify())
    watcher.start(interval_s=0.02)
    try:
        assert _wait_for(lambda: len(seen) >= 2)
        objects.put(BUCKET, "uploads/later.png", bill_png)
        assert _wait_for(lambda: ("uploads/later.png", "SUCCEEDED") in seen)
        time.sleep(0.1)  # a few more polls: the unservable files are not announced again
        assert watcher._thread is not None and watcher._thread.is_alive()
    finally:
        watcher.stop()
        runner.stop()

    assert sorted(seen) == [("uploads/later.png", "SUCCEEDED"), ("uploads/link.png", "FAILED"),
                            ("uploads/scan\\of bill.png", "FAILED")]
    failed = harness.stack.store.list(status=Status.FAILED).records
    assert {r.source.key for r in failed} == {"uploads/link.png", "uploads/scan\\of bill.png"}
    assert all(r.error is not None and r.error.code == "OBJECT_NOT_FOUND" for r in failed)
    assert harness.calls == 1  # nothing outside the bucket was read or billed


def test_a_failing_poll_is_logged_and_the_next_one_runs(harness, bill_png, log_stream, tmp_path):
    objects = harness.stack.objects
    calls: list[str] = []

    def flaky(keys: list[str]) -> None:
        calls.extend(keys)
        if len(calls) == 1:
            raise RuntimeError("a bug in a callback")

    watcher = BucketWatcher(EventQueue(tmp_path / "runner"), objects, bucket=BUCKET, prefix="uploads/",
                            region="ap-southeast-1", logger=harness.app.log, on_enqueued=flaky)
    objects.put(BUCKET, "uploads/a.png", bill_png)
    watcher.start(interval_s=0.02)
    try:
        assert _wait_for(lambda: watcher.failed_polls >= 1)
        objects.put(BUCKET, "uploads/b.png", bill_png + b"\0")
        assert _wait_for(lambda: "uploads/b.png" in calls)
        assert watcher._thread is not None and watcher._thread.is_alive()
    finally:
        watcher.stop()
    failures = [line for line in log_lines(log_stream) if line.get("event") == "watcher.poll_failed"]
    assert failures and failures[0]["error_code"] == "RuntimeError"
