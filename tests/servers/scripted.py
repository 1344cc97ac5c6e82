"""A loopback server that answers canned HTTP responses in order and records every request.

For answers no well-behaved protocol server gives — HTTP 200 with an error ``Code``, a body that is
not JSON, an HTML 502 from a "load balancer" — and for capturing what an SDK really sends.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from typing import Any

from ._base import LoopbackServer, Request, Response


class ScriptedApp:
    def __init__(self) -> None:
        self.requests: list[Request] = []
        self._answers: deque[Response] = deque()
        self._lock = threading.Lock()

    def push(self, status: int, body: Any, *, content_type: str = "application/json;charset=utf-8",
             headers: list[tuple[str, str]] | None = None) -> None:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
        with self._lock:
            self._answers.append(Response(status, [("Content-Type", content_type), *(headers or [])], raw))

    def handle(self, request: Request) -> Response:
        with self._lock:
            self.requests.append(request)
            if self._answers:
                return self._answers.popleft()
        return Response(599, [("Content-Type", "text/plain")], b"no scripted answer left")


class ScriptedServer(LoopbackServer):
    def __init__(self) -> None:
        super().__init__(ScriptedApp())

    @property
    def script(self) -> ScriptedApp:
        return self.app  # type: ignore[return-value]
