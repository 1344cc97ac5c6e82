"""The SDK → credrec error tables (``credrec/adapters/_errors.py``).

1. Every exception class the SDK packages define has an entry of its own — a new SDK release that
   adds one fails here until someone decides how to treat it.
2. Every entry names a class that exists (no stale or misspelt names).
3. The policy: retryable vs permanent, and the class, for the upstream errors that matter.
4. Messages never carry credentials, URL query strings or image bytes.

Exceptions are built with the SDKs' own constructors; nothing is patched and nothing is sent.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
from typing import Any

import pytest

from credrec.adapters import _errors
from credrec.adapters._errors import (
    SDK_PACKAGES,
    map_cloudauth_error,
    map_oss_error,
    map_tablestore_error,
    qualified_name,
    safe_text,
)
from credrec.errors import (
    AccessDeniedError,
    ConfigurationError,
    CredrecError,
    NetworkError,
    ObjectChangedError,
    ObjectNotFoundError,
    RetryableError,
    StoreError,
    StoreUnavailableError,
    ThrottledError,
    TransientAuthError,
    UpstreamProtocolError,
    UpstreamRejectedError,
    UpstreamUnavailableError,
)

MAPPERS = {"cloudauth": map_cloudauth_error, "oss": map_oss_error, "tablestore": map_tablestore_error}


def _package_exceptions(package: str) -> set[type]:
    root = importlib.import_module(package)
    names = [package] + [m.name for m in pkgutil.walk_packages(getattr(root, "__path__", []), package + ".")]
    found: set[type] = set()
    for name in names:
        try:
            module = importlib.import_module(name)
        except ImportError:  # e.g. tablestore's native .so built for another CPython
            continue
        for value in vars(module).values():
            if (inspect.isclass(value) and issubclass(value, BaseException)
                    and value.__module__.split(".")[0] == package):
                found.add(value)
    return found


@pytest.fixture(scope="module")
def sdk_exceptions() -> dict[str, set[type]]:
    return {sdk: set().union(*(_package_exceptions(p) for p in packages))
            for sdk, (packages, _) in SDK_PACKAGES.items()}


@pytest.mark.parametrize("sdk", sorted(SDK_PACKAGES))
def test_every_sdk_exception_class_has_its_own_entry(sdk: str, sdk_exceptions: dict[str, set[type]]) -> None:
    table = SDK_PACKAGES[sdk][1]
    classes = sdk_exceptions[sdk]
    assert classes, f"no exception classes found for {sdk}: is the SDK installed?"
    unmapped = sorted(qualified_name(c) for c in classes if qualified_name(c) not in table)
    assert not unmapped, f"{sdk}: add these to the table in credrec/adapters/_errors.py: {unmapped}"


@pytest.mark.parametrize("sdk", sorted(SDK_PACKAGES))
def test_every_entry_names_an_existing_exception_class(sdk: str) -> None:
    for name in SDK_PACKAGES[sdk][1]:
        module_name, _, qual = name.rpartition(".")
        module = importlib.import_module(module_name)
        cls = getattr(module, qual, None)
        assert inspect.isclass(cls) and issubclass(cls, BaseException), name


@pytest.mark.parametrize("sdk", sorted(SDK_PACKAGES))
def test_every_sdk_class_maps_to_a_credrec_error(sdk: str, sdk_exceptions: dict[str, set[type]]) -> None:
    """Even a bare instance (no fields set) maps cleanly: rules read fields defensively."""
    for cls in sdk_exceptions[sdk]:
        exc = cls.__new__(cls)
        BaseException.__init__(exc, "bare")
        mapped = MAPPERS[sdk](exc, "Op")
        assert isinstance(mapped, CredrecError), cls


# ---------------------------------------------------------------- CloudAuth policy


def _tea(kind: str, status: int | None, code: str, *, retry_after: int | None = None, message: str = "msg") -> Any:
    from alibabacloud_tea_openapi import exceptions as ex

    cls = {"client": ex.ClientException, "server": ex.ServerException, "throttling": ex.ThrottlingException}[kind]
    data = {"RequestId": "RID", "Code": code, "Message": message}
    kwargs: dict[str, Any] = {"status_code": status, "code": code, "message": f"code: {status}, {message}",
                              "request_id": "RID", "data": data}
    if retry_after is not None:
        kwargs["retry_after"] = retry_after
    return cls(**kwargs)


@pytest.mark.parametrize(
    ("exc", "expected", "retryable"),
    [
        (_tea("client", 403, "Throttling.Api"), ThrottledError, True),
        (_tea("client", 429, "Throttling.User"), ThrottledError, True),
        (_tea("client", 429, "AnythingElse"), ThrottledError, True),
        (_tea("server", 500, "InternalError"), UpstreamUnavailableError, True),
        (_tea("server", 503, "ServiceUnavailable"), UpstreamUnavailableError, True),
        (_tea("server", 502, "NoIdea"), UpstreamUnavailableError, True),
        (_tea("client", 401, "DownloadTimeout"), UpstreamUnavailableError, True),
        (_tea("client", 400, "MissingParameter"), UpstreamRejectedError, False),
        (_tea("client", 400, "InvalidParameter"), UpstreamRejectedError, False),
        (_tea("client", 400, "InvalidParameter.DocType"), UpstreamRejectedError, False),
        (_tea("client", 401, "ToolargeImage"), UpstreamRejectedError, False),
        (_tea("client", 401, "UnqualifiedPhoto"), UpstreamRejectedError, False),
        (_tea("client", 401, "DataDuplication"), UpstreamRejectedError, False),
        (_tea("client", 403, "Forbidden.RAMUserAccessDenied"), AccessDeniedError, False),
        (_tea("client", 403, "Forbidden.AccountAccessDenied"), AccessDeniedError, False),
        (_tea("client", 401, "Forbidden.ExceptionRepeatedInvoke"), AccessDeniedError, False),
        (_tea("client", 400, "SignatureDoesNotMatch"), ConfigurationError, False),
        (_tea("client", 404, "InvalidAccessKeyId.NotFound"), ConfigurationError, False),
        (_tea("client", 404, "InvalidAction.NotFound"), ConfigurationError, False),
        (_tea("client", None, "InvalidCredentials"), ConfigurationError, False),
        (_tea("client", 400, "InvalidSecurityToken.Expired"), TransientAuthError, True),
        (_tea("client", 400, "SignatureNonceUsed"), TransientAuthError, True),
        (_tea("client", 400, "InvalidTimeStamp.Expired"), TransientAuthError, True),
        (_tea("client", 418, "Teapot"), UpstreamRejectedError, False),
    ],
    ids=lambda v: getattr(v, "code", None) if isinstance(v, BaseException) else None,
)
def test_cloudauth_policy(exc: BaseException, expected: type, retryable: bool) -> None:
    mapped = map_cloudauth_error(exc)
    assert type(mapped) is expected
    assert mapped.retryable is retryable
    assert mapped.code == exc.code  # the service's own code is kept
    assert mapped.upstream_status == exc.status_code and mapped.request_id == "RID"


def test_throttling_retry_after_becomes_seconds() -> None:
    mapped = map_cloudauth_error(_tea("throttling", 403, "Throttling.Api", retry_after=2500))
    assert isinstance(mapped, ThrottledError) and mapped.retry_after_s == 2.5
    # a retry-after on an answer whose code says "your request is wrong" does not make it retryable
    assert not map_cloudauth_error(_tea("throttling", 400, "InvalidParameter", retry_after=100)).retryable
    # an unknown code with a retry-after is throttling
    assert isinstance(map_cloudauth_error(_tea("throttling", 400, "Odd", retry_after=100)), ThrottledError)


def _unretryable(inner: BaseException) -> Any:
    from darabonba.exceptions import UnretryableException
    from darabonba.policy.retry import RetryPolicyContext
    from darabonba.request import DaraRequest

    return UnretryableException(RetryPolicyContext(retries_attempted=1, http_request=DaraRequest(), exception=inner))


def test_network_failures_are_network_errors() -> None:
    from darabonba.exceptions import RetryError

    mapped = map_cloudauth_error(_unretryable(RetryError(
        "HTTPConnectionPool(host='127.0.0.1', port=1): Max retries exceeded with url: "
        "/?DocType=01&x-acs-security-token=SECRET (Caused by NewConnectionError('refused'))")))
    assert isinstance(mapped, NetworkError) and mapped.retryable
    assert "SECRET" not in mapped.message


def test_unparsable_body_is_retryable_and_not_copied() -> None:
    mapped = map_cloudauth_error(_unretryable(RuntimeError(
        'Failed to parse the value as json format, Value: "<html>personal data</html>".')))
    assert isinstance(mapped, UpstreamUnavailableError) and mapped.retryable
    assert "personal data" not in mapped.message


def test_response_exceptions_escape_the_unretryable_wrapper() -> None:
    """darabonba re-raises Client/Server exceptions from UnretryableException's constructor."""
    with pytest.raises(Exception) as info:
        _unretryable(_tea("server", 500, "InternalError"))
    assert type(info.value).__name__ == "ServerException"


