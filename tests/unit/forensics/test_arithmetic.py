"""Table arithmetic (forensics.arithmetic): sums rebuilt from OCR lines, and the one amount that breaks them.

The pages are OCR lines built here: a label at the left and right-aligned amount columns, one row every
26 px, as an OCR engine returns a printed receipt or bill."""

from __future__ import annotations

from credrec_local.engine.forensics import analyze, arithmetic
from credrec_local.engine.forensics.tables import build_rows, role_of
from credrec_local.engine.types import Extraction, OcrLine, Page

RIGHT = 420  # right edge of the last amount column
STEP = 90  # distance between amount columns


def quad(x0: float, y0: float, x1: float, y1: float):
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))


def page_lines(rows: list[tuple[str, ...]], score: float = 0.99,
               scores: dict[str, float] | None = None) -> list[OcrLine]:
    """OCR lines for ``rows``: (label, cell, cell, ...); the last cell right-aligned at RIGHT."""
    out: list[OcrLine] = []
    y = 100.0
    for label, *cells in rows:
        if label:
            out.append(OcrLine(label, score, quad(20, y, 20 + 9 * len(label), y + 20)))
        for k, text in enumerate(cells):
            x1 = RIGHT - STEP * (len(cells) - 1 - k)
            out.append(OcrLine(text, (scores or {}).get(text, score), quad(x1 - 11 * len(text), y, x1, y + 20)))
        y += 26
    return out


def box_of(lines: list[OcrLine], text: str):
    return next(ln.box for ln in lines if ln.text == text)


def overlaps(a, b) -> bool:
    return not (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1])


HEADER = ("Description", "Qty", "Price", "Amount")


def cafe(amount_nasi: str = "5.50", price_nasi: str = "5.50", total: str = "15.86") -> list[tuple[str, ...]]:
    return [("KEDAI KOPI MAJU SDN BHD",), ("Receipt 0042 12/03/2026 13:05",), HEADER,
            ("Teh tarik", "2", "1.80", "3.60"), ("Nasi lemak", "1", price_nasi, amount_nasi),
            ("Roti canai", "3", "1.50", "4.50"), ("Subtotal", "13.60"), ("Service Charge 10%", "1.36"),
            ("GST 6%", "0.90"), ("Total", total), ("Cash", "20.00"), ("Change", "4.14"), ("Thank you",)]


def test_receipt_that_adds_up_is_quiet():
    assert arithmetic.signals(page_lines(cafe())) == []


def test_retyped_line_amount_is_pinpointed_by_its_row_and_the_column():
    lines = page_lines(cafe(amount_nasi="8.50"))  # 5.50 retyped 8.50: qty x price and the subtotal both break
    sigs = arithmetic.signals(lines)
    assert [s.kind for s in sigs] == ["amount_mismatch"]
    assert sigs[0].score >= 0.8 and sigs[0].tag == "CONTENT_INCONSISTENT"
    assert overlaps(sigs[0].region, box_of(lines, "8.50"))
    assert not overlaps(sigs[0].region, box_of(lines, "13.60"))  # the subtotal is corroborated by the chain


def test_retyped_unit_price_points_at_the_price_weakly():
    # the amount column still adds up, so the price is the odd one; but only one sum is broken: weak
    lines = page_lines(cafe(price_nasi="2.50"))
    sigs = arithmetic.signals(lines)
    assert len(sigs) == 1 and 0.0 < sigs[0].score < 0.5
    assert overlaps(sigs[0].region, box_of(lines, "2.50"))


def test_retyped_total_breaks_the_chain_and_the_payment():
    lines = page_lines(cafe(total="12.86"))
    sigs = arithmetic.signals(lines)
    assert len(sigs) == 1 and sigs[0].score >= 0.8
    assert overlaps(sigs[0].region, box_of(lines, "12.86"))


def test_items_without_prices_give_a_weak_signal_at_the_column_and_the_total():
    rows = [("MINI MART",), ("Item", "Amount"), ("Milk 1L", "6.25"), ("Bread", "4.95"), ("Eggs 10", "9.75"),
            ("Total", "20.15")]  # 4.15 retyped 4.95: no look-alike digit of any amount explains the 0.80
    lines = page_lines(rows)
    sigs = arithmetic.signals(lines)
    assert len(sigs) == 1 and 0.0 < sigs[0].score < 0.5  # which item changed is not known: weak
    for text in ("6.25", "4.95", "9.75", "20.15"):
        assert overlaps(sigs[0].region, box_of(lines, text))


