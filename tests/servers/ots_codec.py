"""Server-side Tablestore codecs: PlainBuffer rows and protobuf column filters.

Encoding answers reuses the SDK's own ``PlainBufferBuilder`` (what the real service sends is what
the SDK decodes). Decoding requests needs more than the SDK's reader offers — it cannot read
``INF_MIN``/``INF_MAX`` keys (GetRange bounds) nor update cells (``TAG_CELL_TYPE`` makes it raise a
``NameError``) — so the decoder below is written from the writer's layout, with every cell and row
checksum verified with the SDK's ``PlainBufferCrc8``.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Any

from tablestore.plainbuffer.plain_buffer_crc8 import PlainBufferCrc8 as Crc
from tablestore.protobuf import table_store_filter_pb2 as filter_pb2

HEADER = 0x75
TAG_ROW_PK, TAG_ROW_DATA, TAG_CELL, TAG_CELL_NAME, TAG_CELL_VALUE = 1, 2, 3, 4, 5
TAG_CELL_TYPE, TAG_CELL_TIMESTAMP, TAG_DELETE_ROW_MARKER, TAG_ROW_CHECKSUM, TAG_CELL_CHECKSUM = 6, 7, 8, 9, 10
VT_INTEGER, VT_DOUBLE, VT_BOOLEAN, VT_STRING, VT_NULL, VT_BLOB = 0, 1, 2, 3, 6, 7
VT_INF_MIN, VT_INF_MAX, VT_AUTO_INCREMENT = 9, 10, 11
OP_DELETE_ALL, OP_DELETE_ONE, OP_INCREMENT = 1, 3, 4


class DecodeError(ValueError):
    pass


class _Sentinel:
    def __init__(self, name: str, rank: int) -> None:
        self.name, self.rank = name, rank

    def __repr__(self) -> str:
        return self.name


INF_MIN = _Sentinel("INF_MIN", 0)
INF_MAX = _Sentinel("INF_MAX", 2)
AUTO_INCREMENT = _Sentinel("AUTO_INCREMENT", 1)


@dataclass
class Cell:
    name: str
    value: Any = None
    has_value: bool = False
    op: int | None = None  # None = put; OP_DELETE_ONE / OP_DELETE_ALL / OP_INCREMENT
    timestamp: int | None = None


@dataclass
class DecodedRow:
    primary_key: list[tuple[str, Any]]
    cells: list[Cell]
    delete_marker: bool = False


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = bytes(data)
        self.pos = 0
        self.tag = 0

    def _take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise DecodeError("PlainBuffer truncated")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def u8(self) -> int:
        return self._take(1)[0]

    def u32(self) -> int:
        return struct.unpack("<I", self._take(4))[0]

    def i64(self) -> int:
        return struct.unpack("<q", self._take(8))[0]

    def raw(self, n: int) -> bytes:
        return self._take(n)

    def next_tag(self) -> None:
        self.tag = self.u8() if self.pos < len(self.data) else 0

    def at_end(self) -> bool:
        return self.pos >= len(self.data)

    def expect(self, tag: int, what: str) -> None:
        if self.tag != tag:
            raise DecodeError(f"expected {what} (tag {tag}) but found tag {self.tag} at byte {self.pos}")


def _value(r: _Reader, crc: int) -> tuple[Any, int]:
    """Reads ``len u32, type u8, payload`` after TAG_CELL_VALUE."""
    r.u32()
    vt = r.u8()
    if vt == VT_INTEGER:
        value = r.i64()
        crc = Crc.crc_int64(Crc.crc_int8(crc, VT_INTEGER), value)
        return value, crc
    if vt in (VT_STRING, VT_BLOB):
        n = r.u32()
        raw = r.raw(n)
        crc = Crc.crc_bytes(Crc.crc_int32(Crc.crc_int8(crc, vt), n), raw)
        return (raw.decode("utf-8") if vt == VT_STRING else bytearray(raw)), crc
    if vt == VT_BOOLEAN:
        b = r.u8()
        return bool(b), Crc.crc_int8(Crc.crc_int8(crc, VT_BOOLEAN), 1 if b else 0)
    if vt == VT_DOUBLE:
        raw = r.raw(8)
        (bits,) = struct.unpack("<q", raw)
        (value,) = struct.unpack("<d", raw)
        return value, Crc.crc_int64(Crc.crc_int8(crc, VT_DOUBLE), bits)
    if vt == VT_INF_MIN:
        return INF_MIN, Crc.crc_int8(crc, vt)
    if vt == VT_INF_MAX:
        return INF_MAX, Crc.crc_int8(crc, vt)
    if vt == VT_AUTO_INCREMENT:
        return AUTO_INCREMENT, Crc.crc_int8(crc, vt)
    raise DecodeError(f"unsupported variant type {vt}")


def _name(r: _Reader) -> tuple[str, int]:
    r.expect(TAG_CELL_NAME, "TAG_CELL_NAME")
    raw = r.raw(r.u32())
    return raw.decode("utf-8"), Crc.crc_bytes(0, raw)


def _checksum(r: _Reader, expected: int, what: str) -> None:
    r.expect(TAG_CELL_CHECKSUM if what == "cell" else TAG_ROW_CHECKSUM, f"{what} checksum")
    got = r.u8()
    if got != expected:
        raise DecodeError(f"{what} checksum mismatch: sent {got}, computed {expected}")
    r.next_tag()


def _pk_cell(r: _Reader) -> tuple[str, Any, int]:
    r.next_tag()
    name, crc = _name(r)
    r.next_tag()
    r.expect(TAG_CELL_VALUE, "primary key value")
    value, crc = _value(r, crc)
    r.next_tag()
    _checksum(r, crc, "cell")
    return name, value, crc


def _attr_cell(r: _Reader) -> tuple[Cell, int]:
    r.next_tag()
    name, crc = _name(r)
    r.next_tag()
    cell = Cell(name)
    if r.tag == TAG_CELL_VALUE:
        cell.value, crc = _value(r, crc)
        cell.has_value = True
        r.next_tag()
    for _ in range(2):  # the SDK writes TYPE then TIMESTAMP; accept either order
        if r.tag == TAG_CELL_TYPE:
            cell.op = r.u8()
            r.next_tag()
        elif r.tag == TAG_CELL_TIMESTAMP:
            cell.timestamp = r.i64()
            r.next_tag()
    # checksum order as the writer computes it: value, timestamp, then the cell type
    if cell.timestamp is not None:
        crc = Crc.crc_int64(crc, cell.timestamp)
    if cell.op is not None:
        crc = Crc.crc_int8(crc, cell.op)
    _checksum(r, crc, "cell")
    return cell, crc


def _row(r: _Reader) -> DecodedRow:
    r.expect(TAG_ROW_PK, "TAG_ROW_PK")
    row_crc = 0
    pk: list[tuple[str, Any]] = []
    r.next_tag()
    while r.tag == TAG_CELL:
        name, value, cell_crc = _pk_cell(r)
        pk.append((name, value))
        row_crc = Crc.crc_int8(row_crc, cell_crc)
    cells: list[Cell] = []
    if r.tag == TAG_ROW_DATA:
        r.next_tag()
        while r.tag == TAG_CELL:
            cell, cell_crc = _attr_cell(r)
            cells.append(cell)
            row_crc = Crc.crc_int8(row_crc, cell_crc)
    marker = False
    if r.tag == TAG_DELETE_ROW_MARKER:
        marker = True
        r.next_tag()
    row_crc = Crc.crc_int8(row_crc, 1 if marker else 0)
    _checksum(r, row_crc, "row")
    return DecodedRow(pk, cells, marker)


def decode_row(data: bytes) -> DecodedRow:
    r = _Reader(data)
    if r.u32() != HEADER:
        raise DecodeError("bad PlainBuffer header")
    r.next_tag()
    row = _row(r)
    if not r.at_end() or r.tag != 0:
        raise DecodeError("trailing bytes after the row")
    return row


def decode_variant(data: bytes) -> Any:
    """A filter's ``column_value``: ``type u8`` + payload, no tag, no length prefix."""
    r = _Reader(data)
    vt = r.u8()
    if vt == VT_INTEGER:
        return r.i64()
    if vt in (VT_STRING, VT_BLOB):
        raw = r.raw(r.u32())
        return raw.decode("utf-8") if vt == VT_STRING else bytearray(raw)
    if vt == VT_BOOLEAN:
        return bool(r.u8())
    if vt == VT_DOUBLE:
        return struct.unpack("<d", r.raw(8))[0]
    raise DecodeError(f"unsupported filter value type {vt}")


