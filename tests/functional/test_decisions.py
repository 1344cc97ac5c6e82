"""Applicant data in through every cloud entry point (HTTP JSON, HTTP raw body headers, OSS metadata) and
a decision out on every record and every answer."""

from __future__ import annotations

import base64
import datetime as dt

from credrec.expected import to_metadata
from credrec.models import Expected, Status
from tests.conftest import BUCKET, log_lines
from tests.support.textpng import text_png

APPLICANT = {"name": "Ah Kow Tan", "address": "Blk 123 AMK Ave 3 #05-67 S(560123)", "country": "SG"}


def bill(clock, *, name="TAN AH KOW", days_old=20, issuer="Lion City Power Pte Ltd", **more) -> bytes:
    date = dt.datetime.fromtimestamp(clock.now(), dt.timezone.utc).date() - dt.timedelta(days=days_old)
    texts = {"Name": name, "Address": "BLK 123 ANG MO KIO AVENUE 3\n#05-67\nSINGAPORE 560123",
             "issuer": issuer, "billDate": date.strftime("%d %b %Y"), **more}
    return text_png(texts)


def recognize(harness, png: bytes, expected=None, **extra):
    body = {"image_base64": base64.b64encode(png).decode(), **extra}
    if expected is not None:
        body["expected"] = expected
    return harness.http("POST", "/recognize", body=body)


def test_the_applicant_own_recent_utility_bill_is_accepted(harness, clock):
    response = recognize(harness, bill(clock), APPLICANT)
    assert response["statusCode"] == 200, response["body"]
    decision = response["json"]["decision"]
    assert decision["outcome"] == "ACCEPT", decision
    assert [r["code"] for r in decision["reasons"]] == ["ALL_CHECKS_PASSED"]
    checks = decision["checks"]
    assert checks["name"]["verdict"] == "MATCH" and checks["address"]["verdict"] == "MATCH"
    assert checks["age"]["verdict"] == "PASS" and checks["age"]["detail"]["age_days"] == 20
    assert checks["type"]["detail"]["type"] == "utility_electricity" and checks["fraud"]["verdict"] == "PASS"
    assert decision["policy"]["name"] == "default" and len(decision["policy"]["sha256"]) == 64
    stored = harness.stack.store.get(response["json"]["id"])
    assert stored.expected == Expected(**APPLICANT) and stored.decision.outcome.value == "ACCEPT"
    fetched = harness.http("GET", f"/results/{stored.id}")
    assert fetched["json"]["decision"]["outcome"] == "ACCEPT" and fetched["json"]["expected"]["country"] == "SG"


def test_a_relative_at_the_same_address_is_rejected(harness, clock):
    response = recognize(harness, bill(clock, name="TAN AH BENG"), APPLICANT)
    decision = response["json"]["decision"]
    assert decision["outcome"] == "REJECT"
    assert decision["reasons"][0]["code"] == "NAME_MISMATCH"
    assert decision["checks"]["address"]["verdict"] == "MATCH"


def test_old_documents_and_forgery_signals_route_by_policy(harness, clock):
    old = recognize(harness, bill(clock, days_old=200), APPLICANT)["json"]["decision"]
    assert old["outcome"] == "REJECT" and "AGE_FAIL" in [r["code"] for r in old["reasons"]]
    flagged = recognize(harness, bill(clock, Fraud="Y"), APPLICANT)["json"]["decision"]
    assert flagged["outcome"] == "REVIEW" and [r["code"] for r in flagged["reasons"]] == ["FRAUD_FAIL"]


def test_without_applicant_data_the_decision_is_review(harness, clock):
    decision = recognize(harness, bill(clock))["json"]["decision"]
    assert decision["outcome"] == "REVIEW"
    codes = {r["code"] for r in decision["reasons"]}
    assert codes == {"NAME_NOT_PROVIDED", "ADDRESS_NOT_PROVIDED"}


def test_same_image_for_two_applicants_is_two_records(harness, clock):
    png = bill(clock)
    first = recognize(harness, png, APPLICANT)["json"]
    second = recognize(harness, png, {"name": "Someone Else"})["json"]
    assert first["id"] != second["id"]
    assert first["decision"]["outcome"] == "ACCEPT" and second["decision"]["outcome"] == "REJECT"
    again = recognize(harness, png, APPLICANT)["json"]
    assert again["id"] == first["id"] and harness.calls == 2


def test_raw_image_body_takes_applicant_data_from_headers(harness, clock):
    headers = {"content-type": "image/png"}
    headers.update({"x-expected-name": "Ah%20Kow%20Tan", "x-expected-country": "SG",
                    "x-expected-address": "Blk%20123%20Ang%20Mo%20Kio%20Ave%203%0A%2305-67%0ASingapore%20560123"})
    response = harness.http("POST", "/recognize", body=bill(clock), headers=headers)
    assert response["statusCode"] == 200
    record = harness.stack.store.get(response["json"]["id"])
    assert record.expected.address == "Blk 123 Ang Mo Kio Ave 3\n#05-67\nSingapore 560123"
    assert response["json"]["decision"]["outcome"] == "ACCEPT"


