"""Layouts seen on real third-party documents (hand-made lines, no OCR): the holder is never the issuer's
branch, an agent, a payer or a company mail address; labels and scripts of FR/DE/IN/CA pages."""

from __future__ import annotations

from credrec_local.engine.extract import extract

from .lines import Page


def _ex(p: Page):
    return extract(p.lines(), p.width, p.height)


def test_branch_details_beside_your_details_uk_bank():
    p = Page(1445, 1870)
    p.write(73, 100, "RBS", h=120)
    p.write(451, 110, "Statement", h=50)
    p.write(1160, 260, "Mr Robot Roboto", h=30)
    p.write(83, 330, "Branch Details", h=34)
    p.write(700, 330, "Your Details", h=34)
    p.block(80, 390, ["RBS Silicon Valley", "625 2nd St,", "San Francisco, CA 94107"], h=34, spacing=0.9)
    p.block(698, 390, ["Mr Robot", "210 S B St", "San Mateo, CA 94401"], h=34, spacing=0.9)
    p.write(1000, 390, "Previous Balance", h=36)
    p.write(1250, 440, "£1803.90", h=36)
    ex = _ex(p)
    assert ex.name.value == "Mr Robot"
    assert ex.address.value == "210 S B St\nSan Mateo, CA 94401"


def test_agent_block_above_the_policyholder():
    p = Page(1400, 1800)
    p.write(177, 80, "Allstate", h=58)
    p.write(946, 90, "Information as of November 11, 2021", h=26)
    p.write(946, 125, "Policyholder(s)", h=24)
    p.write(946, 150, "Sandra Todson", h=27)
    p.block(103, 150, ["Austin Flannery Agy", "123 N Broadway St", "Georgetown KY 40324-1301"], h=22, spacing=0.9)
    p.block(135, 300, ["SANDRA TODSON", "546 EMERSON DR", "LEXINGTON KY 45773"], h=25, spacing=1.15)
    p.write(166, 600, "Here's your policy renewal offer", h=39)
    ex = _ex(p)
    assert ex.name.value.casefold() == "sandra todson"
    assert ex.address.value == "546 EMERSON DR\nLEXINGTON KY 45773"


def test_tax_form_captions_are_skipped_and_the_payer_block_is_not_the_holder():
    p = Page(1500, 1100)
    p.write(216, 210, "PAYER'S name, street address, city or town, state or province, country, ZIP", h=25)
    p.block(223, 290, ["Fox, Marks and Morgan", "7511 Johnson Shores", "Torresland, WY 89904"], h=34, spacing=0.9)
    p.write(220, 450, "PAYER'S TIN", h=25)
    p.write(224, 570, "RECIPIENT'S name", h=21)
    p.write(220, 605, "Steven Long", h=36)
    p.write(225, 650, "Street address (including apt. no.)", h=25)
    p.write(221, 695, "84686 Emily Springs", h=36)
    p.write(226, 740, "City or town, state or province, country, and ZIP or foreign postal code", h=25)
    p.write(223, 785, "Kelseyfurt, NE, 03477", h=36)
    ex = _ex(p)
    assert ex.name.value == "Steven Long"
    assert ex.address.value == "84686 Emily Springs\nKelseyfurt, NE, 03477"


def test_french_bill_holder_block_and_company_mail_addresses():
    p = Page(1366, 1947)
    p.write(596, 130, "EDF", h=60)
    p.write(70, 75, "NOUS CONTACTER", h=25)
    p.write(103, 530, "Par courrier", h=26)
    p.block(104, 555, ["EDF SERVICE CLIENTS TSA 21941", "62978 ARRAS CEDEX 9"], h=21, spacing=1.0)
    p.block(720, 330, ["MAËLLE ET JÉRÔME GUÉRIN", "12 RUE DE LONDRES", "75009 PARIS"], h=24, spacing=1.2)
    p.write(488, 630, "Facture du 11/12/2022", h=29)
    p.write(1071, 630, "Montant total", h=29)
    p.write(1093, 665, "62,86 €", h=37)
    p.write(111, 740, "Par courrier", h=26)
    p.block(111, 765, ["EDF TSA 81401", "87014 LIMOGES Cedex 1"], h=21, spacing=1.0)
    ex = _ex(p)
    assert ex.name.value == "MAËLLE ET JÉRÔME GUÉRIN"
    assert ex.address.value == "12 RUE DE LONDRES\n75009 PARIS"


