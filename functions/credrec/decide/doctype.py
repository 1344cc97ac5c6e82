"""What kind of document is it, and who issued it? Keyword evidence from the recognised fields.

Types: ``utility_electricity``, ``utility_water``, ``utility_gas``, ``telecom`` (mobile, broadband,
internet, pay TV), ``bank_statement``, ``card_statement``, ``government`` (tax, council, agency
letters), ``insurance``, ``other`` (fields read, nothing says which), or None when nothing was read.

The evidence is the list of keywords found and the field each came from (issuer name first, then the
other recognised fields and labels); each keyword has a weight, the type with the highest total wins
and its share of all the weight found is the score. A bank's name with an amount to pay reads as a
card statement; without one, as a bank statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .text import fold

TYPES = ("utility_electricity", "utility_water", "utility_gas", "telecom", "bank_statement", "card_statement",
         "government", "insurance", "other")

KEYWORDS: dict[str, dict[str, float]] = {
    "utility_electricity": {
        "electricity": 3, "electric": 3, "power": 2, "energy": 1.5, "kwh": 3, "tenaga": 3, "listrik": 3, "pln": 3,
        "meralco": 3, "sp group": 3, "sp services": 2, "clp": 2, "hk electric": 3, "meter reading": 1,
        "tnb": 3, "egat": 3, "mea": 2, "pea": 2, "power & light": 3,
    },
    "utility_water": {
        "water": 3, "pub": 1.5, "syabas": 3, "air selangor": 3, "pdam": 3, "maynilad": 3, "manila water": 3,
        "waterworks": 3, "m3": 1, "cubic metre": 1.5, "sewerage": 1.5, "bekalan air": 3, "pam": 1,
    },
    "utility_gas": {"gas": 3, "towngas": 3, "city gas": 3, "lpg": 2, "gas malaysia": 3, "pgn": 2},
    "telecom": {
        "telecom": 3, "telekom": 3, "mobile": 2.5, "broadband": 3, "communications": 2.5, "internet": 2.5,
        "fibre": 2, "fiber": 2, "postpaid": 3, "singtel": 3, "starhub": 3, "m1": 1.5, "maxis": 3, "celcom": 3,
        "digi": 3, "unifi": 3, "globe": 2.5, "smart": 1.5, "pldt": 3, "converge": 2, "telkomsel": 3,
        "indihome": 3, "xl axiata": 3, "ais": 2, "true": 1, "dtac": 3, "pccw": 3, "hkt": 2, "csl": 2, "data": 0.5,
        "calls": 1, "sms": 1, "airtime": 2, "cable tv": 2, "wireless": 2, "telco": 3,
    },
    "bank_statement": {
        "bank": 2, "savings": 2.5, "current account": 3, "statement of account": 2.5, "account statement": 2.5,
        "opening balance": 2, "closing balance": 2.5, "deposit": 1.5, "withdrawal": 2, "bhd": 0, "bancorp": 2,
        "banking": 2, "tabungan": 3, "rekening": 2,
    },
    "card_statement": {
        "card": 3, "credit card": 4, "card services": 4, "minimum payment": 3, "minimum amount due": 3,
        "visa": 2, "mastercard": 2, "amex": 2, "credit limit": 3, "card number": 3, "kartu kredit": 4,
        "finance": 2.5, "credit": 1.5,
    },
    "government": {
        "tax": 3, "iras": 3, "lhdn": 3, "hasil": 2.5, "bir": 2.5, "inland revenue": 3, "revenue": 1.5,
        "council": 3, "municipal": 3, "ministry": 3, "government": 3, "kementerian": 3, "majlis": 2.5,
        "city hall": 3, "dewan bandaraya": 3, "hmrc": 3, "ato": 2, "irs": 3, "cpf": 3, "kwsp": 3, "epf": 2.5,
        "sss": 2.5, "philhealth": 3, "pag-ibig": 3, "department": 1.5, "jabatan": 2.5, "assessment": 1.5,
        "cukai": 3, "pajak": 3, "kelurahan": 1, "barangay": 1, "rates": 1, "electoral": 3, "land transport": 2,
    },
    "insurance": {
        "insurance": 3, "assurance": 3, "takaful": 3, "insurans": 3, "asuransi": 3, "policy number": 2,
        "premium": 2, "aia": 2.5, "prudential": 3, "great eastern": 3, "manulife": 3, "allianz": 3, "axa": 3,
        "fwd": 2, "sun life": 3, "etiqa": 3, "income": 0.5, "policyholder": 3,
    },
}
_PATTERNS = {t: [(k, w, re.compile(rf"(?<![a-z0-9]){re.escape(k)}(?![a-z0-9])")) for k, w in kws.items() if w > 0]
             for t, kws in KEYWORDS.items()}
ISSUER_KEYS = ("issuer", "issuername", "company", "provider", "biller", "merchant", "bankname", "institution")
AMOUNT_KEYS = ("amountdue", "amount", "totalamount", "minimumpayment", "totaldue")


@dataclass
class DocumentType:
    type: str | None
    score: float | None
    issuer: str | None
    evidence: list[dict[str, Any]] = field(default_factory=list)


def _norm_key(key: str) -> str:
    return key.lower().replace("_", "").replace(" ", "")


def _scalars(extra: dict[str, Any]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for key, value in extra.items():
        if _norm_key(key) in ("fielddetails", "spoofinfo", "signals"):
            continue
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
            out.append((key, str(value)))
        # keys are evidence too: a "kwhUsed" or "minimumPayment" field says what the document is
        out.append((f"{key} (field name)", re.sub(r"(?<=[a-z])(?=[A-Z])", " ", key).replace("_", " ")))
    return out


def classify(extra: dict[str, Any]) -> DocumentType:
    issuer = None
    for key, value in extra.items():
        if _norm_key(key) in ISSUER_KEYS and isinstance(value, str) and value.strip():
            issuer = value.strip()
            break
    sources = _scalars(extra)
    if not sources:
        return DocumentType(type=None, score=None, issuer=issuer)
    totals: dict[str, float] = {}
    evidence: list[dict[str, Any]] = []
    for source, text in sources:
        folded = fold(text)
        is_issuer = issuer is not None and text.strip() == issuer
        for doc_type, patterns in _PATTERNS.items():
            for keyword, weight, pattern in patterns:
                if pattern.search(folded):
                    w = weight * (1.5 if is_issuer else 1.0)
                    totals[doc_type] = totals.get(doc_type, 0.0) + w
                    evidence.append({"type": doc_type, "keyword": keyword, "field": source, "weight": round(w, 2)})
    has_amount = any(_norm_key(k) in AMOUNT_KEYS and str(v).strip() for k, v in extra.items()
                     if isinstance(v, (str, int, float)))
    if "bank_statement" in totals and "card_statement" not in totals and has_amount and issuer and \
            re.search(r"\bbank\b", fold(issuer)) and not re.search(r"savings|commercial", fold(issuer)):
        totals["card_statement"] = totals["bank_statement"] + 0.5
        evidence.append({"type": "card_statement", "keyword": "bank name with an amount due", "field": "amountDue",
                         "weight": 0.5})
    if not totals:
        return DocumentType(type="other", score=None, issuer=issuer, evidence=[])
    best = max(totals, key=lambda t: (totals[t], -TYPES.index(t)))
    score = round(totals[best] / sum(totals.values()), 3)
    kept = sorted((e for e in evidence if e["type"] == best), key=lambda e: -e["weight"])[:6]
    return DocumentType(type=best, score=score, issuer=issuer, evidence=kept)
