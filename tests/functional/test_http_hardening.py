"""Issue #10 rows 5 and 6: hostile JSON bodies and parameter values at the HTTP API."""

from __future__ import annotations

import base64

import pytest


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deeply_nested_json_is_a_400_with_a_record(harness, depth):
    body = "[" * depth + "]" * depth
    answer = harness.http("POST", "/recognize", body=body, headers={"content-type": "application/json"})
    assert answer["statusCode"] == 400, answer["body"]
    assert answer["json"]["error"]["code"] == "INVALID_REQUEST" and answer["json"]["id"]
    nested_object = '{"a":' * depth + "1" + "}" * depth
    answer = harness.http("POST", "/recognize", body=nested_object, headers={"content-type": "application/json"})
    assert answer["statusCode"] == 400 and answer["json"]["id"]
    assert harness.stack.store.get(answer["json"]["id"]).status.value == "REJECTED"
    assert harness.calls == 0


@pytest.mark.parametrize("value", ["01\n", "0101\n", "٠١", "01 ", "+01", "1_0"])
def test_doc_type_and_ocr_area_must_be_exactly_digits(harness, bill_png, value):
    image = base64.b64encode(bill_png).decode()
    for name in ("doc_type", "ocr_area"):
        answer = harness.http("POST", "/recognize", body={"image_base64": image, name: value})
        assert answer["statusCode"] == 400, (name, value, answer["body"])
        assert f"{name} must be 2 to 4 digits" in answer["json"]["error"]["message"]
        answer = harness.http("POST", "/recognize", body=bill_png, headers={"content-type": "image/png"},
                              query={name: value})
        assert answer["statusCode"] == 400, (name, value)
    assert harness.calls == 0


def test_a_result_id_with_a_trailing_newline_is_not_a_result(harness):
    assert harness.http("GET", "/results/" + "a" * 32 + "\n")["statusCode"] == 404


def test_an_event_that_is_not_utf8_is_answered_not_raised(harness):
    answer = harness.invoke(b"\xff\xfe{not json")
    assert answer["error"]["code"] == "INVALID_EVENT"
    deep = ("[" * 100_000 + "]" * 100_000).encode()
    assert harness.invoke(deep)["error"]["code"] == "INVALID_EVENT"