def test_french_labelled_holder_takes_the_address_of_the_same_persons_block():
    p = Page(1366, 1947)
    p.write(596, 130, "EDF", h=60)
    p.block(720, 330, ["MAËLLE ET JÉRÔME GUÉRIN", "12 RUE DE LONDRES", "75009 PARIS"], h=24, spacing=1.2)
    p.write(73, 1010, "Titulaire du contrat", h=25)
    p.block(71, 1035, ["Mme GUÉRIN MAËLLE", "GUÉRIN JÉRÔME"], h=27, spacing=0.9)
    p.write(71, 1100, "Votre contrat", h=27)
    ex = _ex(p)
    assert ex.name.value in ("Mme GUÉRIN MAËLLE", "MAËLLE ET JÉRÔME GUÉRIN")
    assert ex.address.value == "12 RUE DE LONDRES\n75009 PARIS"


def test_german_letter_window():
    p = Page()
    p.write(80, 60, "Stadtwerke Musterstadt GmbH", h=40)
    p.write(100, 200, "Stadtwerke Musterstadt, Postfach 1234, 12345 Musterstadt", h=12)
    p.block(100, 230, ["Herrn Max Mustermann", "Hauptstraße 5", "10115 Berlin"])
    p.write(700, 230, "Rechnung", h=30)
    p.write(700, 280, "Betrag 84,20 €")
    ex = _ex(p)
    assert ex.name.value == "Herrn Max Mustermann"
    assert ex.address.value == "Hauptstraße 5\n10115 Berlin"


def test_indian_bill_with_pin_code():
    p = Page()
    p.write(80, 60, "Bangalore Electricity Supply Company", h=36)
    p.write(80, 200, "Name:")
    p.write(260, 200, "Shri Rajesh Kumar")
    p.block(260, 233, ["No. 14, 5th Cross, Indiranagar", "Bengaluru 560 038"])
    p.write(700, 200, "Bill Date")
    p.write(900, 200, "05/03/2026")
    p.write(700, 260, "Amount Due")
    p.write(900, 260, "₹ 1,234.00")
    ex = _ex(p)
    assert ex.name.value == "Shri Rajesh Kumar"
    assert ex.address.value == "No. 14, 5th Cross, Indiranagar\nBengaluru 560 038"
    assert ex.amount_due is not None and "1,234.00" in ex.amount_due.value


def test_canadian_postcode_read_with_a_digit_for_a_letter():
    p = Page(400, 517)
    p.write(20, 20, "enbridge", h=30)
    p.block(30, 120, ["JANE DOE", "123 FAKE ST", "BIG CITY ON G4S 010"], h=10, spacing=1.3)
    ex = _ex(p)
    assert ex.address.value == "123 FAKE ST\nBIG CITY ON G4S 0I0"


def test_account_type_column_is_not_the_holder():
    p = Page(1200, 1600)
    p.write(1097, 240, "Example Inc. Credit Union")
    p.write(195, 300, "999-99-99-99 16769 3 C 001 11 S 66 002")
    p.block(196, 325, ["ALEJANDRO ROSALEZ", "400 KOZEY LIGHT, WEBERBURGH, HI 29922"], h=26, spacing=1.0)
    p.write(62, 987, "ACCOUNT NAME")
    p.write(434, 987, "ACCOUNT NUMBER")
    p.write(62, 1017, "CHECKING")
    p.write(434, 1017, "003525801543")
    ex = _ex(p)
    assert ex.name.value == "ALEJANDRO ROSALEZ"


# Each page-level rule on its own (no label to lean on): a test that fails without that rule.

def _two_window_blocks(first: list[str], second: list[str], *, heading: str | None = None) -> Page:
    p = Page(1400, 1800)
    if heading:
        p.write(80, 340, heading, h=30)
    p.block(80, 390, first, h=30, spacing=1.1)
    p.block(760, 390, second, h=30, spacing=1.1)
    p.write(80, 900, "Your statement", h=30)
    return p


def test_a_block_under_an_other_party_heading_is_not_the_holder():
    p = _two_window_blocks(["Kate Morgan", "625 2nd St", "San Francisco, CA 94107"],
                           ["Mr Robot", "210 S B St", "San Mateo, CA 94401"], heading="Branch Details")
    ex = _ex(p)
    assert ex.name.value == "Mr Robot" and ex.address.value.endswith("CA 94401")


def test_a_name_sharing_a_word_with_the_issuer_is_an_organisation():
    p = _two_window_blocks(["Northwind Silicon Valley", "625 2nd St", "San Francisco, CA 94107"],
                           ["Mr Robot", "210 S B St", "San Mateo, CA 94401"])
    p.write(80, 60, "Northwind", h=110)
    ex = _ex(p)
    assert ex.issuer.value == "Northwind"
    assert ex.name.value == "Mr Robot"


