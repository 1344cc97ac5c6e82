"""Degrading a clean page the way scanners and phone cameras do, and encoding it as a user's file.

* ``scan``: small rotation (±2°), slight grey/yellow tone, Gaussian blur sigma 0.4-1.1, noise sigma 2.5-7, JPEG q75-92,
  scanner metadata sometimes.
* ``photo``: the page warped in perspective onto a table-coloured background, lighting gradient, tint,
  blur, noise, JPEG q80-93 with camera EXIF; a quarter of photos are stored sideways with an EXIF
  Orientation tag, as phones do.

Truth boxes are carried through the same geometry, so they stay on the text of the *displayed* image.
``degrade`` and ``encode`` are public so other generators (tampering) can reuse exactly this pipeline.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image

from .document import Document, Sample, Truth

VARIANTS: tuple[str, ...] = ("clean", "scan", "photo")

_SCANNER_SOFTWARE = ["Epson Scan 2", "HP Smart", "Canon IJ Scan Utility", "NAPS2", None, None]
_CAMERAS = [("Apple", "iPhone 13", "17.5.1"), ("Apple", "iPhone 15 Pro", "18.1"), ("samsung", "SM-S911B", "S911BXXU3CXD1"),
            ("Google", "Pixel 7", None), ("Xiaomi", "Redmi Note 12", None), ("OPPO", "CPH2451", None)]


@dataclass
class Degraded:
    """A degraded image before encoding. ``image`` is what the user sees (orientation applied);
    ``orientation`` is the EXIF Orientation to store (1, or 6 = stored rotated, displayed upright)."""

    image: Image.Image
    truth: Truth
    variant: str
    quality: int | None
    exif: dict[int, Any]
    orientation: int = 1


def map_box(box: tuple[float, float, float, float], matrix: np.ndarray) -> tuple[float, float, float, float]:
    """Axis-aligned bounds of a box's four corners through a 3 x 3 homography (or 2 x 3 affine)."""
    x0, y0, x1, y1 = box
    pts = np.array([[x0, y0, 1], [x1, y0, 1], [x1, y1, 1], [x0, y1, 1]], dtype=np.float64)
    m = matrix if matrix.shape == (3, 3) else np.vstack([matrix, [0, 0, 1]])
    out = pts @ m.T
    out = out[:, :2] / out[:, 2:3]
    return (float(out[:, 0].min()), float(out[:, 1].min()), float(out[:, 0].max()), float(out[:, 1].max()))


def map_truth(truth: Truth, matrix: np.ndarray, size: tuple[int, int]) -> Truth:
    t = truth.copy()
    w, h = size
    for ln in t.lines:
        x0, y0, x1, y1 = map_box(ln.box, matrix)
        ln.box = (max(0.0, x0), max(0.0, y0), min(float(w), x1), min(float(h), y1))
    return t


def _noise(arr: np.ndarray, sigma: float, rng: np.random.Generator) -> np.ndarray:
    noisy = rng.standard_normal(arr.shape, dtype=np.float32)
    noisy *= sigma
    noisy += arr
    np.clip(noisy, 0, 255, out=noisy)
    return noisy.astype(np.uint8)


def _scan(image: Image.Image, truth: Truth, rng: random.Random) -> Degraded:
    import cv2

    nrng = np.random.default_rng(rng.getrandbits(32))
    arr = np.asarray(image.convert("RGB"))
    h, w = arr.shape[:2]
    angle = rng.uniform(-2.0, 2.0)
    scale = rng.uniform(0.92, 1.0)
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, scale)
    # a scanner bed is white/light grey around the page
    bed = tuple(int(v) for v in rng.choice([(250, 250, 250), (240, 240, 238), (230, 232, 235)]))
    out = cv2.warpAffine(arr, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=bed)
    tone = np.array(rng.choice([(1.0, 1.0, 1.0), (0.98, 0.97, 0.93), (0.96, 0.96, 0.96), (1.0, 0.99, 0.96)]),
                    dtype=np.float32)
    out = np.clip(out.astype(np.float32) * tone, 0, 255).astype(np.uint8)
    sigma = rng.uniform(0.4, 1.1)
    out = cv2.GaussianBlur(out, (0, 0), sigma)
    out = _noise(out, rng.uniform(2.5, 7.0), nrng)
    t = map_truth(truth, m, (w, h))
    exif: dict[int, Any] = {}
    software = rng.choice(_SCANNER_SOFTWARE)
    if software:
        exif[0x0131] = software
    t.extra["variant"] = {"kind": "scan", "angle": angle, "scale": scale, "blur": sigma}
    return Degraded(Image.fromarray(out), t, "scan", rng.randint(75, 92), exif)


