"""Capture cues: screenshots (SCREENSHOT) and photos of a screen (SCREEN_PHOTO)."""

from __future__ import annotations

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
