"""Per-line rendering outliers: a line that was typed in later does not look like its neighbours.

Everything printed on one page went through the same printer/screen, the same capture (blur, noise,
lighting) and the same compression. Text typed onto the captured image afterwards skips the capture:
it is crisper, its ink darker or of another colour, its baseline off the row, its letters a little
larger or smaller. For every OCR line we measure, on the original pixels:

* edge crispness - the steepest edges in the line (98th percentile of the gradient) over its ink
  contrast; roughly 1/(edge width). ``edge_outlier`` when clearly crisper than lines of similar height.
* halo - share of intermediate (anti-aliased/blurred) pixels per ink pixel; less halo = crisper
  (also reported as ``edge_outlier``).
* ink darkness - ink contrast over the paper level. ``ink_outlier`` when far from its peers.
* baseline - bottom of the letters fitted per column (descenders and the arms of r/y trimmed).
  ``baseline_outlier`` when a value next to its label, both of the same size, sits off the label's
  baseline (the local skew taken into account).
* font size - cap/ascender height from the same fit. ``font_size_outlier`` when one line of a
  left-aligned block (name + address) differs from the others, which agree among themselves.

* holder block - the name + address block as a whole (median of its lines' edge crispness) against
  the other text of its size, in *both* directions. ``block_outlier`` when the block is clearly crisper
  or blurrier, or when the paper around its letters has clearly more or less grain than the paper around
  the other lines: another document's block pasted in keeps its own capture, rescaling blur and noise,
  while a printed block went through the same capture as the rest of the page.

Peers are lines of similar height (±30 %) with dark neutral ink on light paper: headers, white-on-colour
bands and coloured logos are skipped, since they legitimately differ. For edge crispness a line is judged
only when it can be measured (at least 4 glyphs, at least twice as wide as high: the gradient percentile
of "1 X" is a handful of pixels), against lines printed alike (ink contrast within x1.5: faded thermal
print reads crisper against its low contrast), with a scale floor of 6 % of the peers' median, and only
when it stands out both page-wide and among its nearest peers and is not one of a run of crisp lines (a
pre-printed header, a stamp or a second print run is a section, a typed-in line is alone). Before these
rules, 29.6 % of untouched real pages of the independent dev set (real-dev, SROIE receipts) were flagged
by edge crispness; after them none (tests/bench/forgery_independent.py --set dev). Tag ``PS``. These are outliers,
not proof: a stamp, a highlighter or a bold line printed differently on purpose can trip them.

What the measurements on generated bills said (rapidocr lines): edge crispness catches most lines typed
without matching the scan's blur (~85 %) and almost none that were blurred and noised to match.
Baseline and letter size, measured on OCR phrase boxes of tilted pages, fired on 10-20 % of clean
pages while catching almost no edits, and ink darkness caught ~8 % of edits at a 2 % false-alarm rate
while adding false alarms in combination with other weak signals; all three are reported as
*informational* (kept for the reviewer, not counted). Doing baseline and size well needs deskewed
word-level crops. A line angle check against the page
skew was tried on the OCR quads and dropped: the quads are too coarse to see a 1-2 degree difference.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np

from credrec_local.engine.types import Box, Extraction, OcrLine, Page, Signal

# Thresholds on robust z-scores (median / MAD of peers), calibrated on generated scans and photos
# (seeds 1000-1059; ground-truth lines and rapidocr lines) for <= 2 % false alarms per page each.
EDGE_Z = 2.8  # crisper than peers
HALO_Z = 7.0  # less blurred fringe than peers ...
HALO_NEEDS_EDGE_Z = 1.5  # ... and at least somewhat crisper
INK_Z = 14.5  # darker or lighter ink than peers (informational, see module docstring)
BASELINE_PX = 2.5  # px, and at least 0.2 x line height (informational, see module docstring)
FONT_SIZE_REL = 0.2  # relative difference of cap height inside a block (informational)
MIN_PEERS = 4
# Edge and halo outliers are judged only on lines that can be measured and against lines printed alike.
# On real untouched pages (real-dev, SROIE receipts 000-009 of tests/bench/forgery_independent.py; dev set)
# the page-wide z of the crispest line reached 3-5.7 on one- to three-glyph lines ("1 X", "Itum", "1"),
# on faded thermal print (contrast 49 against peers of 130-200) and on tiny 9-px print, i.e. 29.6 % of
# untouched files were flagged. See _measurable, _edge_peers and _edge_z.
EDGE_MIN_CHARS = 4
EDGE_MIN_ASPECT = 2.0  # line width over height
EDGE_CONTRAST_RATIO = 1.5  # peers' ink contrast within this factor
EDGE_REL_FLOOR = 0.06  # the MAD floor is at least 6 % of the peers' median crispness
EDGE_LOCAL_PEERS = 8  # nearest peers for the local z
EDGE_RUN_NEAR = 4  # an outlier with two crisp lines among its 4 nearest is a differently printed section
# Holder block vs the rest (two-sided). On development pages (seeds 300000-300014, clean + benign
# re-saves, 30 pages) the block's |z| never exceeded 0.8; 10 of 15 spliced blocks exceeded 3.
BLOCK_Z = 2.5
# Paper noise around the block's letters against the paper noise around the other lines (two-sided):
# on development pages (seeds 320000-320019, ground-truth boxes) clean and re-saved pages stayed within
# -2.3..+0.5, 13 of 20 spliced blocks beyond 3.5 (a pasted block brings its own grain, or none).
NOISE_Z = 3.5
MIN_BLOCK_LINES = 2


@dataclass
class LineFeatures:
    index: int
    box: Box
    h: float
    contrast: float  # paper - ink (grey levels)
    darkness: float  # contrast / paper
    crisp: float  # p98 gradient / contrast
    halo: float
    baseline: float  # y of the fitted baseline at the line's centre (NaN if unknown)
    cap: float  # cap/ascender height above the baseline (NaN if unknown)
    slope: float  # fitted baseline slope (dy/dx), NaN if unknown
    numeric: bool = False  # mostly digits (amounts, dates, account numbers)
    chars: int = 0  # non-space characters read by the OCR


def _eligible(rgb: np.ndarray, gray: np.ndarray, box: Box) -> bool:
    """True when the line is dark neutral ink on light paper (not a light-on-dark band, not coloured)."""
    x0, y0, x1, y1 = (round(v) for v in box)
    crop = gray[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)]
    if crop.size < 40:
        return False
    flat = crop.ravel()
    n = flat.size - 1
    ks = [int(0.02 * n), int(0.5 * n), int(0.9 * n)]
    part = np.partition(flat, ks)
    p2, med, p90 = float(part[ks[0]]), float(part[ks[1]]), float(part[ks[2]])
    c = p90 - p2
    if c < 25 or (p90 - med) > 0.35 * c:  # faint, or inverted (light text on a dark band)
        return False
    col = rgb[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)].reshape(-1, 3).astype(np.int16)
    dark = col[flat <= p2 + 0.1 * c]
    if len(dark) == 0:
        return False
    chroma = float(np.median(dark.max(axis=1) - dark.min(axis=1)))
    return chroma <= 40  # coloured ink (logos, accents) is skipped


def _baseline_fit(ink: np.ndarray) -> tuple[float, float, float] | None:
    """(slope, intercept, cap height) of the bottom-of-ink line of a binary crop, descenders trimmed."""
    has = ink.any(axis=0)
    cols = np.flatnonzero(has)
    if len(cols) < 8:
        return None
    n = ink.shape[0]
    bottoms = (n - 1 - np.argmax(ink[::-1, cols], axis=0)).astype(np.float32)
    tops = np.argmax(ink[:, cols], axis=0).astype(np.float32)
    xs = cols.astype(np.float32)
    # start from the most common bottom row (the baseline: descenders sit below it, the arms of r/y and
    # bars of A above it), then refine a straight line on the columns near it
    counts = np.bincount(bottoms.astype(int), minlength=n)
    smooth = counts + np.r_[counts[1:], 0] + np.r_[0, counts[:-1]]
    sl, ic = 0.0, float(np.argmax(smooth))
    tol = max(1.5, 0.08 * n)
    for _ in range(3):
        keep = np.abs(bottoms - (sl * xs + ic)) <= tol
        if keep.sum() < 6:
            break
        sl, ic = (float(v) for v in np.polyfit(xs[keep], bottoms[keep], 1))
        tol = max(1.0, 0.05 * n)
    heights = (sl * xs + ic) - tops
    k = int(0.97 * (len(heights) - 1))  # capitals and ascenders, not the x-height of lowercase
    cap = float(np.partition(heights, k)[k])
    return sl, ic, cap


def _q(a: np.ndarray, q: float) -> float:
    """Quantile by partition (np.percentile sorts and is slower on many small crops)."""
    flat = a.ravel()
    k = round(q * (flat.size - 1))
    return float(np.partition(flat, k)[k])


def line_features(rgb: np.ndarray, gray: np.ndarray, line: OcrLine, index: int) -> LineFeatures | None:
    import cv2

    box = line.box
    x0, y0, x1, y1 = box
    h = y1 - y0
    if h < 6 or x1 - x0 < 6:
        return None
    if not _eligible(rgb, gray, box):
        return None
    H, W = gray.shape
    pad = max(2, round(h * 0.2))
    X0, Y0 = max(0, int(x0) - pad), max(0, int(y0) - pad)
    X1, Y1 = min(W, int(np.ceil(x1)) + pad), min(H, int(np.ceil(y1)) + pad)
    crop = np.ascontiguousarray(gray[Y0:Y1, X0:X1], dtype=np.float32)
    paper = _q(crop, 0.90)
    c = paper - _q(crop, 0.02)
    if c < 25:
        return None
    gx = cv2.Sobel(crop, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(crop, cv2.CV_32F, 0, 1, ksize=3)
    grad = np.sqrt(gx * gx + gy * gy) / 8.0
    crisp = _q(grad, 0.98) / c
    ink = crop < paper - 0.5 * c
    mid = (crop < paper - 0.2 * c) & (crop > paper - 0.8 * c)
    halo = float(mid.sum()) / max(1, int(ink.sum()))
    baseline = cap = slope = float("nan")
    iy0, iy1 = max(0, int(y0) - Y0 - 1), min(crop.shape[0], int(np.ceil(y1)) - Y0 + 1)
    fit = _baseline_fit(ink[iy0:iy1])
    if fit is not None:
        slope, ic, cap = fit
        xc = (x0 + x1) / 2 - X0
        baseline = slope * xc + ic + Y0 + iy0
    chars = [ch for ch in line.text if not ch.isspace()]
    numeric = bool(chars) and sum(ch.isdigit() for ch in chars) >= 0.6 * len(chars)
    return LineFeatures(index, box, h, c, c / max(paper, 1.0), crisp, halo, baseline, cap, slope, numeric,
                        len(chars))


def _robust_z(value: float, others: list[float], floor: float) -> float:
    vals = np.array([v for v in others if np.isfinite(v)], dtype=np.float64)
    if len(vals) < MIN_PEERS or not np.isfinite(value):
        return 0.0
    med = float(np.median(vals))
    mad = 1.4826 * float(np.median(np.abs(vals - med)))
    return (value - med) / max(mad, floor)


def compute_features(page: Page, gray: np.ndarray | None = None) -> list[LineFeatures]:
    rgb = cast("np.ndarray", page.rgb)  # Page.rgb is typed object so that types.py needs no numpy
    if gray is None:
        gray = rgb.astype(np.float32).mean(axis=2)
    lines = page.lines
    if not lines:
        return []
    hmed = float(np.median([ln.height for ln in lines]))
    out = []
    for i, ln in enumerate(lines):
        if ln.height > 1.7 * hmed:  # titles, logos, big totals: too few peers
            continue
        f = line_features(rgb, gray, ln, i)  # type: ignore[arg-type]
        if f is not None:
            out.append(f)
    return out


def _peers(f: LineFeatures, feats: list[LineFeatures]) -> list[LineFeatures]:
    """Lines of similar height; numbers are compared with numbers when there are enough of them (digits
    are drawn with more straight strokes than words and measure crisper)."""
    same_h = [g for g in feats if g is not f and abs(g.h - f.h) <= 0.3 * f.h]
    same_kind = [g for g in same_h if g.numeric == f.numeric]
    return same_kind if len(same_kind) >= MIN_PEERS else same_h


def _measurable(f: LineFeatures) -> bool:
    """Enough glyphs for a stable edge measurement: the 98th-percentile gradient of a one- to three-glyph
    line ("1 X", "Disc", a lone quantity) is a handful of pixels and scatters like noise."""
    return f.chars >= EDGE_MIN_CHARS and (f.box[2] - f.box[0]) >= EDGE_MIN_ASPECT * f.h


def _edge_peers(f: LineFeatures, feats: list[LineFeatures]) -> list[LineFeatures]:
    """Lines printed like ``f``: similar height, similar ink contrast (a faded thermal line's edges are
    measured against a lower contrast and read crisper) and measurable; numbers with numbers when there
    are enough of them."""
    same = [g for g in feats if g is not f and abs(g.h - f.h) <= 0.3 * f.h and _measurable(g)
            and 1 / EDGE_CONTRAST_RATIO <= g.contrast / max(f.contrast, 1.0) <= EDGE_CONTRAST_RATIO]
    same_kind = [g for g in same if g.numeric == f.numeric]
    return same_kind if len(same_kind) >= MIN_PEERS else same


def _edge_z(f: LineFeatures, peers: list[LineFeatures], attr: str, floor: float, rel_floor: float) -> float:
    """Robust z of ``f.attr`` against its peers on the whole page *and* against its nearest peers (by
    vertical distance), the smaller of the two: a typed-in line stands out locally as well as page-wide,
    while print that fades or sharpens along a receipt roll or across a photo drifts smoothly."""
    value = float(getattr(f, attr))
    vals = [float(getattr(g, attr)) for g in peers]
    fl = max(floor, rel_floor * abs(float(np.median(vals))))
    z_page = _robust_z(value, vals, fl)
    cy = (f.box[1] + f.box[3]) / 2
    near = sorted(peers, key=lambda g: abs((g.box[1] + g.box[3]) / 2 - cy))[:EDGE_LOCAL_PEERS]
    z_near = _robust_z(value, [float(getattr(g, attr)) for g in near], fl)
    return min(z_page, z_near, key=abs) if np.sign(z_page) == np.sign(z_near) else 0.0


def edge_outliers(feats: list[LineFeatures]) -> list[tuple[float, Signal]]:
    """(times over threshold, ``edge_outlier`` signal) for every measurable line that is clearly crisper
    than the lines printed like it, page-wide and locally (see :func:`_edge_peers`, :func:`_edge_z`)."""
    found: list[tuple[float, Signal]] = []
    measurable = [f for f in feats if _measurable(f)]
    # page-wide crispness z of every measurable line: a typed-in line is a lone outlier, while a section
    # printed by another process (a pre-printed header, a stamp, a second print run) is a run of them
    z_page: dict[int, float] = {}
    for f in measurable:
        vals = [g.crisp for g in _edge_peers(f, feats)]
        if len(vals) >= MIN_PEERS:
            z_page[f.index] = _robust_z(f.crisp, vals, max(0.02, EDGE_REL_FLOOR * float(np.median(vals))))
    for f in measurable:
        peers = _edge_peers(f, feats)
        if len(peers) < MIN_PEERS:
            continue
        cy = (f.box[1] + f.box[3]) / 2
        near = sorted((g for g in measurable if g is not f), key=lambda g: abs((g.box[1] + g.box[3]) / 2 - cy))
        if sum(z_page.get(g.index, 0.0) >= EDGE_Z / 2 for g in near[:EDGE_RUN_NEAR]) >= 2:
            continue
        z_edge = _edge_z(f, peers, "crisp", 0.02, EDGE_REL_FLOOR)
        z_halo = -_edge_z(f, peers, "halo", 0.05, 0.0)
        # halo alone is confounded by stroke width (bold lines have less fringe per ink pixel): it only
        # counts when the edges are crisper too
        if z_edge >= EDGE_Z or (z_halo >= HALO_Z and z_edge >= HALO_NEEDS_EDGE_Z):
            k = max(z_edge / EDGE_Z, z_halo / HALO_Z)
            found.append((k, Signal(
                kind="edge_outlier", score=_strength(k), region=f.box, tag="PS",
                reason="one text line has much crisper edges than the lines around it, as if typed onto the "
                "image after it was scanned or photographed")))
    return found


def _same_row(a: LineFeatures, b: LineFeatures) -> bool:
    overlap = min(a.box[3], b.box[3]) - max(a.box[1], b.box[1])
    return overlap >= 0.4 * min(a.h, b.h) and (a.box[2] <= b.box[0] or b.box[2] <= a.box[0])


def _blocks(feats: list[LineFeatures]) -> list[list[LineFeatures]]:
    """Left-aligned runs of consecutive lines of similar height (an address block, a key/value list)."""
    byy = sorted(feats, key=lambda f: f.box[1])
    blocks: list[list[LineFeatures]] = []
    used: set[int] = set()
    for f in byy:
        if f.index in used:
            continue
        block = [f]
        used.add(f.index)
        cur = f
        while True:
            nxt = [
                g for g in byy
                if g.index not in used and 0 <= g.box[1] - cur.box[3] <= 1.6 * max(cur.h, f.h)
                and abs(g.box[0] - f.box[0]) <= 0.6 * f.h and abs(g.h - f.h) <= 0.6 * f.h
            ]
            if not nxt:
                break
            cur = min(nxt, key=lambda g: g.box[1])
            block.append(cur)
            used.add(cur.index)
        if len(block) >= 3:
            blocks.append(block)
    return blocks


def _holder_block(feats: list[LineFeatures], extraction: Extraction | None) -> list[LineFeatures]:
    """The measured lines inside the extracted name + address boxes."""
    if extraction is None:
        return []
    boxes = [fv.box for fv in (extraction.name, extraction.address) if fv is not None and fv.box is not None]
    if not boxes:
        return []
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)

    def inside(f: LineFeatures) -> bool:
        cx, cy, pad = (f.box[0] + f.box[2]) / 2, (f.box[1] + f.box[3]) / 2, 0.3 * f.h
        return x0 - pad <= cx <= x1 + pad and y0 - pad <= cy <= y1 + pad

    return [f for f in feats if inside(f)]


def _paper_noise(gray: np.ndarray, box: Box, pad: float) -> float | None:
    """Mean absolute high-pass residual of the paper (ink and its fringe masked out) around ``box``."""
    import cv2

    h, w = gray.shape[:2]
    x0, y0 = max(0, int(box[0] - pad)), max(0, int(box[1] - pad))
    x1, y1 = min(w, int(box[2] + pad)), min(h, int(box[3] + pad))
    g = gray[y0:y1, x0:x1].astype(np.float32)
    if g.size < 400:
        return None
    paper = float(np.percentile(g, 90))
    fringe = cv2.dilate((g < paper - 25).astype(np.uint8), np.ones((5, 5), np.uint8))
    residual = np.clip(g - cv2.GaussianBlur(g, (0, 0), 1.5), -20, 20)[fringe == 0]
    if residual.size < 200:
        return None
    return float(np.mean(np.abs(residual - residual.mean())))


def _block_outlier(feats: list[LineFeatures], extraction: Extraction | None,
                   gray: np.ndarray) -> tuple[float, Signal] | None:
    block = _holder_block(feats, extraction)
    if len(block) < MIN_BLOCK_LINES:
        return None
    rest = [f for f in feats if f not in block]
    h = float(np.median([f.h for f in block]))
    peers = [f for f in rest if abs(f.h - h) <= 0.3 * h]
    if len(peers) < MIN_PEERS:
        peers = rest
    if len(peers) < MIN_PEERS + 1:
        return None
    x0, y0 = min(f.box[0] for f in block), min(f.box[1] for f in block)
    x1, y1 = max(f.box[2] for f in block), max(f.box[3] for f in block)
    z_edge = _robust_z(float(np.median([f.crisp for f in block])), [g.crisp for g in peers], 0.02)
    z_noise = 0.0
    own = _paper_noise(gray, (x0, y0, x1, y1), 0.3 * h)
    around = [n for n in (_paper_noise(gray, f.box, 0.3 * f.h) for f in rest) if n is not None]
    if own is not None and len(around) >= MIN_PEERS + 1:
        z_noise = _robust_z(own, around, 0.05)
    k = max(abs(z_edge) / BLOCK_Z, abs(z_noise) / NOISE_Z)
    if k < 1.0:
        return None
    if abs(z_edge) / BLOCK_Z >= abs(z_noise) / NOISE_Z:
        what = ("crisper" if z_edge > 0 else "blurrier") + " edges"
    else:
        what = ("more" if z_noise > 0 else "less") + " paper grain"
    return k, Signal(
        kind="block_outlier", score=_strength(k), region=(x0, y0, x1, y1), tag="PS",
        reason=f"the name and address block has {what} than the other text on the page, as if pasted in "
        "from another image")


def signals(page: Page, gray: np.ndarray | None = None, extraction: Extraction | None = None) -> list[Signal]:
    """Rendering outliers of ``page``; with ``extraction``, also the holder block as a whole."""
    rgb = page.rgb
    if not isinstance(rgb, np.ndarray) or rgb.ndim != 3 or not page.lines:
        return []
    if gray is None:
        gray = rgb.astype(np.float32).mean(axis=2)
    feats = compute_features(page, gray)
    found: list[tuple[float, Signal]] = []  # (normalised strength, signal)
    holder = _block_outlier(feats, extraction, gray)
    if holder is not None:
        found.append(holder)

    found.extend(edge_outliers(feats))
    for f in feats:
        peers = _peers(f, feats)
        if len(peers) < MIN_PEERS:
            continue
        z_ink = _robust_z(f.darkness, [g.darkness for g in peers], 0.02)
        if abs(z_ink) >= INK_Z:
            k = abs(z_ink) / INK_Z
            found.append((k, Signal(
                kind="ink_outlier", score=_strength(k, weak=True), region=f.box, tag="PS",
                reason="one text line's ink is " + ("darker" if z_ink > 0 else "lighter")
                + " than every comparable line on the page", informational=True)))

    # local skew: median baseline slope of the long lines around (perspective makes it vary).
    # Baseline and letter-size findings are *informational*: with OCR phrase boxes on tilted pages they
    # fired on 10-20 % of clean generated pages while catching almost no edits (see module docstring).
    longs = [f for f in feats if np.isfinite(f.slope) and (f.box[2] - f.box[0]) >= 6 * f.h]

    def local_slope(*exclude: LineFeatures) -> float:
        ys = (exclude[0].box[1] + exclude[0].box[3]) / 2
        near = [g.slope for g in longs if g not in exclude and abs((g.box[1] + g.box[3]) / 2 - ys) <= 8 * g.h]
        if len(near) < 3:
            near = [g.slope for g in longs if g not in exclude]
        return float(np.median(near)) if len(near) >= 3 else float("nan")

    # baselines: same row, same size
    for i, a in enumerate(feats):
        for b in feats[i + 1 :]:
            if not _same_row(a, b) or abs(a.h - b.h) > 0.08 * max(a.h, b.h):
                continue
            gap = max(a.box[0], b.box[0]) - min(a.box[2], b.box[2])
            if gap > 4 * max(a.h, b.h):  # only neighbours: a label and its value
                continue
            if not (np.isfinite(a.baseline) and np.isfinite(b.baseline)):
                continue
            ref = local_slope(a, b)
            if not np.isfinite(ref):
                continue
            dx = ((b.box[0] + b.box[2]) - (a.box[0] + a.box[2])) / 2
            off = abs((b.baseline - a.baseline) - dx * ref)
            tol = max(BASELINE_PX, 0.2 * min(a.h, b.h))
            if off > tol:
                k = off / tol
                tgt = a if a.box[0] > b.box[0] else b  # values sit right of their labels
                found.append((k, Signal(
                    kind="baseline_outlier", score=_strength(k, weak=True), region=tgt.box, tag="PS",
                    reason="two text pieces on the same row and of the same size do not share a baseline",
                    informational=True)))

    # font size inside left-aligned blocks
    for block in _blocks(feats):
        caps = [f.cap for f in block if np.isfinite(f.cap)]
        if len(caps) < 3:
            continue
        for f in block:
            if not np.isfinite(f.cap):
                continue
            others = [g.cap for g in block if g is not f and np.isfinite(g.cap)]
            med = float(np.median(others))
            spread = (max(others) - min(others)) / max(med, 1.0)
            rel = abs(f.cap - med) / max(med, 1.0)
            if rel > FONT_SIZE_REL and spread < FONT_SIZE_REL / 2:
                k = rel / FONT_SIZE_REL
                found.append((k, Signal(
                    kind="font_size_outlier", score=_strength(k, weak=True), region=f.box, tag="PS",
                    reason="one line of a text block is printed in a different letter size than the others",
                    informational=True)))

    # one signal per kind: the strongest
    best: dict[str, tuple[float, Signal]] = {}
    for k, s in found:
        if s.kind not in best or k > best[s.kind][0]:
            best[s.kind] = (k, s)
    return [s for _, s in sorted(best.values(), key=lambda t: -t[0])]


def _strength(k: float, weak: bool = False) -> float:
    """Map 'times over threshold' to a signal score. Weak kinds start below SUSPICIOUS (need company)."""
    base = 0.35 if weak else 0.55
    return float(min(0.9, base + 0.15 * (k - 1.0)))
