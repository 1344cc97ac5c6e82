"""Reading ``Result.ExtIdInfo`` and ``Result.SubCode`` defensively.

Two shapes are seen for ExtIdInfo (a JSON *string*):

* documented: ``{"recInfo": {...fields...}, "spoofInfo": {"spoofResult": "Y"|"N", "spoofType": [...]}}``
  where ``recInfo``/``spoofInfo`` may themselves be JSON strings (the API page types them String);
* flat, in the SDK examples: ``{"name": "...", "address": "..."}``.

Unknown keys are kept in ``Fields.extra``; the raw string is always stored beside the parsed values,
so a later release can re-read old records.
"""

from __future__ import annotations

import json
from typing import Any

from .models import Fields, FraudVerdict, Status

NAME_KEYS = ("name", "holdername", "accountholder", "customername", "fullname")
ADDRESS_KEYS = ("address", "fulladdress", "addr", "serviceaddress", "mailingaddress")


def _load(value: Any) -> Any:
    """A JSON value that may arrive as a string holding JSON."""
    if isinstance(value, (bytes, bytearray)):
        value = value.decode("utf-8", "replace")
    if isinstance(value, str):
        text = value.strip()
        if text[:1] in ("{", "["):
            try:
                return json.loads(text)
            except ValueError:
                return value
    return value


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        parts = [str(v).strip() for v in value if v is not None and str(v).strip()]
        return "\n".join(parts) or None
    if isinstance(value, dict):
        # e.g. {"value": "...", "confidence": 0.9}
        for key in ("value", "text", "content"):
            if key in value:
                return _text(value[key])
        return None
    text = str(value).strip()
    return text or None


def _pick(data: dict[str, Any], keys: tuple[str, ...]) -> tuple[str | None, str | None]:
    lowered = {k.lower().replace("_", ""): k for k in data}
    for key in keys:
        if key in lowered:
            original = lowered[key]
            return original, _text(data[original])
    return None, None


def parse_fields(ext: dict[str, Any]) -> Fields:
    rec = _load(ext.get("recInfo", ext.get("RecInfo")))
    if not isinstance(rec, dict):
        # flat shape: the fields are at the top level (minus the spoof block)
        rec = {k: v for k, v in ext.items() if k not in ("spoofInfo", "SpoofInfo", "recInfo", "RecInfo")}
    name_key, name = _pick(rec, NAME_KEYS)
    addr_key, address = _pick(rec, ADDRESS_KEYS)
    extra = {k: v for k, v in rec.items() if k not in (name_key, addr_key)}
    return Fields(name=name, address=address, extra=extra)


def _yes(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if value is None:
        return None
    text = str(value).strip().upper()
    if text in ("Y", "YES", "TRUE", "1", "FAIL", "FAILED", "RISK", "HIGH"):
        return True
    if text in ("N", "NO", "FALSE", "0", "PASS", "PASSED", "LOW"):
        return False
    return None


def _types(value: Any) -> list[str]:
    value = _load(value)
    if value is None:
        return []
    if isinstance(value, str):
        return [t.strip() for t in value.replace(";", ",").split(",") if t.strip()]
    if isinstance(value, (list, tuple)):
        return [str(t).strip() for t in value if str(t).strip()]
    return [str(value)]


def _score(spoof: dict[str, Any]) -> float | None:
    for key in ("score", "spoofScore", "riskScore", "RiskScore"):
        if key not in spoof:
            continue
        value = _load(spoof[key])
        if isinstance(value, dict):
            numbers = [float(v) for v in value.values() if _is_number(v)]
            return max(numbers) if numbers else None
        if _is_number(value):
            return float(value)
    return None


def _is_number(value: Any) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return not isinstance(value, bool)


def parse_fraud(ext: dict[str, Any], *, fraud_check: bool, sub_code: str | None) -> FraudVerdict:
    spoof = _load(ext.get("spoofInfo", ext.get("SpoofInfo")))
    flagged_by_code = sub_code == "212"
    if not isinstance(spoof, dict):
        if not fraud_check and not flagged_by_code:
            return FraudVerdict(checked=False)
        return FraudVerdict(checked=True, suspicious=True if flagged_by_code else (False if sub_code == "200" else None))
    result = _yes(spoof.get("spoofResult", spoof.get("result")))
    suspicious = True if flagged_by_code else result
    types = _types(spoof.get("spoofType", spoof.get("riskTag", spoof.get("tags"))))
    return FraudVerdict(checked=True, suspicious=suspicious, types=types, score=_score(spoof))


def parse_ext_id_info(raw: str | None, *, fraud_check: bool, sub_code: str | None) -> tuple[Fields, FraudVerdict]:
    """Never raises: unusable input yields empty fields (the raw string is stored regardless)."""
    data = _load(raw) if raw else None
    if not isinstance(data, dict):
        verdict = FraudVerdict(checked=fraud_check, suspicious=True if sub_code == "212" else None) if (
            fraud_check or sub_code == "212") else FraudVerdict()
        return Fields(), verdict
    return parse_fields(data), parse_fraud(data, fraud_check=fraud_check, sub_code=sub_code)


def outcome(success: str | None, sub_code: str | None) -> tuple[Status, str | None]:
    """Record status and note for an API answer (HTTP 200).

    200 → SUCCEEDED; 213 → NO_TEXT; 212 → SUCCEEDED with fraud flagged; 204 → SUCCEEDED with the
    rule mismatch noted; anything else is kept as it came: SUCCEEDED when Success is "S", else FAILED.
    """
    code = (sub_code or "").strip()
    if code == "213":
        return Status.NO_TEXT, "no_text"
    if code == "212":
        return Status.SUCCEEDED, "fraud_check_failed"
    if code == "204":
        return Status.SUCCEEDED, "rule_mismatch"
    if code == "200":
        return Status.SUCCEEDED, None
    if (success or "").upper() == "S":
        return Status.SUCCEEDED, f"sub_code_{code or 'missing'}"
    return Status.FAILED, f"sub_code_{code or 'missing'}"
