"""A second, real Recognizer for tests: it reads text that a PNG carries in its own ``tEXt`` chunks.

Real documents need OCR (see credrec_local.engine); synthetic test images can carry their text
explicitly, which lets the pipeline's tests run in milliseconds while still exercising a genuine
decoder: PNG chunk parsing with CRC checks, the API's answer shape (Success, SubCode, ExtIdInfo
JSON string) and its SubCode rules (200, 212 when a ``Fraud`` chunk says so, 213 when there is no
text). ``FaultyRecognizer`` wraps any recognizer and injects the upstream failures a test queues.
"""

from __future__ import annotations

import io
import json
import struct
import threading
import zlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from credrec.errors import CredrecError, UpstreamRejectedError
from credrec.extidinfo import outcome, parse_ext_id_info
from credrec.models import ImageInput, Recognition, RecognitionParams


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def text_png(texts: dict[str, str] | None = None, *, width: int = 640, height: int = 480) -> bytes:
    """A valid grey PNG of the given size whose tEXt chunks hold ``texts`` (keyword → text)."""
    raw = b"".join(b"\x00" + b"\xf0" * width for _ in range(height))
    out = io.BytesIO()
    out.write(b"\x89PNG\r\n\x1a\n")
    out.write(_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)))
    for key, value in (texts or {}).items():
        out.write(_chunk(b"tEXt", key.encode("latin-1") + b"\x00" + value.encode("utf-8")))
    out.write(_chunk(b"IDAT", zlib.compress(raw, 9)))
    out.write(_chunk(b"IEND", b""))
    return out.getvalue()


def read_text_chunks(data: bytes) -> dict[str, str]:
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise UpstreamRejectedError("not a PNG", code="InvalidParameter")
    pos, found = 8, {}
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        if zlib.crc32(kind + body) & 0xFFFFFFFF != crc:
            raise UpstreamRejectedError("PNG chunk CRC mismatch", code="UnqualifiedPhoto")
        if kind == b"tEXt":
            key, _, value = body.partition(b"\x00")
            found[key.decode("latin-1")] = value.decode("utf-8")
        if kind == b"IEND":
            break
        pos += 12 + length
    return found


@dataclass(frozen=True)
class EngineAnswer:
    success: str
    sub_code: str
    ext_id_info: str


class TextChunkEngine:
    """The local engine's interface (``recognize(data, *, doc_type, ocr_area, fraud_check)`` →
    ``success``/``sub_code``/``ext_id_info``) over PNG text chunks: ``Name``, ``Address`` (lines joined
    by '\\n'), ``Fraud`` (``Y`` flags the document). Used behind the emulator and the recognizer below."""

    def __init__(self) -> None:
        self.calls: list[dict] = []
        self._lock = threading.Lock()

    def recognize(self, data: bytes, *, doc_type: str, ocr_area: str, fraud_check: bool) -> EngineAnswer:
        with self._lock:
            self.calls.append({"doc_type": doc_type, "ocr_area": ocr_area, "fraud_check": fraud_check,
                               "size": len(data)})
        texts = read_text_chunks(data)
        name, address = texts.get("Name"), texts.get("Address")
        if not name and not address:
            sub_code, success, rec = "213", "F", {}
        else:
            rec = {"name": name or "", "address": address or ""}
            rec.update({k: v for k, v in texts.items() if k not in ("Name", "Address", "Fraud")})
            sub_code, success = "200", "S"
        ext: dict[str, object] = {"recInfo": rec}
        if fraud_check:
            flagged = texts.get("Fraud", "").upper() == "Y"
            ext["spoofInfo"] = {"spoofResult": "Y" if flagged else "N", "spoofType": ["PS"] if flagged else []}
            if flagged and sub_code == "200":
                sub_code = "212"
        return EngineAnswer(success, sub_code, json.dumps(ext, ensure_ascii=False))


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
