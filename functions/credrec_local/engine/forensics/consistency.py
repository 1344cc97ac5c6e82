"""Cross-field consistency: numbers and dates on one bill that cannot all be true.

Works on what the extraction stage labelled (``Extraction.amounts`` / ``Extraction.dates``), so it costs
nothing and is independent of how the pixels were produced. A forger who changes the amount due in one
place and forgets the others or the total, or types a due date before the bill date, is caught here;
one who edits every field consistently is not.

Rules, strongest first:

* the amount due printed more than once with different values (an OCR misreading of the currency sign,
  "S$116.68" read as "55116.68", is not counted);
* the amount due differs from the total and from every legitimate combination with the previous
  balance, payments and credits found on the bill, and appears nowhere else on the page. Conclusive only
  when the previous balance was found; otherwise a carried-over balance may simply have been missed,
  and the signal is weak (it does not raise the risk alone);
* on a receipt, the total differs from the amount tendered minus the change (beyond cash rounding);
  when that identity holds the total is corroborated and the line-item sum below is not checked;
* the total differs from subtotal + tax, or from the sum of the line items (weak: the extraction seldom
  finds every part);
* a labelled date that does not exist in the calendar; a due date before the bill date; a billing
  period that ends before it starts.

Findings carry the tag ``CONTENT_INCONSISTENT``. The CredentialVerifyIntl vocabulary has no tag for
contradictions in the content (its tags describe pixels and capture: ``PS``, ``SCREENSHOT``,
``SCREEN_PHOTO``), so this one is ours. A misread digit produces the same symptom as an edit; the
reasons say "differs", not "forged".
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from credrec_local.engine.types import Box, Extraction, LabelledAmount, LabelledDate, Signal

TAG = "CONTENT_INCONSISTENT"
_CENT = 0.011  # amounts agree when within a cent (float noise included)
_REAL_DATES = ("bill_date", "due_date", "period_start", "period_end", "statement_date")


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= _CENT


def _values(amounts: Iterable[LabelledAmount], label: str) -> list[float]:
    out: list[float] = []
    for a in amounts:
        if a.label == label and not any(_close(a.value, v) for v in out):
            out.append(a.value)
    return out


def _first_box(items: Iterable[LabelledAmount | LabelledDate], label: str) -> Box | None:
    for it in items:
        if it.label == label and it.box is not None:
            return it.box
    return None


def _digits(raw: str) -> str:
    return re.sub(r"\D", "", raw)


def _ocr_variant(a: LabelledAmount, b: LabelledAmount) -> bool:
    """Same printed amount read differently: a currency sign read as digits ("S$116.68" → "55116.68").

    Only when one reading has a currency marker the other lacks and the other has at most two extra
    leading digits; a forger deleting a digit ("$116.68" → "$16.68") is not excused.
    """
    da, db = _digits(a.raw), _digits(b.raw)
    if not da or not db or da == db:
        return False
    long_, short = (a, b) if len(da) > len(db) else (b, a)
    dl, ds = _digits(long_.raw), _digits(short.raw)
    marker = re.compile(r"[^\d\s.,'()+-]")  # a letter or currency sign
    return (dl.endswith(ds) and len(dl) - len(ds) <= 2
            and bool(marker.search(short.raw)) and not marker.search(long_.raw))


def _due_explanations(ex: Extraction) -> list[float]:
    """Every amount the 'amount due' could legitimately equal, given the other labelled amounts."""
    amounts = ex.amounts
    totals = _values(amounts, "total")
    subtotals = _values(amounts, "subtotal")
    taxes = _values(amounts, "tax")
    items = [a.value for a in amounts if a.label == "line_item"]
    previous = _values(amounts, "previous_balance")
    paid = [abs(v) for v in _values(amounts, "payment")] + [abs(v) for v in _values(amounts, "credit")]
    # any single payment/credit, all of them, or none (a minimum payment is often labelled "payment")
    deductions = {0.0, sum(paid), *paid}
    charges = list(totals)
    charges += [s + t for s in subtotals for t in (taxes or [0.0])]
    if len(items) >= 2:
        charges.append(sum(items))
        charges += [sum(items) + t for t in taxes]
    out = list(charges)
    for c, p in itertools.product(charges, previous):
        out += [p - d + c for d in deductions]
    return out


_ROUNDING = 0.05  # cash rounding on receipts (MY/SG round to 5 sen / 5 cents)


def _union(boxes: list[Box | None]) -> Box | None:
    bs = [b for b in boxes if b is not None]
    if not bs:
        return None
    return (min(b[0] for b in bs), min(b[1] for b in bs), max(b[2] for b in bs), max(b[3] for b in bs))


def _check_tendered(ex: Extraction, totals: list[float]) -> list[Signal] | None:
    """Receipts: the total must equal what was tendered minus the change (within cash rounding).

    Returns [] when the identity holds (the total is then corroborated and the weaker line-item sum is
    not checked: a receipt's items are seldom all found), a signal when it does not, None when the
    receipt does not print all three."""
    cash = _values(ex.amounts, "tendered")
    change = [abs(v) for v in _values(ex.amounts, "change")]
    if not (totals and cash and change):
        return None
    # the label-value pairing of a receipt's columns can be off by a row: any amount printed on the page
    # may be the one tendered (a chance match with an edited total is unlikely)
    handed = cash + [abs(a.value) for a in ex.amounts]
    if any(abs((c - ch) - t) <= _ROUNDING + _CENT for c in handed for ch in change for t in totals):
        return []
    # the OCR dropped a leading digit of the tendered amount ("100.00" read "00.00")
    readings = [_digits(a.raw) for a in ex.amounts if a.label == "tendered"]
    for t, ch in itertools.product(totals, change):
        expected = _digits(f"{t + ch:.2f}")
        if any(r and len(r) < len(expected) and expected.endswith(r) for r in readings):
            return []
    region = _union([_first_box(ex.amounts, "total"), _first_box(ex.amounts, "tendered"),
                     _first_box(ex.amounts, "change")])
    return [Signal(kind="amount_mismatch", score=0.6, tag=TAG, region=region,
                   reason="the total differs from the amount tendered minus the change")]


def _check_amounts(ex: Extraction) -> list[Signal]:
    dues = [a for a in ex.amounts if a.label == "amount_due"]
    totals = _values(ex.amounts, "total")
    due_box = _first_box(ex.amounts, "amount_due")
    odd = [a for a in dues if any(not _close(a.value, b.value) and not _ocr_variant(a, b) for b in dues)]
    if odd:
        # the occurrence that disagrees with the total (or the first that disagrees) is the likely edit
        suspect = next((a for a in odd if not any(_close(a.value, t) for t in totals)), odd[0])
        return [
            Signal(
                kind="amount_mismatch",
                score=0.85,
                reason="the amount due is printed more than once with different values",
                region=suspect.box,
                tag=TAG,
            )
        ]
    if dues and totals:
        due = dues[0].value
        elsewhere = any(_close(a.value, due) for a in ex.amounts if a.label != "amount_due")
        explained = any(_close(due, e) for e in _due_explanations(ex))
        if not explained and not elsewhere:
            complete = bool(_values(ex.amounts, "previous_balance"))
            return [
                Signal(
                    kind="amount_mismatch",
                    score=0.8 if complete else 0.4,
                    reason="the amount due differs from the total and is not explained by the previous "
                    "balance, payments or credits found on the bill",
                    region=due_box,
                    tag=TAG,
                )
            ]
    tendered = _check_tendered(ex, totals)
    if tendered is not None:
        return tendered
    subtotals = _values(ex.amounts, "subtotal")
    taxes = _values(ex.amounts, "tax")
    items = [a.value for a in ex.amounts if a.label == "line_item"]
    if totals and subtotals:
        parts = [s + t for s in subtotals for t in ([*taxes, 0.0])]
        if not any(_close(t, p) for t in totals for p in parts):
            return [
                Signal(
                    kind="amount_mismatch",
                    score=0.6 if taxes else 0.35,
                    reason="the total differs from the subtotal plus tax",
                    region=_first_box(ex.amounts, "total"),
                    tag=TAG,
                )
            ]
    if totals and len(items) >= 2 and not subtotals:
        s = sum(items)
        if not any(_close(t, c) for t in totals for c in [s] + [s + t for t in taxes]):
            return [
                Signal(
                    kind="amount_mismatch",
                    score=0.35,
                    reason="the total differs from the sum of the line items found",
                    region=_first_box(ex.amounts, "total"),
                    tag=TAG,
                )
            ]
    return []


def _first_date(dates: list[LabelledDate], label: str) -> LabelledDate | None:
    for d in dates:
        if d.label == label and d.value is not None:
            return d
    return None


def _check_dates(ex: Extraction) -> list[Signal]:
    out: list[Signal] = []
    for d in ex.dates:
        if d.label in _REAL_DATES and d.value is None and d.raw.strip():
            out.append(
                Signal(
                    kind="impossible_date",
                    score=0.7,
                    reason=f"a printed date ({d.label.replace('_', ' ')}) does not exist in the calendar",
                    region=d.box,
                    tag=TAG,
                )
            )
            break
    issued = _first_date(ex.dates, "bill_date") or _first_date(ex.dates, "statement_date")
    pairs = [
        (issued, _first_date(ex.dates, "due_date"), "the due date is before the bill date"),
        (_first_date(ex.dates, "period_start"), _first_date(ex.dates, "period_end"),
         "the billing period ends before it starts"),
    ]
    for first, later, reason in pairs:
        if first and later and later.value < first.value:  # type: ignore[operator]
            out.append(Signal(kind="date_order", score=0.7, reason=reason, region=later.box, tag=TAG))
    return out


def signals(extraction: Extraction) -> list[Signal]:
    return _check_amounts(extraction) + _check_dates(extraction)
