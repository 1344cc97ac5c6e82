"""Copy-move: a piece of the page cloned onto another place of the same page.

On a bill, what gets cloned is text: digits of another amount pasted over the amount due, another line
pasted over the name. Bills also repeat strings legitimately (the amount due in the summary, in the
charges table and on the payment slip; dates; merchant names), so "the same text twice" is normal.

What a genuine repeat never is, on a *captured* page (scanner or camera), is a pixel-for-pixel copy:
two printings of the same string land on the sensor at different sub-pixel phases and carry
independent sensor noise, so after the best alignment they still differ by about the noise level.
A cloned patch differs only by the last JPEG compression. So:

1. candidate pairs = OCR lines of similar height whose text is the same string, or one contains the
   other (the clone may be read merged with its label);
2. the shorter line's patch (with a margin of background) is aligned on the longer one by template
   matching (integer offsets: clone stamps and paste do not resample);
3. the residual RMS is compared with the patch's ink contrast. Genuine repeats usually differ by 3-8 %
   of the contrast (independent noise, sub-pixel phase); clones by 1-3 % (only the last compression).
   Near-identical → ``copy_move`` signal (tag ``PS``) pointing at the copy that overlaps an extracted
   field (name, address, account, amount due) when there is one; strong below ``CLONE_STRONG``, weak
   (needs other evidence) up to ``CLONE_WEAK``.

Known weakness: the margin is the difference between sensor noise and JPEG re-quantisation error. On a
very clean, squarely scanned statement with the same line printed twice (a merchant name on two rows),
a genuine repeat can reach the weak tier; a clone re-saved at low quality can miss the strong tier.

This is OCR-guided instead of scanning all keypoints: it costs milliseconds and cannot fire on repeated
glyphs. It misses clones of non-text areas (e.g. background cloned over a stamp) and clones that were
rescaled or rotated. On digitally born, noise-free images (exports, screenshots) genuine repeats *are*
pixel-identical, so there the check is skipped: identical text is treated as legitimately repeated.
"""

from __future__ import annotations

import re

import numpy as np

from credrec_local.engine.types import Box, Extraction, OcrLine, Page, Signal

# Residual RMS / ink contrast below which two patches count as clones. Two tiers, because a genuine
# repeat on a very clean, squarely scanned page can come close to a clone. In a Monte-Carlo of one line
# printed twice at the same x and scanned (noise sigma 2.5-7, blur 0.4-1.1, +-2 deg, JPEG 75-92), 7 % of
# such genuine pairs fell below 0.03 and 22 % below 0.04. On 440 generated clean/re-saved/other pages
# (seeds 1000-1059 and 3000-3039, OCR lines) none fell below 0.03 (2 % below 0.04), while 62 % of
# generated clones did (87 % below 0.04).
# Below CLONE_STRONG → a signal that raises the risk alone; up to CLONE_WEAK → weak (needs company).
CLONE_STRONG = 0.03
CLONE_WEAK = 0.04
MIN_CONTRAST = 40.0  # grey levels between paper and ink in the patch; fainter patches are not compared
# Sensor-noise level (grey levels, flattest blocks) below which the page counts as digitally born:
# genuine repeats are then pixel-identical too, and identical text is taken as legitimately repeated.
MIN_NOISE = 0.3
_ALNUM = re.compile(r"[^0-9a-z]+")


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
            if not 0.75 <= heights[i] / heights[j] <= 1.33:
                continue
            a, b = keys[i], keys[j]
            if a == b or (len(a) >= 4 and a in b) or (len(b) >= 4 and b in a):
                out.append((i, j))
    return out


def _residual(gray: np.ndarray, small: OcrLine, large: OcrLine) -> tuple[float, Box, Box] | None:
    """(RMS difference / ink contrast) of the best integer alignment of ``small``'s patch inside
    ``large``'s area, with both boxes; None when there is nothing comparable."""
    import cv2

    h = small.height
    # the template is the *inside* of the OCR box: OCR boxes wander by a few pixels around the ink, and
    # a margin could reach past the cloned patch into pixels that were never copied
    inset = 0.2 * h
    tmpl, (tx, ty) = _crop(gray, small.box, -inset)
    search, (sx, sy) = _crop(gray, large.box, inset + 6 + 0.3 * h)
    th, tw = tmpl.shape
    if th < 6 or tw < 6 or search.shape[0] < th or search.shape[1] < tw:
        return None
    contrast = float(np.percentile(tmpl, 95) - np.percentile(tmpl, 2))
    if contrast < MIN_CONTRAST:
        return None
    tmpl = np.ascontiguousarray(tmpl, dtype=np.float32)
    search = np.ascontiguousarray(search, dtype=np.float32)
    sq = cv2.matchTemplate(search, tmpl, cv2.TM_SQDIFF)
    _, _, loc, _ = cv2.minMaxLoc(sq)
    mx, my = loc
    # do not compare a patch with itself (overlapping lines)
    if abs(sx + mx - tx) < 3 and abs(sy + my - ty) < 3:
        return None
    diff = search[my : my + th, mx : mx + tw] - tmpl
    rms = float(np.sqrt(np.mean(diff**2)))
    src_box = (float(tx), float(ty), float(tx + tw), float(ty + th))
    dst_box = (float(sx + mx), float(sy + my), float(sx + mx + tw), float(sy + my + th))
    return rms / contrast, src_box, dst_box


def _field_boxes(extraction: Extraction) -> list[Box]:
    out = []
    for f in (extraction.name, extraction.address, extraction.account_number, extraction.amount_due,
              extraction.bill_date):
        if f is not None and f.box is not None:
            out.append(f.box)
    return out


def _overlaps(a: Box, b: Box) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def find_clones(gray: np.ndarray, lines: list[OcrLine], sigma: float) -> list[tuple[float, Box, Box]]:
    """(ratio, box a, box b) for every candidate pair that is a near-identical copy."""
    found: list[tuple[float, Box, Box]] = []
    if sigma < MIN_NOISE:  # digitally born: identical repeats are expected
        return found
    for i, j in _pairs(lines):
        a, b = lines[i], lines[j]
        small, large = (a, b) if len(_norm(a.text)) <= len(_norm(b.text)) else (b, a)
        r = _residual(gray, small, large)
        if r is not None and r[0] < CLONE_WEAK:
            found.append(r)
    return found


def signals(page: Page, extraction: Extraction, gray: np.ndarray | None = None,
            sigma: float | None = None) -> list[Signal]:
    rgb = page.rgb
    if not isinstance(rgb, np.ndarray) or not page.lines:
        return []
    if gray is None:
        gray = rgb.astype(np.float32).mean(axis=2)
    if sigma is None:
        sigma = noise_sigma(gray)
    clones = find_clones(gray, page.lines, sigma)
    if not clones:
        return []
    ratio, box_a, box_b = min(clones, key=lambda c: c[0])
    fields = _field_boxes(extraction)
    region = box_b
    if any(_overlaps(box_a, f) for f in fields) and not any(_overlaps(box_b, f) for f in fields):
        region = box_a
    strength = float(np.clip(1.0 - 10 * ratio, 0.75, 0.9)) if ratio < CLONE_STRONG else 0.4
    return [
        Signal(
            kind="copy_move",
            score=strength,
            reason="two text areas are pixel-for-pixel copies of each other, including their background "
            "noise; printed and captured text never repeats that exactly, so one may have been cloned",
            region=region,
            tag="PS",
        )
    ]
