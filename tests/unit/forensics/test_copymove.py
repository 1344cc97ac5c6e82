"""Copy-move: pixel-for-pixel clones of text areas on a captured page."""

from __future__ import annotations

import numpy as np

from credrec_local.engine.forensics import copymove
from credrec_local.engine.types import Extraction
from tests.unit.forensics.pages import capture, draw_page, jpeg, page, png, sample_extraction, sample_page

TEXTS = ["Amount Due 116.68", "Statement Date 02 May 2026", "Supply charge 11.35", "Subtotal 107.05",
         "Amount Due 116.68", "Waterborne fee 47.20", "Total 116.68", "Customer Service 1800 555 0101"]


def _clone(arr, src_box, dst_xy, pad=4):
    x0, y0, x1, y1 = (round(v) for v in src_box)
    patch = arr[y0 - pad:y1 + pad, x0 - pad:x1 + pad].copy()
    dx, dy = dst_xy
    out = arr.copy()
    out[dy - pad:dy - pad + patch.shape[0], dx - pad:dx - pad + patch.shape[1]] = patch
    return out, (dx, dy, dx + (x1 - x0), dy + (y1 - y0))


def test_cloned_line_on_a_scan_is_found_and_the_field_copy_is_pointed_at():
    arr, lines = draw_page(TEXTS)
    scanned = capture(arr, seed=11, angle=0.7)
    # the forger clones "Supply charge 11.35" over the last line (say, the holder's name field)
    src = lines[2][1]
    target = lines[7][1]
    cloned, new_box = _clone(scanned, src, (int(target[0]), int(target[1])))
    lines[7] = (lines[2][0], new_box)
    from credrec_local.engine.types import FieldValue

    ex = Extraction(name=FieldValue("x", 1.0, new_box, "test"))
    sigs = copymove.signals(page(jpeg(cloned, 90), lines), ex)
    assert [s.kind for s in sigs] == ["copy_move"] and sigs[0].tag == "PS"
    _x0, y0, _x1, _y1 = sigs[0].region
    assert abs(y0 - new_box[1]) < 15  # the copy sitting on the field, not the source


def test_genuinely_repeated_strings_on_a_scan_do_not_raise_the_risk():
    # "Amount Due 116.68" printed twice, "116.68" three times; sensor noise and sub-pixel phase differ.
    # At most a weak note (score < 0.5): a very clean square scan can bring genuine repeats close.
    for seed, angle in ((12, 1.3), (13, -1.2), (14, 1.6)):
        arr, lines = draw_page(TEXTS)
        scanned = capture(arr, seed=seed, angle=angle, noise=4.0)
        sigs = copymove.signals(page(jpeg(scanned, 90), lines), Extraction())
        assert all(s.score < 0.5 for s in sigs)


def test_noise_free_digital_page_with_repeats_is_skipped():
    arr, lines = draw_page(TEXTS)  # identical repeats, no sensor noise: identity proves nothing here
    assert copymove.noise_sigma(arr[..., 1]) < copymove.MIN_NOISE
    assert copymove.signals(page(png(arr), lines), Extraction()) == []


def test_generated_copymove_is_found_and_the_clean_twin_is_not(samples):
    cm = samples("copymove")
    sigs = copymove.signals(sample_page(cm), sample_extraction(cm))
    assert [s.kind for s in sigs] == ["copy_move"]
    clean = samples("clean")  # prints the amount due more than once
    assert copymove.signals(sample_page(clean), sample_extraction(clean)) == []


def test_noise_estimate_tracks_sensor_noise():
    flat = np.full((600, 600), 200, np.uint8)
    noisy = np.clip(flat + np.random.default_rng(0).normal(0, 5, flat.shape), 0, 255).astype(np.uint8)
    assert copymove.noise_sigma(flat) == 0.0
    assert 3.5 < copymove.noise_sigma(noisy) < 6.5


# ---------------------------------------------------------------- receipts, blended clones, digital renders

RECEIPT = ["1 X Kiddy Fish Clay 9.00", "1 X Modelling Clay 4.50", "2 X Gift Wrap Roll 13.10", "Subtotal 26.60",
           "Rounding 0.00", "Total 26.60", "Cash 50.00", "Change 23.40", "Thank you please come again",
           "Goods sold are not returnable"]


