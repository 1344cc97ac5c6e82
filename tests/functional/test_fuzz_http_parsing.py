"""Property test of the HTTP API's parsing, in process through App.handle (the FC entry point):
any method, path, header, query and body ends in a documented status with a JSON body - an error
object for every 4xx/5xx - and never a 500. Complements the schemathesis run against `credrec serve`
(test_openapi_fuzz.py), which only sends what the OpenAPI document describes or its negation."""

from __future__ import annotations

import base64
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import TEST_TOKEN
from tests.support.fuzzcount import count
from tests.support.textpng import text_png

DOCUMENTED = {200, 202, 400, 401, 403, 404, 405, 409, 413, 415, 429, 502, 503}
PNG = text_png({"Name": "Tan Wei Ming"})

scalars = st.none() | st.booleans() | st.integers(-10, 10**6) | st.text(max_size=30)
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=12)
keys = st.sampled_from(["image_base64", "pdf_base64", "oss_key", "doc_type", "ocr_area", "fraud_check",
                        "expected", "image_url", "url", "other"])
recognize_bodies = st.dictionaries(keys, json_values | st.just(base64.b64encode(PNG).decode())
                                   | st.sampled_from(["uploads/a.png", "../x", "01", "0101\n", "true"]), max_size=4)
bodies = (recognize_bodies.map(json.dumps) | json_values.map(json.dumps) | st.text(max_size=200)
          | st.binary(max_size=300) | st.just(PNG) | st.just("[" * 5000 + "]" * 5000))
paths = st.sampled_from(["/healthz", "/recognize", "/results", "/results/", "/results/" + "a" * 32,
                         "/results/../recognize", "/openapi.json", "/", "/recognize/x"]) | st.text(max_size=30).map(
    lambda p: "/" + p)
headers = st.fixed_dictionaries({}, optional={
    "content-type": st.sampled_from(["application/json", "image/png", "application/pdf", "text/plain",
                                     "application/json; charset=utf-8", "", "image/"]),
    "idempotency-key": st.text(max_size=250),
    "x-expected-name": st.text(max_size=40),
    "x-expected-country": st.text(max_size=4),
    "authorization": st.sampled_from([f"Bearer {TEST_TOKEN}", "Bearer wrong", "Basic abc", "Bearer", ""]),
})
queries = st.dictionaries(st.sampled_from(["status", "limit", "cursor", "doc_type", "fraud_check", "x"]),
                          st.text(max_size=20), max_size=3)


@settings(max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(method=st.sampled_from(["GET", "POST", "HEAD", "PUT", "DELETE", "PATCH"]), path=paths, hdrs=headers,
       query=queries, body=bodies, token=st.booleans())
def test_any_request_ends_in_a_documented_json_answer(harness, method, path, hdrs, query, body, token):
    count("hypothesis: HTTP API parsing in process")
    answer = harness.http(method, path, body=body, headers=hdrs, query=query,
                          token=TEST_TOKEN if token else None)
    status, content_type = answer["statusCode"], answer["headers"].get("content-type", "")
    assert status in DOCUMENTED, (status, str(answer["body"])[:300])
    if status >= 400:  # every error is a JSON error object
        assert content_type.startswith("application/json"), content_type
        assert set(json.loads(answer["body"])["error"]) >= {"code", "message"}
    elif content_type.startswith("application/json"):
        json.loads(answer["body"])
    else:  # the review workbench's page, scripts and images are the only non-JSON answers
        assert path in ("/", "/index.html") or path.startswith(("/static/", "/review/")), (path, content_type)