# ---------------------------------------------------------------- encoding (the SDK's own builder)


def encode_row(primary_key: list[tuple[str, Any]], columns: list[tuple[str, Any, int]]) -> bytes:
    from tablestore.plainbuffer.plain_buffer_builder import PlainBufferBuilder

    return bytes(PlainBufferBuilder.serialize_for_put_row(primary_key, columns))


def encode_rows(rows: list[tuple[list[tuple[str, Any]], list[tuple[str, Any, int]]]]) -> bytes:
    """GetRange ``rows``: one header, then rows back to back."""
    out = bytearray()
    for i, (pk, cols) in enumerate(rows):
        one = encode_row(pk, cols)
        out += one if i == 0 else one[4:]
    return bytes(out)


def encode_primary_key(primary_key: list[tuple[str, Any]]) -> bytes:
    from tablestore.plainbuffer.plain_buffer_builder import PlainBufferBuilder

    return bytes(PlainBufferBuilder.serialize_primary_key(primary_key))


# ---------------------------------------------------------------- filters


@dataclass
class ColumnFilter:
    kind: str  # "single" | "composite"
    comparator: int = 0
    column: str = ""
    value: Any = None
    filter_if_missing: bool = False
    latest_version_only: bool = True
    combinator: int = 0
    subs: list[ColumnFilter] | None = None

    def passes(self, columns: dict[str, Any]) -> bool:
        if self.kind == "composite":
            results = [s.passes(columns) for s in self.subs or []]
            if self.combinator == filter_pb2.LO_NOT:
                return not results[0]
            if self.combinator == filter_pb2.LO_AND:
                return all(results)
            return any(results)
        if self.column not in columns:
            if self.comparator == filter_pb2.CT_NOT_EXIST:
                return True
            if self.comparator == filter_pb2.CT_EXIST:
                return False
            return not self.filter_if_missing
        return _compare(self.comparator, columns[self.column], self.value)


