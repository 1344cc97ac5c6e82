"""A PDF's pages through pdfium (pypdfium2, bundled binary): render, and read the text layer with exact
characters, boxes, font and render mode, grouped into runs the way an OCR engine returns phrases.

Coordinates: every box here is in pixels of the page rendered at ``scale`` (top-left origin, the page's
own rotation applied), the same space as OCR boxes on that render, via pdfium's ``FPDF_PageToDevice``.
"""

from __future__ import annotations

import ctypes
import re
import statistics
from dataclasses import dataclass, field
from typing import Any

Box = tuple[float, float, float, float]

#: a character gap wider than this many font sizes starts a new run (OCR engines split phrases there)
RUN_GAP_EM = 1.1
#: within a run, a space is kept across a gap wider than SPACE_MIN_EM, and added across one wider than SPACE_GAP_EM
#: (ink boxes: a narrow glyph such as "1" leaves a wide ink gap inside a number, so SPACE_GAP_EM is large;
#: pdfium already infers spaces from advance widths)
SPACE_MIN_EM = 0.1
SPACE_GAP_EM = 0.8
#: a page is "digital" when its text layer has at least this many visible characters
MIN_TEXT_CHARS = 20
_SUBSET = re.compile(r"^[A-Z]{6}\+")
_FONT_BUF = 256


@dataclass
class TextRun:
    """One phrase of the text layer: characters on one baseline, no wide gap, in reading order."""

    text: str
    box: Box  # render pixels
    font: str  # base font name, subset prefix removed (e.g. "FreeSerif", "Helvetica")
    size: float  # font size in points (median over the run's characters)
    invisible: bool  # text render mode 3 (neither fill nor stroke) for most characters
    fonts: set[str] = field(default_factory=set)

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]


@dataclass
class PdfPageData:
    number: int  # 1-based
    width_pt: float
    height_pt: float
    scale: float  # render pixels per point
    rgb: Any  # numpy HxWx3 uint8
    runs: list[TextRun]
    chars: int  # visible (non-space) characters in the text layer
    image_objects: int  # image XObjects drawn directly on the page

    @property
    def digital(self) -> bool:
        return self.chars >= MIN_TEXT_CHARS


def base_font(name: str) -> str:
    return _SUBSET.sub("", name.strip())


def render_scale(width_pt: float, height_pt: float, *, dpi: float = 200.0, max_side_px: int = 2400) -> float:
    """Pixels per point for rendering: ``dpi`` unless the page would exceed ``max_side_px``."""
    scale = dpi / 72.0
    longest = max(width_pt, height_pt) * scale
    if longest > max_side_px:
        scale *= max_side_px / longest
    return max(scale, 0.05)


def open_document(data: bytes) -> Any:
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(data)


def _to_device(raw_page: Any, width_px: int, height_px: int, x: float, y: float) -> tuple[float, float]:
    import pypdfium2.raw as pdfium_c

    dx, dy = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDF_PageToDevice(raw_page, 0, 0, width_px, height_px, 0, ctypes.c_double(x), ctypes.c_double(y),
                               ctypes.byref(dx), ctypes.byref(dy))
    return float(dx.value), float(dy.value)


def _device_box(raw_page: Any, w: int, h: int, left: float, bottom: float, right: float, top: float) -> Box:
    xa, ya = _to_device(raw_page, w, h, left, bottom)
    xb, yb = _to_device(raw_page, w, h, right, top)
    return (min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb))


@dataclass
class _Char:
    ch: str
    box: Box
    font: str
    size: float
    invisible: bool
    origin_y: float


GENERATED = "generated"


def _chars(textpage: Any, raw_page: Any, w: int, h: int) -> list[_Char | str | None]:
    """Every character in content order; ``None`` marks a space or line break from the file,
    :data:`GENERATED` one that pdfium inferred from a gap."""
    import pypdfium2.raw as pdfium_c

    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    out: list[_Char | str | None] = []
    buf = ctypes.create_string_buffer(_FONT_BUF)
    flags = ctypes.c_int()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    ox, oy = ctypes.c_double(), ctypes.c_double()
    font_cache: dict[int, tuple[str, bool]] = {}
    for index in range(count):
        code = pdfium_c.FPDFText_GetUnicode(raw, index)
        ch = chr(code) if 0 < code < 0x110000 else ""
        if not ch or ch.isspace() or ch == "\ufffe":
            out.append(GENERATED if pdfium_c.FPDFText_IsGenerated(raw, index) == 1 else None)
            continue
        pdfium_c.FPDFText_GetCharBox(raw, index, ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom),
                                     ctypes.byref(top))
        if right.value <= left.value and top.value <= bottom.value:
            out.append(None)
            continue
        obj = pdfium_c.FPDFText_GetTextObject(raw, index)
        key = int(ctypes.cast(obj, ctypes.c_void_p).value or 0)
        if key not in font_cache:
            pdfium_c.FPDFText_GetFontInfo(raw, index, buf, _FONT_BUF, ctypes.byref(flags))
            mode = pdfium_c.FPDFTextObj_GetTextRenderMode(obj) if obj else 0
            font_cache[key] = (base_font(buf.value.decode("latin-1", "replace")), mode == 3)
        font, invisible = font_cache[key]
        size = float(pdfium_c.FPDFText_GetFontSize(raw, index))
        pdfium_c.FPDFText_GetCharOrigin(raw, index, ctypes.byref(ox), ctypes.byref(oy))
        box = _device_box(raw_page, w, h, left.value, bottom.value, right.value, top.value)
        _, origin_y = _to_device(raw_page, w, h, ox.value, oy.value)
        out.append(_Char(ch, box, font, size, invisible, origin_y))
    return out


