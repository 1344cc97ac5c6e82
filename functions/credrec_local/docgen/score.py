"""Comparing an engine's extraction with a generated document's truth (tests and the benchmark).

* name: exact after normalisation (case, accents, spaces, full stops, commas and apostrophes ignored; titles
  kept) — accents are folded because OCR often swaps them ("JAURÈS" read "JAURÉS"), as ``tests/bench/real.py`` does;
* address: token F1 over lower-case alphanumeric tokens of all lines, accents folded (and exact, all lines);
* issuer / account number: exact after normalisation (account: letters and digits only);
* bill date: the printed date parses to the true ISO date; amount due: the same value.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from .document import Truth


def _fold(text: str | None) -> str:
    """NFKC, case folded, combining accents removed ("Maëlle" = "MAELLE", "Straße" = "STRASSE")."""
    t = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text or "").casefold())
    return unicodedata.normalize("NFC", "".join(c for c in t if not unicodedata.combining(c)))


def norm(text: str | None) -> str:
    t = _fold(text)
    t = re.sub(r"[.,'\u2019`]", " ", t)
    return " ".join(t.split())


def tokens(text: str | None) -> list[str]:
    return re.findall(r"[a-z0-9]+", _fold(text))


def token_f1(pred: str | None, truth: str | None) -> float:
    p, t = Counter(tokens(pred)), Counter(tokens(truth))
    if not p and not t:
        return 1.0
    if not p or not t:
        return 0.0
    common = sum((p & t).values())
    if common == 0:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(t.values())
    return 2 * precision * recall / (precision + recall)


@dataclass
class FieldScores:
    name_exact: bool
    address_f1: float
    address_exact: bool
    issuer_exact: bool
    account_exact: bool
    bill_date_ok: bool
    amount_ok: bool | None  # None when the document has no amount due (bank statements)


def score_fields(fields: dict[str, str | None], truth: Truth) -> FieldScores:
    """``fields``: the recInfo-style dict (name, address, issuer, accountNumber, billDate, amountDue)."""
    from credrec_local.engine import patterns as P

    name_ok = norm(fields.get("name")) == norm(truth.name)
    addr_pred = fields.get("address") or ""
    addr_f1 = token_f1(addr_pred, truth.address)
    addr_exact = [norm(x) for x in addr_pred.split("\n") if x.strip()] == [norm(x) for x in truth.address_lines]
    issuer_ok = norm(fields.get("issuer")) == norm(truth.issuer)
    acct = lambda s: re.sub(r"[^0-9A-Za-z]", "", s or "").upper()  # noqa: E731
    account_ok = bool(fields.get("accountNumber")) and acct(fields.get("accountNumber")) == acct(truth.account_number)
    month_first = truth.country in ("US", "PH")
    ds = P.find_dates(fields.get("billDate") or "", month_first=month_first)
    date_ok = bool(ds) and ds[0].value is not None and ds[0].value.isoformat() == truth.bill_date_iso
    amount_ok: bool | None = None
    if truth.amount_due:
        m = P.parse_money(fields.get("amountDue") or "")
        amount_ok = m is not None and abs(abs(m.value) - truth.amount_value) < 0.005
    return FieldScores(name_ok, addr_f1, addr_exact, issuer_ok, account_ok, date_ok, amount_ok)
