"""Human review of stored records: the queue, claims (leases) and the append-only decision trail.

Rules (the HTTP layer in ``routes.py`` only translates):

* A record **needs review** when the machine could not settle it — the decision layer said REVIEW,
  the fraud check flagged it, or no text was found — and no reviewer has decided it yet.
* A reviewer **claims** a record while looking at it: a lease of ``review_claim_seconds`` that others
  see. While it is live nobody else can claim or decide the record (``ClaimedError``, HTTP 409).
* A **decision** (approve / reject with reasons / request a new document) is appended to
  ``record.review.trail`` and the claim ends. Entries are never changed or removed.
* Every write is one ``ResultStore.replace_review`` conditional on the revision and the fencing token
  (``owner``) that were read, and installs a fresh token: of two reviewers acting on the same revision
  exactly one write lands (the other re-reads and is told who holds the record), and any other writer
  that read the row before (a decision rescore) fails its own conditional write instead of erasing
  the review state.
* Only records the pipeline will never write again can be reviewed (terminal, not a retryable
  failure): review writes and pipeline writes never race.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import statistics
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import InvalidRequestError, PermanentError, StoreUnavailableError
from ..idempotency import reclaimable
from ..models import Record, ReviewAction, ReviewClaim, ReviewEntry, ReviewState, Status
from ..ports import Clock, ResultStore

REJECT_REASONS: dict[str, str] = {
    "tampered": "The document looks edited or forged",
    "not_proof_of_address": "Not a proof of address (wrong document type)",
    "name_mismatch": "The name does not match the applicant",
    "address_mismatch": "The address does not match the applicant",
    "too_old": "The document is too old",
    "unreadable": "Unreadable or incomplete image",
    "screenshot": "A screenshot or a photo of a screen",
    "other": "Other (see the comment)",
}
MAX_COMMENT = 2000
WRITE_ROUNDS = 4
STORE_PAGE = 100


class ClaimedError(PermanentError):
    """Another reviewer holds a live claim on the record."""

    default_code = "CLAIMED_BY_OTHER"
    http_status = 409


class NotReviewableError(PermanentError):
    default_code = "NOT_REVIEWABLE"
    http_status = 409


class StaleReviewError(PermanentError):
    """The reviewer decided on an older view: someone decided the record since."""

    default_code = "STALE_VIEW"
    http_status = 409


class RecordNotFoundError(PermanentError):
    default_code = "NOT_FOUND"
    http_status = 404


# ------------------------------------------------------------------ what the machine said


def machine_outcome(record: Record) -> str | None:
    """The decision layer's outcome (ACCEPT / REVIEW / REJECT) when the record carries one."""
    return record.decision.outcome.value if record.decision is not None else None


def review_flags(record: Record) -> list[str]:
    """Why the machine could not settle the record (empty: nothing for a person to look at)."""
    flags: list[str] = []
    if machine_outcome(record) == "REVIEW":
        flags.append("decision_review")
    if record.fraud.suspicious:
        flags.append("fraud_flagged")
    if record.status is Status.NO_TEXT:
        flags.append("no_text")
    return flags


def reviewable(record: Record) -> bool:
    return record.status.terminal and not reclaimable(record)


def needs_review(record: Record) -> bool:
    return reviewable(record) and bool(review_flags(record)) and not record.review.trail


def live_claim(record: Record, now: float) -> ReviewClaim | None:
    claim = record.review.claim
    return claim if claim is not None and claim.until > now else None


# ------------------------------------------------------------------ queue filters and paging


@dataclass(frozen=True)
class QueueFilter:
    view: str = "queue"  # "queue": needing review only; "all": needing review first, then the rest
    status: Status | None = None
    decision: str | None = None  # ACCEPT | REVIEW | REJECT | NONE
    fraud: str | None = None  # "flagged", "clear", or a fraud type such as PS
    since: float | None = None  # created_at bounds (epoch seconds, UTC days)
    until: float | None = None

    def matches(self, record: Record) -> bool:
        if self.status is not None and record.status is not self.status:
            return False
        if self.decision is not None and (machine_outcome(record) or "NONE") != self.decision:
            return False
        if self.fraud == "flagged" and not record.fraud.suspicious:
            return False
        if self.fraud == "clear" and record.fraud.suspicious:
            return False
        if self.fraud not in (None, "flagged", "clear") and self.fraud not in record.fraud.types:
            return False
        if self.since is not None and record.created_at < self.since:
            return False
        return self.until is None or record.created_at < self.until


def parse_day(value: str, name: str) -> float:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidRequestError(f"{name} must be a date such as 2026-01-31") from exc
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp()