def _group(chars: list[_Char | str | None], scale: float) -> list[TextRun]:
    runs: list[TextRun] = []
    current: list[_Char] = []
    text: list[str] = []
    pending: str | None = ""  # "" no boundary, None a space from the file, GENERATED an inferred one
    letter_gap = 0.0  # the last gap between two letters of the same word (letter-spaced text)

    def close() -> None:
        nonlocal current, text
        if current:
            xs0 = [c.box[0] for c in current]
            ys0 = [c.box[1] for c in current]
            xs1 = [c.box[2] for c in current]
            ys1 = [c.box[3] for c in current]
            fonts = [c.font for c in current]
            runs.append(TextRun(
                text="".join(text).strip(), box=(min(xs0), min(ys0), max(xs1), max(ys1)),
                font=max(set(fonts), key=fonts.count), size=statistics.median(c.size for c in current),
                invisible=sum(c.invisible for c in current) * 2 > len(current), fonts=set(fonts)))
        current, text = [], []

    for item in chars:
        if not isinstance(item, _Char):
            if current and pending != "None":
                pending = "None" if item is None else GENERATED
            continue
        gap = em = 0.0
        if current:
            prev = current[-1]
            # the font size pdfium reports ignores the text matrix (1.0 for text scaled by Tm): the glyph
            # boxes' height is the fallback measure of an em
            ink = max(prev.box[3] - prev.box[1], item.box[3] - item.box[1])
            em = max(max(prev.size, item.size, 1.0) * scale, 1.3 * ink)
            same_line = abs(item.origin_y - prev.origin_y) <= 0.35 * em
            gap = item.box[0] - prev.box[2]
            if not same_line or gap > RUN_GAP_EM * em or gap < -0.5 * em or item.invisible != prev.invisible:
                close()
                pending, letter_gap = "", 0.0
        if current:
            # a space from the file is kept; one pdfium inferred is kept only across a gap clearly wider
            # than the word's own letter spacing ("HI 2992 2" in letter-spaced text is "HI 29922")
            inferred = pending == GENERATED and gap > max(SPACE_MIN_EM * em, letter_gap + SPACE_MIN_EM * em)
            if pending == "None" or inferred or (not pending and gap > SPACE_GAP_EM * em):
                text.append(" ")
                letter_gap = 0.0
            elif not pending:
                letter_gap = max(0.0, gap)
        pending = ""
        current.append(item)
        text.append(item.ch)
    close()
    return [r for r in runs if r.text]


def _count_images(page: Any) -> int:
    import pypdfium2.raw as pdfium_c

    total = 0
    for index in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, index)
        if pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            total += 1
    return total


def render(page: Any, scale: float) -> Any:
    """The page as an RGB numpy array (white background)."""
    import numpy as np

    bitmap = page.render(scale=scale, rev_byteorder=True)
    array = bitmap.to_numpy()
    if array.ndim == 3 and array.shape[2] == 4:
        array = array[..., :3]
    return np.ascontiguousarray(array)


def read_page(document: Any, index: int, *, dpi: float = 200.0, digital_dpi: float = 150.0,
              max_side_px: int = 2400) -> PdfPageData:
    """Render page ``index`` (0-based) and read its text layer into runs, boxes in render pixels.
    A page with a text layer is rendered at ``digital_dpi`` (the pixels only serve the visibility
    checks), an image-only page at ``dpi`` (it will be OCR'd)."""
    import pypdfium2.raw as pdfium_c

    page = document[index]
    try:
        width_pt, height_pt = page.get_size()
        textpage = page.get_textpage()
        try:
            has_text = pdfium_c.FPDFText_CountChars(textpage.raw) >= MIN_TEXT_CHARS
            scale = render_scale(width_pt, height_pt, dpi=digital_dpi if has_text else dpi, max_side_px=max_side_px)
            rgb = render(page, scale)
            h, w = rgb.shape[:2]
            chars = _chars(textpage, page.raw, w, h)
        finally:
            textpage.close()
        runs = _group(chars, scale)
        visible = sum(1 for c in chars if isinstance(c, _Char) and not c.invisible)
        return PdfPageData(number=index + 1, width_pt=width_pt, height_pt=height_pt, scale=scale, rgb=rgb,
                           runs=runs, chars=visible, image_objects=_count_images(page))
    finally:
        page.close()


def render_page_png(data: bytes, page_number: int, *, dpi: float = 110.0, max_side_px: int = 2000) -> bytes:
    """Page ``page_number`` (1-based) of a PDF as PNG bytes, e.g. for the workbench's page view.
    ``IndexError`` when the page does not exist."""
    import io

    from PIL import Image

    document = open_document(data)
    try:
        if not 1 <= page_number <= len(document):
            raise IndexError(f"the PDF has {len(document)} page(s); page {page_number} does not exist")
        page = document[page_number - 1]
        try:
            width_pt, height_pt = page.get_size()
            rgb = render(page, render_scale(width_pt, height_pt, dpi=dpi, max_side_px=max_side_px))
        finally:
            page.close()
    finally:
        document.close()
    out = io.BytesIO()
    Image.fromarray(rgb).save(out, "PNG", optimize=False)
    return out.getvalue()


def read_text(document: Any, index: int, scale: float) -> list[TextRun]:
    """The text runs of page ``index`` in the pixel space of a render at ``scale``, without rendering
    (used to compare an earlier revision's text with the current one)."""
    page = document[index]
    try:
        width_pt, height_pt = page.get_size()
        w, h = max(1, round(width_pt * scale)), max(1, round(height_pt * scale))
        textpage = page.get_textpage()
        try:
            chars = _chars(textpage, page.raw, w, h)
        finally:
            textpage.close()
        return _group(chars, scale)
    finally:
        page.close()
