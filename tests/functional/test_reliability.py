"""The issue's failure cases, replayed with FC's async delivery semantics on both results stores.

``settings`` (tests/conftest.py): max_deliveries = 3 (FC's first delivery + 2 retries), 3 API
attempts per invocation. Each test says which case of issue #9 it covers; each failed before the
fix (a record left IN_PROGRESS, a second billed call, or a record for a deletion).
"""

from __future__ import annotations

import json

import pytest

from credrec.errors import RetryableBatchError, ThrottledError
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
    rid = rig.rid("uploads/bill.png")
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
    rid = rig.rid("uploads/bill.png")
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
    rid = rig.rid("uploads/bill.png")
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
    rid = rig.rid("uploads/bill.png")
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
    rid = rig.rid("uploads/bill.png")
    rig.recognizer.faults.extend(ThrottledError("Throttling.Api") for _ in range(1000))
    for n in (1, 2, 3):
        try:
            rig.deliver(event, request_id=f"d{n}")
        except RetryableBatchError:
            pass
        rig.clock.advance(30)
    assert rig.record(rid).error.code == "RETRIES_EXHAUSTED"
    rig.recognizer.faults.clear()  # the API has capacity again
    envelope = {"requestContext": {"requestId": "d3"}, "requestPayload": json.dumps(event)}
    report = rig.app.redrive(json.dumps(envelope).encode(), seconds=60)
    assert report.done and report.records == [{"id": rid, "status": "SUCCEEDED"}]
    again = rig.app.redrive(envelope, seconds=60)
    assert again.records == [{"id": rid, "status": "SUCCEEDED"}] and rig.answers == 1


def test_sweep_without_redrive_ends_abandoned_records_failed_with_a_reason(rig):
    etag = rig.put("uploads/bill.png", text_png(BILL))
    rid = rig.rid("uploads/bill.png")
    rig.recognizer.faults.append(Killed())
    with pytest.raises(Killed):
        rig.deliver(rig.event("uploads/bill.png", etag))
    assert rig.app.sweep(seconds=60).examined == 0  # the lease is still live
    report = _sweep_later(rig, 600)
    assert report.examined == 1 and report.redriven == 1  # the default sweep re-drives
    assert rig.record(rid).status is Status.SUCCEEDED

    etag2 = rig.put("uploads/other.png", text_png(BILL))
    rid2 = rig.rid("uploads/other.png")
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


# ---------------------------------------------------------------- case 2: the final write fails after a paid answer


def test_case2_a_paid_answer_survives_a_failed_final_write_and_is_never_paid_again(rig):
    from credrec_local.adapters.answer_vault import FolderAnswerVault

    rig.app.pipeline.vault = FolderAnswerVault(rig.objects.root.parent)
    etag = rig.put("uploads/bill.png", text_png(BILL))
    event = rig.event("uploads/bill.png", etag)
    rid = rig.rid("uploads/bill.png")
    rig.store.fail("replace", 50)  # the store refuses every write after the answer arrived
    with pytest.raises(RetryableBatchError):
        rig.deliver(event, request_id="d1")
    assert rig.answers == 1 and rig.record(rid).status is Status.IN_PROGRESS
    rig.store._failing.clear()

    rig.clock.advance(120)  # FC's retry comes after the claim's lease
    result = rig.deliver(event, request_id="d2")
    record = rig.record(rid)
    assert result["records"][0]["status"] == "SUCCEEDED"
    assert record.status is Status.SUCCEEDED and record.fields.name == BILL["Name"]
    assert rig.answers == 1  # stored from the kept answer: no second call


def test_case2_the_sweeper_stores_a_kept_answer_without_a_call(rig):
    from credrec_local.adapters.answer_vault import FolderAnswerVault

    rig.app.pipeline.vault = FolderAnswerVault(rig.objects.root.parent)
    etag = rig.put("uploads/bill.png", text_png(BILL))
    rid = rig.rid("uploads/bill.png")
    rig.store.fail("replace", 50)
    with pytest.raises(RetryableBatchError):
        rig.deliver(rig.event("uploads/bill.png", etag))
    rig.store._failing.clear()
    report = _sweep_later(rig, 600)
    assert report.from_vault == 1 and rig.record(rid).status is Status.SUCCEEDED and rig.answers == 1


