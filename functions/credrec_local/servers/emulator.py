"""A CloudAuth-compatible server: ``CredentialRecognitionIntl`` (cloudauth-intl 2022-08-09) over HTTP.

The official SDK works against it unchanged with ``protocol="http"`` and
``endpoint="127.0.0.1:<port>"``. What it does, in the order a request meets it:

1. **Authentication** — the ACS3-HMAC-SHA256 (V3) signature of the ``Authorization`` header is
   recomputed from the method, path, query, signed headers and ``x-acs-content-sha256`` (which must
   be the SHA-256 of the body). The signed headers must cover host, action, version, date, nonce and
   content hash (and ``x-acs-security-token`` when present). Unknown AccessKeyIds, wrong signatures,
   STS tokens that are missing / wrong / expired, stale ``x-acs-date`` (clock skew) and replayed
   ``x-acs-signature-nonce`` values are refused with the POP error codes.
2. **Routing** — the action comes from ``x-acs-action`` (V3 has no ``Action`` query parameter);
   anything but ``CredentialRecognitionIntl`` or ``CredentialRecognitionIntlV2`` (PDFs with
   ``FileInputType=PDF``, checked like ours) / ``2022-08-09`` is ``InvalidAction.NotFound``.
3. **Flow control and chaos** — beyond ``qps`` requests per second: 403 ``Throttling.Api`` (with
   ``x-acs-retry-after`` when ``retry_after_ms`` is set); with probability ``error_rate``: 500
   ``InternalError``; with probability ``timeout_rate``: no answer at all — the request hangs
   ``timeout_hang_s`` (longer than the client's read timeout) and the connection is closed. A hung
   request is never recognised and is not counted as billed: whether the real service bills a
   request its client gave up on is not documented. Every authenticated answer waits ``latency_ms``,
   except ``Throttling.Api``: flow control refuses at the gateway, before the service does any work
   (an assumption: the real service's throttling latency is not documented).
4. **Parameters** — from the query (ProductCode, DocType, OcrArea, FraudCheck, …) and the form body
   (CredentialOcrPictureBase64 / CredentialOcrPictureUrl, CheckRuleConfig): 400 ``MissingParameter``
   / ``InvalidParameter``; both pictures: 401 ``DataDuplication``.
5. **Image** — Base64 or URL (URLs only on loopback or ``url_allowlist`` hosts; no redirects, no
   proxies). The API's limits come from ``credrec.validation``: more than 3 MB inline / 10 MB by URL,
   or a side of 8192 px or more: 401 ``ToolargeImage``; unsupported, corrupt, too small, extreme
   aspect: 401 ``UnqualifiedPhoto``; a URL that does not answer in time: 401 ``DownloadTimeout``.
6. **Recognition** — by the local engine (``credrec_local.engine.get_engine()``, loaded on first
   use) or any injected engine with ``recognize(data, *, doc_type, ocr_area, fraud_check)`` returning
   an object with ``success``, ``sub_code``, ``ext_id_info``. Answer::

       {"RequestId": …, "Code": "Success", "Message": "success",
        "Result": {"Success": "S", "SubCode": "200", "ExtIdInfo": "{…}"}}

   Errors: ``{"RequestId", "HostId", "Code", "Message", "Recommend"}`` with the API's HTTP status.

``GET /metrics`` (no signature; loopback tool) serves Prometheus text (``prometheus-client``):
``credrec_emulator_calls_total{outcome=…}`` — success, throttled, server_error, timeout,
signature_error, invalid_parameter, image_rejected — and ``credrec_emulator_distinct_images_total``,
the distinct images (SHA-256 of the bytes) answered successfully: a successful call beyond one per
distinct image is a call paid twice.

**Load-test mode** (``credrec emulator --load``, never the default): the engine is
``credrec_local.servers.pngtext.PngTextEngine``, which answers from text the PNG carries instead of running
OCR, so the emulator sustains the request rates a soak needs (the OCR engine manages about one
image a second). Its answers say nothing about recognition quality.

Assumptions the real service has not confirmed (see the reference notes): the 403 status of
``Throttling.Api``, whether ``x-acs-retry-after`` is sent, the exact POP codes for auth failures,
and what the API answers for URLs it cannot download (here 400 ``InvalidParameter``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import ipaddress
import json
import random
import socket
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

from credrec.errors import ImageRejectedError
from credrec.image_integrity import check_integrity
from credrec.pdf_validation import inspect_pdf
from credrec.validation import BASE64_MAX_BYTES, URL_MAX_BYTES, check_dimensions, inspect_image
from credrec_local.adapters.recognizer import api_code_for
from credrec_local.servers.acs3 import Acs3Verifier, ApiError
from credrec_local.servers.loopback import QuietHandler, ThreadedServer

ACTION = "CredentialRecognitionIntl"
#: V2 takes images and PDFs (FileInputType IMAGE / PDF) and a picture-file URL in the query
ACTION_V2 = "CredentialRecognitionIntlV2"
ACTIONS = (ACTION, ACTION_V2)
VERSION = "2022-08-09"
PRODUCT_CODE = "CREDENTIAL_RECOGNITION"
#: DocType → OcrArea values the local engine understands (V1: 01/0101; POA: 04/0401)
DOC_AREAS = {"01": ("0101",), "04": ("0401",)}
MAX_BODY = 32 * 1024 * 1024
METRICS_PATH = "/metrics"
#: ``credrec_emulator_calls_total`` outcomes, all exported from the start (at 0)
OUTCOMES = ("success", "throttled", "server_error", "timeout", "signature_error", "invalid_parameter",
            "image_rejected")
_SIGNATURE_CODES = ("IncompleteSignature", "SignatureDoesNotMatch", "InvalidTimeStamp", "InvalidAccessKeyId",
                    "InvalidSecurityToken", "MissingSecurityToken", "SignatureNonceUsed")
_IMAGE_CODES = ("ToolargeImage", "UnqualifiedPhoto", "DownloadTimeout")


def outcome_of(status: int, code: str) -> str:
    """The metrics outcome of an answer (status, POP code)."""
    if status == 200:
        return "success"
    if code.startswith("Throttling"):
        return "throttled"
    if status >= 500:
        return "server_error"
    if code.startswith(_SIGNATURE_CODES):
        return "signature_error"
    if code in _IMAGE_CODES:
        return "image_rejected"
    return "invalid_parameter"


class NoAnswer(Exception):
    """The request hangs and its connection is closed without an answer (``timeout_rate``)."""


class EmulatorMetrics:
    """The emulator's Prometheus metrics, in a registry of its own (several emulators per process)."""

    def __init__(self) -> None:
        from prometheus_client import CollectorRegistry, Counter

        self.registry = CollectorRegistry(auto_describe=True)
        self.calls = Counter("credrec_emulator_calls", "CredentialRecognitionIntl requests by outcome",
                             ["outcome"], registry=self.registry)
        for outcome in OUTCOMES:
            self.calls.labels(outcome=outcome)
        self.distinct_images = Counter("credrec_emulator_distinct_images",
                                       "Distinct images (SHA-256 of the bytes) answered successfully",
                                       registry=self.registry)
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def count(self, outcome: str) -> None:
        self.calls.labels(outcome=outcome).inc()

    def answered(self, image: bytes) -> None:
        digest = hashlib.sha256(image).hexdigest()
        with self._lock:
            if digest in self._seen:
                return
            self._seen.add(digest)
        self.distinct_images.inc()

    def exposition(self) -> tuple[str, bytes]:
        from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

        return CONTENT_TYPE_LATEST, generate_latest(self.registry)


