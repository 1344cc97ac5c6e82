"""Idempotency as a small state machine over two conditional writes.

    (absent) ──create──▶ IN_PROGRESS(owner=A, lease) ──complete──▶ SUCCEEDED | NO_TEXT | REJECTED | FAILED
                              │  ▲                                                            │
                  release /   │  │ take over (replace, expected_owner=A)                      │ FAILED and
                  lease ends  ▼  │                                                            │ retryable
                         IN_PROGRESS(lease over) ◀────────────────── take over ───────────────┘

* **claim**: create the row; if it exists, read it: a terminal record is a duplicate (no API call),
  a live lease belongs to another worker (busy), an expired lease or a retryable FAILED record is
  taken over with one conditional replace on the previous owner token.
* **complete**: replace our row with the terminal record, conditional on still owning it.
* **release**: give the claim back at once (lease ends now) after a transient failure, so FC's
  async retry can take it over.

The rules live here; stores provide only ``create``/``replace``/``get`` (see ports.ResultStore).
"""

from __future__ import annotations

import enum
import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from .errors import StoreUnavailableError
from .models import RecognitionParams, Record, RecordError, Source, Status
from .ports import Clock, ResultStore


class ClaimState(enum.Enum):
    CLAIMED = "claimed"
    DONE = "done"  # a terminal record exists: duplicate delivery
    BUSY = "busy"  # another worker holds a live lease


@dataclass(frozen=True)
class Claim:
    state: ClaimState
    record: Record


def record_id(*parts: str) -> str:
    """Stable id from the idempotency key parts (NUL-separated, SHA-256, 32 hex chars)."""
    digest = hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()
    return digest[:32]


def oss_record_id(bucket: str, key: str, etag: str) -> str:
    return record_id("oss", bucket, key, etag.strip('"').upper())


def reclaimable(record: Record) -> bool:
    return record.status is Status.FAILED and record.error is not None and record.error.retryable


class Idempotency:
    def __init__(
        self,
        store: ResultStore,
        clock: Clock,
        owner_factory: Callable[[], str] = lambda: uuid.uuid4().hex,
        contention_rounds: int = 4,
    ) -> None:
        self._store = store
        self._clock = clock
        self._new_owner = owner_factory
        self._rounds = contention_rounds

    def claim(self, rid: str, *, source: Source, params: RecognitionParams, lease_seconds: float) -> Claim:
        now = self._clock.now()
        owner = self._new_owner()
        fresh = Record(
            id=rid, status=Status.IN_PROGRESS, source=source, params=params, created_at=now,
            updated_at=now, owner=owner, lease_until=now + lease_seconds, deliveries=1,
        )
        if self._store.create(fresh):
            return Claim(ClaimState.CLAIMED, fresh)
        for _ in range(self._rounds):
            current = self._store.get(rid)
            if current is None:  # vanished between our write and read (deleted by an operator)
                if self._store.create(fresh):
                    return Claim(ClaimState.CLAIMED, fresh)
                continue
            if current.owner == owner:  # our create landed although its answer was lost
                return Claim(ClaimState.CLAIMED, current)
            if current.status.terminal and not reclaimable(current):
                return Claim(ClaimState.DONE, current)
            if current.status is Status.IN_PROGRESS and current.lease_until > now:
                return Claim(ClaimState.BUSY, current)
            taken = current.model_copy(
                update={
                    "status": Status.IN_PROGRESS, "owner": owner, "lease_until": now + lease_seconds,
                    "updated_at": now, "deliveries": current.deliveries + 1,
                }
            )
            if self._store.replace(taken, expected_owner=current.owner):
                return Claim(ClaimState.CLAIMED, taken)
        raise StoreUnavailableError("could not claim the record: too much contention", code="CLAIM_CONTENTION")

    def complete(self, record: Record) -> tuple[Record, bool]:
        """Store a terminal record. Returns (record as stored, whether our write won)."""
        if not record.status.terminal:
            raise ValueError("complete() needs a terminal status")
        final = record.model_copy(update={"updated_at": self._clock.now(), "lease_until": 0.0})
        if self._store.replace(final, expected_owner=record.owner):
            return final, True
        # Someone took the claim over (our lease ran out). Their outcome stands.
        current = self._store.get(record.id)
        return (current or final), False

    def release(self, record: Record, error: RecordError) -> Record:
        """Give the claim back now, keeping the error and attempts for the next delivery."""
        released = record.model_copy(
            update={"lease_until": 0.0, "updated_at": self._clock.now(), "error": error}
        )
        self._store.replace(released, expected_owner=record.owner)
        return released
