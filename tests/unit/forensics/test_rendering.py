"""Per-line rendering outliers on drawn pages and on generated samples (ground-truth lines as OCR)."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from credrec_local.engine.forensics import rendering
from tests.unit.forensics.pages import capture, draw_page, font, jpeg, page, sample_page


def _kinds(p, counted_only=True):
    return {s.kind for s in rendering.signals(p) if not (counted_only and s.informational)}


def _retype(arr, box, text, px=22, fill=(25, 25, 25)):
    """What a forger does on a scan: paint over a line with the paper colour and type new text, crisp."""
    img = Image.fromarray(arr)
    d = ImageDraw.Draw(img)
    x0, y0, x1, y1 = (round(v) for v in box)
    paper = tuple(int(v) for v in np.median(arr[max(0, y0 - 12):y0 - 4, x0:x1].reshape(-1, 3), axis=0))
    d.rectangle([x0 - 3, y0 - 3, x1 + 3, y1 + 3], fill=paper)
    d.text((x0, y0), text, font=font(px), fill=fill, anchor="lt")
    return np.asarray(img).copy(), d.textbbox((x0, y0), text, font=font(px), anchor="lt")


def test_line_typed_onto_a_scan_is_crisper_than_its_neighbours():
    arr, lines = draw_page()
    scanned = capture(arr, seed=1, angle=0.0)
    edited, new_box = _retype(scanned, lines[4][1], "Waterborne fee 12.20")
    lines[4] = ("Waterborne fee 12.20", new_box)
    sigs = [s for s in rendering.signals(page(jpeg(edited), lines)) if s.kind == "edge_outlier"]
    assert sigs and sigs[0].tag == "PS" and sigs[0].score >= 0.5
    _x0, y0, _x1, y1 = sigs[0].region
    assert y0 <= new_box[3] and y1 >= new_box[1]  # points at the retyped line


def test_uniformly_scanned_page_has_no_counted_rendering_outlier():
    arr, lines = draw_page()
    assert _kinds(page(jpeg(capture(arr, seed=2, angle=0.0)), lines)) == set()


def test_ink_much_lighter_than_every_comparable_line_is_reported_not_counted():
    arr, lines = draw_page()
    img = Image.fromarray(arr)
    d = ImageDraw.Draw(img)
    x0, y0, x1, y1 = (round(v) for v in lines[6][1])
    d.rectangle([x0 - 2, y0 - 2, x1 + 2, y1 + 2], fill=(250, 250, 247))
    d.text((x0, y0), lines[6][0], font=font(22), fill=(150, 150, 150), anchor="lt")
    sigs = [s for s in rendering.signals(page(jpeg(capture(np.asarray(img), seed=3, angle=0.0)), lines))
            if s.kind == "ink_outlier"]
    assert sigs and sigs[0].informational  # measured too weak to count (see the module docstring)
    assert "lighter" in sigs[0].reason


def test_baseline_off_the_row_is_reported_for_the_reviewer():
    texts = ["Account Number", "Statement Date", "Payment Due Date", "Amount Due", "Supply charge", "Subtotal"]
    arr, lines = draw_page(texts)
    img = Image.fromarray(arr)
    d = ImageDraw.Draw(img)
    row = []
    for i, (_t, (_x0, y0, x1, _y1)) in enumerate(lines):
        value = f"{100 + 7 * i}.50"
        dy = 7 if i == 3 else 0  # the value of one row sits 7 px low
        d.text((x1 + 60, y0 + dy), value, font=font(22), fill=(25, 25, 25), anchor="lt")
        row.append((value, d.textbbox((x1 + 60, y0 + dy), value, font=font(22), anchor="lt")))
    captured = capture(np.asarray(img), seed=4, angle=0.0, noise=2.0)
    sigs = [s for s in rendering.signals(page(jpeg(captured), lines + row)) if s.kind == "baseline_outlier"]
    assert sigs and sigs[0].informational
    assert abs(sigs[0].region[1] - row[3][1][1]) < 12
    # same page, values on their rows: nothing
    img2 = Image.fromarray(arr)
    d2 = ImageDraw.Draw(img2)
    row2 = []
    for i, (_t, (_x0, y0, x1, _y1)) in enumerate(lines):
        value = f"{100 + 7 * i}.50"
        d2.text((x1 + 60, y0), value, font=font(22), fill=(25, 25, 25), anchor="lt")
        row2.append((value, d2.textbbox((x1 + 60, y0), value, font=font(22), anchor="lt")))
    clean = capture(np.asarray(img2), seed=4, angle=0.0, noise=2.0)
    assert "baseline_outlier" not in _kinds(page(jpeg(clean), lines + row2), counted_only=False)


def test_one_line_of_a_block_in_a_bigger_size_is_reported_for_the_reviewer():
    img = Image.new("RGB", (700, 330), (250, 250, 247))
    d = ImageDraw.Draw(img)
    block = ["Mary Ann Smith", "12 Victoria Street", "Kingston ACT 2604", "Australia"]
    lines = []
    for i, t in enumerate(block):
        px = 29 if i == 0 else 22
        y = 40 + i * 40
        d.text((60, y), t, font=font(px), fill=(25, 25, 25))
        lines.append((t, d.textbbox((60, y), t, font=font(px))))
    for i, t in enumerate(["Bill Date 02 May 2026", "Due Date 20 May 2026", "Amount Due 116.68"]):
        y = 40 + i * 40
        d.text((380, y), t, font=font(22), fill=(25, 25, 25))
        lines.append((t, d.textbbox((380, y), t, font=font(22))))
    captured = capture(np.asarray(img), seed=5, angle=0.0, noise=2.0)
    sigs = [s for s in rendering.signals(page(jpeg(captured), lines)) if s.kind == "font_size_outlier"]
    assert sigs and sigs[0].informational and sigs[0].region[1] < 60


def test_generated_textedit_flags_the_edited_line_and_the_clean_twin_does_not(samples):
    edited = samples("textedit")
    info = edited.truth.extra["tamper"]
    sigs = [s for s in rendering.signals(sample_page(edited)) if s.kind == "edge_outlier"]
    assert sigs
    rx0, ry0, rx1, ry1 = info["region"]
    x0, y0, x1, y1 = sigs[0].region
    assert x0 < rx1 and x1 > rx0 and y0 < ry1 and y1 > ry0
    assert _kinds(sample_page(samples("clean"))) == set()


def _holder_page(extra_blur: float | None, extra_noise: float | None = None):
    """A scanned page whose first three lines are the holder's block; ``extra_blur`` softens that block
    alone, as when it was pasted in from another (softer, rescaled) capture."""
    import cv2

    from credrec_local.engine.types import Extraction, FieldValue

    texts = ["Ms Tan Mei Ling", "Blk 123 Ang Mo Kio Avenue 3", "#05-67 Singapore 560123", *TEXTS_BODY]
    arr, lines = draw_page(texts)
    scanned = capture(arr, seed=11, angle=0.0)
    (_, n0), (_, a0), (_, a1) = lines[0], lines[1], lines[2]
    if extra_blur:
        x0, y0, x1, y1 = (round(v) for v in (n0[0] - 8, n0[1] - 8, max(a0[2], a1[2]) + 8, a1[3] + 8))
        scanned[y0:y1, x0:x1] = cv2.GaussianBlur(scanned[y0:y1, x0:x1], (0, 0), extra_blur)
    if extra_noise:
        x0, y0, x1, y1 = (round(v) for v in (n0[0] - 8, n0[1] - 8, max(a0[2], a1[2]) + 8, a1[3] + 8))
        grain = np.random.default_rng(5).normal(0, extra_noise, scanned[y0:y1, x0:x1].shape)
        scanned[y0:y1, x0:x1] = np.clip(scanned[y0:y1, x0:x1] + grain, 0, 255).astype(np.uint8)
    ex = Extraction(
        name=FieldValue(texts[0], 0.9, tuple(float(v) for v in n0), "test"),
        address=FieldValue("\n".join(texts[1:3]), 0.9,
                           (float(a0[0]), float(a0[1]), float(max(a0[2], a1[2])), float(a1[3])), "test"),
    )
    return page(jpeg(scanned), lines), ex


TEXTS_BODY = [
    "Account Number 2146 9188 61", "Statement Date 02 May 2026", "Water usage 34.5 m3", "Supply charge 11.35",
    "Please pay by GIRO or online banking", "Meter readings are estimated when needed",
    "Customer Service 1800 555 0101", "Keep this bill for your records",
]


def test_holder_block_softer_than_the_rest_of_the_page_is_flagged():
    p, ex = _holder_page(extra_blur=1.0)
    sigs = [s for s in rendering.signals(p, extraction=ex) if s.kind == "block_outlier"]
    assert sigs and sigs[0].tag == "PS" and sigs[0].score >= 0.5 and not sigs[0].informational
    assert "blurrier edges" in sigs[0].reason or "less paper grain" in sigs[0].reason  # blurring does both
    x0, y0, x1, y1 = sigs[0].region
    assert y0 <= ex.name.box[1] + 2 and y1 >= ex.address.box[3] - 2  # points at the whole block


def test_holder_block_with_another_capture_grain_is_flagged():
    p, ex = _holder_page(extra_blur=None, extra_noise=9.0)
    sigs = [s for s in rendering.signals(p, extraction=ex) if s.kind == "block_outlier"]
    assert sigs and "more paper grain" in sigs[0].reason and not sigs[0].informational


def test_holder_block_captured_with_the_page_is_not_flagged():
    p, ex = _holder_page(extra_blur=None)
    assert "block_outlier" not in {s.kind for s in rendering.signals(p, extraction=ex)}


def test_block_check_needs_the_extracted_holder():
    p, _ex = _holder_page(extra_blur=1.0)
    assert "block_outlier" not in {s.kind for s in rendering.signals(p)}


# ------------------------------------------------------------- faded thermal receipts (edge outliers)

def _receipt_lines(seed: int) -> list[rendering.LineFeatures]:
    """Line measurements of a scanned thermal receipt, as measured on real SROIE scans: 30 lines of
    22-24 px, ink contrast 120-200, crispness 0.46 +- 0.015, the print a little crisper towards the top
    of the roll (it curls off the scanner glass further down)."""
    rng = np.random.default_rng(seed)
    texts = ["TAN WOON YANN", "BOOK TA .K (TAMAN DAYA) SDN BHD", "NO.5 55 57 & 59 JALAN SAGU 18", "TAMAN DAYA",
             "81100 JOHOR BAHRU", "Document No : TD01167104", "Cashier : MANIS", "Date : 25/12/2018",
             "KF MODELLING CLAY KIDDY FISH", "1 PC * 9.000", "Total : 9.00", "Rounding Adjustment : 0.00",
             "Rounded Total (RM): 9.00", "Cash 10.00", "CHANGE 1.00", "GOODS SOLD ARE NOT RETURNABLE",
             "THANK YOU FOR SHOPPING", "Item Qty Price Amount", "MR DIY TESCO TERBAU", "INVOICE 0000321",
             "LOT 1851-A & 1851-B", "JALAN KPB 6 KAWASAN", "43300 SERI KEMBANGAN", "SELANGOR DARUL EHSAN",
             "GST ID 000306020352", "Qty(s) 4 Item(s) 4", "CASH RM 50.00", "TOTAL RM 33.92", "GST SUMMARY",
             "AMOUNT(RM) TAX(RM)"]
    out = []
    for i, t in enumerate(texts):
        y = 40.0 + 30 * i
        h = float(rng.uniform(22, 24))
        box = (40.0, y, 40.0 + 11 * len(t), y + h)
        crisp = 0.47 - 0.0006 * i + float(rng.normal(0, 0.015))
        chars = sum(not c.isspace() for c in t)
        numeric = sum(c.isdigit() for c in t) >= 0.6 * chars
        out.append(rendering.LineFeatures(i, box, h, float(rng.uniform(120, 200)), 0.6, crisp, 0.9,
                                          float("nan"), float("nan"), float("nan"), numeric, chars))
    return out


def _short_and_faded(feats: list[rendering.LineFeatures]) -> list[rendering.LineFeatures]:
    """Two lines that are not typed in, but read crisper than the rest: a quantity token of three glyphs
    ("1 X", its 98th-percentile gradient taken over a handful of pixels) and a row printed by a worn
    thermal head (contrast 49: its grain is measured against a third of the page's ink contrast).
    Values as measured on SROIE receipts 004 and 009."""
    y = 40.0 + 30 * len(feats)
    short = rendering.LineFeatures(len(feats), (40.0, y, 90.0, y + 22), 22.0, 150.0, 0.5, 0.615, 0.9,
                                   float("nan"), float("nan"), float("nan"), False, 2)
    faded = rendering.LineFeatures(len(feats) + 1, (40.0, y + 30, 200.0, y + 53), 23.0, 49.0, 0.2, 0.571, 0.9,
                                   float("nan"), float("nan"), float("nan"), False, 13)
    return [*feats, short, faded]


def test_short_tokens_and_faded_thermal_rows_are_not_edge_outliers():
    for seed in range(5):
        assert rendering.edge_outliers(_short_and_faded(_receipt_lines(seed))) == []


def test_a_typed_in_line_on_the_same_receipt_is_still_an_edge_outlier():
    for seed in range(5):
        feats = _short_and_faded(_receipt_lines(seed))
        typed = feats[12]  # "Rounded Total (RM): 9.00", typed in without the scan's blur
        feats[12] = rendering.LineFeatures(typed.index, typed.box, typed.h, 170.0, 0.6, 0.60, 0.9, float("nan"),
                                           float("nan"), float("nan"), typed.numeric, typed.chars)
        found = rendering.edge_outliers(feats)
        assert [s.region for _, s in found] == [typed.box]


def test_a_section_printed_crisper_than_the_rest_is_not_an_edge_outlier():
    # a pre-printed header block (offset print) above the thermal print: six neighbouring lines all crisper
    # than the page. Each is a page-wide outlier, none is one among its neighbours.
    for seed in range(5):
        feats = _receipt_lines(seed)
        for i in range(6):
            f = feats[i]
            feats[i] = rendering.LineFeatures(f.index, f.box, f.h, f.contrast, f.darkness, 0.56 + 0.005 * (i % 3),
                                              0.9, float("nan"), float("nan"), float("nan"), f.numeric, f.chars)
        assert rendering.edge_outliers(feats) == []


def test_old_peer_rule_would_have_flagged_the_receipt():
    # the same measurements judged the old way (every line against all lines of its height, page-wide):
    # the short token and the faded row stand out. Guards the fixture above: it must be a real trap.
    feats = _short_and_faded(_receipt_lines(0))
    for f in feats[-2:]:
        peers = rendering._peers(f, feats)
        assert rendering._robust_z(f.crisp, [g.crisp for g in peers], 0.02) >= rendering.EDGE_Z
