"""Claim, lease and delivery rules: the record's state machine over conditional writes.

A record is one row. Three fields carry the claim (``models.Record``):

* ``owner`` — a **fencing token**: every conditional write installs a fresh one and is conditional
  on the token it read, so any write based on a stale read fails (compare-and-set on the row);
* ``holder`` — the claim that holds the record while IN_PROGRESS (``None``: given back), and on a
  terminal record the claim that finished it;
* ``lease_until`` — while held, when the lease ends; while given back, when the sweeper may finish
  the record; 0 once terminal. ``deliveries`` counts the FC deliveries that reached the record.

States (``L`` = lease live, ``D`` = deliveries, ``M`` = ``max_deliveries``)::

                     create                         complete
      (absent) ───────────────▶ HELD(h, L) ──────────────────────────▶ TERMINAL
                                 │  ▲  │ ▲  busy delivery: D+1                ▲
           transient failure,    │  │  │ └──(token rotated, holder kept)      │ complete (paid answer)
           D < M: give back      ▼  │  │                                      │
                          GIVEN_BACK │  │  lease over, or given back:         │
                       (holder=None, │  │  next delivery / sweeper takes over  │
                        due=now+hold)└──┘  (D+1 for a delivery)               │
                                 │                                            │
           transient failure, D ≥ M  ────────────▶ FAILED RETRIES_EXHAUSTED ──┘ (retryable: a
                                                                                redrive may reclaim)

Rules (each one conditional write, retried on a lost race after re-reading the row):

1. **Every FC delivery counts.** A delivery that finds the record held by a live lease still
   registers itself (``deliveries + 1``, new token, holder and lease unchanged) and gets ``BUSY``;
   one that takes the record over counts too. So the delivery that reaches ``M`` knows it is the
   last, whatever the earlier ones met (a live claim, a busy store, throttling).
2. **The last delivery ends the record.** A transient failure gives the claim back only while
   ``D < M``; at ``D ≥ M`` the holder writes FAILED with reason ``RETRIES_EXHAUSTED`` (keeping the
   last error). The holder re-reads before each write, so a busy delivery that arrived meanwhile
   turns a give-back into the terminal write.
3. **A held lease is never broken.** Only an expired lease (the holder was killed or timed out) or
   a given-back claim can be taken over; a live holder always gets to write its answer. A late
   holder whose lease ran out may still complete as long as nobody took over (its token is
   still the row's, modulo busy deliveries, which it merges).
4. **A terminal record is final**, except FAILED with a retryable error, which a later delivery
   or a redrive may reclaim. A duplicate delivery of a finished record costs nothing.
5. **Nothing stays IN_PROGRESS.** Every IN_PROGRESS record is in the ``due`` index (by
   ``lease_until``); the sweeper (``sweeper.py``) takes over those whose time has passed and
   finishes them. So after the last delivery plus one sweep, every record is terminal — the
   hypothesis tests in ``tests/unit/test_state_machine.py`` check this for interleavings of kills,
   timeouts, throttling and store failures, on both stores.

The rules live here; stores provide only ``create``/``replace``/``get``/``due`` (``ports.ResultStore``).
"""

from __future__ import annotations

import enum
import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from .errors import StoreUnavailableError
from .models import Expected, RecognitionParams, Record, RecordError, Source, Status
from .ports import Clock, ResultStore

#: Reason written by the last delivery (or a sweep) when every delivery met a transient failure.
RETRIES_EXHAUSTED = "RETRIES_EXHAUSTED"
#: Reason written by a sweep that finishes a record nobody came back for, without re-driving it.
ABANDONED = "ABANDONED"


class ClaimState(enum.Enum):
    CLAIMED = "claimed"
    DONE = "done"  # a terminal record exists: duplicate delivery
    BUSY = "busy"  # another claim holds a live lease (this delivery was counted)
    NOT_DUE = "not_due"  # sweeper: the record's time has not come (or it is gone)


