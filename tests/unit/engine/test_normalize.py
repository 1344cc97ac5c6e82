"""OCR-aware text: joined tokens split, split tokens joined, the raw reading kept beside the normalised one."""

from __future__ import annotations

import pytest

from credrec_local.engine import layout as L
from credrec_local.engine.extract import extract
from credrec_local.engine.normalize import normalize_line

from .lines import Page


@pytest.mark.parametrize(("raw", "normal"), [
    ("BLK751WOODLANDSDRIVE", "BLK 751 WOODLANDS DRIVE"),
    ("751WOODLANDSDRIVE #05-67", "751 WOODLANDS DRIVE #05-67"),
    ("12JALANAMPANG", "12 JALAN AMPANG"),
    ("12 HIGHSTREET", "12 HIGH STREET"),
    ("YohanesKurniawan", "Yohanes Kurniawan"),
    ("YOHANESKURNIAWAN", "YOHANES KURNIAWAN"),
    ("Mme SandrineLEFEBVRE", "Mme Sandrine LEFEBVRE"),  # a French capitals surname joined to the given name
    ("MaëlleGARCIA", "Maëlle GARCIA"),
    ("SITIAMINAH BINTI AHMAD", "SITI AMINAH BINTI AHMAD"),
    ("RAJESHKUMARAN", "RAJESH KUMARAN"),
    ("400 KOZEY LIGHT, WEBERBURGH, HI 29 922", "400 KOZEY LIGHT, WEBERBURGH, HI 29922"),
    ("BIG CITY ON G4S 010", "BIG CITY ON G4S 0I0"),
])
def test_repairs(raw, normal):
    assert normalize_line(raw) == normal


@pytest.mark.parametrize("text", [
    "INV12345", "GB11RBOS 1610 0011 111111", "MacArthur Park", "McDonald", "WOODHOUSE", "MR J WOODHOUSE",
    "S$1,204.50", "4500 08XX XXXX 0636", "Singapore 730751", "Page 1 of 3 04/04/2022", "HI 123 4567",
    "JOHNSTONE", "MR JOHNSTONE", "WILLIAMSONS", "INTERNATIONAL", "TOTAL AMOUNT DUE", "McDONALD", "iPHONE", "kWh",
    "ZULKARNAINBINHASSAN",  # no listed given name to cut after: left as read
])
def test_identifiers_names_and_amounts_are_left_alone(text):
    assert normalize_line(text) == text


def test_layout_keeps_the_raw_reading_beside_the_normalised_one():
    p = Page().block(100, 200, ["Tan Ah Kow", "BLK751WOODLANDSDRIVE", "Singapore 730751"])
    lay = L.build(p.lines(), p.width, p.height)
    item = next(i for i in lay.items if "751" in i.text)
    assert item.text == "BLK 751 WOODLANDS DRIVE" and item.raw == "BLK751WOODLANDSDRIVE"


def test_joined_street_and_split_zip_reach_the_address():
    p = Page()
    p.write(80, 60, "Example Credit Union", h=40)
    p.block(100, 250, ["ALEJANDRO ROSALEZ", "400 KOZEY LIGHT, WEBERBURGH, HI 29 922"])
    p.write(100, 700, "Your consolidated statement", h=30)
    ex = extract(p.lines(), p.width, p.height)
    assert ex.name.value == "ALEJANDRO ROSALEZ"
    assert ex.address.value == "400 KOZEY LIGHT, WEBERBURGH, HI 29922"
