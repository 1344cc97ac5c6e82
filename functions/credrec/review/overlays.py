"""What the record page draws over the document: field boxes and forgery-signal regions.

Read defensively from the stored ``ext_id_info`` (the raw answer): the local engine puts
``recInfo.fieldDetails.{key}.{confidence, box, rule}`` and ``spoofInfo.signals[{kind, score, reason,
region, tag, informational}]`` there; the cloud API documents no boxes at all, so for its answers
``boxes_available`` is False and the page says so instead of drawing nothing. Boxes are
``[x0, y0, x1, y1]`` in the pixels of the stored image.
"""

from __future__ import annotations

import json
import math
from typing import Any

MAX_ITEMS = 200


def _load(value: Any) -> Any:
    if isinstance(value, str) and value.strip()[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


def _box(value: Any) -> list[float] | None:
    if not isinstance(value, (list, tuple)) or len(value) != 4:
        return None
    try:
        x0, y0, x1, y1 = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    if not all(math.isfinite(v) for v in (x0, y0, x1, y1)) or x1 <= x0 or y1 <= y0:
        return None
    return [round(x0, 1), round(y0, 1), round(x1, 1), round(y1, 1)]


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return round(number, 3) if math.isfinite(number) else None


def _text(value: Any, limit: int = 500) -> str:
    return str(value)[:limit] if value is not None else ""


def overlays(ext_id_info: str | None) -> dict[str, Any]:
    data = _load(ext_id_info) if ext_id_info else None
    data = data if isinstance(data, dict) else {}
    rec = _load(data.get("recInfo", data.get("RecInfo")))
    rec = rec if isinstance(rec, dict) else {}
    spoof = _load(data.get("spoofInfo", data.get("SpoofInfo")))
    spoof = spoof if isinstance(spoof, dict) else {}

    fields: list[dict[str, Any]] = []
    details = _load(rec.get("fieldDetails"))
    if isinstance(details, dict):
        for key, detail in list(details.items())[:MAX_ITEMS]:
            if not isinstance(detail, dict):
                continue
            fields.append({
                "key": _text(key, 64),
                "value": _text(rec.get(key), 2000),
                "confidence": _number(detail.get("confidence")),
                "box": _box(detail.get("box")),
                "rule": _text(detail.get("rule"), 120) or None,
            })
    signals: list[dict[str, Any]] = []
    raw_signals = _load(spoof.get("signals"))
    if isinstance(raw_signals, list):
        for item in raw_signals[:MAX_ITEMS]:
            if not isinstance(item, dict):
                continue
            signals.append({
                "kind": _text(item.get("kind"), 64),
                "score": _number(item.get("score")),
                "reason": _text(item.get("reason"), 500),
                "region": _box(item.get("region")),
                "tag": _text(item.get("tag"), 64) or None,
                "informational": bool(item.get("informational")),
            })
    drawn = sum(1 for f in fields if f["box"]) + sum(1 for s in signals if s["region"])
    return {
        "fields": fields,
        "signals": signals,
        "boxes_available": drawn > 0,
        "disclaimer": _text(spoof.get("disclaimer"), 1000) or None,
    }
