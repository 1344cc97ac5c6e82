"""PDF pre-flight: real PDFs pass with their page count; broken, encrypted, empty, over-long PDFs and
PDF bombs are refused with their own codes, in bounded time and memory."""

from __future__ import annotations

import io
import tracemalloc
import zlib

import pytest

from credrec.errors import ImageRejectedError
from credrec.pdf_validation import PDF_MAX_PAGES, inspect_pdf
from tests.support.pdfbytes import build_pdf, nested_array, objstm_bomb_pdf, simple_pdf, stream


def code_of(data: bytes) -> str:
    with pytest.raises(ImageRejectedError) as err:
        inspect_pdf(data)
    return err.value.code


def test_a_small_pdf_passes_with_its_pages_and_sizes():
    info = inspect_pdf(simple_pdf(3))
    assert info.pages == 3 and info.page_sizes[0] == (595.0, 842.0) and info.version == "1.7"


def test_inherited_media_box_and_user_unit_are_applied():
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 300 400] >>",
            b"<< /Type /Page /Parent 2 0 R /UserUnit 2 >>"]
    assert inspect_pdf(build_pdf(objs)).page_sizes == ((600.0, 800.0),)


def test_truncated_pdf_is_corrupt():
    data = simple_pdf()
    assert code_of(data[: len(data) // 2]) == "CORRUPT_PDF"


def test_garbage_with_a_pdf_header_is_corrupt():
    assert code_of(b"%PDF-1.7\nthis is not a pdf at all\n%%EOF\n") == "CORRUPT_PDF"


def test_zero_pages():
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    assert code_of(build_pdf(objs)) == "PDF_NO_PAGES"


def test_too_many_pages():
    assert code_of(simple_pdf(PDF_MAX_PAGES + 1)) == "PDF_TOO_MANY_PAGES"
    assert inspect_pdf(simple_pdf(PDF_MAX_PAGES)).pages == PDF_MAX_PAGES


def test_a_declared_page_count_in_the_millions_is_refused_without_walking_the_tree():
    assert code_of(simple_pdf(1, count=50_000_000)) == "PDF_TOO_MANY_PAGES"


@pytest.mark.parametrize("box, code", [
    (b"[0 0 1000000000 1000000000]", "PDF_PAGE_TOO_LARGE"),
    (b"[0 0 20 20]", "PDF_PAGE_TOO_SMALL"),
    (b"[0 0 100 9000]", "PDF_ASPECT_RATIO_TOO_LARGE"),
    (b"[0 0 595]", "CORRUPT_PDF"),
])
def test_page_boxes_are_checked(box, code):
    assert code_of(simple_pdf(1, media_box=box)) == code


@pytest.mark.parametrize("user, owner", [("secret", "secret"), ("", "owner-only")])
def test_encrypted_pdfs_are_refused_with_or_without_a_user_password(user, owner):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(simple_pdf())))
    writer.encrypt(user_password=user, owner_password=owner, algorithm="RC4-128")  # pure Python in pypdf
    out = io.BytesIO()
    writer.write(out)
    assert code_of(out.getvalue()) == "PDF_ENCRYPTED"


def test_deep_nesting_in_the_page_dictionary_is_too_complex_not_a_crash():
    data = simple_pdf(1, page_extra=b"/Bomb " + nested_array(200_000))
    assert code_of(data) in ("PDF_TOO_COMPLEX", "CORRUPT_PDF")  # RecursionError caught, not a crash


def test_deep_nesting_in_the_media_box_is_refused():
    assert code_of(simple_pdf(1, media_box=nested_array(100_000))) in ("PDF_TOO_COMPLEX", "CORRUPT_PDF")


def test_a_page_tree_loop_terminates():
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"]
    assert code_of(build_pdf(objs)) in ("PDF_TOO_COMPLEX", "CORRUPT_PDF", "PDF_NO_PAGES")  # terminates


def test_an_object_stream_bomb_is_refused_within_a_memory_budget():
    data = objstm_bomb_pdf(150_000_000)  # 150 MB of padding compresses to well under 1 MB
    assert len(data) < 1_000_000
    tracemalloc.start()
    try:
        assert code_of(data) == "PDF_TOO_COMPLEX"
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 120_000_000


def test_the_same_object_stream_shape_below_the_limit_parses():
    assert inspect_pdf(objstm_bomb_pdf(10_000)).pages == 1


def test_a_content_stream_bomb_is_never_inflated_by_validation():
    bomb = zlib.compress(b"0 0 m " * 20_000_000, 9)  # 120 MB inflated
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(bomb) + bomb + b"\nendstream",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"]
    tracemalloc.start()
    try:
        assert inspect_pdf(build_pdf(objs)).pages == 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 60_000_000


def test_a_stream_declaring_a_huge_length_is_not_trusted():
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            stream(b"BT ET").replace(b"/Length 5", b"/Length 99999999999"),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"]
    info_or_code: object
    try:
        info_or_code = inspect_pdf(build_pdf(objs)).pages
    except ImageRejectedError as exc:
        info_or_code = exc.code
    assert info_or_code in (1, "CORRUPT_PDF", "PDF_TOO_COMPLEX")
