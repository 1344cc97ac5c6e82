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
