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
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from credrec.app import App

from .watcher import LocalContext

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


class _Handler(BaseHTTPRequestHandler):
    server_version = "credrec-local"
    app: App  # set on the subclass built by HttpGateway

    def log_message(self, format: str, *args: Any) -> None:  # the app logs one JSON line per request
        return

    def _handle(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        if length > MAX_BODY:
            self._write(413, {"content-type": "application/json"},
                        json.dumps({"error": {"code": "PAYLOAD_TOO_LARGE", "message": "request body over 32 MB"}}).encode())
            return
        body = self.rfile.read(length) if length else b""
        headers: dict[str, str] = {}
        for key, value in self.headers.items():
            key = key.lower()
            headers[key] = f"{headers[key]},{value}" if key in headers else value
        event = build_event(self.command, self.path, headers, body, self.client_address[0])
        context = LocalContext(request_id=event["requestContext"]["requestId"])
        result = self.app.handle(json.dumps(event).encode("utf-8"), context)
        payload = result.get("body", "")
        data = base64.b64decode(payload) if result.get("isBase64Encoded") else str(payload).encode("utf-8")
        self._write(int(result.get("statusCode", 200)), result.get("headers") or {}, data)

    def _write(self, status: int, headers: dict[str, str], data: bytes) -> None:
        self.send_response(status)
        for key, value in headers.items():
            if key.lower() not in ("content-length", "connection", "transfer-encoding"):
                self.send_header(key, value)
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _handle


class HttpGateway:
    def __init__(self, app: App, host: str = "127.0.0.1", port: int = 9000) -> None:
        handler = type("BoundHandler", (_Handler,), {"app": app})
        self.server = ThreadingHTTPServer((host, port), handler)
        self.server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> None:
        self._thread = threading.Thread(target=self.server.serve_forever, name="credrec-gateway", daemon=True)
        self._thread.start()

    def serve_forever(self) -> None:
        self.server.serve_forever()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
