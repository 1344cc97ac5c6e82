"""Capture cues: screenshots (SCREENSHOT) and photos of a screen (SCREEN_PHOTO)."""

from __future__ import annotations

import numpy as np

from credrec_local.engine.forensics import screen
from tests.unit.forensics.pages import draw_page, page, png


def _tags(p):
    return [s.tag for s in screen.signals(p)]


def test_generated_screenshot_is_tagged_and_scans_photos_are_not(samples):
    shot = screen.signals(page(samples("screenshot").data))
    assert [s.kind for s in shot] == ["screenshot"] and shot[0].tag == "SCREENSHOT"
    assert _tags(page(samples("clean").data)) == []
    assert _tags(page(samples("resaved").data)) == []


def test_digitally_exported_bill_is_not_a_screenshot():
    arr, _ = draw_page(width=1240)  # a noise-free render at a document size, no UI chrome
    assert _tags(page(png(arr))) == []


def test_generated_screen_photo_shows_moire_and_camera_photo_of_paper_does_not(samples):
    sigs = screen.signals(page(samples("screen_photo").data))
    assert [s.kind for s in sigs] == ["screen_photo"] and sigs[0].tag == "SCREEN_PHOTO"
    assert sigs[0].region is not None
    for kind in ("clean", "textedit", "splice"):  # scans and phone photos of paper
        assert _tags(page(samples(kind).data)) == []


def test_spectral_peak_ignores_a_noise_free_page():
    arr, _ = draw_page(width=1240)
    prom, _ = screen.screen_photo_score(arr)
    assert prom < screen.SCREEN_PHOTO_THRESHOLD


def test_greyscale_scan_with_periodic_banding_is_not_a_screen_photo():
    # a scanner's line/motor banding (or a thermal print head's dot rows) is periodic in the luminance of a
    # greyscale file; a display's sub-pixel grid gives *coloured* moiré, which a grey file cannot hold
    from tests.unit.forensics.pages import capture, jpeg

    arr, _ = draw_page(width=1240, spacing=6)
    scanned = capture(arr, seed=7, angle=0.0, noise=2.0).astype("float32")
    ys, xs = np.mgrid[0 : scanned.shape[0], 0 : scanned.shape[1]].astype("float32")
    scanned += 2.0 * np.sin(2 * np.pi * (0.41 * xs + 0.03 * ys))[:, :, None]  # faint, slightly tilted bands
    grey = np.clip(scanned.mean(axis=2, keepdims=True).repeat(3, axis=2), 0, 255).astype("uint8")
    assert _tags(page(jpeg(grey, 90))) == []
