"""Issue #10 row 2: the local HTTP gateway against hostile clients, over real sockets.

Before: ``Content-Length: -1`` made the gateway read to the end of the stream before any auth check,
a 48 MiB unauthenticated body was read in full, idle connections were never dropped, and a
non-numeric Content-Length printed a traceback and left the client without an answer.
"""

from __future__ import annotations

import json
import socket
import time

import pytest

from credrec_local.servers.http_gateway import HttpGateway
from tests.conftest import TEST_TOKEN

_OPEN: list[socket.socket] = []  # client sockets of the running test, closed at teardown


@pytest.fixture
def gateway(harness):
    gw = HttpGateway(harness.app, "127.0.0.1", 0, idle_timeout_s=1.0, max_connections=4)
    gw.start()
    yield gw
    gw.stop()
    while _OPEN:
        _OPEN.pop().close()


def _connect(gw: HttpGateway) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", gw.port), timeout=5)
    _OPEN.append(sock)
    return sock


def _answer(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """Read one HTTP answer; the socket's 5 s timeout turns a hang into a test failure."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise AssertionError(f"connection closed without an answer: {data!r}")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return status, headers, body[:length]


def _closed(sock: socket.socket) -> bool:
    try:
        return sock.recv(1) == b""
    except (ConnectionResetError, TimeoutError):
        return False


@pytest.mark.parametrize("length", ["-1", "abc", "1e3", " 12 34", "99999999999999999999", "٣"])
def test_bad_content_length_gets_a_json_400_at_once(gateway, length):
    sock = _connect(gateway)
    sock.sendall(f"POST /recognize HTTP/1.1\r\nHost: x\r\nContent-Length: {length}\r\n\r\n".encode())
    status, headers, body = _answer(sock)  # before: -1 waited for EOF, "abc" never answered
    assert status == 400 and json.loads(body)["error"]["code"] == "INVALID_CONTENT_LENGTH"
    assert headers["connection"] == "close" and _closed(sock)


def test_conflicting_lengths_and_chunked_bodies_are_refused(gateway):
    sock = _connect(gateway)
    sock.sendall(b"POST /recognize HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!")
    assert _answer(sock)[0] == 400
    sock = _connect(gateway)
    sock.sendall(b"POST /recognize HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
    status, _, body = _answer(sock)
    assert status == 411 and json.loads(body)["error"]["code"] == "LENGTH_REQUIRED"


def test_an_unauthenticated_body_is_never_read(gateway, harness):
    sock = _connect(gateway)
    declared = 24 * 1024 * 1024  # under the 32 MiB cap: only the missing token stops it
    sock.sendall(f"POST /recognize HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\n"
                 f"Content-Length: {declared}\r\n\r\n".encode() + b"\0" * 65536)
    started = time.monotonic()
    status, headers, body = _answer(sock)  # before: the gateway waited for all 24 MiB
    assert status == 401 and json.loads(body)["error"]["code"] == "UNAUTHORIZED"
    assert headers["connection"] == "close" and time.monotonic() - started < 3


def test_an_authenticated_body_is_read_and_answered(gateway, bill_png):
    sock = _connect(gateway)
    sock.sendall(f"POST /recognize HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\n"
                 f"Authorization: Bearer {TEST_TOKEN}\r\nContent-Length: {len(bill_png)}\r\n\r\n".encode() + bill_png)
    status, _, body = _answer(sock)
    assert status == 200 and json.loads(body)["status"] == "SUCCEEDED"


def test_idle_connections_are_dropped_after_the_timeout(gateway):
    sock = _connect(gateway)
    started = time.monotonic()
    assert _closed(sock)  # before: the thread waited forever and recv timed out after 5 s
    assert time.monotonic() - started < 4


def test_connections_over_the_cap_get_an_immediate_503(gateway):
    idle = [_connect(gateway) for _ in range(4)]
    time.sleep(0.2)
    extra = _connect(gateway)
    status, _, body = _answer(extra)
    assert status == 503 and json.loads(body)["error"]["code"] == "TOO_MANY_CONNECTIONS"
    for sock in idle:
        sock.close()
    time.sleep(0.3)
    sock = _connect(gateway)
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    assert _answer(sock)[0] == 200
