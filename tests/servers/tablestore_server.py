"""A protocol-level Tablestore server for tests: the real ``tablestore.OTSClient`` talks to it unchanged.

Wire protocol (API version 2015-12-31): ``POST /<Api>``, protobuf bodies from the SDK's own
``table_store_pb2``, rows inside them in PlainBuffer. Implemented APIs: PutRow, GetRow, UpdateRow,
GetRange, with row-existence expectations (IGNORE / EXPECT_EXIST / EXPECT_NOT_EXIST) and single /
composite column conditions and filters.

Requests are authenticated like the service does it: ``x-ots-*`` headers present, API version,
instance name, body MD5, date within 15 minutes, known AccessKeyId, STS token when the key is
temporary, and the V2 (HMAC-SHA1) or V4 (derived HMAC-SHA256 key) signature. Answers carry what
the client verifies — ``x-ots-contentmd5``, ``x-ots-requestid``, ``x-ots-date``,
``x-ots-contenttype`` and an ``authorization`` header signed with the caller's key. Errors are
protobuf ``Error{code,message}`` bodies with HTTP statuses as documented (condition failure 403
``OTSConditionCheckFail``; auth 403 ``OTSAuthFailed``; busy 503; missing table 404 …).

``allowed_apis`` models the RAM policy: anything else answers 403 ``OTSNoPermissionAccess``.
``faults`` injects failures (e.g. the next N requests answer ``OTSServerBusy`` 503, drop the
connection, or answer an HTML 502 from a "proxy"). ``calls`` records (api, status) per request.

Global secondary indexes (``indexes={name: (base_table, [index pk columns])}``) are kept in step
with every write of the base table, sparse as the service documents it: a base row lacking one of
the index's key columns has no index row. They are read with GetRange under the index's name.

Not implemented: multiple versions per column (one version kept), time ranges, wide-row tokens,
batch APIs, transactions, search indexes, table DDL (tables are declared in the constructor),
4 MB response limits (``range_scan_limit`` models the bounded scan instead).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from tablestore.protobuf import table_store_pb2 as pb2

from . import ots_codec as codec
from ._base import DROP, Clock, Fault, FaultPlan, LoopbackServer, Request, Response

API_VERSION = "2015-12-31"
ROW_APIS = ("PutRow", "GetRow", "UpdateRow", "GetRange")
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S.000Z"
MAX_SKEW_S = 15 * 60

# HTTP status per error code (what the service documents / the SDK expects)
STATUS = {
    "OTSConditionCheckFail": 403,
    "OTSAuthFailed": 403,
    "OTSNoPermissionAccess": 403,
    "OTSParameterInvalid": 400,
    "OTSObjectNotExist": 404,
    "OTSServerBusy": 503,
    "OTSPartitionUnavailable": 503,
    "OTSTimeout": 503,
    "OTSInternalServerError": 500,
    "OTSQuotaExhausted": 403,
    "OTSNotEnoughCapacityUnit": 403,
    "OTSRowOperationConflict": 409,
    "OTSTableNotReady": 404,
}


class OtsError(Exception):
    def __init__(self, code: str, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.code, self.message = code, message
        self.status = status or STATUS.get(code, 400)


class _Table:
    def __init__(self, pk_names: list[str]) -> None:
        self.pk_names = pk_names
        self.rows: dict[tuple, dict[str, tuple[Any, int]]] = {}


class _Index:
    """A global secondary index: its own rows keyed by the index columns, following the base table."""

    def __init__(self, base: str, table: _Table) -> None:
        self.base = base
        self.table = table
        self.by_base: dict[tuple, tuple] = {}  # base key -> index key

    def follow(self, base_table: _Table, base_key: tuple, stored: dict[str, tuple[Any, int]] | None) -> None:
        old = self.by_base.pop(base_key, None)
        if old is not None:
            self.table.rows.pop(old, None)
        if stored is None:
            return
        base_pk = dict(_pk_from_key(base_table, base_key))
        values: list[Any] = []
        for name in self.table.pk_names:
            if name in base_pk:
                values.append(base_pk[name])
            elif name in stored:
                values.append(stored[name][0])
            else:
                return  # sparse: no index row without every index key column
        key = _pk_key(values)
        self.table.rows[key] = {}
        self.by_base[base_key] = key


def _pk_key(values: list[Any]) -> tuple:
    key = []
    for v in values:
        if v is codec.INF_MIN:
            key.append((0,))
        elif v is codec.INF_MAX:
            key.append((2,))
        elif isinstance(v, int) and not isinstance(v, bool):
            key.append((1, 0, v))
        elif isinstance(v, str):
            key.append((1, 1, v.encode("utf-8")))
        elif isinstance(v, (bytes, bytearray)):
            key.append((1, 2, bytes(v)))
        else:
            raise OtsError("OTSParameterInvalid", f"unsupported primary key value {v!r}")
    return tuple(key)


class TablestoreApp:
    """The service behind the server. Thread-safe: every request runs under one lock."""

    def __init__(
        self,
        *,
        credentials: Mapping[str, str],
        sts_tokens: Mapping[str, str] | None = None,
        instance: str = "credrec",
        tables: Mapping[str, list[str]] | None = None,
        indexes: Mapping[str, tuple[str, list[str]]] | None = None,
        allowed_apis: tuple[str, ...] | None = ROW_APIS,
        range_scan_limit: int = 5000,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.credentials = dict(credentials)
        self.sts_tokens = dict(sts_tokens or {})
        self.instance = instance
        self.tables = {name: _Table(list(pks)) for name, pks in (tables or {"credrec_records": ["id"]}).items()}
        self.indexes: dict[str, _Index] = {}
        for name, (base, pks) in (indexes or {}).items():
            self.indexes[name] = _Index(base, _Table(list(pks)))
            self.tables[name] = self.indexes[name].table
        self.allowed_apis = allowed_apis
        self.range_scan_limit = range_scan_limit
        self.clock = clock or Clock()
        self.faults = FaultPlan()
        self.calls: list[tuple[str, int]] = []
        self._lock = threading.RLock()

    # ------------------------------------------------------------------ helpers for tests

    def inject(self, code: str = "OTSServerBusy", *, count: int = 1, api: str | None = None,
               status: int | None = None, message: str = "injected fault") -> None:
        self.faults.add(Fault("error", count=count, match=(lambda n: n == api) if api else None,
                              status=status or STATUS.get(code, 503), code=code, message=message))

    def inject_fault(self, fault: Fault) -> None:
        self.faults.add(fault)

    def row(self, table: str, pk: tuple) -> dict[str, Any] | None:
        with self._lock:
            stored = self.tables[table].rows.get(_pk_key(list(pk)))
            return None if stored is None else {k: v for k, (v, _) in stored.items()}

    def apis_called(self) -> set[str]:
        with self._lock:
            return {api for api, _ in self.calls}

    # ------------------------------------------------------------------ HTTP

    def handle(self, request: Request) -> Response | object:
        api = request.path.split("?", 1)[0].lstrip("/")
        headers = {k.lower(): v for k, v in request.headers.items()}
        signing_key: bytes | None = None
        try:
            if request.method != "POST":
                raise OtsError("OTSMethodNotAllowed", "Only POST is supported.", 405)
            signing_key = self._authenticate(api, headers, request.body)
            fault = self.faults.take(api)
            if fault is not None:
                if fault.kind == "drop":
                    self._record(api, 0)
                    return DROP
                if fault.kind == "raw":
                    self._record(api, fault.status)
                    return Response(fault.status, [("Content-Type", fault.content_type)], fault.body)
                if fault.kind == "delay":
                    time.sleep(fault.delay_s)
                else:
                    raise OtsError(fault.code, fault.message, fault.status)
            if self.allowed_apis is not None and api not in self.allowed_apis:
                raise OtsError("OTSNoPermissionAccess", f"You have no permission to access the requested "
                                                        f"resource, please contact the resource owner. (ots:{api})")
            handler = getattr(self, f"_api_{api}", None)
            if handler is None:
                raise OtsError("OTSUnsupportOperation", f"Unsupported operation: '{api}'.", 400)
            with self._lock:
                message = handler(request.body)
            body = message.SerializeToString()
            self._record(api, 200)
            return self._answer(200, api, body, signing_key, headers)
        except OtsError as err:
            self._record(api, err.status)
            body = pb2.Error(code=err.code, message=err.message).SerializeToString()
            key = None if err.code == "OTSAuthFailed" else signing_key
            return self._answer(err.status, api, body, key, headers)

    def _record(self, api: str, status: int) -> None:
        with self._lock:
            self.calls.append((api, status))

    def _answer(self, status: int, api: str, body: bytes, signing_key: bytes | None,
                request_headers: dict[str, str]) -> Response:
        ots = {
            "x-ots-contentmd5": base64.b64encode(hashlib.md5(body, usedforsecurity=False).digest()).decode(),
            "x-ots-requestid": uuid.uuid4().hex,
            "x-ots-date": dt.datetime.fromtimestamp(self.clock(), dt.timezone.utc).strftime(DATE_FORMAT),
            "x-ots-contenttype": "protocol buffer",
        }
        headers = list(ots.items())
        if signing_key is not None:
            text = "\n".join(sorted(f"{k}:{v.strip()}" for k, v in ots.items())) + "\n/" + api
            sig = base64.b64encode(hmac.new(signing_key, text.encode(), hashlib.sha1).digest()).decode()
            headers.append(("authorization", f"OTS {request_headers.get('x-ots-accesskeyid', '')}:{sig}"))
        headers.append(("Content-Type", "application/x-protobuf"))
        return Response(status, headers, body)

    # ------------------------------------------------------------------ authentication

    def _authenticate(self, api: str, headers: dict[str, str], body: bytes) -> bytes:
        for name in ("x-ots-date", "x-ots-apiversion", "x-ots-accesskeyid", "x-ots-instancename",
                     "x-ots-contentmd5"):
            if name not in headers:
                raise OtsError("OTSParameterInvalid", f"Missing header: '{name}'.", 400)
        if headers["x-ots-apiversion"] != API_VERSION:
            raise OtsError("OTSParameterInvalid", "Unsupported API version.", 400)
        if headers["x-ots-instancename"] != self.instance:
            raise OtsError("OTSAuthFailed", "The instance is not found.")
        if base64.b64encode(hashlib.md5(body, usedforsecurity=False).digest()).decode() != headers["x-ots-contentmd5"]:
            raise OtsError("OTSAuthFailed", "Mismatch between MD5 value of request body and x-ots-contentmd5 in header.")
        try:
            sent = dt.datetime.strptime(headers["x-ots-date"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc)
        except ValueError:
            raise OtsError("OTSParameterInvalid", "Invalid date format: x-ots-date.", 400) from None
        if abs(sent.timestamp() - self.clock()) > MAX_SKEW_S:
            raise OtsError("OTSAuthFailed", "Mismatch between system time and x-ots-date.")
        ak = headers["x-ots-accesskeyid"]
        secret = self.credentials.get(ak)
        if secret is None:
            raise OtsError("OTSAuthFailed", "The AccessKeyID does not exist or is disabled.")
        token = headers.get("x-ots-ststoken")
        if ak in self.sts_tokens:
            if token != self.sts_tokens[ak]:
                raise OtsError("OTSAuthFailed", "The security token is invalid or has expired.")
        elif token is not None:
            raise OtsError("OTSAuthFailed", "A security token was sent with a permanent AccessKey.")

        signed = {k: v for k, v in headers.items()
                  if k.startswith("x-ots-") and k not in ("x-ots-signature", "x-ots-signaturev4")}
        canonical = f"/{api}\nPOST\n\n" + "\n".join(sorted(f"{k}:{v.strip()}" for k, v in signed.items())) + "\n"
        if "x-ots-signaturev4" in headers:
            date, region = headers.get("x-ots-signdate"), headers.get("x-ots-signregion")
            if not date or not region:
                raise OtsError("OTSParameterInvalid", "Missing x-ots-signdate or x-ots-signregion.", 400)
            key: bytes = ("aliyun_v4" + secret).encode()
            for part in (date, region, "ots", "aliyun_v4_request"):
                key = hmac.new(key, part.encode(), hashlib.sha256).digest()
            signing_key = base64.b64encode(key)
            expected = base64.b64encode(
                hmac.new(signing_key, (canonical + "ots").encode(), hashlib.sha256).digest()).decode()
            given = headers["x-ots-signaturev4"]
        elif "x-ots-signature" in headers:
            signing_key = secret.encode()
            expected = base64.b64encode(hmac.new(signing_key, canonical.encode(), hashlib.sha1).digest()).decode()
            given = headers["x-ots-signature"]
        else:
            raise OtsError("OTSParameterInvalid", "Missing header: 'x-ots-signature'.", 400)
        if not hmac.compare_digest(expected, given):
            raise OtsError("OTSAuthFailed", "Signature mismatch.")
        return signing_key

    # ------------------------------------------------------------------ rows

    def _follow(self, name: str, table: _Table, key: tuple) -> None:
        for index in self.indexes.values():
            if index.base == name:
                index.follow(table, key, table.rows.get(key))

    def _table(self, name: str) -> _Table:
        table = self.tables.get(name)
        if table is None:
            raise OtsError("OTSObjectNotExist", "Requested table does not exist.")
        return table

    @staticmethod
    def _decode(data: bytes) -> codec.DecodedRow:
        try:
            return codec.decode_row(data)
        except codec.DecodeError as exc:
            raise OtsError("OTSParameterInvalid", f"Invalid PlainBuffer row: {exc}.", 400) from exc

    def _check_pk(self, table: _Table, pk: list[tuple[str, Any]], *, bounds: bool = False) -> tuple:
        if [name for name, _ in pk] != table.pk_names:
            raise OtsError("OTSParameterInvalid", "Validate PK name fail. Input: "
                           f"{[n for n, _ in pk]}, Meta: {table.pk_names}.")
        values = [v for _, v in pk]
        if not bounds and any(isinstance(v, codec._Sentinel) for v in values):
            raise OtsError("OTSParameterInvalid", "INF_MIN/INF_MAX are only allowed in range bounds.")
        return _pk_key(values)

    def _filter(self, data: bytes) -> codec.ColumnFilter | None:
        if not data:
            return None
        try:
            return codec.parse_filter(data)
        except (codec.DecodeError, Exception) as exc:
            raise OtsError("OTSParameterInvalid", f"Invalid filter: {exc}.", 400) from exc

    def _check_condition(self, table: _Table, key: tuple, condition: pb2.Condition) -> None:
        stored = table.rows.get(key)
        if condition.row_existence == pb2.EXPECT_EXIST and stored is None:
            raise OtsError("OTSConditionCheckFail", "Condition check failed.")
        if condition.row_existence == pb2.EXPECT_NOT_EXIST and stored is not None:
            raise OtsError("OTSConditionCheckFail", "Condition check failed.")
        if condition.HasField("column_condition") and condition.column_condition:
            column_filter = self._filter(condition.column_condition)
            columns = {k: v for k, (v, _) in (stored or {}).items()}
            if column_filter is not None and not column_filter.passes(columns):
                raise OtsError("OTSConditionCheckFail", "Condition check failed.")

    def _now_ms(self) -> int:
        return int(self.clock() * 1000)

    @staticmethod
    def _return_row(request: Any, pk: list[tuple[str, Any]]) -> bytes:
        if request.HasField("return_content") and request.return_content.return_type == pb2.RT_PK:
            return codec.encode_primary_key(pk)
        return b""

    def _api_PutRow(self, body: bytes) -> pb2.PutRowResponse:
        request = pb2.PutRowRequest()
        request.ParseFromString(body)
        if request.table_name in self.indexes:
            raise OtsError("OTSParameterInvalid", "Index tables cannot be written directly.", 400)
        table = self._table(request.table_name)
        row = self._decode(request.row)
        key = self._check_pk(table, row.primary_key)
        self._check_condition(table, key, request.condition)
        now = self._now_ms()
        stored: dict[str, tuple[Any, int]] = {}
        for cell in row.cells:
            if cell.op is not None or not cell.has_value:
                raise OtsError("OTSParameterInvalid", "PutRow cells must be plain puts.", 400)
            stored[cell.name] = (cell.value, cell.timestamp if cell.timestamp is not None else now)
        table.rows[key] = stored
        self._follow(request.table_name, table, key)
        return pb2.PutRowResponse(consumed=_consumed(write=1), row=self._return_row(request, row.primary_key))

    def _api_UpdateRow(self, body: bytes) -> pb2.UpdateRowResponse:
        request = pb2.UpdateRowRequest()
        request.ParseFromString(body)
        if request.table_name in self.indexes:
            raise OtsError("OTSParameterInvalid", "Index tables cannot be written directly.", 400)
        table = self._table(request.table_name)
        row = self._decode(request.row_change)
        key = self._check_pk(table, row.primary_key)
        self._check_condition(table, key, request.condition)
        now = self._now_ms()
        stored = dict(table.rows.get(key) or {})
        for cell in row.cells:
            if cell.op is None:
                stored[cell.name] = (cell.value, cell.timestamp if cell.timestamp is not None else now)
            elif cell.op == codec.OP_DELETE_ALL:
                stored.pop(cell.name, None)
            elif cell.op == codec.OP_DELETE_ONE:
                if cell.name in stored and (cell.timestamp is None or stored[cell.name][1] == cell.timestamp):
                    stored.pop(cell.name)
            elif cell.op == codec.OP_INCREMENT:
                current = stored.get(cell.name, (0, now))[0]
                if not isinstance(current, int) or isinstance(current, bool) or not isinstance(cell.value, int):
                    raise OtsError("OTSParameterInvalid", "Increment needs INTEGER values.", 400)
                stored[cell.name] = (current + cell.value, now)
            else:
                raise OtsError("OTSParameterInvalid", f"Unknown cell operation {cell.op}.", 400)
        table.rows[key] = stored
        self._follow(request.table_name, table, key)
        return pb2.UpdateRowResponse(consumed=_consumed(write=1), row=self._return_row(request, row.primary_key))

    @staticmethod
    def _columns(stored: dict[str, tuple[Any, int]], wanted: list[str]) -> list[tuple[str, Any, int]]:
        names = sorted(stored) if not wanted else [n for n in wanted if n in stored]
        return [(n, stored[n][0], stored[n][1]) for n in names]

    def _api_GetRow(self, body: bytes) -> pb2.GetRowResponse:
        request = pb2.GetRowRequest()
        request.ParseFromString(body)
        table = self._table(request.table_name)
        decoded = self._decode(request.primary_key)
        key = self._check_pk(table, decoded.primary_key)
        column_filter = self._filter(request.filter) if request.HasField("filter") else None
        stored = table.rows.get(key)
        row = b""  # proto2: ``row`` is required — empty bytes when there is none
        if stored is not None:
            values = {k: v for k, (v, _) in stored.items()}
            if column_filter is None or column_filter.passes(values):
                columns = self._columns(stored, list(request.columns_to_get))
                if columns or not request.columns_to_get:
                    row = codec.encode_row(decoded.primary_key, columns)
        return pb2.GetRowResponse(consumed=_consumed(read=1), row=row)

    def _api_GetRange(self, body: bytes) -> pb2.GetRangeResponse:
        request = pb2.GetRangeRequest()
        request.ParseFromString(body)
        table = self._table(request.table_name)
        start = self._decode(request.inclusive_start_primary_key)
        end = self._decode(request.exclusive_end_primary_key)
        start_key = self._check_pk(table, start.primary_key, bounds=True)
        end_key = self._check_pk(table, end.primary_key, bounds=True)
        column_filter = self._filter(request.filter) if request.HasField("filter") else None
        forward = request.direction == pb2.FORWARD
        if forward:
            if start_key > end_key:
                raise OtsError("OTSParameterInvalid", "Begin key must less than end key in FORWARD.")
            keys = sorted(k for k in table.rows if start_key <= k < end_key)
        else:
            if start_key < end_key:
                raise OtsError("OTSParameterInvalid", "Begin key must more than end key in BACKWARD.")
            keys = sorted((k for k in table.rows if end_key < k <= start_key), reverse=True)
        limit = request.limit if request.HasField("limit") and request.limit > 0 else 5000
        if request.HasField("limit") and request.limit <= 0:
            raise OtsError("OTSParameterInvalid", "The limit must be greater than 0.")
        out: list[tuple[list[tuple[str, Any]], list[tuple[str, Any, int]]]] = []
        next_key: tuple | None = None
        for scanned, key in enumerate(keys, start=1):
            stored = table.rows[key]
            values = {k: v for k, (v, _) in stored.items()}
            if column_filter is None or column_filter.passes(values):
                out.append((_pk_from_key(table, key), self._columns(stored, list(request.columns_to_get))))
            if (len(out) >= limit or scanned >= self.range_scan_limit) and scanned < len(keys):
                next_key = keys[scanned]
                break
        response = pb2.GetRangeResponse(consumed=_consumed(read=max(1, len(out))), rows=codec.encode_rows(out))
        if next_key is not None:
            response.next_start_primary_key = codec.encode_primary_key(_pk_from_key(table, next_key))
        return response


def _pk_from_key(table: _Table, key: tuple) -> list[tuple[str, Any]]:
    values: list[Any] = []
    for part in key:
        kind, value = part[1], part[2]
        values.append(value if kind == 0 else value.decode("utf-8") if kind == 1 else bytearray(value))
    return list(zip(table.pk_names, values, strict=True))


def _consumed(read: int = 0, write: int = 0) -> pb2.ConsumedCapacity:
    return pb2.ConsumedCapacity(capacity_unit=pb2.CapacityUnit(read=read, write=write))


class TablestoreServer(LoopbackServer):
    """``TablestoreApp`` on a loopback port; ``endpoint`` is what ``OTSClient`` takes."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(TablestoreApp(**kwargs))

    @property
    def service(self) -> TablestoreApp:
        return self.app  # type: ignore[return-value]

    @property
    def endpoint(self) -> str:
        return self.url
