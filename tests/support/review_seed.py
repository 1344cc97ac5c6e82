"""Records for the review workbench's tests, written straight into a local stack's bucket and store.

Each seeded record has a real image in the bucket (a grey PNG) and an ``ext_id_info`` in the local
engine's answer shape (``recInfo.fieldDetails`` boxes, ``spoofInfo.signals`` regions), so the page
has something to draw without running the OCR engine. ``cloud_shaped`` records carry what the cloud
API returns: fields and a spoof verdict, no boxes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from credrec.idempotency import oss_record_id
from credrec.models import (
    Check,
    Checks,
    Decision,
    Expected,
    Fields,
    FraudVerdict,
    Outcome,
    PolicyRef,
    Reason,
    RecognitionParams,
    Record,
    Source,
    Status,
    Verdict,
)
from credrec_local.runtime.stack import LocalStack
from tests.support.textpng import text_png

XSS_NAME = '<img src=x onerror="window.__credrecXss=1">'
XSS_ADDRESS = "<script>window.__credrecXss=2</script>\n1 Main Road"


@dataclass(frozen=True)
class Seeded:
    id: str
    key: str


def _ext(name: str, address: str, *, boxes: bool, signals: list[dict[str, Any]] | None,
         extra: dict[str, str]) -> str:
    rec: dict[str, Any] = {"name": name, "address": address, **extra}
    if boxes:
        rec["fieldDetails"] = {
            "name": {"confidence": 0.97, "box": [40.0, 60.0, 300.0, 90.0], "rule": "block:window"},
            "address": {"confidence": 0.91, "box": [40.0, 95.0, 360.0, 170.0], "rule": "block:window"},
            **{key: {"confidence": 0.88, "box": [400.0, 60.0 + 30 * i, 600.0, 85.0 + 30 * i], "rule": "label"}
               for i, key in enumerate(extra)},
        }
    data: dict[str, Any] = {"recInfo": rec}
    if signals is not None:
        data["spoofInfo"] = {
            "spoofResult": "Y" if any(not s.get("informational") for s in signals) else "N",
            "spoofType": sorted({s["tag"] for s in signals if s.get("tag")}),
            "signals": signals,
        }
    return json.dumps(data, ensure_ascii=False)


def review_decision(expected_name: str) -> tuple[Expected, Decision]:
    """Applicant data and a decision-layer answer that sends the record to a person (address PARTIAL)."""
    expected = Expected(name=expected_name, address="Blk 123 Ang Mo Kio Ave 3\n#05-68", country="SG")
    decision = Decision(
        outcome=Outcome.REVIEW,
        reasons=[Reason(code="ADDRESS_PARTIAL", check="address", outcome=Outcome.REVIEW,
                        message="same building, another unit")],
        checks=Checks(name=Check(score=1.0, verdict=Verdict.MATCH, why="same name"),
                      address=Check(score=0.8, verdict=Verdict.PARTIAL, why="the unit differs"),
                      age=Check(score=1.0, verdict=Verdict.PASS, why="12 days old"),
                      type=Check(verdict=Verdict.PASS, why="electricity bill"),
                      fraud=Check(verdict=Verdict.PASS, why="no forgery signal")),
        policy=PolicyRef(name="default", version="1", sha256="0" * 64),
    )
    return expected, decision


def seed(stack: LocalStack, key: str, *, name: str, address: str, created_at: float,
         status: Status = Status.SUCCEEDED, flagged: bool = False, boxes: bool = True,
         signals: list[dict[str, Any]] | None = None, extra: dict[str, str] | None = None,
         decision: tuple[Expected, Decision] | None = None) -> Seeded:
    bucket = stack.settings.bucket
    data = text_png({"Name": name}, width=640, height=400)
    head = stack.objects.put(bucket, key, data)
    rid = oss_record_id(bucket, key, head.etag)
    extra = extra or {}
    if signals is None and flagged:
        signals = [{"kind": "amount_mismatch", "score": 0.85, "reason": "the amount due differs from the sum of the charges",
                    "region": [420.0, 200.0, 560.0, 230.0], "tag": "CONTENT_INCONSISTENT", "informational": False},
                   {"kind": "recompressed", "score": 0.3, "reason": "saved twice as JPEG", "region": None, "tag": None,
                    "informational": True}]
    sub_code = "213" if status is Status.NO_TEXT else ("212" if flagged else "200")
    fraud = FraudVerdict(checked=True, suspicious=flagged,
                         types=["CONTENT_INCONSISTENT"] if flagged else [], score=0.85 if flagged else 0.0)
    record = Record(
        id=rid, status=status, source=Source(kind="oss", bucket=bucket, key=key, etag=head.etag, size=len(data)),
        params=RecognitionParams(), created_at=created_at, updated_at=created_at + 5, owner="seed-worker",
        attempts=1, deliveries=1, sub_code=sub_code, success="F" if status is Status.NO_TEXT else "S",
        fields=Fields() if status is Status.NO_TEXT else Fields(name=name, address=address, extra=extra),
        fraud=fraud,
        ext_id_info=None if status is Status.NO_TEXT else _ext(name, address, boxes=boxes, signals=signals or [],
                                                               extra=extra),
        note="fraud_check_failed" if flagged else None,
        expected=decision[0] if decision else None,
        decision=decision[1] if decision else None,
    )
    assert stack.store.create(record)
    return Seeded(rid, key)