def test_rounding_adjustment_and_cash_rounding_hold():
    rows = [("MR HARDWARE",), ("-INVOICE-",), ("CHOPPING BOARD",), ("8970669 1 X", "19.00", "19.00"),
            ("SPRAYER",), ("9066468 1 X", "8.02", "8.02"), ("TAPE",), ("6935818350846 1 X", "6.90", "6.90"),
            ("Item(s) : 3 Qty(s) : 3",), ("TOTAL", "RM 33.92"), ("ROUNDING ADJUSTMENT", "-RM 0.02"),
            ("TOTAL ROUNDED", "RM 33.90"), ("CASH", "RM 50.00"), ("CHANGE", "RM 16.10")]
    assert arithmetic.signals(page_lines(rows)) == []


def test_tax_inclusive_receipt_holds():
    rows = [("Item", "Qty", "S/Price", "Amount"), ("E8318", "1", "80.91", "80.91"),
            ("Total Sales (Excluding GST)", "80.91"), ("Discount", "0.00"), ("Total GST", "0.00"),
            ("Rounding", "-0.01"), ("Total Sales (Inclusive of GST) :", "80.90"), ("CASH:", "100.00"),
            ("Change:", "19.10")]
    assert arithmetic.signals(page_lines(rows)) == []
    rows = [("Qty", "Item", "Total"), ("2 ChicMcMuffin", "11.00"), ("1 M Porridge", "5.60"),
            ("TakeOut Total (incl GST)", "16.60"), ("TOTAL INCLUDES 6% GST", "0.94"), ("Cash Tendered", "20.00"),
            ("Change", "3.40")]
    assert arithmetic.signals(page_lines(rows)) == []


def test_discount_service_and_tax_in_french_and_german_hold():
    fr = [("Désignation", "Qté", "P.U.", "Montant"), ("Câble HDMI", "2", "12,50", "25,00"),
          ("Clavier", "1", "45,00", "45,00"), ("Sous-total", "70,00"), ("Remise", "-7,00"), ("Total HT", "63,00"),
          ("TVA 20%", "12,60"), ("Total TTC", "75,60")]
    assert arithmetic.signals(page_lines(fr)) == []
    de = [("Bezeichnung", "Menge", "Einzelpreis", "Betrag"), ("Schrauben", "10", "0,35", "3,50"),
          ("Dübel", "1", "4,20", "4,20"), ("Zwischensumme", "7,70"), ("Rabatt", "0,70"), ("MwSt 19%", "1,33"),
          ("Summe", "8,33")]
    assert arithmetic.signals(page_lines(de)) == []
    de[5] = ("MwSt 19%", "1,33")
    de[6] = ("Summe", "8,93")  # 8,33 retyped: the chain breaks with nothing else to excuse it
    assert [s.kind for s in arithmetic.signals(page_lines(de))] == ["amount_mismatch"]


def test_statement_previous_balance_payments_and_new_charges():
    rows = [("Account summary",), ("Previous balance", "$120.00"), ("Payment received - thank you", "-$120.00"),
            ("Credit adjustment", "-$5.00"), ("New charges", "$86.40"), ("Amount due", "$81.40")]
    assert arithmetic.signals(page_lines(rows)) == []
    rows[-1] = ("Amount due", "$89.40")
    lines = page_lines(rows)
    sigs = arithmetic.signals(lines)
    assert len(sigs) == 1 and overlaps(sigs[0].region, box_of(lines, "$89.40"))


def test_single_ocr_confusions_do_not_flag():
    # 5.50 printed, read 5.60 (5↔6): row and column break by 0.10, one look-alike digit explains both
    assert arithmetic.signals(page_lines(cafe(amount_nasi="5.60"))) == []
    # 15.86 read 1586: the decimal point dropped; the payment confirms 15.86
    assert arithmetic.signals(page_lines(cafe(total="1586"))) == []
    # the tendered 20.00 read 0.00 (a dropped leading digit)
    rows = cafe()
    rows[10] = ("Cash", "0.00")
    assert arithmetic.signals(page_lines(rows)) == []


def test_low_ocr_score_is_not_conclusive():
    assert arithmetic.signals(page_lines(cafe(amount_nasi="8.50"), scores={"8.50": 0.7})) == []


def test_ocr_confusion_table():
    assert arithmetic.ocr_confusion("15.60", 15.50)  # 5↔6
    assert arithmetic.ocr_confusion("17.00", 11.00)  # 1↔7
    assert arithmetic.ocr_confusion("00.00", 100.00)  # a dropped digit
    assert not arithmetic.ocr_confusion("19.00", 12.00)  # 2→9: what a forger types, not what OCR reads
    assert not arithmetic.ocr_confusion("41.00", 44.00)  # 4→1
    assert arithmetic.ocr_confusion("23.00", 28.00)  # 3↔8 is a look-alike pair


