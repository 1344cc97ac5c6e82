"""Recognizer over the official CloudAuth-intl SDK: ``CredentialRecognitionIntl`` or
``CredentialRecognitionIntlV2`` (2022-08-09), chosen by ``settings.api_version``.

V2 takes the same parameters plus ``FileInputType`` (``IMAGE``, or ``PDF`` when the upload is a PDF);
its answer has the same shape and is parsed by the same defensive rules, the raw ExtIdInfo kept.

One call per ``recognize``: ``ProductCode=CREDENTIAL_RECOGNITION``, DocType/OcrArea/FraudCheck in
the query, exactly one of ``CredentialOcrPictureBase64`` / ``CredentialOcrPictureUrl`` in the form
body, V3 (ACS3-HMAC-SHA256) signing by the SDK. The SDK never retries (``Config.retry_options`` is an
explicit "not retryable"): the pipeline's retry layer owns retries, and each attempt may be billed.

* endpoint ``settings.cloudauth_host`` (default the same-region VPC endpoint), protocol
  ``settings.cloudauth_protocol`` (``http`` only for the local emulator);
* credentials fetched from the provider on every call; the SDK client is cached per credential
  tuple (STS credentials rotate);
* connect/read timeouts explicit; per call they come from ``retry.call_timeouts``: connect + read
  never exceed ``timeout_s`` (the time the pipeline gives the call), each capped by its setting.

HTTP 4xx/5xx surface as SDK exceptions and are mapped by ``_errors.map_cloudauth_error``. HTTP 200
never raises in the SDK, so the body's ``Code`` is checked here: ``"Success"`` or ``"200"`` is a
success, anything else is classified like an error answer (UpstreamProtocolError when unknown).
"""

from __future__ import annotations

import base64
import json
import logging
from typing import Any

from ..credentials import Credentials, CredentialsProvider
from ..errors import ConfigurationError, CredrecError, NetworkError, UpstreamProtocolError
from ..extidinfo import outcome, parse_ext_id_info
from ..models import ImageInput, Recognition, RecognitionParams
from ..retry import call_timeouts
from ..settings import Settings
from . import _errors
from ._clients import ClientCache, split_endpoint

PRODUCT_CODE = "CREDENTIAL_RECOGNITION"
ACTION = "CredentialRecognitionIntl"
ACTION_V2 = "CredentialRecognitionIntlV2"
SUCCESS_CODES = frozenset({"Success", "200"})
USER_AGENT = "credrec/0.1"

#: Loggers the Tea/darabonba cores create at import with their own stderr handler at DEBUG level.
#: With ``DEBUG=sdk`` in the environment (read on every request via ``os.getenv``) they print every
#: request header, STS ``x-acs-security-token`` and ``Authorization`` included, into the function's
#: logs. The runtime options cannot override it (``runtime.get('debug') or os.getenv('DEBUG')``), so
#: the loggers themselves are disabled once the SDK is imported.
SDK_DEBUG_LOGGERS = ("darabonba-core", "alibabacloud-tea")


def silence_sdk_http_debug() -> None:
    """Make ``DEBUG=sdk`` harmless: the SDK's header dumps go nowhere."""
    for name in SDK_DEBUG_LOGGERS:
        logger = logging.getLogger(name)
        logger.disabled = True
        logger.propagate = False


