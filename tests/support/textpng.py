"""A second, real Recognizer for tests: it reads text that a PNG carries in its own ``tEXt`` chunks
(the chunk format and engine live in ``credrec_local.servers.pngtext``, also the emulator's ``--load`` path).

Real documents need OCR (see credrec_local.engine); synthetic test images can carry their text
explicitly, which lets the pipeline's tests run in milliseconds while still exercising a genuine
decoder: PNG chunk parsing with CRC checks, the API's answer shape (Success, SubCode, ExtIdInfo
JSON string) and its SubCode rules (200, 212 when a ``Fraud`` chunk says so, 213 when there is no
text). ``FaultyRecognizer`` wraps any recognizer and injects the upstream failures a test queues.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable

from credrec.errors import CredrecError, UpstreamRejectedError
from credrec.extidinfo import outcome, parse_ext_id_info
from credrec.models import ImageInput, Recognition, RecognitionParams
from credrec_local.servers.pngtext import EngineAnswer, PngTextEngine, read_text_chunks, text_png

__all__ = ["EngineAnswer", "FaultyRecognizer", "PngTextRecognizer", "TextChunkEngine", "read_text_chunks", "text_png"]


class TextChunkEngine(PngTextEngine):
    """``PngTextEngine`` that also records each call (doc_type, ocr_area, fraud_check, size) for assertions."""

    def __init__(self) -> None:
        self.calls: list[dict] = []
        self._lock = threading.Lock()

    def recognize(self, data: bytes, *, doc_type: str, ocr_area: str, fraud_check: bool) -> EngineAnswer:
        with self._lock:
            self.calls.append({"doc_type": doc_type, "ocr_area": ocr_area, "fraud_check": fraud_check,
                               "size": len(data)})
        return super().recognize(data, doc_type=doc_type, ocr_area=ocr_area, fraud_check=fraud_check)


class PngTextRecognizer:
    """Recognizer port over ``TextChunkEngine``, answering exactly as the cloud adapter parses answers."""

    def __init__(self, url_reader: Callable[[str], bytes] | None = None) -> None:
        self._url_reader = url_reader
        self.engine = TextChunkEngine()

    @property
    def calls(self) -> list[dict]:
        return self.engine.calls

    def recognize(self, image: ImageInput, params: RecognitionParams, *, timeout_s: float | None = None) -> Recognition:
        if image.url is not None:
            if self._url_reader is None:
                raise UpstreamRejectedError("cannot download the image URL", code="DownloadTimeout")
            data = self._url_reader(image.url)
        else:
            data = image.data or b""
        answer = self.engine.recognize(data, doc_type=params.doc_type, ocr_area=params.ocr_area,
                                       fraud_check=params.fraud_check)
        fields, fraud = parse_ext_id_info(answer.ext_id_info, fraud_check=params.fraud_check,
                                          sub_code=answer.sub_code)
        _, note = outcome(answer.success, answer.sub_code)
        return Recognition(success=answer.success, sub_code=answer.sub_code, ext_id_info=answer.ext_id_info,
                           fields=fields, fraud=fraud, request_id=f"test-{len(self.calls)}", note=note)


class FaultyRecognizer:
    """Raises the queued errors first (one per call), then delegates to ``inner``."""

    def __init__(self, inner: PngTextRecognizer, faults: list[CredrecError] | None = None) -> None:
        self.inner = inner
        self.faults: deque[CredrecError] = deque(faults or [])
        self.attempts = 0

    def recognize(self, image: ImageInput, params: RecognitionParams, *, timeout_s: float | None = None) -> Recognition:
        self.attempts += 1
        if self.faults:
            raise self.faults.popleft()
        return self.inner.recognize(image, params, timeout_s=timeout_s)
