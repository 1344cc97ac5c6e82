"""The text layer as the engine reads it (pdfium), and the file structure (revisions, dates)."""

from __future__ import annotations

import datetime as dt

from credrec_local.docgen import generate
from credrec_local.docgen.pdf import digital_pdf, edit_pdf, resave_pdf, scanned_pdf
from credrec_local.engine.pdf.structure import parse_pdf_date, read_structure
from credrec_local.engine.pdf.textlayer import open_document, read_page, render_page_png


def page_of(data: bytes, index: int = 0):
    doc = open_document(data)
    try:
        return read_page(doc, index)
    finally:
        doc.close()


def test_digital_page_gives_exact_lines_where_they_are_drawn(bill):
    page = page_of(bill.data)
    assert page.digital and page.image_objects == 0
    texts = [r.text for r in page.runs]
    assert bill.truth.name in texts
    for line in bill.truth.address_lines:
        assert line in texts
    name_line = bill.truth.lines_with_role("name")[0]
    run = next(r for r in page.runs if r.text == bill.truth.name)
    factor = bill.scale * page.scale  # image px -> pt -> render px
    expected = [v * factor for v in name_line.box]
    assert all(abs(a - b) < 0.5 * run.height for a, b in zip(run.box, expected, strict=True))
    assert not run.invisible and run.size > 4


def test_scanned_page_has_no_text_layer_but_an_image():
    sample = scanned_pdf(generate(3), 3)
    page = page_of(sample.data)
    assert not page.digital and page.runs == [] and page.image_objects == 1
    assert page.rgb.shape[1] >= 1000  # rendered large enough to OCR


def test_multi_page_generator_puts_the_holder_on_the_requested_page():
    sample = digital_pdf(generate(8), pages=3, holder_page=2)
    doc = open_document(sample.data)
    try:
        assert len(doc) == 3
        texts = [[r.text for r in read_page(doc, i).runs] for i in range(3)]
    finally:
        doc.close()
    assert sample.truth.name in texts[1] and sample.truth.name not in texts[0] + texts[2]


def test_page_png_for_the_workbench(statement):
    png = render_page_png(statement.data, 2, dpi=40)
    assert png.startswith(b"\x89PNG")
    import pytest

    with pytest.raises(IndexError):
        render_page_png(statement.data, 3)


def test_one_revision_for_written_and_benignly_resaved_files(bill):
    for sample in (bill, resave_pdf(bill, "linearize"), resave_pdf(bill, "compress"),
                   resave_pdf(bill, "print_to_pdf")):
        structure = read_structure(sample.data)
        assert len(structure.revisions) == 1 and structure.updates == [], sample.kind
    assert read_structure(resave_pdf(bill, "linearize").data).linearized


def test_incremental_update_is_a_second_revision_that_changes_page_content(bill):
    forged = edit_pdf(bill, "incremental_name", 1)
    assert forged.data.startswith(bill.data)  # appended, the original bytes untouched
    structure = read_structure(forged.data)
    assert len(structure.revisions) == 2
    assert "page 1 content" in structure.updates[0].changes
    assert structure.modified and structure.created and structure.modified > structure.created


def test_pdf_dates():
    assert parse_pdf_date("D:20260301093000+08'00'") == dt.datetime(
        2026, 3, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert parse_pdf_date("D:2026") == dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    assert parse_pdf_date("yesterday") is None and parse_pdf_date("D:20261340") is None


def test_stored_page_image_for_the_workbench(tmp_path, statement):
    import pytest

    from credrec.errors import ImageRejectedError
    from credrec_local.adapters.bucket_dir import BucketDirSource
    from credrec_local.engine.pdf import page_count, stored_page_png
    from tests.support.pdfbytes import simple_pdf

    objects = BucketDirSource(tmp_path)
    objects.put("credrec-uploads", "uploads/s.pdf", statement.data)
    objects.put("credrec-uploads", "uploads/bomb.pdf", simple_pdf(1, media_box=b"[0 0 99999999 99999999]"))
    assert page_count(statement.data) == 2
    assert stored_page_png(objects, "credrec-uploads", "uploads/s.pdf", 2, dpi=30).startswith(b"\x89PNG")
    with pytest.raises(IndexError):
        stored_page_png(objects, "credrec-uploads", "uploads/s.pdf", 3)
    with pytest.raises(ImageRejectedError) as err:
        stored_page_png(objects, "credrec-uploads", "uploads/bomb.pdf", 1)
    assert err.value.code == "PDF_PAGE_TOO_LARGE"
