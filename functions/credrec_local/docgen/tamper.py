"""Tampered documents (and their clean twins) for testing and measuring the forgery signals.

The forger works on a file a user would have: a generated page degraded as a scan or a phone photo and
saved as JPEG at quality q1 (exactly the ``scan``/``photo`` variant pipeline). The tampering happens on
those decoded pixels, and the result is saved again at a different quality q2 (|q2 - q1| >= 3), as an
image editor would. Kinds (``TAMPER_KINDS``):

* ``resaved`` - **benign, not tampered**: re-encoded at q2, metadata stripped (a messenger) or kept,
  sometimes downscaled.
* ``textedit`` - the name, one address line or the amount due is painted over with the background and
  typed again. Each care the forger may or may not take is a coin flip: same font or another one
  (size ±10 %), ink colour sampled or plain black, text turned to the page's skew or left level,
  blur and noise added to match or not, the baseline a pixel or two off.
* ``copymove`` - a region holding another line of the same page (an amount, or a text line of similar
  height) is copied over the amount due, the name or the account number (a clone stamp).
* ``splice`` - the name + address block of another document (its own scan/photo, its own
  compression) is rescaled and pasted over this one's.
* ``editor`` - pixels untouched, but re-saved by an "image editor": EXIF Software Photoshop/GIMP and an
  XMP packet with CreatorTool/history.
* ``screenshot`` - the bill shown in a phone or desktop viewer and screen-captured (PNG, sometimes a
  messenger's JPEG).
* ``screen_photo`` - the bill shown on a display and photographed with a phone: the display's pixel
  grid and sub-pixel stripes alias into moiré; camera EXIF.

Half of the pixel-tampered files keep the original file's EXIF (minus orientation), half have none.
``truth.extra["tamper"] = {"kind", "region", "tampered", "base", "q1", "q2", ...}``; ``region`` is the
edited box in the displayed image's pixels (None when the whole image is concerned).

``make_clean(doc, seed)`` gives the matching negatives: the scan/photo file exactly as
``render_variant`` makes it (one compression, scanner or phone EXIF), tagged ``{"kind": "clean",
"tampered": False}``. Everything is deterministic from the seed.

This is synthetic tampering by the same people who wrote the detectors; real forgeries will differ.
"""

from __future__ import annotations

import io
import random
import re
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageOps

from . import data as D
from .document import Document, Sample, Truth, TruthLine
from .fonts import families, load
from .variants import Degraded, degrade, encode, map_truth

TAMPER_KINDS: tuple[str, ...] = (
    "resaved", "textedit", "copymove", "splice", "editor", "screenshot", "screen_photo",
)
TAMPERED_KINDS: frozenset[str] = frozenset(TAMPER_KINDS) - {"resaved"}

Box = tuple[float, float, float, float]

_EDITOR_SOFTWARE = [
    "Adobe Photoshop 25.4 (Windows)", "Adobe Photoshop 24.7 (Macintosh)", "Adobe Photoshop CC 2019 (Windows)",
    "GIMP 2.10.36", "GIMP 2.10.30",
]


# ---------------------------------------------------------------------------------------------- helpers


def _rngs(kind: str, seed: int) -> tuple[random.Random, np.random.Generator]:
    rng = random.Random(f"tamper:{kind}:{seed}")
    return rng, np.random.default_rng(rng.getrandbits(32))


def _base(doc: Document, seed: int, rng: random.Random) -> Degraded:
    variant = "scan" if rng.random() < 0.6 else "photo"
    return degrade(doc.image, doc.truth, variant, seed)


def _decode(data: bytes) -> Image.Image:
    with Image.open(io.BytesIO(data)) as im:
        return ImageOps.exif_transpose(im).convert("RGB")


def _q2(rng: random.Random, q1: int) -> int:
    while True:
        q = rng.randint(72, 95)
        if abs(q - q1) >= 3:
            return q


def _jpeg(img: Image.Image, quality: int, exif: dict[int, Any] | None = None, xmp: bytes | None = None) -> bytes:
    buf = io.BytesIO()
    kw: dict[str, Any] = {"quality": quality}
    if exif:
        e = Image.Exif()
        for k, v in exif.items():
            e[k] = v
        kw["exif"] = e.tobytes()
    if xmp:
        kw["xmp"] = xmp
    img.save(buf, format="JPEG", **kw)
    return buf.getvalue()


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG", compress_level=6)
    return buf.getvalue()


