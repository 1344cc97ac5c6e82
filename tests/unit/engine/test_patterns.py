"""Text patterns: money and dates as OCR reads them, postcodes per country, names, labels."""

from __future__ import annotations

import datetime as dt

import pytest

from credrec_local.engine import patterns as P


@pytest.mark.parametrize(
    ("text", "value", "credit"),
    [
        ("S$71.09", 71.09, False),
        ("RM 2,335.81", 2335.81, False),
        ("Rp 24.953.560", 24953560.0, False),  # Indonesian thousands dots
        ("1.234,56", 1234.56, False),
        ("HK$1.139.44", 1139.44, False),  # OCR read the thousands comma as a dot
        ("-S$60.93", -60.93, True),
        ("(45.00)", -45.0, True),
        ("4,258.23 CR", 4258.23, True),
        ("THB4,892.15", 4892.15, False),
        ("£ 12.50", 12.5, False),
        ("PHP 1,204.00", 1204.0, False),
        ("S49.04", 49.04, False),  # OCR read "$" as "S"
        ("HKS1,197.92", 1197.92, False),
        ("SS548.92", 548.92, False),  # OCR read "S$" as "SS"
    ],
)
def test_money(text, value, credit):
    m = P.parse_money(text)
    assert m is not None
    assert m.value == pytest.approx(value)
    assert m.credit is credit


@pytest.mark.parametrize("text", ["8812345678", "2025", "Page 1 of 1", "9%", "Account No.", "S115871484"])
def test_not_money(text):
    assert P.parse_money(text, require_marker=True) is None


def test_money_tail_needs_a_token_boundary():
    m = P.parse_money("Total Amount Due S$1,204.50", whole=False)
    assert m is not None and m.value == pytest.approx(1204.5)
    assert P.parse_money("INV12345.00", whole=False, require_marker=True) is None


@pytest.mark.parametrize(
    ("text", "month_first", "iso"),
    [
        ("21 November 2025", False, "2025-11-21"),
        ("05 Apr 2026", False, "2026-04-05"),
        ("13-Nov-2025", False, "2025-11-13"),
        ("March 5, 2026", False, "2026-03-05"),
        ("05/03/2026", False, "2026-03-05"),
        ("05/03/2026", True, "2026-05-03"),
        ("25/12/2025", True, "2025-12-25"),  # impossible as month-first: read day-first
        ("2026-01-31", False, "2026-01-31"),
    ],
)
def test_dates(text, month_first, iso):
    (d,) = P.find_dates(text, month_first=month_first)
    assert d.value == dt.date.fromisoformat(iso)


def test_impossible_date_is_kept_with_no_value():
    (d,) = P.find_dates("Bill Date: 31/02/2026")
    assert d.raw == "31/02/2026" and d.value is None
    (d,) = P.find_dates("30 Feb 2026")
    assert d.value is None


def test_period_has_two_dates():
    ds = P.find_dates("18 October 2025 - 16 November 2025")
    assert [d.value for d in ds] == [dt.date(2025, 10, 18), dt.date(2025, 11, 16)]


@pytest.mark.parametrize(
    ("line", "country"),
    [
        ("Singapore 560123", "SG"),
        ("SINGAPORE (760144)", "SG"),
        ("47300 Petaling Jaya, Selangor", "MY"),
        ("Makati City 1210", "PH"),
        ("1200 Makati City", "PH"),
        ("Jakarta Selatan 12190", "ID"),
        ("Chatuchak, Bangkok 10900", "TH"),
        ("Quarry Bay, Hong Kong", "HK"),
        ("Cambridge CB4 3LF", "UK"),
        ("Fitzroy VIC 3065", "AU"),
        ("Springfield, IL 62704", "US"),
        ("Austin, TX 78701-1234", "US"),
    ],
)
def test_postcode_lines(line, country):
    assert P.postcode_country(line) == country
    assert P.is_terminal_line(line)


@pytest.mark.parametrize("line", ["Selangor", "Metro Manila", "DKI Jakarta", "New Territories", "Wilayah Persekutuan Kuala Lumpur"])
def test_region_lines_end_an_address(line):
    assert P.is_terminal_line(line)


def test_place_and_four_digits_only_in_context():
    assert not P.is_terminal_line("San Fernando 2000")
    assert P.is_terminal_line("San Fernando 2000", "PH")