def _photo(image: Image.Image, truth: Truth, rng: random.Random) -> Degraded:
    import cv2

    nrng = np.random.default_rng(rng.getrandbits(32))
    arr = np.asarray(image.convert("RGB"))
    h, w = arr.shape[:2]
    # output canvas: the page fills 75-92 % of it, like a phone held over a desk
    long_side = rng.randint(1500, 2000)
    fill = rng.uniform(0.75, 0.92)
    out_h = long_side if h >= w else int(long_side * h / w)
    out_w = int(out_h * w / h * rng.uniform(1.0, 1.1)) if h >= w else long_side
    s = min(out_w / w, out_h / h) * fill
    pw, ph = w * s, h * s
    cx, cy = out_w / 2 + rng.uniform(-0.03, 0.03) * out_w, out_h / 2 + rng.uniform(-0.03, 0.03) * out_h
    j = 0.05
    dst = np.array([
        [cx - pw / 2 + rng.uniform(-j, j) * pw, cy - ph / 2 + rng.uniform(-j, j) * ph],
        [cx + pw / 2 + rng.uniform(-j, j) * pw, cy - ph / 2 + rng.uniform(-j, j) * ph],
        [cx + pw / 2 + rng.uniform(-j, j) * pw, cy + ph / 2 + rng.uniform(-j, j) * ph],
        [cx - pw / 2 + rng.uniform(-j, j) * pw, cy + ph / 2 + rng.uniform(-j, j) * ph],
    ], dtype=np.float32)
    # a small overall rotation of the quad
    ang = np.deg2rad(rng.uniform(-4, 4))
    rot = np.array([[np.cos(ang), -np.sin(ang)], [np.sin(ang), np.cos(ang)]], dtype=np.float32)
    dst = ((dst - [cx, cy]) @ rot.T + [cx, cy]).astype(np.float32)
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    hm = cv2.getPerspectiveTransform(src, dst)
    table = np.array(rng.choice([(118, 86, 60), (150, 120, 90), (70, 70, 75), (190, 185, 175), (95, 110, 120)]),
                     dtype=np.float32)
    bg_noise = nrng.standard_normal((out_h, out_w, 1), dtype=np.float32) * 6
    bg = bg_noise + table
    page = cv2.warpPerspective(arr, hm, (out_w, out_h), flags=cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.ones((h, w), np.float32), hm, (out_w, out_h), flags=cv2.INTER_LINEAR)[..., None]
    out: np.ndarray = page.astype(np.float32)
    out -= bg
    out *= mask
    out += bg
    # lighting: a linear gradient in a random direction plus a soft vignette, and a colour tint
    xs = (np.arange(out_w, dtype=np.float32) / out_w - 0.5)[None, :]
    ys = (np.arange(out_h, dtype=np.float32) / out_h - 0.5)[:, None]
    theta = rng.uniform(0, 2 * np.pi)
    strength = rng.uniform(0.12, 0.3)
    light = (1.0 - strength * (np.float32(np.cos(theta)) * xs + np.float32(np.sin(theta)) * ys + 0.5))
    light *= 1.0 - 0.24 * (xs * xs + ys * ys)
    tint = np.array(rng.choice([(1.0, 0.97, 0.9), (0.95, 0.98, 1.0), (1.0, 1.0, 1.0), (1.0, 0.95, 0.88)]),
                    dtype=np.float32)
    out *= light[..., None]
    out *= tint
    np.clip(out, 0, 255, out=out)
    out = out.astype(np.uint8)
    out = cv2.GaussianBlur(out, (0, 0), rng.uniform(0.5, 1.2))
    out = _noise(out, rng.uniform(3.0, 8.0), nrng)
    t = map_truth(truth, hm, (out_w, out_h))
    make, model, sw = rng.choice(_CAMERAS)
    exif: dict[int, Any] = {0x010F: make, 0x0110: model, 0x0132: f"2025:{rng.randint(1, 12):02d}:{rng.randint(1, 28):02d} "
                            f"{rng.randint(7, 22):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"}
    if sw:
        exif[0x0131] = sw
    orientation = 6 if rng.random() < 0.25 else 1
    t.extra["variant"] = {"kind": "photo", "quad": dst.tolist(), "orientation": orientation}
    return Degraded(Image.fromarray(out), t, "photo", rng.randint(80, 93), exif, orientation)


def degrade(image: Image.Image, truth: Truth, variant: str, seed: int) -> Degraded:
    """Apply a variant's geometry and noise (no encoding). ``clean`` returns the page unchanged."""
    rng = random.Random(f"{variant}:{seed}")
    if variant == "clean":
        return Degraded(image.convert("RGB"), truth.copy(), "clean", None, {})
    if variant == "scan":
        return _scan(image, truth, rng)
    if variant == "photo":
        return _photo(image, truth, rng)
    raise ValueError(f"unknown variant {variant!r}; expected one of {VARIANTS}")


def encode(deg: Degraded, *, fmt: str | None = None, quality: int | None = None,
           exif: dict[int, Any] | None = None) -> bytes:
    """The file bytes: PNG for clean pages, JPEG otherwise (EXIF and orientation written as given)."""
    fmt = fmt or ("png" if deg.quality is None else "jpeg")
    img = deg.image
    buf = io.BytesIO()
    if fmt == "png":
        img.save(buf, format="PNG", optimize=False, compress_level=6)
        return buf.getvalue()
    tags = dict(deg.exif if exif is None else exif)
    if deg.orientation == 6:
        img = img.transpose(Image.Transpose.ROTATE_90)  # stored sideways; Orientation 6 turns it upright
        tags[0x0112] = 6
    pil_exif = Image.Exif()
    for k, v in tags.items():
        pil_exif[k] = v
    img.save(buf, format="JPEG", quality=quality or deg.quality or 90, exif=pil_exif.tobytes() if tags else b"")
    return buf.getvalue()


def render_variant(doc: Document, variant: str, seed: int) -> Sample:
    """The document as a user's file: ``clean`` (PNG), ``scan`` or ``photo`` (JPEG)."""
    deg = degrade(doc.image, doc.truth, variant, seed)
    data = encode(deg)
    return Sample(data=data, format="png" if variant == "clean" else "jpeg", variant=variant, truth=deg.truth,
                  width=deg.image.width, height=deg.image.height)


__all__ = ["VARIANTS", "Degraded", "degrade", "encode", "map_box", "map_truth", "render_variant"]
