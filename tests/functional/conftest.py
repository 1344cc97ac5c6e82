"""The real handler, in process, on the local stack (tmp folder bucket, sqlite store)."""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import pytest

from credrec_local.runtime.stack import LocalStack, build_stack
from tests.conftest import BUCKET, TEST_TOKEN, load_event
from tests.support.textpng import FaultyRecognizer, PngTextRecognizer, text_png


@dataclass
class FcFunction:
    timeout: int = 60
    name: str = "credrec"


@dataclass
class FcContext:
    """The attributes of FC's python3.10 context object that credrec reads."""

    request_id: str = "req-0001"
    function: FcFunction = field(default_factory=FcFunction)
    credentials: Any = None


@dataclass
class Harness:
    stack: LocalStack
    recognizer: FaultyRecognizer

    @property
    def app(self):
        return self.stack.app

    @property
    def calls(self) -> int:
        return len(self.recognizer.inner.calls)

    def put(self, key: str, data: bytes) -> str:
        return self.stack.objects.put(BUCKET, key, data).etag

    def rid(self, key: str) -> str:
        """The record id of the object's current content (real key and ETag)."""
        from credrec.idempotency import oss_record_id

        return oss_record_id(BUCKET, key, self.stack.objects.head(BUCKET, key).etag)

    def oss_event(self, *keys_and_etags: tuple[str, str | None]) -> dict:
        template = load_event("oss-put-object.json")["events"][0]
        events = []
        for key, etag in keys_and_etags:
            entry = copy.deepcopy(template)
            entry["oss"]["object"]["key"] = key
            entry["oss"]["object"]["eTag"] = etag or "0" * 32
            events.append(entry)
        return {"events": events}

    def invoke(self, event: Any, *, request_id: str = "req-0001", timeout: int = 60) -> Any:
        payload = json.dumps(event).encode() if isinstance(event, dict) else event
        return self.app.handle(payload, FcContext(request_id=request_id, function=FcFunction(timeout=timeout)))

    def http(self, method: str, path: str, *, body: bytes | str | dict | None = None, headers: dict | None = None,
             query: dict | None = None, token: str | None = TEST_TOKEN, b64: bool = False) -> dict:
        event = load_event("http-healthz.json")
        event["rawPath"] = path
        event["requestContext"]["http"].update(method=method, path=path)
        hdrs = {"host": "local"}
        if token is not None:
            hdrs["authorization"] = f"Bearer {token}"
        if isinstance(body, dict):
            body = json.dumps(body)
            hdrs["content-type"] = "application/json"
        hdrs.update(headers or {})
        event["headers"] = hdrs
        event["queryParameters"] = query or {}
        if isinstance(body, bytes):
            import base64
            event["body"], event["isBase64Encoded"] = base64.b64encode(body).decode(), True
        else:
            event["body"], event["isBase64Encoded"] = body or "", b64
        response = self.invoke(event)
        is_json = str((response.get("headers") or {}).get("content-type", "")).startswith("application/json")
        response["json"] = json.loads(response["body"]) if response.get("body") and is_json else None
        return response


@pytest.fixture
def harness(tmp_path, settings, clock, logger) -> Harness:
    inner = PngTextRecognizer()
    recognizer = FaultyRecognizer(inner)
    stack = build_stack(tmp_path / "data", recognizer=recognizer, settings=settings, clock=clock, logger=logger,
                        environ={})
    inner._url_reader = stack.objects.open_presigned
    return Harness(stack=stack, recognizer=recognizer)


BILL = {"Name": "Tan Wei Ming", "Address": "Blk 123 Ang Mo Kio Avenue 3\n#05-67\nSingapore 560123"}


@pytest.fixture
def bill_png() -> bytes:
    return text_png(BILL)


def sha(data: bytes) -> str:
    return hashlib.md5(data, usedforsecurity=False).hexdigest().upper()
