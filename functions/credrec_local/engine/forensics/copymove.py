"""Copy-move: a piece of the page cloned onto another place of the same page.

On a bill, what gets cloned is text: digits of another amount pasted over the amount due, another line
pasted over the name. Bills also repeat strings legitimately (the amount due in the summary, in the
charges table and on the payment slip; dates; merchant names), so "the same text twice" is normal, and
repeated *glyphs* are everywhere. What a genuine repeat is not, is a copy of the same pixels:

* on a captured page (scanner or camera) two printings of one string land on the sensor at different
  sub-pixel phases, with independent noise and uneven ink, so after the best alignment they still differ
  by several per cent of the ink contrast; a cloned patch differs only by the last JPEG compression;
* on a digitally rendered page genuine repeats can be near-identical too, but then *all* of the page's
  repeats are: a clone is only evidence when it is far closer than the page's other repeats.

So the check works on whole text lines with their background (multi-glyph regions, never single
glyphs), and judges each match against the page's own repeats:

1. candidate pairs = OCR lines whose text is the same string, or one contains the other (the clone may be
   read merged with its label); heights may differ (an OCR box can cover only part of a pasted patch);
2. the inside of one line's box is aligned on the other line's area by template matching, both ways
   (integer offsets: clone stamps and pastes do not resample), on the pixels and on a high-pass of them
   (a Poisson-blended clone, e.g. OpenCV ``seamlessClone``, adds a smooth membrane that the high-pass
   removes); the residual RMS over the ink contrast is the pair's *distance*;
3. the closest pair is a clone when it is near-identical (below ``CLONE_MAX``) **and** clearly closer than
   every repeat that shares no line with it (at most ``REL`` times the closest of those) — on a page
   without sensor noise (a digital render, or a scan whose paper clips) only as a ``WEAK`` signal, since
   renders repeat strings pixel for pixel (seen on generated clean pages and rendered invoices); a page without
   another repeat to compare with is judged by the absolute ``CLONE_STRONG`` / ``CLONE_WEAK`` tiers, and
   only when it is a capture (sensor noise above ``MIN_NOISE``): on a noise-free digital render an
   identical repeat proves nothing;
4. the copy is told from its source by the seam: the identical region is grown to the clone's full
   extent, and just outside it the source's surroundings continue its strokes and shading while the
   copy's surroundings are whatever it was pasted over (extrapolation error of the first outside row).
   Only a clear difference (``SEAM_RATIO``) decides: on clean paper both borders are blank and the seam
   says nothing. Otherwise the member that overlaps an extracted field (name, address, account, amount
   due, bill date) is reported, since that is what a forger pastes over.

Signal ``copy_move`` (tag ``PS``). Misses: clones of non-text areas, rescaled or rotated clones, clones
whose OCR text differs from their source's, and clones on digital renders without other repeats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from credrec_local.engine.types import Box, Extraction, OcrLine, Page, Signal

# Residual RMS / ink contrast. In a Monte-Carlo of one line printed twice at the same x and scanned (noise
# sigma 2.5-7, blur 0.4-1.1, +-2 deg, JPEG 75-92), 7 % of such genuine pairs fell below 0.03 and 22 % below
# 0.04: without a reference on the page, only below CLONE_STRONG raises the risk alone, up to CLONE_WEAK
# is a weak note. On the independent dev pages (real-dev, SROIE 000-009; forgery_independent.py) genuine
# repeats measured 0.10-0.38 on receipt scans and 0.02-0.06 on digital renders, unblended pasted clones
# 0.01-0.03 and Poisson-blended clones 0.02-0.06 (high-pass); on generated pages (docgen.tamper seeds
# 200000-200401) two neighbouring rows of a phone photo repeating a string reached 0.075-0.088.
CLONE_STRONG = 0.03
CLONE_WEAK = 0.04
WEAK = 0.4  # below the SUSPICIOUS level of combine: reported, not counted alone
CLONE_MAX = 0.06  # above this a pair is not a clone whatever the page's other repeats look like
REL = 0.5  # a clone is at most this fraction of the distance of the page's closest other repeat
MIN_CONTRAST = 40.0  # grey levels between paper and ink in the patch; fainter patches are not compared
# Sensor-noise level (grey levels, flattest blocks) below which the page counts as digitally born.
MIN_NOISE = 0.3
# One member's seam must be this much stronger than the other's to be called the copy. On the dev pages and
# generated copy-moves, ratios under ~2.5 were right about half of the time (blank borders).
SEAM_RATIO = 2.5
_ALNUM = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class Match:
    """One aligned pair: ``distance`` = residual RMS / ink contrast; the template's box and where it
    matched (both in page pixels), and the indices of the two OCR lines."""

    distance: float
    box_a: Box
    box_b: Box
    i: int
    j: int


def _norm(text: str) -> str:
    return _ALNUM.sub("", text.lower())


def noise_sigma(gray: np.ndarray) -> float:
    """Sensor-noise estimate in grey levels: robust spread of a high-pass residual in the flattest
    16x16 blocks of a few full-resolution tiles (subsampling would alias the noise away)."""
    import cv2

    h, w = gray.shape
    t = 256
    vals: list[np.ndarray] = []
    for fy in (0.25, 0.5, 0.75):
        for fx in (0.3, 0.7):
            y0, x0 = int(max(0, min(h - t, fy * h - t / 2))), int(max(0, min(w - t, fx * w - t / 2)))
            g = gray[y0 : y0 + t, x0 : x0 + t].astype(np.float32)
            if g.shape[0] < 32 or g.shape[1] < 32:
                continue
            resid = g - cv2.blur(g, (3, 3))
            bs = 16
            hb, wb = g.shape[0] // bs, g.shape[1] // bs
            r = resid[: hb * bs, : wb * bs].reshape(hb, bs, wb, bs).transpose(0, 2, 1, 3)
            gg = g[: hb * bs, : wb * bs].reshape(hb, bs, wb, bs).transpose(0, 2, 1, 3)
            spread = gg.max(axis=(2, 3)) - gg.min(axis=(2, 3))
            flat = spread <= np.percentile(spread, 30) + 1e-6
            vals.append(np.abs(r[flat]).ravel())
    if not vals:
        return 0.0
    allv = np.concatenate(vals)
    # a 3x3 mean removes 1/9 of white-noise variance from the residual: scale back
    return float(np.median(allv) * 1.4826 / np.sqrt(8 / 9))


def _crop(gray: np.ndarray, box: Box, pad: float) -> tuple[np.ndarray, tuple[int, int]]:
    h, w = gray.shape
    x0, y0, x1, y1 = box
    X0, Y0 = max(0, int(np.floor(x0 - pad))), max(0, int(np.floor(y0 - pad)))
    X1, Y1 = min(w, int(np.ceil(x1 + pad))), min(h, int(np.ceil(y1 + pad)))
    return gray[Y0:Y1, X0:X1], (X0, Y0)


def _pairs(lines: list[OcrLine]) -> list[tuple[int, int]]:
    keys = [_norm(ln.text) for ln in lines]
    heights = [max(1.0, ln.height) for ln in lines]
    out = []
    for i in range(len(lines)):
        if len(keys[i]) < 3:
            continue
        for j in range(i + 1, len(lines)):
            if len(keys[j]) < 3:
                continue
            if not 0.4 <= heights[i] / heights[j] <= 2.5:
                continue
            a, b = keys[i], keys[j]
            if a == b or (len(a) >= 4 and a in b) or (len(b) >= 4 and b in a):
                out.append((i, j))
    return out


def _match(gray: np.ndarray, hp: np.ndarray, small: OcrLine, large: OcrLine) -> tuple[float, Box, Box] | None:
    """(distance, template box, matched box) of ``small``'s inside aligned in ``large``'s area: the
    smaller of the raw and the high-pass residual; None when there is nothing comparable."""
    import cv2

    h = small.height
    # the template is the *inside* of the OCR box: OCR boxes wander by a few pixels around the ink, and
    # a margin could reach past the cloned patch into pixels that were never copied
    inset = 0.2 * h
    tmpl, (tx, ty) = _crop(gray, small.box, -inset)
    th, tw = tmpl.shape
    pad = inset + 6 + 0.3 * h
    search, (sx, sy) = _crop(gray, large.box, pad)
    if th < 6 or tw < 6 or search.shape[0] < th or search.shape[1] < tw:
        return None
    flat = tmpl.ravel()
    n = flat.size - 1
    part = np.partition(flat, [int(0.02 * n), int(0.95 * n)])
    contrast = float(part[int(0.95 * n)]) - float(part[int(0.02 * n)])
    if contrast < MIN_CONTRAST:
        return None
    best: tuple[float, Box, Box] | None = None
    for img in (gray, hp):
        t = np.ascontiguousarray(img[ty : ty + th, tx : tx + tw], dtype=np.float32)
        s = np.ascontiguousarray(img[sy : sy + search.shape[0], sx : sx + search.shape[1]], dtype=np.float32)
        sq = cv2.matchTemplate(s, t, cv2.TM_SQDIFF)
        _, _, loc, _ = cv2.minMaxLoc(sq)
        mx, my = loc
        if abs(sx + mx - tx) < 3 and abs(sy + my - ty) < 3:  # the patch itself (overlapping lines)
            continue
        diff = s[my : my + th, mx : mx + tw] - t
        d = float(np.sqrt(np.mean(diff**2))) / contrast
        if best is None or d < best[0]:
            best = (d, (float(tx), float(ty), float(tx + tw), float(ty + th)),
                    (float(sx + mx), float(sy + my), float(sx + mx + tw), float(sy + my + th)))
    return best


def _highpass(gray: np.ndarray, lines: list[OcrLine]) -> np.ndarray:
    import cv2

    g = gray.astype(np.float32)
    hm = float(np.median([ln.height for ln in lines])) if lines else 20.0
    return g - cv2.GaussianBlur(g, (0, 0), max(1.5, 0.3 * hm))


def matches(gray: np.ndarray, lines: list[OcrLine]) -> list[Match]:
    """Every candidate pair aligned (both ways, the closer kept), closest first."""
    hp = _highpass(gray, lines)
    out: list[Match] = []
    for i, j in _pairs(lines):
        a, b = lines[i], lines[j]
        found = [m for m in (_match(gray, hp, a, b), _match(gray, hp, b, a)) if m is not None]
        if not found:
            continue
        d, box_t, box_m = min(found, key=lambda m: m[0])
        out.append(Match(d, box_t, box_m, i, j))
    return sorted(out, key=lambda m: m.distance)


def judge(found: list[Match], captured: bool) -> tuple[Match, float] | None:
    """(clone, score) when the closest pair is a clone by the rules in the module docstring, else None."""
    if not found:
        return None
    best = found[0]
    others = [m.distance for m in found[1:] if not {m.i, m.j} & {best.i, best.j}]
    if best.distance >= CLONE_MAX:
        return None
    if others:
        ref = min(others)
        if best.distance < REL * ref:
            if not captured:
                # no sensor noise: a digital render (or a scan whose paper clips) repeats strings pixel for
                # pixel wherever glyphs fall on the same phase (seen on generated and rendered pages): shown,
                # but not enough alone
                return best, WEAK
            return best, float(np.clip(0.9 - 2.0 * best.distance, 0.7, 0.9))
        return None
    if not captured:  # a digital render with no other repeat: an identical pair proves nothing
        return None
    if best.distance < CLONE_STRONG:
        return best, float(np.clip(1.0 - 10 * best.distance, 0.75, 0.9))
    if best.distance < CLONE_WEAK:
        return best, 0.4
    return None


def find_clones(gray: np.ndarray, lines: list[OcrLine], sigma: float) -> list[tuple[float, Box, Box]]:
    """(distance, box a, box b) of the clone found on the page (at most one), by :func:`judge`."""
    got = judge(matches(gray, lines), captured=sigma >= MIN_NOISE)
    return [] if got is None else [(got[0].distance, got[0].box_a, got[0].box_b)]


def _seams(gray: np.ndarray, a: Box, b: Box) -> tuple[float, float]:
    """How abruptly the page breaks off around each member of a matched pair: (seam of a, seam of b).

    The identical region is grown outwards from the matched boxes while ``a``'s and ``b``'s pixels still
    agree (the clone's full extent, margin included). Just outside that region, the source's surroundings
    continue its content (strokes, shading), while the copy's surroundings are whatever the copy was
    pasted over. Each side's first outside row/column is predicted by extrapolating the two inside rows;
    the seam is the mean prediction error over all four sides (the larger one is the copy's)."""
    h, w = gray.shape
    g = gray.astype(np.float32)
    x0, y0, x1, y1 = (round(v) for v in a)
    dx, dy = round(b[0]) - x0, round(b[1]) - y0
    tol = 6.0

    def agree(ya: int, yb: int, xa: int, xb: int) -> bool:
        if min(ya, ya + dy, xa, xa + dx) < 0 or max(yb, yb + dy) > h or max(xb, xb + dx) > w:
            return False
        pa = g[ya:yb, xa:xb]
        return pa.size > 0 and float(np.mean(np.abs(pa - g[ya + dy : yb + dy, xa + dx : xb + dx]))) < tol

    for _ in range(3 * max(4, y1 - y0)):  # grow up / down / left / right while the two still agree
        grown = False
        if agree(y0 - 1, y0, x0, x1):
            y0, grown = y0 - 1, True
        if agree(y1, y1 + 1, x0, x1):
            y1, grown = y1 + 1, True
        if agree(y0, y1, x0 - 1, x0):
            x0, grown = x0 - 1, True
        if agree(y0, y1, x1, x1 + 1):
            x1, grown = x1 + 1, True
        if not grown:
            break
    if y1 - y0 < 3 or x1 - x0 < 3:
        return 0.0, 0.0

    def seam(ox: int, oy: int) -> float:
        X0, Y0, X1, Y1 = x0 + ox, y0 + oy, x1 + ox, y1 + oy
        errs: list[float] = []
        if Y0 >= 1:
            errs.append(float(np.mean(np.abs(g[Y0 - 1, X0:X1] - (2 * g[Y0, X0:X1] - g[Y0 + 1, X0:X1])))))
        if Y1 < h:
            errs.append(float(np.mean(np.abs(g[Y1, X0:X1] - (2 * g[Y1 - 1, X0:X1] - g[Y1 - 2, X0:X1])))))
        if X0 >= 1:
            errs.append(float(np.mean(np.abs(g[Y0:Y1, X0 - 1] - (2 * g[Y0:Y1, X0] - g[Y0:Y1, X0 + 1])))))
        if X1 < w:
            errs.append(float(np.mean(np.abs(g[Y0:Y1, X1] - (2 * g[Y0:Y1, X1 - 1] - g[Y0:Y1, X1 - 2])))))
        return float(np.mean(errs)) if errs else 0.0

    return seam(0, 0), seam(dx, dy)


def _field_boxes(extraction: Extraction) -> list[Box]:
    out = []
    for f in (extraction.name, extraction.address, extraction.account_number, extraction.amount_due,
              extraction.bill_date):
        if f is not None and f.box is not None:
            out.append(f.box)
    return out


def _overlaps(a: Box, b: Box) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def which_copy(gray: np.ndarray, m: Match, extraction: Extraction) -> Box:
    """The member of the pair that is more likely the pasted copy (see the module docstring)."""
    seam_a, seam_b = _seams(gray, m.box_a, m.box_b)
    if seam_a >= SEAM_RATIO * max(seam_b, 0.5):
        return m.box_a
    if seam_b >= SEAM_RATIO * max(seam_a, 0.5):
        return m.box_b
    fields = _field_boxes(extraction)
    if any(_overlaps(m.box_a, f) for f in fields) and not any(_overlaps(m.box_b, f) for f in fields):
        return m.box_a
    return m.box_b


def signals(page: Page, extraction: Extraction, gray: np.ndarray | None = None,
            sigma: float | None = None) -> list[Signal]:
    rgb = page.rgb
    if not isinstance(rgb, np.ndarray) or not page.lines:
        return []
    if gray is None:
        gray = rgb.astype(np.float32).mean(axis=2)
    if sigma is None:
        sigma = noise_sigma(gray)
    got = judge(matches(gray, page.lines), captured=sigma >= MIN_NOISE)
    if got is None:
        return []
    m, strength = got
    return [
        Signal(
            kind="copy_move",
            score=strength,
            reason="two text areas are pixel-for-pixel copies of each other, including their background, "
            "far closer than the page's other repeated text; printed and captured text never repeats that "
            "exactly, so one may have been cloned",
            region=which_copy(gray, m, extraction),
            tag="PS",
        )
    ]