def test_validation_errors_are_configuration() -> None:
    from darabonba.exceptions import RequiredArgumentException

    assert isinstance(map_cloudauth_error(RequiredArgumentException("endpoint")), ConfigurationError)


def test_unknown_exception_is_a_protocol_error() -> None:
    mapped = map_cloudauth_error(AttributeError("'str' object has no attribute 'get'"))
    assert isinstance(mapped, UpstreamProtocolError) and not mapped.retryable


def test_credrec_errors_pass_through() -> None:
    err = ThrottledError("x")
    assert map_cloudauth_error(err) is err and map_oss_error(err, "Op") is err and map_tablestore_error(err, "Op") is err


# ---------------------------------------------------------------- OSS policy


def _oss_service(status: int, code: str, message: str = "m") -> Any:
    from alibabacloud_oss_v2 import exceptions as ex

    service = ex.ServiceError(status_code=status, code=code, message=message, request_id="RID", ec="0000",
                              timestamp=None, request_target="GET https://b.oss/k")
    return ex.OperationError(name="GetObject", error=service)


@pytest.mark.parametrize(
    ("exc", "expected", "retryable"),
    [
        (_oss_service(404, "NoSuchKey"), ObjectNotFoundError, False),
        (_oss_service(404, "BadErrorResponse"), ObjectNotFoundError, False),  # HEAD 404: no body
        (_oss_service(404, "NoSuchBucket"), ObjectNotFoundError, False),
        (_oss_service(412, "PreconditionFailed"), ObjectChangedError, False),
        (_oss_service(403, "AccessDenied"), AccessDeniedError, False),
        (_oss_service(403, "BadErrorResponse"), AccessDeniedError, False),
        (_oss_service(403, "SignatureDoesNotMatch"), ConfigurationError, False),
        (_oss_service(403, "InvalidAccessKeyId"), ConfigurationError, False),
        (_oss_service(403, "RequestTimeTooSkewed"), TransientAuthError, True),
        (_oss_service(403, "SecurityTokenExpired"), TransientAuthError, True),
        (_oss_service(429, "TooManyRequests"), ThrottledError, True),
        (_oss_service(503, "ServiceUnavailable"), UpstreamUnavailableError, True),
        (_oss_service(500, "InternalError"), UpstreamUnavailableError, True),
        (_oss_service(400, "InvalidArgument"), UpstreamRejectedError, False),
        (_oss_service(403, "InvalidObjectState"), UpstreamRejectedError, False),
    ],
    ids=lambda v: f"{v.unwrap().status_code}-{v.unwrap().code}" if isinstance(v, BaseException) else None,
)
def test_oss_policy(exc: BaseException, expected: type, retryable: bool) -> None:
    mapped = map_oss_error(exc, "GetObject")
    assert type(mapped) is expected and mapped.retryable is retryable


