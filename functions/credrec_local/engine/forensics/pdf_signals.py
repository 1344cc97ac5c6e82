"""Forgery *signals* from a PDF's structure and text layer (signals, not proof), for the same combiner.

Families (see ``combine.FAMILY``): ``pdf_history`` (incremental updates), ``pdf_metadata`` (producer,
dates), ``pdf_content`` (hidden text, text over text, a line in another font), ``pdf_pages`` (mixed
image-only and text pages). Reasons name pages and counts, never the document's text. Regions are in
pixels of the rendered holder page (``PdfPageData.rgb``) when the evidence is on that page.

* ``pdf_revisions``    the file was updated after it was written (incremental updates); an update that
                       replaces page content, and text that differs from the first revision, count most;
* ``pdf_producer``     producer/creator is a known PDF editor or online PDF tool, not a billing system;
* ``pdf_dates``        modified well after it was created;
* ``pdf_hidden_text``  text in the text layer that is not visible where it sits: covered by something
                       drawn over it (a white box) or invisible (render mode 3) over blank paper.
                       Invisible text over a scanned image is an OCR layer and is left alone;
* ``pdf_text_overlap`` two different texts drawn on the same spot;
* ``pdf_font_outlier`` one line of an aligned block in another typeface than its siblings (size alone
                       is not used: headings and totals differ in size on genuine bills);
* ``pdf_mixed_pages``  some pages image-only, others with text (pages pasted in from a scan);
* ``pdf_layer_mismatch`` on a scanned page, the invisible text layer says something else than the OCR
                       of the printed page at the same place (a text extractor would read a forgery).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from credrec_local.engine.pdf.structure import PdfStructure
from credrec_local.engine.pdf.textlayer import PdfPageData, TextRun
from credrec_local.engine.types import Box, Signal

_log = logging.getLogger(__name__)

#: lower-case fragments of producer/creator strings of PDF editors and online PDF tools
EDITORS = (
    "ilovepdf", "smallpdf", "sejda", "pdfescape", "pdf candy", "pdfcandy", "soda pdf", "sodapdf", "pdffiller",
    "dochub", "pdf2go", "pdf24", "pdfsimpli", "online2pdf", "formswift", "pdfzorro", "canva", "pdf-xchange",
    "foxit phantompdf", "foxit pdf editor", "nitro pro", "nitro pdf", "pdfelement", "wondershare", "master pdf editor",
    "infix pdf", "pdf studio", "inkscape", "photoshop", "illustrator", "gimp", "libreoffice draw", "pdf expert",
    "pdfpen", "abbyy finereader pdf editor",
)
#: a modification this long after creation is worth a note (re-saves a few seconds later are common)
MOD_AFTER_CREATE_S = 24 * 3600
HIDDEN_STD = 6.0  # grey-level spread below which a text box shows nothing
MIN_CHARS = 2
OVERLAP = 0.35  # intersection over the smaller box
_STYLE = re.compile(r"[-,]?(bold|italic|oblique|semibold|demi|light|medium|regular|book|roman|normal|black|heavy|condensed|narrow|"
                    r"mt|ps|ita|it|bd)+$", re.I)


def family(font: str) -> str:
    name = font.strip()
    for _ in range(3):
        name = _STYLE.sub("", name)
    return name.lower() or font.lower()


# ---------------------------------------------------------------------------- structure


def structure_signals(structure: PdfStructure, *, changed_regions: list[Box], changed_runs: int,
                      holder_page: int) -> list[Signal]:
    out: list[Signal] = []
    updates = structure.updates
    if updates:
        content = [c for rev in updates for c in rev.changes if "content" in c or c.endswith("font")]
        pages = sorted({c.split()[1] for c in content if c.startswith("page ")})
        what = "; ".join(f"revision {r.number}: {', '.join(r.changes) or 'no objects'}" for r in updates)
        if changed_runs:
            score = 0.75
            reason = (f"{len(structure.revisions)} revisions: the file was updated after it was written and "
                      f"{changed_runs} text run(s) on page {holder_page} differ from the first revision ({what})")
        elif content:
            score = 0.6
            reason = (f"{len(structure.revisions)} revisions: an update after creation replaces content of page(s) "
                      f"{', '.join(pages)} ({what})")
        else:
            score = 0.2
            reason = f"{len(structure.revisions)} revisions: updated after creation, no page content changed ({what})"
        region = _union(changed_regions) if changed_regions else None
        out.append(Signal(kind="pdf_revisions", score=score, reason=reason, region=region, tag="PS"))  # type: ignore[arg-type]
    tool = " / ".join(v for v in (structure.producer, structure.creator) if v)
    low = tool.lower()
    hit = next((e for e in EDITORS if e in low), None)
    if hit is not None:
        out.append(Signal(kind="pdf_producer", score=0.45,  # type: ignore[arg-type]
                          reason=f"made or re-saved by a PDF editor or online PDF tool ({hit}), "
                                 "not a billing or statement system", tag="PS"))
    if structure.created and structure.modified:
        delta = (structure.modified - structure.created).total_seconds()
        if delta > MOD_AFTER_CREATE_S:
            out.append(Signal(kind="pdf_dates", score=0.3,  # type: ignore[arg-type]
                              reason=f"modified {delta / 86400:.0f} day(s) after it was created", tag="PS"))
    return out


def changed_text(first: list[TextRun], current: list[TextRun]) -> tuple[int, list[Box]]:
    """Runs in ``current`` that the first revision did not have (or had with other text), and where."""
    before = Counter(r.text for r in first)
    regions: list[Box] = []
    count = 0
    for run in current:
        if before[run.text] > 0:
            before[run.text] -= 1
            continue
        count += 1
        regions.append(run.box)
    removed = sum(v for v in before.values() if v > 0)
    return max(count, removed), regions


# ---------------------------------------------------------------------------- page content


def _gray(rgb: Any) -> Any:
    import numpy as np

    return np.asarray(rgb, dtype=np.float32).mean(axis=2) if rgb.ndim == 3 else np.asarray(rgb, dtype=np.float32)


def visible(run: TextRun, gray: Any) -> bool:
    """Does the rendered page show anything where this run sits?"""
    h, w = gray.shape[:2]
    x0, y0, x1, y1 = (round(v) for v in run.box)
    x0, y0 = max(0, x0), max(0, y0)
    x1, y1 = min(w, max(x1, x0 + 1)), min(h, max(y1, y0 + 1))
    if x1 <= x0 or y1 <= y0:
        return False
    region = gray[y0:y1, x0:x1]
    return bool(region.std() > HIDDEN_STD or (region.max() - region.min()) > 40)


def _area(box: Box) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def _intersection(a: Box, b: Box) -> float:
    return _area((max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])))


def _union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def hidden_text_signals(page: PdfPageData, gray: Any) -> tuple[list[Signal], set[int]]:
    """Signals for text that is in the layer but not on the page; also the indexes of hidden runs."""
    hidden: set[int] = set()
    covered: list[Box] = []
    invisible_blank: list[Box] = []
    for index, run in enumerate(page.runs):
        if len(run.text.replace(" ", "")) < MIN_CHARS or (run.invisible and page.image_objects):
            continue  # invisible text on a page with an image: the scanner's OCR layer
        if visible(run, gray):
            continue
        hidden.add(index)
        (invisible_blank if run.invisible else covered).append(run.box)
    for index, run in enumerate(page.runs):
        if run.invisible and index not in hidden:
            hidden.add(index)  # invisible text over an image: an OCR layer, not what is printed
    out: list[Signal] = []
    if covered:
        out.append(Signal(kind="pdf_hidden_text", score=0.6, region=_union(covered), tag="PS",  # type: ignore[arg-type]
                          reason=f"{len(covered)} text run(s) on page {page.number} are in the text layer but "
                                 "covered on the page (something is drawn over them)"))
    if invisible_blank:
        out.append(Signal(kind="pdf_hidden_text", score=0.5, region=_union(invisible_blank), tag="PS",  # type: ignore[arg-type]
                          reason=f"{len(invisible_blank)} invisible text run(s) on page {page.number} "
                                 "where nothing is printed"))
    return out, hidden


def overlap_signals(page: PdfPageData) -> tuple[list[Signal], set[int]]:
    """Different texts drawn on the same spot; also the indexes of the runs drawn first (underneath:
    content order is paint order), which are not what the page shows."""
    runs = [(i, r) for i, r in enumerate(page.runs) if len(r.text.replace(" ", "")) >= MIN_CHARS and not r.invisible]
    regions: list[Box] = []
    under: set[int] = set()
    for k, (i, a) in enumerate(runs):
        for j, b in runs[k + 1:]:
            if a.text == b.text:
                continue  # a faux-bold double strike
            inter = _intersection(a.box, b.box)
            smaller = min(_area(a.box), _area(b.box))
            same_start = abs(a.box[0] - b.box[0]) <= 0.8 * min(a.height, b.height)
            # pieces of one word whose glyph boxes overlap (bad font metrics) start apart and overlap a little
            if smaller > 0 and (inter > 0.6 * smaller or (same_start and inter > OVERLAP * smaller)):
                regions.append(_union([a.box, b.box]))
                under.add(min(i, j))
    if not regions:
        return [], under
    return [Signal(kind="pdf_text_overlap", score=0.55, region=_union(regions), tag="PS",  # type: ignore[arg-type]
                   reason=f"{len(regions)} place(s) on page {page.number} where different texts are drawn "
                          "on top of each other")], under


def _blocks(runs: list[TextRun]) -> list[list[TextRun]]:
    """Runs that share a left edge and follow each other down the page (an address block, a column)."""
    ordered = sorted(runs, key=lambda r: (r.box[0], r.box[1]))
    blocks: list[list[TextRun]] = []
    for run in sorted(ordered, key=lambda r: r.box[1]):
        line_h = max(run.height, 1.0)
        placed = False
        for block in blocks:
            last = block[-1]
            if (abs(last.box[0] - run.box[0]) <= 0.6 * line_h
                    and 0 <= run.box[1] - last.box[3] <= 1.6 * max(last.height, line_h)):
                block.append(run)
                placed = True
                break
        if not placed:
            blocks.append([run])
    return [b for b in blocks if len(b) >= 3]


def font_outlier_signals(page: PdfPageData, hidden: set[int]) -> list[Signal]:
    runs = [r for i, r in enumerate(page.runs) if i not in hidden and len(r.text.replace(" ", "")) >= MIN_CHARS]
    out: list[Signal] = []
    for block in _blocks(runs):
        families = Counter(family(r.font) for r in block)
        major, major_n = families.most_common(1)[0]
        if major_n < 2 or major_n * 2 <= len(block):
            continue
        sizes = sorted(r.size for r in block)
        median = sizes[len(sizes) // 2]

        def peer_bold(run: TextRun, block: list[TextRun] = block, major: str = major) -> bool:
            return any("bold" in r.font.lower() for r in block
                       if family(r.font) == major and abs(r.size - run.size) <= 0.1 * max(run.size, 1e-6))

        # another face at another size, or a bold face among regular ones of its size, is a heading or a label
        odd = [r for r in block if family(r.font) != major and median > 0 and abs(r.size - median) / median <= 0.1
               and ("bold" not in r.font.lower() or peer_bold(r))]
        if odd and len(odd) <= max(1, len(block) // 3):
            out.append(Signal(kind="pdf_font_outlier", score=0.55, region=_union([r.box for r in odd]), tag="PS",  # type: ignore[arg-type]
                              reason=f"{len(odd)} line(s) of a {len(block)}-line block on page {page.number} "
                                     "are set in another typeface than their neighbours"))
            continue
    return out


def _norm(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def layer_mismatch_signals(page: PdfPageData, ocr_lines: list[Any]) -> list[Signal]:
    """Invisible layer runs (an OCR layer over a scan) compared with our own OCR of the page: a run whose
    place holds printed text that reads otherwise is a layer that disagrees with what is printed."""
    from difflib import SequenceMatcher

    layer = [r for r in page.runs if r.invisible and len(_norm(r.text)) >= 4]
    if not layer or not ocr_lines:
        return []
    bad: list[Box] = []
    for run in layer:
        texts = [ln.text for ln in ocr_lines if _intersection(run.box, ln.box) > 0.3 * _area(run.box)]
        if not texts:
            continue  # nothing printed was read there: no evidence either way
        printed = _norm(" ".join(texts))
        wanted = _norm(run.text)
        if wanted in printed:
            continue
        if SequenceMatcher(None, wanted, printed).ratio() < 0.6:
            bad.append(run.box)
    if not bad:
        return []
    return [Signal(kind="pdf_layer_mismatch", score=0.6, region=_union(bad), tag="PS",  # type: ignore[arg-type]
                   reason=f"{len(bad)} run(s) of the invisible text layer on page {page.number} read otherwise "
                          "than the printed page at the same place")]


def mixed_page_signals(page_kinds: list[bool]) -> list[Signal]:
    """``page_kinds``: True for a page with a text layer, False for image-only, in page order."""
    if len(page_kinds) < 2 or all(page_kinds) or not any(page_kinds):
        return []
    scans = [str(i + 1) for i, digital in enumerate(page_kinds) if not digital]
    return [Signal(kind="pdf_mixed_pages", score=0.25, tag="PS",  # type: ignore[arg-type]
                   reason=f"page(s) {', '.join(scans)} are image-only while the others carry text")]


def page_signals(page: PdfPageData) -> tuple[list[Signal], set[int]]:
    """Content signals for one rendered page, and the indexes of its runs that are not printed."""
    gray = _gray(page.rgb)
    out: list[Signal] = []
    hidden: set[int] = set()

    def run(name: str, fn: Callable[[], list[Signal]]) -> None:
        try:
            out.extend(fn())
        except Exception:  # one broken check must not take the recognition down
            _log.warning("pdf signal %s failed", name, exc_info=True)

    try:
        found, hidden = hidden_text_signals(page, gray)
        out.extend(found)
    except Exception:
        _log.warning("pdf signal hidden_text failed", exc_info=True)
    try:
        found, under = overlap_signals(page)
        out.extend(found)
        hidden |= under
    except Exception:
        _log.warning("pdf signal overlap failed", exc_info=True)
    run("font_outlier", lambda: font_outlier_signals(page, hidden))
    return out, hidden
