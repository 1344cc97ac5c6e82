"""Image decoding and OCR backends.

* ``decode`` turns upload bytes into an upright RGB array: Pillow, EXIF orientation applied, transparency
  flattened onto white, absurd pixel counts refused before any pixel is decoded.
* ``RapidOcrBackend`` wraps ``rapidocr`` 3.10 with its *default* bundled models (PP-OCRv6 small det/rec
  and the v2 mobile angle classifier). Any other model choice makes rapidocr download from the
  internet at construction time, so none is offered. Its INFO logging is silenced.
* ``RapidOcrLiteBackend`` (optional, extra ``lite``) wraps ``rapidocrlite`` with its bundled lite models;
  the two packages install the same import name ``rapidocr``, so only one can be present.
* ``read_page`` runs a backend on a page: caps the long side, detects a page turned by 90°/180° and
  measures the skew from the text-line quads (rows are straightened with it before grouping),
  applies NFKC, and returns lines in the coordinates of the decoded image.
"""

from __future__ import annotations

import io
import logging
import math
import threading
import unicodedata
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from credrec.errors import ImageRejectedError

from .types import OcrLine, Quad

MAX_PIXELS = 60_000_000  # above any page a phone or scanner makes; the API's own limit is < 8192² ≈ 67 Mpx
OCR_MAX_SIDE = 2000  # long side given to the OCR (rapidocr's own default cap)
MIN_TEXT_SCORE = 0.5


class UndecodableImageError(ImageRejectedError):
    """The engine could not turn the bytes into pixels (or refused to: too many pixels)."""


@dataclass(frozen=True)
class RawText:
    quad: Quad
    text: str
    score: float
    upside_down: float = 0.0  # angle classifier's confidence that this crop was upside down (0 if unknown)


class OcrBackend(Protocol):
    name: str

    def read(self, bgr: np.ndarray) -> list[RawText]:
        """Text lines of a BGR uint8 image, quads in that image's pixels. Not thread-safe."""
        ...


# ------------------------------------------------------------------------------------------- decoding

_FORMATS = {"PNG": "png", "JPEG": "jpeg", "MPO": "jpeg", "BMP": "bmp", "DIB": "bmp", "WEBP": "webp"}


#: Greyscale modes wider than 8 bits (16-bit PNGs load as I;16). Pillow's convert("RGB") clips them
#: at 255, which turns every page white; they are scaled to 8 bits instead.
_WIDE_GREY_MODES = frozenset({"I;16", "I;16L", "I;16B", "I;16N", "I", "F"})


def _grey_to_8bit(img: Any) -> np.ndarray:
    """A 16-bit (or 32-bit integer / float) greyscale image as uint8, scaled, not clipped."""
    values = np.asarray(img)
    if img.mode == "F":
        low, high = float(values.min()), float(values.max())
        scaled = (values - low) * (255.0 / (high - low)) if high > low else np.zeros_like(values)
    else:  # 16-bit samples (PNG I;16, or I holding them): 0..65535 → 0..255
        scaled = values.astype(np.float64) * (255.0 / 65535.0)
    return np.clip(np.rint(scaled), 0, 255).astype(np.uint8)


