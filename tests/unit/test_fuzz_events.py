"""Property tests of the event views (credrec.events): whatever FC (or anyone) sends, the views answer
``None``/empty for what is missing or malformed and never raise; only the documented
InvalidRequestError leaves ``decode_payload`` and ``HttpRequest.body``."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from credrec.errors import InvalidRequestError
from credrec.events import HttpRequest, OssEvent, OssRecord, decode_payload, is_http_event, is_oss_event
from tests.support.fuzzcount import count

SETTINGS = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40)
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=12), inner, max_size=5), max_leaves=25)
# OSS entries: the real shape, each level possibly replaced by junk
oss_entries = st.fixed_dictionaries({}, optional={
    "eventName": json_values,
    "oss": st.fixed_dictionaries({}, optional={
        "bucket": json_values | st.fixed_dictionaries({}, optional={"name": json_values}),
        "object": json_values | st.fixed_dictionaries({}, optional={
            "key": json_values | st.text(), "eTag": json_values | st.text(), "size": json_values}),
    }) | json_values,
    "responseElements": json_values,
    "region": json_values,
}) | json_values


@SETTINGS
@given(entry=oss_entries)
def test_oss_entry_views_never_raise(entry):
    count("hypothesis: OSS event entry views")
    record = OssRecord(entry)
    for value in (record.bucket, record.raw_key, record.key, record.etag, record.event_name, record.region,
                  record.request_id):
        assert value is None or isinstance(value, str)
    assert record.size is None or isinstance(record.size, int)
    assert isinstance(record.key_candidates(), list)
    problem = record.problem()
    assert (problem is None) == bool(record.bucket and record.raw_key and record.etag)
    OssEvent({"events": [entry, entry]}).records  # noqa: B018 - building the list is the property


http_events = st.fixed_dictionaries({"version": st.just("v1")}, optional={
    "rawPath": json_values | st.text(),
    "headers": st.dictionaries(st.text(max_size=20), json_values | st.text(), max_size=6) | json_values,
    "queryParameters": st.dictionaries(st.text(max_size=10), st.text() | st.lists(st.text(), max_size=3),
                                       max_size=5),
    "body": st.none() | st.text() | json_values,
    "isBase64Encoded": st.booleans() | json_values,
    "requestContext": st.fixed_dictionaries({}, optional={
        "http": st.fixed_dictionaries({}, optional={"method": json_values | st.text(), "path": json_values}),
        "requestId": json_values}) | json_values,
})


@SETTINGS
@given(event=http_events)
def test_http_request_view_never_raises_but_the_documented_error(event):
    count("hypothesis: HTTP trigger event views")
    request = HttpRequest(event)
    assert isinstance(request.method, str) and isinstance(request.path, str)
    assert isinstance(request.query, dict) and isinstance(request.content_type, str)
    assert request.request_id is None or isinstance(request.request_id, str)
    assert all(isinstance(v, str) for v in request.headers.values())
    try:
        assert isinstance(request.body, bytes)
    except InvalidRequestError:
        assert request.is_base64 or not isinstance(event.get("body"), (str, bytes, type(None)))


@SETTINGS
@given(raw=st.binary(max_size=200) | st.text(max_size=200).map(str.encode)
       | json_values.map(lambda v: json.dumps(v).encode()))
def test_decode_payload_answers_or_raises_invalid_event(raw):
    count("hypothesis: decode_payload on arbitrary bytes")
    try:
        payload = decode_payload(raw)
    except InvalidRequestError as exc:
        assert exc.code == "INVALID_EVENT"
        return
    assert isinstance(is_http_event(payload), bool) and isinstance(is_oss_event(payload), bool)
