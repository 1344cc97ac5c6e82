"""A loopback HTTP server shell shared by the protocol servers.

Stdlib only: ``ThreadingHTTPServer`` bound to 127.0.0.1 on an ephemeral port, served from a daemon
thread, HTTP/1.1 keep-alive (the SDKs pool connections). An *app* object turns a parsed
:class:`Request` into a :class:`Response` (or :data:`DROP`, which closes the connection without an
answer — what a crashed peer looks like to the client).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol

MAX_BODY = 64 * 1024 * 1024


@dataclass
class Request:
    method: str
    path: str  # raw request target: path + '?' + query, still percent-encoded
    headers: Message  # case-insensitive
    body: bytes
    client: tuple[str, int]

    def header(self, name: str, default: str | None = None) -> str | None:
        value = self.headers.get(name)
        return default if value is None else value


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    close: bool = False


DROP = object()  # close the connection without answering


class App(Protocol):
    def handle(self, request: Request) -> Response | object: ...


@dataclass
class Fault:
    """One injected failure. ``match(request_name)`` decides whether it applies."""

    kind: str  # "error" (app-specific error answer), "drop", "raw", "delay"
    count: int = 1
    match: Callable[[str], bool] | None = None
    status: int = 503
    code: str = ""
    message: str = ""
    content_type: str = "text/html"
    body: bytes = b""
    delay_s: float = 0.0
    headers: list[tuple[str, str]] = field(default_factory=list)


class FaultPlan:
    """Faults consumed in order by matching requests (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def take(self, name: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.count > 0 and (fault.match is None or fault.match(name)):
                    fault.count -= 1
                    if fault.count == 0:
                        self._faults.remove(fault)
                    return fault
        return None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "credrec-test"

    def setup(self) -> None:
        super().setup()
        # answer in one segment: without this, headers and body go out as two writes and Nagle +
        # the client's delayed ACK add ~40 ms to every request
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read assertions, not logs
        pass

    def _dispatch(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self.send_error(413)
            self.close_connection = True
            return
        body = self.rfile.read(length) if length else b""
        request = Request(self.command, self.path, self.headers, body, self.client_address)
        app: App = self.server.app  # type: ignore[attr-defined]
        try:
            response = app.handle(request)
        except Exception as exc:  # a bug in a test server must be loud, not a hang
            response = Response(599, [("Content-Type", "text/plain")], f"test server bug: {exc!r}".encode())
        if response is DROP:
            self.close_connection = True
            try:
                self.connection.shutdown(2)
            except OSError:
                pass
            return
        assert isinstance(response, Response)
        self.send_response(response.status)
        names = {name.lower() for name, _ in response.headers}
        for name, value in response.headers:
            self.send_header(name, value)
        if "content-length" not in names:
            self.send_header("Content-Length", str(len(response.body)))
        if response.close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self._headers_buffer.append(b"\r\n")  # end_headers() without its separate flush
        payload = b"".join(self._headers_buffer)
        self._headers_buffer = []
        if self.command != "HEAD":
            payload += response.body
        self.wfile.write(payload)

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = _dispatch


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class LoopbackServer:
    """Serves ``app`` on 127.0.0.1:<ephemeral port> until :meth:`stop`."""

    def __init__(self, app: App, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.app = app
        self._host = host
        self._port = port
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> LoopbackServer:
        server = _Server((self._host, self._port), _Handler)
        server.app = self.app  # type: ignore[attr-defined]
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01},
                                        name=f"{type(self.app).__name__}-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "server not started"
        return int(self._server.server_address[1])

    @property
    def host(self) -> str:
        return self._host

    @property
    def netloc(self) -> str:
        return f"{self._host}:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.netloc}"


class Clock:
    """Wall clock with an adjustable offset, so tests can move a server's time (expiry, skew)."""

    def __init__(self, offset_s: float = 0.0) -> None:
        self.offset_s = offset_s

    def __call__(self) -> float:
        return time.time() + self.offset_s

    def advance(self, seconds: float) -> None:
        self.offset_s += seconds