def test_invalid_applicant_data_is_refused_with_a_record_and_a_decision(harness, clock):
    response = recognize(harness, bill(clock), {"name": "Tan", "country": "Singapore"})
    assert response["statusCode"] == 400 and response["json"]["error"]["code"] == "INVALID_EXPECTED"
    assert "Singapore" not in response["json"]["error"]["message"]
    assert response["json"]["decision"]["outcome"] == "REJECT"
    record = harness.stack.store.get(response["json"]["id"])
    assert record.status is Status.REJECTED and record.decision.reasons[0].code == "STATUS_REJECTED"
    assert harness.calls == 0
    wrong = recognize(harness, bill(clock), ["Tan"])
    assert wrong["json"]["error"]["code"] == "INVALID_EXPECTED"


def test_rejected_upload_has_a_decision_too(harness):
    response = recognize(harness, b"not an image at all", APPLICANT)
    assert response["statusCode"] >= 400
    assert response["json"]["decision"]["outcome"] == "REJECT"
    record = harness.stack.store.get(response["json"]["id"])
    assert record.expected == Expected(**APPLICANT)


def test_oss_upload_carries_applicant_data_in_user_metadata(harness, clock):
    key = "uploads/bill-with-applicant.png"
    etag = harness.stack.objects.put(BUCKET, key, bill(clock), metadata=to_metadata(Expected(**APPLICANT))).etag
    harness.invoke(harness.oss_event((key, etag)))
    record = harness.stack.store.list(limit=10).records[0]
    assert record.expected == Expected(**APPLICANT)
    assert record.decision is not None and record.decision.outcome.value == "ACCEPT"


def test_oss_upload_without_metadata_is_decided_without_applicant(harness, clock):
    key = "uploads/bill-plain.png"
    etag = harness.put(key, bill(clock))
    harness.invoke(harness.oss_event((key, etag)))
    record = harness.stack.store.list(limit=10).records[0]
    assert record.expected is None and record.decision.outcome.value == "REVIEW"


def test_applicant_data_never_reaches_the_logs(harness, clock):
    applicant = {"name": "Zephyrine Quixote-Ngata", "address": "77 Xylophone Crescent, Wellington 6011",
                 "country": "NZ"}
    recognize(harness, bill(clock), applicant)
    key = "uploads/meta.png"
    etag = harness.stack.objects.put(BUCKET, key, bill(clock), metadata=to_metadata(Expected(**applicant))).etag
    harness.invoke(harness.oss_event((key, etag)))
    recognize(harness, bill(clock), {"name": "Zephyrine", "country": "Xylophone"})  # refused
    text = harness.app.log.stream.getvalue()
    for secret in ("Zephyrine", "Quixote", "Xylophone", "Wellington", "6011"):
        assert secret not in text
    completed = [line for line in log_lines(harness.app.log.stream) if line["event"] == "record.completed"]
    assert completed and all("decision" in line for line in completed)


def test_a_record_failed_on_its_last_delivery_is_decided_too(harness, clock):
    import pytest

    from credrec.errors import RetryableBatchError, ThrottledError
    from credrec.idempotency import oss_record_id

    harness.recognizer.faults.extend([ThrottledError("Throttling.Api") for _ in range(1000)])  # waited out within each budget
    key = "uploads/throttled.png"
    etag = harness.stack.objects.put(BUCKET, key, bill(clock), metadata=to_metadata(Expected(**APPLICANT))).etag
    event = harness.oss_event((key, etag))
    for delivery in (1, 2):  # settings.max_deliveries = 3
        with pytest.raises(RetryableBatchError):
            harness.invoke(event, request_id=f"req-{delivery}")
        assert harness.stack.store.get(oss_record_id(BUCKET, key, etag)).decision is None  # not terminal yet
    harness.invoke(event, request_id="req-3")
    record = harness.stack.store.get(oss_record_id(BUCKET, key, etag))
    assert record.status is Status.FAILED and record.error.code == "RETRIES_EXHAUSTED"
    assert record.decision.outcome.value == "REVIEW" and record.decision.reasons[0].code == "STATUS_FAILED"
    assert record.expected == Expected(**APPLICANT)


def test_oss_key_with_applicant_data_reuses_the_stored_recognition(harness, clock):
    key = "uploads/already-recognised.png"
    etag = harness.put(key, bill(clock))
    harness.invoke(harness.oss_event((key, etag)))  # the trigger recognised it (no applicant data)
    assert harness.calls == 1
    response = harness.http("POST", "/recognize", body={"oss_key": key, "expected": APPLICANT})
    assert response["statusCode"] == 200, response["body"]
    assert harness.calls == 1  # no second API call
    body = response["json"]
    assert body["decision"]["outcome"] == "ACCEPT" and body["expected"]["name"] == APPLICANT["name"]
    assert body["fields"]["name"] == "TAN AH KOW"
    other = harness.http("POST", "/recognize", body={"oss_key": key, "expected": {"name": "Someone Else"}})
    assert other["json"]["decision"]["outcome"] == "REJECT" and other["json"]["id"] != body["id"]
    assert harness.calls == 1
    fresh_key = "uploads/not-yet.png"
    harness.put(fresh_key, bill(clock))
    harness.http("POST", "/recognize", body={"oss_key": fresh_key, "expected": APPLICANT})
    assert harness.calls == 2  # nothing stored to reuse: recognised once
