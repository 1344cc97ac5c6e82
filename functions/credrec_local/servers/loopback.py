"""A threaded HTTP server on a daemon thread: the base of the emulator, the local HTTP gateway and
the protocol servers the tests start.

``QuietHandler`` logs nothing (requests carry images and credential ids), disables Nagle and writes
each answer in one segment (headers and body separately cost ~40 ms per request with delayed ACKs).
``ThreadedServer`` owns the socket and the thread: ``start``/``stop``/``serve_forever``, ``url``.

Hostile clients: ``Content-Length`` must be one decimal number (a negative, non-numeric or repeated
conflicting value is a 400, a chunked body a 411, more than ``max_body`` a 413, each a JSON error and
the connection closed); nothing is ever read "to the end of the stream". Every socket has an idle
timeout (``idle_timeout_s``), and at most ``max_connections`` are served at once: the next one gets an
immediate 503 instead of pinning another thread. Handler errors never print a traceback.
"""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Header = tuple[str, str]


IDLE_TIMEOUT_S = 30.0
MAX_CONNECTIONS = 64


def json_error(code: str, message: str) -> bytes:
    return json.dumps({"error": {"code": code, "message": message}}, separators=(",", ":")).encode()


class QuietHandler(BaseHTTPRequestHandler):
    _headers_buffer: list[bytes]  # BaseHTTPRequestHandler's private header buffer (untyped in typeshed)
    protocol_version = "HTTP/1.1"
    max_body = 64 * 1024 * 1024
    timeout = IDLE_TIMEOUT_S  # socket timeout: an idle or stalled client is dropped, not waited on forever

    def setup(self) -> None:
        # per connection: StreamRequestHandler.setup() applies self.timeout to this socket
        self.timeout = getattr(self.server, "idle_timeout_s", None) or self.timeout  # type: ignore[misc]
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        return

    def refuse(self, status: int, code: str, message: str) -> None:
        """A JSON error, then the connection is closed (any unread body stays unread)."""
        self.reply(status, [("Content-Type", "application/json")], json_error(code, message), close=True)

    def content_length(self) -> int | None:
        """The declared body length, or None after answering 400/411/413 for one we will not read."""
        if self.headers.get("Transfer-Encoding"):
            self.refuse(411, "LENGTH_REQUIRED", "send the body with a Content-Length, not chunked")
            return None
        values = {v.strip() for v in self.headers.get_all("Content-Length") or []}
        if not values:
            return 0
        value = values.pop() if len(values) == 1 else ""
        if not (value.isascii() and value.isdigit()) or len(value) > 15:
            self.refuse(400, "INVALID_CONTENT_LENGTH", "Content-Length must be one non-negative number")
            return None
        length = int(value)
        if length > self.max_body:
            self.refuse(413, "FILE_TOO_LARGE", f"request bodies may be at most {self.max_body} bytes")
            return None
        return length

    def read_body(self) -> bytes | None:
        """The request body, or None when it was refused (answered) or the client went away."""
        length = self.content_length()
        return None if length is None else self.read_exactly(length)

    def read_exactly(self, length: int) -> bytes | None:
        """``length`` bytes of body, or None when the client closed or stalled past the timeout."""
        try:
            data = self.rfile.read(length) if length else b""
        except OSError:  # TimeoutError included
            data = b""
        if len(data) != length:
            self.close_connection = True
            return None
        return data

    def reply(self, status: int, headers: list[Header] | dict[str, str], body: bytes, *, close: bool = False) -> None:
        items = list(headers.items()) if isinstance(headers, dict) else list(headers)
        self.send_response(status)
        names = set()
        for name, value in items:
            if name.lower() in ("connection", "transfer-encoding"):
                continue
            names.add(name.lower())
            self.send_header(name, value)
        if "content-length" not in names:
            self.send_header("Content-Length", str(len(body)))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self._headers_buffer.append(b"\r\n")  # end_headers() without its separate flush
        payload = b"".join(self._headers_buffer)
        self._headers_buffer = []
        if self.command != "HEAD":
            payload += body
        self.wfile.write(payload)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    max_connections = MAX_CONNECTIONS
    _slots: threading.BoundedSemaphore

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):  # every slot busy: answer now, keep no thread
            try:
                body = json_error("TOO_MANY_CONNECTIONS", "the server is busy; try again")
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                                b"Connection: close\r\nRetry-After: 1\r\nContent-Length: "
                                + str(len(body)).encode() + b"\r\n\r\n" + body)
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        return  # never a traceback on stderr: requests carry personal data, and a bad client is not news


class ThreadedServer:
    """Serves ``handler`` on ``host:port`` (0 = any free port); ``context`` attributes are set on the
    underlying server so handlers reach them as ``self.server.<name>``."""

    def __init__(self, handler: type[BaseHTTPRequestHandler], *, host: str = "127.0.0.1", port: int = 0,
                 name: str = "credrec-server", poll_interval: float = 0.02, **context: Any) -> None:
        self._handler = handler
        self._host, self._port = host, port
        self._name = name
        self._poll = poll_interval
        self._context = context
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> Any:
        server = _Server((self._host, self._port), self._handler)
        for key, value in self._context.items():
            setattr(server, key, value)
        server._slots = threading.BoundedSemaphore(server.max_connections)
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": self._poll},
                                        name=self._name, daemon=True)
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

    def serve_forever(self) -> None:
        """Block until the server stops (Ctrl-C stops it too)."""
        if self._server is None:
            self.start()
        assert self._thread is not None
        try:
            while self._thread.is_alive():
                self._thread.join(0.5)
        finally:
            self.stop()

    def __enter__(self) -> Any:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    @property
    def host(self) -> str:
        return self._host

    @property
    def port(self) -> int:
        assert self._server is not None, "server not started"
        return int(self._server.server_address[1])

    @property
    def netloc(self) -> str:
        return f"{self._host}:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.netloc}"
