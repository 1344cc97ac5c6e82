"""Forgery signals end to end: bytes → real OCR → extraction → forensics → the API's answer shape.

Five pages of one generated bill (seed 5004, a key/value gas bill scanned): its clean scan and four
tampered versions. Each costs one OCR run (~1 s on 2 idle cores)."""

from __future__ import annotations

import json

import pytest

from credrec_local.docgen import generate
from credrec_local.docgen.tamper import make_clean, make_tampered

SEED = 5004


@pytest.fixture(scope="module")
def doc():
    return generate(SEED)


def _spoof(engine, sample):
    result = engine.recognize(sample.data, doc_type="01", ocr_area="0101", fraud_check=True)
    return result, json.loads(result.ext_id_info)["spoofInfo"]


def test_clean_scan_passes_with_low_risk(engine, doc):
    result, spoof = _spoof(engine, make_clean(doc, SEED))
    assert result.sub_code == "200" and spoof["spoofResult"] == "N"
    assert spoof["riskLevel"] == "low" and spoof["spoofType"] == []


def test_editor_resave_is_tagged_ps(engine, doc):
    result, spoof = _spoof(engine, make_tampered("editor", doc, SEED))
    assert result.sub_code == "212" and spoof["spoofResult"] == "Y"
    assert "PS" in spoof["spoofType"]
    assert any(s["kind"] == "editor_metadata" and s["region"] is None for s in spoof["signals"])


def test_retyped_amount_is_caught_by_pixels_and_content(engine, doc):
    sample = make_tampered("textedit", doc, SEED)
    assert sample.truth.extra["tamper"]["target"] == "amount_due"
    _result, spoof = _spoof(engine, sample)
    assert spoof["spoofResult"] == "Y"
    assert {"PS", "CONTENT_INCONSISTENT"} <= set(spoof["spoofType"])
    # the signals point at the edited area
    x0, y0, x1, y1 = sample.truth.extra["tamper"]["region"]
    regions = [s["region"] for s in spoof["signals"] if s["region"] and not s["informational"]]
    assert any(r[0] < x1 and r[2] > x0 and r[1] < y1 and r[3] > y0 for r in regions)
    # the extracted amount is the forged one: the engine reads what is printed, the signals say why not
    # to trust it
    assert sample.truth.amount_due


def test_cloned_text_is_tagged_ps(engine, doc):
    _result, spoof = _spoof(engine, make_tampered("copymove", doc, SEED))
    assert spoof["spoofResult"] == "Y" and "PS" in spoof["spoofType"]
    assert any(s["kind"] == "copy_move" for s in spoof["signals"])


def test_screenshot_is_tagged_screenshot(engine, doc):
    _result, spoof = _spoof(engine, make_tampered("screenshot", doc, SEED))
    assert spoof["spoofResult"] == "Y" and "SCREENSHOT" in spoof["spoofType"]
    assert spoof["disclaimer"]  # signals, not proof