def test_the_person_printed_twice_on_the_page_is_the_holder():
    p = _two_window_blocks(["Austin Flannery", "123 N Broadway St", "Georgetown KY 40324-1301"],
                           ["SANDRA TODSON", "546 EMERSON DR", "LEXINGTON KY 45773"])
    p.write(1000, 150, "Sandra Todson", h=26)
    ex = _ex(p)
    assert ex.name.value == "SANDRA TODSON"


def test_a_cedex_or_tsa_address_is_a_company_mail_address():
    p = _two_window_blocks(["Relations Clientèle", "TSA 12345", "75012 PARIS CEDEX 12"],
                           ["Jeanne Martin", "8 rue des Lilas", "69003 LYON"])
    p.write(700, 1000, "Montant total 62,86 €", h=26)
    ex = _ex(p)
    assert ex.name.value == "Jeanne Martin" and ex.address.value == "8 rue des Lilas\n69003 LYON"


def test_a_shop_letterhead_on_a_receipt_is_not_a_holder():
    """Receipt scans (SROIE-like): the shop's name and address at the top, in the shape of a window block,
    are the issuer's; a trade word marks the name as an organisation, so neither is the holder's."""
    for shop in ("ABC HO TRADING", "FUYI MINIMARKET", "TEO HENG STATIONERY & BOOKS", "INDAH GIFT & HOME DECO"):
        p = Page(460, 1000)
        p.block(60, 40, [shop, "No.2&4, JALAN HARMONI 3/2,", "TAMAN DESA HARMONI,", "81100 JOHOR BAHRU, JOHOR"],
                h=18, spacing=1.3)
        p.write(120, 170, "TEL: 07-355 1234", h=16)
        p.write(150, 210, "CASH RECEIPT", h=18)
        p.write(30, 260, "PEN BLUE 2 x 1.50", h=16).write(360, 260, "3.00", h=16)
        p.write(30, 300, "TOTAL", h=18).write(360, 300, "3.00", h=18)
        p.write(30, 330, "CASH", h=16).write(360, 330, "5.00", h=16)
        p.write(30, 360, "CHANGE", h=16).write(360, 360, "2.00", h=16)
        ex = _ex(p)
        assert ex.name is None, shop
        assert ex.address is None, shop


def test_a_right_window_beside_a_column_of_labels_keeps_its_address():
    """A French/German-style letter: reference labels at the left margin share rows with the window block
    at the right; a label half a page away is another column's, not the address line's."""
    p = Page(1240, 1754)
    p.write(90, 80, "Stadtwerke Nordhafen", h=40)
    p.write(650, 250, "Stadtwerke Nordhafen · Hafenstraße 2 · 20457 Hamburg", h=13)
    p.block(650, 290, ["Frau Hannah Becker", "Lindenallee 14", "22765 Hamburg"], h=24, spacing=1.4)
    p.block(90, 290, ["Account number", "Statement date", "Page"], h=18, spacing=1.85)  # values below them
    p.block(90, 400, ["4711-0815", "02.05.2026"], h=18, spacing=1.85)
    p.write(90, 480, "Betreff: Ihre Jahresrechnung", h=22)
    ex = _ex(p)
    assert ex.name is not None and ex.name.value == "Frau Hannah Becker"
    assert ex.address is not None and ex.address.value == "Lindenallee 14\n22765 Hamburg"


def test_french_and_german_captions_are_not_names_and_their_labels_are_known():
    from credrec_local.engine import patterns as P

    for caption in ("RÉFÉRENCE CLIENT", "KUNDENNUMMER", "Übersicht", "Synthèse"):
        assert P.name_score(caption) < 0.4, caption
    p = Page(1240, 1754)
    p.write(90, 80, "Énergie du Rhône", h=40)
    p.write(90, 300, "Facturé à", h=20)
    p.block(90, 330, ["M. Julien Moreau", "8 Rue des Lilas", "69003 Lyon"], h=22, spacing=1.4)
    ex = _ex(p)
    assert ex.name is not None and ex.name.value == "M. Julien Moreau"
    p = Page(1240, 1754)
    p.write(90, 80, "Nordlicht Kreditbank", h=40)
    p.write(90, 300, "Kontoinhaber", h=20).write(400, 300, "Herr Jonas Weber", h=20)
    p.write(90, 340, "Postanschrift", h=20)
    p.block(400, 340, ["Bergstraße 7", "80331 München"], h=20, spacing=1.4)
    ex = _ex(p)
    assert ex.name is not None and ex.name.value == "Herr Jonas Weber"
    assert ex.address is not None and ex.address.value == "Bergstraße 7\n80331 München"