def decode(data: bytes, *, max_pixels: int = MAX_PIXELS) -> tuple[np.ndarray, str]:
    """(RGB uint8 array with EXIF orientation applied, format name). UndecodableImageError on failure."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if not data:
        raise UndecodableImageError("the file is empty", code="EMPTY_FILE")
    try:
        img: Image.Image = Image.open(io.BytesIO(data))
        fmt = _FORMATS.get((img.format or "").upper())
        if fmt is None:
            raise UndecodableImageError(f"unsupported image format {img.format!r}", code="UNSUPPORTED_FORMAT")
        w, h = img.size
        if w * h > max_pixels or w <= 0 or h <= 0:
            raise UndecodableImageError(f"image is {w}x{h}; more than {max_pixels} pixels is refused",
                                        code="IMAGE_DIMENSIONS_TOO_LARGE")
        img.load()
        img = ImageOps.exif_transpose(img)
        if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
            rgba = img.convert("RGBA")
            flat = Image.new("RGB", rgba.size, (255, 255, 255))
            flat.paste(rgba, mask=rgba.getchannel("A"))
            img = flat
        elif img.mode in _WIDE_GREY_MODES:
            img = Image.fromarray(_grey_to_8bit(img), "L").convert("RGB")
        elif img.mode != "RGB":
            img = img.convert("RGB")
        arr = np.asarray(img, dtype=np.uint8)
    except UndecodableImageError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise UndecodableImageError(f"the image cannot be decoded: {exc}", code="CORRUPT_IMAGE") from exc
    if arr.ndim != 3 or arr.shape[2] != 3:
        raise UndecodableImageError("the image has no colour channels", code="CORRUPT_IMAGE")
    return np.ascontiguousarray(arr), fmt


# ------------------------------------------------------------------------------------------- backends


def _silence(logger_name: str) -> None:
    log = logging.getLogger(logger_name)
    log.setLevel(logging.ERROR)
    for handler in log.handlers:
        handler.setLevel(logging.ERROR)


class RapidOcrBackend:
    """rapidocr 3.10 + onnxruntime, default (bundled, offline) models."""

    name = "rapidocr"

    def __init__(self, *, threads: int | None = None) -> None:
        import onnxruntime as ort

        ort.set_default_logger_severity(3)
        from rapidocr import RapidOCR

        _silence("RapidOCR")
        params: dict[str, object] = {"Global.log_level": "error"}
        if threads:
            params["EngineConfig.onnxruntime.intra_op_num_threads"] = int(threads)
        self._ocr = RapidOCR(params=params)
        _silence("RapidOCR")
        # models load lazily on the first call; warm them now so "load once" really is once
        self.read(np.full((64, 256, 3), 255, np.uint8))

    def read(self, bgr: np.ndarray) -> list[RawText]:
        eng = self._ocr
        try:
            from rapidocr.utils.process_img import map_boxes_to_original
        except ImportError:  # pragma: no cover - other rapidocr versions: public API, no angle info
            return self._read_public(bgr)
        img, op_record = eng.preprocess_img(bgr)
        det, cls, rec, _crops = eng.run_ocr_steps(img, op_record)
        if det.boxes is None or rec.txts is None or len(det.boxes) == 0:
            return []
        h, w = bgr.shape[:2]
        boxes = map_boxes_to_original(np.array(det.boxes, dtype=np.float64), op_record, h, w)
        cls_res = list(cls.cls_res) if cls.cls_res is not None else [("0", 0.0)] * len(boxes)
        out: list[RawText] = []
        for box, text, score, (label, cscore) in zip(boxes, rec.txts, rec.scores, cls_res, strict=False):
            if not text or not text.strip() or score < MIN_TEXT_SCORE:
                continue
            quad = tuple((float(p[0]), float(p[1])) for p in box)
            out.append(RawText(quad, text, float(score), float(cscore) if "180" in str(label) else 0.0))  # type: ignore[arg-type]
        return out

    def _read_public(self, bgr: np.ndarray) -> list[RawText]:  # pragma: no cover
        res: Any = self._ocr(bgr)  # rapidocr types the result as the union of every stage's output
        if res.txts is None:
            return []
        return [RawText(tuple((float(p[0]), float(p[1])) for p in b), t, float(s))  # type: ignore[arg-type]
                for b, t, s in zip(res.boxes, res.txts, res.scores, strict=False) if t.strip()]


class RapidOcrLiteBackend:
    """rapidocrlite (extra ``lite``): about 10 x  faster, alpha, a little less accurate on small print.

    Its default configuration downloads PP-OCRv6 models; the bundled lite models are chosen explicitly.
    """

    name = "rapidocrlite"

    def __init__(self) -> None:
        from importlib import metadata

        try:
            metadata.version("rapidocrlite")
        except metadata.PackageNotFoundError as exc:
            raise RuntimeError(
                "the rapidocrlite backend needs `pip install -e '.[lite]'` in an environment *without* "
                "rapidocr 3 (both packages provide the import name `rapidocr`)"
            ) from exc
        _silence("rapidocr")
        from rapidocr import RapidOCR

        _silence("RapidOCR")
        _silence("rapidocr")
        self._ocr = RapidOCR(params={"Det.model_type": "lite", "Rec.model_type": "lite"})
        _silence("rapidocr")

    def read(self, bgr: np.ndarray) -> list[RawText]:
        res: Any = self._ocr(bgr)  # rapidocrlite types the result as the union of every stage's output
        txts = getattr(res, "txts", None)
        if not txts:
            return []
        return [RawText(tuple((float(p[0]), float(p[1])) for p in b), t, float(s))  # type: ignore[arg-type]
                for b, t, s in zip(res.boxes, txts, res.scores, strict=False) if t and t.strip() and s >= MIN_TEXT_SCORE]


BACKENDS = {"rapidocr": RapidOcrBackend, "rapidocrlite": RapidOcrLiteBackend}


def _installed(distribution: str) -> bool:
    from importlib import metadata

    try:
        metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return False
    return True


def create_backend(name: str) -> OcrBackend:
    """``rapidocr`` (default) or ``rapidocrlite``. In an environment that has only the lite package
    (extra ``lite``), asking for ``rapidocr`` gives the lite backend: both answer to ``import rapidocr``."""
    if name == "rapidocr" and not _installed("rapidocr") and _installed("rapidocrlite"):
        name = "rapidocrlite"
    try:
        cls = BACKENDS[name]
    except KeyError:
        raise ValueError(f"unknown OCR backend {name!r}; choose one of {sorted(BACKENDS)}") from None
    return cls()


# ------------------------------------------------------------------------------------------- page reading


def quad_angle(quad: Quad) -> float:
    """Angle in degrees of a quad's top edge (positive = clockwise in image coordinates)."""
    (x0, y0), (x1, y1) = quad[0], quad[1]
    (x3, y3), (x2, y2) = quad[3], quad[2]
    dx = (x1 - x0) + (x2 - x3)
    dy = (y1 - y0) + (y2 - y3)
    return math.degrees(math.atan2(dy, dx))


