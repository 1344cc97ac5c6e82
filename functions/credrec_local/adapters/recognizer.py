"""``Recognizer`` port over the local engine: the offline twin of ``credrec.adapters.cloudauth``.

It answers exactly like the cloud adapter: the engine produces the API's ``Success``/``SubCode``/
``ExtIdInfo``, and this adapter parses ``ExtIdInfo`` with the same ``credrec.extidinfo`` code the cloud
adapter uses, so a record cannot tell which backend made it (apart from ``request_id``).

Input: ``ImageInput.data`` (bytes, as the API's Base64 body), or ``ImageInput.url``: ``file://`` URLs
(the local bucket's "presigned" URLs) and http(s) URLs are read here, as the service would fetch them.
PDFs are read like CredentialRecognitionIntlV2 reads them (the pipeline refuses them first when
V1 is selected). Like the service, images outside the API's limits are refused (``UpstreamRejectedError``, the API's
error code), using the same ``credrec.validation`` checks as the pipeline.
"""

from __future__ import annotations

import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from credrec.errors import (
    ImageRejectedError,
    NetworkError,
    UpstreamRejectedError,
)
from credrec.extidinfo import outcome, parse_ext_id_info
from credrec.models import ImageInput, Recognition, RecognitionParams
from credrec.validation import URL_MAX_BYTES, RejectCode, validate_upload

if TYPE_CHECKING:
    from credrec_local.engine import CredentialEngine

# validation code → the error Code the cloud service answers with (HTTP 401 family); shared with
# the emulator, so both local stand-ins for the service refuse an image with the same code
_API_CODES = {
    RejectCode.FILE_TOO_LARGE: "ToolargeImage",
    RejectCode.IMAGE_TOO_LARGE: "ToolargeImage",
}


def api_code_for(reject_code: str) -> str:
    """The service's error Code for an image our pre-flight checks refuse."""
    return _API_CODES.get(reject_code, "UnqualifiedPhoto")


class LocalRecognizer:
    """``Recognizer`` backed by a ``CredentialEngine`` in this process (loaded on first use)."""

    def __init__(self, engine: CredentialEngine | None = None, *, backend: str = "rapidocr",
                 url_reader: Callable[[str], bytes] | None = None) -> None:
        """``url_reader``: how to read ``ImageInput.url`` (e.g. the local bucket's ``open_presigned``, which
        checks the signature and expiry); by default file:// and http(s) URLs are read directly."""
        self._engine = engine
        self._backend = backend
        self._url_reader = url_reader

    @property
    def engine(self) -> CredentialEngine:
        if self._engine is None:
            from credrec_local.engine import get_engine

            self._engine = get_engine(self._backend)
        return self._engine

    def recognize(
        self, image: ImageInput, params: RecognitionParams, *, timeout_s: float | None = None
    ) -> Recognition:
        if timeout_s is not None and timeout_s <= 0:
            raise NetworkError("local engine: no time left for the call", code="DEADLINE_EXCEEDED")
        if image.data is not None:
            data = image.data
        elif self._url_reader is not None:
            data = self._url_reader(image.url or "")
        else:
            data = _fetch(image.url or "", timeout_s)
        try:
            validate_upload(data, url_possible=image.url is not None, allow_pdf=True)  # the engine reads PDFs
        except ImageRejectedError as exc:
            raise UpstreamRejectedError(f"image refused: {exc.message}",
                                        code=api_code_for(exc.code)) from exc
        from credrec_local.engine import EngineParameterError

        try:
            result = self.engine.recognize(data, doc_type=params.doc_type, ocr_area=params.ocr_area,
                                           fraud_check=params.fraud_check)
        except EngineParameterError as exc:
            raise UpstreamRejectedError(str(exc), code="InvalidParameter") from exc
        except ImageRejectedError as exc:  # decodable headers, undecodable pixels
            raise UpstreamRejectedError(f"image refused: {exc.message}", code="UnqualifiedPhoto") from exc
        fields, fraud = parse_ext_id_info(result.ext_id_info, fraud_check=params.fraud_check,
                                          sub_code=result.sub_code)
        _, note = outcome(result.success, result.sub_code)
        return Recognition(
            success=result.success,
            sub_code=result.sub_code,
            ext_id_info=result.ext_id_info,
            fields=fields,
            fraud=fraud,
            request_id=f"local-{uuid.uuid4()}",
            note=note,
        )


def _fetch(url: str, timeout_s: float | None) -> bytes:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "file":
        path = Path(urllib.request.url2pathname(urllib.parse.unquote(parts.path)))
        try:
            with path.open("rb") as fh:
                data = fh.read(URL_MAX_BYTES + 1)
        except OSError as exc:
            raise UpstreamRejectedError(f"image URL cannot be read: {path.name}", code="DownloadFailed") from exc
        return data
    if parts.scheme in ("http", "https"):
        try:
            with urllib.request.urlopen(url, timeout=timeout_s or 20) as resp:  # noqa: S310 (scheme checked)
                return resp.read(URL_MAX_BYTES + 1)
        except (OSError, ValueError) as exc:
            # like the service: a URL it cannot fetch is the caller's problem
            raise UpstreamRejectedError(f"image URL cannot be fetched ({type(exc).__name__})",
                                        code="DownloadTimeout") from exc
    raise UpstreamRejectedError("image URL must be file://, http:// or https://", code="InvalidParameter")


__all__ = ["LocalRecognizer"]