def encode_queue_cursor(phase: str, store_cursor: str | None) -> str:
    raw = json.dumps({"p": phase, "c": store_cursor}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_queue_cursor(cursor: str) -> tuple[str, str | None]:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        phase, inner = data["p"], data["c"]
    except (binascii.Error, ValueError, KeyError, TypeError) as exc:
        raise InvalidRequestError("invalid cursor", code="INVALID_CURSOR") from exc
    if phase not in ("queue", "rest") or not (inner is None or isinstance(inner, str)):
        raise InvalidRequestError("invalid cursor", code="INVALID_CURSOR")
    return phase, inner


@dataclass
class QueuePage:
    records: list[Record]
    cursor: str | None
    scanned: int


# ------------------------------------------------------------------ dashboard figures


@dataclass
class Stats:
    scanned: int = 0
    complete: bool = True
    queue: int = 0
    claimed: int = 0
    by_day_status: dict[str, dict[str, int]] = field(default_factory=dict)
    by_day_decision: dict[str, dict[str, int]] = field(default_factory=dict)
    human: dict[str, int] = field(default_factory=dict)
    decision_seconds: list[float] = field(default_factory=list)

    @property
    def median_decision_seconds(self) -> float | None:
        return statistics.median(self.decision_seconds) if self.decision_seconds else None

    def as_json(self) -> dict[str, Any]:
        return {
            "scanned": self.scanned, "complete": self.complete, "queue": self.queue, "claimed": self.claimed,
            "by_day_status": self.by_day_status, "by_day_decision": self.by_day_decision,
            "human_decisions": self.human, "decided": len(self.decision_seconds),
            "median_upload_to_decision_seconds": self.median_decision_seconds,
        }


def _day(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).date().isoformat()


# ------------------------------------------------------------------ the service


class ReviewService:
    def __init__(self, store: ResultStore, clock: Clock, *, claim_seconds: float, max_scan: int = 20_000,
                 new_token: Callable[[], str] = lambda: uuid.uuid4().hex) -> None:
        self._store = store
        self._new_token = new_token
        self._clock = clock
        self._claim_seconds = claim_seconds
        self._max_scan = max_scan

    # --- reads --------------------------------------------------------------------------

    def get(self, rid: str) -> Record:
        record = self._store.get(rid)
        if record is None:
            raise RecordNotFoundError("no such record")
        return record

    def _scan(self, store_cursor: str | None, budget: int) -> Iterator[tuple[list[Record], str | None]]:
        """Store pages from ``store_cursor`` on, until the store ends or ``budget`` records were read."""
        read = 0
        cursor = store_cursor
        while read < budget:
            page = self._store.list(limit=min(STORE_PAGE, budget - read), cursor=cursor)
            read += len(page.records)
            yield page.records, page.cursor
            cursor = page.cursor
            if cursor is None or not page.records:
                return

    def queue(self, flt: QueueFilter, *, limit: int, cursor: str | None, budget: int = 1000) -> QueuePage:
        """Records needing review first, then (view ``all``) the rest; each filtered by ``flt``.

        Pages through the store's own cursor. A page holds at least ``limit`` records when that many
        match within ``budget`` reads, and fewer than ``limit + STORE_PAGE``; ``cursor`` is None at the end.
        """
        phase, store_cursor = decode_queue_cursor(cursor) if cursor else ("queue", None)
        out: list[Record] = []
        scanned = 0
        while True:
            wanted: Callable[[Record], bool] = needs_review if phase == "queue" else (
                lambda r: not needs_review(r))
            next_cursor: str | None = store_cursor
            for records, page_cursor in self._scan(store_cursor, budget - scanned):
                scanned += len(records)
                out.extend(r for r in records if wanted(r) and flt.matches(r))
                next_cursor = page_cursor
                if len(out) >= limit or page_cursor is None:
                    break
            if next_cursor is not None:
                return QueuePage(out, encode_queue_cursor(phase, next_cursor), scanned)
            if phase == "queue" and flt.view == "all":
                phase, store_cursor = "rest", None
                if len(out) >= limit or scanned >= budget:
                    return QueuePage(out, encode_queue_cursor(phase, None), scanned)
                continue
            return QueuePage(out, None, scanned)

    def stats(self, *, days: int = 14) -> Stats:
        now = self._clock.now()
        first_day = _day(now - (days - 1) * 86400)
        stats = Stats()
        for records, page_cursor in self._scan(None, self._max_scan):
            for record in records:
                stats.scanned += 1
                if needs_review(record):
                    stats.queue += 1
                    if live_claim(record, now):
                        stats.claimed += 1
                day = _day(record.created_at)
                if day >= first_day:
                    per_status = stats.by_day_status.setdefault(day, {})
                    per_status[record.status.value] = per_status.get(record.status.value, 0) + 1
                    outcome = machine_outcome(record) or "NONE"
                    per_decision = stats.by_day_decision.setdefault(day, {})
                    per_decision[outcome] = per_decision.get(outcome, 0) + 1
                for entry in record.review.trail:
                    stats.human[entry.action.value] = stats.human.get(entry.action.value, 0) + 1
                if record.review.trail:
                    stats.decision_seconds.append(max(0.0, record.review.trail[0].at - record.created_at))
            if page_cursor is not None and stats.scanned >= self._max_scan:
                stats.complete = False
        return stats

    # --- writes -------------------------------------------------------------------------

    def _write(self, rid: str, change: Callable[[Record, float], ReviewState]) -> Record:
        """Read, let ``change`` check and build the new review state, write conditionally; on a lost
        race read again (``change`` then sees the winner's state and refuses or proceeds)."""
        for _ in range(WRITE_ROUNDS):
            current = self.get(rid)
            if not reviewable(current):
                raise NotReviewableError("the record is still being processed" if not current.status.terminal
                                         else "the record is waiting for a retry")
            now = self._clock.now()
            state = change(current, now)
            # a fresh fencing token too: any other writer that read the row before us (a rescore, say)
            # now fails its conditional write instead of dropping the review state
            updated = current.model_copy(update={"review": state, "review_rev": current.review_rev + 1,
                                                 "owner": self._new_token()})
            if self._store.replace_review(updated, expected_owner=current.owner, expected_rev=current.review_rev):
                return updated
        raise StoreUnavailableError("too many concurrent review writes on this record", code="REVIEW_CONTENTION")

    def _holder_check(self, record: Record, reviewer: str, now: float) -> None:
        claim = live_claim(record, now)
        if claim is not None and claim.reviewer != reviewer:
            remaining = int(claim.until - now)
            raise ClaimedError(f"{claim.reviewer} is reviewing this record (claim ends in {remaining} s)")

    def claim(self, rid: str, reviewer: str) -> Record:
        def change(record: Record, now: float) -> ReviewState:
            self._holder_check(record, reviewer, now)
            return record.review.model_copy(
                update={"claim": ReviewClaim(reviewer=reviewer, until=now + self._claim_seconds)})

        return self._write(rid, change)

    def release(self, rid: str, reviewer: str) -> Record:
        def change(record: Record, now: float) -> ReviewState:
            self._holder_check(record, reviewer, now)
            return record.review.model_copy(update={"claim": None})

        return self._write(rid, change)

    def decide(self, rid: str, reviewer: str, *, action: ReviewAction, reasons: list[str], comment: str | None,
               seen_decisions: int | None) -> Record:
        reasons = validate_decision(action, reasons, comment)

        def change(record: Record, now: float) -> ReviewState:
            self._holder_check(record, reviewer, now)
            if seen_decisions is not None and seen_decisions != len(record.review.trail):
                last = record.review.last
                who = f" by {last.reviewer}" if last else ""
                raise StaleReviewError(f"the record was decided{who} since you opened it: reload it")
            entry = ReviewEntry(reviewer=reviewer, at=now, action=action, reasons=reasons,
                                comment=comment.strip() if comment and comment.strip() else None)
            return ReviewState(claim=None, trail=[*record.review.trail, entry])

        return self._write(rid, change)


def validate_decision(action: ReviewAction, reasons: list[str], comment: str | None) -> list[str]:
    unknown = [r for r in reasons if r not in REJECT_REASONS]
    if unknown:
        raise InvalidRequestError(f"unknown reasons; use: {', '.join(REJECT_REASONS)}")
    if len(set(reasons)) != len(reasons):
        raise InvalidRequestError("each reason at most once")
    if action is ReviewAction.REJECT and not reasons:
        raise InvalidRequestError("a rejection needs at least one reason")
    if action is ReviewAction.APPROVE and reasons:
        raise InvalidRequestError("an approval takes no rejection reasons")
    if "other" in reasons and not (comment and comment.strip()):
        raise InvalidRequestError("the reason 'other' needs a comment")
    if comment is not None and (len(comment) > MAX_COMMENT or any(
            ord(c) < 32 and c not in "\n\t" for c in comment)):
        raise InvalidRequestError(f"the comment must be printable text of at most {MAX_COMMENT} characters")
    return reasons
