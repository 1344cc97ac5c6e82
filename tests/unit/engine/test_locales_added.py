"""The four countries added to the locale registry (CA, FR, DE, IN): each module's postcode, regions,
street words, titles, date order and country vote, checked through the compiled patterns.

Every case below uses something only that country's module brings (a word, a postcode shape, a
label), so removing the module from ``locales.LOCALES`` fails its tests."""

from __future__ import annotations

import pytest

from credrec_local.engine import layout as L
from credrec_local.engine import patterns as P
from credrec_local.engine.extract import guess_country
from credrec_local.engine.locales import LOCALES

from .lines import Page

ADDED = ("CA", "FR", "DE", "IN")

# (country, lines that end an address on that country's page, lines of the same pages that do not)
TERMINAL = {
    "CA": (["TORONTO ON M5V 2T6", "Montréal, QC H3B 4W8", "St. John's NL A1C 5M2", "Ontario"],
           ["123 MAIN ST", "Apt 1502", "19A-3649 rue Sainte-Catherine Ouest"]),
    "FR": (["75009 PARIS", "13008 MARSEILLE", "69003 Lyon", "06000 NICE"],
           ["12 RUE DE LONDRES", "Appt 12, Bât. B", "Résidence Les Tilleuls"]),
    "DE": (["10115 Berlin", "80331 München", "60311 Frankfurt am Main", "04103 Leipzig"],
           ["Hauptstraße 5", "Wohnung 3", "Am Lindenweg 12"]),
    "IN": (["Bengaluru - 560038", "Mumbai 400 050", "Hyderabad, Telangana 500034", "Karnataka", "PIN: 110024"],
           ["Flat No. 302, Sai Krupa Apartments", "14th Cross, Indiranagar", "C-80, Lajpat Nagar"]),
}


@pytest.mark.parametrize("country", ADDED)
def test_postcode_and_region_lines_end_the_address(country):
    ends, others = TERMINAL[country]
    for line in ends:
        assert P.is_terminal_line(line, country), line
    for line in others:
        assert not P.is_terminal_line(line, country), line


@pytest.mark.parametrize(("country", "line", "postcode"), [
    ("CA", "TORONTO ON M5V 2T6", "M5V 2T6"), ("CA", "Laval, QC H7N 7A6", "H7N 7A6"),
    ("FR", "75009 PARIS", "75009"), ("FR", "31200 TOULOUSE", "31200"),
    ("DE", "10115 Berlin", "10115"), ("DE", "01067 Dresden", "01067"), ("DE", "60487 FRANKFURT AM MAIN", "60487"),
    ("IN", "Bengaluru - 560038", "560038"), ("IN", "Lucknow 226 010", "226 010")])
def test_each_country_pattern_finds_its_postcode(country, line, postcode):
    m = P.POSTCODE_PATTERNS[country].search(line)
    assert m and next(g for g in m.groups() if g) == postcode


def test_postcode_shapes_of_other_countries_are_not_taken():
    # a US ZIP line is not Canadian; a French/German/Indian number elsewhere is no postcode
    assert not P.POSTCODE_PATTERNS["CA"].search("San Mateo, CA 94401")
    assert P.POSTCODE_PATTERNS["DE"].search("60487 FRANKFURT AM MAIN")  # the town in capitals, too
    assert not P.POSTCODE_PATTERNS["DE"].search("12345 kWh")
    assert not P.POSTCODE_PATTERNS["FR"].search("99000 Nowhere")  # no French département 99
    assert not P.POSTCODE_PATTERNS["IN"].search("Invoice 5600381")


@pytest.mark.parametrize(("country", "line"), [
    ("FR", "3 impasse des Lilas"), ("FR", "8 quai de la Loire"), ("FR", "149 ter allée des Tilleuls"),
    ("DE", "Hauptstraße 5"), ("DE", "Birkenweg 12a"), ("DE", "Heinrich-Heine-Straße 57"),
    ("IN", "B-14, Lajpat Nagar"), ("IN", "23, Gandhi Marg"), ("IN", "Flat No. 302, Shanti Niketan Society"),
    ("IN", "Plot No. 45, Sector 18"), ("CA", "1250 montée Saint-Michel"), ("DE", "1. OG links"), ("DE", "Wohnung 12")])
def test_street_words_of_each_country(country, line):
    assert P.address_evidence(line) >= 0.4, (country, line)


