"""Forgery signals against tampering made by *other tools* than the generator the signals were tuned on.

    .venv/bin/python tests/bench/forgery_independent.py                  # dev and eval sets
    .venv/bin/python tests/bench/forgery_independent.py --set eval --reuse-ocr --json out.json

The signals (``engine/forensics``) were tuned on ``docgen.tamper`` (PIL drawing on generated bills). Here the
edits are made at benchmark time, into a temporary folder that is deleted afterwards, on documents nobody
here made, in two sets kept apart:

* **dev** — the 8 pages of ``../shared/real-dev`` and the first 10 SROIE receipts: signals may be looked at
  and adjusted against these;
* **eval** — the other 10 SROIE receipts and the invoice2data invoices (``../shared/external-samples``):
  never tuned on; the figures that say whether a change generalises.

Edits (each ends as a JPEG but text-png; "2save" = the page was a JPEG at q70-85 *before* the edit and is saved again
at q90-95 after it, as a scanned or photographed page re-saved by an editor; qualities drawn per page):

* **imagemagick-text**: ImageMagick ``convert -draw rectangle/text`` paints over one OCR line with the
  paper colour and types a changed text in DejaVu Sans at the line's height and ink colour (an amount
  with one digit changed when the page has one, else the first name-like line), then JPEG q88;
* **opencv-clone**: OpenCV ``seamlessClone`` (Poisson blending) copies one text line over another line
  of the same page (a copy-move that blends into the paper), then JPEG q88;
* **text-2save**: a name or address line retyped with ImageMagick between two saves;
* **text-png**: the same edit on the first save, exported as PNG (an editor's lossless export);
* **item-2save**: a line-item amount retyped (one digit changed, so the page's sums no longer hold);
* **copy-2save**: the pixels of one amount line pasted (no blending) over another line at an offset that
  is not a multiple of 8;
* **splice-2save**: two or three lines of *another* page of the set, JPEG-saved at its own quality, pasted
  over the host's name line;
* untouched: the page saved as JPEG q88 (**resaved**), through a chain q95 → q72 → q88 (**resave-chain**),
  saved twice exactly like the 2save edits but with no edit (**double-save**), and its first save
  exported as PNG with no edit (**jpeg-to-png**).

Scores: share of edited files flagged (SubCode 212) and share whose flag *points at the edit* (a
non-informational signal whose region overlaps the edited box; a metadata-only or region-less flag does
not count), and false alarms on the untouched files. OCR results are cached per file (``ocrcache.py``);
``--reuse-ocr`` skips the OCR of each variant (the source page's lines, the edited line reading the new
text: an OCR that reads the edit perfectly).
Never fails the build (exit 0). Nothing generated here is kept or committed.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "functions"))
sys.path.insert(0, str(ROOT))

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _shared(name: str) -> Path:
    for up in ROOT.parents:
        if (up / "shared" / name).exists():
            return up / "shared" / name
    return ROOT.parent / "shared" / name


@dataclass
class Variant:
    source: str
    kind: str  # original kinds: resaved, resave-chain, imagemagick-text, opencv-clone
    data: bytes
    tampered: bool
    region: tuple[float, float, float, float] | None  # the edited box (original pixels)
    note: str = ""
    line: int | None = None  # index of the OCR line that now reads ``new_text`` (for --reuse-ocr)
    new_text: str = ""


def encode(rgb: Any, fmt: str = "JPEG", **params: Any) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, format=fmt, **params)
    return buf.getvalue()


def jpeg(rgb: Any, quality: int) -> bytes:
    return encode(rgb, "JPEG", quality=quality)


def decode(data: bytes) -> Any:
    import numpy as np
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


def _paper_and_ink(rgb: Any, box: tuple[int, int, int, int]) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    import numpy as np

    x0, y0, x1, y1 = box
    crop = rgb[y0:y1, x0:x1].reshape(-1, 3).astype(float)
    lum = crop.mean(axis=1)
    paper = np.median(crop[lum >= np.percentile(lum, 60)], axis=0)
    ink = np.median(crop[lum <= np.percentile(lum, 10)], axis=0)
    return tuple(int(v) for v in paper), tuple(int(v) for v in ink)  # type: ignore[return-value]


def _changed_text(text: str) -> str:
    """One digit changed (amounts, numbers) or the words shuffled (names): the same length, new content."""
    digits = [i for i, c in enumerate(text) if c.isdigit()]
    if digits:
        i = digits[0] if len(digits) < 3 else digits[-3]  # the units digit before the cents
        return text[:i] + str((int(text[i]) + 7) % 10) + text[i + 1:]
    words = text.split()
    return " ".join(reversed(words)) if len(words) > 1 else text[::-1]


def _target_line(lines: list[Any]) -> Any | None:
    from credrec_local.engine import patterns as P

    money = [ln for ln in lines if P.parse_money(ln.text, require_marker=True) and ln.height >= 12]
    if money:
        return max(money, key=lambda ln: ln.height * (1 + ln.box[1] / 10000))
    names = [ln for ln in lines if P.name_score(ln.text) >= 0.8 and ln.height >= 12]
    return names[0] if names else None


def _retype(rgb: Any, target: Any, tmp: Path, quality: int, suffix: str = ".jpg") -> tuple[bytes, tuple[float, ...], str]:
    """ImageMagick: paint the paper colour over ``target``'s box and type a changed text in DejaVu Sans at the
    line's height and ink colour, then save as JPEG ``quality``."""
    from PIL import Image

    x0, y0, x1, y1 = (round(v) for v in target.box)
    pad = 2
    box = (max(0, x0 - pad), max(0, y0 - pad), min(rgb.shape[1], x1 + pad), min(rgb.shape[0], y1 + pad))
    paper, ink = _paper_and_ink(rgb, box)
    src, out = tmp / "in.png", tmp / f"out{suffix}"
    Image.fromarray(rgb).save(src)
    text = _changed_text(target.text).replace("'", "").replace("\\", "")
    size = max(8, round((y1 - y0) * 0.8))
    cmd = ["convert", str(src), "-fill", f"rgb{paper}", "-draw", f"rectangle {box[0]},{box[1]} {box[2]},{box[3]}",
           "-fill", f"rgb{ink}", "-font", FONT, "-pointsize", str(size),
           "-draw", f"text {x0},{int(y1 - 0.2 * (y1 - y0))} '{text}'", "-quality", str(quality), str(out)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=60)  # noqa: S603 - fixed argv, our temp files
    return out.read_bytes(), tuple(float(v) for v in box), text


