"""Capture cues: a screenshot, or a photo of a screen, instead of the paper or the original file.

Screen photo (tag ``SCREEN_PHOTO``): a camera pointed at a display samples the display's pixel grid and
RGB sub-pixel stripes. The grid aliases into moiré - narrow, strong peaks in the 2-D spectrum of
otherwise smooth areas, in the colour-difference channels (paper and camera noise are broadband). Only
those channels count: the sub-pixels are coloured stripes side by side, so their moiré is coloured, while
a periodic pattern in the luminance alone is what paper captures have too (scanner line banding, thermal
print-head dots, halftone screens: real SROIE receipt scans reached 60-290 in luma, 0 in colour, being
greyscale files). A screen photo converted to greyscale is therefore not found. We take the six flattest bright 128-px tiles of a 5x5 grid, drop the JPEG block harmonics
(multiples of 1/16 cycle/px: 8-px luma and 16-px 4:2:0 chroma blocks), and measure the strongest bin
against the median of its own frequency ring (compressed chroma falls off steeply, so a global median
would turn every low frequency into a "peak"), with a floor at the power of 1-grey-level noise so that
noise-free digital images cannot produce huge ratios. The page score is the median over the tiles.

Screenshot (tag ``SCREENSHOT``): the image is a rendered frame buffer. It needs flat areas (no sensor
noise) and no camera EXIF, plus a size cue (a common screen resolution, a phone's tall aspect) with a
UI cue (a flat bar across the top; a flat coloured frame around the page, i.e. a viewer's background),
or both UI cues in a lossless file, or an exact phone resolution with its aspect. A digitally exported
bill is just as noise free but has neither the size nor the chrome; a scan on a grey scanner bed has a
frame but not a screen's size.

Measured on generated files (docgen.tamper): screenshots 98 %, screen photos 92-100 %, and neither fired
on ~700 other generated files (scans, photos, re-saves, other kinds) or 40 digital exports. Our screen
photos are simulated (sub-pixel stripes and row gaps multiplied into the page, aliased by a perspective
resampling), so real ones - out of focus, heavily denoised by the phone - will be found less often. Known false-alarm risks not in our data: halftone-
printed colour areas and woven or patterned backgrounds also give periodic peaks.
"""

from __future__ import annotations

import io
from typing import cast

import numpy as np

from credrec_local.engine.types import Page, Signal

# ------------------------------------------------------------------------------------ screen photo

# Ring-normalised spectral peak (colour-difference channels) above which a page shows a display's grid.
# Generated scans and photos (seeds 1000-1059, 120 clean/re-saved pages) stay below ~31 (all channels);
# generated screen photos (seeds 210000-210011) are above ~219 in colour alone; real scanned receipts and
# photographed pages of the dev set (real-dev, SROIE 000-009) below ~50 in colour.
SCREEN_PHOTO_THRESHOLD = 80.0

_TILE = 128


def _tile_origins(h: int, w: int, n: int = 5) -> list[tuple[int, int]]:
    """A centred nxn grid of tile origins (avoids the borders, where frames and backgrounds are)."""
    out: list[tuple[int, int]] = []
    if h < 2 * _TILE or w < 2 * _TILE:
        return out
    ys = np.linspace(h * 0.1, h * 0.9 - _TILE, n).astype(int)
    xs = np.linspace(w * 0.1, w * 0.9 - _TILE, n).astype(int)
    for y in ys:
        for x in xs:
            out.append((int(y), int(x)))
    return out


def _jpeg_harmonic_mask(n: int) -> np.ndarray:
    """True for spectrum bins JPEG blocking can light up (fx or fy a multiple of n/16: 8-px luma blocks,
    16-px chroma blocks with 4:2:0 subsampling)."""
    f = np.fft.fftfreq(n) * n  # integer bin frequencies
    near = np.zeros(n, dtype=bool)
    for k in range(0, 17):  # 16-px chroma MCUs (4:2:0) put harmonics at multiples of n/16
        near |= np.abs(np.abs(f) - k * n / 16) <= 1.0
    return near[:, None] | near[None, :]


