"""Issue #10 item 3 and row 11: one exception tree, statuses carried by the errors, no upstream text
in HTTP answers."""

from __future__ import annotations

import base64
import inspect

import pytest

from credrec import errors, http_api, pipeline
from credrec.adapters._errors import map_cloudauth_error
from credrec.errors import ConfigurationError, CredrecError, StoreError
from credrec.models import RecordError, Status


@pytest.mark.parametrize("module", [pipeline, http_api])
def test_error_classes_live_only_in_errors_py(module):
    defined_here = [name for name, obj in inspect.getmembers(module, inspect.isclass)
                    if issubclass(obj, BaseException) and obj.__module__ == module.__name__]
    assert defined_here == []


def test_every_error_class_declares_its_http_status_and_upstream_facts():
    classes = [obj for _, obj in inspect.getmembers(errors, inspect.isclass) if issubclass(obj, CredrecError)]
    assert len(classes) >= 24
    for cls in classes:
        assert 400 <= cls.http_status <= 599, cls
    err = ConfigurationError("x", upstream_code="Code", upstream_status=404, request_id="RID", detail="d")
    assert (err.upstream_code, err.upstream_status, err.request_id, err.detail) == ("Code", 404, "RID", "d")


def _upstream_rejection() -> CredrecError:
    from alibabacloud_tea_openapi import exceptions as ex

    server_text = "CloudAuth said: picture at https://bucket/uploads/Jane-Doe.png?sig=1 is unqualified"
    return map_cloudauth_error(ex.ClientException(
        status_code=400, code="UnqualifiedPhoto", message=server_text, request_id="REQ-123",
        data={"RequestId": "REQ-123", "Code": "UnqualifiedPhoto", "Message": server_text}))


def test_http_answers_carry_no_upstream_text(harness, bill_png):
    """Row 11: before, the body said 'CloudAuth CredentialRecognitionIntl: HTTP 400 …: <server text>
    (request id REQ-123)'; the record keeps that for operators, the HTTP client never sees it."""
    harness.recognizer.faults.append(_upstream_rejection())
    answer = harness.http("POST", "/recognize", body={"image_base64": base64.b64encode(bill_png).decode()})
    assert answer["statusCode"] == 502
    shown = harness.http("GET", "/results/" + answer["json"]["id"])
    listed = harness.http("GET", "/results")
    for body in (answer["body"], shown["body"], listed["body"]):
        for private in ("CloudAuth", "CredentialRecognitionIntl", "Jane-Doe", "REQ-123", "unqualified"):
            assert private not in body, (private, body)
    assert "detail" not in shown["json"]["error"] and "detail" not in listed["json"]["records"][0]["error"]
    assert answer["json"]["error"]["code"] == "UPSTREAM_REJECTED"
    assert shown["json"]["error"]["upstream_code"] == "UnqualifiedPhoto"
    record = harness.stack.store.get(answer["json"]["id"])
    assert record.error is not None and "REQ-123" in (record.error.detail or "")  # kept for operators


def test_a_records_status_comes_from_its_error(harness, bill_png):
    """The error→status table is gone: a store failure is a 500 because StoreError says so."""
    harness.recognizer.faults.append(StoreError("the result store refused the request", code="STORE_ERROR"))
    answer = harness.http("POST", "/recognize", body={"image_base64": base64.b64encode(bill_png).decode()})
    assert answer["statusCode"] == 500 and answer["json"]["error"]["code"] == "STORE_ERROR"
    record = harness.stack.store.get(answer["json"]["id"])
    assert record.error is not None and record.error.http_status == 500


def test_records_written_before_statuses_were_kept_still_answer():
    from credrec.models import Record, Source

    old = Record(id="0" * 32, status=Status.FAILED, source=Source(kind="http"), created_at=0, updated_at=0,
                 error=RecordError(code="SUBCODE_205", message="x"))
    assert http_api.record_status(old) == 502
    assert http_api.record_status(old.model_copy(update={"status": Status.REJECTED})) == 400
