"""JPEG history per line: a line typed, pasted or moved after the page's first JPEG save has no trace of it."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw

from credrec_local.engine.forensics import analyze, jpeg_history
from credrec_local.engine.types import Extraction
from tests.unit.forensics.pages import capture, draw_page, font, jpeg, page, png

TEXTS = ["ACME POWER & WATER", "Statement of account", "Account holder", "Mdm Tan Siew Ling",
         "Blk 751 Woodlands Drive 70 #08-112", "Singapore 730751", "Bill date 02 May 2026",
         "Supply charge 11.35", "Water usage 47.20", "GST 9% 5.28", "Total due 63.83",
         "Pay by 20 May 2026", "Customer service 1800 555 0101"]


def decode(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB")).copy()


def scanned_page() -> tuple[np.ndarray, list[tuple[str, tuple]]]:
    arr, lines = draw_page(TEXTS, px=24)
    return capture(arr, seed=5, angle=0.0), lines


def retype(arr: np.ndarray, box: tuple, text: str) -> np.ndarray:
    """Paint the paper colour over ``box`` and type ``text`` there (what an editor's text tool does)."""
    img = Image.fromarray(arr)
    d = ImageDraw.Draw(img)
    x0, y0, x1, y1 = box
    d.rectangle((x0 - 2, y0 - 2, x1 + 2, y1 + 2), fill=(247, 247, 244))
    d.text((x0, y0 - 3), text, font=font(24), fill=(30, 30, 30))
    return np.asarray(img).copy()


@pytest.mark.parametrize(("first", "final"), [(75, 92), (80, 95), (70, 90)])
def test_a_line_retyped_between_two_saves_is_flagged_at_that_line(first: int, final: int) -> None:
    arr, lines = scanned_page()
    before = decode(jpeg(arr, first))
    edited = retype(before, lines[3][1], "Mdm Lim Siew Ting")
    sigs = jpeg_history.signals(page(jpeg(edited, final), lines))
    assert sigs, "the retyped line was not found"
    assert all(s.kind == "jpeg_history" and s.tag == "PS" for s in sigs)
    assert sigs[0].region == pytest.approx(tuple(float(v) for v in lines[3][1]))
    assert f"~{first}" in sigs[0].reason or abs(int(sigs[0].reason.split("~")[1].split()[0]) - first) <= 4


def test_a_block_pasted_from_another_jpeg_at_an_unaligned_offset_is_flagged() -> None:
    arr, lines = scanned_page()
    before = decode(jpeg(arr, 75))
    donor = decode(jpeg(capture(draw_page(["Mr Ahmad bin Yusof", "12 Jalan Ampang"], px=24)[0], seed=9), 85))
    x0, y0, x1, _y1 = (int(v) for v in lines[3][1])
    patch = donor[58:88, 58:58 + (x1 - x0) + 8]
    out = before.copy()
    out[y0 - 3:y0 - 3 + patch.shape[0], x0 - 3:x0 - 3 + patch.shape[1]] = patch
    sigs = jpeg_history.signals(page(jpeg(out, 92), lines))
    assert any(s.region == tuple(float(v) for v in lines[3][1]) for s in sigs)


@pytest.mark.parametrize(("first", "final"), [(75, 92), (85, 95), (70, 90)])
def test_an_untouched_page_saved_twice_is_not_flagged(first: int, final: int) -> None:
    arr, lines = scanned_page()
    data = jpeg(decode(jpeg(arr, first)), final)
    assert jpeg_history.signals(page(data, lines)) == []


def test_a_page_saved_once_has_no_first_save_and_says_nothing() -> None:
    arr, lines = scanned_page()
    edited = retype(arr, lines[3][1], "Mdm Lim Siew Ting")  # an edit, but before the only save
    data = jpeg(edited, 90)
    img, final = jpeg_history._open(data)  # type: ignore[misc]
    gray = np.asarray(img, dtype=np.float32)
    labels = jpeg_history.line_labels(gray.shape, [ln.box for ln in page(data, lines).lines])
    texture = jpeg_history._texture(gray) & (labels >= 0)
    assert jpeg_history.find_first_save(img, gray, texture, labels, final) is None
    assert jpeg_history.signals(page(data, lines)) == []


def test_a_png_that_was_never_a_jpeg_says_nothing() -> None:
    arr, lines = scanned_page()
    edited = retype(arr, lines[3][1], "Mdm Lim Siew Ting")
    assert jpeg_history.signals(page(png(edited), lines)) == []


def test_a_jpeg_edited_and_exported_as_png_is_read_like_a_jpeg() -> None:
    arr, lines = scanned_page()
    edited = retype(decode(jpeg(arr, 75)), lines[3][1], "Mdm Lim Siew Ting")
    sigs = jpeg_history.signals(page(png(edited), lines))
    assert [s.region for s in sigs] == [tuple(float(v) for v in lines[3][1])]
    assert "(lossless)" in sigs[0].reason
    assert jpeg_history.signals(page(png(decode(jpeg(arr, 75))), lines)) == []


@pytest.mark.parametrize("quality", [60, 75, 88, 92, 95])
def test_final_quality_is_read_from_the_luminance_table(quality: int) -> None:
    arr, _ = scanned_page()
    img = Image.open(io.BytesIO(jpeg(arr, quality)))
    assert jpeg_history.final_quality(list(img.quantization[0])) == quality  # type: ignore[attr-defined]


def test_the_signal_reaches_the_fraud_verdict() -> None:
    arr, lines = scanned_page()
    edited = retype(decode(jpeg(arr, 75)), lines[10][1], "Total due 68.83")
    report = analyze(page(jpeg(edited, 92), lines), Extraction())
    assert report.suspicious and "PS" in {s.tag for s in report.signals if not s.informational}
    assert any(s.kind == "jpeg_history" for s in report.signals)


def test_an_untouched_line_in_saturated_colour_is_not_judged() -> None:
    """Red print clips when decoded to RGB and re-encoded: its luminance changes between the saves
    although nobody touched it."""
    arr, lines = draw_page(TEXTS, px=24)
    img = Image.fromarray(arr)
    d = ImageDraw.Draw(img)
    for k in (0, 4):  # the issuer's name and the street line printed in red
        x0, y0, x1, y1 = lines[k][1]
        d.rectangle((x0 - 2, y0 - 2, x1 + 2, y1 + 2), fill=(250, 250, 247))
        d.text((x0, y0 - 3), TEXTS[k], font=font(24), fill=(255, 0, 0))
    scanned = capture(np.asarray(img).copy(), seed=5, angle=0.0, noise=2.0)
    data = jpeg(decode(jpeg(scanned, 60)), 95)
    assert jpeg_history.signals(page(data, lines)) == []


def test_a_large_page_is_searched_on_a_band_and_judged_whole() -> None:
    """Above SEARCH_PIXELS the first save is found on a middle band; every line is still judged, so an
    edit outside the band is found."""
    arr, lines = scanned_page()
    h, w = arr.shape[:2]
    big = np.tile(arr, (3, 4, 1))
    assert big.shape[0] * big.shape[1] > jpeg_history.SEARCH_PIXELS
    many = [(t, (b[0] + i * w, b[1] + j * h, b[2] + i * w, b[3] + j * h))
            for j in range(3) for i in range(4) for t, b in lines]
    edited = retype(decode(jpeg(big, 75)), many[3][1], "Mdm Lim Siew Ting")  # top-left tile: outside the band
    sigs = jpeg_history.signals(page(jpeg(edited, 92), many))
    assert [s.region for s in sigs] == [tuple(float(v) for v in many[3][1])]
