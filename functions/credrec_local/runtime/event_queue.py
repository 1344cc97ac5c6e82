"""The local runner's durable event queue and dead-letter folder (FC's async queue, on one machine).

Why sqlite (stdlib) rather than one file per event: taking an event, counting the delivery and
leasing it to a worker must be one atomic step across threads *and* processes (the watcher inside
``credrec serve``, ``credrec redrive`` and test drivers enqueue while the runner takes), and "announce
this object version and enqueue its event" must be one transaction so a ``kill -9`` between the two
neither loses the event nor announces it twice. sqlite's WAL journal gives both with fsync'd commits;
a folder of files would need rename dances and a second index for the announced versions.

    DATA_DIR/queue.sqlite3      events (pending, delayed, in flight) + announced object versions
    DATA_DIR/dead-letters/      one JSON file per event that used up its deliveries (or expired)
    DATA_DIR/runner.lock        flock held by the one runner working on this data dir

Delivery rules (FC 3.0 async invocation, reference §5.9):

* ``take`` counts a delivery *before* the handler runs: an invocation killed half-way has been
  delivered (FC counts a crashed instance's invocation as a failed attempt and bills it).
* ``fail`` schedules the next delivery after a backoff, or dead-letters the event when it has had
  ``max_deliveries`` (1 + retries, FC's default 1 + 3) or is older than ``max_age_s``.
* ``recover`` (runner start, holding the lock) treats every event still leased as an invocation that
  died with the previous runner: it counts as failed and follows ``fail``'s rules.

Dead-letter files use the shape FC sends to an async ``onFailure`` destination (requestContext,
requestPayload, responseContext, responsePayload), so one parser reads local and MNS dead letters.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from credrec_local.runtime.private_files import private_dir, private_file

QUEUE_FILE = "queue.sqlite3"
DEAD_LETTER_DIR = "dead-letters"
LOCK_FILE = "runner.lock"
FUNCTION_ARN = "acs:fc:local:local:functions/credrec-local"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id          TEXT PRIMARY KEY,
    payload     TEXT NOT NULL,
    enqueued_at REAL NOT NULL,
    deliveries  INTEGER NOT NULL DEFAULT 0,
    not_before  REAL NOT NULL,
    lease_owner TEXT,
    last_error  TEXT
);
CREATE INDEX IF NOT EXISTS events_ready ON events (lease_owner, not_before);
CREATE TABLE IF NOT EXISTS announced (
    bucket TEXT NOT NULL,
    key    TEXT NOT NULL,
    etag   TEXT NOT NULL,
    PRIMARY KEY (bucket, key)
);
"""


@dataclass(frozen=True)
class QueuedEvent:
    id: str
    payload: str
    enqueued_at: float
    deliveries: int  # including the one just taken
    last_error: str | None = None

    @property
    def request_id(self) -> str:
        """FC keeps one request id per async invocation across its retries."""
        return f"local-{self.id[:16]}"


@dataclass(frozen=True)
class QueueCounts:
    ready: int
    delayed: int
    in_flight: int
    dead_letters: int

    @property
    def pending(self) -> int:
        return self.ready + self.delayed + self.in_flight


class RunnerLockedError(RuntimeError):
    """Another runner process holds this data dir's lock."""