def _kept_exif(deg: Degraded, rng: random.Random) -> dict[int, Any]:
    """Half the forgers keep the source file's EXIF (orientation dropped: pixels are now upright)."""
    if rng.random() < 0.5:
        return {}
    return {k: v for k, v in deg.exif.items() if k != 0x0112}


def _sample(data: bytes, fmt: str, variant: str, truth: Truth, img: Image.Image, info: dict[str, Any]) -> Sample:
    truth.extra["tamper"] = info
    return Sample(data=data, format=fmt, variant=variant, truth=truth, width=img.width, height=img.height)


def _font_path(stem: str) -> str:
    for fam in families():
        for p in (fam.regular, fam.bold):
            if p.stem == stem:
                return str(p)
    return str(families()[0].regular)


def _other_font(stem: str, rng: random.Random) -> str:
    bold = "Bold" in stem
    options = [f for f in families() if f.regular.stem != stem and f.bold.stem != stem]
    fam = rng.choice(options) if options else families()[0]
    return str(fam.bold if bold else fam.regular)


def _transform(deg: Degraded, doc: Document) -> np.ndarray:
    """3x3 matrix from clean-page pixels to the displayed degraded image."""
    import cv2

    v = deg.truth.extra.get("variant", {})
    w, h = doc.image.size
    if v.get("kind") == "scan":
        m = cv2.getRotationMatrix2D((w / 2, h / 2), v["angle"], v["scale"])
        return np.vstack([m, [0, 0, 1]])
    if v.get("kind") == "photo":
        src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
        return cv2.getPerspectiveTransform(src, np.array(v["quad"], dtype=np.float32))
    return np.eye(3)


def _local_geometry(matrix: np.ndarray, clean_box: Box) -> tuple[float, float]:
    """(angle in degrees, counter-clockwise as drawn by PIL; scale) of a clean line's box on the page."""
    x0, y0, x1, y1 = clean_box
    yc = (y0 + y1) / 2
    pts = np.array([[x0, yc, 1.0], [x1, yc, 1.0], [x0, y0, 1.0], [x0, y1, 1.0]])
    out = pts @ matrix.T
    out = out[:, :2] / out[:, 2:3]
    dx, dy = out[1] - out[0]
    angle = -np.degrees(np.arctan2(dy, dx))
    scale = float(np.hypot(*(out[3] - out[2])) / max(1.0, y1 - y0))
    return float(angle), scale


def _ring_background(arr: np.ndarray, box: Box, pad: int = 6) -> np.ndarray:
    h, w = arr.shape[:2]
    x0, y0, x1, y1 = (round(v) for v in box)
    X0, Y0, X1, Y1 = max(0, x0 - pad), max(0, y0 - pad), min(w, x1 + pad), min(h, y1 + pad)
    region = arr[Y0:Y1, X0:X1].reshape(-1, 3).astype(np.float32)
    lum = region.mean(axis=1)
    bright = region[lum >= np.percentile(lum, 60)]
    return np.median(bright, axis=0) if len(bright) else np.array([255.0, 255.0, 255.0])


def _ink_colour(arr: np.ndarray, box: Box) -> tuple[int, int, int]:
    x0, y0, x1, y1 = (round(v) for v in box)
    region = arr[max(0, y0):max(0, y1), max(0, x0):max(0, x1)].reshape(-1, 3).astype(np.float32)
    if not len(region):
        return (0, 0, 0)
    lum = region.mean(axis=1)
    dark = region[lum <= np.percentile(lum, 5)]
    return tuple(int(v) for v in np.median(dark, axis=0))  # type: ignore[return-value]


def _clip_box(box: Box, w: int, h: int) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = box
    return (max(0, int(np.floor(x0))), max(0, int(np.floor(y0))), min(w, int(np.ceil(x1))), min(h, int(np.ceil(y1))))


def _mutate_digits(text: str, rng: random.Random) -> str:
    """Change the digits of an amount while keeping its format (same length, different value)."""
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    if not digits:
        return text + "0"
    chars = list(text)
    while True:
        for i in digits:
            chars[i] = str(rng.randint(0, 9))
        first = digits[0]
        if chars[first] == "0" and len(digits) > 1 and not re.match(r"0[.,]", "".join(chars[first:first + 2])):
            chars[first] = str(rng.randint(1, 9))
        new = "".join(chars)
        if new != text:
            return new


