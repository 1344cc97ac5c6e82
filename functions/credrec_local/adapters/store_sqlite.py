"""ResultStore over sqlite3: the same claim / complete / release semantics as Tablestore.

One row per record: ``id`` (primary key), ``status`` and ``owner`` as real columns (the conditional
write compares ``owner``; listing filters on ``status``), ``due`` (= ``lease_until`` while the record
is IN_PROGRESS, NULL otherwise: the sweeper's index, so finding overdue records never scans the
table), the rest as the shared codec's JSON. Each
primitive is a single SQL statement, so it is atomic across threads and processes (WAL mode, busy
timeout). Safe for several workers on one machine; not a network database.
"""

from __future__ import annotations

import builtins
import json
import sqlite3
import threading
import time
from pathlib import Path

from credrec.codec import decode_cursor, encode_cursor, from_row, to_row
from credrec.errors import StoreError, StoreUnavailableError
from credrec.models import ListPage, Record, Status
from credrec_local.runtime.private_files import private_dir, private_file

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    id     TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    owner  TEXT,
    row    TEXT NOT NULL,
    due    REAL
);
CREATE INDEX IF NOT EXISTS records_status ON records (status, id);
"""
_DUE_INDEX = "CREATE INDEX IF NOT EXISTS records_due ON records (due, id) WHERE due IS NOT NULL"


def _translate(exc: sqlite3.Error) -> Exception:
    text = str(exc).lower()
    if isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
        return StoreUnavailableError("the local database is busy", code="STORE_BUSY")
    return StoreError(f"local database error: {type(exc).__name__}")


class SqliteResultStore:
    def __init__(self, path: str | Path, *, busy_timeout_s: float = 10.0) -> None:
        self.path = Path(path)
        private_dir(self.path.parent, tighten=False)  # the data dir
        private_file(self.path)  # names and addresses: owner-only (sqlite gives -wal/-shm the same mode)
        self._timeout = busy_timeout_s
        self._local = threading.local()
        # Several processes or threads opening a fresh file at once: sqlite answers the switch to WAL with
        # SQLITE_BUSY without calling the busy handler, so the set-up is retried within the busy timeout.
        deadline = time.monotonic() + busy_timeout_s
        while True:
            try:
                self._set_up(self._conn())
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc).lower() or time.monotonic() >= deadline:
                    raise _translate(exc) from exc
                time.sleep(0.01)

    @staticmethod
    def _set_up(conn: sqlite3.Connection) -> None:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.executescript(_SCHEMA)
        columns = {row[1] for row in conn.execute("PRAGMA table_info(records)")}
        if "due" not in columns:  # a database from before the sweeper
            conn.execute("ALTER TABLE records ADD COLUMN due REAL")
            conn.execute("UPDATE records SET due = 0 WHERE status = 'IN_PROGRESS'")
        conn.execute(_DUE_INDEX)

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=self._timeout, isolation_level=None, check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout={int(self._timeout * 1000)}")
            self._local.conn = conn
        return conn

    def _execute(self, sql: str, params: tuple) -> sqlite3.Cursor:
        try:
            return self._conn().execute(sql, params)
        except sqlite3.Error as exc:
            raise _translate(exc) from exc

    @staticmethod
    def _row(record: Record) -> str:
        return json.dumps(to_row(record), ensure_ascii=False, separators=(",", ":"))

    # --- ResultStore -------------------------------------------------------------------

    def create(self, record: Record) -> bool:
        cur = self._execute(
            "INSERT OR IGNORE INTO records (id, status, owner, row, due) VALUES (?, ?, ?, ?, ?)",
            (record.id, record.status.value, record.owner, self._row(record), _due(record)),
        )
        return cur.rowcount == 1

    def replace(self, record: Record, *, expected_owner: str | None) -> bool:
        cur = self._execute(
            "UPDATE records SET status = ?, owner = ?, row = ?, due = ? WHERE id = ? AND owner IS ?",
            (record.status.value, record.owner, self._row(record), _due(record), record.id, expected_owner),
        )
        return cur.rowcount == 1

    def due(self, *, before: float, limit: int = 100) -> builtins.list[str]:
        rows = self._execute(
            "SELECT id FROM records WHERE due IS NOT NULL AND due < ? ORDER BY due, id LIMIT ?",
            (before, max(1, int(limit))),
        ).fetchall()
        return [row[0] for row in rows]

    def replace_review(self, record: Record, *, expected_owner: str | None, expected_rev: int) -> bool:
        # review_rev lives in the JSON row (rows written before reviews existed have none: 0)
        cur = self._execute(
            "UPDATE records SET status = ?, owner = ?, row = ?, due = ? WHERE id = ? AND owner IS ? "
            "AND COALESCE(json_extract(row, '$.review_rev'), 0) = ?",
            (record.status.value, record.owner, self._row(record), _due(record), record.id, expected_owner,
             expected_rev),
        )
        return cur.rowcount == 1

    def get(self, record_id: str) -> Record | None:
        found = self._execute("SELECT row FROM records WHERE id = ?", (record_id,)).fetchone()
        return _record(record_id, found[0]) if found else None

    def list(self, *, status: Status | None = None, limit: int = 50, cursor: str | None = None) -> ListPage:
        start = decode_cursor(cursor) if cursor else ""
        if status is None:
            rows = self._execute(
                "SELECT id, row FROM records WHERE id >= ? ORDER BY id LIMIT ?", (start, limit + 1)
            ).fetchall()
        else:
            rows = self._execute(
                "SELECT id, row FROM records WHERE status = ? AND id >= ? ORDER BY id LIMIT ?",
                (status.value, start, limit + 1),
            ).fetchall()
        records = [_record(rid, raw) for rid, raw in rows[:limit]]
        next_cursor = encode_cursor(rows[limit][0]) if len(rows) > limit else None  # the next page's first id
        return ListPage(records=records, cursor=next_cursor)

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


def _due(record: Record) -> float | None:
    return record.lease_until if record.status is Status.IN_PROGRESS else None


def _record(record_id: str, raw: str) -> Record:
    """A stored row as a Record; a row that cannot be read is a StoreError, as with Tablestore."""
    try:
        return from_row(record_id, json.loads(raw))
    except Exception as exc:  # pydantic ValidationError, JSON errors: never let them escape raw
        raise StoreError(f"stored row {record_id!r} cannot be read as a record: {type(exc).__name__}",
                         code="STORE_CORRUPT_ROW") from exc
