"""ResultStore over the official Tablestore SDK (``tablestore`` 6.4.8).

Table layout: one primary-key column ``id`` (STRING); the other columns are ``credrec.codec``'s flat
row (scalars as columns so ``status`` can be filtered, nested values as JSON strings).

Only the row operations the deployed RAM policy grants are used — ``ots:PutRow``, ``ots:GetRow``,
``ots:GetRange`` (``infra.policies.OTS_ROW_ACTIONS``; the contract tests hold the adapter to it):

* ``create``  = PutRow, ``EXPECT_NOT_EXIST``                            (condition failed → False)
* ``replace`` = PutRow, ``EXPECT_EXIST`` + ``owner == expected_owner``   (condition failed → False)
  (``expected_owner=None``: the stored row must have no ``owner`` column)
* ``get``     = GetRow
* Every request's connect + read timeouts come from the invocation's one deadline
  (``retry.call_timeouts`` through ``retry.current_deadline``), never more than the time left.
* ``due``     = GetRange on the global secondary index ``<table>_due`` (primary key ``due``, ``id``):
  each write puts ``due`` (``lease_until`` in epoch ms, INTEGER) only while the record is
  IN_PROGRESS, and a Tablestore index holds no row for a base row that lacks an index key column,
  so the index holds exactly the records in flight (a sparse index) and the sweeper reads the
  overdue ones from its start, never scanning the table. The index is eventually consistent (the
  sweeper re-reads every record before acting).
* ``list``    = GetRange over the whole table, forward, with a column filter on ``status``; the
  cursor is the urlsafe-Base64 of the next start key. A filtered range can come back short while
  more rows exist (the server stops after scanning a bounded amount), so ``list`` reads on, a few
  requests at most, before returning a short page with a cursor.

The SDK's retry policy is ``NoRetryPolicy`` and urllib3's own connection retries are switched off:
one layer — the pipeline — owns retries. The SDK's logger is silenced and raised to CRITICAL: at
the default level it renders every request's protobuf (row data included) for a debug line.
"""

from __future__ import annotations

import builtins
import logging
from typing import Any

from ..codec import decode_cursor, encode_cursor, from_row, to_row
from ..credentials import Credentials, CredentialsProvider
from ..errors import ConfigurationError, CredrecError, StoreError
from ..models import ListPage, Record, Status
from ..retry import call_timeouts
from ..settings import Settings
from . import _errors
from ._clients import ClientCache, split_endpoint

PK = "id"
DUE = "due"
MAX_LIMIT = 1000
SDK_LOGGER = "credrec.sdk.tablestore"


def _owner_condition(expected_owner: str | None) -> Any:
    from tablestore import ComparatorType, SingleColumnCondition

    if expected_owner is None:
        # absent owner: passes when the column is missing ("" is never stored as an owner)
        return SingleColumnCondition("owner", "", ComparatorType.EQUAL, pass_if_missing=True)
    return SingleColumnCondition("owner", expected_owner, ComparatorType.EQUAL, pass_if_missing=False)


class _BudgetedConnection:
    """The SDK's connection pool, with each request's connect/read timeouts drawn from the current
    invocation's deadline (``retry.call_timeouts``) instead of the client-wide socket timeout: the
    SDK has no per-call timeout, and one client serves every concurrent invocation of an instance."""

    def __init__(self, inner: Any, *, connect_s: float, read_s: float) -> None:
        self._inner = inner
        self._connect_s = connect_s
        self._read_s = read_s

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def send_receive(self, url: str, request_headers: Any, request_body: Any) -> tuple[Any, Any, dict[str, Any], Any]:
        import urllib3

        connect, read = call_timeouts(None, connect_s=self._connect_s, read_s=self._read_s)
        response = self._inner.pool.urlopen(
            "POST", self._inner.host + self._inner.path + url, body=request_body, headers=request_headers,
            redirect=False, assert_same_host=False, timeout=urllib3.Timeout(connect=connect, read=read),
        )
        return response.status, response.reason, dict(response.headers), response.data


