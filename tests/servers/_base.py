"""A loopback HTTP server shell shared by the protocol servers.

``credrec_local.servers.loopback.ThreadedServer`` bound to 127.0.0.1 on an ephemeral port, served from a daemon
thread, HTTP/1.1 keep-alive (the SDKs pool connections). An *app* object turns a parsed
:class:`Request` into a :class:`Response` (or :data:`DROP`, which closes the connection without an
answer — what a crashed peer looks like to the client).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from typing import Protocol

from credrec_local.servers.loopback import QuietHandler, ThreadedServer

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


class _Handler(QuietHandler):
    server_version = "credrec-test"
    max_body = MAX_BODY

    def _dispatch(self) -> None:
        body = self.read_body()
        if body is None:
            return
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
        self.reply(response.status, response.headers, response.body, close=response.close)

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = _dispatch


class LoopbackServer(ThreadedServer):
    """Serves ``app`` on 127.0.0.1:<ephemeral port> until :meth:`stop`."""

    def __init__(self, app: App, *, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(_Handler, host=host, port=port, name=f"{type(app).__name__}-server",
                         poll_interval=0.01, app=app)
        self.app = app


class Clock:
    """Wall clock with an adjustable offset, so tests can move a server's time (expiry, skew)."""

    def __init__(self, offset_s: float = 0.0) -> None:
        self.offset_s = offset_s

    def __call__(self) -> float:
        return time.time() + self.offset_s

    def advance(self, seconds: float) -> None:
        self.offset_s += seconds
