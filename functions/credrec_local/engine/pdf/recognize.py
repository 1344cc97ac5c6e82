"""One PDF through the engine: find the holder on the first pages, read each page from its text layer
(digital) or by OCR (image-only), run the PDF forensics, answer in the API's shape.

Per page, in order, up to ``max_pages``: render (pdfium); a page whose text layer has visible characters
is read from it (exact characters and boxes, no OCR; runs not visible on the render are left out and
reported); an image-only page is OCR'd like an uploaded image. Extraction runs on each page's lines; the
first page with both name and address wins (else the page with the most of them). ``recInfo`` gains
``pageNumber`` (1-based), ``pageCount`` and ``textSource`` (``text_layer`` | ``ocr``).

Forensics (fraud check on): the structure signals (revisions and what changed, producer, dates), the
holder page's content signals (hidden text, text over text, font outliers), mixed pages, the content
consistency checks on the extraction, and — on an image-only holder page only — the invisible text layer
(an OCR layer) compared with our OCR of the printed page, and the image forensics of
``engine.forensics.analyze`` (a clean vector render is not a photo or a scan: those checks would only
raise false alarms on it).
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from credrec_local.engine import answer
from credrec_local.engine.types import Extraction, FraudReport, OcrLine, Page, Signal

from .textlayer import PdfPageData, open_document, read_page, read_text

if TYPE_CHECKING:
    from credrec_local.engine import CredentialEngine, EngineResult

_log = logging.getLogger(__name__)

#: how many leading pages are searched for the holder block (e-bills put it on page 1 or 2)
HOLDER_PAGES = 3


class UnreadablePdfError(Exception):
    pass


@dataclass
class _PageRead:
    data: PdfPageData
    lines: list[OcrLine]
    extraction: Extraction
    source: str  # "text_layer" | "ocr"
    hidden: set[int]
    content_signals: list[Signal]
    rotation: int = 0
    skew: float = 0.0


def _quad(box: tuple[float, float, float, float]) -> Any:
    x0, y0, x1, y1 = box
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))


def _read(engine: CredentialEngine, pdf: PdfPageData) -> _PageRead:
    from credrec_local.engine.extract import extract
    from credrec_local.engine.forensics.pdf_signals import page_signals
    from credrec_local.engine.ocr import read_page as ocr_page

    h, w = pdf.rgb.shape[:2]
    if pdf.digital:
        signals, hidden = page_signals(pdf)
        lines = [OcrLine(text=r.text, score=1.0, quad=_quad(r.box))
                 for i, r in enumerate(pdf.runs) if i not in hidden]
        extraction = extract(lines, w, h) if lines else Extraction()
        return _PageRead(pdf, lines, extraction, "text_layer", hidden, signals)
    from credrec_local.engine.forensics.pdf_signals import layer_mismatch_signals

    text = ocr_page(engine.backend, pdf.rgb, lock=engine._ocr_lock)
    extraction = extract(text.lines, w, h, rotation=text.rotation) if text.lines else Extraction()
    try:
        layer = layer_mismatch_signals(pdf, list(text.lines))
    except Exception:
        _log.warning("pdf layer check failed", exc_info=True)
        layer = []
    return _PageRead(pdf, list(text.lines), extraction, "ocr", set(), layer, text.rotation, text.skew_degrees)


def _found(extraction: Extraction) -> int:
    return int(extraction.name is not None) + int(extraction.address is not None)


def _page_kinds(document: Any, limit: int = 10) -> list[bool]:
    import pypdfium2.raw as pdfium_c

    from .textlayer import MIN_TEXT_CHARS

    kinds: list[bool] = []
    for index in range(min(len(document), limit)):
        page = document[index]
        try:
            textpage = page.get_textpage()
            try:
                kinds.append(pdfium_c.FPDFText_CountChars(textpage.raw) >= MIN_TEXT_CHARS)
            finally:
                textpage.close()
        finally:
            page.close()
    return kinds


def _history(data: bytes, best: _PageRead, structure: Any) -> tuple[int, list[Any]]:
    """How the holder page's text differs from the file's first revision (0, [] when it has one)."""
    from credrec_local.engine.forensics.pdf_signals import changed_text

    if len(structure.revisions) < 2 or best.source != "text_layer":
        return 0, []
    first = structure.revisions[0].end
    try:
        original = open_document(data[:first])
    except Exception:
        return 0, []
    try:
        if best.data.number > len(original):
            return 0, []
        before = read_text(original, best.data.number - 1, best.data.scale)
    finally:
        original.close()
    current = [r for i, r in enumerate(best.data.runs) if i not in best.hidden]
    return changed_text(before, current)


def _forensics(data: bytes, best: _PageRead, kinds: list[bool], page: Page) -> FraudReport:
    from credrec_local.engine.forensics.combine import combine
    from credrec_local.engine.forensics.pdf_signals import mixed_page_signals, structure_signals

    from .structure import read_structure

    signals: list[Signal] = list(best.content_signals)
    try:
        structure = read_structure(data)
        changed, regions = _history(data, best, structure)
        signals.extend(structure_signals(structure, changed_regions=regions, changed_runs=changed,
                                         holder_page=best.data.number))
    except Exception:
        _log.warning("pdf structure signals failed", exc_info=True)
    signals.extend(mixed_page_signals(kinds))
    if best.source == "ocr":
        from credrec_local.engine.forensics import analyze

        image_report = analyze(page, best.extraction)
        signals.extend(image_report.signals)
    else:
        try:
            from credrec_local.engine.forensics import consistency

            signals.extend(consistency.signals(best.extraction))
        except Exception:
            _log.warning("consistency signals failed", exc_info=True)
    return combine(signals)


def recognize_pdf(engine: CredentialEngine, data: bytes, *, fraud_check: bool,
                  max_pages: int = HOLDER_PAGES) -> EngineResult:
    from credrec_local.engine import EngineResult
    from credrec_local.engine.ocr import UndecodableImageError

    t0 = time.perf_counter()
    try:
        document = open_document(data)
    except Exception as exc:
        raise UndecodableImageError(f"the PDF cannot be opened ({type(exc).__name__})",
                                    code="CORRUPT_PDF") from exc
    try:
        count = len(document)
        if count == 0:
            raise UndecodableImageError("the PDF has no pages", code="PDF_NO_PAGES")
        best: _PageRead | None = None
        decode_s = ocr_s = 0.0
        for index in range(min(count, max(1, max_pages))):
            t = time.perf_counter()
            pdf = read_page(document, index)
            decode_s += time.perf_counter() - t
            t = time.perf_counter()
            page_read = _read(engine, pdf)
            ocr_s += time.perf_counter() - t
            if best is None or _found(page_read.extraction) > _found(best.extraction):
                best = page_read
            if _found(best.extraction) == 2:
                break
        assert best is not None
        kinds = _page_kinds(document) if fraud_check else []
    finally:
        document.close()
    h, w = best.data.rgb.shape[:2]
    page = Page(data=b"", format="pdf", width=w, height=h, rgb=best.data.rgb, skew_degrees=best.skew,
                lines=best.lines)
    t3 = time.perf_counter()
    has_text = bool(best.lines)
    report = FraudReport(checked=False)
    if fraud_check and has_text and answer.is_credential(best.extraction):
        report = _forensics(data, best, kinds, page)
    t4 = time.perf_counter()
    success, sub_code = answer.decide(has_text, best.extraction, report if fraud_check else None)
    rec = answer.rec_info(best.extraction)
    rec.update(pageNumber=best.data.number, pageCount=count, textSource=best.source)
    ext: dict[str, Any] = {"recInfo": rec}
    if fraud_check and report.checked:
        ext["spoofInfo"] = answer.spoof_info(report)
    timings = {"decode": decode_s, "ocr": ocr_s, "extract": 0.0, "forensics": t4 - t3,
               "total": time.perf_counter() - t0}
    return EngineResult(success, sub_code, json.dumps(ext, ensure_ascii=False, separators=(",", ":")),
                        best.extraction, report, page, timings)
