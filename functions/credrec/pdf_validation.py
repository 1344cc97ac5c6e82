"""Pre-flight checks for PDF uploads, before any billed call. A parse that does not trust the file.

Limits (the V2 API's PDF limits are not documented in anything we could read; these are ours,
conservative, and stated in the README):

* size: the image budget (3 MB sent as Base64, 10 MB by URL);
* pages: 1 to :data:`PDF_MAX_PAGES` (e-bills and statements put the holder block on the first pages);
* page box: each side from :data:`PDF_MIN_SIDE_PT` to :data:`PDF_MAX_SIDE_PT` points (200 inches, the
  PDF specification's own implementation limit), aspect ratio below 50 like images;
* no encryption at all (a password, or permissions-only "owner password" protection: the API may not
  open either, and we refuse rather than pay for a call that cannot succeed).

Bounded work against PDF bombs: the size cap comes first; only the trailer, the catalog, the page tree
and each page's boxes are parsed (content streams are never decoded here); pypdf runs under a
:class:`pypdf.Configuration` with small decompression, array, dictionary and page-tree limits (object
streams and xref streams are the only streams it may inflate); the declared ``/Count`` is checked before
the tree is walked; ``RecursionError`` from deep object nesting and pypdf's limit errors become
``PDF_TOO_COMPLEX``; a wall-clock budget stops slow parses. Nothing here raises anything but
:class:`ImageRejectedError`.

pypdf is imported on first use (it is not on the import path of an image-only invocation).
"""

from __future__ import annotations

import io
import math
import time
import warnings
from dataclasses import dataclass
from typing import Any

from .errors import ImageRejectedError

PDF_MAX_PAGES = 10
PDF_MIN_SIDE_PT = 72.0  # one inch
PDF_MAX_SIDE_PT = 14_400.0  # 200 inches (ISO 32000 implementation limit)
PDF_MAX_ASPECT = 50.0
PDF_PARSE_BUDGET_S = 3.0
PDF_MAX_INFLATE_BYTES = 16_000_000  # per stream (object / xref streams only)
_TAIL = 1024  # %%EOF must appear in the last KiB


class PdfRejectCode:
    CORRUPT_PDF = "CORRUPT_PDF"
    PDF_ENCRYPTED = "PDF_ENCRYPTED"
    PDF_NO_PAGES = "PDF_NO_PAGES"
    PDF_TOO_MANY_PAGES = "PDF_TOO_MANY_PAGES"
    PDF_PAGE_TOO_SMALL = "PDF_PAGE_TOO_SMALL"
    PDF_PAGE_TOO_LARGE = "PDF_PAGE_TOO_LARGE"
    PDF_ASPECT_RATIO = "PDF_ASPECT_RATIO_TOO_LARGE"
    PDF_TOO_COMPLEX = "PDF_TOO_COMPLEX"
    PDF_REQUIRES_V2 = "PDF_REQUIRES_V2"


@dataclass(frozen=True)
class PdfInfo:
    pages: int
    page_sizes: tuple[tuple[float, float], ...]  # (width, height) in points, /UserUnit applied
    version: str
    size: int
    format: str = "pdf"


def _reject(code: str, message: str, status: int = 400) -> ImageRejectedError:
    return ImageRejectedError(message, code=code, http_status=status)


def _configuration() -> Any:
    from pypdf import Configuration

    return Configuration(
        maximum_declared_stream_length=PDF_MAX_INFLATE_BYTES,
        array_based_stream_maximum_output_length=PDF_MAX_INFLATE_BYTES,
        array_maximum_element_count=10_000,
        dictionary_maximum_element_count=10_000,
        jbig2_maximum_output_length=PDF_MAX_INFLATE_BYTES,
        lzw_maximum_output_length=PDF_MAX_INFLATE_BYTES,
        run_length_maximum_output_length=PDF_MAX_INFLATE_BYTES,
        zlib_maximum_output_length=PDF_MAX_INFLATE_BYTES,
        zlib_maximum_recovery_input_length=1_000_000,
        brotli_maximum_output_length=PDF_MAX_INFLATE_BYTES,
        image_maximum_buffer_size=PDF_MAX_INFLATE_BYTES,
        stream_decoding_work_maximum_length=4 * PDF_MAX_INFLATE_BYTES,
        stream_parsing_work_maximum_count=200_000,
        page_tree_maximum_entries=4 * PDF_MAX_PAGES + 64,
        page_tree_maximum_depth=16,
        page_tree_maximum_page_entries=20_000,
        outline_maximum_entries=1_000,
        form_fields_maximum_entries=1_000,
        named_destinations_maximum_entries=1_000,
        jbig2dec_binary=None,
        disable_legacy_handling=True,
    )


def _number(value: Any) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("not a finite number")
    return number