def _draw_text_patch(arr: np.ndarray, text: str, font_path: str, px: float, colour: tuple[int, int, int],
                     anchor_xy: tuple[float, float], anchor: str, angle: float) -> Box:
    """Alpha-composite ``text`` onto ``arr`` (in place) rotated by ``angle``; returns the drawn box."""
    font = load(font_path, max(6, round(px)))
    left, t, r, b = font.getbbox(text, anchor="ls")
    pad = int(px * 0.6) + 4
    tw, th = int(r - left) + 2 * pad, int(b - t) + 2 * pad
    layer = Image.new("L", (tw, th), 0)
    ImageDraw.Draw(layer).text((pad - left, pad - t), text, font=font, fill=255, anchor="ls")
    ox, oy = pad - left, pad - t  # baseline-left point inside the layer
    if abs(angle) > 0.05:
        layer = layer.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, center=(ox, oy))
    mask = np.asarray(layer).astype(np.float32) / 255.0
    ax, ay = anchor_xy
    if anchor == "rs":
        ax -= r - left
    X0, Y0 = round(ax - ox), round(ay - oy)
    h, w = arr.shape[:2]
    x0, y0, x1, y1 = max(0, X0), max(0, Y0), min(w, X0 + tw), min(h, Y0 + th)
    if x1 <= x0 or y1 <= y0:
        return (float(ax), float(ay), float(ax), float(ay))
    m = mask[y0 - Y0:y1 - Y0, x0 - X0:x1 - X0, None]
    region = arr[y0:y1, x0:x1].astype(np.float32)
    arr[y0:y1, x0:x1] = np.clip(region * (1 - m) + np.array(colour, np.float32) * m, 0, 255).astype(np.uint8)
    ys, xs = np.nonzero(m[..., 0] > 0.1)
    if len(xs) == 0:
        return (float(x0), float(y0), float(x1), float(y1))
    return (float(x0 + xs.min()), float(y0 + ys.min()), float(x0 + xs.max() + 1), float(y0 + ys.max() + 1))


def _degrade_patch(arr: np.ndarray, box: tuple[int, int, int, int], blur: float, noise: float,
                   nrng: np.random.Generator) -> None:
    import cv2

    x0, y0, x1, y1 = box
    if x1 <= x0 or y1 <= y0:
        return
    patch: np.ndarray = arr[y0:y1, x0:x1].astype(np.float32)
    if blur > 0.05:
        patch = cv2.GaussianBlur(patch, (0, 0), blur)
    if noise > 0:
        patch += nrng.normal(0.0, noise, patch.shape).astype(np.float32)
    arr[y0:y1, x0:x1] = np.clip(patch, 0, 255).astype(np.uint8)


def _line_index(truth: Truth, roles: tuple[str, ...]) -> list[int]:
    return [i for i, ln in enumerate(truth.lines) if ln.role in roles and ln.text.strip()]


# ---------------------------------------------------------------------------------------------- kinds


def _textedit(doc: Document, deg: Degraded, arr: np.ndarray, rng: random.Random, nrng: np.random.Generator,
              info: dict[str, Any]) -> Truth:
    truth = deg.truth.copy()
    roll = rng.random()
    role = "name" if roll < 0.4 else "address" if roll < 0.7 else "amount_due"
    idx = _line_index(truth, (role,)) or _line_index(truth, ("name",))
    i = rng.choice(idx) if role == "address" else idx[0]
    line, clean_line = truth.lines[i], doc.truth.lines[i]
    role = line.role
    if role == "name":
        new = D.person_name(truth.country, rng)
        truth.name = new
    elif role == "address":
        pool = [a for a in D.address_lines(truth.country, rng) if a != line.text]
        new = rng.choice(pool) if pool else line.text + " A"
        truth.address_lines = [new if a == line.text else a for a in truth.address_lines]
    else:
        new = _mutate_digits(line.text, rng)
        truth.amount_due = new
    matrix = _transform(deg, doc)
    angle, scale = _local_geometry(matrix, clean_line.box)
    h, w = arr.shape[:2]
    box = line.box
    pad = max(2, round((box[3] - box[1]) * 0.15))
    X0, Y0, X1, Y1 = _clip_box((box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad), w, h)
    ink = _ink_colour(arr, box)
    bg = _ring_background(arr, box, pad=pad + 4)
    arr[Y0:Y1, X0:X1] = bg.astype(np.uint8)
    care = {k: rng.random() < 0.5 for k in ("font", "colour", "angle", "degrade")}
    font_path = _font_path(clean_line.font) if care["font"] else _other_font(clean_line.font, rng)
    px = clean_line.size * scale * (1.0 if care["font"] else rng.uniform(0.9, 1.1))
    colour = ink if care["colour"] else (0, 0, 0)
    draw_angle = angle if care["angle"] else 0.0
    # baseline: where the clean line's baseline lands on the page, plus a pixel or two of hand placement
    font = load(_font_path(clean_line.font), clean_line.size)
    asc = -font.getbbox(clean_line.text, anchor="ls")[1]
    cx0, cy0, cx1, _cy1 = clean_line.box
    right = clean_line.role in ("amount_due",) and (cx1 > doc.image.width * 0.6)
    base_clean = np.array([cx1 if right else cx0, cy0 + asc, 1.0])
    p = matrix @ base_clean
    bx, by = p[0] / p[2], p[1] / p[2]
    jitter = rng.uniform(-2.0, 2.0)
    drawn = _draw_text_patch(arr, new, font_path, px, colour, (bx + rng.uniform(-1.5, 1.5), by + jitter),
                             "rs" if right else "ls", draw_angle)
    region = (min(X0, drawn[0]), min(Y0, drawn[1]), max(X1, drawn[2]), max(Y1, drawn[3]))
    if care["degrade"]:
        blur = deg.truth.extra.get("variant", {}).get("blur", rng.uniform(0.6, 1.0))
        _degrade_patch(arr, _clip_box(region, w, h), blur * rng.uniform(0.8, 1.2), rng.uniform(2.5, 6.0), nrng)
    line.text = new
    line.box = tuple(float(v) for v in drawn)  # type: ignore[assignment]
    info.update(region=tuple(float(v) for v in region), target=role, care=care)
    return truth


