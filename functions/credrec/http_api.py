"""The HTTP API served by the same function through FC's HTTP trigger.

    GET  /healthz                       no auth
    POST /recognize                     JSON {image_base64 | pdf_base64 | oss_key, doc_type?, ocr_area?,
                                        fraud_check?, expected?: {name?, address?, country?}} or a raw
                                        image/* or application/pdf body (applicant data then in headers
                                        X-Expected-Name/-Address/-Country, percent-encoded UTF-8)
                                        (PDFs need api_version=v2, else REJECTED PDF_REQUIRES_V2)
    GET  /results/{id}
    GET  /results?status=&limit=&cursor=
    GET  /openapi.json                  no auth: the OpenAPI 3.1 document of these routes
    GET  /, /static/*, /review/*        the review workbench (credrec.review.routes; reviewer tokens)

``ROUTES`` is the one list of routes; ``openapi.json`` (shipped beside this module) describes
exactly these, which a test checks.

Every route but /healthz needs ``Authorization: Bearer <token>``; the function stores only the
token's SHA-256 and compares in constant time. Errors are ``{"error": {"code", "message"}}``.
External image URLs are never fetched or forwarded (no SSRF, no quota abuse), and ``oss_key`` is
confined to the function's bucket and upload prefix. Every authenticated POST /recognize leaves
exactly one record, refused requests included, and every answer about a record carries its
``decision`` (ACCEPT / REVIEW / REJECT with reasons and checks). Applicant data never goes in a URL.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import importlib.resources
import json
import re
from typing import Any

from .errors import (
    AuthenticationError,
    CredrecError,
    ForbiddenKeyError,
    ImageRejectedError,
    InvalidRequestError,
    MethodNotAllowedError,
    RetryableError,
    RouteNotFoundError,
    UnsupportedMediaTypeError,
)
from .events import HttpRequest
from .logging import JsonLogger
from .models import Expected, RecognitionParams, Record, Status
from .pipeline import Invocation, Pipeline
from .settings import Settings
from .validation import BASE64_MAX_BYTES, RejectCode

MAX_JSON_BODY = 4_200_000  # 3 MB image as Base64 plus a little JSON
RECOGNIZE_KEYS = {"image_base64", "pdf_base64", "oss_key", "doc_type", "ocr_area", "fraud_check", "expected"}
EXPECTED_HEADERS = {"name": "x-expected-name", "address": "x-expected-address", "country": "x-expected-country"}
#: Every route (OpenAPI path template → methods). ``openapi.json`` must describe exactly these.
ROUTES: dict[str, tuple[str, ...]] = {
    "/healthz": ("GET", "HEAD"),
    "/openapi.json": ("GET",),
    "/recognize": ("POST",),
    "/results": ("GET",),
    "/results/{id}": ("GET",),
    # the review workbench's JSON routes (credrec.review.routes; reviewer tokens, not the service token)
    "/review/me": ("GET",),
    "/review/queue": ("GET",),
    "/review/stats": ("GET",),
    "/review/records/{id}": ("GET",),
    "/review/records/{id}/image": ("GET",),
    "/review/records/{id}/claim": ("POST",),
    "/review/records/{id}/release": ("POST",),
    "/review/records/{id}/decision": ("POST",),
}
PUBLIC_ROUTES = frozenset({"/healthz", "/openapi.json"})
#: Query parameters each route reads; any other is refused (400), never silently ignored.
RESULTS_QUERY = frozenset({"status", "limit", "cursor"})
RECOGNIZE_QUERY = frozenset({"doc_type", "ocr_area", "fraud_check"})  # with a raw image/PDF body only
_RESULT_ID = re.compile(r"/results/([0-9a-f]{32})/?")  # always fullmatch: "$" would accept a trailing "\n"
_CODE = re.compile(r"[0-9]{2,4}")


@functools.lru_cache(maxsize=1)
def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 document of this API, read once from the package (``openapi.json``)."""
    text = importlib.resources.files(__package__ or "credrec").joinpath("openapi.json").read_text("utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


def response(status: int, payload: Any, request_id: str | None = None) -> dict[str, Any]:
    headers = {
        "content-type": "application/json; charset=utf-8",
        "cache-control": "no-store",  # bodies can carry personal data
        "x-content-type-options": "nosniff",
        "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
        "x-frame-options": "DENY",
        "referrer-policy": "no-referrer",
    }
    if request_id:
        headers["x-request-id"] = request_id
    if status == 401:
        headers["www-authenticate"] = 'Bearer realm="credrec"'
    return {
        "statusCode": status,
        "headers": headers,
        "body": json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
        "isBase64Encoded": False,
    }


def error_response(exc: CredrecError, request_id: str | None, record_id: str | None = None,
                   record: Record | None = None) -> dict[str, Any]:
    payload: dict[str, Any] = {"error": {"code": exc.code, "message": exc.message}}
    if record_id:
        payload["id"] = record_id
    if record is not None and record.decision is not None:
        payload["decision"] = record.public_view()["decision"]
    return response(exc.http_status, payload, request_id)


def record_status(record: Record) -> int:
    """HTTP status for a stored record: the status its error carried when it was recorded.

    A FAILED record without one is an answer the API gave (Success=F, an unknown SubCode): 502.
    """
    if record.status in (Status.SUCCEEDED, Status.NO_TEXT):
        return 200
    if record.status is Status.IN_PROGRESS:
        return 202
    if record.error is not None and record.error.http_status is not None:
        return record.error.http_status
    return 400 if record.status is Status.REJECTED else 502


class HttpApi:
    def __init__(self, settings: Settings, pipeline: Pipeline, logger: JsonLogger) -> None:
        self.settings = settings
        self.pipeline = pipeline
        self.log = logger
        from .review.routes import ReviewRoutes  # the workbench: same handler, its own routes and tokens

        self.review = ReviewRoutes(settings, pipeline.store, pipeline.objects, pipeline.clock, logger)

    # ------------------------------------------------------------------ entry

    def handle(self, request: HttpRequest, inv: Invocation) -> dict[str, Any]:
        started = self.pipeline.clock.monotonic()
        method, path = request.method, request.path
        route = self._route_name(path)
        try:
            result = self._dispatch(request, inv, method, path)
        except CredrecError as exc:
            result = error_response(exc, inv.request_id)
        except Exception as exc:  # never a bare crash: a JSON 500 and a log line
            self.log.error("http.internal_error", request_id=inv.request_id, error_code=type(exc).__name__)
            result = response(500, {"error": {"code": "INTERNAL_ERROR", "message": "internal error"}},
                              inv.request_id)
        self.log.info(
            "http.request", request_id=inv.request_id, route=route, method=method,
            http_status=result["statusCode"],
            duration_ms=int((self.pipeline.clock.monotonic() - started) * 1000),
        )
        return result

    @staticmethod
    def _route_name(path: str) -> str:
        from .review.routes import is_workbench_path, route_name

        if is_workbench_path(path):
            return route_name(path)
        if path.startswith("/results/"):
            return "/results/{id}"
        return path if path in ROUTES else "other"

    def _dispatch(self, request: HttpRequest, inv: Invocation, method: str, path: str) -> dict[str, Any]:
        from .review.routes import is_workbench_path

        if is_workbench_path(path):
            return self.review.dispatch(request, inv.request_id)
        if path == "/healthz":
            if method not in ROUTES["/healthz"]:
                raise MethodNotAllowedError("use GET")
            return response(200, {"status": "ok"}, inv.request_id)
        if path == "/openapi.json":
            if method not in ROUTES["/openapi.json"]:
                raise MethodNotAllowedError("use GET")
            return response(200, openapi_document(), inv.request_id)
        if path not in ("/recognize", "/results") and not path.startswith("/results/"):
            raise RouteNotFoundError("no such route")
        self._authenticate(request)
        if path == "/recognize":
            if method != "POST":
                raise MethodNotAllowedError("use POST")
            return self._recognize(request, inv)
        if method != "GET":
            raise MethodNotAllowedError("use GET")
        if path.rstrip("/") == "/results":
            _only_query(request, RESULTS_QUERY)
            return self._list(request, inv)
        match = _RESULT_ID.fullmatch(path)
        if not match:
            raise RouteNotFoundError("no such record")
        _only_query(request, frozenset())
        record = self.pipeline.get(match.group(1), inv)
        if record is None:
            raise RouteNotFoundError("no such record")
        return response(200, record.public_view(), inv.request_id)

    # ------------------------------------------------------------------ auth

    def _authenticate(self, request: HttpRequest) -> None:
        if self.settings.http_token_sha256 is None:
            raise AuthenticationError("the API token is not configured on this function")
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthenticationError("missing bearer token")
        if not self.authorized(request.headers.get("authorization")):
            raise AuthenticationError("invalid bearer token")

    def authorized(self, header: str | None) -> bool:
        """Whether an ``Authorization`` header value carries the function's bearer token."""
        expected = self.settings.http_token_sha256
        scheme, _, token = (header or "").partition(" ")
        token = token.strip()
        if expected is None or scheme.lower() != "bearer" or not token:
            return False
        presented = hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
        return hmac.compare_digest(presented, expected.get_secret_value())

    def known_caller(self, header: str | None) -> bool:
        """The service token or a reviewer's token (each opens only its own routes): a request whose
        body is worth reading."""
        return self.authorized(header) or self.review.reviewer_for(header) is not None

    # ------------------------------------------------------------------ POST /recognize

    def _recognize(self, request: HttpRequest, inv: Invocation) -> dict[str, Any]:
        idem_key = request.headers.get("idempotency-key") or None
        if idem_key is not None and (len(idem_key) > 200 or not idem_key.isprintable()):
            return self._refuse(InvalidRequestError("Idempotency-Key must be printable and at most 200 characters"),
                                self.pipeline.default_params, inv, None)
        params = self.pipeline.default_params
        expected: Expected | None = None
        try:
            content_type = request.content_type
            if content_type == "application/json" or (not content_type and request.body[:1] == b"{"):
                _only_query(request, frozenset())  # options go in the JSON body
                body = self._json_body(request)
                params = self._params(body, params)
                expected = _expected_from_json(body.get("expected"))
                record = self._recognize_json(body, params, inv, idem_key, expected)
            elif content_type.startswith("image/") or content_type in ("application/octet-stream", "application/pdf"):
                _only_query(request, RECOGNIZE_QUERY)
                params = self._params(request.query, params)
                expected = _expected_from_headers(request.headers)
                data = request.body
                if len(data) > BASE64_MAX_BYTES:
                    raise ImageRejectedError(
                        f"inline images may be at most {BASE64_MAX_BYTES} bytes; upload larger ones to the bucket",
                        code=RejectCode.FILE_TOO_LARGE, http_status=413)
                record = self.pipeline.recognize_bytes(data, params, inv, idempotency_key=idem_key,
                                                       expected=expected)
            else:
                raise UnsupportedMediaTypeError("send application/json, an image/* or an application/pdf body")
        except RetryableError as exc:  # nothing was decided: no record, the client may try again
            return error_response(exc, inv.request_id)
        except CredrecError as exc:
            return self._refuse(exc, params, inv, idem_key, expected)
        status = record_status(record)
        if status >= 400:
            err = record.error
            failure = CredrecError(err.message if err else record.status.value, code=err.code if err else "FAILED",
                                   http_status=status)
            return error_response(failure, inv.request_id, record.id, record)
        return response(status, record.public_view(), inv.request_id)

    def _refuse(self, exc: CredrecError, params: RecognitionParams, inv: Invocation,
                idem_key: str | None, expected: Expected | None = None) -> dict[str, Any]:
        as_rejection = exc if isinstance(exc, ImageRejectedError) else ImageRejectedError(
            exc.message, code=exc.code, http_status=exc.http_status)
        record = self.pipeline.record_rejected_request(as_rejection, params, inv, idempotency_key=idem_key,
                                                       expected=expected)
        return error_response(exc, inv.request_id, record.id, record)

    def _json_body(self, request: HttpRequest) -> dict[str, Any]:
        raw = request.body
        if len(raw) > MAX_JSON_BODY:
            raise ImageRejectedError("request body too large", code=RejectCode.FILE_TOO_LARGE, http_status=413)
        try:
            body = json.loads(raw.decode("utf-8") or "null")
        except (UnicodeDecodeError, ValueError) as exc:
            raise InvalidRequestError("the body is not valid JSON") from exc
        except RecursionError as exc:  # e.g. 100 000 nested arrays: the parser gives up, we answer 400
            raise InvalidRequestError("the body is nested too deeply to be a request") from exc
        if not isinstance(body, dict):
            raise InvalidRequestError("the body must be a JSON object")
        if "image_url" in body or "url" in body:
            raise InvalidRequestError(
                "external image URLs are not accepted: send image_base64, or upload to the bucket and send oss_key",
                code="URL_NOT_ALLOWED")
        unknown = sorted(set(body) - RECOGNIZE_KEYS)
        if unknown:
            raise InvalidRequestError(f"unknown fields: {', '.join(unknown)}")
        return body

    def _params(self, source: Any, defaults: RecognitionParams) -> RecognitionParams:
        values = defaults.model_dump()
        for name in ("doc_type", "ocr_area"):
            if source.get(name) is not None:
                value = str(source[name])
                if not _CODE.fullmatch(value):
                    raise InvalidRequestError(f"{name} must be 2 to 4 digits, e.g. 01 / 0101")
                values[name] = value
        if source.get("fraud_check") is not None:
            flag = source["fraud_check"]
            if isinstance(flag, str):
                if flag.lower() not in ("true", "false", "1", "0"):
                    raise InvalidRequestError("fraud_check must be true or false")
                flag = flag.lower() in ("true", "1")
            if not isinstance(flag, bool):
                raise InvalidRequestError("fraud_check must be true or false")
            values["fraud_check"] = flag
        return RecognitionParams(**values)

    def _recognize_json(self, body: dict[str, Any], params: RecognitionParams, inv: Invocation,
                        idem_key: str | None, expected: Expected | None = None) -> Record:
        given = [k for k in ("image_base64", "pdf_base64", "oss_key") if body.get(k) is not None]
        if len(given) != 1:
            raise InvalidRequestError("send exactly one of image_base64, pdf_base64 or oss_key")
        if given[0] == "oss_key":
            key = self._confined_key(body["oss_key"])
            return self.pipeline.recognize_object(key, params, inv, idempotency_key=idem_key, expected=expected)
        field = given[0]
        encoded = body[field]
        if not isinstance(encoded, str):
            raise InvalidRequestError(f"{field} must be a string")
        if encoded.startswith("data:"):  # tolerate a data: URL prefix
            encoded = encoded.split(",", 1)[-1]
        if len(encoded) * 3 // 4 > BASE64_MAX_BYTES + 3:
            raise ImageRejectedError(
                f"inline images may be at most {BASE64_MAX_BYTES} bytes; upload larger ones to the bucket",
                code=RejectCode.FILE_TOO_LARGE, http_status=413)
        try:
            data = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise InvalidRequestError(f"{field} is not valid Base64") from exc
        if len(data) > BASE64_MAX_BYTES:
            raise ImageRejectedError(
                f"inline images may be at most {BASE64_MAX_BYTES} bytes; upload larger ones to the bucket",
                code=RejectCode.FILE_TOO_LARGE, http_status=413)
        if field == "pdf_base64" and not data.startswith(b"%PDF-"):
            raise ImageRejectedError("pdf_base64 does not hold a PDF (no %PDF- header)",
                                     code=RejectCode.UNSUPPORTED_FORMAT, http_status=415)
        return self.pipeline.recognize_bytes(data, params, inv, idempotency_key=idem_key, expected=expected)

    def _confined_key(self, key: Any) -> str:
        if not isinstance(key, str) or not key or len(key) > 1023:
            raise InvalidRequestError("oss_key must be a non-empty string of at most 1023 characters")
        prefix = self.settings.upload_prefix
        parts = key.split("/")
        if (
            key.startswith("/") or "\\" in key or any(p in ("..", ".") for p in parts)
            or any(ord(c) < 32 or ord(c) == 127 for c in key) or key.startswith(("http:", "https:", "oss:"))
        ):
            raise ForbiddenKeyError("oss_key must be a plain object key under the upload prefix")
        if not self.settings.bucket:
            raise InvalidRequestError("this function has no bucket configured", code="NO_BUCKET")
        if not key.startswith(prefix) or key == prefix:
            raise ForbiddenKeyError("oss_key must be under the upload prefix of this function's bucket")
        return key

    # ------------------------------------------------------------------ GET /results

    def _list(self, request: HttpRequest, inv: Invocation) -> dict[str, Any]:
        query = request.query
        status = None
        if "status" in query:
            try:
                status = Status(query["status"])
            except ValueError as exc:
                raise InvalidRequestError(f"status must be one of {', '.join(s.value for s in Status)}") from exc
        raw_limit = query.get("limit", "20")
        if not (raw_limit.isascii() and raw_limit.isdigit()) or not 1 <= int(raw_limit) <= 100:
            raise InvalidRequestError("limit must be a whole number between 1 and 100")
        limit = int(raw_limit)
        cursor = query.get("cursor")
        if cursor is not None and not cursor:
            raise InvalidRequestError("cursor must be the cursor of a previous page", code="INVALID_CURSOR")
        page = self.pipeline.list(inv, status=status, limit=limit, cursor=cursor)
        return response(200, {"records": [r.public_view() for r in page.records], "cursor": page.cursor},
                        inv.request_id)


def _only_query(request: HttpRequest, allowed: frozenset[str]) -> None:
    unknown = sorted(set(request.query) - allowed)
    if unknown:
        where = f"; this route reads only {', '.join(sorted(allowed))}" if allowed else ""
        raise InvalidRequestError(f"unknown query parameters: {', '.join(unknown)[:200]}{where}")


def _expected_from_json(value: Any) -> Expected | None:
    """``expected`` of a JSON body: an object with optional string ``name``, ``address``, ``country``."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise InvalidRequestError("expected must be an object {name?, address?, country?}", code="INVALID_EXPECTED")
    unknown = sorted(set(value) - set(EXPECTED_HEADERS))
    if unknown:
        raise InvalidRequestError(f"unknown fields in expected: {', '.join(unknown)}", code="INVALID_EXPECTED")
    if any(v is not None and not isinstance(v, str) for v in value.values()):
        raise InvalidRequestError("expected.name/address/country must be strings", code="INVALID_EXPECTED")
    return _validated(value)


def _expected_from_headers(headers: Any) -> Expected | None:
    from urllib.parse import unquote

    values: dict[str, str] = {}
    for name, header in EXPECTED_HEADERS.items():
        raw = headers.get(header)
        if raw:
            try:
                values[name] = unquote(str(raw), encoding="utf-8", errors="strict")
            except UnicodeDecodeError as exc:
                raise InvalidRequestError(f"{header} must be percent-encoded UTF-8", code="INVALID_EXPECTED") from exc
    return _validated(values) if values else None


def _validated(values: dict[str, Any]) -> Expected | None:
    try:
        expected = Expected.model_validate(values)
    except ValueError as exc:
        # the message names the field, never its value (applicant data is personal data)
        fields = sorted({str(err["loc"][0]) for err in getattr(exc, "errors", list)() if err.get("loc")})
        raise InvalidRequestError(f"invalid expected {', '.join(fields) or 'data'}: name and address at most "
                                  "512/2048 characters, country an ISO 3166-1 alpha-2 code such as SG",
                                  code="INVALID_EXPECTED") from exc
    return None if expected.is_empty() else expected