# ---------------------------------------------------------------- case 3: overwrite while the service fetches


class _OverwriteWhileFetching:
    """The service's fetch of a presigned URL happens after someone overwrote the key."""

    def __init__(self, rig, key: str, data: bytes) -> None:
        self.rig, self.key, self.data, self.inner, self.done = rig, key, data, rig.app.pipeline.recognizer, False

    def recognize(self, image, params, *, timeout_s=None):
        if image.url is not None and not self.done:
            self.done = True
            self.rig.put(self.key, self.data)
        return self.inner.recognize(image, params, timeout_s=timeout_s)


def test_case3_an_overwrite_during_the_call_never_puts_the_other_upload_into_the_record(rig):
    first = text_png(dict(BILL, Padding="x" * 3_200_000))
    other = {"Name": "Siti Nurhaliza", "Address": "No. 12, Jalan SS2/24, Petaling Jaya"}
    second = text_png(dict(other, Padding="y" * 3_200_000))
    etag1 = rig.put("uploads/big.png", first)
    rid1 = rig.rid("uploads/big.png")
    event1 = rig.event("uploads/big.png", etag1)
    rig.app.pipeline.recognizer = _OverwriteWhileFetching(rig, "uploads/big.png", second)

    rig.deliver(event1)
    record1 = rig.record(rid1)
    assert record1.delivery == "url" and record1.status is Status.SUCCEEDED
    assert record1.fields.name == BILL["Name"]  # the validated version's data, not the overwrite's

    etag2 = rig.objects.head(BUCKET, "uploads/big.png").etag
    rid2 = rig.rid("uploads/big.png")
    rig.deliver(rig.event("uploads/big.png", etag2))
    record2 = rig.record(rid2)
    assert rid2 != rid1 and record2.fields.name == other["Name"]
    assert record1.source.version_id != record2.source.version_id


def test_case3_an_event_that_arrives_after_the_overwrite_never_records_the_new_bytes(rig):
    first = text_png(BILL)
    etag1 = rig.put("uploads/bill.png", first)
    event1 = rig.event("uploads/bill.png", etag1)
    other = {"Name": "Siti Nurhaliza", "Address": "No. 12, Jalan SS2/24, Petaling Jaya"}
    etag2 = rig.put("uploads/bill.png", text_png(other))  # overwritten before event 1 is processed
    old = rig.deliver(event1)["records"][0]
    new = rig.deliver(rig.event("uploads/bill.png", etag2))["records"][0]
    assert old["status"] == "FAILED" and rig.record(old["id"]).error.code == "OBJECT_CHANGED"
    assert rig.record(new["id"]).fields.name == other["Name"] and rig.answers == 1


# ---------------------------------------------------------------- case 4: one canonical key


@pytest.mark.parametrize(
    "real_key, event_key",
    [
        ("uploads/a b.png", "uploads/a+b.png"),  # the event form-encodes a space
        ("uploads/a%2Bb.png", "uploads/a%2Bb.png"),  # a literal '%' in the real key
        ("uploads/a+b.png", "uploads/a%2Bb.png"),  # the event percent-encodes a '+'
    ],
)
def test_case4_trigger_and_post_recognize_share_one_record_for_keys_with_plus_or_percent(
        harness, bill_png, real_key, event_key):
    etag = harness.put(real_key, bill_png)
    by_trigger = harness.invoke(harness.oss_event((event_key, etag)))["records"][0]
    by_api = harness.http("POST", "/recognize", body={"oss_key": real_key})
    assert by_trigger["status"] == "SUCCEEDED" and by_api["statusCode"] == 200
    assert by_api["json"]["id"] == by_trigger["id"] == harness.rid(real_key)
    assert harness.calls == 1
