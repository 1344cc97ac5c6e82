"""The locale registry: every country's postcode, street words, titles, date order; compiled patterns."""

from __future__ import annotations

import pytest

from credrec_local.engine import layout as L
from credrec_local.engine import patterns as P
from credrec_local.engine.extract import guess_country
from credrec_local.engine.locales import LOCALES, POSTCODE_PRIORITY
from credrec_local.engine.locales.ca import fix_postcode

from .lines import Page

ALL = ("SG", "MY", "PH", "ID", "TH", "HK", "UK", "AU", "US", "CA", "FR", "DE", "IN")


def test_every_country_is_registered_and_ranked():
    assert set(LOCALES) == set(ALL)
    assert set(POSTCODE_PRIORITY) == {c for c in ALL if LOCALES[c].postcode}
    for code, loc in LOCALES.items():
        assert loc.code == code and loc.name and loc.street_words and loc.currency


# (country, a line that ends an address, its postcode country, a line from the same country that does not)
TERMINAL = [
    ("SG", "Singapore 560123", "SG", "Blk 123 Ang Mo Kio Avenue 3"),
    ("MY", "47300 Petaling Jaya", "MY", "12345 kWh"),
    ("PH", "Makati City 1200", "PH", "Unit 5B Tower 2"),
    ("ID", "Jakarta Selatan 12190", "ID", "Jl. Sudirman No. 5"),
    ("TH", "Bangkok 10110", "TH", "Soi Sukhumvit 21"),
    ("UK", "London SW1A 1AA", "UK", "Flat 3, 21 Baker Street"),
    ("AU", "Sydney NSW 2000", "AU", "Unit 4, 12 George Street"),
    ("US", "San Mateo, CA 94401", "US", "210 S B St"),
    ("US", "Kelseyfurt, NE, 03477", "US", "84686 Emily Springs"),
    ("CA", "BIG CITY ON G4S 0I0", "CA", "123 FAKE ST"),
    ("CA", "Toronto ON M5V 2T6", "CA", "Suite 200, 100 King St W"),
    ("IN", "Bengaluru 560 001", "IN", "14, 5th Cross, Indiranagar"),
    ("IN", "Mumbai - 400001", "IN", "Flat No. 12, Sea View Society"),
]


@pytest.mark.parametrize(("country", "line", "found", "other"), TERMINAL)
def test_postcode_lines_per_country(country, line, found, other):
    assert P.postcode_country(line) == found
    assert P.is_terminal_line(line, country)
    assert not P.is_terminal_line(other, country)


@pytest.mark.parametrize(("line", "country"), [("75009 PARIS", "FR"), ("62978 ARRAS CEDEX 9", "FR"),
                                               ("10115 Berlin", "DE"), ("80331 München", "DE")])
def test_french_and_german_postcode_lines_end_an_address_on_their_pages(line, country):
    # the "5 digits + town" shape is shared with Malaysia; on a French/German page it ends the address
    assert P.is_terminal_line(line, country)
    assert P.POSTCODE_PATTERNS[country].search(line)
    # and on a US page the same shape is a house number + street, not a postcode line
    assert not P.is_terminal_line(line, "US")


@pytest.mark.parametrize(("country", "line"), [
    ("SG", "Blk 751 Woodlands Drive 62"), ("MY", "12, Jalan Kenanga 3"), ("ID", "Gg. Melati RT 03/RW 05"),
    ("TH", "99 Moo 4 Soi Ramkhamhaeng"), ("HK", "Flat B, 12/F, Tower 3"), ("UK", "21 Baker Street"),
    ("AU", "4 Smith Parade"), ("US", "123 LOAFS BLVD"), ("CA", "45 rue Saint-Denis"), ("FR", "12 RUE DE LONDRES"),
    ("FR", "3 allée des Tilleuls"), ("DE", "Hauptstraße 5"), ("DE", "Am Lindenweg 12"), ("IN", "22 MG Marg"),
    ("IN", "B-14 Lajpat Nagar"), ("PH", "Brgy. San Antonio")])
