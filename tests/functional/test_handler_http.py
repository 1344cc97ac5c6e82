"""HTTP trigger path through the real handler: auth, routes, errors, one record per call."""

from __future__ import annotations

import base64

import pytest

from credrec.errors import ThrottledError
from credrec.models import Status
from tests.conftest import load_event, log_lines
from tests.functional.conftest import BILL
from tests.support.textpng import text_png


def count(h):
    return len(h.stack.store.list(limit=100).records)


def test_healthz_needs_no_token(harness):
    response = harness.invoke(load_event("http-healthz.json"))
    assert response["statusCode"] == 200
    assert response["headers"]["content-type"].startswith("application/json")


@pytest.mark.parametrize("token", [None, "wrong-token", ""])
def test_every_other_route_requires_the_bearer_token(harness, bill_png, token):
    for method, path, body in [("POST", "/recognize", {"image_base64": base64.b64encode(bill_png).decode()}),
                               ("GET", "/results", None), ("GET", "/results/" + "a" * 32, None)]:
        response = harness.http(method, path, body=body, token=token)
        assert response["statusCode"] == 401
        assert response["json"]["error"]["code"] == "UNAUTHORIZED"
        assert response["headers"]["www-authenticate"].startswith("Bearer")
    assert harness.calls == 0 and count(harness) == 0


def test_sample_unauthenticated_event_is_refused(harness):
    response = harness.invoke(load_event("http-unauthenticated.json"))
    assert response["statusCode"] == 401


def test_token_not_configured_refuses_everything(harness, bill_png):
    harness.app.http.settings = harness.app.settings.model_copy(update={"http_token_sha256": None})
    response = harness.http("GET", "/results")
    assert response["statusCode"] == 401


def test_recognize_base64_json_returns_the_record(harness, bill_png):
    response = harness.http("POST", "/recognize", body={"image_base64": base64.b64encode(bill_png).decode()})
    assert response["statusCode"] == 200, response["body"]
    body = response["json"]
    assert body["status"] == "SUCCEEDED" and body["fields"]["name"] == BILL["Name"]
    assert body["fraud"]["checked"] is True and "owner" not in body and "lease_until" not in body
    assert response["headers"]["cache-control"] == "no-store"
    fetched = harness.http("GET", f"/results/{body['id']}")
    assert fetched["statusCode"] == 200 and fetched["json"]["fields"]["address"] == BILL["Address"]


def test_recognize_raw_image_body_with_query_parameters(harness, bill_png):
    response = harness.http("POST", "/recognize", body=bill_png, headers={"content-type": "image/png"},
                            query={"fraud_check": "false", "doc_type": "04", "ocr_area": "0401"})
    assert response["statusCode"] == 200
    assert response["json"]["params"] == {"doc_type": "04", "ocr_area": "0401", "fraud_check": False}
    assert response["json"]["fraud"]["checked"] is False


def test_same_image_twice_is_recognised_once(harness, bill_png):
    body = {"image_base64": base64.b64encode(bill_png).decode()}
    first = harness.http("POST", "/recognize", body=body)
    second = harness.http("POST", "/recognize", body=body)
    assert first["json"]["id"] == second["json"]["id"] and harness.calls == 1


def test_idempotency_key_replays_the_stored_result(harness, bill_png):
    other = text_png({"Name": "Someone Else", "Address": "1 Other Road"})
    first = harness.http("POST", "/recognize", body={"image_base64": base64.b64encode(bill_png).decode()},
                         headers={"idempotency-key": "order-42"})
    second = harness.http("POST", "/recognize", body={"image_base64": base64.b64encode(other).decode()},
                          headers={"idempotency-key": "order-42"})
    assert second["json"]["id"] == first["json"]["id"]
    assert second["json"]["fields"]["name"] == BILL["Name"] and harness.calls == 1


def test_oss_key_shares_the_trigger_record(harness, bill_png):
    etag = harness.put("uploads/bill.png", bill_png)
    harness.invoke(harness.oss_event(("uploads/bill.png", etag)))
    response = harness.http("POST", "/recognize", body={"oss_key": "uploads/bill.png"})
    assert response["statusCode"] == 200
    assert response["json"]["id"] == harness.rid("uploads/bill.png")
    assert harness.calls == 1


@pytest.mark.parametrize("key", ["private/secret.png", "uploads/../private/secret.png", "/uploads/a.png",
                                 "uploads/", "https://evil.example/a.png", "uploads/a\x00.png"])
def test_oss_key_is_confined_to_the_upload_prefix(harness, bill_png, key):
    harness.put("uploads/a.png", bill_png)
    response = harness.http("POST", "/recognize", body={"oss_key": key})
    assert response["statusCode"] == 403, response["body"]
    assert response["json"]["error"]["code"] == "KEY_NOT_ALLOWED"
    record = harness.stack.store.get(response["json"]["id"])
    assert record.status is Status.REJECTED and harness.calls == 0


def test_oss_key_for_a_missing_object_is_404_with_a_record(harness):
    response = harness.http("POST", "/recognize", body={"oss_key": "uploads/missing.png"})
    assert response["statusCode"] == 404
    record = harness.stack.store.get(response["json"]["id"])
    assert record.status is Status.FAILED and record.error.code == "OBJECT_NOT_FOUND"