@dataclass(frozen=True)
class Claim:
    state: ClaimState
    record: Record
    fresh: bool = False  # this claim created the record: no earlier claim can have left an answer


def record_id(*parts: str) -> str:
    """Stable id from the idempotency key parts (NUL-separated, SHA-256, 32 hex chars)."""
    digest = hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()
    return digest[:32]


def oss_record_id(bucket: str, key: str, etag: str) -> str:
    """One record per object content: the real object key (never an encoded form of it) and the
    ETag. An overwrite with other bytes is a new record; the version id is not part of the id
    (an OSS event may not carry it, and POST /recognize must derive the same id as the trigger) —
    it pins the bytes that are read and presigned instead (``Source.version_id``)."""
    return record_id("oss", bucket, key, etag.strip('"').upper())


def reclaimable(record: Record) -> bool:
    return record.status is Status.FAILED and record.error is not None and record.error.retryable


def live(record: Record, now: float) -> bool:
    """Held by a claim whose lease has not ended."""
    return record.status is Status.IN_PROGRESS and record.holder is not None and record.lease_until > now


def exhausted(error: RecordError, deliveries: int) -> RecordError:
    return RecordError(
        code=RETRIES_EXHAUSTED,
        message=f"all {deliveries} deliveries met transient failures; the last: {error.code}: {error.message}",
        retryable=True,
        upstream_code=error.upstream_code or (error.code if error.code != RETRIES_EXHAUSTED else None),
    )


def _new_id() -> str:
    return uuid.uuid4().hex