def _copymove(doc: Document, deg: Degraded, arr: np.ndarray, rng: random.Random, nrng: np.random.Generator,
              info: dict[str, Any]) -> Truth:
    truth = deg.truth.copy()
    h, w = arr.shape[:2]
    targets = _line_index(truth, ("amount_due",)) + _line_index(truth, ("name",)) + _line_index(truth, ("account_number",))
    ti = rng.choice(targets)
    tl = truth.lines[ti]
    th = tl.box[3] - tl.box[1]
    amounts = ("line_item", "subtotal", "total", "previous_balance", "payment", "tax", "minimum_payment", "balance")
    pool_roles = amounts if tl.role == "amount_due" else ("label", "address", "line_item", "other", "bill_date")
    t_w = tl.box[2] - tl.box[0]

    def ok(ln: TruthLine, slack: float) -> bool:
        hh, ww = ln.box[3] - ln.box[1], ln.box[2] - ln.box[0]
        far = abs((ln.box[1] + ln.box[3]) / 2 - (tl.box[1] + tl.box[3]) / 2) > th * 1.5
        return (ln is not tl and ln.text != tl.text and abs(hh - th) <= slack * th and far
                and 0.6 * t_w <= ww <= 1.4 * t_w)

    sources = [ln for ln in truth.lines if ln.role in pool_roles and ok(ln, 0.25)]
    if not sources:
        sources = [ln for ln in truth.lines if ok(ln, 0.4)] or [ln for ln in truth.lines if ln is not tl]
    sl = rng.choice(sources)
    pad = max(2, round(th * 0.2))
    tw = max(tl.box[2] - tl.box[0], sl.box[2] - sl.box[0])
    right = tl.role == "amount_due" and tl.box[2] > w * 0.6
    if right:  # right-aligned amounts: copy the source's right part over the target's right part
        src = (sl.box[2] - tw - pad, sl.box[1] - pad, sl.box[2] + pad, sl.box[3] + pad)
        dst_x0 = tl.box[2] - tw - pad
    else:
        src = (sl.box[0] - pad, sl.box[1] - pad, sl.box[0] + tw + pad, sl.box[3] + pad)
        dst_x0 = tl.box[0] - pad
    # vertical: align the source line's box bottom with the target's (same role of baseline)
    dst_y0 = tl.box[3] + pad - (src[3] - src[1])
    sx0, sy0, sx1, sy1 = _clip_box(src, w, h)
    dx0, dy0 = round(dst_x0), round(dst_y0)
    pw, ph = sx1 - sx0, sy1 - sy0
    dx0, dy0 = max(0, min(w - pw, dx0)), max(0, min(h - ph, dy0))
    patch = arr[sy0:sy1, sx0:sx1].copy()
    arr[dy0:dy0 + ph, dx0:dx0 + pw] = patch
    tl.text = sl.text  # the pasted text now reads as the source line, where the source's text landed
    ox, oy = dx0 - sx0, dy0 - sy0
    tl.box = (sl.box[0] + ox, sl.box[1] + oy, sl.box[2] + ox, sl.box[3] + oy)
    if tl.role == "name":
        truth.name = sl.text
    if tl.role == "amount_due":
        truth.amount_due = sl.text
    info.update(region=(float(dx0), float(dy0), float(dx0 + pw), float(dy0 + ph)),
                source=(float(sx0), float(sy0), float(sx1), float(sy1)), target=tl.role)
    return truth


