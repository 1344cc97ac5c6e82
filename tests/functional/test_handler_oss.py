"""OSS trigger path through the real handler: every upload ends as exactly one record."""

from __future__ import annotations

import pytest

from credrec.errors import (
    RetryableBatchError,
    ThrottledError,
    UpstreamRejectedError,
)
from credrec.models import Status
from tests.conftest import BUCKET, load_event, log_lines
from tests.functional.conftest import BILL
from tests.support.textpng import text_png


def records(h):
    return h.stack.store.list(limit=100).records


def test_upload_becomes_succeeded_record_with_name_and_address(harness, bill_png):
    etag = harness.put("uploads/bill.png", bill_png)
    result = harness.invoke(harness.oss_event(("uploads/bill.png", etag)))

    rid = harness.rid("uploads/bill.png")
    assert result == {"records": [{"id": rid, "status": "SUCCEEDED"}]}
    record = harness.stack.store.get(rid)
    assert record.status is Status.SUCCEEDED
    assert record.fields.name == BILL["Name"]
    assert record.fields.address == BILL["Address"]
    assert record.sub_code == "200" and record.delivery == "base64" and record.attempts == 1
    assert record.source.key == "uploads/bill.png" and record.source.etag == etag
    assert record.fraud.checked is True and record.fraud.suspicious is False
    assert record.ext_id_info and "recInfo" in record.ext_id_info


def test_same_event_twice_costs_one_recognition(harness, bill_png):
    etag = harness.put("uploads/bill.png", bill_png)
    event = harness.oss_event(("uploads/bill.png", etag))
    first = harness.invoke(event)
    second = harness.invoke(event, request_id="req-0002")
    assert first == second
    assert harness.calls == 1
    assert len(records(harness)) == 1
    duplicate = [line for line in log_lines_of(harness) if line["event"] == "record.duplicate"]
    assert duplicate and duplicate[0]["request_id"] == "req-0002"


def log_lines_of(h):
    return log_lines(h.app.log.stream)