@pytest.mark.parametrize(
    "line",
    ["Blk 123 Ang Mo Kio Avenue 3 #05-67", "#05-67", "No. 12, Jalan SS2/24", "Flat B, 12/F, Block 3",
     "99/123 Moo 5, Soi Sukhumvit 71", "RT 003/RW 005, Kel. Karet Tengsin", "Unit 5, 27 Smith Street",
     "1234 Maple Avenue Apt 5B", "Brgy. San Antonio"],
)
def test_address_lines_have_evidence(line):
    assert P.address_evidence(line) >= 0.35


@pytest.mark.parametrize(
    "line",
    ["Customer Service 8890 9667 | BR No. 8554675", "Customer Service 9419 1547  |  GST Reg No. M2-6171832",
     "Tel: 6123 4567", "Hotline 1800 123 4567", "Co. Reg. No. 199912345K", "Mobile: +60 12-345 6789"],
)
def test_contact_and_registration_lines_are_not_address(line):
    # their numbers and "No." look like an address; a header line like these once hid the holder's block
    assert P.address_evidence(line) == 0.0


@pytest.mark.parametrize("line", ["Blk 123 Telok Blangah Rd #05-67", "Unit 5, Fax Lane", "12 Telephone Street"])
def test_contact_words_inside_street_names_keep_their_evidence(line):
    assert P.address_evidence(line) >= 0.35


@pytest.mark.parametrize(
    "name",
    ["Tan Wei Ming", "Mdm Lim Mei Ling", "Muhammad Hafiz bin Ismail", "Rajesh s/o Kumar", "Suresh a/l Ramasamy",
     "Siti Aminah binti Ahmad", "Ma. Theresa C. Dela Cruz", "Mr. James B. Robinson", "CHAN Tai Man",
     "Wong Ka Ming, Peter", "Sarah O'Connor", "Emma Smith-Jones", "KITTIPONG BOONMEE",
     "Mohamad Rizal bin Hamzah", "Tan Wei Ming & Lim Mei Ling", "B Davies"],
)
def test_names(name):
    assert P.name_score(name) >= 0.8


@pytest.mark.parametrize(
    "text",
    ["Lion City Power Pte Ltd", "Total Amount Due", "Account Number", "Blk 123 Ang Mo Kio Ave 3", "Singapore 560123",
     "Statement of Account", "www.example.sg", "S$71.09", "Sub-total", "Payment Received - Thank You", "Tsuen Wan",
     "Customer Service"],
)
def test_not_names(text):
    assert P.name_score(text) < 0.4


def test_single_word_names_are_weaker():
    """Indonesian single names are real names, but alone they need a label or an address block to count."""
    assert 0.4 <= P.name_score("Sutrisno") < P.name_score("Bapak Sutrisno") < 0.8


def test_labels():
    assert P.NAME_LABEL.match("Account Holder: Tan Wei Ming").group("rest") == "Tan Wei Ming"
    assert P.NAME_LABEL.match("Bill To").group("rest") == ""
    assert P.ADDRESS_LABEL.match("Service Address:").group("label").lower() == "service address"
    assert P.ACCOUNT_LABEL.match("A/C No. 123-456789-0").group("rest") == "123-456789-0"
    assert P.date_label("Payment Due Date: 09 Dec 2025") == ("due_date", "09 Dec 2025")
    assert P.date_label("Statement Date")[0] == "statement_date"
    assert P.amount_label("Total Amount Due") == "amount_due"
    assert P.amount_label("GST 9%") == "tax"
    assert P.amount_label("GST9%") == "tax"  # OCR dropped the space
    assert P.amount_label("VAT @ 7%") == "tax"
    assert P.amount_label("Water conservation tax") is None
    assert P.amount_label("Balance B/F") == "previous_balance"
    assert P.amount_label("Total Current Charges") == "total"


def test_ocr_fixes_in_addresses():
    assert P.fix_address_ocr("Singapore 56O123") == "Singapore 560123"
    assert P.fix_address_ocr("JI. Sudirman No. 45") == "Jl. Sudirman No. 45"
    assert P.fix_address_ocr("144 Yishun Street 61#21-410") == "144 Yishun Street 61 #21-410"
