"""SDK exceptions → ``credrec.errors``: one table per SDK, consulted by class, never by message text.

Each table maps the *qualified name* of an SDK exception class (``module.QualName``) to a rule; a
raised exception is looked up along its MRO, so the most specific entry wins. Names rather than
class objects keep this module free of SDK imports (a cold start imports only what it uses).
``tests/unit/adapters`` enumerates every exception class the SDK packages define and fails when
one has no entry of its own here — a new SDK release cannot slip an unmapped error past us.

Rules that need finer grain than the class read structured fields only: the HTTP status and the
service's error ``Code`` (``Throttling.Api``, ``OTSServerBusy``, ``NoSuchKey``…).

Policy (retryable ⇢ the pipeline's retry layer may try again; nothing here retries):

=====================================  =====================================================
upstream                                credrec
=====================================  =====================================================
Throttling.* (HTTP 403!), HTTP 429     ThrottledError (``retry_after_s`` from x-acs-retry-after)
InternalError, ServiceUnavailable, 5xx UpstreamUnavailableError
network / timeouts / refused           NetworkError (Tablestore: StoreUnavailableError)
MissingParameter, InvalidParameter,    UpstreamRejectedError
image errors (ToolargeImage, …)
Forbidden.*                            AccessDeniedError
bad AccessKey / signature              ConfigurationError
expired STS token, used nonce, skew    RetryableError (fresh credentials / date on the next try)
HTTP 200 with an unusable body         UpstreamProtocolError
OSS 404 / 412                          ObjectNotFoundError / ObjectChangedError
OTS busy / throttled / 5xx             StoreUnavailableError
OTS bad request / missing table        StoreError
=====================================  =====================================================

Messages are built from structured fields and passed through :func:`safe_text`: they may be
stored on records, so they never carry credentials, URL query strings (presigned URLs hold an STS
token) or long Base64 runs (image bytes).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..errors import (
    AccessDeniedError,
    ConfigurationError,
    CredrecError,
    NetworkError,
    ObjectChangedError,
    ObjectNotFoundError,
    StoreError,
    StoreUnavailableError,
    ThrottledError,
    TransientAuthError,
    UpstreamProtocolError,
    UpstreamRejectedError,
    UpstreamUnavailableError,
)

# --------------------------------------------------------------------------- building errors

ErrorClass = type[CredrecError]

#: What users may read for an error built from an upstream answer. The upstream text itself
#: (service, operation, server message, request id) goes to ``detail``: operators only.
PUBLIC_MESSAGES: dict[ErrorClass, str] = {
    ThrottledError: "the upstream service is throttling requests; try again later",
    UpstreamUnavailableError: "the upstream service is unavailable; try again later",
    NetworkError: "the upstream service could not be reached; try again later",
    UpstreamRejectedError: "the recognition service refused the request or the image",
    AccessDeniedError: "the function is not allowed to call an upstream service (check its role)",
    ConfigurationError: "the function's configuration or credentials are invalid",
    TransientAuthError: "the upstream service refused the function's credentials for now; try again later",
    UpstreamProtocolError: "the upstream service answered in a form credrec cannot use",
    ObjectNotFoundError: "the object does not exist in the bucket",
    ObjectChangedError: "the object was overwritten after it was announced",
    StoreUnavailableError: "the result store is unavailable; try again later",
    StoreError: "the result store refused the request",
}


def make_error(
    cls: ErrorClass,
    detail: str,
    *,
    code: str | None = None,
    retry_after_s: float | None = None,
    upstream_code: str | None = None,
    upstream_status: int | None = None,
    request_id: str | None = None,
) -> CredrecError:
    """An instance of ``cls`` carrying the upstream facts.

    ``code`` defaults to the service's own error code (``Throttling.Api``, ``NoSuchKey``,
    ``OTSServerBusy``…): stable, machine-readable, and what an operator searches the docs for.
    ``message`` is the class's public sentence (plus the upstream code); ``detail`` the upstream text.
    """
    message = PUBLIC_MESSAGES[cls] + (f" ({upstream_code})" if upstream_code else "")
    err = cls(message, code=code or upstream_code, upstream_code=upstream_code, upstream_status=upstream_status,
              request_id=request_id, detail=detail)
    if isinstance(err, ThrottledError):
        err.retry_after_s = retry_after_s
    return err


# --------------------------------------------------------------------------- hygiene

_URL_QUERY = re.compile(r"((?:https?|file)://[^\s?#'\"<>]*)\?[^\s'\"<>]*", re.IGNORECASE)
_LONG_TOKEN = re.compile(r"[A-Za-z0-9+/=_%-]{64,}")
_SECRET_FIELDS = re.compile(
    r"(?i)(signature|security[-_]?token|access[-_]?key[-_]?secret|authorization|credential)([=:]\s*)[^\s,;&'\"]+"
)
_SPACES = re.compile(r"\s+")


def safe_text(value: Any, *, limit: int = 300, secrets: Iterable[str | None] = ()) -> str:
    """A one-line, bounded rendering of upstream text that may be stored and shown.

    Drops URL query strings (presigned URLs carry a signature and an STS token), long
    Base64/hex-like runs (image bytes, tokens), ``signature=…``-style pairs, and any literal
    ``secrets`` passed in.
    """
    try:
        text = "" if value is None else str(value)
    except Exception:  # some SDK exceptions' __str__ reads attributes that may be unset
        text = type(value).__name__
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    text = _URL_QUERY.sub(r"\1?…", text)
    text = _SECRET_FIELDS.sub(r"\1\2***", text)
    text = _LONG_TOKEN.sub("…", text)
    text = _SPACES.sub(" ", text).strip()
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def _clean(value: Any) -> str | None:
    """SDKs format missing fields as the string 'None'; treat that (and '') as absent."""
    if value is None:
        return None
    text = str(value).strip()
    return None if text in ("", "None", "null") else text


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def qualified_name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


Rule = Callable[[BaseException, str, int], CredrecError]


def _lookup(table: Mapping[str, Rule], exc: BaseException) -> Rule | None:
    for cls in type(exc).__mro__:
        rule = table.get(qualified_name(cls))
        if rule is not None:
            return rule
    return None


def describe(service: str, operation: str, status: int | None, code: str | None, message: str | None,
              request_id: str | None) -> str:
    parts = [f"{service} {operation}"]
    head = " ".join(p for p in (f"HTTP {status}" if status else None, code) if p)
    if head:
        parts.append(head)
    text = ": ".join(parts)
    detail = safe_text(message) if message else ""
    if detail:
        text += f": {detail}"
    if request_id:
        text += f" (request id {safe_text(request_id, limit=80)})"
    return text


# =========================================================================== CloudAuth (tea / darabonba)

#: Service error codes (``Code`` of the JSON error body) → class. Exact names first, then prefixes.
CLOUDAUTH_CODES: dict[str, ErrorClass] = {
    # flow control: 403 for Throttling.Api on this product, 429 elsewhere
    "Throttling": ThrottledError,
    "Throttling.Api": ThrottledError,
    "Throttling.User": ThrottledError,
    "SuspiciousActivity": ThrottledError,
    # service side
    "InternalError": UpstreamUnavailableError,
    "ServiceUnavailable": UpstreamUnavailableError,
    "ServiceTimeout": UpstreamUnavailableError,
    "UnknownError": UpstreamUnavailableError,
    "DownloadTimeout": UpstreamUnavailableError,  # the service timed out fetching CredentialOcrPictureUrl
    # the request itself
    "MissingParameter": UpstreamRejectedError,
    "InvalidParameter": UpstreamRejectedError,
    "TransactionIdInvalid": UpstreamRejectedError,
    "ProcessNotCompleted": UpstreamRejectedError,
    # the image
    "ToolargeImage": UpstreamRejectedError,
    "UnqualifiedPhoto": UpstreamRejectedError,
    "DataDuplication": UpstreamRejectedError,
    "NoFaceDetected": UpstreamRejectedError,
    # credentials and signature: our configuration is wrong
    "InvalidCredentials": ConfigurationError,  # raised by the SDK before sending
    "ParameterMissing": ConfigurationError,  # SDK config incomplete
    "InvalidAccessKeyId": ConfigurationError,
    "InvalidAccessKeyId.NotFound": ConfigurationError,
    "InvalidAccessKeyId.Inactive": ConfigurationError,
    "SignatureDoesNotMatch": ConfigurationError,
    "IncompleteSignature": ConfigurationError,
    "InvalidSecurityToken.Malformed": ConfigurationError,
    "InvalidSecurityToken.MismatchWithAccessKey": ConfigurationError,
    "MissingSecurityToken": ConfigurationError,
    "InvalidTimeStamp.Format": ConfigurationError,
    "InvalidAction.NotFound": ConfigurationError,
    "InvalidApi.NotFound": ConfigurationError,
    "InvalidVersion": ConfigurationError,
    "InvalidProduct.NotFound": ConfigurationError,
    "UnsupportedHTTPMethod": ConfigurationError,
    # transient authentication failures: the next attempt signs with fresh credentials / date / nonce
    "InvalidSecurityToken.Expired": TransientAuthError,
    "SignatureNonceUsed": TransientAuthError,
    "InvalidTimeStamp.Expired": TransientAuthError,
}
CLOUDAUTH_CODE_PREFIXES: tuple[tuple[str, ErrorClass], ...] = (
    ("Throttling.", ThrottledError),
    ("Forbidden", AccessDeniedError),  # Forbidden.RAMUserAccessDenied, Forbidden.AccountAccessDenied, …
    ("NoPermission", AccessDeniedError),
    ("InternalError.", UpstreamUnavailableError),
    ("ServiceUnavailable.", UpstreamUnavailableError),
    ("MissingParameter.", UpstreamRejectedError),
    ("InvalidParameter.", UpstreamRejectedError),
    ("MissingParam", UpstreamRejectedError),
    ("InvalidParam", UpstreamRejectedError),
    ("InvalidAccessKeyId.", ConfigurationError),
    ("InvalidSecurityToken.", ConfigurationError),
)


def classify_cloudauth(code: str | None, status: int | None, *, retry_after_hint: bool = False) -> ErrorClass:
    """The class for a CloudAuth answer: error code first, then the HTTP status."""
    if code:
        found = CLOUDAUTH_CODES.get(code)
        if found:
            return found
        for prefix, cls in CLOUDAUTH_CODE_PREFIXES:
            if code.startswith(prefix):
                return cls
    if retry_after_hint:
        return ThrottledError
    if status is None:
        return ConfigurationError  # raised by the SDK before anything was sent
    if status == 429:
        return ThrottledError
    if status == 408 or status >= 500:
        return UpstreamUnavailableError
    if status in (401, 403):
        return AccessDeniedError
    if status == 404:
        return ConfigurationError  # wrong endpoint / action / version
    if 400 <= status < 500:
        return UpstreamRejectedError
    return UpstreamProtocolError


_CLOUDAUTH = "CloudAuth"


def _ca_response(exc: BaseException, operation: str, depth: int) -> CredrecError:
    data = getattr(exc, "data", None)
    data = data if isinstance(data, dict) else {}
    code = _clean(getattr(exc, "code", None)) or _clean(data.get("Code") or data.get("code"))
    status = _int(getattr(exc, "status_code", None)) or _int(getattr(exc, "statusCode", None)) or _int(
        data.get("statusCode"))
    request_id = _clean(getattr(exc, "request_id", None)) or _clean(data.get("RequestId") or data.get("requestId"))
    server_message = data.get("Message") or data.get("message")
    if server_message is None and not data:
        server_message = _clean(getattr(exc, "message", None))
    retry_after_ms = _int(getattr(exc, "retry_after", None))
    retry_after_s = retry_after_ms / 1000.0 if retry_after_ms and retry_after_ms > 0 else None
    cls = classify_cloudauth(code, status, retry_after_hint=retry_after_s is not None)
    return make_error(
        cls,
        describe(_CLOUDAUTH, operation, status, code, server_message, request_id),
        retry_after_s=retry_after_s,
        upstream_code=code,
        upstream_status=status,
        request_id=request_id,
    )


def _ca_unretryable(exc: BaseException, operation: str, depth: int) -> CredrecError:
    inner = getattr(exc, "inner_exception", None)
    if isinstance(inner, BaseException) and inner is not exc and depth < 5:
        return map_cloudauth_error(inner, operation, _depth=depth + 1)
    return make_error(NetworkError, f"{_CLOUDAUTH} {operation}: request failed: {safe_text(exc)}")


def _ca_network(exc: BaseException, operation: str, depth: int) -> CredrecError:
    detail = getattr(exc, "message", None) or exc
    return make_error(NetworkError, f"{_CLOUDAUTH} {operation}: network error: {safe_text(detail)}")


def _ca_unreadable(exc: BaseException, operation: str, depth: int) -> CredrecError:
    # Non-JSON body: in practice an HTML 502/503 page from a proxy or load balancer. The exception
    # text holds the body itself, so it is not copied into the message.
    return make_error(
        UpstreamUnavailableError,
        f"{_CLOUDAUTH} {operation}: unreadable response body ({type(exc).__name__})",
        code="UPSTREAM_UNREADABLE_RESPONSE",
    )


def _ca_configuration(exc: BaseException, operation: str, depth: int) -> CredrecError:
    return make_error(
        ConfigurationError, f"{_CLOUDAUTH} {operation}: invalid request or client configuration: "
                       f"{type(exc).__name__}: {safe_text(exc)}")


def _ca_unexpected(exc: BaseException, operation: str, depth: int) -> CredrecError:
    return make_error(
        UpstreamProtocolError, f"{_CLOUDAUTH} {operation}: unexpected {type(exc).__name__}: {safe_text(exc)}",
        code="UPSTREAM_UNEXPECTED_ERROR")


#: Exception class (qualified name) → rule. Every class defined by Tea, darabonba,
#: alibabacloud_tea_openapi.exceptions and alibabacloud_credentials.exceptions has its own entry.
CLOUDAUTH_EXCEPTIONS: dict[str, Rule] = {
    # alibabacloud-tea-openapi: HTTP 4xx / 5xx answers
    "alibabacloud_tea_openapi.exceptions._throttling.ThrottlingException": _ca_response,
    "alibabacloud_tea_openapi.exceptions._client.ClientException": _ca_response,
    "alibabacloud_tea_openapi.exceptions._server.ServerException": _ca_response,
    "alibabacloud_tea_openapi.exceptions._alibaba_cloud.AlibabaCloudException": _ca_response,
    # darabonba-core
    "darabonba.exceptions.ResponseException": _ca_response,
    "darabonba.exceptions.DaraException": _ca_response,
    "darabonba.exceptions.UnretryableException": _ca_unretryable,
    "darabonba.exceptions.RetryError": _ca_network,
    "darabonba.exceptions.RequiredArgumentException": _ca_configuration,
    "darabonba.exceptions.ValidateException": _ca_configuration,
    # alibabacloud-tea (the older base layer)
    "Tea.exceptions.TeaException": _ca_response,
    "Tea.exceptions.UnretryableException": _ca_unretryable,
    "Tea.exceptions.RetryError": _ca_network,
    "Tea.exceptions.RequiredArgumentException": _ca_configuration,
    "Tea.exceptions.ValidateException": _ca_configuration,
    # alibabacloud-credentials
    "alibabacloud_credentials.exceptions.CredentialException": _ca_configuration,
    # an unparsable body (HTML from a proxy…): darabonba's read_as_json raises a bare RuntimeError
    # (message = the whole body), wrapped in UnretryableException; XML bodies fail in the parser
    "builtins.RuntimeError": _ca_unreadable,
    "json.decoder.JSONDecodeError": _ca_unreadable,
    "xml.etree.ElementTree.ParseError": _ca_unreadable,
    "xml.parsers.expat.ExpatError": _ca_unreadable,
    # what the transport can leak around darabonba's wrapper
    "requests.exceptions.RequestException": _ca_network,
    "urllib3.exceptions.HTTPError": _ca_network,
    "builtins.OSError": _ca_network,
}


def map_cloudauth_error(exc: BaseException, operation: str = "CredentialRecognitionIntl", *,
                        _depth: int = 0) -> CredrecError:
    """The credrec error for anything the CloudAuth SDK raised."""
    if isinstance(exc, CredrecError):
        return exc
    rule = _lookup(CLOUDAUTH_EXCEPTIONS, exc) or _ca_unexpected
    return rule(exc, operation, _depth)


# =========================================================================== OSS (alibabacloud-oss-v2)

#: OSS error codes → class (checked after 404 → not found and 412 → changed).
OSS_CODES: dict[str, ErrorClass] = {
    "NoSuchKey": ObjectNotFoundError,
    "NoSuchBucket": ObjectNotFoundError,
    "PreconditionFailed": ObjectChangedError,
    "AccessDenied": AccessDeniedError,
    "UserDisable": AccessDeniedError,
    "InvalidAccessKeyId": ConfigurationError,
    "SignatureDoesNotMatch": ConfigurationError,
    "InvalidSecurityToken": ConfigurationError,
    "SecurityTokenExpired": TransientAuthError,
    "RequestTimeTooSkewed": TransientAuthError,
    "QpsLimitExceeded": ThrottledError,
    "SlowDown": ThrottledError,
    "InternalError": UpstreamUnavailableError,
    "ServiceUnavailable": UpstreamUnavailableError,
    "RequestTimeout": NetworkError,
    "InvalidObjectState": UpstreamRejectedError,  # e.g. an Archive object that was not restored
}
_OSS = "OSS"


def classify_oss(code: str | None, status: int | None) -> ErrorClass:
    if status == 404:
        return ObjectNotFoundError  # GET: NoSuchKey/NoSuchBucket; HEAD: no body → code BadErrorResponse
    if status == 412:
        return ObjectChangedError
    if code and code in OSS_CODES:
        return OSS_CODES[code]
    if not status:
        return UpstreamProtocolError
    if status == 429:
        return ThrottledError
    if status == 408:
        return NetworkError
    if status >= 500:
        return UpstreamUnavailableError
    if status in (401, 403):
        return AccessDeniedError
    if 400 <= status < 500:
        return UpstreamRejectedError
    return UpstreamProtocolError


def _cause(exc: BaseException) -> BaseException | None:
    """The wrapped error of an OSS SDK exception (``unwrap()``, else ``kwargs['error']``)."""
    unwrap = getattr(exc, "unwrap", None)
    try:
        inner = unwrap() if callable(unwrap) else None
    except Exception:
        inner = None
    if inner is None:
        kwargs = getattr(exc, "kwargs", None)
        inner = kwargs.get("error") if isinstance(kwargs, dict) else None
    return inner if isinstance(inner, BaseException) else None


def _oss_operation(exc: BaseException, operation: str, depth: int) -> CredrecError:
    inner = _cause(exc)
    if isinstance(inner, BaseException) and inner is not exc and depth < 5:
        return map_oss_error(inner, operation, _depth=depth + 1)
    return make_error(UpstreamProtocolError, f"{_OSS} {operation}: operation failed without a cause",
                      code="UPSTREAM_UNEXPECTED_ERROR")


def _oss_service(exc: BaseException, operation: str, depth: int) -> CredrecError:
    status = _int(getattr(exc, "status_code", None))
    code = _clean(getattr(exc, "code", None))
    request_id = _clean(getattr(exc, "request_id", None))
    message = _clean(getattr(exc, "message", None))
    if code == "BadErrorResponse":  # no error body (HEAD): the SDK's parse complaint is noise
        code, message = None, "no error body"
    cls = classify_oss(code, status)
    return make_error(cls, describe(_OSS, operation, status, code, message, request_id),
                      upstream_code=code, upstream_status=status, request_id=request_id)


def _oss_wrapped(exc: BaseException, operation: str, depth: int) -> CredrecError:
    inner = _cause(exc)
    if isinstance(inner, BaseException) and inner is not exc and depth < 5:
        return map_oss_error(inner, operation, _depth=depth + 1)
    return make_error(NetworkError, f"{_OSS} {operation}: {type(exc).__name__}: {safe_text(exc)}")


def _oss_credentials_fetch(exc: BaseException, operation: str, depth: int) -> CredrecError:
    inner = _cause(exc)
    if isinstance(inner, CredrecError):
        return inner
    return make_error(TransientAuthError, f"{_OSS} {operation}: could not fetch credentials",
                      code="CREDENTIALS_FETCH_FAILED")


def _oss_rule(cls: ErrorClass, what: str, code: str | None = None) -> Rule:
    def rule(exc: BaseException, operation: str, depth: int) -> CredrecError:
        return make_error(cls, f"{_OSS} {operation}: {what} ({type(exc).__name__}: {safe_text(exc)})", code=code)

    return rule


_oss_network = _oss_rule(NetworkError, "network error")
_oss_config = _oss_rule(ConfigurationError, "invalid request or client configuration")

#: Every class in alibabacloud_oss_v2.exceptions (and the helper modules' error classes).
OSS_EXCEPTIONS: dict[str, Rule] = {
    "alibabacloud_oss_v2.exceptions.OperationError": _oss_operation,
    "alibabacloud_oss_v2.exceptions.ServiceError": _oss_service,
    "alibabacloud_oss_v2.exceptions.RequestError": _oss_network,  # not sent: refused, DNS, connect timeout
    "alibabacloud_oss_v2.exceptions.ResponseError": _oss_network,  # sent, answer unreadable: read timeout
    "alibabacloud_oss_v2.exceptions.InconsistentError": _oss_rule(NetworkError, "CRC-64 mismatch"),
    "alibabacloud_oss_v2.exceptions.StreamConsumedError": _oss_network,
    "alibabacloud_oss_v2.exceptions.StreamClosedError": _oss_network,
    "alibabacloud_oss_v2.exceptions.ResponseNotReadError": _oss_network,
    "alibabacloud_oss_v2.exceptions.CredentialsEmptyError": _oss_rule(ConfigurationError, "credentials are empty"),
    "alibabacloud_oss_v2.exceptions.CredentialsFetchError": _oss_credentials_fetch,
    "alibabacloud_oss_v2.exceptions.CredentialsBaseError": _oss_rule(ConfigurationError, "credentials error"),
    "alibabacloud_oss_v2.exceptions.ParamInvalidError": _oss_config,
    "alibabacloud_oss_v2.exceptions.ParamNullError": _oss_config,
    "alibabacloud_oss_v2.exceptions.ParamNullOrEmptyError": _oss_config,
    "alibabacloud_oss_v2.exceptions.ParamRequiredError": _oss_config,
    "alibabacloud_oss_v2.exceptions.MD5UnavailableError": _oss_config,
    "alibabacloud_oss_v2.exceptions.SerializationError": _oss_config,
    "alibabacloud_oss_v2.exceptions.DeserializationError": _oss_rule(UpstreamProtocolError, "unreadable response"),
    "alibabacloud_oss_v2.exceptions.BucketNameInvalidError": _oss_rule(ConfigurationError, "invalid bucket name"),
    # no object can have an invalid name: it cannot exist
    "alibabacloud_oss_v2.exceptions.ObjectNameInvalidError": _oss_rule(ObjectNotFoundError, "invalid object name"),
    "alibabacloud_oss_v2.exceptions.PresignExpirationError": _oss_rule(ConfigurationError, "presign expiry too long"),
    "alibabacloud_oss_v2.exceptions.FileNotExist": _oss_config,
    "alibabacloud_oss_v2.exceptions.FileNotReadable": _oss_config,
    "alibabacloud_oss_v2.exceptions.BaseError": _oss_rule(UpstreamProtocolError, "SDK error", "UPSTREAM_UNEXPECTED_ERROR"),
    "alibabacloud_oss_v2.filelike.PathError": _oss_config,
    "alibabacloud_oss_v2.filelike.CancelTask": _oss_network,  # a cancelled prefetch read
    "alibabacloud_oss_v2.aio.transport.aiohttp_client._ResponseStopIteration": _oss_network,  # async client
    "alibabacloud_oss_v2.downloader.DownloadError": _oss_wrapped,
    "alibabacloud_oss_v2.uploader.UploadError": _oss_wrapped,
    "alibabacloud_oss_v2.copier.CopyError": _oss_wrapped,
    # raised while reading a streamed body (not wrapped by the SDK)
    "requests.exceptions.RequestException": _oss_network,
    "urllib3.exceptions.HTTPError": _oss_network,
    "builtins.OSError": _oss_network,
}


def map_oss_error(exc: BaseException, operation: str, *, _depth: int = 0) -> CredrecError:
    """The credrec error for anything the OSS SDK raised during ``operation``."""
    if isinstance(exc, CredrecError):
        return exc
    rule = _lookup(OSS_EXCEPTIONS, exc) or _oss_rule(UpstreamProtocolError, "unexpected error", "UPSTREAM_UNEXPECTED_ERROR")
    return rule(exc, operation, _depth)


# =========================================================================== Tablestore

#: OTS error codes → class. Unknown codes: 5xx / 429 → StoreUnavailableError, others → StoreError.
OTS_CODES: dict[str, ErrorClass] = {
    "OTSServerBusy": StoreUnavailableError,
    "OTSPartitionUnavailable": StoreUnavailableError,
    "OTSTimeout": StoreUnavailableError,
    "OTSInternalServerError": StoreUnavailableError,
    "OTSServerUnavailable": StoreUnavailableError,
    "OTSRequestTimeout": StoreUnavailableError,
    "OTSQuotaExhausted": StoreUnavailableError,
    "OTSNotEnoughCapacityUnit": StoreUnavailableError,
    "OTSCapacityUnitExhausted": StoreUnavailableError,
    "OTSRowOperationConflict": StoreUnavailableError,
    "OTSOperationConflict": StoreUnavailableError,
    "OTSOperationThrottled": StoreUnavailableError,
    "OTSTableNotReady": StoreUnavailableError,
    "OTSAuthFailed": AccessDeniedError,
    "OTSNoPermissionAccess": AccessDeniedError,
    "OTSParameterInvalid": StoreError,
    "OTSObjectNotExist": StoreError,
    "OTSObjectAlreadyExist": StoreError,
    "OTSRequestBodyTooLarge": StoreError,
    "OTSMethodNotAllowed": StoreError,
    "OTSOutOfColumnCountLimit": StoreError,
    "OTSOutOfRowSizeLimit": StoreError,
    "OTSInvalidPK": StoreError,
    "OTSUnsupportOperation": StoreError,
    "OTSConditionCheckFail": StoreError,  # a False return where the port defines one
}
_OTS = "Tablestore"


def classify_tablestore(code: str | None, status: int | None) -> ErrorClass:
    if code and code in OTS_CODES:
        return OTS_CODES[code]
    if status is not None and (status >= 500 or status == 429):
        return StoreUnavailableError
    return StoreError


def _ots_service(exc: BaseException, operation: str, depth: int) -> CredrecError:
    code = _clean(getattr(exc, "code", None))
    status = _int(getattr(exc, "http_status", None))
    request_id = _clean(getattr(exc, "request_id", None))
    message = _clean(getattr(exc, "message", None))
    cls = classify_tablestore(code, status)
    return make_error(cls, describe(_OTS, operation, status, code, message, request_id),
                      upstream_code=code, upstream_status=status,
                      request_id=request_id)


def _ots_client(exc: BaseException, operation: str, depth: int) -> CredrecError:
    status = _int(getattr(exc, "http_status", None))
    detail = safe_text(getattr(exc, "message", None) or exc)
    if status is None:  # raised before sending (arguments, endpoint) or while decoding the body
        return make_error(StoreError, f"{_OTS} {operation}: client error: {detail}", code="STORE_CLIENT_ERROR")
    if status >= 500 or status == 429:  # e.g. an HTML 502 from a proxy instead of a protobuf Error
        return make_error(StoreUnavailableError, f"{_OTS} {operation}: HTTP {status}: {detail}",
                          upstream_status=status)
    return make_error(StoreError, f"{_OTS} {operation}: unusable response (HTTP {status}): {detail}",
                      code="STORE_BAD_RESPONSE", upstream_status=status)


def _ots_network(exc: BaseException, operation: str, depth: int) -> CredrecError:
    return make_error(StoreUnavailableError,
                      f"{_OTS} {operation}: network error: {type(exc).__name__}: {safe_text(exc)}",
                      code="STORE_NETWORK_ERROR")


def _ots_undecodable(exc: BaseException, operation: str, depth: int) -> CredrecError:
    return make_error(StoreError, f"{_OTS} {operation}: undecodable response ({type(exc).__name__})",
                      code="STORE_BAD_RESPONSE")


def _ots_generic(exc: BaseException, operation: str, depth: int) -> CredrecError:
    return make_error(StoreError, f"{_OTS} {operation}: {type(exc).__name__}: {safe_text(exc)}",
                      code="STORE_UNEXPECTED_ERROR")


#: Every class in tablestore.error, plus the raw network errors the SDK lets through
#: (it does not wrap urllib3/socket exceptions) and protobuf decode errors.
TABLESTORE_EXCEPTIONS: dict[str, Rule] = {
    "tablestore.error.OTSServiceError": _ots_service,
    "tablestore.error.OTSClientError": _ots_client,
    "tablestore.error.OTSError": _ots_generic,
    "urllib3.exceptions.HTTPError": _ots_network,
    "builtins.OSError": _ots_network,
    "google.protobuf.message.DecodeError": _ots_undecodable,
    "google.protobuf.message.Error": _ots_undecodable,
}


def map_tablestore_error(exc: BaseException, operation: str, *, _depth: int = 0) -> CredrecError:
    """The credrec error for anything the Tablestore SDK raised during ``operation``."""
    if isinstance(exc, CredrecError):
        return exc
    rule = _lookup(TABLESTORE_EXCEPTIONS, exc) or _ots_generic
    return rule(exc, operation, _depth)


#: For the coverage test: the packages each table answers for. Every exception class defined
#: anywhere in these packages (all submodules walked) must have an entry of its own in the table.
SDK_PACKAGES: dict[str, tuple[tuple[str, ...], Mapping[str, Rule]]] = {
    "cloudauth": (
        ("Tea", "darabonba", "alibabacloud_tea_openapi", "alibabacloud_credentials", "alibabacloud_credentials_api",
         "alibabacloud_gateway_spi", "alibabacloud_tea_util", "alibabacloud_cloudauth_intl20220809"),
        CLOUDAUTH_EXCEPTIONS,
    ),
    "oss": (("alibabacloud_oss_v2",), OSS_EXCEPTIONS),
    "tablestore": (("tablestore",), TABLESTORE_EXCEPTIONS),
}
