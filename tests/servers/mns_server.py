"""A protocol-level MNS queue server (the subset a dead-letter consumer uses), for the official
``aliyun-mns-sdk`` pointed at ``http://127.0.0.1:<port>``.

* **Authentication** — ``Authorization: MNS <AccessKeyId>:<signature>``, the signature being
  Base64(HMAC-SHA1(secret, VERB\\nContent-MD5\\nContent-Type\\nDate\\n<x-mns-* headers sorted,
  "name:value\\n">resource)); ``x-mns-version: 2015-06-06`` is required; an STS key must send its
  ``security-token``. Failures: 403 ``SignatureDoesNotMatch`` / ``InvalidAccessKeyId`` /
  ``InvalidSecurityToken``.
* **ReceiveMessage** ``GET /queues/<q>/messages[?waitseconds=N]`` — the oldest visible message,
  made invisible for ``visibility_s`` with a new ``ReceiptHandle`` and ``DequeueCount`` + 1; none:
  404 ``MessageNotExist`` (after waiting up to ``waitseconds``, capped at 1 s here).
* **DeleteMessage** ``DELETE /queues/<q>/messages?ReceiptHandle=H`` — 204; a handle that is not the
  message's latest (the message became visible and was received again): 400 ``ReceiptHandleError``.
* Unknown queue: 404 ``QueueNotExist``.

Messages are put in by the test (``send``), as FC's async destination would. Bodies are returned as
stored (FC writes its destination envelope as JSON text).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from xml.sax.saxutils import escape

from ._base import LoopbackServer, Request, Response

NS = "http://mns.aliyuncs.com/doc/v1/"
VERSION = "2015-06-06"


@dataclass
class _Message:
    id: str
    body: str
    enqueued_ms: int
    visible_at: float = 0.0
    receipt: str = ""
    dequeues: int = 0
    first_dequeue_ms: int = 0


class MnsApp:
    def __init__(self, *, credentials: dict[str, str], sts_tokens: dict[str, str] | None = None,
                 queues: tuple[str, ...] = ("credrec-dlq",), visibility_s: float = 30.0) -> None:
        self.credentials = dict(credentials)
        self.sts_tokens = dict(sts_tokens or {})
        self.visibility_s = visibility_s
        self.queues: dict[str, list[_Message]] = {name: [] for name in queues}
        self.requests: list[tuple[str, str]] = []  # (verb, action) for assertions
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ test side

    def send(self, queue: str, body: str) -> str:
        message = _Message(id=uuid.uuid4().hex.upper(), body=body, enqueued_ms=int(time.time() * 1000))
        with self._lock:
            self.queues[queue].append(message)
        return message.id

    def depth(self, queue: str) -> int:
        with self._lock:
            return len(self.queues[queue])

    # ------------------------------------------------------------------ protocol

    def handle(self, request: Request) -> Response:
        parts = urlsplit(request.path)
        segments = [unquote(s) for s in parts.path.strip("/").split("/")]
        error = self._authenticate(request, request.path)
        if error is not None:
            return error
        if len(segments) != 3 or segments[0] != "queues" or segments[2] != "messages":
            return _error(404, "InvalidRequestURI", "The request URI is not supported by this server.")
        queue = segments[1]
        if queue not in self.queues:
            return _error(404, "QueueNotExist", "The queue name you provided is not exist.")
        query = parse_qs(parts.query)
        if request.method == "GET":
            self.requests.append(("GET", "ReceiveMessage"))
            wait = min(1.0, float(query.get("waitseconds", ["0"])[0] or 0))
            return self._receive(queue, wait)
        if request.method == "DELETE":
            self.requests.append(("DELETE", "DeleteMessage"))
            return self._delete(queue, query.get("ReceiptHandle", [""])[0])
        return _error(405, "InvalidMethod", "Only ReceiveMessage and DeleteMessage are served.")

    def _authenticate(self, request: Request, resource: str) -> Response | None:
        auth = request.header("Authorization") or ""
        if request.header("x-mns-version") != VERSION:
            return _error(400, "InvalidArgument", "x-mns-version must be 2015-06-06.")
        if not auth.startswith("MNS ") or ":" not in auth:
            return _error(403, "SignatureDoesNotMatch", "The request signature is missing or malformed.")
        key_id, _, signature = auth[4:].partition(":")
        secret = self.credentials.get(key_id)
        if secret is None:
            return _error(403, "InvalidAccessKeyId", "The access key id you provided does not exist.")
        if key_id in self.sts_tokens and request.header("security-token") != self.sts_tokens[key_id]:
            return _error(403, "InvalidSecurityToken", "The security token is missing or invalid.")
        mns_headers = sorted((k.lower(), v) for k, v in request.headers.items() if k.lower().startswith("x-mns-"))
        canonical = "".join(f"{k}:{v}\n" for k, v in mns_headers)
        to_sign = "\n".join([request.method, request.header("content-md5", "") or "",
                             request.header("content-type", "") or "", request.header("date", "") or ""])
        to_sign += "\n" + canonical + resource
        expected = base64.b64encode(hmac.new(secret.encode(), to_sign.encode(), hashlib.sha1).digest()).decode()
        if not hmac.compare_digest(expected, signature):
            return _error(403, "SignatureDoesNotMatch", "The request signature does not match.")
        return None

    def _receive(self, queue: str, wait_s: float) -> Response:
        deadline = time.monotonic() + wait_s
        while True:
            now = time.time()
            with self._lock:
                ready = [m for m in self.queues[queue] if m.visible_at <= now]
                if ready:
                    message = min(ready, key=lambda m: m.enqueued_ms)
                    message.receipt = uuid.uuid4().hex
                    message.dequeues += 1
                    message.first_dequeue_ms = message.first_dequeue_ms or int(now * 1000)
                    message.visible_at = now + self.visibility_s
                    break
            if time.monotonic() >= deadline:
                return _error(404, "MessageNotExist", "Message not exist.")
            time.sleep(0.05)
        md5 = hashlib.md5(message.body.encode(), usedforsecurity=False).hexdigest().upper()
        xml = (f'<?xml version="1.0" encoding="UTF-8"?><Message xmlns="{NS}">'
               f"<MessageId>{message.id}</MessageId><ReceiptHandle>{message.receipt}</ReceiptHandle>"
               f"<MessageBodyMD5>{md5}</MessageBodyMD5><MessageBody>{escape(message.body)}</MessageBody>"
               f"<EnqueueTime>{message.enqueued_ms}</EnqueueTime>"
               f"<NextVisibleTime>{int(message.visible_at * 1000)}</NextVisibleTime>"
               f"<FirstDequeueTime>{message.first_dequeue_ms}</FirstDequeueTime>"
               f"<DequeueCount>{message.dequeues}</DequeueCount><Priority>8</Priority></Message>")
        return Response(200, _headers(), xml.encode())

    def _delete(self, queue: str, receipt: str) -> Response:
        with self._lock:
            for message in self.queues[queue]:
                if receipt and message.receipt == receipt:
                    self.queues[queue].remove(message)
                    return Response(204, _headers())
        return _error(400, "ReceiptHandleError", "The receipt handle you provided is not valid.")


def _headers() -> list[tuple[str, str]]:
    return [("Content-Type", "text/xml;charset=utf-8"), ("x-mns-request-id", uuid.uuid4().hex.upper())]


def _error(status: int, code: str, message: str) -> Response:
    request_id = uuid.uuid4().hex.upper()
    xml = (f'<?xml version="1.0" encoding="UTF-8"?><Error xmlns="{NS}"><Code>{code}</Code>'
           f"<Message>{escape(message)}</Message><RequestId>{request_id}</RequestId>"
           f"<HostId>http://127.0.0.1</HostId></Error>")
    return Response(status, _headers(), xml.encode())


class MnsServer(LoopbackServer):
    """``MnsApp`` on a loopback port; ``endpoint`` is what ``mns.account.Account`` takes."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(MnsApp(**kwargs))

    @property
    def service(self) -> MnsApp:
        return self.app  # type: ignore[return-value]

    @property
    def endpoint(self) -> str:
        return self.url