def _receipt(seed: int) -> tuple[np.ndarray, list]:
    """A thermal receipt as scanned: white paper clipped to 255 by the scanner's white point (no paper
    noise left, so the page-noise estimate reads ~0, like SROIE scans), ink with grain and uneven density."""
    arr, lines = draw_page(RECEIPT, width=620, px=20, x=40, paper=(255, 255, 255), ink=(60, 60, 60))
    scanned = capture(arr, seed=seed, angle=0.0, noise=5.0, blur=0.7).astype(np.float32)
    fade = np.linspace(1.0, 0.75, scanned.shape[0], dtype=np.float32)[:, None, None]  # print fades down the roll
    scanned = 255 - (255 - scanned) * fade
    return np.clip(scanned * 1.12, 0, 255).astype(np.uint8), lines


def _double_save(arr: np.ndarray, q1: int = 75) -> np.ndarray:
    import io

    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(jpeg(arr, q1))).convert("RGB")).copy()


def test_copy_moved_amount_on_a_receipt_with_clipped_paper_is_found_at_the_copy():
    arr, lines = _receipt(seed=21)
    base = _double_save(arr)
    assert copymove.noise_sigma(base[..., 1]) < copymove.MIN_NOISE  # looks noise-free: the old check gave up
    # the "9.00" of the first item pasted (no blending) over the "4.50" of the second, off the 8-px grid
    _text, (sx0, sy0, sx1, sy1) = lines[0]
    w = round(sx1 - sx0)
    x_amount = sx0 + w - 48  # the amount is the last ~48 px of the line
    src = (round(x_amount), round(sy0), round(sx1), round(sy1))
    dst_line = lines[1][1]
    dx0, dy0 = round(dst_line[2]) - (src[2] - src[0]) + 3, round(dst_line[1]) + 2
    out = base.copy()
    out[dy0:dy0 + src[3] - src[1], dx0:dx0 + src[2] - src[0]] = base[src[1]:src[3], src[0]:src[2]]
    pasted = (dx0, dy0, dx0 + src[2] - src[0], dy0 + src[3] - src[1])
    ocr = [*lines, ("9.00", src), ("9.00", (pasted[0] - 2, pasted[1] - 2, pasted[2] + 2, pasted[3] + 2))]
    # on blank receipt paper the seam cannot tell copy from source: the extracted field decides
    from credrec_local.engine.types import FieldValue

    ex = Extraction(amount_due=FieldValue("9.00", 1.0, tuple(float(v) for v in pasted), "test"))  # type: ignore[arg-type]
    sigs = copymove.signals(page(jpeg(out, 92), ocr), ex)
    # found and pointed at, but weak: without sensor noise a digital render's honest repeats look the same
    assert [s.kind for s in sigs] == ["copy_move"] and sigs[0].score == copymove.WEAK
    rx0, ry0, rx1, ry1 = sigs[0].region
    assert rx0 < pasted[2] and rx1 > pasted[0] and ry0 < pasted[3] and ry1 > pasted[1]  # the copy, not the source


