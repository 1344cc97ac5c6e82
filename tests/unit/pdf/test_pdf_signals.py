"""Each PDF forgery signal on small PDFs the tests build, and silence on untouched or benignly re-saved files."""

from __future__ import annotations

import pytest

from credrec_local.docgen.pdf import BENIGN_KINDS, edit_pdf, resave_pdf
from credrec_local.engine.forensics.pdf_signals import (
    changed_text,
    family,
    mixed_page_signals,
    page_signals,
    structure_signals,
)
from credrec_local.engine.pdf.recognize import _page_kinds
from credrec_local.engine.pdf.structure import read_structure
from credrec_local.engine.pdf.textlayer import open_document, read_page, read_text
from tests.support.pdfbytes import image_page_pdf, simple_pdf


def page_of(data: bytes, index: int = 0):
    doc = open_document(data)
    try:
        return read_page(doc, index)
    finally:
        doc.close()


def kinds(signals) -> set[str]:
    return {s.kind for s in signals}


def all_signals(data: bytes):
    page = page_of(data)
    content, hidden = page_signals(page)
    structure = read_structure(data)
    changed, regions = 0, []
    if len(structure.revisions) > 1:
        original = open_document(data[: structure.revisions[0].end])
        before = read_text(original, 0, page.scale)
        original.close()
        changed, regions = changed_text(before, [r for i, r in enumerate(page.runs) if i not in hidden])
    return content + structure_signals(structure, changed_regions=regions, changed_runs=changed, holder_page=1)


def test_untouched_bill_raises_nothing(bill):
    assert all_signals(bill.data) == []


@pytest.mark.parametrize("kind", BENIGN_KINDS)
def test_benign_resaves_raise_nothing(bill, statement, kind):
    assert all_signals(resave_pdf(bill, kind).data) == []
    assert all_signals(resave_pdf(statement, kind).data) == []


def test_incremental_update_names_the_revision_and_the_changed_text_region(bill):
    forged = edit_pdf(bill, "incremental_name", 2)
    signals = all_signals(forged.data)
    rev = next(s for s in signals if s.kind == "pdf_revisions")
    assert rev.score >= 0.7 and "2 revisions" in rev.reason and "page 1 content" in rev.reason
    assert forged.edited["new"] not in rev.reason and forged.edited["old"] not in rev.reason  # no personal data
    page = page_of(forged.data)
    new_run = next(r for r in page.runs if r.text == forged.edited["new"])
    assert rev.region is not None and rev.region[0] <= new_run.box[0] and rev.region[2] >= new_run.box[2]


def test_a_line_in_another_typeface_is_a_font_outlier(bill):
    forged = edit_pdf(bill, "incremental_name", 3)
    signals = all_signals(forged.data)
    outlier = next(s for s in signals if s.kind == "pdf_font_outlier")
    page = page_of(forged.data)
    new_run = next(r for r in page.runs if r.text == forged.edited["new"])
    assert outlier.region == new_run.box and new_run.font == "Helvetica"


def test_editor_producer_and_late_modification(bill):
    forged = edit_pdf(bill, "editor_resave", 4)
    found = kinds(all_signals(forged.data))
    assert {"pdf_producer", "pdf_dates", "pdf_text_overlap"} <= found


def test_white_box_over_the_name_is_text_over_text_and_the_covered_run_is_dropped(bill):
    forged = edit_pdf(bill, "white_box", 5)
    page = page_of(forged.data)
    signals, hidden = page_signals(page)
    assert "pdf_text_overlap" in kinds(signals)
    old = next(i for i, r in enumerate(page.runs) if r.text == bill.truth.name)
    assert old in hidden  # drawn underneath: not what the page shows


def test_text_covered_by_a_white_rectangle_is_hidden_text():
    data = simple_pdf(content=b"BT /F1 14 Tf 72 720 Td (Account holder Jane Doe) Tj ET "
                              b"1 1 1 rg 60 700 400 50 re f "
                              b"0 0 0 rg BT /F1 14 Tf 72 600 Td (Visible line of text) Tj ET")
    signals, hidden = page_signals(page_of(data))
    hidden_signal = next(s for s in signals if s.kind == "pdf_hidden_text")
    assert "covered" in hidden_signal.reason and len(hidden) == 1


def test_invisible_text_over_blank_paper_is_hidden_but_an_ocr_layer_over_an_image_is_not():
    blank = simple_pdf(content=b"BT 3 Tr /F1 14 Tf 72 720 Td (Invisible words here) Tj ET "
                               b"BT 0 Tr /F1 14 Tf 72 600 Td (Visible words here too) Tj ET")
    signals, _ = page_signals(page_of(blank))
    assert any(s.kind == "pdf_hidden_text" and "invisible" in s.reason for s in signals)
    ocr_layer = image_page_pdf(b"q 595 0 0 842 0 0 cm /Im1 Do Q "
                               b"BT 3 Tr /F1 14 Tf 72 720 Td (Words the scanner recognised) Tj ET")
    page = page_of(ocr_layer)
    signals, hidden = page_signals(page)
    assert signals == [] and hidden == {0} and not page.digital


def test_mixed_image_only_and_text_pages():
    data = image_page_pdf(b"q 595 0 0 842 0 0 cm /Im1 Do Q", text_page=True)
    doc = open_document(data)
    try:
        page_kinds = _page_kinds(doc)
    finally:
        doc.close()
    assert page_kinds == [False, True]
    (signal,) = mixed_page_signals(page_kinds)
    assert signal.kind == "pdf_mixed_pages" and "page(s) 1" in signal.reason and signal.score < 0.5
    assert mixed_page_signals([True, True]) == [] and mixed_page_signals([False]) == []


def test_font_family_ignores_style_suffixes():
    assert family("Arial-BoldMT") == family("ArialMT") == "arial"
    assert family("FreeSerifBold") == family("FreeSerif")
    assert family("DejaVuSansBook") == family("DejaVuSans-Bold") == "dejavusans"
    assert family("Helvetica") != family("FreeSerif")


def _printed_lines(sample, page):
    """What an OCR of the scan reads: the truth lines, at their place on the render."""
    from credrec_local.engine.types import OcrLine

    factor = sample.scale * page.scale
    return [OcrLine(text=ln.text, score=0.9, quad=((ln.box[0] * factor, ln.box[1] * factor),
                                                   (ln.box[2] * factor, ln.box[1] * factor),
                                                   (ln.box[2] * factor, ln.box[3] * factor),
                                                   (ln.box[0] * factor, ln.box[3] * factor)))
            for ln in sample.truth.lines]


def test_an_ocr_layer_that_reads_otherwise_than_the_print_is_a_layer_mismatch():
    from credrec_local.docgen import generate
    from credrec_local.docgen.pdf import scanned_pdf
    from credrec_local.engine.forensics.pdf_signals import layer_mismatch_signals

    doc = generate(31, layout="window")
    honest = scanned_pdf(doc, 31, ocr_layer=True)
    forged = scanned_pdf(doc, 31, ocr_layer=True, layer_name="JONATHAN LIM")
    page = page_of(honest.data)
    assert not page.digital and page.runs and all(r.invisible for r in page.runs)
    assert page_signals(page)[0] == []  # an OCR layer over a scan is normal
    assert layer_mismatch_signals(page, _printed_lines(honest, page)) == []
    forged_page = page_of(forged.data)
    (signal,) = layer_mismatch_signals(forged_page, _printed_lines(forged, forged_page))
    assert signal.kind == "pdf_layer_mismatch" and "1 run(s)" in signal.reason and "JONATHAN" not in signal.reason
