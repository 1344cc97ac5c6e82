"""Straightened rows and aligned blocks from OCR quads (hand-made lines, no OCR)."""

from __future__ import annotations

import pytest

from credrec_local.engine import layout as L
from credrec_local.engine.ocr import measure_skew

from .lines import Page


def _page() -> Page:
    p = Page()
    p.write(100, 300, "Account Number")
    p.write(800, 300, "8812345678")
    p.write(100, 340, "Bill Date")
    p.write(800, 340, "05 Mar 2026")
    p.write(100, 380, "Amount Due")
    p.write(800, 380, "S$123.45")
    return p


@pytest.mark.parametrize("angle", [0.0, 3.0, -7.5])
def test_rows_survive_page_rotation(angle):
    lines = _page().lines(angle=angle)
    assert measure_skew(lines) == pytest.approx(angle, abs=0.3)
    lay = L.build(lines, 1200, 1700)
    rows = [[it.text for it in row] for row in lay.rows()]
    assert rows == [["Account Number", "8812345678"], ["Bill Date", "05 Mar 2026"], ["Amount Due", "S$123.45"]]


def test_rows_follow_each_lines_own_angle_on_a_perspective_photo():
    lines = _page().lines(angle=2.0, keystone=0.004)  # angles fan out from top to bottom of the page
    lay = L.build(lines, 1200, 1700)
    label = next(it for it in lay.items if it.text == "Bill Date")
    assert [it.text for it in L.right_of(lay, label)] == ["05 Mar 2026"]


def test_upside_down_page_reads_top_to_bottom():
    lines = _page().lines(turn=180)
    lay = L.build(lines, 1200, 1700, rotation=180)
    assert [it.text for it in lay.items][:2] == ["Account Number", "8812345678"]


def test_close_pieces_merge_into_one_phrase_but_columns_stay_apart():
    p = Page()
    p.write(100, 200, "Blk 123 Ang Mo Kio")
    p.write(100 + 0.52 * 22 * 18 + 8, 200, "Avenue 3")  # a word gap
    p.write(700, 200, "Bill Date")  # another column
    lay = L.build(p.lines(), 1200, 1700)
    assert [it.text for it in lay.items] == ["Blk 123 Ang Mo Kio Avenue 3", "Bill Date"]


def test_aligned_block_stops_at_a_gap():
    p = Page()
    p.block(100, 200, ["Tan Wei Ming", "Blk 123 Ang Mo Kio Avenue 3", "#05-67", "Singapore 560123"])
    p.write(100, 500, "Summary of Charges")
    lay = L.build(p.lines(), 1200, 1700)
    first = lay.items[0]
    assert [it.text for it in L.aligned_block(lay, first)] == [
        "Tan Wei Ming", "Blk 123 Ang Mo Kio Avenue 3", "#05-67", "Singapore 560123"]