def test_roles_in_several_languages():
    assert role_of("Jumlah kecil")[0] == "subtotal"
    assert role_of("Pelarasan pembundaran")[0] == "rounding"
    assert role_of("Total TTC")[0] == "tax_included"
    assert role_of("Zwischensumme")[0] == "subtotal"
    assert role_of("Total Qty")[0] == "count"
    assert role_of("Total GST")[0] == "tax"
    assert role_of("TOTAL ROUNDED")[0] == "total"
    rows = build_rows(page_lines([HEADER, ("Teh tarik", "2", "1.80", "3.60")]))
    assert rows[0].role == "header" and rows[1].qty == 2 and [c.value for c in rows[1].cells] == [1.80, 3.60]


def test_registered_in_the_forensics_entry_point():
    lines = page_lines(cafe(amount_nasi="8.50"))
    page = Page(data=b"", format="png", width=500, height=600, rgb=None, lines=lines)
    report = analyze(page, Extraction())
    assert report.suspicious and "amount_mismatch" in [s.kind for s in report.signals]


def statement_rows(balance_after_atm: str = "18,284.43") -> list[tuple[str, ...]]:
    return [("Date Description", "Paid In", "Paid Out", "Balance"), ("BROUGHT FORWARD", "1,803.90"),
            ("22 Oct PAY IN", "190.40", "1,994.30"), ("24 Oct Amazon", "132.30", "1,862.00"),
            ("25 Oct Business Loan", "20,000.00", "21,862.00"), ("26 Oct James White Media", "3,477.57", "18,384.43"),
            ("27 Oct ATM High Street", "100.00", balance_after_atm), ("01 Nov Acorn Studios", "150.00", "18,134.43")]


def test_running_balance_holds_and_a_retyped_balance_is_pinpointed():
    assert arithmetic.signals(page_lines(statement_rows())) == []
    lines = page_lines(statement_rows("18,281.43"))  # 4 → 1: the steps into and out of it both break
    sigs = arithmetic.signals(lines)
    assert len(sigs) == 1 and sigs[0].score >= 0.8
    assert overlaps(sigs[0].region, box_of(lines, "18,281.43"))
    assert not overlaps(sigs[0].region, box_of(lines, "18,134.43"))


def test_totals_of_several_columns_and_of_separate_sections():
    rows = [("Account", "Beginning Balance", "Ending Balance"), ("Property Taxes Savings", "$5,823.37", "$6,826.05"),
            ("Joint Savings Account", "$55,892.61", "$52,954.23"), ("Total Account Balances:", "$61,715.98", "$59,780.28")]
    assert arithmetic.signals(page_lines(rows)) == []
    rows[2] = ("Joint Savings Account", "$55,899.61", "$52,954.23")
    lines = page_lines(rows)
    sigs = arithmetic.signals(lines)
    assert len(sigs) == 1 and overlaps(sigs[0].region, box_of(lines, "$55,899.61"))
    # section totals one under the other are not a chain of sums
    rows = [("ACCOUNT NAME", "ACCOUNT NUMBER", "BALANCE ($)"), ("CHECKING 003525801543", "5,657.47"),
            ("Total checking accounts", "$5,657.47"), ("SAVINGS 352580154336", "53,578.24"),
            ("Total savings accounts", "$53,578.24")]
    assert arithmetic.signals(page_lines(rows)) == []


def test_total_repeated_in_large_type_must_match():
    def with_display(text: str) -> list[OcrLine]:
        lines = page_lines(cafe())
        y = lines[-1].box[3] + 10
        return [*lines, OcrLine(text, 0.99, quad(150, y, 260, y + 60))]  # three times the body text height

    assert arithmetic.signals(with_display("15.86")) == []
    lines = with_display("19.86")
    sigs = arithmetic.signals(lines)
    assert len(sigs) == 1 and overlaps(sigs[0].region, box_of(lines, "19.86"))


def test_amount_due_with_a_balance_the_page_does_not_print_is_not_conclusive():
    rows = [("Amount Payable", "$160.26"), ("Description", "Amount"), ("Gas usage 326 kWh", "82.94"),
            ("Fixed charge", "7.33"), ("Sub-total", "$90.27"), ("GST 10%", "$9.03"),
            ("Total charges this month", "$99.30"), ("Amount Due", "$160.26")]
    assert arithmetic.signals(page_lines(rows)) == []
    rows[6] = ("Total charges this month", "$96.30")  # but the charges themselves must add up
    assert [s.kind for s in arithmetic.signals(page_lines(rows))] == ["amount_mismatch"]