def test_street_words_per_country(country, line):
    assert P.address_evidence(line) >= 0.4, (country, line)


@pytest.mark.parametrize(("printed", "name"), [
    ("Mme GUÉRIN MAËLLE", "GUÉRIN MAËLLE"), ("M. Jean Dupont", "Jean Dupont"), ("Herrn Max Mustermann", "Max Mustermann"),
    ("Frau Erika Mustermann", "Erika Mustermann"), ("Smt. Priya Sharma", "Priya Sharma"),
    ("Shri Rajesh Kumar", "Rajesh Kumar"), ("Mr Robot Roboto", "Robot Roboto"), ("Encik Ahmad", "Ahmad"),
    ("Khun Somchai", "Somchai"), ("MME OU MR GUÉRIN JÉRÔME", "GUÉRIN JÉRÔME")])
def test_titles_per_country(printed, name):
    assert P.strip_title(printed) == name


@pytest.mark.parametrize("name", ["MAËLLE ET JÉRÔME GUÉRIN", "Jürgen von Müller", "Zoë Ní Bhriain", "Ana de la Cruz"])
def test_accented_names_and_particles_look_like_names(name):
    assert P.name_score(name) >= 0.8


@pytest.mark.parametrize("text", ["CHECKING", "Support Department", "PAYER'S TIN", "Austin Flannery Agy",
                                  "RBS Silicon Valley Branch"])
def test_account_types_departments_and_agencies_are_not_names(text):
    assert P.name_score(text) < 0.4


def test_date_order_per_country():
    assert {c for c, loc in LOCALES.items() if loc.month_first} == {"US", "PH"}
    assert LOCALES["FR"].address_order == "postcode-before-town" and LOCALES["HK"].address_order == "flat-first"


def test_canadian_postcode_letters_and_digits_by_position():
    assert fix_postcode("G4S 010") == "G4S 0I0"
    assert fix_postcode("M5V2T6") == "M5V 2T6"
    assert fix_postcode("K1A OB1") == "K1A 0B1"
    assert fix_postcode("12345") == "12345"  # not a Canadian shape: untouched


def _page_country(lines: list[str]) -> str | None:
    p = Page()
    for i, t in enumerate(lines):
        p.write(100, 100 + 40 * i, t)
    return guess_country(L.build(p.lines(), p.width, p.height))


def test_country_guess_uses_words_and_currency_for_the_shared_postcode_shape():
    assert _page_country(["Facture du 11/12/2022", "12 RUE DE LONDRES", "75009 PARIS", "Montant total 62,86 €"]) == "FR"
    assert _page_country(["Rechnung", "Hauptstraße 5", "10115 Berlin", "Betrag 12,00 €"]) == "DE"
    assert _page_country(["Jalan Kenanga 3", "47300 Petaling Jaya", "Selangor", "RM 12.00"]) == "MY"
    # a 5-digit house number on a US form is no Malaysian postcode
    assert _page_country(["84686 Emily Springs", "Kelseyfurt, NE, 03477", "Torresland, WY 89904"]) == "US"


@pytest.mark.parametrize(("printed", "iso"), [
    ("11 décembre 2022", "2022-12-11"), ("5. März 2026", "2026-03-05"), ("17 avr. 2024", "2024-04-17"),
    ("1er février 2023", "2023-02-01"), ("30 Januari 2025", "2025-01-30"), ("12 Ogos 2025", "2025-08-12")])
def test_month_names_in_the_registry_languages(printed, iso):
    ds = P.find_dates(printed)
    assert ds and ds[0].value is not None and ds[0].value.isoformat() == iso


@pytest.mark.parametrize("text", ["12 units 2025", "5 kWh 2026", "2 Totals 2024"])
def test_words_between_numbers_are_not_months(text):
    assert P.find_dates(text) == []


@pytest.mark.parametrize(("text", "label"), [("Cash Tendered", "tendered"), ("CASH", "tendered"),
                                             ("Change", "change"), ("CHANGE DUE", "change"),
                                             ("Payment received", "payment")])
def test_receipt_payment_labels(text, label):
    assert P.amount_label(text) == label
