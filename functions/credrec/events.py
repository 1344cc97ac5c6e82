"""Thin read-only views over the raw FC 3.0 payloads (OSS trigger events, HTTP trigger v1 events).

The views keep the raw dict and compute nothing until asked; they never raise on a missing field:
they answer ``None`` (or empty) and the pipeline decides what a missing field means.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import unquote, unquote_plus

from .errors import InvalidRequestError


def decode_payload(event: Any) -> Any:
    """FC passes ``event`` as bytes (python3 runtimes); tests and the local stack may pass str/dict."""
    if isinstance(event, (bytes, bytearray, memoryview)):
        try:
            event = bytes(event).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidRequestError("the event is not UTF-8 JSON", code="INVALID_EVENT") from exc
    if isinstance(event, str):
        try:
            return json.loads(event)
        except (ValueError, RecursionError) as exc:
            raise InvalidRequestError("the event is not JSON", code="INVALID_EVENT") from exc
    return event


def is_http_event(payload: Any) -> bool:
    return isinstance(payload, dict) and payload.get("version") == "v1" and (
        "requestContext" in payload or "rawPath" in payload
    )


def is_oss_event(payload: Any) -> bool:
    return isinstance(payload, dict) and isinstance(payload.get("events"), list)


def is_timer_event(payload: Any) -> bool:
    """FC timer trigger: ``{"triggerTime": "...Z", "triggerName": "...", "payload": "..."}``."""
    return isinstance(payload, dict) and "triggerTime" in payload and "triggerName" in payload


def normalise_etag(etag: str | None) -> str | None:
    if etag is None:
        return None
    text = str(etag).strip().strip('"').strip()
    return text.upper() or None


# ---------------------------------------------------------------- OSS


class OssRecord:
    """One entry of an OSS trigger event's ``events`` list."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw if isinstance(raw, dict) else {}
        self._valid_shape = isinstance(raw, dict)

    def _get(self, *path: str) -> Any:
        node: Any = self.raw
        for part in path:
            if not isinstance(node, dict):
                return None
            node = node.get(part)
        return node

    def _text(self, *path: str) -> str | None:
        value = self._get(*path)
        return value if isinstance(value, str) else None

    @property
    def event_name(self) -> str | None:
        return self._text("eventName")

    @property
    def is_upload(self) -> bool:
        """Only ``ObjectCreated:*`` entries are uploads (an entry without a name is treated as one)."""
        name = self.event_name
        return name is None or (isinstance(name, str) and name.startswith("ObjectCreated:"))

    @property
    def bucket(self) -> str | None:
        value = self._get("oss", "bucket", "name")
        return value if isinstance(value, str) and value else None

    @property
    def raw_key(self) -> str | None:
        value = self._get("oss", "object", "key")
        return value if isinstance(value, str) and value else None

    @property
    def key(self) -> str | None:
        """The key, percent-decoded ('%20' → ' '); ``+`` is kept literal (see key_candidates)."""
        raw = self.raw_key
        return unquote(raw) if raw is not None else None

    def key_candidates(self) -> list[str]:
        """Keys to try in order. Whether OSS URL-encodes ``object.key`` is undocumented, so the key is
        tried as sent first, then percent-decoded, then form-decoded ('+' as space)."""
        raw = self.raw_key
        if raw is None:
            return []
        out: list[str] = []
        for candidate in (raw, unquote(raw), unquote_plus(raw)):
            if candidate not in out:
                out.append(candidate)
        return out

    @property
    def version_id(self) -> str | None:
        """``oss.object.versionId`` when the event carries one (versioned bucket)."""
        value = self._get("oss", "object", "versionId")
        return value if isinstance(value, str) and value and value.lower() != "null" else None

    @property
    def etag(self) -> str | None:
        return normalise_etag(self._get("oss", "object", "eTag"))

    @property
    def size(self) -> int | None:
        value = self._get("oss", "object", "size")
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    @property
    def request_id(self) -> str | None:
        return self._text("responseElements", "requestId")

    @property
    def region(self) -> str | None:
        return self._text("region")

    def problem(self) -> str | None:
        """Why this entry cannot be processed, or None when it can."""
        if not self._valid_shape:
            return "event entry is not an object"
        if not self.bucket:
            return "event entry has no oss.bucket.name"
        if not self.raw_key:
            return "event entry has no oss.object.key"
        if not self.etag:
            return "event entry has no oss.object.eTag"
        return None


class OssEvent:
    def __init__(self, payload: dict[str, Any]) -> None:
        self.raw = payload

    @property
    def records(self) -> list[OssRecord]:
        return [OssRecord(item) for item in self.raw.get("events") or []]


# ---------------------------------------------------------------- HTTP


class CaseInsensitiveHeaders(Mapping[str, str]):
    def __init__(self, headers: Any) -> None:
        self._data: dict[str, str] = {}
        for key, value in (headers if isinstance(headers, Mapping) else {}).items():
            if isinstance(value, list):
                value = ",".join(str(v) for v in value)
            self._data[str(key).lower()] = str(value)

    def __getitem__(self, key: str) -> str:
        return self._data[key.lower()]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.lower() in self._data


class HttpRequest:
    """FC 3.0 HTTP trigger event, ``version: "v1"``."""

    def __init__(self, payload: dict[str, Any]) -> None:
        self.raw = payload
        self.headers = CaseInsensitiveHeaders(payload.get("headers"))

    def _object(self, *path: str) -> dict[str, Any]:
        node: Any = self.raw
        for part in path:
            node = node.get(part) if isinstance(node, dict) else None
        return node if isinstance(node, dict) else {}

    @property
    def method(self) -> str:
        http = self._object("requestContext", "http")
        return str(http.get("method") or self.raw.get("httpMethod") or "GET").upper()

    @property
    def path(self) -> str:
        """Decoded path: ``requestContext.http.path`` when present, else ``rawPath`` decoded."""
        http = self._object("requestContext", "http")
        if http.get("path"):
            return str(http["path"])
        return unquote(str(self.raw.get("rawPath") or "/"))

    @property
    def query(self) -> dict[str, str]:
        params = self._object("queryParameters")
        return {str(k): ",".join(str(i) for i in v) if isinstance(v, list) else str(v) for k, v in params.items()}

    @property
    def is_base64(self) -> bool:
        return bool(self.raw.get("isBase64Encoded"))

    @property
    def body(self) -> bytes:
        body = self.raw.get("body")
        if body is None:
            return b""
        if not isinstance(body, (str, bytes)):  # FC sends a string; never bytes(<int>) = that many zeros
            raise InvalidRequestError("the request body is not a string")
        if self.is_base64:
            try:
                return base64.b64decode(body, validate=False)
            except (binascii.Error, ValueError) as exc:
                raise InvalidRequestError("the request body is not valid Base64") from exc
        return body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def request_id(self) -> str | None:
        value = self._object("requestContext").get("requestId")
        return value if isinstance(value, str) else None
