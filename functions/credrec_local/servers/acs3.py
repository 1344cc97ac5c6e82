"""Server side of Alibaba Cloud's V3 request signature (ACS3-HMAC-SHA256), for the local emulator and
the protocol servers the tests start.

``Acs3Verifier.verify`` checks what the real gateways check, in their order and with their error codes:
the Authorization header's shape, that the required headers are signed, the body hash, the clock skew
of ``x-acs-date``, the access key, the STS token bound to a temporary key, the signature itself, and
that a signature nonce is never used twice. ``sign_v3`` recomputes the signature exactly as the SDK does
(``alibabacloud_tea_openapi.utils.get_authorization``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from urllib.parse import parse_qsl, quote, urlsplit

ALGORITHM = "ACS3-HMAC-SHA256"
DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
REQUIRED_SIGNED = ("host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce",
                   "x-acs-content-sha256")


class ApiError(Exception):
    """An error answer: HTTP status, POP error code, message (and extra response headers)."""

    def __init__(self, status: int, code: str, message: str, headers: Iterable[tuple[str, str]] = ()) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message = status, code, message
        self.headers = list(headers)


def sign_v3(method: str, target: str, headers: Mapping[str, str], signed_headers: list[str],
            payload_hash: str, secret: str) -> str:
    """The ACS3-HMAC-SHA256 signature (hex) the SDK computes for ``method target`` and these headers."""
    parts = urlsplit(target)
    query = sorted(parse_qsl(parts.query, keep_blank_values=True))
    canonical_query = "&".join(f"{k}={quote(v, safe='~')}" for k, v in query)
    canonical_headers = "".join(f"{h}:{headers[h].strip()}\n" for h in signed_headers)
    canonical = "\n".join([method.upper(), parts.path or "/", canonical_query, canonical_headers,
                           ";".join(signed_headers), payload_hash])
    string_to_sign = f"{ALGORITHM}\n{hashlib.sha256(canonical.encode('utf-8')).hexdigest()}"
    return hmac.new(secret.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


class Acs3Verifier:
    def __init__(self, credentials: Mapping[str, str], sts_tokens: Mapping[str, str] | None = None, *,
                 max_skew_s: float = 15 * 60, clock: Callable[[], float] = time.time) -> None:
        self.credentials = dict(credentials)
        self.sts_tokens = dict(sts_tokens or {})
        self.expired_tokens: set[str] = set()
        self.max_skew_s = max_skew_s
        self.clock = clock
        self._nonces: dict[str, float] = {}
        self._nonce_lock = threading.Lock()

    def expire_token(self, access_key_id: str) -> None:
        """From now on, the STS token of ``access_key_id`` is answered as expired."""
        self.expired_tokens.add(access_key_id)

    def verify(self, method: str, target: str, low: Mapping[str, str], body: bytes) -> str:
        """The caller's AccessKeyId, or ApiError. ``low`` holds the request headers, lower-cased."""
        auth = low.get("authorization")
        if not auth:
            raise ApiError(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards: "
                                                       "the Authorization header is missing.")
        algorithm, _, rest = auth.partition(" ")
        parts = dict(p.strip().split("=", 1) for p in rest.split(",") if "=" in p)
        if algorithm != ALGORITHM or not {"Credential", "SignedHeaders", "Signature"} <= parts.keys():
            raise ApiError(400, "IncompleteSignature",
                           f"The request signature does not conform to Aliyun standards: expected {ALGORITHM}.")
        signed = parts["SignedHeaders"].split(";")
        required = list(REQUIRED_SIGNED) + (["x-acs-security-token"] if "x-acs-security-token" in low else [])
        missing = [h for h in required if h not in signed or h not in low]
        if missing or any(h not in low for h in signed):
            raise ApiError(400, "IncompleteSignature",
                           f"The request signature does not conform to Aliyun standards: headers not signed or "
                           f"absent: {', '.join(missing) or 'signed header missing'}.")
        if hashlib.sha256(body).hexdigest() != low["x-acs-content-sha256"]:
            raise ApiError(400, "SignatureDoesNotMatch", "x-acs-content-sha256 does not match the request body.")
        try:
            sent = dt.datetime.strptime(low["x-acs-date"], DATE_FORMAT).replace(tzinfo=dt.timezone.utc).timestamp()
        except ValueError:
            raise ApiError(400, "InvalidTimeStamp.Format",
                           "Specified time stamp or date value is not well formatted.") from None
        if abs(self.clock() - sent) > self.max_skew_s:
            raise ApiError(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")

        access_key_id = parts["Credential"]
        secret = self.credentials.get(access_key_id)
        if secret is None:
            raise ApiError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
        token = low.get("x-acs-security-token")
        if low.get("x-acs-accesskey-id", access_key_id) != access_key_id:
            raise ApiError(400, "InvalidSecurityToken.MismatchWithAccessKey",
                           "Specified security token does not match the access key.")
        if access_key_id in self.sts_tokens:
            if not token:
                raise ApiError(400, "MissingSecurityToken", "The security token is required for this access key.")
            if not hmac.compare_digest(token, self.sts_tokens[access_key_id]):
                raise ApiError(400, "InvalidSecurityToken.MismatchWithAccessKey",
                               "Specified security token does not match the access key.")
            if access_key_id in self.expired_tokens:
                raise ApiError(400, "InvalidSecurityToken.Expired", "Specified security token has expired.")
        elif token:
            raise ApiError(400, "InvalidSecurityToken.MismatchWithAccessKey",
                           "A security token was sent with a permanent access key.")

        expected = sign_v3(method, target, low, signed, low["x-acs-content-sha256"], secret)
        if not hmac.compare_digest(expected, parts["Signature"]):
            raise ApiError(400, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation.")
        self._check_nonce(low["x-acs-signature-nonce"])
        return access_key_id

    def _check_nonce(self, nonce: str) -> None:
        now = self.clock()
        with self._nonce_lock:
            if len(self._nonces) > 10_000:
                horizon = now - 2 * self.max_skew_s
                self._nonces = {n: t for n, t in self._nonces.items() if t >= horizon}
            if nonce in self._nonces:
                raise ApiError(400, "SignatureNonceUsed", "Specified signature nonce was used already.")
            self._nonces[nonce] = now