class Idempotency:
    def __init__(
        self,
        store: ResultStore,
        clock: Clock,
        *,
        max_deliveries: int = 4,
        give_back_hold_seconds: float = 900.0,
        id_factory: Callable[[], str] = _new_id,
        contention_rounds: int = 8,
        finalize: Callable[[Record], Record] | None = None,
    ) -> None:
        """``finalize`` sees every terminal record just before it is written (the pipeline adds the
        decision there), whichever path ends the record: complete, last-delivery release, sweep."""
        self._store = store
        self._finalize = finalize
        self._clock = clock
        self.max_deliveries = max_deliveries
        self._hold = give_back_hold_seconds
        self._new_id = id_factory
        self._rounds = contention_rounds

    def last_delivery(self, record: Record) -> bool:
        return record.deliveries >= self.max_deliveries

    # ------------------------------------------------------------------ taking a record

    def claim(
        self, rid: str, *, source: Source, params: RecognitionParams, lease_seconds: float, count_delivery: bool = True,
        expected: Expected | None = None,
    ) -> Claim:
        """Create or take over the record for one delivery (``count_delivery``) or one HTTP request."""
        now = self._clock.now()
        claim_id = self._new_id()
        fresh = Record(
            id=rid, status=Status.IN_PROGRESS, source=source, params=params, created_at=now, updated_at=now,
            owner=self._new_id(), holder=claim_id, lease_until=now + lease_seconds, deliveries=1, expected=expected,
        )
        if self._store.create(fresh):
            return Claim(ClaimState.CLAIMED, fresh, fresh=True)
        for _ in range(self._rounds):
            current = self._store.get(rid)
            if current is None:  # deleted between our create and read (an operator)
                if self._store.create(fresh):
                    return Claim(ClaimState.CLAIMED, fresh, fresh=True)
                continue
            if current.holder == claim_id:  # our create landed although its answer was lost
                return Claim(ClaimState.CLAIMED, current, fresh=current.deliveries <= 1)
            if current.status.terminal and not reclaimable(current):
                return Claim(ClaimState.DONE, current)
            deliveries = current.deliveries + (1 if count_delivery else 0)
            if live(current, now):
                if not count_delivery:
                    return Claim(ClaimState.BUSY, current)
                seen = current.model_copy(update={"deliveries": deliveries, "owner": self._new_id(),
                                                  "updated_at": now})
                if self._store.replace(seen, expected_owner=current.owner):
                    return Claim(ClaimState.BUSY, seen)
                continue
            taken = current.model_copy(update={
                "status": Status.IN_PROGRESS, "owner": self._new_id(), "holder": claim_id,
                "lease_until": now + lease_seconds, "updated_at": now, "deliveries": max(1, deliveries),
                "expected": current.expected or expected,
            })
            if self._store.replace(taken, expected_owner=current.owner):
                return Claim(ClaimState.CLAIMED, taken)
        raise StoreUnavailableError("could not claim the record: too much contention", code="CLAIM_CONTENTION")

    def claim_due(self, rid: str, *, lease_seconds: float) -> Claim:
        """Sweeper: take over an IN_PROGRESS record whose time has passed (not a delivery)."""
        now = self._clock.now()
        claim_id = self._new_id()
        for _ in range(self._rounds):
            current = self._store.get(rid)
            if current is None:
                return Claim(ClaimState.NOT_DUE, _placeholder(rid, now))
            if current.status.terminal:
                return Claim(ClaimState.DONE, current)
            if current.lease_until > now:
                return Claim(ClaimState.NOT_DUE, current)
            taken = current.model_copy(update={
                "owner": self._new_id(), "holder": claim_id, "lease_until": now + lease_seconds, "updated_at": now,
            })
            if self._store.replace(taken, expected_owner=current.owner):
                return Claim(ClaimState.CLAIMED, taken)
        raise StoreUnavailableError("could not claim the record: too much contention", code="CLAIM_CONTENTION")

    # ------------------------------------------------------------------ writes by the holder

    def complete(self, record: Record) -> tuple[Record, bool]:
        """Store a terminal record. Returns (record as stored, whether our write won)."""
        if not record.status.terminal:
            raise ValueError("complete() needs a terminal status")
        return self._write_as_holder(record, lambda base: base.model_copy(update={"lease_until": 0.0}))

    def release(self, record: Record, error: RecordError) -> tuple[Record, bool]:
        """A transient failure: give the claim back for the next delivery, or — on the last
        delivery — end the record FAILED (``RETRIES_EXHAUSTED``).

        Returns (record as stored, terminal). Not terminal means FC should deliver again.
        """
        now = self._clock.now()

        def build(base: Record) -> Record:
            if self.last_delivery(base):
                return base.model_copy(update={
                    "status": Status.FAILED, "error": exhausted(error, base.deliveries), "lease_until": 0.0})
            return base.model_copy(update={"holder": None, "lease_until": now + self._hold, "error": error})

        stored, _ = self._write_as_holder(record, build)
        return stored, stored.status.terminal

    def _write_as_holder(self, mine: Record, build: Callable[[Record], Record]) -> tuple[Record, bool]:
        """One conditional write on behalf of ``mine.holder``, re-read and redone when a busy
        delivery rotated the token meanwhile; lost (False) once another claim took the record."""
        base, expected = mine, mine.owner
        for _ in range(self._rounds):
            new = build(base).model_copy(update={"owner": self._new_id(), "updated_at": self._clock.now()})
            if self._finalize is not None and new.status.terminal:
                new = self._finalize(new)
            if self._store.replace(new, expected_owner=expected):
                return new, True
            current = self._store.get(mine.id)
            if current is None:
                return new, False
            if current.holder != mine.holder:
                return current, False  # another claim took over (our lease had run out)
            if current.status.terminal:
                return current, True  # our own earlier write landed although its answer was lost
            base = mine.model_copy(update={"deliveries": max(mine.deliveries, current.deliveries)})
            expected = current.owner
        raise StoreUnavailableError("could not write the record: too much contention", code="CLAIM_CONTENTION")


def _placeholder(rid: str, now: float) -> Record:
    return Record(id=rid, status=Status.IN_PROGRESS, source=Source(kind="oss"), created_at=now, updated_at=now)