@pytest.mark.parametrize(
    "body, status, code",
    [
        ({"image_url": "http://169.254.169.254/latest/meta-data"}, 400, "URL_NOT_ALLOWED"),
        ({"image_base64": "aGVsbG8=", "oss_key": "uploads/a.png"}, 400, "INVALID_REQUEST"),
        ({}, 400, "INVALID_REQUEST"),
        ({"image_base64": "%%%not-base64%%%"}, 400, "INVALID_REQUEST"),
        ({"image_base64": base64.b64encode(b"GIF89a" + b"\0" * 64).decode()}, 415, "UNSUPPORTED_FORMAT"),
        ({"image_base64": base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 64).decode()}, 400, "CORRUPT_IMAGE"),
        ({"image_base64": base64.b64encode(b"\0" * 3_100_000).decode()}, 413, "FILE_TOO_LARGE"),
        ({"image_base64": "aGVsbG8=", "doc_type": "abc"}, 400, "INVALID_REQUEST"),
        ({"image_base64": "aGVsbG8=", "fraud_check": "maybe"}, 400, "INVALID_REQUEST"),
        ({"image_base64": "aGVsbG8=", "callback": "x"}, 400, "INVALID_REQUEST"),
    ],
)
def test_bad_requests_get_clear_errors_and_a_record_but_no_api_call(harness, body, status, code):
    response = harness.http("POST", "/recognize", body=body)
    assert response["statusCode"] == status, response["body"]
    assert response["json"]["error"]["code"] == code
    assert harness.stack.store.get(response["json"]["id"]).status is Status.REJECTED
    assert harness.calls == 0


def test_unsupported_media_type_and_malformed_json(harness):
    assert harness.http("POST", "/recognize", body="a=b", headers={"content-type": "text/plain"})["statusCode"] == 415
    bad = harness.http("POST", "/recognize", body="{not json", headers={"content-type": "application/json"})
    assert bad["statusCode"] == 400 and bad["json"]["error"]["code"] == "INVALID_REQUEST"


def test_raw_body_over_the_inline_limit_is_413(harness):
    response = harness.http("POST", "/recognize", body=b"\x89PNG" + b"\0" * 3_000_001,
                            headers={"content-type": "image/png"})
    assert response["statusCode"] == 413


def test_throttled_http_call_answers_429_then_succeeds_when_retried(harness, bill_png):
    # throttling is waited out for as long as the request's time allows, then answered 429
    harness.recognizer.faults.extend([ThrottledError("Throttling.Api") for _ in range(1000)])
    body = {"image_base64": base64.b64encode(bill_png).decode()}
    first = harness.http("POST", "/recognize", body=body)
    assert first["statusCode"] == 429 and first["json"]["error"]["code"] == "THROTTLED"
    record = harness.stack.store.get(first["json"]["id"])
    assert record.status is Status.FAILED and record.error.retryable and record.attempts > 3
    harness.recognizer.faults.clear()
    second = harness.http("POST", "/recognize", body=body)
    assert second["statusCode"] == 200 and second["json"]["id"] == first["json"]["id"]
    assert second["json"]["attempts"] == record.attempts + 1


def test_results_listing_filters_pages_and_validates(harness):
    ids = set()
    for i in range(5):
        png = text_png({"Name": f"Person {i}", "Address": f"{i} Road"})
        ids.add(harness.http("POST", "/recognize", body={"image_base64": base64.b64encode(png).decode()})["json"]["id"])
    harness.http("POST", "/recognize", body={"image_base64": base64.b64encode(b"GIF89a").decode()})
    seen, cursor = [], None
    while True:
        query = {"status": "SUCCEEDED", "limit": "2"} | ({"cursor": cursor} if cursor else {})
        page = harness.http("GET", "/results", query=query)
        assert page["statusCode"] == 200
        seen += [r["id"] for r in page["json"]["records"]]
        cursor = page["json"]["cursor"]
        if not cursor:
            break
    assert set(seen) == ids and len(seen) == 5
    assert harness.http("GET", "/results", query={"status": "DONE"})["statusCode"] == 400
    assert harness.http("GET", "/results", query={"limit": "1000"})["statusCode"] == 400
    assert harness.http("GET", "/results", query={"cursor": "!!bad!!"})["statusCode"] == 400


def test_unknown_routes_and_methods(harness):
    assert harness.http("GET", "/nope")["statusCode"] == 404
    assert harness.http("GET", "/results/" + "f" * 32)["statusCode"] == 404
    assert harness.http("GET", "/recognize")["statusCode"] == 405
    assert harness.http("DELETE", "/results")["statusCode"] == 405


def test_http_logs_have_route_and_status_but_no_token_or_personal_data(harness, bill_png):
    applicant = {"name": "Quentin Applicant-Xu", "address": "9 Zebra Lane, Singapore 123456", "country": "SG"}
    harness.http("POST", "/recognize", body={"image_base64": base64.b64encode(bill_png).decode(),
                                             "expected": applicant})
    harness.http("GET", "/results", token="wrong-token-value")
    text = harness.app.log.stream.getvalue()
    requests = [line for line in log_lines(harness.app.log.stream) if line["event"] == "http.request"]
    assert [(r["route"], r["http_status"]) for r in requests] == [("/recognize", 200), ("/results", 401)]
    for secret in ("Tan Wei Ming", "Ang Mo Kio", "test-token", "wrong-token-value", "iVBOR",
                   "Quentin", "Applicant-Xu", "Zebra", "123456"):
        assert secret not in text
