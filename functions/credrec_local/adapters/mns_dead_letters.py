"""The cloud dead-letter queue (MNS), read with the official ``aliyun-mns-sdk``.

FC's async ``onFailure`` destination (set up by the Pulumi program) puts each event it gave up on
into an MNS queue. ``MnsDeadLetters`` receives one message at a time (it stays invisible for the
queue's visibility timeout while being re-driven) and deletes it only when the re-drive finished
it; a message whose re-drive did not finish becomes visible again and is retried by the next run.
SDK errors are translated here into credrec's errors; ``MessageNotExist`` means "empty".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from credrec.credentials import CredentialsProvider
from credrec.errors import (
    AuthenticationError,
    ConfigurationError,
    CredrecError,
    NetworkError,
    UpstreamUnavailableError,
)

_AUTH_CODES = ("SignatureDoesNotMatch", "InvalidAccessKeyId", "InvalidSecurityToken", "AccessDenied")


@dataclass(frozen=True)
class DeadLetter:
    message_id: str
    body: bytes
    receipt_handle: str
    dequeue_count: int


class MnsDeadLetters:
    def __init__(self, endpoint: str, queue: str, credentials: CredentialsProvider, *,
                 connection_timeout_s: int = 30) -> None:
        from mns.account import Account

        if not endpoint.startswith(("http://", "https://")):
            raise ConfigurationError("the MNS endpoint must be an http(s) URL (https://<uid>.mns.<region>.aliyuncs.com)",
                                     code="INVALID_MNS_ENDPOINT")
        creds = credentials.get()
        account = Account(endpoint, creds.access_key_id, creds.access_key_secret, creds.security_token or "")
        account.mns_client.http.set_connection_timeout(connection_timeout_s)
        self._http = account.mns_client.http
        self._queue = account.get_queue(queue)
        self._queue.set_encoding(False)  # FC writes its envelope as JSON text; Base64 bodies are decoded later

    def close(self) -> None:
        """Close the SDK's HTTP connection (it keeps one open between requests)."""
        self._http.conn.close()

    def receive(self, wait_seconds: int = 1) -> DeadLetter | None:
        """The next visible message (now invisible to others), or None when the queue is empty."""
        try:
            message = self._queue.receive_message(wait_seconds)
        except Exception as exc:
            if getattr(exc, "type", None) == "MessageNotExist":
                return None
            raise _translate(exc) from exc
        body = message.message_body
        return DeadLetter(message_id=str(message.message_id),
                          body=body.encode("utf-8") if isinstance(body, str) else bytes(body),
                          receipt_handle=str(message.receipt_handle), dequeue_count=int(message.dequeue_count))

    def delete(self, letter: DeadLetter) -> None:
        try:
            self._queue.delete_message(letter.receipt_handle)
        except Exception as exc:
            raise _translate(exc) from exc


def _translate(exc: Any) -> CredrecError:
    from mns.mns_exception import MNSClientNetworkException, MNSServerException

    code = str(getattr(exc, "type", type(exc).__name__))
    if isinstance(exc, MNSServerException):
        if code.startswith(_AUTH_CODES):
            return AuthenticationError(f"MNS refused the credentials: {code}", code=code)
        if code == "QueueNotExist":
            return ConfigurationError("the dead-letter queue does not exist", code=code)
        return UpstreamUnavailableError(f"MNS answered {code}", code=code)
    if isinstance(exc, MNSClientNetworkException):
        return NetworkError(f"MNS could not be reached: {code}", code="MNS_NETWORK")
    return ConfigurationError(f"MNS client error: {code}", code="MNS_CLIENT")