class EventQueue:
    def __init__(
        self,
        data_dir: str | Path,
        *,
        max_deliveries: int = 4,
        max_age_s: float = 86400.0,
        backoff_base_s: float = 1.0,
        backoff_cap_s: float = 30.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.data_dir = private_dir(Path(data_dir), tighten=False)
        self.path = private_file(self.data_dir / QUEUE_FILE)  # events name objects: owner-only (and -wal/-shm)
        self.dead_dir = self.data_dir / DEAD_LETTER_DIR
        self.max_deliveries = max(1, max_deliveries)
        self.max_age_s = max_age_s
        self.backoff_base_s = backoff_base_s
        self.backoff_cap_s = backoff_cap_s
        self.clock = clock
        self.owner = uuid.uuid4().hex
        self._local = threading.local()
        self._lock_handle: BinaryIO | None = None
        conn = self._conn()
        conn.execute("PRAGMA journal_mode=WAL")
        conn.executescript(_SCHEMA)

    # ------------------------------------------------------------------ plumbing

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout=30000")
            conn.execute("PRAGMA synchronous=FULL")
            self._local.conn = conn
        return conn

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
        self.release_lock()

    # ------------------------------------------------------------------ runner lock

    def acquire_lock(self) -> None:
        """Become this data dir's one runner; raises RunnerLockedError if another process is."""
        if self._lock_handle is not None:
            return
        handle = open(private_file(self.data_dir / LOCK_FILE), "a+b")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise RunnerLockedError(f"another runner is working on {self.data_dir}") from None
        self._lock_handle = handle

    def release_lock(self) -> None:
        if self._lock_handle is not None:
            fcntl.flock(self._lock_handle.fileno(), fcntl.LOCK_UN)
            self._lock_handle.close()
            self._lock_handle = None

    def runner_active(self) -> bool:
        """Whether some process (maybe this one) holds the runner lock."""
        if self._lock_handle is not None:
            return True
        with open(private_file(self.data_dir / LOCK_FILE), "a+b") as handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        return False

    # ------------------------------------------------------------------ producers

    def put(self, event: Any, *, event_id: str | None = None) -> str:
        """Enqueue one event (a dict, or its JSON text). With ``event_id``, putting the same id again
        while it is queued is a no-op (used by redrive)."""
        payload = event if isinstance(event, str) else json.dumps(event, ensure_ascii=False)
        eid = event_id or uuid.uuid4().hex
        now = self.clock()
        with self._transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO events (id, payload, enqueued_at, not_before) VALUES (?, ?, ?, ?)",
                (eid, payload, now, now),
            )
        return eid

    def announce(self, bucket: str, versions: list[tuple[str, str]], event: Any) -> str:
        """Record (key, etag) pairs as announced and enqueue their event, in one transaction."""
        payload = json.dumps(event, ensure_ascii=False)
        eid = uuid.uuid4().hex
        now = self.clock()
        with self._transaction() as conn:
            conn.executemany(
                "INSERT INTO announced (bucket, key, etag) VALUES (?, ?, ?) "
                "ON CONFLICT (bucket, key) DO UPDATE SET etag = excluded.etag",
                [(bucket, key, etag) for key, etag in versions],
            )
            conn.execute("INSERT INTO events (id, payload, enqueued_at, not_before) VALUES (?, ?, ?, ?)",
                         (eid, payload, now, now))
        return eid

    def announced(self, bucket: str) -> dict[str, str]:
        """key → etag of every object version announced in ``bucket``."""
        rows = self._conn().execute("SELECT key, etag FROM announced WHERE bucket = ?", (bucket,)).fetchall()
        return {key: etag for key, etag in rows}

    # ------------------------------------------------------------------ consumer

    def take(self) -> QueuedEvent | None:
        """Lease the oldest ready event to this runner and count the delivery; None if nothing is ready."""
        now = self.clock()
        with self._transaction() as conn:
            row = conn.execute(
                "SELECT id, payload, enqueued_at, deliveries, last_error FROM events "
                "WHERE lease_owner IS NULL AND not_before <= ? ORDER BY not_before, enqueued_at LIMIT 1",
                (now,),
            ).fetchone()
            if row is None:
                return None
            conn.execute("UPDATE events SET lease_owner = ?, deliveries = deliveries + 1 WHERE id = ?",
                         (self.owner, row[0]))
        return QueuedEvent(id=row[0], payload=row[1], enqueued_at=row[2], deliveries=row[3] + 1, last_error=row[4])

    def expired(self, event: QueuedEvent) -> bool:
        return self.clock() - event.enqueued_at > self.max_age_s

    def ack(self, event: QueuedEvent) -> None:
        """The invocation returned: the event is done."""
        with self._transaction() as conn:
            conn.execute("DELETE FROM events WHERE id = ? AND lease_owner = ?", (event.id, self.owner))

    def fail(self, event: QueuedEvent, error: str, *, response: Any = None, condition: str = "UnhandledInvocationError",
             rng: Callable[[], float] | None = None) -> str:
        """The invocation raised: schedule the next delivery or dead-letter the event. Returns
        ``"retry"`` or ``"dead-letter"``."""
        if event.deliveries >= self.max_deliveries or self.expired(event):
            cond = condition if event.deliveries >= self.max_deliveries else "EventExpired"
            self._dead_letter(event, error, response, cond)
            return "dead-letter"
        delay = self.backoff(event.deliveries, rng)
        with self._transaction() as conn:
            conn.execute(
                "UPDATE events SET lease_owner = NULL, not_before = ?, last_error = ? WHERE id = ? AND lease_owner = ?",
                (self.clock() + delay, error[:500], event.id, self.owner),
            )
        return "retry"

    def backoff(self, deliveries: int, rng: Callable[[], float] | None = None) -> float:
        """Delay before delivery ``deliveries + 1``: base · 2^(n-1), capped, with ±20 % jitter."""
        delay = min(self.backoff_cap_s, self.backoff_base_s * (2 ** max(0, deliveries - 1)))
        jitter = (rng or _random)()
        return max(0.0, delay * (0.8 + 0.4 * jitter))

    def recover(self) -> tuple[int, int]:
        """At runner start (lock held): events leased by a dead runner count as failed deliveries.
        Returns (rescheduled, dead-lettered)."""
        if self._lock_handle is None:
            raise RuntimeError("recover() needs the runner lock")
        rows = self._conn().execute(
            "SELECT id, payload, enqueued_at, deliveries, last_error FROM events WHERE lease_owner IS NOT NULL "
            "AND lease_owner != ?", (self.owner,),
        ).fetchall()
        again = dead = 0
        for eid, payload, enqueued_at, deliveries, _last in rows:
            with self._transaction() as conn:  # adopt it, then fail it like any other invocation
                conn.execute("UPDATE events SET lease_owner = ? WHERE id = ?", (self.owner, eid))
            event = QueuedEvent(id=eid, payload=payload, enqueued_at=enqueued_at, deliveries=deliveries)
            outcome = self.fail(event, "the runner stopped during this invocation (killed or crashed)",
                                condition="RunnerKilled")
            if outcome == "retry":
                again += 1
            else:
                dead += 1
        return again, dead

    # ------------------------------------------------------------------ dead letters

    def _dead_letter(self, event: QueuedEvent, error: str, response: Any, condition: str) -> None:
        """Write the dead-letter file (atomically, named by event id: idempotent), then drop the event."""
        private_dir(self.dead_dir)
        message = {
            "timestamp": int(self.clock()),
            "requestContext": {
                "requestId": event.request_id,
                "functionArn": FUNCTION_ARN,
                "condition": condition,
                "approximateInvokeCount": event.deliveries,
            },
            "requestPayload": event.payload,
            "responseContext": {"statusCode": 200, "functionError": condition},
            "responsePayload": json.dumps({"errorMessage": error[:2000], **({"result": response} if response else {})},
                                          ensure_ascii=False, default=str),
            "enqueuedAt": dt.datetime.fromtimestamp(event.enqueued_at, dt.timezone.utc).isoformat(),
        }
        target = self.dead_dir / f"{event.id}.json"
        tmp = self.dead_dir / f".{event.id}.{os.getpid()}.tmp"
        with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as handle:
            json.dump(message, handle, ensure_ascii=False, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
        with self._transaction() as conn:
            conn.execute("DELETE FROM events WHERE id = ?", (event.id,))

    def dead_letters(self) -> list[Path]:
        if not self.dead_dir.exists():
            return []
        return sorted(p for p in self.dead_dir.glob("*.json") if not p.name.startswith("."))

    # ------------------------------------------------------------------ inspection

    def counts(self) -> QueueCounts:
        now = self.clock()
        ready, delayed, in_flight = self._conn().execute(
            "SELECT "
            "COALESCE(SUM(lease_owner IS NULL AND not_before <= ?), 0), "
            "COALESCE(SUM(lease_owner IS NULL AND not_before > ?), 0), "
            "COALESCE(SUM(lease_owner IS NOT NULL), 0) FROM events", (now, now),
        ).fetchone()
        return QueueCounts(int(ready), int(delayed), int(in_flight), len(self.dead_letters()))

    def next_ready_in(self) -> float | None:
        """Seconds until the next delayed event becomes ready (0 if one is ready, None if none waits)."""
        row = self._conn().execute("SELECT MIN(not_before) FROM events WHERE lease_owner IS NULL").fetchone()
        if row is None or row[0] is None:
            return None
        return max(0.0, float(row[0]) - self.clock())


_rng_lock = threading.Lock()


def _random() -> float:
    import random

    with _rng_lock:
        return random.random()