@pytest.mark.parametrize(("printed", "name"), [
    ("Herrn Thomas Müller", "Thomas Müller"), ("Frau Sabine Weber", "Sabine Weber"),
    ("Mme Sophie DURAND", "Sophie DURAND"), ("Madame Léa Bonnet", "Léa Bonnet"), ("M. et Mme Jean DUPONT", "Jean DUPONT"),
    ("Smt. Lakshmi Iyer", "Lakshmi Iyer"), ("Shri Rajesh Kumar Sharma", "Rajesh Kumar Sharma"),
    ("Frau Dr. Hannah Bauer", "Hannah Bauer"), ("Herrn Prof. Dr. Jonas Weber", "Jonas Weber")])
def test_titles_of_each_country(printed, name):
    assert P.strip_title(printed) == name
    assert P.name_score(printed) >= 0.8


@pytest.mark.parametrize("issuer", ["Nordlicht Kreditbank", "Rheinland Stadtwerke", "Elbtal Gasversorgung",
                                    "Provence Banque", "Armor Énergie", "Hydro Laurentian", "Deccan Vidyut Pvt"])
def test_issuers_in_the_countrys_language_are_organisations(issuer):
    assert P.name_score(issuer) < 0.4


@pytest.mark.parametrize("line", ["Le Clos des Vignes", "Domaine des Pins", "Résidence Les Tilleuls"])
def test_french_residence_names_are_address_lines_not_people(line):
    assert P.name_score(line) < 0.4 and P.address_evidence(line) >= 0.4


@pytest.mark.parametrize(("text", "value"), [("62,86 €", 62.86), ("1.234,50 €", 1234.5), ("1 234,50 €", 1234.5),
                                             ("12,00 EUR", 12.0)])
def test_euro_amounts_with_the_currency_after_the_number(text, value):
    m = P.parse_money(text)
    assert m is not None and m.value == value and m.currency in ("€", "EUR")
    tail = P.parse_money(f"Montant total {text}", whole=False)
    assert tail is not None and tail.value == value
    assert P.parse_money(f"€ {text}") is None  # two currencies are not one amount


@pytest.mark.parametrize(("text", "value"), [("Rs. 12,34,567.00", 1234567.0), ("₹1,00,000", 100000.0),
                                             ("INR 4,56,789.50", 456789.5), ("Rs.23,358.18", 23358.18)])
def test_indian_lakh_grouping(text, value):
    m = P.parse_money(text)
    assert m is not None and m.value == value


def test_date_orders_of_the_added_countries():
    assert {c: LOCALES[c].date_order for c in ADDED} == {"CA": "YMD", "FR": "DMY", "DE": "DMY", "IN": "DMY"}
    assert [LOCALES[c].address_order for c in ADDED] == ["street-first", "postcode-before-town",
                                                         "postcode-before-town", "street-first"]
    for country, printed, iso in [("CA", "2025-03-04", "2025-03-04"), ("FR", "04/03/2025", "2025-03-04"),
                                  ("DE", "04.03.2025", "2025-03-04"), ("DE", "4. März 2025", "2025-03-04"),
                                  ("FR", "1er février 2026", "2026-02-01"), ("IN", "04-03-2025", "2025-03-04")]:
        ds = P.find_dates(printed, month_first=LOCALES[country].month_first)
        assert ds and ds[0].value is not None and ds[0].value.isoformat() == iso, (country, printed)


def _guess(lines: list[str]) -> str | None:
    p = Page()
    for i, t in enumerate(lines):
        p.write(100, 100 + 40 * i, t)
    return guess_country(L.build(p.lines(), p.width, p.height))


def test_country_vote_of_each_added_country():
    assert _guess(["Maple Leaf Power", "Liam Tremblay", "2309 Maple Avenue", "Victoria BC V8R 5Y3", "CAD 12.00"]) == "CA"
    assert _guess(["Titulaire du contrat", "Mme Léa BONNET", "8 impasse des Lilas", "38000 GRENOBLE", "62,86 €"]) == "FR"
    assert _guess(["Stromrechnung", "Frau Karin Vogel", "Hauptstraße 25", "40477 Düsseldorf", "Betrag 12,00 €"]) == "DE"
    assert _guess(["Deccan Power", "Smt. Lakshmi Malhotra", "H-129, Hazratganj", "Lucknow 226010", "Uttar Pradesh",
                   "Rs. 5,602.27"]) == "IN"


def test_holder_labels_of_the_french_and_german_pages():
    for label in ("Titulaire du contrat", "Nom du client", "Kundenname", "Rechnungsempfänger"):
        m = P.NAME_LABEL.match(f"{label}: Léa Bonnet")
        assert m and m.group("rest") == "Léa Bonnet", label
    for label in ("Adresse de facturation", "Lieu de consommation", "Anschrift", "Verbrauchsstelle"):
        m = P.ADDRESS_LABEL.match(f"{label}: Hauptstraße 5")
        assert m and m.group("rest") == "Hauptstraße 5", label
