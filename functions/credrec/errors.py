"""One exception tree for credrec.

Every failure the pipeline can meet is one of these classes. Adapters translate SDK exceptions at
their edge (``raise ... from exc``) so nothing above them ever sees an SDK type; the pipeline then
decides from ``retryable`` alone, never from message text.

    CredrecError                      code, message, retryable, http_status, upstream_*, detail
    ├── RetryableError                transient: retry inside the invocation, then let FC retry
    │   ├── ThrottledError            Throttling.Api (HTTP 403), HTTP 429, x-acs-retry-after   429
    │   ├── UpstreamUnavailableError  InternalError, ServiceUnavailable, other 5xx              502
    │   ├── NetworkError              timeouts, refused or reset connections, DNS              502
    │   ├── TransientAuthError        expired STS token, reused nonce, clock skew              502
    │   ├── StoreUnavailableError     Tablestore busy / throttled / 5xx / network              503
    │   ├── InProgressElsewhereError  another worker holds a live claim on the record          409
    │   └── RetryableBatchError       some entries of an OSS event failed transiently          503
    └── PermanentError                never retried: the same input fails the same way
        ├── ImageRejectedError        pre-flight validation failed (no API call was made)      400/413/415
        ├── ObjectNotFoundError       the uploaded object is gone (deleted, wrong key)         404
        ├── ObjectChangedError        the object was overwritten after the event (etag)        409
        ├── InvalidRequestError       bad HTTP request to our API                              400
        ├── AuthenticationError       missing or wrong bearer token                            401
        ├── ForbiddenKeyError         oss_key outside the function's bucket prefix             403
        ├── RouteNotFoundError        no such route, or no such record                         404
        ├── MethodNotAllowedError     wrong HTTP method for the route                          405
        ├── UnsupportedMediaTypeError body neither JSON nor an image                           415
        ├── AccessDeniedError         Forbidden.* from an upstream service (RAM, arrears)      502
        ├── UpstreamRejectedError     MissingParameter, InvalidParameter, image errors         502
        ├── UpstreamProtocolError     the API answered 200 with an unusable body               502
        ├── StoreError                a store request that cannot succeed (bad table, row)     500
        └── ConfigurationError        settings or credentials missing or invalid               500

``code`` is the stable, machine-readable reason stored on records and returned by the HTTP API.
Adapters may set ``code`` to the upstream service's own code and keep it in ``upstream_code``;
records then store the class's stable code and the upstream one beside it.

``message`` is what users may see (records, HTTP answers). Errors built from an upstream answer
keep the service's own text (operation, server message, request id) in ``detail`` instead: it is
for operators, stored on the record beside the message and never returned by the HTTP API.
The number after each class is its ``http_status``: the HTTP API answers with the status the
error carries, and a record's error keeps it, so no second table maps codes to statuses.
"""

from __future__ import annotations

from typing import Any


class CredrecError(Exception):
    """Base class. ``code`` is stable and safe to log; ``message`` may carry detail for the record."""

    retryable: bool = False
    default_code: str = "ERROR"
    http_status: int = 500

    def __init__(
        self,
        message: str = "",
        *,
        code: str | None = None,
        http_status: int | None = None,
        upstream_code: str | None = None,
        upstream_status: int | None = None,
        request_id: str | None = None,
        detail: str | None = None,
    ) -> None:
        super().__init__(message or self.__class__.__name__)
        self.message: str = message or self.__class__.__name__
        self.code: str = code or self.default_code
        if http_status is not None:
            self.http_status = http_status
        self.upstream_code: str | None = upstream_code  # the service's own error code (Throttling.Api…)
        self.upstream_status: int | None = upstream_status  # the service's HTTP status
        self.request_id: str | None = request_id  # the service's request id, for a support ticket
        self.detail: str | None = detail  # operator-only text from upstream; never sent to HTTP clients

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}(code={self.code!r}, message={self.message!r})"


# ---------------------------------------------------------------- retryable


class RetryableError(CredrecError):
    retryable = True
    default_code = "RETRYABLE"
    http_status = 503


class ThrottledError(RetryableError):
    default_code = "THROTTLED"
    http_status = 429

    def __init__(self, message: str = "", *, retry_after_s: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after_s = retry_after_s


class UpstreamUnavailableError(RetryableError):
    default_code = "UPSTREAM_UNAVAILABLE"
    http_status = 502


class NetworkError(RetryableError):
    default_code = "NETWORK_ERROR"
    http_status = 502


class TransientAuthError(RetryableError):
    default_code = "TRANSIENT_AUTH_ERROR"
    http_status = 502


class StoreUnavailableError(RetryableError):
    default_code = "STORE_UNAVAILABLE"
    http_status = 503


class InProgressElsewhereError(RetryableError):
    """Another worker holds a live claim on this record; try again later."""

    default_code = "IN_PROGRESS"
    http_status = 409


# ---------------------------------------------------------------- permanent


class PermanentError(CredrecError):
    retryable = False
    default_code = "PERMANENT"
    http_status = 500


class ImageRejectedError(PermanentError):
    """Pre-flight validation refused the image; ``code`` says why (see validation.RejectCode)."""

    default_code = "INVALID_IMAGE"
    http_status = 400


class ObjectNotFoundError(PermanentError):
    default_code = "OBJECT_NOT_FOUND"
    http_status = 404


class ObjectChangedError(PermanentError):
    default_code = "OBJECT_CHANGED"
    http_status = 409


class InvalidRequestError(PermanentError):
    default_code = "INVALID_REQUEST"
    http_status = 400


class AuthenticationError(PermanentError):
    default_code = "UNAUTHORIZED"
    http_status = 401


class ForbiddenKeyError(PermanentError):
    default_code = "KEY_NOT_ALLOWED"
    http_status = 403


class RouteNotFoundError(PermanentError):
    default_code = "NOT_FOUND"
    http_status = 404


class MethodNotAllowedError(PermanentError):
    default_code = "METHOD_NOT_ALLOWED"
    http_status = 405


class UnsupportedMediaTypeError(PermanentError):
    default_code = "UNSUPPORTED_MEDIA_TYPE"
    http_status = 415


class AccessDeniedError(PermanentError):
    default_code = "ACCESS_DENIED"
    http_status = 502


class UpstreamRejectedError(PermanentError):
    default_code = "UPSTREAM_REJECTED"
    http_status = 502


class UpstreamProtocolError(PermanentError):
    default_code = "UPSTREAM_BAD_RESPONSE"
    http_status = 502


class StoreError(PermanentError):
    default_code = "STORE_ERROR"
    http_status = 500


class ConfigurationError(PermanentError):
    default_code = "CONFIGURATION_ERROR"
    http_status = 500


class RetryableBatchError(RetryableError):
    """Raised by the OSS entry point after every record was tried, when some failed transiently.

    FC's asynchronous retry then re-delivers the whole event; records already completed are
    duplicates and cost nothing the second time.
    """

    default_code = "BATCH_RETRY"
    http_status = 503

    def __init__(self, failures: list[CredrecError]) -> None:
        codes = ", ".join(sorted({f.code for f in failures}))
        super().__init__(f"{len(failures)} record(s) failed transiently: {codes}")
        self.failures = failures
