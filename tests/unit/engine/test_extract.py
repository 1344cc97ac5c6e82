"""Field extraction on hand-made OCR lines and on the generator's own lines (no OCR models)."""

from __future__ import annotations

import datetime as dt

import pytest

from credrec_local import docgen
from credrec_local.docgen.score import score_fields
from credrec_local.engine.answer import rec_info
from credrec_local.engine.extract import extract

from .lines import Page, truth_lines


def _window_sg() -> Page:
    p = Page()
    p.write(80, 60, "Lion City Power", h=44)
    p.write(800, 60, "TAX INVOICE", h=28)
    p.write(100, 200, "If undelivered, please return to PO Box 1234", h=14)
    p.block(100, 230, ["Mdm Lim Mei Ling", "Blk 123 Ang Mo Kio Avenue 3", "#05-67", "Singapore 560123"])
    p.write(650, 230, "Account No.")
    p.write(950, 230, "8812345678")
    p.write(650, 263, "Bill Date")
    p.write(950, 263, "05 Mar 2026")
    p.write(650, 296, "Due Date")
    p.write(950, 296, "19 Mar 2026")
    p.write(650, 335, "Amount Due", h=26)
    p.write(950, 335, "S$123.45", h=26)
    p.write(80, 480, "Summary of Charges", h=24)
    p.write(80, 520, "Previous Balance")
    p.write(980, 520, "S$98.00")
    p.write(80, 553, "Payment Received - Thank You")
    p.write(980, 553, "-S$98.00")
    p.write(100, 586, "Electricity usage 345 kWh")
    p.write(1000, 586, "105.20")
    p.write(100, 619, "Supply charge")
    p.write(1010, 619, "8.06")
    p.write(80, 652, "Subtotal")
    p.write(980, 652, "S$113.26")
    p.write(80, 685, "GST 9%")
    p.write(980, 685, "S$10.19")
    p.write(80, 718, "Total Current Charges")
    p.write(980, 718, "S$123.45")
    p.write(80, 1600, "www.lioncity-power.example.sg", h=16)
    return p


def test_envelope_window_block_without_label():
    p = _window_sg()
    ex = extract(p.lines(), p.width, p.height)
    assert ex.name.value == "Mdm Lim Mei Ling"
    assert ex.address.value == "Blk 123 Ang Mo Kio Avenue 3\n#05-67\nSingapore 560123"
    assert ex.name.rule == "block:window"
    assert ex.issuer.value == "Lion City Power"
    assert ex.account_number.value == "8812345678"
    assert ex.bill_date.value == "05 Mar 2026"
    assert ex.amount_due.value == "S$123.45"
    assert 0 < ex.name.confidence <= 1 and ex.name.box is not None


def test_amounts_and_dates_are_labelled_for_consistency_checks():
    p = _window_sg()
    ex = extract(p.lines(), p.width, p.height)
    by_label = {}
    for a in ex.amounts:
        by_label.setdefault(a.label, []).append(a.value)
    assert by_label["amount_due"] == [123.45]
    assert by_label["total"] == [123.45]
    assert by_label["subtotal"] == [113.26]
    assert by_label["tax"] == [10.19]
    assert by_label["previous_balance"] == [98.0]
    assert by_label["payment"] == [-98.0]
    assert sorted(by_label["line_item"]) == [8.06, 105.2]
    dates = {d.label: d.value for d in ex.dates}
    assert dates["bill_date"] == dt.date(2026, 3, 5)
    assert dates["due_date"] == dt.date(2026, 3, 19)


def test_impossible_printed_date_has_no_value():
    p = Page()
    p.write(100, 100, "Bill Date: 31/02/2026")
    p.block(100, 200, ["Tan Wei Ming", "8 Marina Boulevard #12-03", "Singapore 018981"])
    ex = extract(p.lines(), p.width, p.height)
    (bill,) = [d for d in ex.dates if d.label == "bill_date"]
    assert bill.raw == "31/02/2026" and bill.value is None


def test_key_value_layout_hong_kong_without_postcode():
    p = Page()
    p.write(80, 60, "Harbour Power Limited", h=40)
    p.write(80, 200, "Customer Details", h=26)
    p.write(80, 250, "Account Holder:")
    p.write(420, 250, "Wong Ka Ming, Peter")
    p.write(80, 283, "Service Address:")
    p.block(420, 283, ["Flat B, 12/F, Block 3", "Taikoo Shing", "Quarry Bay, Hong Kong"])
    p.write(80, 390, "Account Number:")
    p.write(420, 390, "P783747885")
    p.write(80, 423, "Bill Date:")
    p.write(420, 423, "13-Nov-2025")
    ex = extract(p.lines(), p.width, p.height)
    assert ex.name.value == "Wong Ka Ming, Peter"
    assert ex.name.rule == "label:account holder/right"
    assert ex.address.value == "Flat B, 12/F, Block 3\nTaikoo Shing\nQuarry Bay, Hong Kong"
    assert ex.account_number.value == "P783747885"
    assert ex.bill_date.value == "13-Nov-2025"