def test_multi_record_event_isolates_each_entry(harness, bill_png):
    good1 = harness.put("uploads/a.png", bill_png)
    corrupt = harness.put("uploads/corrupt.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64)
    good2 = harness.put("uploads/b.png", text_png({"Name": "Siti Nurhaliza", "Address": "No. 12, Jalan SS2/24"}))
    event = harness.oss_event(("uploads/a.png", good1), ("uploads/corrupt.jpg", corrupt),
                              ("uploads/deleted.png", "ABC123"), ("uploads/b.png", good2))
    result = harness.invoke(event)
    assert [r["status"] for r in result["records"]] == ["SUCCEEDED", "REJECTED", "FAILED", "SUCCEEDED"]
    assert harness.calls == 2  # the corrupt and the missing object were never sent to the API
    by_status = {r.status: r for r in records(harness)}
    assert by_status[Status.REJECTED].error.code == "CORRUPT_IMAGE"
    assert by_status[Status.FAILED].error.code == "OBJECT_NOT_FOUND"
    assert by_status[Status.FAILED].error.retryable is False


def test_sample_multi_record_event_file_yields_one_record_per_entry(harness, bill_png):
    event = load_event("oss-multi-record.json")
    harness.put("uploads/samples/my-water-bill.jpg", bill_png)  # wrong magic for .jpg name is fine: PNG bytes
    result = harness.invoke(event)
    assert len(result["records"]) == 4
    assert len(records(harness)) == 4
    # the sample carries placeholder eTags, so the existing object is reported as changed, not processed
    assert harness.calls == 0


@pytest.mark.parametrize(
    "stored_key, event_key",
    [
        ("uploads/Tan Wei Ming 账单.png", "uploads/Tan%20Wei%20Ming%20%E8%B4%A6%E5%8D%95.png"),  # encoded
        ("uploads/Tan Wei Ming 账单.png", "uploads/Tan Wei Ming 账单.png"),  # sent raw
        ("uploads/a+b.png", "uploads/a+b.png"),  # literal plus
        ("uploads/a b.png", "uploads/a+b.png"),  # form-encoded space
        ("uploads/100%.png", "uploads/100%.png"),  # a literal percent that is not an escape
    ],
)
def test_url_encoded_and_unicode_keys_resolve(harness, bill_png, stored_key, event_key):
    etag = harness.put(stored_key, bill_png)
    result = harness.invoke(harness.oss_event((event_key, etag)))
    assert result["records"][0]["status"] == "SUCCEEDED"
    record = harness.stack.store.get(result["records"][0]["id"])
    assert record.source.key == stored_key


def test_deleted_object_is_failed_with_code_and_no_api_call(harness):
    result = harness.invoke(harness.oss_event(("uploads/gone.png", "0123ABCD")))
    record = harness.stack.store.get(result["records"][0]["id"])
    assert record.status is Status.FAILED and record.error.code == "OBJECT_NOT_FOUND"
    assert harness.calls == 0


def test_overwritten_object_is_not_recognised_under_the_old_event(harness, bill_png):
    harness.put("uploads/bill.png", bill_png)
    result = harness.invoke(harness.oss_event(("uploads/bill.png", "D41D8CD98F00B204E9800998ECF8427E")))
    record = harness.stack.store.get(result["records"][0]["id"])
    assert record.status is Status.FAILED and record.error.code == "OBJECT_CHANGED"
    assert harness.calls == 0


@pytest.mark.parametrize(
    "data, code",
    [
        (b"", "EMPTY_FILE"),
        (b"GIF89a" + b"\x00" * 100, "UNSUPPORTED_FORMAT"),
        (b"%PDF-1.7\n" + b"\x00" * 100, "PDF_REQUIRES_V2"),  # V1 (the default) takes images only
        (text_png({"Name": "x"}, width=15, height=400), "IMAGE_TOO_SMALL"),
        (text_png({"Name": "x"}, width=20, height=1000), "ASPECT_RATIO_TOO_LARGE"),
    ],
)
def test_bad_images_are_rejected_without_an_api_call(harness, data, code):
    etag = harness.put("uploads/bad.bin", data)
    result = harness.invoke(harness.oss_event(("uploads/bad.bin", etag)))
    record = harness.stack.store.get(result["records"][0]["id"])
    assert record.status is Status.REJECTED and record.error.code == code
    assert harness.calls == 0


def test_large_image_goes_by_presigned_url(harness):
    big = text_png(dict(BILL, Padding="x" * 3_200_000))
    assert len(big) > 3_000_000
    etag = harness.put("uploads/big.png", big)
    result = harness.invoke(harness.oss_event(("uploads/big.png", etag)))
    record = harness.stack.store.get(result["records"][0]["id"])
    assert record.status is Status.SUCCEEDED and record.delivery == "url"
    assert record.fields.name == BILL["Name"]


def test_image_over_ten_megabytes_is_rejected_before_download(harness):
    huge = text_png(dict(BILL, Padding="x" * 10_100_000))
    etag = harness.put("uploads/huge.png", huge)
    result = harness.invoke(harness.oss_event(("uploads/huge.png", etag)))
    record = harness.stack.store.get(result["records"][0]["id"])
    assert record.status is Status.REJECTED and record.error.code == "FILE_TOO_LARGE"
    assert harness.calls == 0


def test_throttling_is_retried_inside_the_invocation(harness, bill_png, clock):
    harness.recognizer.faults.extend([ThrottledError("Throttling.Api"), ThrottledError("Throttling.Api")])
    etag = harness.put("uploads/bill.png", bill_png)
    result = harness.invoke(harness.oss_event(("uploads/bill.png", etag)))
    record = harness.stack.store.get(result["records"][0]["id"])
    assert record.status is Status.SUCCEEDED and record.attempts == 3
    assert len(clock.sleeps) == 2 and all(0 < s <= 4.0 for s in clock.sleeps)
    assert clock.sleeps[1] >= 0.2  # backoff grows: second delay is at least half of the doubled step


def test_persistent_throttling_is_reraised_for_fc_then_failed_on_last_delivery(harness, bill_png):
    harness.recognizer.faults.extend([ThrottledError("Throttling.Api") for _ in range(1000)])
    etag = harness.put("uploads/bill.png", bill_png)
    event = harness.oss_event(("uploads/bill.png", etag))
    rid = harness.rid("uploads/bill.png")

    for delivery in (1, 2):  # settings.max_deliveries = 3
        with pytest.raises(RetryableBatchError):
            harness.invoke(event, request_id=f"req-{delivery}")
        pending = harness.stack.store.get(rid)
        assert pending.status is Status.IN_PROGRESS and pending.holder is None  # given back
        assert pending.error.code == "THROTTLED" and pending.deliveries == delivery

    result = harness.invoke(event, request_id="req-3")
    record = harness.stack.store.get(rid)
    assert result["records"][0]["status"] == "FAILED"
    assert record.status is Status.FAILED and record.error.code == "RETRIES_EXHAUSTED" and record.error.retryable
    assert "THROTTLED" in record.error.message
    # throttling is waited out inside each invocation's budget, not limited to max_attempts (3)
    assert record.attempts > 3 * 3 and record.deliveries == 3


def test_permanent_api_error_is_not_retried(harness, bill_png):
    harness.recognizer.faults.append(UpstreamRejectedError("InvalidParameter: DocType", code="InvalidParameter"))
    etag = harness.put("uploads/bill.png", bill_png)
    result = harness.invoke(harness.oss_event(("uploads/bill.png", etag)))
    record = harness.stack.store.get(result["records"][0]["id"])
    assert record.status is Status.FAILED and record.error.code == "InvalidParameter"
    assert record.attempts == 1 and harness.recognizer.attempts == 1


def test_retry_stops_when_the_invocation_runs_out_of_time(harness, bill_png, clock):
    harness.recognizer.faults.extend([ThrottledError("Throttling.Api", retry_after_s=30) for _ in range(5)])
    etag = harness.put("uploads/bill.png", bill_png)
    with pytest.raises(RetryableBatchError):
        harness.invoke(harness.oss_event(("uploads/bill.png", etag)), timeout=5)
    assert harness.recognizer.attempts == 1  # a 4 s max backoff would not leave time for another attempt
    assert clock.sleeps == []


def test_no_text_and_fraud_outcomes(harness):
    blank = harness.put("uploads/blank.png", text_png({}))
    forged = harness.put("uploads/forged.png", text_png(dict(BILL, Fraud="Y")))
    result = harness.invoke(harness.oss_event(("uploads/blank.png", blank), ("uploads/forged.png", forged)))
    no_text, flagged = (harness.stack.store.get(r["id"]) for r in result["records"])
    assert no_text.status is Status.NO_TEXT and no_text.sub_code == "213"
    assert flagged.status is Status.SUCCEEDED and flagged.sub_code == "212"
    assert flagged.fraud.suspicious is True and flagged.fraud.types == ["PS"] and flagged.note == "fraud_check_failed"


def test_malformed_entry_is_recorded_and_does_not_block_the_others(harness, bill_png):
    etag = harness.put("uploads/bill.png", bill_png)
    event = harness.oss_event(("uploads/bill.png", etag))
    event["events"].insert(0, {"eventName": "ObjectCreated:PutObject", "oss": {"bucket": {"name": BUCKET}}})
    result = harness.invoke(event)
    assert [r["status"] for r in result["records"]] == ["REJECTED", "SUCCEEDED"]
    rejected = harness.stack.store.get(result["records"][0]["id"])
    assert rejected.error.code == "INVALID_EVENT"


@pytest.mark.parametrize("payload", [b"not json", b"[1,2]", b'{"hello": "world"}'])
def test_unrecognised_payloads_answer_an_error_instead_of_crashing(harness, payload):
    result = harness.invoke(payload)
    assert result["error"]["code"] in ("INVALID_EVENT", "UNRECOGNISED_EVENT")
    assert records(harness) == []


def test_event_as_str_and_as_bytes_are_both_accepted(harness, bill_png):
    import json as _json
    etag = harness.put("uploads/bill.png", bill_png)
    event = harness.oss_event(("uploads/bill.png", etag))
    assert harness.invoke(_json.dumps(event))["records"][0]["status"] == "SUCCEEDED"
    assert harness.invoke(_json.dumps(event).encode())["records"][0]["status"] == "SUCCEEDED"
    assert harness.calls == 1


def test_logs_carry_ids_and_outcomes_but_no_personal_data(harness, bill_png):
    key = "uploads/Tan Wei Ming proof of address.png"
    etag = harness.put(key, bill_png)
    harness.invoke(harness.oss_event((key, etag)))
    text = harness.app.log.stream.getvalue()
    lines = log_lines(harness.app.log.stream)
    completed = [line for line in lines if line["event"] == "record.completed"]
    assert completed and completed[0]["status"] == "SUCCEEDED" and completed[0]["record_id"]
    assert completed[0]["request_id"] == "req-0001" and completed[0]["key_hash"]
    for secret in ("Tan Wei Ming", "Ang Mo Kio", "560123", "#05-67", "proof of address", "iVBOR"):
        assert secret not in text