def test_card_statement_in_other_currencies_and_dated_rows():
    rows = [("Previous Balance", "HK$16,949.86"), ("05 Feb 2026 Payment - thank you", "2,895.51 CR"),
            ("03 Feb 2026 Fashion Avenue", "1,419.15"), ("07 Feb 2026 Golden Noodle House", "547.69"),
            ("09 Feb 2026 Tech Gadget Hub", "1,423.69"), ("Total Purchases", "HK$3,390.53"),
            ("New Balance", "HK$17,444.88")]
    assert arithmetic.signals(page_lines(rows)) == []
    rows[-1] = ("New Balance", "HK$17,414.88")
    lines = page_lines(rows)
    sigs = arithmetic.signals(lines)
    assert len(sigs) == 1 and overlaps(sigs[0].region, box_of(lines, "HK$17,414.88"))
    utility = [("Previous Balance THB1,006.81",), ("Less: Payment -THB1,006.81",), ("Fixed charge THB", "85.37"),
               ("Energy 120 kWh THB", "1,075.73"), ("Sub-total THB", "1,161.10"), ("VAT 7% THB", "81.28"),
               ("Total THB1,242.38",), ("Balance Due THB", "1,242.38")]
    assert arithmetic.signals(page_lines(utility)) == []
    # "09 Feb" is a date, not a quantity of 9
    row = build_rows(page_lines([("09 Feb 2026 Tech Gadget Hub", "158.19", "1,423.69")]))[0]
    assert row.qty is None and arithmetic._row_identities(row) == []


def test_invoice_layouts_that_hold_are_quiet():
    # tax rate and amounts before and after tax on each line; totals before tax, tax, after tax
    odoo = [("Description", "Quantity", "Unit Price", "Taxes", "Amount"),
            ("[FURN_8220] Four Person Desk", "5.00", "2,350.00", "15.00", "11,750.00"),
            ("[FURN_8999] Three-Seat Sofa", "2.00", "1,500.00", "15.00", "3,000.00"),
            ("Untaxed Amount", "$ 14,750.00"), ("Tax 15%", "$ 2,212.50"), ("Total", "$ 16,962.50")]
    assert arithmetic.signals(page_lines(odoo)) == []
    lines_with_vat = [("Product", "Qty", "Price", "Tax", "Total"), ("Headphones", "2", "499.00", "76.12", "998.00"),
                      ("Cable", "1", "199.00", "30.36", "199.00"), ("Grand Total", "1,197.00")]
    assert arithmetic.signals(page_lines(lines_with_vat)) == []
    # a nested breakdown: a service and its regions both listed above the total
    nested = [("Detail", "Amount"), ("Amazon Elastic Compute Cloud", "$10.00"), ("US East (N. Virginia)", "$6.00"),
              ("US West (Oregon)", "$4.00"), ("Amazon Simple Storage Service", "$2.50"), ("Total", "$12.50")]
    assert all(s.score < 0.5 for s in arithmetic.signals(page_lines(nested)))
    # thousands with a comma and no cents are not 3-decimal prices
    hotel = [("Description", "Rate", "Amount"), ("Room charges 2 nights", "1,500", "3,000.00"),
             ("Total", "3,000.00")]
    assert arithmetic.signals(page_lines(hotel)) == []


def test_rows_of_a_photographed_page_follow_its_slope():
    rows = cafe()
    flat = page_lines(rows)
    slope = 0.08  # about 4.6 degrees: the right column sits 30 px lower than the labels
    tilted = [OcrLine(ln.text, ln.score, tuple((x, y + slope * x) for x, y in ln.quad)) for ln in flat]
    assert arithmetic.signals(tilted) == []
    built = build_rows(tilted)
    assert [r.cells[-1].raw for r in built if r.role == "total"] == ["15.86"]
    # a label row with two table words but a sum role is not a table header
    assert role_of("Total Amount Due")[0] == "due"
    assert build_rows(page_lines([("Total Amount Due:",)]))[0].role == "due"


def test_retyped_amount_beside_an_equal_unit_price_is_pinpointed():
    rows = [("MR HARDWARE",), ("-INVOICE-",), ("CHOPPING BOARD",), ("8970669 1 X", "19.00", "19.00"),
            ("SPRAYER",), ("9066468 1 X", "8.02", "5.02"), ("TAPE",), ("6935818350846 1 X", "6.90", "6.90"),
            ("Item(s) : 3 Qty(s) : 3",), ("TOTAL", "RM 33.92"), ("ROUNDING ADJUSTMENT", "-RM 0.02"),
            ("TOTAL ROUNDED", "RM 33.90"), ("CASH", "RM 50.00"), ("CHANGE", "RM 16.10")]
    lines = page_lines(rows)  # the unit prices still add up to the total, but they are not a column of its own
    sigs = arithmetic.signals(lines)
    assert len(sigs) == 1 and sigs[0].score >= 0.8
    assert overlaps(sigs[0].region, box_of(lines, "5.02")) and not overlaps(sigs[0].region, box_of(lines, "8.02"))
