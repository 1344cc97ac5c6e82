"""The local recognition engine: the offline stand-in for CredentialRecognitionIntl.

    engine = get_engine()                     # process-wide, loaded once, thread-safe
    result = engine.recognize(data, doc_type="01", ocr_area="0101", fraud_check=True)
    result.success, result.sub_code, result.ext_id_info   # the cloud API's answer shape

A PDF (``%PDF-``) goes to ``engine.pdf``: per page, the text layer or OCR, the holder found on the
first ``pdf_pages`` pages, PDF forensics (``forensics.pdf_signals``); same answer shape plus the page.

Stages: decode (Pillow, EXIF orientation) → OCR (rapidocr, bundled models; guarded by a lock) →
layout (upright, straightened rows) → extraction (name, address, issuer, account, bill date, amount
due, every labelled amount/date) → forgery signals (``engine.forensics.analyze``, when fraud_check) →
answer (SubCode 200/212/213 and ExtIdInfo).

Callers validate API limits first (``credrec.validation``); the engine only refuses what it cannot
decode (``UndecodableImageError``, an ``ImageRejectedError``) and unsupported DocType/OcrArea pairs
(``EngineParameterError``).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from . import answer
from .ocr import OcrBackend, UndecodableImageError, create_backend, decode, read_page
from .types import Extraction, FraudReport, Page

__all__ = ["SUPPORTED_DOC_TYPES", "CredentialEngine", "EngineParameterError", "EngineResult",
           "UndecodableImageError", "get_engine"]

# (DocType, OcrArea) pairs the engine extracts: transaction credential / e-bill, and proof of address.
SUPPORTED_DOC_TYPES = frozenset({("01", "0101"), ("04", "0401")})


class EngineParameterError(ValueError):
    """DocType/OcrArea the engine does not support (the API would answer InvalidParameter)."""

    code = "InvalidParameter"


@dataclass
class EngineResult:
    success: str  # "S" | "F"
    sub_code: str  # "200" | "212" | "213"
    ext_id_info: str  # JSON string: {"recInfo": {...}, "spoofInfo": {...}}
    extraction: Extraction
    fraud: FraudReport
    page: Page
    timings: dict[str, float] = field(default_factory=dict)  # seconds: decode, ocr, extract, forensics, total


class CredentialEngine:
    """Decode → OCR → extract → forgery signals → answer. One instance serves many threads."""

    def __init__(self, backend: OcrBackend | str = "rapidocr", *, pdf_pages: int = 3) -> None:
        self.backend: OcrBackend = create_backend(backend) if isinstance(backend, str) else backend
        self._ocr_lock = threading.Lock()
        self.pdf_pages = pdf_pages  # a PDF's holder block is looked for on its first pdf_pages pages

    @property
    def backend_name(self) -> str:
        return getattr(self.backend, "name", type(self.backend).__name__)

    def recognize(self, data: bytes, *, doc_type: str = "01", ocr_area: str = "0101",
                  fraud_check: bool = True) -> EngineResult:
        if (str(doc_type), str(ocr_area)) not in SUPPORTED_DOC_TYPES:
            raise EngineParameterError(
                f"DocType {doc_type!r} with OcrArea {ocr_area!r} is not supported by the local engine; "
                "use 01/0101 (transaction credential) or 04/0401 (proof of address)")
        if data[:5] == b"%PDF-":  # digital or scanned PDF: text layer or OCR, per page (engine.pdf)
            from .pdf.recognize import recognize_pdf

            return recognize_pdf(self, data, fraud_check=fraud_check, max_pages=self.pdf_pages)
        t0 = time.perf_counter()
        rgb, fmt = decode(data)
        h, w = rgb.shape[:2]
        page = Page(data=data, format=fmt, width=w, height=h, rgb=rgb)
        t1 = time.perf_counter()
        text = read_page(self.backend, rgb, lock=self._ocr_lock)
        page.lines = text.lines
        page.skew_degrees = text.skew_degrees
        t2 = time.perf_counter()
        from .extract import extract

        extraction = extract(page.lines, w, h, rotation=text.rotation) if page.lines else Extraction()
        t3 = time.perf_counter()
        has_text = bool(page.lines)
        report = FraudReport(checked=False)
        if fraud_check and has_text and answer.is_credential(extraction):
            from .forensics import analyze

            report = analyze(page, extraction)
        t4 = time.perf_counter()
        success, sub_code = answer.decide(has_text, extraction, report if fraud_check else None)
        ext = answer.ext_id_info(extraction, report if fraud_check else None)
        timings = {"decode": t1 - t0, "ocr": t2 - t1, "extract": t3 - t2, "forensics": t4 - t3,
                   "total": time.perf_counter() - t0}
        return EngineResult(success, sub_code, ext, extraction, report, page, timings)


_ENGINES: dict[str, CredentialEngine] = {}
_ENGINES_LOCK = threading.Lock()


def get_engine(backend: str = "rapidocr") -> CredentialEngine:
    """The process-wide engine for ``backend`` (models load once, on the first call)."""
    eng = _ENGINES.get(backend)
    if eng is not None:
        return eng
    with _ENGINES_LOCK:
        eng = _ENGINES.get(backend)
        if eng is None:
            eng = CredentialEngine(backend)
            _ENGINES[backend] = eng
        return eng

