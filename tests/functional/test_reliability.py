"""The issue's failure cases, replayed with FC's async delivery semantics on both results stores.

``settings`` (tests/conftest.py): max_deliveries = 3 (FC's first delivery + 2 retries), 3 API
attempts per invocation. Each test says which case of issue #9 it covers; each failed before the
fix (a record left IN_PROGRESS, a second billed call, or a record for a deletion).
"""

from __future__ import annotations

import json

import pytest

from credrec.errors import RetryableBatchError, ThrottledError
from credrec.idempotency import oss_record_id
from credrec.models import Status
from tests.conftest import BUCKET, log_lines
from tests.functional.conftest import BILL
from tests.functional.reliability_rig import STORES, Killed, make_rig
from tests.support.textpng import text_png


@pytest.fixture(params=STORES)
def rig(request, tmp_path, settings, clock, logger):
    with make_rig(request.param, tmp_path, settings, clock, logger) as made:
        yield made


def _sweep_later(rig, seconds: float = 3600):
    rig.clock.advance(seconds)
    return rig.app.sweep(seconds=60)


# ---------------------------------------------------------------- case 1a: killed holder, retries inside the lease


def test_case1a_retries_inside_a_killed_claims_lease_wait_for_it_and_finish(rig):
    etag = rig.put("uploads/bill.png", text_png(BILL))
    event = rig.event("uploads/bill.png", etag)
    rid = oss_record_id(BUCKET, "uploads/bill.png", etag)
    rig.recognizer.faults.append(Killed())
    with pytest.raises(Killed):
        rig.deliver(event, request_id="d1")  # the instance dies during the API call
    assert rig.record(rid).status is Status.IN_PROGRESS

    rig.clock.advance(30)  # FC retries ~30 s later, inside the dead claim's lease
    result = rig.deliver(event, request_id="d2")
    record = rig.record(rid)
    assert result["records"][0]["status"] == "SUCCEEDED"
    assert record.status is Status.SUCCEEDED and record.deliveries == 2
    assert rig.answers == 1


def test_case1a_last_delivery_that_cannot_outwait_the_lease_leaves_it_to_one_sweep(rig):
    etag = rig.put("uploads/bill.png", text_png(BILL))
    event = rig.event("uploads/bill.png", etag)
    rid = oss_record_id(BUCKET, "uploads/bill.png", etag)
    rig.recognizer.faults.append(Killed())
    with pytest.raises(Killed):
        rig.deliver(event, timeout=120, request_id="d1")  # lease ~133 s
    rig.clock.advance(30)
    with pytest.raises(RetryableBatchError):
        rig.deliver(event, timeout=10, request_id="d2")  # busy, counted, FC will retry
    rig.clock.advance(30)
    last = rig.deliver(event, timeout=10, request_id="d3")  # the last delivery: does not raise
    assert last["records"][0]["status"] == "IN_PROGRESS"
    assert rig.record(rid).deliveries == 3

    report = _sweep_later(rig, 200)
    record = rig.record(rid)
    assert report.finished == {"SUCCEEDED": 1} and report.redriven == 1
    assert record.status is Status.SUCCEEDED and rig.answers == 1


# ---------------------------------------------------------------- case 1b: busy store, then throttling


def test_case1b_busy_store_then_throttling_ends_terminal_after_one_sweep(rig):
    etag = rig.put("uploads/bill.png", text_png(BILL))
    event = rig.event("uploads/bill.png", etag)
    rid = oss_record_id(BUCKET, "uploads/bill.png", etag)
    rig.store.down = True
    with pytest.raises(RetryableBatchError):
        rig.deliver(event, request_id="d1")  # the store is busy for the whole invocation
    rig.store.down = False
    rig.recognizer.faults.extend(ThrottledError("Throttling.Api") for _ in range(200))
    for n in (2, 3):
        rig.clock.advance(30)
        outcome = None
        try:
            outcome = rig.deliver(event, request_id=f"d{n}")
        except RetryableBatchError:
            pass
        if n == 2:
            assert outcome is None  # given back for FC's next delivery
    record = rig.record(rid)
    # delivery 1 never reached the store, so delivery 3 was only the record's second: given back
    assert record.status is Status.IN_PROGRESS and record.holder is None and record.deliveries == 2

    report = _sweep_later(rig, 3600)  # throttling persists: the sweep ends it with the reason
    record = rig.record(rid)
    assert report.finished == {"FAILED": 1}
    assert record.status is Status.FAILED and record.error.code in ("THROTTLED", "RETRIES_EXHAUSTED")
    assert rig.answers == 0


