"""Page images of stored PDFs, for the workbench: page N of an object in the (local) bucket as PNG.

    png = stored_page_png(objects, bucket, key, page=2)     # objects: any credrec.ports.ObjectSource

The PDF passes the same pre-flight as an upload first (``credrec.pdf_validation``), so a bomb or an
encrypted file is refused (``ImageRejectedError`` with its code) before pdfium renders anything.
"""

from __future__ import annotations

from typing import Any

from credrec.pdf_validation import inspect_pdf

from .textlayer import render_page_png


def page_count(data: bytes) -> int:
    """Pages of a PDF that passes the pre-flight (ImageRejectedError otherwise)."""
    return inspect_pdf(data).pages


def stored_page_png(objects: Any, bucket: str, key: str, page: int, *, dpi: float = 110.0) -> bytes:
    """Page ``page`` (1-based) of the PDF stored at ``bucket``/``key`` as PNG bytes. IndexError when the
    page does not exist; ImageRejectedError when the object is not a usable PDF."""
    data = objects.read(bucket, key)
    info = inspect_pdf(data)
    if not 1 <= page <= info.pages:
        raise IndexError(f"the PDF has {info.pages} page(s); page {page} does not exist")
    return render_page_png(data, page, dpi=dpi)
