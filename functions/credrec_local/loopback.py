"""A threaded HTTP server on a daemon thread: the base of the emulator, the local HTTP gateway and
the protocol servers the tests start.

``QuietHandler`` logs nothing (requests carry images and credential ids), disables Nagle and writes
each answer in one segment (headers and body separately cost ~40 ms per request with delayed ACKs).
``ThreadedServer`` owns the socket and the thread: ``start``/``stop``/``serve_forever``, ``url``.
"""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Header = tuple[str, str]


class QuietHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    max_body = 64 * 1024 * 1024

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        return

    def read_body(self) -> bytes | None:
        """The request body, or None after answering 413 when it is over ``max_body``."""
        length = int(self.headers.get("Content-Length") or 0)
        if length > self.max_body:
            self.close_connection = True
            self.reply(413, [("Content-Type", "text/plain")], b"request body too large", close=True)
            return None
        return self.rfile.read(length) if length else b""

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
