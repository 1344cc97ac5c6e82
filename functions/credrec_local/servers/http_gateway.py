"""A loopback HTTP server that turns real HTTP requests into FC 3.0 HTTP trigger events.

Each request becomes the ``version: "v1"`` event FC would build (rawPath URL-encoded, decoded path in
``requestContext.http.path``, comma-joined multi-value headers and query parameters, binary bodies
Base64-encoded with ``isBase64Encoded``), goes through the same ``App.handle`` as in the cloud, and
the ``{statusCode, headers, body, isBase64Encoded}`` answer is written back. So ``curl`` against
``credrec serve`` behaves as it would against the HTTP trigger.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import time
import uuid
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from credrec.app import App
from credrec_local.runtime.fc_context import LocalContext
from credrec_local.servers.loopback import QuietHandler, ThreadedServer

MAX_BODY = 32 * 1024 * 1024  # FC's synchronous request limit
_TEXT_TYPES = ("application/json", "text/", "application/x-www-form-urlencoded", "application/xml")


def build_event(method: str, target: str, headers: dict[str, str], body: bytes, client_ip: str) -> dict[str, Any]:
    parts = urlsplit(target)
    query: dict[str, str] = {}
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        query[key] = f"{query[key]},{value}" if key in query else value
    content_type = headers.get("content-type", "")
    textual = content_type.startswith(_TEXT_TYPES)
    if body and textual:
        try:
            body_text, is_b64 = body.decode("utf-8"), False
        except UnicodeDecodeError:
            body_text, is_b64 = base64.b64encode(body).decode(), True
    elif body:
        body_text, is_b64 = base64.b64encode(body).decode(), True
    else:
        body_text, is_b64 = "", False
    now = time.time()
    request_id = f"1-{int(now):x}-{uuid.uuid4().hex[:24]}"
    return {
        "version": "v1",
        "rawPath": parts.path or "/",
        "body": body_text,
        "isBase64Encoded": is_b64,
        "headers": headers,
        "queryParameters": query,
        "requestContext": {
            "accountId": "local",
            "domainName": headers.get("host", "127.0.0.1"),
            "domainPrefix": "local",
            "http": {"method": method, "path": unquote(parts.path or "/"), "protocol": "HTTP/1.1",
                     "sourceIp": client_ip, "userAgent": headers.get("user-agent", "")},
            "requestId": request_id,
            "time": dt.datetime.fromtimestamp(now, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "timeEpoch": str(int(now * 1000)),
        },
    }


class _Handler(QuietHandler):
    server_version = "credrec-local"
    max_body = MAX_BODY

    def _handle(self) -> None:
        length = self.content_length()
        if length is None:
            return
        headers: dict[str, str] = {}
        for key, value in self.headers.items():
            key = key.lower()
            headers[key] = f"{headers[key]},{value}" if key in headers else value
        app: App = self.server.app  # type: ignore[attr-defined]
        if length and not app.http.known_caller(headers.get("authorization")):
            body = b""  # never read a stranger's body: the handler answers 401 (or 404/200)
            self.close_connection = True
        else:
            received = self.read_exactly(length)
            if received is None:
                return
            body = received
        event = build_event(self.command, self.path, headers, body, self.client_address[0])
        context = LocalContext(request_id=event["requestContext"]["requestId"])
        try:
            result = app.handle(json.dumps(event).encode("utf-8"), context)
            payload = result.get("body", "")
            data = base64.b64decode(payload) if result.get("isBase64Encoded") else str(payload).encode("utf-8")
        except Exception as exc:  # App.handle answers every HTTP event; this is a last resort, never a hang
            app.log.error("gateway.internal_error", error_code=type(exc).__name__)
            self.refuse(500, "INTERNAL_ERROR", "internal error")
            return
        self.reply(int(result.get("statusCode", 200)), result.get("headers") or {}, data,
                   close=self.close_connection)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _handle


class HttpGateway(ThreadedServer):
    """``credrec serve``'s HTTP side: real HTTP in, FC 3.0 HTTP events to ``app.handle``, answers out."""

    def __init__(self, app: App, host: str = "127.0.0.1", port: int = 9000, *,
                 idle_timeout_s: float = 15.0, max_connections: int = 32) -> None:
        super().__init__(_Handler, host=host, port=port, name="credrec-gateway", app=app,
                         idle_timeout_s=idle_timeout_s, max_connections=max_connections)
