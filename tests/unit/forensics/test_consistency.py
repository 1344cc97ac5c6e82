"""Cross-field consistency on labelled amounts and dates (tag CONTENT_INCONSISTENT)."""

from __future__ import annotations

import datetime as dt

from credrec_local.engine.forensics import consistency
from credrec_local.engine.types import Extraction, LabelledAmount, LabelledDate

B = (0.0, 0.0, 10.0, 10.0)


def amt(label, value, raw=None, box=B):
    return LabelledAmount(label, raw or f"${value:,.2f}", value, box)


def date(label, value, raw="x"):
    return LabelledDate(label, raw, value, B)


def strong(ex):
    return [s for s in consistency.signals(ex) if s.score >= 0.5]


def test_consistent_bill_with_carried_balance_is_quiet():
    ex = Extraction(amounts=[amt("previous_balance", 80.0), amt("payment", 80.0), amt("line_item", 60.0),
                             amt("line_item", 47.05), amt("subtotal", 107.05), amt("tax", 9.63),
                             amt("total", 116.68), amt("amount_due", 116.68), amt("amount_due", 116.68)])
    assert consistency.signals(ex) == []


def test_amount_due_explained_by_previous_balance_minus_payment():
    ex = Extraction(amounts=[amt("previous_balance", 100.0), amt("payment", 40.0), amt("total", 50.0),
                             amt("amount_due", 110.0)])
    assert consistency.signals(ex) == []


def test_amount_due_printed_twice_with_different_values_points_at_the_odd_one():
    odd_box = (5.0, 500.0, 90.0, 520.0)
    ex = Extraction(amounts=[amt("total", 116.68), amt("amount_due", 116.68), amt("amount_due", 16.68, box=odd_box)])
    sigs = strong(ex)
    assert [s.kind for s in sigs] == ["amount_mismatch"]
    assert sigs[0].tag == "CONTENT_INCONSISTENT" and sigs[0].region == odd_box
    assert "$" not in sigs[0].reason and "16.68" not in sigs[0].reason  # reasons never quote the document


def test_ocr_reading_the_currency_sign_as_digits_is_not_a_mismatch():
    ex = Extraction(amounts=[amt("amount_due", 116.68, "S$116.68"), amt("amount_due", 55116.68, "55116.68")])
    assert consistency.signals(ex) == []


def test_unexplained_due_is_strong_only_when_the_previous_balance_was_found():
    with_prev = Extraction(amounts=[amt("previous_balance", 50.0), amt("payment", 50.0), amt("total", 80.0),
                                    amt("amount_due", 180.0)])
    assert [s.kind for s in strong(with_prev)] == ["amount_mismatch"]
    without = Extraction(amounts=[amt("total", 80.0), amt("amount_due", 180.0)])
    sigs = consistency.signals(without)
    assert [s.kind for s in sigs] == ["amount_mismatch"] and sigs[0].score < 0.5  # maybe a missed balance


def test_due_printed_elsewhere_under_another_label_is_not_flagged():
    ex = Extraction(amounts=[amt("total", 4.33), amt("amount_due", 73.6), amt("other", 73.6)])
    assert strong(ex) == []


def test_total_not_matching_subtotal_plus_tax():
    ex = Extraction(amounts=[amt("subtotal", 100.0), amt("tax", 9.0), amt("total", 190.0)])
    assert [s.kind for s in strong(ex)] == ["amount_mismatch"]


def test_impossible_labelled_date_fires_but_unlabelled_noise_does_not():
    ex = Extraction(dates=[date("bill_date", None, "31/02/2026")])
    assert [s.kind for s in strong(ex)] == ["impossible_date"]
    assert consistency.signals(Extraction(dates=[date("other", None, "2025-26/01")])) == []


def test_due_date_before_bill_date_and_reversed_period():
    ex = Extraction(dates=[date("bill_date", dt.date(2026, 5, 2)), date("due_date", dt.date(2026, 4, 20)),
                           date("period_start", dt.date(2026, 4, 1)), date("period_end", dt.date(2026, 3, 1))])
    assert sorted(s.reason for s in strong(ex)) == ["the billing period ends before it starts",
                                                   "the due date is before the bill date"]
    ok = Extraction(dates=[date("bill_date", dt.date(2026, 5, 2)), date("due_date", dt.date(2026, 5, 20)),
                           date("period_start", dt.date(2026, 3, 27)), date("period_end", dt.date(2026, 4, 26))])
    assert consistency.signals(ok) == []


def _receipt(total: str, cash: str, change: str, *extra: tuple[str, str]) -> Extraction:
    rows = [("total", total, (400, 500, 480, 520)), ("tendered", cash, (400, 530, 480, 550)),
            ("change", change, (400, 560, 480, 580))]
    amounts = [LabelledAmount(label, raw, float(raw), box) for label, raw, box in rows]  # type: ignore[arg-type]
    amounts += [LabelledAmount(label, raw, float(raw), None) for label, raw in extra]  # type: ignore[arg-type]
    return Extraction(amounts=amounts)


def test_receipt_total_must_equal_tendered_minus_change_and_points_at_those_lines():
    assert consistency.signals(_receipt("26.60", "100.00", "73.40")) == []
    assert consistency.signals(_receipt("26.60", "100.00", "73.42")) == []  # cash rounding (5 sen)
    sigs = consistency.signals(_receipt("36.60", "100.00", "73.40"))  # the total retyped
    assert [s.kind for s in sigs] == ["amount_mismatch"] and sigs[0].score >= 0.5
    assert sigs[0].region == (400, 500, 480, 580)


def test_receipt_identity_survives_ocr_pairing_and_a_dropped_digit():
    # the cash value paired with the wrong row, the right one printed elsewhere on the page
    assert consistency.signals(_receipt("30.90", "30.90", "20.10", ("other", "51.00"))) == []
    # "100.00" read as "00.00"
    assert consistency.signals(_receipt("26.60", "00.00", "73.40")) == []


def test_corroborated_receipt_total_skips_the_weak_line_item_sum():
    ex = _receipt("26.60", "100.00", "73.40", ("line_item", "11.00"), ("line_item", "5.60"))
    assert consistency.signals(ex) == []
