"""The engine's answer in the cloud API's shape: ``Success``, ``SubCode`` and the ``ExtIdInfo`` JSON string.

``ExtIdInfo`` = ``{"recInfo": {...}, "spoofInfo": {...}}``; ``spoofInfo`` only when the fraud check ran.
``recInfo`` always carries every key (empty string when not found), so consumers see one schema:
``name``, ``address`` (lines joined with "\\n"), ``issuer``, ``accountNumber``, ``billDate``, ``amountDue``
and ``fieldDetails: {key: {confidence, box: [x0, y0, x1, y1], rule}}`` for the fields found.
"""

from __future__ import annotations

import json
from typing import Any

from .types import Extraction, FraudReport

FIELD_KEYS: tuple[tuple[str, str], ...] = (
    ("name", "name"),
    ("address", "address"),
    ("issuer", "issuer"),
    ("accountNumber", "account_number"),
    ("billDate", "bill_date"),
    ("amountDue", "amount_due"),
)

DISCLAIMER = (
    "These are forgery signals computed offline from the image and its text, not proof: a flagged document may be "
    "genuine and an unflagged one may be forged. Use them to route documents to manual review."
)

SUB_OK = "200"
SUB_FRAUD = "212"
SUB_NO_TEXT = "213"


def rec_info(extraction: Extraction) -> dict[str, Any]:
    rec: dict[str, Any] = {}
    details: dict[str, Any] = {}
    for key, attr in FIELD_KEYS:
        fv = getattr(extraction, attr)
        rec[key] = fv.value if fv is not None else ""
        if fv is not None:
            details[key] = {
                "confidence": round(float(fv.confidence), 3),
                "box": [round(float(v), 1) for v in fv.box] if fv.box is not None else None,
                "rule": fv.rule,
            }
    rec["fieldDetails"] = details
    return rec


def spoof_info(report: FraudReport) -> dict[str, Any]:
    return {
        "spoofResult": "Y" if report.suspicious else "N",
        "spoofType": list(report.tags),
        "riskLevel": report.risk_level,
        "score": round(float(report.score), 3),
        "signals": [
            {
                "kind": s.kind,
                "score": round(float(s.score), 3),
                "reason": s.reason,
                "region": [round(float(v), 1) for v in s.region] if s.region is not None else None,
                "tag": s.tag,
                "informational": bool(s.informational),
            }
            for s in report.signals
        ],
        "disclaimer": DISCLAIMER,
    }


def is_credential(extraction: Extraction) -> bool:
    """The credential-type check: a proof of address names someone or an address."""
    return extraction.name is not None or extraction.address is not None


def decide(has_text: bool, extraction: Extraction, report: FraudReport | None) -> tuple[str, str]:
    """(Success, SubCode): 213 for no text or not a credential; 212 when the fraud check flags it."""
    if not has_text or not is_credential(extraction):
        return "F", SUB_NO_TEXT
    if report is not None and report.checked and report.suspicious:
        return "S", SUB_FRAUD
    return "S", SUB_OK


def ext_id_info(extraction: Extraction, report: FraudReport | None) -> str:
    data: dict[str, Any] = {"recInfo": rec_info(extraction)}
    if report is not None and report.checked:
        data["spoofInfo"] = spoof_info(report)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
