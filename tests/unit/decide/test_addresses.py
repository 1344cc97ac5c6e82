"""Address matching: per component (postcode, numbers and unit, street/place words)."""

from __future__ import annotations

import pytest

from credrec.decide.addresses import match_address, parse
from credrec.models import Verdict

SAME = [
    ("Blk 123 Ang Mo Kio Ave 3 #05-12 Singapore 560123", "BLK 123 ANG MO KIO AVENUE 3\n#05-12\nSINGAPORE 560123", "SG"),
    ("123 AMK Avenue 3, 05-12, S(560123)", "Block 123 Ang Mo Kio Avenue 3\n#05-12\nSingapore 560123", None),
    ("#05-12, Blk 123, Ang Mo Kio Avenue 3, 560123", "Blk 123 Ang Mo Kio Avenue 3 #05-12\nSingapore 560123", "SG"),
    ("No. 12, Jalan Mawar 3, 47300 Petaling Jaya, Selangor", "No 12 Jln Mawar 3\n47300 PETALING JAYA\nSELANGOR", "MY"),
    ("A-12-3, Pangsapuri Seri Intan, Jalan Tun Razak, 50400 Kuala Lumpur",
     "A-12-3, Pangsapuri Seri Intan\nJalan Tun Razak\n50400 Kuala Lumpur\nWilayah Persekutuan Kuala Lumpur", "MY"),
    ("Unit 12, 84 Smith St, Fitzroy VIC 3065", "12/84 Smith Street\nFITZROY VIC 3065", "AU"),
    ("Flat A, 12/F, Block 3, Taikoo Shing, Quarry Bay", "FLAT A, 12/F, BLOCK 3\nTAIKOO SHING\nQUARRY BAY, HONG KONG",
     "HK"),
    ("Flat 3, 12 Victoria Road, Cambridge CB4 3LF", "Flat 3, 12 Victoria Road\nCambridge\nCB4 3LF", "UK"),
    ("Jl. Jend. Sudirman No. 45, RT 003/RW 004, Kel. Senayan, Jakarta Selatan 12190",
     "Jl. Jenderal Sudirman No. 45\nRT 003/RW 004, Kelurahan Senayan\nKec. Kebayoran Baru\nJakarta Selatan 12190", "ID"),
    ("123/45 Soi Sukhumvit 71, Khlong Tan Nuea, Watthana, Bangkok 10110",
     "123/45 Soi Sukhumvit 71\nKhlong Tan Nuea, Watthana\nBangkok 10110", "TH"),
    ("Unit 2305 Tower 2 Greenfield Towers, 123 Mabini St, Brgy. Poblacion, Makati City 1210",
     "Unit 2305, Tower 2 Greenfield Towers\n123 Mabini Street, Barangay Poblacion\nMakati City 1210\nMetro Manila",
     "PH"),
    ("1234 Maple Avenue Apt 5B, Springfield, IL 62704", "1234 Maple Ave Apt 5B\nSpringfield, IL 62704-1234", "US"),
]


@pytest.mark.parametrize(("expected", "document", "country"), SAME)
def test_the_same_address_written_otherwise_is_a_match(expected: str, document: str, country: str | None) -> None:
    check = match_address(expected, document, country=country)
    assert check.verdict is Verdict.MATCH, check


def test_other_unit_in_the_same_building_is_partial_never_match() -> None:
    check = match_address("Blk 123 Ang Mo Kio Ave 3 #05-13 Singapore 560123",
                          "BLK 123 ANG MO KIO AVENUE 3\n#05-12\nSINGAPORE 560123", country="SG")
    assert check.verdict is Verdict.PARTIAL
    assert check.detail["components"]["unit"] == "MISMATCH"
    hk = match_address("Flat B, 12/F, Block 3, Taikoo Shing", "FLAT A, 12/F, BLOCK 3\nTAIKOO SHING", country="HK")
    assert hk.verdict is Verdict.PARTIAL


def test_unit_on_one_side_only_is_partial() -> None:
    check = match_address("Blk 123 Ang Mo Kio Ave 3 Singapore 560123",
                          "BLK 123 ANG MO KIO AVENUE 3\n#05-12\nSINGAPORE 560123", country="SG")
    assert check.verdict is Verdict.PARTIAL


@pytest.mark.parametrize(("expected", "document", "country"), [
    ("No. 12, Jalan Ampang, 50450 Kuala Lumpur", "No. 12, Jalan Ampang\n68000 Ampang\nSelangor", "MY"),  # postcode
    ("14 Jalan Mawar 3, 47300 Petaling Jaya", "No. 12, Jalan Mawar 3\n47300 Petaling Jaya", "MY"),  # house number
    ("Blk 124 Ang Mo Kio Ave 3 #05-12", "BLK 123 ANG MO KIO AVENUE 3 #05-12", "SG"),  # block
    ("12 Victoria Road, Cambridge CB4 3LF", "12 Church Lane\nLeeds\nLS6 2AB", "UK"),
])
def test_another_place_is_a_mismatch(expected: str, document: str, country: str) -> None:
    assert match_address(expected, document, country=country).verdict is Verdict.MISMATCH


def test_postcode_is_read_by_country_and_guessed_without_one() -> None:
    assert parse("Singapore 560123", "SG").postcode == "560123"
    assert parse("Cambridge CB4 3LF", None).postcode == "cb43lf"
    assert parse("Fitzroy VIC 3065", "AU").postcode == "3065"
    assert parse("Makati City 1210\nMetro Manila", "PH").postcode == "1210"


def test_missing_sides() -> None:
    assert match_address(None, "x").verdict is Verdict.NOT_PROVIDED
    assert match_address("12 Victoria Road", "").verdict is Verdict.UNKNOWN