def _rank(value: Any) -> int:
    if isinstance(value, bool):
        return 2
    if isinstance(value, (int, float)):
        return 1
    if isinstance(value, str):
        return 3
    return 4


def _compare(comparator: int, stored: Any, wanted: Any) -> bool:
    if comparator == filter_pb2.CT_EXIST:
        return True
    if comparator == filter_pb2.CT_NOT_EXIST:
        return False
    same = _rank(stored) == _rank(wanted)
    if comparator == filter_pb2.CT_EQUAL:
        return same and stored == wanted
    if comparator == filter_pb2.CT_NOT_EQUAL:
        return not (same and stored == wanted)
    if not same:
        return False
    return {
        filter_pb2.CT_GREATER_THAN: stored > wanted,
        filter_pb2.CT_GREATER_EQUAL: stored >= wanted,
        filter_pb2.CT_LESS_THAN: stored < wanted,
        filter_pb2.CT_LESS_EQUAL: stored <= wanted,
    }[comparator]


def parse_filter(data: bytes) -> ColumnFilter:
    proto = filter_pb2.Filter()
    proto.ParseFromString(data)
    if proto.type == filter_pb2.FT_SINGLE_COLUMN_VALUE:
        single = filter_pb2.SingleColumnValueFilter()
        single.ParseFromString(proto.filter)
        if single.HasField("value_trans_rule"):
            raise DecodeError("regex value transfer rules are not supported by this server")
        return ColumnFilter(
            "single", comparator=single.comparator, column=single.column_name,
            value=decode_variant(single.column_value), filter_if_missing=single.filter_if_missing,
            latest_version_only=single.latest_version_only,
        )
    if proto.type == filter_pb2.FT_COMPOSITE_COLUMN_VALUE:
        composite = filter_pb2.CompositeColumnValueFilter()
        composite.ParseFromString(proto.filter)
        subs = [parse_filter(sub.SerializeToString()) for sub in composite.sub_filters]
        if not subs or (composite.combinator == filter_pb2.LO_NOT and len(subs) != 1):
            raise DecodeError("composite filter with a wrong number of sub filters")
        return ColumnFilter("composite", combinator=composite.combinator, subs=subs)
    raise DecodeError(f"unsupported filter type {proto.type}")