_HANN = np.outer(np.hanning(_TILE), np.hanning(_TILE)).astype(np.float32)
_FY, _FX = np.meshgrid(np.fft.fftfreq(_TILE), np.fft.fftfreq(_TILE), indexing="ij")
_FREQ_R = np.hypot(_FY, _FX)
# one half-plane (a real image's spectrum is symmetric), above the lowest frequencies, off JPEG harmonics
_VALID = (_FREQ_R > 0.06) & (_FREQ_R < 0.5) & ~_jpeg_harmonic_mask(_TILE) & ((_FY > 0) | ((_FY == 0) & (_FX > 0)))
# spectral power of white noise with sigma = 1 grey level under the Hann window: the level below which a
# ring counts as empty (noise-free digital images would otherwise turn any edge into a huge "peak")
_NOISE_FLOOR = float((_HANN.astype(np.float64) ** 2).sum())
_RING = np.minimum((_FREQ_R * _TILE).astype(int), _TILE // 2)[_VALID]
_RING_START = np.searchsorted(np.sort(_RING), np.arange(_TILE // 2 + 2))  # first index of each ring, sorted
_RING_LEN = np.diff(_RING_START)


def _peak_prominence(tile: np.ndarray) -> float:
    """Strongest spectral peak of one channel tile over the median level of its own frequency ring.

    Per-ring normalisation matters: compressed chroma falls off steeply with frequency, so a global
    median would turn every low-frequency bin into a "peak". Moiré is a narrow peak *within* its ring.
    """
    t = tile.astype(np.float32)
    t = t - t.mean()
    spec = np.abs(np.fft.fft2(t * _HANN)) ** 2
    vals = spec[_VALID]
    if vals.size == 0:
        return 0.0
    # median per ring: sort by (ring, value) once, take each ring's middle element
    order = np.lexsort((vals, _RING))
    mids = _RING_START[:-1] + _RING_LEN // 2
    ring_med = np.zeros(len(_RING_LEN))
    has = _RING_LEN > 0
    ring_med[has] = vals[order][mids[has]]
    level = ring_med[_RING]
    ratio = vals / np.maximum(level, _NOISE_FLOOR)
    return float(ratio.max())


def screen_photo_score(rgb: np.ndarray, tiles: int = 6) -> tuple[float, tuple[int, int, int, int] | None]:
    """(prominence, region): median over the flattest bright tiles of the strongest spectral peak in the
    colour-difference channels (R-G, B-G), and the tile where it is strongest.

    Flat tiles are used because text is itself periodic (line spacing, tabular digits); a display's
    grid shows everywhere, most clearly on the white paper between the lines.
    """
    h, w = rgb.shape[:2]
    cands: list[tuple[float, int, int]] = []
    for y, x in _tile_origins(h, w):
        g = rgb[y : y + _TILE : 4, x : x + _TILE : 4, 1]
        m = float(g.mean())
        if m < 60:  # dark: outside the page/screen, or a black area
            continue
        cands.append((float(g.std()), y, x))
    if len(cands) < 4:
        return 0.0, None
    cands.sort()
    scores: list[tuple[float, tuple[int, int, int, int]]] = []
    for _, y, x in cands[:tiles]:
        t = rgb[y : y + _TILE, x : x + _TILE].astype(np.float32)
        g = t[..., 1]
        # colour-difference channels only: a display's R/G/B sub-pixel stripes sit side by side, so their
        # moiré is coloured; a luma-only periodic pattern is what scanners (line/motor banding), thermal
        # print heads and halftone print give paper too (and a greyscale file has no colour at all)
        p = max(_peak_prominence(t[..., 0] - g), _peak_prominence(t[..., 2] - g))
        scores.append((p, (x, y, x + _TILE, y + _TILE)))
    med = float(np.median([sc for sc, _ in scores]))
    best = max(scores)[1]
    return med, best


# ------------------------------------------------------------------------------------ screenshot

# Common screen resolutions (either orientation): phones, tablets, laptops and desktops.
_SCREENS = {
    (720, 1280), (720, 1520), (720, 1600), (750, 1334), (828, 1792), (1080, 1920), (1080, 2160),
    (1080, 2220), (1080, 2280), (1080, 2340), (1080, 2400), (1080, 2412), (1125, 2436), (1170, 2532),
    (1179, 2556), (1242, 2208), (1242, 2688), (1284, 2778), (1290, 2796), (1440, 2560), (1440, 3040),
    (1440, 3088), (1440, 3120), (1440, 3200), (1536, 2048), (1620, 2160), (1640, 2360), (1668, 2224),
    (1668, 2388), (2048, 2732), (768, 1024), (800, 1280), (1280, 720), (1280, 800), (1280, 1024),
    (1366, 768), (1440, 900), (1536, 864), (1600, 900), (1680, 1050), (1920, 1080), (1920, 1200),
    (2560, 1440), (2560, 1600), (2880, 1800), (3024, 1964), (3456, 2234), (3840, 2160), (2736, 1824),
    (2256, 1504), (2160, 1440), (1920, 1280),
}
_SCREEN_DIMS = {tuple(sorted(d)) for d in _SCREENS}


def _has_camera_exif(data: bytes) -> bool:
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as im:
            exif = im.getexif()
            return bool(exif.get(0x010F) or exif.get(0x0110))
    except Exception:
        return False


def _flat_fraction(gray: np.ndarray) -> float:
    """Share of 8x8 blocks (on a 4x subsample of blocks) whose pixels are all exactly equal."""
    h, w = gray.shape
    hb, wb = h // 8, w // 8
    if hb < 4 or wb < 4:
        return 0.0
    blocks = gray[: hb * 8, : wb * 8].reshape(hb, 8, wb, 8)[::2, :, ::2, :]
    mn = blocks.min(axis=(1, 3))
    mx = blocks.max(axis=(1, 3))
    return float(np.mean(mx == mn))


def _near_flat_fraction(gray: np.ndarray, tol: int = 2) -> float:
    h, w = gray.shape
    hb, wb = h // 8, w // 8
    if hb < 4 or wb < 4:
        return 0.0
    blocks = gray[: hb * 8, : wb * 8].reshape(hb, 8, wb, 8)[::2, :, ::2, :].astype(np.int16)
    mn = blocks.min(axis=(1, 3))
    mx = blocks.max(axis=(1, 3))
    return float(np.mean(mx - mn <= tol))


def _top_band(rgb: np.ndarray) -> tuple[bool, int]:
    """A status/tool bar: rows at the very top whose dominant colour is flat and differs from the page.

    Returns (found, band height in px). The page colour is the most common bright colour in the middle.
    """
    h, w = rgb.shape[:2]
    limit = max(8, int(h * 0.12))
    top = rgb[:limit].astype(np.int16)
    # per row: median colour and share of pixels within 3 levels of it
    med = np.median(top, axis=1)  # (limit, 3)
    close = np.all(np.abs(top - med[:, None, :]) <= 3, axis=2).mean(axis=1)
    mid = rgb[h // 3 : 2 * h // 3 : 4, w // 4 : 3 * w // 4 : 4].reshape(-1, 3).astype(np.int16)
    page = np.median(mid, axis=0)
    differs = np.abs(med - page[None, :]).max(axis=1) > 12
    rows = (close > 0.6) & differs
    # the band must start at the top and cover at least ~1.5 % of the height
    n = 0
    while n < limit and rows[n]:
        n += 1
    return n >= max(6, int(h * 0.015)), n


def _frame(rgb: np.ndarray) -> bool:
    """A flat, non-white frame on both sides of the page (a viewer's background around the document)."""
    h, w = rgb.shape[:2]
    strip = max(4, w // 60)
    band = slice(h // 4, 3 * h // 4)
    left = rgb[band, :strip].reshape(-1, 3).astype(np.int16)
    right = rgb[band, w - strip :].reshape(-1, 3).astype(np.int16)
    for side in (left, right):
        med = np.median(side, axis=0)
        if np.mean(np.all(np.abs(side - med) <= 2, axis=1)) < 0.97:
            return False
        if med.min() > 235:  # white margin of the page itself
            return False
    return True


def screenshot_evidence(page: Page) -> tuple[float, list[str]]:
    """(strength, reasons). Needs a frame-buffer look (flat areas, no camera EXIF), a *size* cue (a common
    screen resolution, or a phone's tall aspect) and a *UI* cue (a flat bar across the top, or a flat
    coloured frame around the page). A lossless file with both UI cues also qualifies (a cropped or
    resized screenshot loses its size), and so does an exact phone resolution with its tall aspect. A scan on a grey scanner bed has a frame and a band too, but
    neither a screen's size nor a frame-buffer's flatness, so it does not qualify."""
    rgb = cast("np.ndarray", page.rgb)  # Page.rgb is typed object so that types.py needs no numpy
    h, w = rgb.shape[:2]
    gray = rgb[..., 1]
    reasons: list[str] = []
    lossless = page.format in ("png", "bmp", "webp")
    flat = _flat_fraction(gray) if lossless else _near_flat_fraction(gray)
    if flat < 0.15:
        return 0.0, []  # sensor noise nearly everywhere: a capture, not a frame buffer
    if _has_camera_exif(page.data):
        return 0.0, []
    size = 0.0
    dims = tuple(sorted((w, h)))
    if dims in _SCREEN_DIMS:
        size += 0.35
        reasons.append("the image size is a common screen resolution")
    if h > w and max(w, h) / max(1, min(w, h)) >= 1.9:
        size += 0.25
        reasons.append("the image has a phone screen's aspect ratio")
    ui = 0.0
    band, _ = _top_band(rgb)
    if band:
        ui += 0.3
        reasons.append("a flat bar across the top looks like a status or tool bar")
    framed = _frame(rgb)
    if framed:
        ui += 0.25
        reasons.append("the page sits on a flat coloured frame, like a viewer's background")
    exact_ui = lossless and flat >= 0.25 and band and framed
    phone_screen = size >= 0.6  # an exact phone resolution *and* its tall aspect: no paper is shaped so
    if not ((size > 0 and ui > 0) or exact_ui or phone_screen):
        return 0.0, []
    return min(0.95, 0.3 + size + ui), reasons


def signals(page: Page) -> list[Signal]:
    out: list[Signal] = []
    rgb = page.rgb
    if not isinstance(rgb, np.ndarray) or rgb.ndim != 3:
        return out
    shot, reasons = screenshot_evidence(page)
    if shot > 0:
        out.append(
            Signal(
                kind="screenshot",
                score=shot,
                reason="looks like a screenshot: " + "; ".join(reasons),
                region=None,
                tag="SCREENSHOT",
            )
        )
        return out  # a frame buffer has no camera moiré; skip the spectrum
    prom, region = screen_photo_score(rgb)
    if prom >= SCREEN_PHOTO_THRESHOLD:
        strength = min(0.95, 0.55 + 0.4 * (prom - SCREEN_PHOTO_THRESHOLD) / SCREEN_PHOTO_THRESHOLD)
        out.append(
            Signal(
                kind="screen_photo",
                score=strength,
                reason="periodic moiré from a display's pixel grid: the document may have been photographed "
                "off a screen",
                region=tuple(float(v) for v in region) if region else None,  # type: ignore[arg-type]
                tag="SCREEN_PHOTO",
            )
        )
    return out

