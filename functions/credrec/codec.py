"""Record ⇄ flat row of scalar columns, shared by every ResultStore adapter.

Stores keep one row per record keyed by ``id``. Scalars stay columns (so a store can filter on
``status``); nested values are JSON strings. Unknown columns are ignored on read, so adding a field
never breaks old rows.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from .errors import InvalidRequestError
from .models import (
    Decision,
    Expected,
    Fields,
    FraudVerdict,
    RecognitionParams,
    Record,
    RecordError,
    ReviewState,
    Source,
    Status,
)

SCALAR_COLUMNS = (
    "status", "created_at", "updated_at", "owner", "holder", "lease_until", "attempts", "deliveries",
    "sub_code", "success", "request_id", "ext_id_info", "note", "delivery", "duration_ms", "review_rev",
)
JSON_COLUMNS = ("source", "params", "fields", "fraud", "error", "expected", "decision", "review")
COLUMNS = SCALAR_COLUMNS + JSON_COLUMNS


def to_row(record: Record) -> dict[str, Any]:
    """Columns without the key; ``None`` values are omitted (absent column = null)."""
    row: dict[str, Any] = {}
    for name in SCALAR_COLUMNS:
        value = getattr(record, name)
        if value is None:
            continue
        row[name] = value.value if isinstance(value, Status) else value
    for name in JSON_COLUMNS:
        value = getattr(record, name)
        if value is None:
            continue
        row[name] = json.dumps(value.model_dump(mode="json"), ensure_ascii=False, separators=(",", ":"))
    return row


def from_row(record_id: str, row: dict[str, Any]) -> Record:
    def load(name: str) -> Any:
        raw = row.get(name)
        return json.loads(raw) if isinstance(raw, str) and raw else None

    data: dict[str, Any] = {k: row[k] for k in SCALAR_COLUMNS if row.get(k) is not None}
    data["id"] = record_id
    data["source"] = Source.model_validate(load("source") or {"kind": "oss"})
    data["params"] = RecognitionParams.model_validate(load("params") or {})
    data["fields"] = Fields.model_validate(load("fields") or {})
    data["fraud"] = FraudVerdict.model_validate(load("fraud") or {})
    data["review"] = ReviewState.model_validate(load("review") or {})
    error = load("error")
    data["error"] = RecordError.model_validate(error) if error else None
    expected = load("expected")
    data["expected"] = Expected.model_validate(expected) if expected else None
    decision = load("decision")
    data["decision"] = Decision.model_validate(decision) if decision else None
    for name in ("created_at", "updated_at", "lease_until"):
        if name in data:
            data[name] = float(data[name])
    for name in ("attempts", "deliveries", "duration_ms", "review_rev"):
        if name in data:
            data[name] = int(data[name])
    return Record.model_validate(data)


# ------------------------------------------------------------------ list cursors (every store)


def encode_cursor(next_id: str) -> str:
    """The opaque cursor of a listing: the id the next page starts at (inclusive), urlsafe Base64."""
    raw = json.dumps({"v": 1, "id": next_id}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str) -> str:
    """The id a cursor from :func:`encode_cursor` starts at; InvalidRequestError for anything else."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8"))
        value = data["id"] if isinstance(data, dict) and data.get("v") == 1 else None
    except (ValueError, UnicodeError, binascii.Error, KeyError, TypeError) as exc:
        raise InvalidRequestError("invalid cursor", code="INVALID_CURSOR") from exc
    if not isinstance(value, str):
        raise InvalidRequestError("invalid cursor", code="INVALID_CURSOR")
    return value