class CloudAuthRecognizer:
    """``Recognizer`` over ``alibabacloud_cloudauth_intl20220809.client.Client``."""

    def __init__(self, settings: Settings, credentials: CredentialsProvider) -> None:
        self._settings = settings
        self._credentials = credentials
        try:
            self._protocol, self._endpoint = split_endpoint(
                settings.cloudauth_host, default_scheme=settings.cloudauth_protocol)
        except ValueError as exc:
            raise ConfigurationError(f"invalid CloudAuth endpoint: {exc}", code="INVALID_ENDPOINT") from exc
        self._clients: ClientCache[Any] = ClientCache(self._build_client)
        self._action = ACTION_V2 if settings.api_version == "v2" else ACTION

    @property
    def endpoint(self) -> str:
        return self._endpoint

    @property
    def action(self) -> str:
        return self._action

    # ------------------------------------------------------------------ client

    def _build_client(self, credentials: Credentials) -> Any:
        from alibabacloud_cloudauth_intl20220809.client import Client
        from alibabacloud_tea_openapi.utils_models import Config
        from darabonba.policy.retry import RetryOptions

        silence_sdk_http_debug()  # after the import: the SDK configures these loggers when it loads
        config = Config(
            access_key_id=credentials.access_key_id,
            access_key_secret=credentials.access_key_secret,
            security_token=credentials.security_token or None,
            endpoint=self._endpoint,
            protocol=self._protocol,
            region_id=self._settings.region,
            connect_timeout=self._settings.connect_timeout_ms,
            read_timeout=self._settings.read_timeout_ms,
            user_agent=USER_AGENT,
            # explicit: the SDK must never retry (each attempt may be billed; one layer owns retries)
            retry_options=RetryOptions({"retryable": False}),
        )
        try:
            return Client(config)
        except Exception as exc:
            raise _errors.map_cloudauth_error(exc, self._action) from exc

    # ------------------------------------------------------------------ port

    def recognize(
        self, image: ImageInput, params: RecognitionParams, *, timeout_s: float | None = None
    ) -> Recognition:
        from darabonba.runtime import RuntimeOptions

        try:
            connect_s, read_s = call_timeouts(timeout_s, connect_s=self._settings.connect_timeout_ms / 1000,
                                              read_s=self._settings.read_timeout_ms / 1000)
        except NetworkError as exc:
            # no time left to wait for an answer: do not send a (billable) request at all
            raise NetworkError(f"{self._action}: no time left for the call", code="DEADLINE_EXCEEDED") from exc
        connect_ms, read_ms = max(1, int(connect_s * 1000)), max(1, int(read_s * 1000))

        is_pdf = (image.format or "").lower() == "pdf"
        if is_pdf and self._action != ACTION_V2:
            # the pipeline refuses this first (PDF_REQUIRES_V2); never send a PDF to the image-only action
            raise ConfigurationError(f"{self._action} takes images only; PDF input needs api_version=v2",
                                     code="PDF_REQUIRES_V2")
        request = self._request(params, is_pdf)
        if image.data is not None:
            request.credential_ocr_picture_base_64 = base64.b64encode(image.data).decode("ascii")
        else:
            request.credential_ocr_picture_url = image.url
        runtime = RuntimeOptions(connect_timeout=connect_ms, read_timeout=read_ms)

        credentials = self._credentials.get()  # ConfigurationError passes through unchanged
        client = self._clients.get(credentials)
        try:
            if self._action == ACTION_V2:
                response = client.credential_recognition_intl_v2with_options(request, runtime)
            else:
                response = client.credential_recognition_intl_with_options(request, runtime)
        except CredrecError:
            raise
        except Exception as exc:
            raise _errors.map_cloudauth_error(exc, self._action) from exc
        return self._parse(response, params)

    def _request(self, params: RecognitionParams, is_pdf: bool) -> Any:
        from alibabacloud_cloudauth_intl20220809.models import (
            CredentialRecognitionIntlRequest,
            CredentialRecognitionIntlV2Request,
        )

        common = dict(product_code=PRODUCT_CODE, doc_type=params.doc_type, ocr_area=params.ocr_area,
                      fraud_check="true" if params.fraud_check else "false")
        if self._action == ACTION_V2:
            return CredentialRecognitionIntlV2Request(file_input_type="PDF" if is_pdf else "IMAGE", **common)
        return CredentialRecognitionIntlRequest(**common)

    # ------------------------------------------------------------------ answer

    def _parse(self, response: Any, params: RecognitionParams) -> Recognition:
        body = getattr(response, "body", None)
        headers = getattr(response, "headers", None) or {}
        request_id = _text(getattr(body, "request_id", None)) or _text(headers.get("x-acs-request-id"))
        if body is None:
            raise _errors.make_error(UpstreamProtocolError, f"CloudAuth {self._action}: empty response body",
                                     request_id=request_id)
        code = _text(getattr(body, "code", None))
        if code not in SUCCESS_CODES:
            # HTTP 200 with an error Code: classify like an error answer; unknown → protocol error
            cls = _errors.classify_cloudauth(code, 200) if code else UpstreamProtocolError
            message = _errors.describe("CloudAuth", self._action, 200, code or "(no Code)",
                                        _text(getattr(body, "message", None)), request_id)
            raise _errors.make_error(cls, message, upstream_code=code, upstream_status=200,
                                     request_id=request_id)
        result = getattr(body, "result", None)
        sub_code = _text(getattr(result, "sub_code", None)) if result is not None else None
        if result is None or not sub_code:
            raise _errors.make_error(
                UpstreamProtocolError, f"CloudAuth {self._action}: success answer without Result.SubCode",
                upstream_code=code, upstream_status=200, request_id=request_id)
        success = _text(getattr(result, "success", None)) or ("S" if sub_code == "200" else "F")
        raw = getattr(result, "ext_id_info", None)
        if raw is not None and not isinstance(raw, str):
            raw = json.dumps(raw, ensure_ascii=False, separators=(",", ":"))  # an object instead of a string
        fields, fraud = parse_ext_id_info(raw, fraud_check=params.fraud_check, sub_code=sub_code)
        _, note = outcome(success, sub_code)
        return Recognition(
            success=success,
            sub_code=sub_code,
            ext_id_info=raw,
            fields=fields,
            fraud=fraud,
            request_id=request_id,
            note=note,
        )


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