def test_a_town_over_a_postcode_is_not_a_person():
    """UK key/value page: the labelled holder wins over "CAMBRIDGE" stacked on "CB4 3LF"."""
    p = Page()
    p.write(80, 60, "Albion Energy", h=40)
    p.write(80, 200, "Name:")
    p.write(420, 200, "B Davies")
    p.write(80, 233, "Supply Address:")
    p.block(420, 233, ["116 ORCHARD CLOSE", "BRAMHALL", "CAMBRIDGE", "CB4 3LF"], spacing=1.36)
    p.write(80, 350, "Account Number:")
    p.write(420, 350, "8186761814")
    ex = extract(p.lines(), p.width, p.height)
    assert ex.name.value == "B Davies"
    assert ex.address.value == "116 ORCHARD CLOSE\nBRAMHALL\nCAMBRIDGE\nCB4 3LF"


def test_inline_label_with_address_under_the_value_malaysia():
    p = Page()
    p.write(80, 60, "Nusantara Energy Sdn Bhd", h=40)
    p.write(80, 200, "Bill To:  Siti Aminah binti Ahmad")
    p.block(190, 233, ["No. 12, Jalan SS2/24,", "47300 Petaling Jaya, Selangor"])
    ex = extract(p.lines(), p.width, p.height)
    assert ex.name.value == "Siti Aminah binti Ahmad"
    assert ex.name.box[0] > 150  # the value's part of the "Bill To: ..." phrase
    assert ex.address.value == "No. 12, Jalan SS2/24,\n47300 Petaling Jaya, Selangor"


def test_label_above_name_philippines():
    p = Page()
    p.write(80, 200, "ACCOUNT NAME", h=18)
    p.block(80, 230, ["Juan Miguel S. Dela Cruz", "Unit 1203, Tower 2 Palm Grove Residences",
                      "45 Mabini St., Brgy. San Roque", "Quezon City 1109"])
    ex = extract(p.lines(), p.width, p.height)
    assert ex.name.value == "Juan Miguel S. Dela Cruz"
    assert ex.address.value.endswith("Quezon City 1109")
    assert ex.address.value.count("\n") == 2


@pytest.mark.parametrize("angle", [4.0, -9.0])
def test_skewed_page(angle):
    p = _window_sg()
    ex = extract(p.lines(angle=angle), p.width, p.height)
    assert ex.name.value == "Mdm Lim Mei Ling"
    assert ex.address.value.splitlines()[-1] == "Singapore 560123"
    assert ex.amount_due.value == "S$123.45"
    assert ex.account_number.value == "8812345678"


def test_upside_down_page():
    p = _window_sg()
    ex = extract(p.lines(turn=180), p.width, p.height, rotation=180)
    assert ex.name.value == "Mdm Lim Mei Ling"
    assert ex.bill_date.value == "05 Mar 2026"


def test_text_without_holder_is_not_a_credential():
    p = Page()
    p.write(100, 100, "KOPI CORNER CAFE", h=40)
    p.write(100, 200, "Kopi O")
    p.write(900, 200, "1.80")
    p.write(100, 240, "Total")
    p.write(900, 240, "S$1.80")
    ex = extract(p.lines(), p.width, p.height)
    assert ex.name is None and ex.address is None


def test_nothing_from_nothing():
    ex = extract([], 100, 100)
    assert ex.name is None and ex.amounts == [] and ex.dates == []


# --- on the generator's own lines: every layout, several countries (the OCR is taken as perfect) ---

CASES = [(country, layout) for layout in docgen.LAYOUTS for country in ("SG", "MY", "PH", "ID", "TH", "HK", "UK", "AU", "US")]


@pytest.mark.parametrize(("country", "layout"), CASES)
def test_oracle_lines(country, layout):
    doc = docgen.generate(900 + CASES.index((country, layout)), country=country, layout=layout)
    ex = extract(truth_lines(doc.truth), doc.image.width, doc.image.height)
    s = score_fields(rec_info(ex), doc.truth)
    assert s.name_exact, (ex.name, doc.truth.name)
    assert s.address_exact, (ex.address, doc.truth.address_lines)
    assert s.account_exact and s.bill_date_ok and s.issuer_exact
    assert s.amount_ok in (True, None)