def test_copy_pasted_into_a_shaded_row_is_told_from_its_source_by_its_seam():
    # an amount from a white row pasted over the amount of a shaded table row (as on many invoices): the
    # pasted rectangle brings white paper into the grey band, the source continues into its own row
    texts = ["Water usage 34.5 m3      47.20", "Supply charge            11.35", "Waterborne fee           18.05",
             "Meter rental              3.10", "Subtotal                 79.70", "GST 9%                    7.17"]
    arr, lines = draw_page(texts, px=22)
    img = arr.copy()
    for k in (1, 3, 5):  # shaded rows
        _x0, y0, _x1, y1 = (round(v) for v in lines[k][1])
        band = img[y0 - 8:y1 + 8]
        img[y0 - 8:y1 + 8] = np.where(band > 200, 222, band).astype(np.uint8)
    scanned = capture(img, seed=41, angle=0.0, noise=3.0)
    sx1, sy0, sy1 = round(lines[0][1][2]), round(lines[0][1][1]), round(lines[0][1][3])
    src = (sx1 - 70, sy0 - 3, sx1 + 2, sy1 + 3)
    dx1, dy0 = round(lines[3][1][2]), round(lines[3][1][1])
    dst = (dx1 - 70 + 3, dy0 - 3 + 1)
    out = scanned.copy()
    out[dst[1]:dst[1] + src[3] - src[1], dst[0]:dst[0] + src[2] - src[0]] = scanned[src[1]:src[3], src[0]:src[2]]
    pasted = (dst[0], dst[1], dst[0] + src[2] - src[0], dst[1] + src[3] - src[1])
    p = page(jpeg(out, 90), [*lines, ("47.20", src), ("47.20", pasted)])
    gray = p.rgb[..., 1]
    m = copymove.matches(gray, p.lines)[0]
    assert m.distance < copymove.CLONE_STRONG
    for pair in (m, copymove.Match(m.distance, m.box_b, m.box_a, m.j, m.i)):  # whichever way it was matched
        bx0, by0, bx1, by1 = copymove.which_copy(gray, pair, Extraction())
        assert bx0 < pasted[2] and bx1 > pasted[0] and by0 < pasted[3] and by1 > pasted[1]


def test_receipt_with_honestly_repeated_amounts_is_not_flagged():
    for seed in (22, 23, 24):
        arr, lines = _receipt(seed)
        # "26.60" is printed twice (subtotal and total) and read once more on its own by the OCR
        ocr = [*lines, ("26.60", (lines[3][1][2] - 50, lines[3][1][1], lines[3][1][2], lines[3][1][3])),
               ("26.60", (lines[5][1][2] - 50, lines[5][1][1], lines[5][1][2], lines[5][1][3]))]
        sigs = copymove.signals(page(jpeg(_double_save(arr), 92), ocr), Extraction())
        assert all(s.score < 0.5 for s in sigs)


def test_poisson_blended_clone_is_found():
    import cv2

    arr, lines = draw_page(TEXTS[1:4] + TEXTS[5:])
    scanned = capture(arr, seed=31, angle=0.7)
    x0, y0, x1, y1 = (round(v) for v in lines[1][1])  # "Supply charge 11.35"
    patch = np.ascontiguousarray(scanned[y0 - 4:y1 + 4, x0 - 4:x1 + 4])
    # shade the destination area, as a photo's uneven lighting would: the blend adapts the clone to it
    shaded = scanned.astype(np.float32)
    shaded[:, :, :] *= np.linspace(1.0, 0.8, shaded.shape[1], dtype=np.float32)[None, :, None]
    shaded = np.clip(shaded, 0, 255).astype(np.uint8)
    tx0, ty0, _tx1, _ty1 = (round(v) for v in lines[5][1])
    centre = (tx0 + patch.shape[1] // 2 + 7, ty0 + patch.shape[0] // 2 - 4)
    out = cv2.seamlessClone(patch, shaded, np.full(patch.shape[:2], 255, np.uint8), centre, cv2.NORMAL_CLONE)
    new_box = (centre[0] - (x1 - x0) // 2, centre[1] - (y1 - y0) // 2,
               centre[0] + (x1 - x0) // 2, centre[1] + (y1 - y0) // 2)
    lines[5] = (lines[1][0], new_box)
    sigs = copymove.signals(page(jpeg(out, 88), lines), Extraction())
    assert [s.kind for s in sigs] == ["copy_move"] and sigs[0].score >= 0.5


def test_digital_render_with_one_identical_repeat_is_not_flagged():
    # a rendered statement (no capture) that prints one amount twice at the same sub-pixel phase: the two are
    # pixel-identical but nothing else on the page repeats to show that this is how the page renders
    texts = ["Amount Due 116.68", "Statement Date 02 May 2026", "Supply charge 11.35", "Subtotal 107.05",
             "GST 9% 9.63", "Amount Due 116.68", "Customer Service 1800 555 0101"]
    arr, lines = draw_page(texts)
    assert copymove.signals(page(jpeg(arr, 90), lines), Extraction()) == []