def _splice(doc: Document, deg: Degraded, arr: np.ndarray, rng: random.Random, nrng: np.random.Generator,
            info: dict[str, Any], seed: int) -> Truth:
    from .render import generate

    truth = deg.truth.copy()
    h, w = arr.shape[:2]
    donor_doc = generate(seed * 7919 + 104729, country=truth.country)
    donor = degrade(donor_doc.image, donor_doc.truth, rng.choice(["scan", "photo"]), seed + 1)
    donor_img = _decode(encode(donor))  # the donor has its own compression history
    darr = np.asarray(donor_img)

    def block(t: Truth) -> tuple[Box, list[int]]:
        idx = _line_index(t, ("name", "address"))
        boxes = [t.lines[i].box for i in idx]
        return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)), idx

    (tx0, ty0, tx1, ty1), tidx = block(truth)
    (sx0, sy0, sx1, sy1), sidx = block(donor.truth)
    pad_t = (ty1 - ty0) * 0.08
    tgt = _clip_box((tx0 - pad_t, ty0 - pad_t, tx1 + pad_t, ty1 + pad_t), w, h)
    bg = _ring_background(arr, (tx0, ty0, tx1, ty1), pad=int(pad_t) + 6)
    arr[tgt[1]:tgt[3], tgt[0]:tgt[2]] = bg.astype(np.uint8)  # clear the old block first
    scale = (ty1 - ty0) / max(1.0, sy1 - sy0) * rng.uniform(0.9, 1.1)
    pad_s = (sy1 - sy0) * 0.08
    src = _clip_box((sx0 - pad_s, sy0 - pad_s, sx1 + pad_s, sy1 + pad_s), darr.shape[1], darr.shape[0])
    piece = donor_img.crop(src)
    if rng.random() < 0.7:  # most forgers match the paper colour ("levels") before pasting
        dbg = _ring_background(darr, (sx0, sy0, sx1, sy1), pad=int(pad_s) + 6)
        gain = np.clip(bg / np.maximum(dbg, 1.0), 0.5, 2.0)
        piece = Image.fromarray(np.clip(np.asarray(piece).astype(np.float32) * gain, 0, 255).astype(np.uint8))
        info["colour_matched"] = True
    nw, nh = max(4, round(piece.width * scale)), max(4, round(piece.height * scale))
    piece = piece.resize((nw, nh), Image.Resampling.BICUBIC)
    px0, py0 = round(tx0 - pad_s * scale), round(ty0 - pad_s * scale)
    px0, py0 = max(0, min(w - nw, px0)), max(0, min(h - nh, py0))
    pw, ph = min(nw, w - px0), min(nh, h - py0)
    arr[py0:py0 + ph, px0:px0 + pw] = np.asarray(piece)[:ph, :pw]
    # truth: the donor's name and address lines, moved and scaled into place
    new_lines: list[TruthLine] = []
    for j in sidx:
        dl = donor.truth.lines[j]
        b = dl.box
        nb = (px0 + (b[0] - src[0]) * scale, py0 + (b[1] - src[1]) * scale,
              px0 + (b[2] - src[0]) * scale, py0 + (b[3] - src[1]) * scale)
        new_lines.append(TruthLine(dl.text, dl.role, nb, dl.font, round(dl.size * scale)))
    keep = [ln for k, ln in enumerate(truth.lines) if k not in set(tidx)]
    truth.lines = keep + new_lines
    truth.name, truth.address_lines = donor.truth.name, list(donor.truth.address_lines)
    region = (min(tgt[0], px0), min(tgt[1], py0), max(tgt[2], px0 + pw), max(tgt[3], py0 + ph))
    info.update(region=tuple(float(v) for v in region), scale=scale, donor_variant=donor.variant)
    return truth


def _xmp(tool: str, rng: random.Random) -> bytes:
    when = f"2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T1{rng.randint(0, 9)}:2{rng.randint(0, 9)}:00+08:00"
    ps = ('\n   xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"\n   photoshop:ColorMode="3"'
          if "Photoshop" in tool else "")
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about=""\n   xmlns:xmp="http://ns.adobe.com/xap/1.0/"\n'
        '   xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"\n'
        '   xmlns:stEvt="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#"'
        f'{ps}\n   xmp:CreatorTool="{tool}"\n   xmp:ModifyDate="{when}">\n'
        '   <xmpMM:History><rdf:Seq><rdf:li stEvt:action="saved" '
        f'stEvt:softwareAgent="{tool}" stEvt:when="{when}"/></rdf:Seq></xmpMM:History>\n'
        '  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end="w"?>'
    ).encode()