def test_case1b_throttling_on_every_delivery_ends_failed_on_the_last_one(rig):
    etag = rig.put("uploads/bill.png", text_png(BILL))
    event = rig.event("uploads/bill.png", etag)
    rid = oss_record_id(BUCKET, "uploads/bill.png", etag)
    rig.recognizer.faults.extend(ThrottledError("Throttling.Api") for _ in range(300))
    for n in (1, 2):
        with pytest.raises(RetryableBatchError):
            rig.deliver(event, request_id=f"d{n}")
        rig.clock.advance(30)
    result = rig.deliver(event, request_id="d3")  # the last delivery returns: no dead letter
    record = rig.record(rid)
    assert result["records"][0]["status"] == "FAILED"
    assert record.status is Status.FAILED and record.error.code == "RETRIES_EXHAUSTED"
    assert record.deliveries == 3 and rig.store.inner.due(before=rig.clock.now() + 10**6) == []


# ---------------------------------------------------------------- dead letters


def test_dead_letter_message_is_redriven_once_and_idempotently(rig):
    etag = rig.put("uploads/bill.png", text_png(BILL))
    event = rig.event("uploads/bill.png", etag)
    rid = oss_record_id(BUCKET, "uploads/bill.png", etag)
    rig.recognizer.faults.extend(ThrottledError("Throttling.Api") for _ in range(9))
    for n in (1, 2, 3):
        try:
            rig.deliver(event, request_id=f"d{n}")
        except RetryableBatchError:
            pass
        rig.clock.advance(30)
    assert rig.record(rid).error.code == "RETRIES_EXHAUSTED"
    envelope = {"requestContext": {"requestId": "d3"}, "requestPayload": json.dumps(event)}
    report = rig.app.redrive(json.dumps(envelope).encode(), seconds=60)
    assert report.done and report.records == [{"id": rid, "status": "SUCCEEDED"}]
    again = rig.app.redrive(envelope, seconds=60)
    assert again.records == [{"id": rid, "status": "SUCCEEDED"}] and rig.answers == 1


def test_sweep_without_redrive_ends_abandoned_records_failed_with_a_reason(rig):
    etag = rig.put("uploads/bill.png", text_png(BILL))
    rid = oss_record_id(BUCKET, "uploads/bill.png", etag)
    rig.recognizer.faults.append(Killed())
    with pytest.raises(Killed):
        rig.deliver(rig.event("uploads/bill.png", etag))
    assert rig.app.sweep(seconds=60).examined == 0  # the lease is still live
    report = _sweep_later(rig, 600)
    assert report.examined == 1 and report.redriven == 1  # the default sweep re-drives
    assert rig.record(rid).status is Status.SUCCEEDED

    etag2 = rig.put("uploads/other.png", text_png(BILL))
    rid2 = oss_record_id(BUCKET, "uploads/other.png", etag2)
    rig.recognizer.faults.append(Killed())
    with pytest.raises(Killed):
        rig.deliver(rig.event("uploads/other.png", etag2))
    rig.clock.advance(600)
    report = rig.app.sweep(seconds=60, redrive=False)
    record = rig.record(rid2)
    assert report.finished == {"FAILED": 1} and record.status is Status.FAILED
    assert record.error.code == "ABANDONED" and record.error.retryable


# ---------------------------------------------------------------- case 7: not an upload


def test_case7_object_removed_events_are_counted_and_skipped(rig, log_stream):
    etag = rig.put("uploads/bill.png", text_png(BILL))
    removed = rig.event("uploads/bill.png", etag, name="ObjectRemoved:DeleteObject")
    created = rig.event("uploads/bill.png", etag)
    result = rig.deliver({"events": removed["events"] + created["events"]})
    assert [r["status"] for r in result["records"]] == ["SUCCEEDED"]
    assert len(rig.all_records()) == 1 and rig.answers == 1
    done = [line for line in log_lines(log_stream) if line["event"] == "event.done"]
    assert done[-1]["skipped"] == {"ObjectRemoved:DeleteObject": 1}
    only_removed = rig.deliver(removed)
    assert only_removed == {"records": []} and rig.answers == 1 and len(rig.all_records()) == 1