def test_oss_client_side_errors() -> None:
    from alibabacloud_oss_v2 import exceptions as ex

    cases = [
        (ex.OperationError(name="GetObject", error=ex.RequestError(error=ConnectionRefusedError())), NetworkError),
        (ex.OperationError(name="GetObject", error=ex.ResponseError(error=TimeoutError())), NetworkError),
        (ex.OperationError(name="GetObject", error=ex.InconsistentError(client_crc="1", server_crc="2")),
         NetworkError),
        (ex.OperationError(name="GetObject", error=ex.CredentialsEmptyError()), ConfigurationError),
        (ex.OperationError(name="GetObject", error=ex.ObjectNameInvalidError()), ObjectNotFoundError),
        (ex.OperationError(name="GetObject", error=ex.BucketNameInvalidError(name="B")), ConfigurationError),
        (ex.OperationError(name="GetObject", error=ex.ParamRequiredError(field="key")), ConfigurationError),
        (ex.PresignExpirationError(), ConfigurationError),
        (ex.CredentialsFetchError(error=ValueError("metadata down")), TransientAuthError),
        (ex.CredentialsFetchError(error=ConfigurationError("no creds")), ConfigurationError),
    ]
    for exc, expected in cases:
        assert type(map_oss_error(exc, "GetObject")) is expected, exc


def test_oss_body_read_errors_leak_from_requests_and_are_mapped() -> None:
    import requests

    assert isinstance(map_oss_error(requests.exceptions.ChunkedEncodingError("cut"), "GetObject"), NetworkError)
    assert isinstance(map_oss_error(ConnectionResetError(), "GetObject"), NetworkError)


# ---------------------------------------------------------------- Tablestore policy