# ---------------------------------------------------------------------------------------------- capture


_PHONES = [(1080, 2400), (1170, 2532), (1179, 2556), (1080, 2340), (1284, 2778), (1125, 2436), (1440, 3200),
           (1290, 2796), (828, 1792), (1080, 2220)]
_DESKTOPS = [(1920, 1080), (2560, 1440), (1366, 768), (1440, 900), (1536, 864), (2880, 1800), (1920, 1200)]


def _ui_font(px: int, bold: bool = False):
    fam = families()[0]
    return load(str(fam.bold if bold else fam.regular), max(8, px))


def _screenshot(doc: Document, rng: random.Random, nrng: np.random.Generator, seed: int) -> tuple[Image.Image, Truth, dict]:
    phone = rng.random() < 0.7
    sw, sh = rng.choice(_PHONES if phone else _DESKTOPS)
    dark = rng.random() < 0.3
    ui = rng.choice([(255, 255, 255), (248, 248, 248), (33, 33, 33), (0, 91, 150), (200, 16, 46), (18, 18, 18)])
    if dark:
        ui = (18, 18, 18)
    viewer_bg = rng.choice([(230, 230, 230), (82, 86, 89), (242, 242, 247), (50, 50, 50), (255, 255, 255)])
    canvas = Image.new("RGB", (sw, sh), viewer_bg)
    dr = ImageDraw.Draw(canvas)
    fg = (255, 255, 255) if sum(ui) < 384 else (0, 0, 0)
    # content: the e-bill itself (clean) most of the time, sometimes a scan viewed in a gallery app
    if rng.random() < 0.7:
        content = doc.image.convert("RGB")
        base_truth = doc.truth.copy()
    else:
        d = degrade(doc.image, doc.truth, "scan", seed)
        content = _decode(encode(d))
        base_truth = d.truth
    if phone:
        status_h = int(sh * rng.uniform(0.018, 0.03))
        bar_h = int(sh * rng.uniform(0.035, 0.05))
        top = status_h + bar_h
        dr.rectangle([0, 0, sw, top], fill=ui)
        dr.text((int(sw * 0.06), status_h // 2), f"{rng.randint(7, 23)}:{rng.randint(0, 59):02d}",
                font=_ui_font(int(status_h * 0.55), True), fill=fg, anchor="lm")
        for k in range(4):  # signal bars, wifi, battery
            x = sw - int(sw * 0.06) - k * int(status_h * 0.9)
            dr.rectangle([x - int(status_h * 0.6), status_h * 0.3, x, status_h * 0.7], outline=fg,
                         fill=fg if k != 0 else None)
        dr.text((int(sw * 0.14), status_h + bar_h // 2), rng.choice(["Bill.pdf", "eStatement", "Documents", "Inbox"]),
                font=_ui_font(int(bar_h * 0.4), True), fill=fg, anchor="lm")
        dr.text((int(sw * 0.04), status_h + bar_h // 2), "<", font=_ui_font(int(bar_h * 0.5)), fill=fg, anchor="lm")
        nav_h = int(sh * 0.03) if rng.random() < 0.5 else 0
        if nav_h:
            dr.rectangle([0, sh - nav_h, sw, sh], fill=ui)
            dr.rounded_rectangle([sw * 0.38, sh - nav_h * 0.55, sw * 0.62, sh - nav_h * 0.4], radius=3, fill=fg)
        margin = int(sw * rng.choice([0.0, 0.03, 0.05]))
        avail_w, avail_top, avail_bottom = sw - 2 * margin, top + margin, sh - nav_h
    else:
        bar_h = int(sh * rng.uniform(0.06, 0.09))
        task_h = int(sh * 0.04)
        dr.rectangle([0, 0, sw, bar_h], fill=ui)
        dr.text((int(sw * 0.02), bar_h // 2), rng.choice(["statement.pdf - Viewer", "Bill - Browser"]),
                font=_ui_font(int(bar_h * 0.3)), fill=fg, anchor="lm")
        dr.rectangle([0, sh - task_h, sw, sh], fill=(30, 30, 40))
        avail_h = sh - bar_h - task_h
        page_w = int(min(sw * 0.6, content.width * avail_h * 1.6 / content.height))
        margin = (sw - page_w) // 2
        avail_w, avail_top, avail_bottom = page_w, bar_h + int(sh * 0.01), sh - task_h
    s = avail_w / content.width
    page = content.resize((avail_w, int(content.height * s)), Image.Resampling.LANCZOS)
    visible = min(page.height, avail_bottom - avail_top)
    canvas.paste(page.crop((0, 0, avail_w, visible)), (margin, avail_top))
    m = np.array([[s, 0, margin], [0, s, avail_top], [0, 0, 1]], dtype=np.float64)
    truth = map_truth(base_truth, m, (sw, sh))
    truth.lines = [ln for ln in truth.lines if ln.box[3] <= avail_top + visible and ln.box[1] < ln.box[3]]
    return canvas, truth, {"device": "phone" if phone else "desktop", "size": (sw, sh)}


def _screen_photo(doc: Document, rng: random.Random, nrng: np.random.Generator) -> tuple[Image.Image, Truth, dict]:
    """The bill on a display, photographed: the sub-pixel grid and gaps multiply the content and alias."""
    import cv2

    src = np.asarray(doc.image.convert("RGB"))
    H, W = src.shape[:2]
    scr_w = rng.randint(900, 1400)
    scr_h = int(H * scr_w / W)
    scr = cv2.resize(src, (scr_w, scr_h), interpolation=cv2.INTER_AREA)
    cam_long = rng.randint(1600, 2000)
    cam_w, cam_h = (int(cam_long * 3 / 4), cam_long) if scr_h >= scr_w else (cam_long, int(cam_long * 3 / 4))
    fill = rng.uniform(0.8, 0.95)
    p = min(cam_w * fill / scr_w, cam_h * fill / scr_h)  # screen pixel pitch in camera pixels
    sw, sh = scr_w * p, scr_h * p
    cx, cy = cam_w / 2 + rng.uniform(-0.02, 0.02) * cam_w, cam_h / 2 + rng.uniform(-0.02, 0.02) * cam_h
    j = 0.04
    dst = np.array([[cx - sw / 2 + rng.uniform(-j, j) * sw, cy - sh / 2 + rng.uniform(-j, j) * sh],
                    [cx + sw / 2 + rng.uniform(-j, j) * sw, cy - sh / 2 + rng.uniform(-j, j) * sh],
                    [cx + sw / 2 + rng.uniform(-j, j) * sw, cy + sh / 2 + rng.uniform(-j, j) * sh],
                    [cx - sw / 2 + rng.uniform(-j, j) * sw, cy + sh / 2 + rng.uniform(-j, j) * sh]], dtype=np.float32)
    corners = np.array([[0, 0], [scr_w, 0], [scr_w, scr_h], [0, scr_h]], dtype=np.float32)
    to_screen = cv2.getPerspectiveTransform(dst, corners)
    ys, xs = np.mgrid[0:cam_h, 0:cam_w].astype(np.float32)
    den = to_screen[2, 0] * xs + to_screen[2, 1] * ys + to_screen[2, 2]
    u = ((to_screen[0, 0] * xs + to_screen[0, 1] * ys + to_screen[0, 2]) / den).astype(np.float32)
    v = ((to_screen[1, 0] * xs + to_screen[1, 1] * ys + to_screen[1, 2]) / den).astype(np.float32)
    img = cv2.remap(scr, u - 0.5, v - 0.5, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                    borderValue=(14, 14, 16)).astype(np.float32)
    # the display's grid as seen through the lens: sub-pixel stripes (colour) and row gaps (luminance),
    # attenuated by optics/demosaicing; sampled at camera pixels it aliases into moiré
    amp = rng.uniform(0.03, 0.25)
    gap = 1 + amp * np.cos(2 * np.pi * v)
    for c in range(3):
        img[..., c] *= (1 + amp * np.cos(2 * np.pi * (u - c / 3.0))) * gap
    # backlight: cooler white, some glare, a lens blur, sensor noise
    yy, xx = ys / cam_h - 0.5, xs / cam_w - 0.5
    glare = 1.0 + rng.uniform(0.0, 0.12) * np.exp(-((xx - rng.uniform(-0.3, 0.3)) ** 2 + (yy - rng.uniform(-0.3, 0.3)) ** 2) / 0.05)
    tint = np.array(rng.choice([(0.95, 0.98, 1.0), (0.92, 0.96, 1.0), (1.0, 1.0, 1.0)]), np.float32)
    img = img * glare[..., None] * tint * rng.uniform(0.85, 0.95)
    img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.5, 1.1))
    img += nrng.normal(0.0, rng.uniform(2.0, 5.0), img.shape).astype(np.float32)
    out = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
    to_cam = np.linalg.inv(to_screen) @ np.array([[scr_w / W, 0, 0], [0, scr_h / H, 0], [0, 0, 1]])
    truth = map_truth(doc.truth, to_cam, (cam_w, cam_h))
    return out, truth, {"moire_amplitude": round(amp, 3), "pitch": round(p, 3)}


# ---------------------------------------------------------------------------------------------- API


def make_clean(doc: Document, seed: int) -> Sample:
    """A clean negative: the scan (60 %) or photo (40 %) file as ``render_variant`` would write it."""
    rng, _ = _rngs("clean", seed)
    deg = _base(doc, seed, rng)
    data = encode(deg)
    info = {"kind": "clean", "region": None, "tampered": False, "base": deg.variant, "q1": deg.quality, "q2": None}
    return _sample(data, "jpeg", deg.variant, deg.truth.copy(), deg.image, info)


def make_tampered(kind: str, doc: Document, seed: int) -> Sample:
    """One sample of ``kind`` (see the module docstring). ``resaved`` is benign (``tampered`` False)."""
    if kind not in TAMPER_KINDS:
        raise ValueError(f"unknown tamper kind {kind!r}; expected one of {TAMPER_KINDS}")
    rng, nrng = _rngs(kind, seed)
    info: dict[str, Any] = {"kind": kind, "region": None, "tampered": kind in TAMPERED_KINDS}
    if kind == "screenshot":
        img, truth, extra = _screenshot(doc, rng, nrng, seed)
        info.update(extra, base="clean")
        if rng.random() < 0.7:
            return _sample(_png(img), "png", "clean", truth, img, info)
        q = rng.randint(70, 90)  # forwarded through a messenger: JPEG, no metadata
        info["q2"] = q
        return _sample(_jpeg(img, q), "jpeg", "clean", truth, img, info)
    if kind == "screen_photo":
        img, truth, extra = _screen_photo(doc, rng, nrng)
        make, model, sw = rng.choice([("Apple", "iPhone 13", "17.5.1"), ("samsung", "SM-S911B", None),
                                      ("Google", "Pixel 7", None), ("Xiaomi", "Redmi Note 12", None)])
        exif: dict[int, Any] = {0x010F: make, 0x0110: model}
        if sw:
            exif[0x0131] = sw
        q = rng.randint(80, 93)
        info.update(extra, base="photo", q2=q)
        return _sample(_jpeg(img, q, exif if rng.random() < 0.7 else None), "jpeg", "photo", truth, img, info)

    deg = _base(doc, seed, rng)
    first = encode(deg)
    img = _decode(first)
    q1 = int(deg.quality or 90)
    q2 = _q2(rng, q1)
    info.update(base=deg.variant, q1=q1, q2=q2)
    truth = deg.truth.copy()
    if kind == "resaved":
        exif = {} if rng.random() < 0.6 else {k: v for k, v in deg.exif.items() if k != 0x0112}
        if rng.random() < 0.3:  # messengers also downscale large images
            f = rng.uniform(0.6, 0.85)
            img = img.resize((int(img.width * f), int(img.height * f)), Image.Resampling.LANCZOS)
            truth = map_truth(truth, np.diag([f, f, 1.0]), img.size)
        info["exif_kept"] = bool(exif)
        return _sample(_jpeg(img, q2, exif), "jpeg", deg.variant, truth, img, info)
    if kind == "editor":
        tool = rng.choice(_EDITOR_SOFTWARE)
        exif = {k: v for k, v in deg.exif.items() if k != 0x0112}
        exif[0x0131] = tool
        info["software"] = tool
        return _sample(_jpeg(img, q2, exif, _xmp(tool, rng)), "jpeg", deg.variant, truth, img, info)
    arr = np.array(img)
    if kind == "textedit":
        truth = _textedit(doc, deg, arr, rng, nrng, info)
    elif kind == "copymove":
        truth = _copymove(doc, deg, arr, rng, nrng, info)
    else:  # splice
        truth = _splice(doc, deg, arr, rng, nrng, info, seed)
    out = Image.fromarray(arr)
    exif = _kept_exif(deg, rng)
    info["exif_kept"] = bool(exif)
    return _sample(_jpeg(out, q2, exif), "jpeg", deg.variant, truth, out, info)


__all__ = ["TAMPERED_KINDS", "TAMPER_KINDS", "make_clean", "make_tampered"]