def _side_lengths(page: Any) -> tuple[float, float]:
    box = page.get("/CropBox") or page.mediabox  # inherited boxes are resolved by pypdf
    if box is None or len(box) != 4:
        raise ValueError("page has no MediaBox")
    x0, y0, x1, y1 = (_number(v) for v in box)
    unit = _number(page.get("/UserUnit", 1.0) or 1.0)
    if unit <= 0:
        raise ValueError("UserUnit must be positive")
    return abs(x1 - x0) * unit, abs(y1 - y0) * unit


def _check_page(index: int, width: float, height: float) -> None:
    n = index + 1
    if width < PDF_MIN_SIDE_PT or height < PDF_MIN_SIDE_PT:
        raise _reject(PdfRejectCode.PDF_PAGE_TOO_SMALL,
                      f"page {n} is {width:.0f}x{height:.0f} pt; both sides must be at least {PDF_MIN_SIDE_PT:.0f} pt")
    if width > PDF_MAX_SIDE_PT or height > PDF_MAX_SIDE_PT:
        raise _reject(PdfRejectCode.PDF_PAGE_TOO_LARGE,
                      f"page {n} is {width:.0f}x{height:.0f} pt; both sides must be at most {PDF_MAX_SIDE_PT:.0f} pt")
    if max(width, height) / min(width, height) >= PDF_MAX_ASPECT:
        raise _reject(PdfRejectCode.PDF_ASPECT_RATIO,
                      f"page {n} has an aspect ratio of {width:.0f}x{height:.0f}; it must be below {PDF_MAX_ASPECT:.0f}")


def _parse(data: bytes, deadline: float) -> PdfInfo:
    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject

    reader = PdfReader(io.BytesIO(data), strict=False, root_object_recovery_limit=1_000,
                       xref_stream_maximum_entries=200_000)
    if reader.is_encrypted:
        raise _reject(PdfRejectCode.PDF_ENCRYPTED,
                      "the PDF is encrypted (password or permissions protection); upload an unprotected copy")
    root = reader.trailer["/Root"].get_object()
    if not isinstance(root, DictionaryObject):
        raise ValueError("the catalog is not a dictionary")
    pages_node = root["/Pages"].get_object()
    if not isinstance(pages_node, DictionaryObject):
        raise ValueError("the page tree root is not a dictionary")
    declared = int(_number(pages_node.get("/Count", 0)))
    if declared > PDF_MAX_PAGES:
        raise _reject(PdfRejectCode.PDF_TOO_MANY_PAGES,
                      f"the PDF declares {declared} pages; at most {PDF_MAX_PAGES} are accepted")
    count = len(reader.pages)
    if count == 0:
        raise _reject(PdfRejectCode.PDF_NO_PAGES, "the PDF has no pages")
    if count > PDF_MAX_PAGES:
        raise _reject(PdfRejectCode.PDF_TOO_MANY_PAGES,
                      f"the PDF has {count} pages; at most {PDF_MAX_PAGES} are accepted")
    sizes: list[tuple[float, float]] = []
    for index in range(count):
        if time.monotonic() > deadline:
            raise _reject(PdfRejectCode.PDF_TOO_COMPLEX, "the PDF takes too long to parse")
        width, height = _side_lengths(reader.pages[index])
        _check_page(index, width, height)
        sizes.append((width, height))
    version = data[5:8].decode("ascii", "replace")
    return PdfInfo(pages=count, page_sizes=tuple(sizes), version=version, size=len(data))


def inspect_pdf(data: bytes, *, budget_s: float = PDF_PARSE_BUDGET_S) -> PdfInfo:
    """Page count and sizes of a PDF that passes every check; ImageRejectedError otherwise."""
    if not data:
        raise _reject("EMPTY_FILE", "the file is empty")
    if not data.startswith(b"%PDF-"):
        raise _reject("UNSUPPORTED_FORMAT", "not a PDF (no %PDF- header)", 415)
    if b"%%EOF" not in data[-_TAIL:]:
        raise _reject(PdfRejectCode.CORRUPT_PDF, "the PDF is truncated (no %%EOF marker at its end)")
    from pypdf import apply_configuration
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError

    deadline = time.monotonic() + budget_s
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pypdf warns about every repairable oddity
            with apply_configuration(_configuration()):
                return _parse(data, deadline)
    except ImageRejectedError:
        raise
    except (FileNotDecryptedError, DependencyError) as exc:
        raise _reject(PdfRejectCode.PDF_ENCRYPTED, "the PDF is encrypted and cannot be opened") from exc
    except (LimitReachedError, RecursionError, MemoryError) as exc:
        raise _reject(PdfRejectCode.PDF_TOO_COMPLEX,
                      f"the PDF exceeds the parser's safety limits ({type(exc).__name__})") from exc
    except Exception as exc:  # any other parse failure: the file is not a usable PDF
        raise _reject(PdfRejectCode.CORRUPT_PDF, f"the PDF cannot be parsed ({type(exc).__name__})") from exc