@pytest.mark.parametrize(
    ("status", "code", "expected"),
    [
        (503, "OTSServerBusy", StoreUnavailableError),
        (503, "OTSPartitionUnavailable", StoreUnavailableError),
        (503, "OTSTimeout", StoreUnavailableError),
        (500, "OTSInternalServerError", StoreUnavailableError),
        (403, "OTSQuotaExhausted", StoreUnavailableError),
        (403, "OTSNotEnoughCapacityUnit", StoreUnavailableError),
        (409, "OTSRowOperationConflict", StoreUnavailableError),
        (404, "OTSTableNotReady", StoreUnavailableError),
        (503, "OTSNewCode", StoreUnavailableError),
        (403, "OTSAuthFailed", AccessDeniedError),
        (403, "OTSNoPermissionAccess", AccessDeniedError),
        (400, "OTSParameterInvalid", StoreError),
        (404, "OTSObjectNotExist", StoreError),
        (403, "OTSConditionCheckFail", StoreError),
        (400, "OTSNewCode", StoreError),
    ],
)
def test_tablestore_policy(status: int, code: str, expected: type) -> None:
    from tablestore import OTSServiceError

    mapped = map_tablestore_error(OTSServiceError(status, code, "message", "RID"), "PutRow")
    assert type(mapped) is expected
    assert mapped.code == code and mapped.request_id == "RID"


def test_tablestore_client_and_network_errors() -> None:
    import urllib3
    from google.protobuf.message import DecodeError
    from tablestore import OTSClientError

    assert isinstance(map_tablestore_error(OTSClientError("HTTP status: 502, reason: Bad Gateway.", 502), "GetRow"),
                      StoreUnavailableError)
    assert isinstance(map_tablestore_error(OTSClientError("MD5 mismatch in response.", 200), "GetRow"), StoreError)
    assert isinstance(map_tablestore_error(OTSClientError("bad argument"), "GetRow"), StoreError)
    refused = urllib3.exceptions.NewConnectionError(None, "refused")  # type: ignore[arg-type]
    assert isinstance(map_tablestore_error(refused, "GetRow"), StoreUnavailableError)
    assert isinstance(map_tablestore_error(urllib3.exceptions.ReadTimeoutError(None, "/GetRow", "timed out"),
                                           "GetRow"), StoreUnavailableError)
    assert isinstance(map_tablestore_error(ConnectionResetError(), "GetRow"), StoreUnavailableError)
    assert isinstance(map_tablestore_error(DecodeError("truncated"), "GetRow"), StoreError)


# ---------------------------------------------------------------- message hygiene


def test_safe_text_redacts() -> None:
    image = "iVBORw0KGgo" + "A" * 500
    text = safe_text(
        f"failed https://b.oss-ap-southeast-1.aliyuncs.com/k.png?x-oss-signature=abc&x-oss-security-token=TOK "
        f"Signature=deadbeef security_token: tok2 data {image} secret-value",
        secrets=["secret-value"],
    )
    for leaked in ("abc", "TOK", "deadbeef", "tok2", "AAAAAAAA", "secret-value"):
        assert leaked not in text
    assert "https://b.oss-ap-southeast-1.aliyuncs.com/k.png?…" in text
    assert len(safe_text("x" * 10 + " y" * 1000)) <= 300


def test_server_messages_are_sanitised() -> None:
    exc = _tea("client", 400, "InvalidParameter",
               message="CredentialOcrPictureUrl https://x/y.png?x-oss-security-token=TOKEN is not valid")
    mapped = map_cloudauth_error(exc)
    assert "TOKEN" not in mapped.message and "InvalidParameter" in mapped.message


def test_every_class_an_sdk_error_maps_to_has_a_public_message() -> None:
    used = {*_errors.CLOUDAUTH_CODES.values(), *(cls for _, cls in _errors.CLOUDAUTH_CODE_PREFIXES),
            *_errors.OSS_CODES.values(), *_errors.OTS_CODES.values()}
    assert used <= set(_errors.PUBLIC_MESSAGES)
    assert all(issubclass(cls, CredrecError) for cls in _errors.PUBLIC_MESSAGES)
    assert json.dumps(sorted(_errors.CLOUDAUTH_CODES))  # plain data, documented in the report


def test_upstream_text_is_detail_not_message() -> None:
    """#10 row 11: service, operation, server message and request id never reach ``message``."""
    exc = _tea("client", 400, "InvalidParameter", message="the field CredentialOcrPictureUrl is bad")
    mapped = map_cloudauth_error(exc)
    assert mapped.message == _errors.PUBLIC_MESSAGES[UpstreamRejectedError] + " (InvalidParameter)"
    for private in ("CloudAuth", "CredentialRecognitionIntl", "CredentialOcrPictureUrl"):
        assert private not in mapped.message
        assert private in (mapped.detail or "")
    assert mapped.upstream_code == "InvalidParameter" and mapped.upstream_status == 400