def _missing(name: str) -> ApiError:
    return ApiError(400, "MissingParameter",
                    f'The input parameter "{name}" that is mandatory for processing this request is not supplied.')


def _invalid(name: str, why: str = "") -> ApiError:
    return ApiError(400, "InvalidParameter", f'The specified parameter "{name}" is not valid.{" " + why if why else ""}')


class _FixedWindow:
    """At most ``limit`` requests per whole second of ``clock`` (deterministic with a frozen clock)."""

    def __init__(self, limit: int, clock: Callable[[], float]) -> None:
        self.limit, self.clock = limit, clock
        self._window: int | None = None
        self._count = 0
        self._lock = threading.Lock()

    def allow(self) -> bool:
        with self._lock:
            window = int(self.clock())
            if window != self._window:
                self._window, self._count = window, 0
            if self._count >= self.limit:
                return False
            self._count += 1
            return True


def _is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:  # a redirect could leave the allowlist
        return None


class CloudAuthService:
    """The request → answer logic, independent of the HTTP server (usable and testable in process)."""

    def __init__(
        self,
        engine: Any = None,
        *,
        credentials: Mapping[str, str],
        sts_tokens: Mapping[str, str] | None = None,
        qps: int | None = None,
        error_rate: float = 0.0,
        timeout_rate: float = 0.0,
        timeout_hang_s: float = 30.0,
        latency_ms: int = 0,
        seed: int | None = None,
        success_code: str = "Success",
        retry_after_ms: int | None = None,
        url_allowlist: Iterable[str] = (),
        max_skew_s: float = 15 * 60,
        url_timeout_s: float = 10.0,
        engine_concurrency: int = 1,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not credentials:
            raise ValueError("the emulator needs at least one AccessKeyId/secret pair")
        if not 0.0 <= error_rate <= 1.0:
            raise ValueError("error_rate must be within 0..1")
        if not 0.0 <= timeout_rate <= 1.0 or error_rate + timeout_rate > 1.0:
            raise ValueError("timeout_rate must be within 0..1, and error_rate + timeout_rate at most 1")
        self.verifier = Acs3Verifier(credentials, sts_tokens, max_skew_s=max_skew_s, clock=clock)
        self.error_rate = error_rate
        self.timeout_rate = timeout_rate
        self.timeout_hang_s = timeout_hang_s
        self.metrics = EmulatorMetrics()
        self.latency_ms = max(0, int(latency_ms))
        self.success_code = success_code
        self.retry_after_ms = retry_after_ms
        self.url_allowlist = {h.lower() for h in url_allowlist}
        self.url_timeout_s = url_timeout_s
        self.clock = clock
        self.sleep = sleep
        self._limiter = _FixedWindow(int(qps), clock) if qps else None
        self._random = random.Random(seed)
        self._random_lock = threading.Lock()
        self._engine = engine
        self._engine_lock = threading.Lock()
        self._engine_slots = threading.BoundedSemaphore(max(1, engine_concurrency))
        self._stats_lock = threading.Lock()
        self.stats: dict[str, int] = {}
        self.recognitions = 0  # requests that reached the engine

    # ------------------------------------------------------------------ engine

    def engine(self) -> Any:
        """The recognition engine, loaded on first use (the OCR models take a while)."""
        with self._engine_lock:
            if self._engine is None:
                from credrec_local.engine import get_engine

                self._engine = get_engine()
            return self._engine

    def expire_token(self, access_key_id: str) -> None:
        """From now on, the STS token of ``access_key_id`` is answered as expired."""
        self.verifier.expire_token(access_key_id)

    # ------------------------------------------------------------------ entry point

    def handle(self, method: str, target: str, headers: Mapping[str, str], body: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
        low = {k.lower(): v for k, v in headers.items()}
        request_id = str(uuid.uuid4()).upper()
        authenticated = False
        try:
            self.verifier.verify(method, target, low, body)
            authenticated = True
            action = self._route(low)
            if self._limiter is not None and not self._limiter.allow():
                extra = [("x-acs-retry-after", str(self.retry_after_ms))] if self.retry_after_ms else []
                raise ApiError(403, "Throttling.Api", "Request was denied due to api flow control.", extra)
            if self.error_rate or self.timeout_rate:
                chance = self._chance()  # one draw: the two faults never overlap
                if chance < self.error_rate:
                    raise ApiError(500, "InternalError", "The request processing has failed due to some "
                                   "unknown error, exception or failure.")
                if chance < self.error_rate + self.timeout_rate:
                    self._count("Timeout")
                    self.metrics.count("timeout")
                    self.sleep(self.timeout_hang_s)
                    raise NoAnswer
            params = self._params(target, low, body, action)
            data = self._image(params)
            result = self._recognize(data, params)
            answer = {
                "RequestId": request_id,
                "Code": self.success_code,
                "Message": "success",
                "Result": result,
            }
            self._latency()
            self._count(self.success_code)
            self.metrics.count("success")
            self.metrics.answered(data)
            return 200, self._headers(request_id), json.dumps(answer, ensure_ascii=False).encode("utf-8")
        except ApiError as err:
            if authenticated and not err.code.startswith("Throttling"):  # flow control answers at the gateway
                self._latency()
            self._count(err.code)
            self.metrics.count(outcome_of(err.status, err.code))
            host = low.get("host", "")
            answer = {
                "RequestId": request_id,
                "HostId": host,
                "Code": err.code,
                "Message": err.message,
                "Recommend": f"https://api.aliyun.com/troubleshoot?q={quote(err.code)}&product=Cloudauth-intl"
                             f"&requestId={request_id}",
            }
            return err.status, self._headers(request_id) + err.headers, json.dumps(answer).encode("utf-8")

    # ------------------------------------------------------------------ steps

    def _headers(self, request_id: str) -> list[tuple[str, str]]:
        return [("Content-Type", "application/json;charset=utf-8"), ("x-acs-request-id", request_id)]

    def _count(self, code: str) -> None:
        with self._stats_lock:
            self.stats[code] = self.stats.get(code, 0) + 1

    def _chance(self) -> float:
        with self._random_lock:
            return self._random.random()

    def _latency(self) -> None:
        if self.latency_ms:
            self.sleep(self.latency_ms / 1000.0)

    def _route(self, low: Mapping[str, str]) -> str:
        action = low.get("x-acs-action", "")
        if action not in ACTIONS:
            raise ApiError(404, "InvalidAction.NotFound",
                           f"Specified api is not found, please check your url and method. ({action or 'no action'})")
        if low.get("x-acs-version") != VERSION:
            raise ApiError(400, "InvalidVersion", f"Specified parameter Version is not valid (expected {VERSION}).")
        return action

    @staticmethod
    def _params(target: str, low: Mapping[str, str], body: bytes, action: str = ACTION) -> dict[str, str]:
        params = dict(parse_qsl(urlsplit(target).query, keep_blank_values=True))
        if body:
            content_type = low.get("content-type", "")
            if not content_type.startswith("application/x-www-form-urlencoded"):
                raise ApiError(400, "InvalidParameter", "The request body must be form-encoded.")
            try:
                params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False))
            except UnicodeDecodeError:
                raise ApiError(400, "InvalidParameter", "The request body is not valid UTF-8.") from None

        product = params.get("ProductCode")
        if not product:
            raise _missing("ProductCode")
        if product != PRODUCT_CODE:
            raise _invalid("ProductCode", f"Expected {PRODUCT_CODE}.")
        for name in ("DocType", "OcrArea", "FraudCheck"):
            if not params.get(name):
                raise _missing(name)
        if params["DocType"] not in DOC_AREAS:
            raise _invalid("DocType", f"Supported: {', '.join(DOC_AREAS)}.")
        if params["OcrArea"] not in DOC_AREAS[params["DocType"]]:
            raise _invalid("OcrArea", f"DocType {params['DocType']} takes {', '.join(DOC_AREAS[params['DocType']])}.")
        if params["FraudCheck"] not in ("true", "false"):
            raise _invalid("FraudCheck", "Use true or false.")
        for name, allowed in (("IdQuality", ("Y", "N")), ("OcrTranslation", ("0", "1")),
                              ("OcrValueStandard", ("0", "1")), ("FileInputType", ("IMAGE", "PDF"))):
            if name in params and params[name] not in allowed:
                raise _invalid(name, f"Use {' or '.join(allowed)}.")
        if params.get("FileInputType") == "PDF" and action != ACTION_V2:
            raise _invalid("FileInputType", f"PDF input needs {ACTION_V2}.")
        if action == ACTION_V2 and params.get("CredentialOcrPictureFile") and not params.get("CredentialOcrPictureUrl"):
            params["CredentialOcrPictureUrl"] = params["CredentialOcrPictureFile"]  # the uploaded file's URL
        if "CheckRuleConfig" in params:
            try:
                if not isinstance(json.loads(params["CheckRuleConfig"]), dict):
                    raise ValueError
            except ValueError:
                raise _invalid("CheckRuleConfig", "Must be a JSON object.") from None
        has_b64 = bool(params.get("CredentialOcrPictureBase64"))
        has_url = bool(params.get("CredentialOcrPictureUrl"))
        if has_b64 and has_url:
            raise ApiError(401, "DataDuplication",
                           "CredentialOcrPictureBase64 and CredentialOcrPictureUrl cannot both be set.")
        if not has_b64 and not has_url:
            raise _missing("CredentialOcrPictureBase64 or CredentialOcrPictureUrl")
        return params

    def _image(self, params: Mapping[str, str]) -> bytes:
        if params.get("CredentialOcrPictureBase64"):
            text = "".join(params["CredentialOcrPictureBase64"].split())
            try:
                data = base64.b64decode(text, validate=True)
            except (binascii.Error, ValueError):
                raise _invalid("CredentialOcrPictureBase64", "Not valid Base64.") from None
            limit = BASE64_MAX_BYTES
        else:
            data = self._download(params["CredentialOcrPictureUrl"])
            limit = URL_MAX_BYTES
        if len(data) > limit:
            raise ApiError(401, "ToolargeImage", f"The image is larger than {limit} bytes.")
        if params.get("FileInputType") == "PDF" or data[:5] == b"%PDF-":
            return self._pdf(data, params)
        try:
            info = inspect_image(data)
            check_dimensions(info)
            check_integrity(data, info.format)
        except ImageRejectedError as exc:
            code = api_code_for(exc.code)  # the one mapping, shared with LocalRecognizer
            raise ApiError(401, code, exc.message if code == "ToolargeImage"
                           else f"The image cannot be used: {exc.message}") from exc
        return data

    @staticmethod
    def _pdf(data: bytes, params: Mapping[str, str]) -> bytes:
        """A PDF is only taken with FileInputType=PDF (V2); it must pass the same checks as ours."""
        if params.get("FileInputType") != "PDF":
            raise ApiError(401, "UnqualifiedPhoto", "The file is a PDF; send FileInputType=PDF.")
        if data[:5] != b"%PDF-":
            raise ApiError(401, "UnqualifiedPhoto", "FileInputType=PDF but the file is not a PDF.")
        try:
            inspect_pdf(data)
        except ImageRejectedError as exc:
            raise ApiError(401, "UnqualifiedPhoto", f"The PDF cannot be used: {exc.message}") from exc
        return data

    def _download(self, url: str) -> bytes:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("http", "https") or not host:
            raise _invalid("CredentialOcrPictureUrl", "Must be an http(s) URL.")
        if not (_is_loopback(host) or host in self.url_allowlist):
            raise _invalid("CredentialOcrPictureUrl",
                           "The emulator only downloads from loopback or allowlisted hosts.")
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())
        try:
            with opener.open(url, timeout=self.url_timeout_s) as response:
                data = response.read(URL_MAX_BYTES + 1)
        except urllib.error.HTTPError as exc:
            raise _invalid("CredentialOcrPictureUrl", f"Downloading the image failed with HTTP {exc.code}.") from None
        except TimeoutError:
            raise ApiError(401, "DownloadTimeout", "Downloading the image timed out.") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, (TimeoutError, socket.timeout)):
                raise ApiError(401, "DownloadTimeout", "Downloading the image timed out.") from None
            raise _invalid("CredentialOcrPictureUrl", "The image could not be downloaded.") from None
        return data

    def _recognize(self, data: bytes, params: Mapping[str, str]) -> dict[str, str]:
        engine = self.engine()
        kwargs = {"doc_type": params["DocType"], "ocr_area": params["OcrArea"],
                  "fraud_check": params["FraudCheck"] == "true"}
        with self._engine_slots:
            with self._stats_lock:
                self.recognitions += 1
            try:
                result = engine.recognize(data, **kwargs) if hasattr(engine, "recognize") else engine(data, **kwargs)
            except ImageRejectedError as exc:  # the engine could not decode what the headers promised
                raise ApiError(401, "UnqualifiedPhoto", f"The image cannot be used: {exc.message}") from None
            except Exception as exc:
                if getattr(exc, "code", None) == "InvalidParameter":  # engine.EngineParameterError
                    raise ApiError(400, "InvalidParameter", str(exc)) from None
                raise ApiError(500, "InternalError", "The recognition engine failed.") from None
        ext = getattr(result, "ext_id_info", None)
        if ext is not None and not isinstance(ext, str):
            ext = json.dumps(ext, ensure_ascii=False)
        return {
            "Success": str(getattr(result, "success", "F")),
            "SubCode": str(getattr(result, "sub_code", "")),
            "ExtIdInfo": ext if ext is not None else "{}",
        }


