"""Event views over the sample FC payloads in events/."""

from __future__ import annotations

import base64
import json

import pytest

from credrec.errors import InvalidRequestError
from credrec.events import HttpRequest, OssEvent, decode_payload, is_http_event, is_oss_event, normalise_etag
from tests.conftest import EVENTS, load_event


@pytest.mark.parametrize("path", sorted(EVENTS.glob("*.json")), ids=lambda p: p.name)
def test_every_sample_event_is_classified(path):
    payload = decode_payload(path.read_bytes())
    assert is_http_event(payload) != is_oss_event(payload)


def test_oss_record_fields():
    record = OssEvent(load_event("oss-put-object.json")).records[0]
    assert record.bucket == "credrec-uploads"
    assert record.key == "uploads/samples/sg-electricity-bill.png"
    assert record.event_name == "ObjectCreated:PutObject"
    assert record.request_id and record.size == 123456 and record.problem() is None


def test_encoded_key_candidates_try_raw_then_decoded():
    record = OssEvent(load_event("oss-encoded-key.json")).records[0]
    assert record.key == "uploads/samples/Tan Wei Ming 账单.png"
    assert record.key_candidates()[0] == record.raw_key
    assert record.key_candidates()[1] == "uploads/samples/Tan Wei Ming 账单.png"


def test_plus_keys_try_literal_before_space():
    record = OssEvent({"events": [{"oss": {"bucket": {"name": "b"}, "object": {"key": "a+b.png", "eTag": "x"}}}]}).records[0]
    assert record.key_candidates() == ["a+b.png", "a b.png"]


@pytest.mark.parametrize("raw, expected", [('"abc"', "ABC"), ("abc", "ABC"), ('"5B3C-2"', "5B3C-2"), (None, None)])
def test_etag_normalisation(raw, expected):
    assert normalise_etag(raw) == expected


def test_problem_explains_malformed_entries():
    assert OssEvent({"events": ["oops"]}).records[0].problem() == "event entry is not an object"
    entry = {"oss": {"bucket": {"name": "b"}, "object": {"eTag": "x"}}}
    assert "object.key" in OssEvent({"events": [entry]}).records[0].problem()


def test_http_view_decodes_path_headers_query_and_body():
    event = load_event("http-recognize-oss-key.json")
    event["rawPath"] = "/results%2Fx"
    event["requestContext"]["http"].pop("path")
    event["headers"]["X-Multi"] = ["a", "b"]
    request = HttpRequest(event)
    assert request.method == "POST" and request.path == "/results/x"
    assert request.headers["Authorization"] == request.headers["authorization"]
    assert request.headers["x-multi"] == "a,b"
    assert json.loads(request.body)["oss_key"].startswith("uploads/")
    assert request.content_type == "application/json"


def test_http_base64_body():
    event = load_event("http-healthz.json")
    event.update(body=base64.b64encode(b"\x89PNG...").decode(), isBase64Encoded=True)
    assert HttpRequest(event).body == b"\x89PNG..."


def test_payload_decoding():
    assert decode_payload(b'{"a": 1}') == {"a": 1}
    assert decode_payload('{"a": 1}') == {"a": 1}
    with pytest.raises(InvalidRequestError):
        decode_payload(b"\x00not json")