def _sdk_logger() -> logging.Logger:
    logger = logging.getLogger(SDK_LOGGER)
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
    logger.propagate = False
    logger.setLevel(logging.CRITICAL)
    return logger


class TablestoreResultStore:
    """``ResultStore`` over ``tablestore.OTSClient``."""

    def __init__(self, settings: Settings, credentials: CredentialsProvider, *, max_range_requests: int = 8) -> None:
        if not settings.ots_endpoint or not settings.ots_instance:
            raise ConfigurationError("Tablestore endpoint and instance must be set", code="MISSING_STORE_SETTINGS")
        try:
            scheme, netloc = split_endpoint(settings.ots_endpoint)
        except ValueError as exc:
            raise ConfigurationError(f"invalid Tablestore endpoint: {exc}", code="INVALID_ENDPOINT") from exc
        self._endpoint = f"{scheme}://{netloc}"
        self._settings = settings
        self._table = settings.table
        self._credentials = credentials
        self._max_range_requests = max(1, max_range_requests)
        self._clients: ClientCache[Any] = ClientCache(self._build_client)

    # ------------------------------------------------------------------ client

    def _build_client(self, credentials: Credentials) -> Any:
        import urllib3
        from tablestore import OTSClient
        from tablestore.retry import NoRetryPolicy

        _sdk_logger()
        try:
            client = OTSClient(
                self._endpoint,
                credentials.access_key_id,
                credentials.access_key_secret,
                self._settings.ots_instance,
                sts_token=credentials.security_token or None,
                retry_policy=NoRetryPolicy(),
                socket_timeout=urllib3.Timeout(
                    connect=self._settings.connect_timeout_ms / 1000.0,
                    read=self._settings.read_timeout_ms / 1000.0,
                ),
                max_connection=32,
                logger_name=SDK_LOGGER,
                enable_native=False,  # same code path everywhere (the bundled .so targets CPython 3.12)
            )
        except Exception as exc:
            raise _errors.map_tablestore_error(exc, "NewClient") from exc
        # urllib3 would otherwise retry failed connections 3 times underneath the SDK
        pool = getattr(getattr(client, "connection", None), "pool", None)
        if pool is not None and hasattr(pool, "connection_pool_kw"):
            pool.connection_pool_kw["retries"] = False
        if pool is not None and hasattr(client.connection, "host"):
            client.connection = _BudgetedConnection(
                client.connection, connect_s=self._settings.connect_timeout_ms / 1000.0,
                read_s=self._settings.read_timeout_ms / 1000.0)
        return client

    def _client(self) -> Any:
        return self._clients.get(self._credentials.get())

    def _call(self, operation: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except CredrecError:
            raise
        except Exception as exc:
            raise _errors.map_tablestore_error(exc, operation) from exc

    # ------------------------------------------------------------------ writes

    def _conditional_put(self, operation: str, record: Record, condition: Any) -> bool:
        from tablestore import OTSServiceError, Row

        values = to_row(record)
        if record.status is Status.IN_PROGRESS:
            values[DUE] = int(record.lease_until * 1000)
        columns = sorted(values.items())
        row = Row([(PK, record.id)], columns)
        client = self._client()
        try:
            client.put_row(self._table, row, condition)
        except OTSServiceError as exc:
            if exc.get_error_code() == "OTSConditionCheckFail":
                return False
            raise _errors.map_tablestore_error(exc, operation) from exc
        except CredrecError:
            raise
        except Exception as exc:
            raise _errors.map_tablestore_error(exc, operation) from exc
        return True

    def create(self, record: Record) -> bool:
        from tablestore import Condition, RowExistenceExpectation

        return self._conditional_put("PutRow", record, Condition(RowExistenceExpectation.EXPECT_NOT_EXIST))

    def replace(self, record: Record, *, expected_owner: str | None) -> bool:
        from tablestore import Condition, RowExistenceExpectation

        return self._conditional_put("PutRow", record,
                                     Condition(RowExistenceExpectation.EXPECT_EXIST, _owner_condition(expected_owner)))

    def replace_review(self, record: Record, *, expected_owner: str | None, expected_rev: int) -> bool:
        from tablestore import (
            ComparatorType,
            CompositeColumnCondition,
            Condition,
            LogicalOperator,
            RowExistenceExpectation,
            SingleColumnCondition,
        )

        both = CompositeColumnCondition(LogicalOperator.AND)
        both.add_sub_condition(_owner_condition(expected_owner))
        # rows written before reviews existed have no review_rev column: they count as revision 0
        both.add_sub_condition(SingleColumnCondition("review_rev", int(expected_rev), ComparatorType.EQUAL,
                                                     pass_if_missing=expected_rev == 0))
        return self._conditional_put("PutRow", record, Condition(RowExistenceExpectation.EXPECT_EXIST, both))

    # ------------------------------------------------------------------ reads

    def _record(self, row: Any) -> Record:
        pk = dict((c[0], c[1]) for c in row.primary_key)
        columns = {c[0]: c[1] for c in row.attribute_columns}
        record_id = pk.get(PK)
        try:
            return from_row(str(record_id), columns)
        except Exception as exc:  # pydantic ValidationError, JSON errors: a row we cannot read
            raise StoreError(f"Tablestore row {record_id!r} cannot be read as a record: {type(exc).__name__}",
                             code="STORE_CORRUPT_ROW") from exc

    def get(self, record_id: str) -> Record | None:
        client = self._client()
        _, row, _ = self._call("GetRow", client.get_row, self._table, [(PK, record_id)], max_version=1)
        if row is None or not row.primary_key:
            return None
        return self._record(row)

    def due(self, *, before: float, limit: int = 100) -> builtins.list[str]:
        from tablestore import INF_MIN, Direction

        client = self._client()
        _, _, rows, _ = self._call(
            "GetRange", client.get_range, self._settings.due_index, Direction.FORWARD,
            [(DUE, INF_MIN), (PK, INF_MIN)], [(DUE, int(before * 1000)), (PK, INF_MIN)],
            limit=max(1, min(int(limit), MAX_LIMIT)), max_version=1,
        )
        out: builtins.list[str] = []
        for row in rows or []:
            record_id = dict((c[0], c[1]) for c in row.primary_key).get(PK)
            if isinstance(record_id, str):
                out.append(record_id)
        return out[: max(1, int(limit))]

    def list(self, *, status: Status | None = None, limit: int = 50, cursor: str | None = None) -> ListPage:
        from tablestore import INF_MAX, INF_MIN, ComparatorType, Direction, SingleColumnCondition

        limit = max(1, min(int(limit), MAX_LIMIT))
        start_id: Any = decode_cursor(cursor) if cursor else INF_MIN
        column_filter = None
        if status is not None:
            value = status.value if isinstance(status, Status) else str(status)
            column_filter = SingleColumnCondition("status", value, ComparatorType.EQUAL, pass_if_missing=False)

        client = self._client()
        records: list[Record] = []
        next_start: Any = start_id
        for _ in range(self._max_range_requests):
            wanted = limit - len(records)
            _, next_pk, rows, _ = self._call(
                "GetRange", client.get_range, self._table, Direction.FORWARD,
                [(PK, next_start)], [(PK, INF_MAX)],
                limit=wanted, column_filter=column_filter, max_version=1,
            )
            rows = list(rows or [])
            if len(rows) > wanted:  # never trust a server to honour limit
                next_pk = rows[wanted].primary_key
                rows = rows[:wanted]
            records.extend(self._record(r) for r in rows)
            next_start = dict((c[0], c[1]) for c in next_pk).get(PK) if next_pk else None
            if next_start is None or len(records) >= limit:
                break
        return ListPage(records=records, cursor=encode_cursor(next_start) if next_start is not None else None)
