"""The ports: what the pipeline needs from the outside world, and nothing more.

Each port has a cloud adapter (``credrec.adapters``) and a local one (``credrec_local``); one
contract suite (``tests/contract``) holds both to the same behaviour. Adapters raise only classes
from ``credrec.errors``.
"""

from __future__ import annotations

import builtins
import time
from typing import Protocol, runtime_checkable

from .models import ImageInput, ListPage, ObjectHead, Recognition, RecognitionParams, Record, Status


@runtime_checkable
class Recognizer(Protocol):
    def recognize(
        self, image: ImageInput, params: RecognitionParams, *, timeout_s: float | None = None
    ) -> Recognition:
        """One attempt, no retries (the pipeline owns retries).

        Raises ThrottledError / UpstreamUnavailableError / NetworkError (retryable), or
        UpstreamRejectedError / AccessDeniedError / UpstreamProtocolError / ConfigurationError.
        """
        ...


@runtime_checkable
class ObjectSource(Protocol):
    def head(self, bucket: str, key: str, *, timeout_s: float | None = None) -> ObjectHead:
        """Size, normalised etag and (versioned bucket) version id. ObjectNotFoundError when absent."""
        ...

    def read(
        self, bucket: str, key: str, *, etag: str | None = None, version_id: str | None = None,
        timeout_s: float | None = None,
    ) -> bytes:
        """The whole object, or with ``version_id`` exactly that version. With ``etag``,
        ObjectChangedError if the bytes served differ."""
        ...

    def presign_get(self, bucket: str, key: str, *, ttl_seconds: int, version_id: str | None = None) -> str:
        """A GET URL the recognition service can fetch, valid for ``ttl_seconds``; with
        ``version_id`` it serves exactly that version, whatever was written to the key since."""
        ...


@runtime_checkable
class AnswerVault(Protocol):
    """Where a paid answer waits when the final write of its record failed (see pipeline.py):
    a later delivery or the sweeper stores it without a second API call."""

    def keep(self, record: Record) -> None: ...

    def take(self, record_id: str) -> Record | None: ...

    def drop(self, record_id: str) -> None: ...


@runtime_checkable
class ResultStore(Protocol):
    """Storage primitives only; the claim/complete/release rules live in ``idempotency.py``."""

    def create(self, record: Record) -> bool:
        """Insert if no row has ``record.id``; False when one exists (one conditional write)."""
        ...

    def replace(self, record: Record, *, expected_owner: str | None) -> bool:
        """Overwrite the row ``record.id`` only if its stored ``owner`` equals ``expected_owner``.

        False when the row is missing or owned by someone else (one conditional write).
        """
        ...

    def replace_review(self, record: Record, *, expected_owner: str | None, expected_rev: int) -> bool:
        """Overwrite the row ``record.id`` only if its stored ``owner`` equals ``expected_owner`` AND its
        stored ``review_rev`` equals ``expected_rev`` (a row written before reviews existed counts as 0).

        The one write path of human review (claims, releases, decisions): each such write raises
        ``review_rev`` by one, so of two reviewers who read the same revision only one write lands.
        False when the row is missing or either value differs (one conditional write).
        """
        ...

    def get(self, record_id: str) -> Record | None: ...

    def list(self, *, status: Status | None = None, limit: int = 50, cursor: str | None = None) -> ListPage:
        """A page of records, optionally of one status; ``cursor`` continues where the last page ended."""
        ...

    def due(self, *, before: float, limit: int = 100) -> builtins.list[str]:
        """Ids of IN_PROGRESS records whose ``lease_until`` is earlier than ``before``, oldest first.

        Served by an index of the records that are IN_PROGRESS (sqlite: an index on a ``due`` column
        set only while IN_PROGRESS; Tablestore: a sparse global secondary index on the same column),
        never by a scan of the table. The index may lag: callers re-read each record.
        """
        ...


class Clock(Protocol):
    def now(self) -> float:
        """Wall-clock epoch seconds (stored timestamps, leases)."""
        ...

    def monotonic(self) -> float:
        """For deadlines and durations."""
        ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> float:
        return time.time()

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)