def imagemagick_text(rgb: Any, lines: list[Any], tmp: Path) -> tuple[Any, ...] | None:
    target = _target_line(lines)
    if target is None:
        return None
    data, box, text = _retype(rgb, target, tmp, 88)
    kind = "amount" if any(c.isdigit() for c in target.text) else "name"
    return data, box, kind, lines.index(target), text


_TOTALS = re.compile(r"total|amount|balance|due|tax|gst|vat|change|cash|tender|round|paid|payment|credit|visa|card",
                     re.IGNORECASE)


def _item_line(lines: list[Any]) -> Any | None:
    """A line-item amount: a money line that is not a total, tax, payment or change line (and is not the
    largest amount on the page), the middle one of those."""
    from credrec_local.engine import patterns as P

    found = [(ln, P.parse_money(ln.text, whole=False, require_marker=True)) for ln in lines if ln.height >= 10]
    money = [(ln, m.value) for ln, m in found if m is not None and m.value > 0]
    if len(money) < 3:
        return None
    top = max(v for _, v in money)
    items = [ln for ln, v in money if not _TOTALS.search(ln.text) and v < top]
    return items[len(items) // 2] if items else None


def _name_line(lines: list[Any]) -> Any | None:
    from credrec_local.engine import patterns as P

    names = [ln for ln in lines if P.name_score(ln.text) >= 0.8 and ln.height >= 10]
    if names:
        return names[0]
    words = [ln for ln in lines if ln.height >= 10 and sum(c.isalpha() for c in ln.text) >= 6]
    return words[len(words) // 3] if words else None


def text_2save(base: Any, lines: list[Any], tmp: Path, q2: int) -> tuple[Any, ...] | None:
    """A name or address line retyped on a page that was a JPEG before the edit, saved again at ``q2``."""
    target = _name_line(lines)
    if target is None:
        return None
    data, box, text = _retype(base, target, tmp, q2)
    return data, box, "name", lines.index(target), text


def text_png(base: Any, lines: list[Any], tmp: Path) -> tuple[Any, ...] | None:
    """A name or address line retyped on a page that was a JPEG, exported losslessly (PNG) by the editor."""
    target = _name_line(lines)
    if target is None:
        return None
    data, box, text = _retype(base, target, tmp, 100, ".png")
    return data, box, "name", lines.index(target), text


def item_2save(base: Any, lines: list[Any], tmp: Path, q2: int) -> tuple[Any, ...] | None:
    """A line-item amount retyped (one digit changed, so the sums no longer hold), between two JPEG saves."""
    target = _item_line(lines)
    if target is None:
        return None
    data, box, text = _retype(base, target, tmp, q2)
    return data, box, "item", lines.index(target), text


def copy_2save(base: Any, lines: list[Any], q2: int, rng: random.Random) -> tuple[Any, ...] | None:
    """Copy-move without blending: the pixels of one amount (or word) line pasted over another line of the
    same page at an offset that is not a multiple of 8, between two JPEG saves."""
    import numpy as np

    from credrec_local.engine import patterns as P

    usable = [ln for ln in lines if ln.height >= 10 and (ln.box[2] - ln.box[0]) >= 2 * ln.height]
    money = [ln for ln in usable if P.parse_money(ln.text, whole=False, require_marker=True)]
    pool = money if len(money) >= 2 else usable
    if len(pool) < 2:
        return None
    src, dst = pool[0], pool[len(pool) // 2] if len(pool) > 2 else pool[1]
    if src is dst:
        return None
    sx0, sy0, sx1, sy1 = (round(v) for v in src.box)
    dx0, dy0 = round(dst.box[0]) + rng.choice([1, 3, 5]), round(dst.box[1]) + rng.choice([2, 3, 6])
    h, w = sy1 - sy0, min(sx1 - sx0, base.shape[1] - dx0)
    if w < 8 or h < 6 or dy0 + h > base.shape[0]:
        return None
    out = np.array(base)
    out[dy0:dy0 + h, dx0:dx0 + w] = base[sy0:sy0 + h, sx0:sx0 + w]
    return jpeg(out, q2), (float(dx0), float(dy0), float(dx0 + w), float(dy0 + h)), "copy", lines.index(dst), src.text


def splice_2save(base: Any, lines: list[Any], donor: Any, donor_lines: list[Any], q2: int,
                 rng: random.Random) -> tuple[Any, ...] | None:
    """A holder block spliced from *another* document with its own JPEG history (the donor was a JPEG at
    another quality and lands at an offset that is not a multiple of 8): two or three donor lines pasted
    over the host's name line, then one final save at ``q2``."""
    import numpy as np

    dst = _name_line(lines)
    block = _name_line(donor_lines)
    if dst is None or block is None:
        return None
    i = donor_lines.index(block)
    group = [block] + [ln for ln in donor_lines[i + 1:i + 3] if ln.box[1] - block.box[3] < 3 * block.height]
    bx0 = round(min(ln.box[0] for ln in group)) - 2
    by0 = round(min(ln.box[1] for ln in group)) - 2
    bx1 = round(max(ln.box[2] for ln in group)) + 2
    by1 = round(max(ln.box[3] for ln in group)) + 2
    bx0, by0 = max(0, bx0), max(0, by0)
    donor_q = decode(jpeg(donor, rng.choice([65, 72, 80, 90])))
    patch = donor_q[by0:by1, bx0:bx1]
    dx0, dy0 = round(dst.box[0]) + rng.choice([1, 3]), round(dst.box[1]) + rng.choice([1, 5])
    h = min(patch.shape[0], base.shape[0] - dy0)
    w = min(patch.shape[1], base.shape[1] - dx0)
    if w < 16 or h < 8:
        return None
    out = np.array(base)
    out[dy0:dy0 + h, dx0:dx0 + w] = patch[:h, :w]
    return (jpeg(out, q2), (float(dx0), float(dy0), float(dx0 + w), float(dy0 + h)), "splice",
            lines.index(dst), group[0].text)


def opencv_clone(rgb: Any, lines: list[Any]) -> tuple[Any, ...] | None:
    import cv2
    import numpy as np

    from credrec_local.engine import patterns as P

    usable = [ln for ln in lines if ln.height >= 12 and (ln.box[2] - ln.box[0]) >= 3 * ln.height]
    money = [ln for ln in usable if P.parse_money(ln.text, require_marker=True)]
    pool = money if len(money) >= 2 else usable
    if len(pool) < 2:
        return None
    src, dst = pool[0], pool[-1]
    sx0, sy0, sx1, sy1 = (round(v) for v in src.box)
    dx0, dy0, _dx1, _dy1 = (round(v) for v in dst.box)
    w = min(sx1 - sx0, rgb.shape[1] - dx0 - 2)
    h = sy1 - sy0
    if w < 8 or h < 8 or dy0 + h >= rgb.shape[0] - 2:
        return None
    patch = np.ascontiguousarray(rgb[sy0:sy0 + h, sx0:sx0 + w])
    mask = np.full(patch.shape[:2], 255, np.uint8)
    centre = (dx0 + w // 2, dy0 + h // 2)
    out = cv2.seamlessClone(patch, np.ascontiguousarray(rgb), mask, centre, cv2.NORMAL_CLONE)
    return jpeg(out, 88), (float(dx0), float(dy0), float(dx0 + w), float(dy0 + h)), "copy", lines.index(dst), src.text


TAMPERED = ("imagemagick-text", "opencv-clone", "text-2save", "text-png", "item-2save", "copy-2save", "splice-2save")
UNTOUCHED = ("resaved", "resave-chain", "double-save", "jpeg-to-png")


def variants(name: str, data: bytes, lines: list[Any], tmp: Path,
             donor: tuple[Any, list[Any]] | None = None) -> list[Variant]:
    """Every variant of one source page. The qualities of the two-save variants are drawn per page (seeded
    by the page's name): first save 70-85, final save 90-95, as a page saved by a scanner or phone and
    re-saved by an editor."""
    rng = random.Random(hashlib.sha256(name.encode()).digest())
    q1, q2 = rng.choice([70, 75, 80, 85]), rng.choice([90, 92, 95])
    rgb = decode(data)
    base = decode(jpeg(rgb, q1))
    out = [Variant(name, "resaved", jpeg(rgb, 88), False, None),
           Variant(name, "resave-chain", jpeg(decode(jpeg(decode(jpeg(rgb, 95)), 72)), 88), False, None),
           Variant(name, "double-save", jpeg(base, q2), False, None, f"q{q1}->q{q2}"),
           Variant(name, "jpeg-to-png", encode(base, "PNG"), False, None, f"q{q1}->png")]
    makers = [("imagemagick-text", lambda: imagemagick_text(rgb, lines, tmp)),
              ("opencv-clone", lambda: opencv_clone(rgb, lines)),
              ("text-2save", lambda: text_2save(base, lines, tmp, q2)),
              ("text-png", lambda: text_png(base, lines, tmp)),
              ("item-2save", lambda: item_2save(base, lines, tmp, q2)),
              ("copy-2save", lambda: copy_2save(base, lines, q2, rng))]
    if donor is not None:
        makers.append(("splice-2save", lambda: splice_2save(base, lines, donor[0], donor[1], q2, rng)))
    for kind, fn in makers:
        try:
            made = fn()
        except Exception as exc:  # a tool failing on one page is a note, not an abort
            print(f"  {name} {kind}: not made ({type(exc).__name__}: {exc})", file=sys.stderr)
            continue
        if made is not None:
            out.append(Variant(name, kind, made[0], True, made[1], made[2], made[3], made[4]))
    return out


def _overlaps(a: tuple[float, ...] | None, b: tuple[float, ...] | None) -> bool:
    if a is None or b is None:
        return False
    return not (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1])


def analyse(data: bytes, cache: Path | None, lines: list[Any] | None = None) -> tuple[Any, float]:
    """The engine's own stages (decode, OCR, extraction, forgery signals) with the OCR cached; with
    ``lines``, those OCR lines instead of reading the page (``--reuse-ocr``)."""
    import time

    from credrec_local.engine.extract import extract
    from credrec_local.engine.forensics import analyze
    from credrec_local.engine.types import Page
    from tests.bench.ocrcache import read_cached

    t0 = time.perf_counter()
    if lines is not None:
        from credrec_local.engine.ocr import decode as decode_page
        from credrec_local.engine.ocr import measure_skew

        rgb, fmt = decode_page(data)
        pg = {"format": fmt, "width": rgb.shape[1], "height": rgb.shape[0], "rgb": rgb, "lines": lines,
              "skew": measure_skew(lines), "rotation": 0}
    else:
        pg = read_cached(data, cache_dir=cache)
    page = Page(data=data, format=pg["format"], width=pg["width"], height=pg["height"], rgb=pg["rgb"],
                skew_degrees=pg["skew"], lines=pg["lines"])
    ex = extract(page.lines, page.width, page.height, rotation=pg["rotation"])
    return analyze(page, ex), time.perf_counter() - t0


def _pdf_page(path: Path) -> bytes:
    """The first page of a PDF rendered at 150 dpi (pypdfium2), as PNG bytes."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        img = doc[0].render(scale=150 / 72).to_pil().convert("RGB")
    finally:
        doc.close()
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


SETS = ("dev", "eval")


def sources(sroie: int, which: tuple[str, ...] = SETS) -> list[tuple[str, str, bytes]]:
    """(set, name, bytes). **dev** (signals may be looked at and tuned on these): the 8 real-dev pages and
    the first half of the SROIE receipts. **eval** (never tuned on): the other half of the SROIE receipts
    and the invoice2data invoices (their PNGs, and the first page of each PDF that has no PNG)."""
    out: list[tuple[str, str, bytes]] = []
    real = _shared("real-dev")
    truth = real / "truth.json"
    img = _shared("external-samples") / "sroie" / "img"
    receipts = sorted(img.glob("*.jpg"))[:sroie] if img.exists() else []
    half = (len(receipts) + 1) // 2
    if "dev" in which:
        if truth.exists():
            for fname in sorted(json.loads(truth.read_text())):
                if (real / fname).exists():
                    out.append(("dev", f"real-dev/{fname}", (real / fname).read_bytes()))
        out += [("dev", f"sroie/{p.name}", p.read_bytes()) for p in receipts[:half]]
    if "eval" in which:
        out += [("eval", f"sroie/{p.name}", p.read_bytes()) for p in receipts[half:]]
        inv = _shared("external-samples") / "invoice2data"
        if inv.exists():
            for p in sorted(inv.glob("*.pdf")):
                png = p.with_suffix(".png")
                try:
                    data = png.read_bytes() if png.exists() else _pdf_page(p)
                except Exception as exc:
                    print(f"  {p.name}: not rendered ({type(exc).__name__})", file=sys.stderr)
                    continue
                out.append(("eval", f"invoice2data/{png.name}", data))
    return out


def table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])


def pct(n: int, d: int) -> str:
    return f"{100 * n / d:.1f} % ({n}/{d})" if d else "n/a"


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    from tests.bench.ocrcache import DEFAULT_DIR, read_cached

    cache = None if args.no_cache else DEFAULT_DIR
    records: list[dict[str, Any]] = []
    tmp = Path(tempfile.mkdtemp(prefix="credrec-forgery-"))
    try:
        srcs = sources(args.sroie, tuple(args.set))
        for i, (group, name, data) in enumerate(srcs):
            try:
                lines = read_cached(data, cache_dir=cache)["lines"]
                # the donor of the splice: the next page of the same set
                others = [s for s in srcs[i + 1:] + srcs[:i] if s[0] == group]
                donor = None
                if others:
                    d = others[0][2]
                    donor = (decode(d), read_cached(d, cache_dir=cache)["lines"])
                made = variants(name, data, lines, tmp, donor)
            except Exception as exc:
                print(f"  {name}: skipped ({type(exc).__name__}: {exc})", file=sys.stderr)
                continue
            for v in made:
                try:
                    reuse = None
                    if args.reuse_ocr:
                        from credrec_local.engine.types import OcrLine

                        reuse = list(lines)
                        if v.line is not None:
                            old = reuse[v.line]
                            reuse[v.line] = OcrLine(v.new_text, old.score, old.quad)
                    report, secs = analyse(v.data, cache, reuse)
                except Exception as exc:
                    records.append({"source": v.source, "kind": v.kind, "error": f"{type(exc).__name__}: {exc}"})
                    continue
                counted = [s for s in report.signals if not s.informational]
                pointed = any(_overlaps(s.region, v.region) for s in counted)
                rec = {"set": group, "source": v.source, "kind": v.kind, "tampered": v.tampered, "target": v.note,
                       "flagged": report.suspicious, "pointed": bool(report.suspicious and pointed),
                       "signals": [s.kind for s in counted], "seconds": secs}
                records.append(rec)
                print(f"  {v.source} {v.kind:16s} flagged={report.suspicious} pointed={rec['pointed']} "
                      f"{rec['signals']}", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return records


def report(records: list[dict[str, Any]]) -> None:
    ok = [r for r in records if "error" not in r]
    print("\n### Forgery signals vs tampering by other tools (dev: real-dev + SROIE 1st half; "
          "eval: SROIE 2nd half + invoice2data)\n")
    rows = []
    for group in SETS:
        gs = [r for r in ok if r.get("set") == group]
        if not gs:
            continue
        for kind in TAMPERED:
            rs = [r for r in gs if r["kind"] == kind]
            if rs:
                rows.append([group, kind, str(len(rs)), pct(sum(r["flagged"] for r in rs), len(rs)),
                             pct(sum(r["pointed"] for r in rs), len(rs)), _top(rs)])
        tam = [r for r in gs if r["tampered"]]
        rows.append([group, "**all edits**", str(len(tam)), pct(sum(r["flagged"] for r in tam), len(tam)),
                     pct(sum(r["pointed"] for r in tam), len(tam)), ""])
        for kind in UNTOUCHED:
            rs = [r for r in gs if r["kind"] == kind]
            if rs:
                rows.append([group, f"{kind} (untouched)", str(len(rs)), pct(sum(r["flagged"] for r in rs), len(rs)),
                             "", _top(rs)])
        neg = [r for r in gs if not r["tampered"]]
        rows.append([group, "**false alarms, all untouched**", str(len(neg)),
                     pct(sum(r["flagged"] for r in neg), len(neg)), "", ""])
    print(table(["set", "edit", "files", "flagged", "flagged at the edit", "signals that fired most"], rows))
    errors = [r for r in records if "error" in r]
    if errors:
        print(f"\n{len(errors)} files failed: " + "; ".join(f"{r['source']} {r['kind']}: {r['error'][:60]}" for r in errors[:5]))


def _top(rs: list[dict[str, Any]]) -> str:
    counts: dict[str, int] = {}
    for r in rs:
        for k in set(r.get("signals", [])):
            counts[k] = counts.get(k, 0) + 1
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1])[:3])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sroie", type=int, default=20, help="SROIE receipts to use (0-20; half dev, half eval)")
    ap.add_argument("--set", nargs="+", choices=SETS, default=list(SETS), help="which sets to run (default both)")
    ap.add_argument("--no-cache", action="store_true")
    ap.add_argument("--reuse-ocr", action="store_true",
                    help="score every variant with its source page's OCR lines (the edited line reading the "
                         "new text): the forgery signals without one OCR pass per variant (quick runs)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    try:
        if shutil.which("convert") is None:
            print("ImageMagick `convert` not found: the imagemagick-text rows are skipped", file=sys.stderr)
        records = run(args)
        report(records)
        if args.json:
            args.json.write_text(json.dumps(records, indent=1, default=str))
    except Exception:
        traceback.print_exc()
        print("\nbenchmark aborted (see the traceback above); exit code 0 by design")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
