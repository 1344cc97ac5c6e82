"""Recovery without a human: the sweeper and the dead-letter re-drive.

**Sweeper.** Every IN_PROGRESS record is in the store's ``due`` index, keyed by ``lease_until`` (a
held claim's lease end, or — for a claim given back to FC's next delivery — the time after which
nobody is expected to come back, ``Settings.sweep_after_seconds``). A sweep reads the overdue ids
from the start of that index (never a table scan), takes each record over with one conditional
write (``Idempotency.claim_due``: a record somebody finished or re-claimed meanwhile is skipped) and
finishes it:

* a paid answer kept after a failed final write (``ports.AnswerVault``) is stored — no API call;
* otherwise, with ``redrive=True``, the work is re-driven from the record's source (bucket, key,
  version), once, with no FC retry behind it: the outcome is terminal whatever it is;
* otherwise (or when the source cannot be re-read: an inline HTTP image is never kept) the record
  ends FAILED with ``RETRIES_EXHAUSTED`` (every delivery was used) or ``ABANDONED``.

A sweep stops when its time budget runs low; ``SweepReport.more`` then says overdue records remain
for the next one. In the cloud an FC timer trigger runs the sweep (``App.handle`` recognises the
timer event); locally ``credrec sweep`` does.

**Dead-letter re-drive.** Events FC gave up on go to the dead-letter queue. ``redrive_payload``
takes one such message — FC's destination envelope (the original event under ``requestPayload``,
as a JSON string or object), or a bare OSS event — and processes every upload entry as a re-drive:
a finished record is a duplicate (no call), a given-back, expired or retryable-FAILED record is
taken over and finished, a live claim is left to its holder. Re-driving the same message twice is
harmless.

Library calls (what the timer trigger and the local CLI use)::

    from credrec.app import App
    report = app.sweep(limit=100, redrive=True)        # -> SweepReport (.as_dict() for JSON)
    report = app.redrive(message_bytes_or_dict)         # -> RedriveReport

    # lower level, with an explicit Invocation (deadline, request id):
    Sweeper(pipeline).sweep(inv, limit=100, redrive=True)
    redrive_payload(pipeline, payload, inv)
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import CredrecError, InvalidRequestError, RetryableError
from .events import OssEvent, decode_payload, is_oss_event

if TYPE_CHECKING:
    from .pipeline import Invocation, Pipeline

SWEEP_MIN_SECONDS = 5.0  # a sweep starts another record only with this much time left


@dataclass
class SweepReport:
    examined: int = 0  # overdue ids read from the index
    finished: dict[str, int] = field(default_factory=dict)  # terminal status -> records this sweep ended
    redriven: int = 0  # records whose work was re-driven (an API call may have been made)
    from_vault: int = 0  # records finished from a kept paid answer (no call)
    skipped: int = 0  # finished or re-claimed by someone else meanwhile, or not due after all
    errors: int = 0  # records the sweep could not take (store unavailable): the next sweep retries
    more: bool = False  # stopped early (time or limit) while overdue records may remain

    def as_dict(self) -> dict[str, Any]:
        return {"examined": self.examined, "finished": dict(self.finished), "redriven": self.redriven,
                "from_vault": self.from_vault, "skipped": self.skipped, "errors": self.errors, "more": self.more}


@dataclass
class RedriveReport:
    records: list[dict[str, str]] = field(default_factory=list)  # {"id", "status"} per upload entry
    skipped: dict[str, int] = field(default_factory=dict)  # eventName -> count of non-upload entries
    retry: int = 0  # entries that met a transient failure or a live claim: re-drive again later

    @property
    def done(self) -> bool:
        return self.retry == 0

    def as_dict(self) -> dict[str, Any]:
        return {"records": list(self.records), "skipped": dict(self.skipped), "retry": self.retry}


class Sweeper:
    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline

    def sweep(self, inv: Invocation, *, limit: int = 100, redrive: bool = True) -> SweepReport:
        pipeline = self.pipeline
        report = SweepReport()
        now = pipeline.clock.now()
        ids = pipeline.retry_call(lambda _t: pipeline.store.due(before=now, limit=limit), inv)
        report.examined = len(ids)
        report.more = len(ids) >= limit
        for rid in ids:
            if inv.deadline.remaining() < SWEEP_MIN_SECONDS:
                report.more = True
                break
            try:
                outcome = pipeline.finish_overdue(rid, inv, redrive=redrive)
            except CredrecError as exc:
                report.errors += 1
                pipeline.log.warning("sweep.error", record_id=rid, error_code=exc.code)
                continue
            if outcome is None:
                report.skipped += 1
                continue
            record, how = outcome
            report.finished[record.status.value] = report.finished.get(record.status.value, 0) + 1
            if how == "redrive":
                report.redriven += 1
            elif how == "vault":
                report.from_vault += 1
        pipeline.log.info("sweep.done", request_id=inv.request_id, **report.as_dict())
        return report


def dead_letter_event(payload: Any) -> dict[str, Any]:
    """The OSS event inside a dead-letter message (FC destination envelope or the bare event)."""
    data = _json(payload)
    if isinstance(data, dict) and "requestPayload" in data:
        data = _json(data["requestPayload"])
    if not is_oss_event(data):
        raise InvalidRequestError("the message holds no OSS trigger event", code="NOT_AN_OSS_EVENT")
    return data  # type: ignore[no-any-return]


def redrive_payload(pipeline: Pipeline, payload: Any, inv: Invocation) -> RedriveReport:
    """Re-drive every upload entry of one dead-letter message (idempotent; see the module doc)."""
    report = RedriveReport()
    event = OssEvent(dead_letter_event(payload))
    for entry in event.records:
        if not entry.is_upload:
            name = entry.event_name or "?"
            report.skipped[name] = report.skipped.get(name, 0) + 1
            continue
        try:
            record = pipeline.process_upload(entry, inv, redrive=True)
        except RetryableError as exc:
            report.retry += 1
            report.records.append({"id": "", "status": "RETRY", "error": exc.code})
            continue
        report.records.append({"id": record.id, "status": record.status.value})
        if not record.status.terminal:
            report.retry += 1
    pipeline.log.info("redrive.done", request_id=inv.request_id, records=len(report.records),
                      skipped=report.skipped, retry=report.retry)
    return report


def _json(value: Any) -> Any:
    """Bytes/str → JSON; MNS may hand a message body over Base64-encoded."""
    if isinstance(value, (bytes, bytearray, memoryview, str)):
        text = bytes(value).decode("utf-8", "replace") if not isinstance(value, str) else value
        stripped = text.strip()
        if stripped[:1] not in ("{", "["):
            try:
                text = base64.b64decode(stripped, validate=True).decode("utf-8")
            except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
                raise InvalidRequestError("the message is neither JSON nor Base64 JSON", code="INVALID_EVENT") from exc
        return decode_payload(text)
    return value