def _quad_size(quad: Quad) -> tuple[float, float]:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = quad
    width = (math.hypot(x1 - x0, y1 - y0) + math.hypot(x2 - x3, y2 - y3)) / 2
    height = (math.hypot(x3 - x0, y3 - y0) + math.hypot(x2 - x1, y2 - y1)) / 2
    return width, height


def measure_skew(lines: list[OcrLine]) -> float:
    """Median text-line angle (degrees), from lines long enough for their angle to mean something."""
    angles, weights = [], []
    for ln in lines:
        w, h = _quad_size(ln.quad)
        if h <= 0 or w < 3 * h or len(ln.text) < 4:
            continue
        angles.append(quad_angle(ln.quad))
        weights.append(w)
    if not angles:
        return 0.0
    order = np.argsort(angles)
    a = np.asarray(angles)[order]
    cw = np.cumsum(np.asarray(weights)[order])
    return float(a[np.searchsorted(cw, cw[-1] / 2)])


def _nfkc(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return " ".join(text.split())


def _rotate_quad_back(quad: Quad, k: int, w: int, h: int) -> Quad:
    """Map a quad found in ``np.rot90(img, k)`` (img is h x w) back to img coordinates."""
    pts = []
    for x, y in quad:
        if k % 4 == 1:  # rot90 counter-clockwise: (x, y) in rotated = (y_orig, w-1-x_orig)
            pts.append((w - y, x))
        elif k % 4 == 3:  # clockwise
            pts.append((y, h - x))
        elif k % 4 == 2:
            pts.append((w - x, h - y))
        else:
            pts.append((x, y))
    # keep the "clockwise from top-left of the text" order: the text's own top-left moves with it
    return tuple(pts)  # type: ignore[return-value]


@dataclass
class PageText:
    lines: list[OcrLine]  # original (decoded) image coordinates
    skew_degrees: float  # of the text as it lies in the image (incl. any 90/180° turn)
    rotation: int  # 0, 90, 180 or 270: how far the page is turned clockwise in the image
    ocr_seconds: float = 0.0


def read_page(backend: OcrBackend, rgb: np.ndarray, *, max_side: int = OCR_MAX_SIDE,
              lock: threading.Lock | None = None) -> PageText:
    """OCR one page. Thread-safe when ``lock`` guards the (shared) backend."""
    import time

    import cv2

    h, w = rgb.shape[:2]
    scale = min(1.0, max_side / max(h, w))
    img = rgb if scale >= 1.0 else cv2.resize(rgb, (max(1, round(w * scale)), max(1, round(h * scale))),
                                              interpolation=cv2.INTER_AREA)
    bgr = np.ascontiguousarray(img[:, :, ::-1])
    t0 = time.perf_counter()

    def run(image: np.ndarray) -> list[RawText]:
        if lock is None:
            return backend.read(image)
        with lock:
            return backend.read(image)

    raw = run(bgr)
    turn = 0
    if _mostly_vertical(raw):
        rotated = np.ascontiguousarray(np.rot90(bgr, k=-1))  # try the page turned clockwise
        raw2 = run(rotated)
        if len(raw2) >= len(raw) * 0.8:
            ih, iw = bgr.shape[:2]
            raw = [RawText(_rotate_quad_back(r.quad, 3, iw, ih), r.text, r.score, r.upside_down) for r in raw2]
            turn = 90
    ocr_seconds = time.perf_counter() - t0
    # upside-down pages: the angle classifier flips most crops
    weight = sum(len(r.text) for r in raw) or 1
    flipped = sum(len(r.text) for r in raw if r.upside_down > 0.9) / weight
    if flipped > 0.5:
        turn = (turn + 180) % 360
    lines = [OcrLine(_nfkc(r.text), r.score, tuple((x / scale, y / scale) for x, y in r.quad))  # type: ignore[arg-type]
             for r in raw if _nfkc(r.text)]
    skew = measure_skew(lines)
    return PageText(lines, skew, turn, ocr_seconds)


def _mostly_vertical(raw: list[RawText]) -> bool:
    tall = wide = 0
    for r in raw:
        if len(r.text) < 4:
            continue
        xs = [p[0] for p in r.quad]
        ys = [p[1] for p in r.quad]
        bw, bh = max(xs) - min(xs), max(ys) - min(ys)
        if bh > 1.5 * bw:
            tall += 1
        elif bw > 1.5 * bh:
            wide += 1
    return tall >= 5 and tall > 2 * wide