# ---------------------------------------------------------------------------- HTTP server


class _Handler(QuietHandler):
    server_version = "credrec-emulator"
    max_body = MAX_BODY

    def _serve(self) -> None:
        data = self.read_body()
        if data is None:
            return
        if len(data) < int(self.headers.get("Content-Length") or 0):  # the client died mid-request
            self.close_connection = True
            return
        service: CloudAuthService = self.server.service  # type: ignore[attr-defined]
        if self.command == "GET" and urlsplit(self.path).path == METRICS_PATH:
            content_type, text = service.metrics.exposition()
            self.reply(200, [("Content-Type", content_type)], text)
            return
        try:
            status, headers, body = service.handle(self.command, self.path, dict(self.headers.items()), data)
        except NoAnswer:  # the client's read timeout has fired long ago: drop the connection unanswered
            self.close_connection = True
            return
        self.reply(status, headers, body)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _serve


class Emulator(ThreadedServer):
    """The emulator as a threaded HTTP server; usable in process::

        with Emulator(engine, credentials={"AK": "SECRET"}) as emu:
            Config(endpoint=emu.endpoint, protocol="http", access_key_id="AK", access_key_secret="SECRET")

    ``engine`` may be None (the local engine, loaded on first use), an object with ``recognize``, or
    a callable with the same signature. Keyword arguments are :class:`CloudAuthService`'s.
    """

    def __init__(self, engine: Any = None, *, host: str = "127.0.0.1", port: int = 0, **options: Any) -> None:
        self.service = CloudAuthService(engine, **options)
        super().__init__(_Handler, host=host, port=port, name="credrec-emulator", service=self.service)

    @property
    def endpoint(self) -> str:
        """``host:port`` — what the SDK's ``Config.endpoint`` takes (with ``protocol="http"``)."""
        return self.netloc
