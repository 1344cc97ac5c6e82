"""JPEG compression history per text line: a line that was not compressed like the rest of the page.

A page that was a JPEG *before* it was edited and is saved as a JPEG again still carries its first save:
re-compressing it at the first save's quality changes the untouched text very little (those pixels
already sit on that quantisation grid), while re-compressing at a nearby quality changes them more —
a dip in the error curve, the "JPEG ghost" (H. Farid, *Exposing Digital Forgeries From JPEG Ghosts*,
IEEE TIFS 2009). Text typed in after the first save, a block pasted from another document with its own
history, or pixels moved at an offset that is not a multiple of 8 have no dip there. The module

1. reads the final save's quality from the file's luminance table (libjpeg's scaling of the standard
   table, compared order-independently, so it needs no assumption about table order);
2. re-compresses the page's luminance at qualities below the final one (Pillow's libjpeg) and measures
   the squared change on the print inside the OCR lines (edges; flat paper and paper grain say
   nothing); the page has a first
   save when one quality gives a deep dip against its neighbours — otherwise nothing is reported;
3. per OCR line (the unit a forger edits, and the unit a reviewer reads), computes the same dip ratio on
   the line's textured pixels: untouched lines dip like the page; a line without the dip is reported
   with its box (tag ``PS``), when it stands far above the page's own spread of line ratios.

A page saved losslessly (PNG, BMP) after a JPEG save is read the same way (its JPEG trace is intact).
It never fires on a page saved once, on a PNG that was never a JPEG, on a page whose two saves used the same quality (no
trace), or on one whose first save was finer than the last. It reads luminance only: a colour-only
edit is not seen. Cost: ~20 re-compressions of the page in grey (≈0.3-0.8 s for an A4 page at 150 dpi).
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import Any

from credrec_local.engine.types import Box, Page, Signal

_log = logging.getLogger(__name__)

# libjpeg's standard luminance table (ITU T.81 Annex K), scaled by quality like libjpeg's jpeg_quality_scaling
_STD_LUMA = (16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
             14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
             49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99)

STEP = 5  # quality distance of the neighbours a dip is measured against
LOWEST = 45  # lowest first-save quality searched
PAGE_DIP = 0.55  # page-level dip ratio at or below which the page has a detectable first save
LINE_RATIO = 0.8  # a line's own ratio at or above which it shows no dip
LINE_EXCESS = 0.40  # and by how much it must exceed the page's median line ratio
SEARCH_PIXELS = 1_500_000  # pixels of the printed area the first-save search looks at, at most
MIN_TEXTURE = 150  # textured pixels a line needs to be judged
EDGE = 20.0  # |Laplacian| above which a pixel counts as print edge


@dataclass(frozen=True)
class FirstSave:
    quality: int  # the first save's quality (standard tables)
    dip: float  # page-level error at that quality over the mean of its two neighbours
    final_quality: int


def _scaled_table(quality: int) -> list[int]:
    scale = 5000 // quality if quality < 50 else 200 - 2 * quality
    return [min(255, max(1, (v * scale + 50) // 100)) for v in _STD_LUMA]


def final_quality(luma_table: list[int]) -> int:
    """The libjpeg quality whose scaled standard table is closest to ``luma_table`` (order-free)."""
    have = sorted(luma_table)
    best = min(range(1, 101), key=lambda q: sum(abs(a - b) for a, b in zip(sorted(_scaled_table(q)), have, strict=False)))
    return best


def _texture(gray: Any) -> Any:
    import cv2
    import numpy as np

    edges = (np.abs(cv2.Laplacian(gray, cv2.CV_32F)) > EDGE).astype(np.uint8)
    return cv2.dilate(edges, np.ones((3, 3), np.uint8)) > 0


def line_labels(shape: tuple[int, ...], boxes: list[Box]) -> Any:
    """Line index per pixel (-1 outside every line; where boxes overlap, the later line)."""
    import numpy as np

    h, w = shape[:2]
    labels = np.full((h, w), -1, np.int32)
    for i, box in enumerate(boxes):
        x0, y0, x1, y1 = (round(v) for v in box)
        labels[max(0, y0):max(0, min(h, y1)), max(0, x0):max(0, min(w, x1))] = i
    return labels


def _error(img: Any, gray: Any, quality: int) -> Any:
    """Squared change of every pixel when the grey page is saved at ``quality``."""
    import numpy as np
    from PIL import Image

    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=quality)
    again = np.asarray(Image.open(buf).convert("L"), dtype=np.float32)
    d: Any = (gray - again) ** 2
    return d


def find_first_save(img: Any, gray: Any, texture: Any, labels: Any | None, final: int) -> FirstSave | None:
    """The quality of an earlier save, from the deepest dip of the re-compression error: the median over
    the lines (``labels``: line index per pixel, -1 outside) of each line's dip, so an edited line, whose
    error is large at every quality, cannot hide the untouched ones."""
    import numpy as np

    if labels is None:
        labels = np.zeros(gray.shape, np.int32)
    idx = labels[texture]
    keep = idx >= 0
    idx = idx[keep]
    if idx.size == 0:
        return None
    n = int(idx.max()) + 1
    counts = np.bincount(idx, minlength=n)
    judged = counts >= MIN_TEXTURE
    if not judged.any():
        return None
    cache: dict[int, Any] = {}

    def err(q: int) -> Any:
        if q not in cache:
            cache[q] = np.bincount(idx, weights=_error(img, gray, q)[texture][keep], minlength=n)[judged]
        return cache[q]

    def ratio(q: int) -> float:
        around = 0.5 * (err(q - STEP) + err(q + STEP))
        return float(np.median(err(q) / np.maximum(around, 1e-6)))

    top = final - STEP  # the final save's own neighbourhood dips trivially
    coarse = [q for q in range(LOWEST + STEP, top, STEP)]
    if not coarse:
        return None
    best = min(coarse, key=ratio)
    if ratio(best) > PAGE_DIP + 0.2:
        return None  # nothing near a dip on the coarse grid: no first save to refine (saves ~half the work)
    fine = [q for q in range(best - STEP + 1, best + STEP) if LOWEST + STEP <= q < top]
    best = min([*fine, best], key=ratio)
    dip = ratio(best)
    if dip > PAGE_DIP:
        return None
    return FirstSave(quality=best, dip=round(dip, 3), final_quality=final)


def line_ratios(img: Any, gray: Any, texture: Any, first: FirstSave, boxes: list[Box]) -> list[float | None]:
    """Each line's re-compression error at the first save's quality over its neighbours' (None: too
    little print to judge)."""
    at = _error(img, gray, first.quality)
    lo = _error(img, gray, first.quality - STEP)
    hi = _error(img, gray, first.quality + STEP)
    h, w = gray.shape
    out: list[float | None] = []
    for box in boxes:
        x0, y0, x1, y1 = (round(v) for v in box)
        x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
        m = texture[y0:y1, x0:x1]
        if x1 <= x0 or y1 <= y0 or int(m.sum()) < MIN_TEXTURE:
            out.append(None)
            continue
        around = 0.5 * (float(lo[y0:y1, x0:x1][m].sum()) + float(hi[y0:y1, x0:x1][m].sum()))
        out.append(float(at[y0:y1, x0:x1][m].sum()) / around if around > 0 else None)
    return out


LOSSLESS = ("PNG", "BMP")
LOSSLESS_QUALITY = 101  # no final lossy save: every quality up to 95 may be searched


def _open(data: bytes) -> tuple[Any, int] | None:
    """(luminance plane as decoded, final quality), or None when the file is neither a JPEG nor a lossless
    format (``LOSSLESS``; WebP's own lossy transform would hide an earlier JPEG's).

    The luminance is taken from the decoder before any colour conversion (Pillow's ``draft("YCbCr")``):
    converting to RGB and back would clip saturated colours and blur the trace being measured."""
    from PIL import Image

    img = Image.open(io.BytesIO(data))
    if int(img.getexif().get(0x0112, 1) or 1) != 1:
        return None  # a rotated page's block grid is not its pixel grid
    if img.format in LOSSLESS:
        # a JPEG decoded and stored losslessly (an editor's PNG export) keeps the JPEG's trace as it was
        return img.convert("L"), LOSSLESS_QUALITY
    if img.format != "JPEG":
        return None
    tables = getattr(img, "quantization", None) or {}
    if 0 not in tables:
        return None
    final = final_quality(list(tables[0]))
    if img.mode in ("RGB", "YCbCr"):
        img.draft("YCbCr", img.size)
        if img.mode != "YCbCr":
            return None
        return img.getchannel(0), final
    if img.mode == "L":
        return img, final
    return None  # CMYK and others: no single luminance plane


def _colour(rgb: Any, boxes: list[Box]) -> list[bool]:
    """Per line: is its print mostly in a saturated colour? Such print clips when a decoder converts it
    to RGB and an editor converts it back, which changes its luminance between the saves: not judged."""
    import numpy as np

    out: list[bool] = []
    for box in boxes:
        x0, y0, x1, y1 = (max(0, round(v)) for v in box)
        crop = np.asarray(rgb[y0:y1, x0:x1], dtype=np.int16)
        if crop.size == 0:
            out.append(False)
            continue
        dark = crop.min(axis=2) < 160  # print, not paper
        chroma = crop.max(axis=2) - crop.min(axis=2)
        out.append(bool(dark.sum() >= 20 and (chroma[dark] > 60).mean() > 0.3))
    return out


def _print_area(lines_boxes: list[Box], width: int, height: int) -> tuple[int, int, int, int]:
    """The lines' bounding box widened to the 8-pixel block grid (a crop there keeps the grid)."""
    x0 = max(0, int(min(b[0] for b in lines_boxes)) // 8 * 8)
    y0 = max(0, int(min(b[1] for b in lines_boxes)) // 8 * 8)
    x1 = min(width, -(-int(max(b[2] for b in lines_boxes) + 1) // 8) * 8)
    y1 = min(height, -(-int(max(b[3] for b in lines_boxes) + 1) // 8) * 8)
    return x0, y0, x1, y1


def _search_band(img: Any, gray: Any, texture: Any, labels: Any) -> tuple[Any, Any, Any, Any]:
    """The part of the printed area the first save is searched on: all of it up to ``SEARCH_PIXELS``,
    else a band of whole block rows through the middle (the page-level dip is a median over lines,
    which a band of a few dozen lines gives as well as the page; a 12-megapixel photo would otherwise
    cost ~25 full-size re-compressions)."""
    h, w = gray.shape
    if h * w <= SEARCH_PIXELS:
        return img, gray, texture, labels
    rows = max(64, SEARCH_PIXELS // w // 8 * 8)
    top = max(0, (h // 2 - rows // 2) // 8 * 8)
    band = slice(top, min(h, top + rows))
    return img.crop((0, band.start, w, band.stop)), gray[band], texture[band], labels[band]


def signals(page: Page) -> list[Signal]:
    if page.format not in ("jpeg", "png", "bmp") or not page.lines:
        return []
    opened = _open(page.data)
    if opened is None:
        return []
    img, final = opened
    if img.size != (page.width, page.height):
        return []
    import numpy as np

    # only the printed area is re-compressed (cropped on the block grid, so its blocks are the file's)
    ax0, ay0, ax1, ay1 = _print_area([ln.box for ln in page.lines], page.width, page.height)
    if ax1 - ax0 < 16 or ay1 - ay0 < 16:
        return []
    img = img.crop((ax0, ay0, ax1, ay1))
    boxes: list[Box] = [(b[0] - ax0, b[1] - ay0, b[2] - ax0, b[3] - ay0) for b in (ln.box for ln in page.lines)]
    gray = np.asarray(img, dtype=np.float32)
    labels = line_labels(gray.shape, boxes)
    texture = _texture(gray) & (labels >= 0)  # print, not paper grain or photos
    if int(texture.sum()) < 20 * MIN_TEXTURE:
        return []
    first = find_first_save(*_search_band(img, gray, texture, labels), final)
    if first is None:
        return []
    ratios = line_ratios(img, gray, texture, first, boxes)
    if isinstance(page.rgb, np.ndarray) and page.rgb.ndim == 3:
        coloured = _colour(page.rgb, [ln.box for ln in page.lines])
        ratios = [None if c else r for r, c in zip(ratios, coloured, strict=True)]
    judged = [r for r in ratios if r is not None]
    if len(judged) < 5:
        return []
    median = float(np.median(judged))
    flagged = [(r, ln) for r, ln in zip(ratios, page.lines, strict=True)
               if r is not None and r >= LINE_RATIO and r - median >= LINE_EXCESS]
    last = f" at ~{final}" if final <= 100 else " (lossless)"
    sigs: list[Signal] = []
    for r, ln in sorted(flagged, key=lambda t: -t[0])[:4]:
        excess = r - median
        score = 0.6 if excess < 0.55 else 0.75 if excess < 0.7 else 0.85
        sigs.append(Signal(kind="jpeg_history", score=score,
                           reason=f"this line was not compressed like the rest of the page (the page was a JPEG "
                                  f"at quality ~{first.quality} before its last save{last}; this line shows no "
                                  f"trace of that first save): typed, pasted or moved after it",
                           region=ln.box, tag="PS"))
    _log.debug("jpeg history: first save ~q%d (dip %.2f), final ~q%d, %d of %d lines flagged",
               first.quality, first.dip, final, len(sigs), len(judged))
    return sigs
