"""The Tablestore protocol server itself, driven by the real ``OTSClient``: features the adapter does
not use today (UpdateRow, composite conditions, backward ranges…), so a change of adapter strategy
meets a server that already behaves."""

from __future__ import annotations

from typing import Any

import pytest
from tablestore import (
    INF_MAX,
    INF_MIN,
    ComparatorType,
    CompositeColumnCondition,
    Condition,
    Direction,
    LogicalOperator,
    OTSClient,
    OTSServiceError,
    Row,
    RowExistenceExpectation,
    SingleColumnCondition,
)
from tablestore.retry import NoRetryPolicy

from tests.contract.conftest import CREDS, INSTANCE, TABLE
from tests.servers import ots_codec


@pytest.fixture
def client(ots_server: Any) -> OTSClient:
    return OTSClient(ots_server.endpoint, CREDS.access_key_id, CREDS.access_key_secret, INSTANCE,
                     sts_token=CREDS.security_token, retry_policy=NoRetryPolicy(), enable_native=False)


def _code(call: Any) -> str:
    with pytest.raises(OTSServiceError) as info:
        call()
    return info.value.get_error_code()


def test_update_row_cells_and_conditions(client: OTSClient, ots_server: Any) -> None:
    client.put_row(TABLE, Row([("id", "u")], [("status", "IN_PROGRESS"), ("owner", "w1"), ("attempts", 1),
                                              ("tmp", "x"), ("score", 0.5)]))
    owner_is_w1 = Condition(RowExistenceExpectation.EXPECT_EXIST,
                            SingleColumnCondition("owner", "w1", ComparatorType.EQUAL, pass_if_missing=False))
    client.update_row(TABLE, Row([("id", "u")], {"put": [("status", "SUCCEEDED")], "delete_all": ["tmp"],
                                                 "increment": [("attempts", 2)]}), owner_is_w1)
    assert ots_server.service.row(TABLE, ("u",)) == {"status": "SUCCEEDED", "owner": "w1", "attempts": 3,
                                                     "score": 0.5}
    owner_is_w2 = Condition(RowExistenceExpectation.EXPECT_EXIST,
                            SingleColumnCondition("owner", "w2", ComparatorType.EQUAL, pass_if_missing=False))
    assert _code(lambda: client.update_row(TABLE, Row([("id", "u")], {"put": [("status", "X")]}), owner_is_w2)) \
        == "OTSConditionCheckFail"
    assert _code(lambda: client.update_row(TABLE, Row([("id", "nope")], {"put": [("a", "b")]}),
                                           Condition(RowExistenceExpectation.EXPECT_EXIST))) == "OTSConditionCheckFail"


def test_composite_conditions(client: OTSClient) -> None:
    client.put_row(TABLE, Row([("id", "c")], [("status", "FAILED"), ("attempts", 3)]))
    either = CompositeColumnCondition(LogicalOperator.OR)
    either.add_sub_condition(SingleColumnCondition("status", "SUCCEEDED", ComparatorType.EQUAL))
    either.add_sub_condition(SingleColumnCondition("attempts", 3, ComparatorType.GREATER_EQUAL))
    client.put_row(TABLE, Row([("id", "c")], [("status", "RETRY")]), Condition(RowExistenceExpectation.IGNORE, either))
    both = CompositeColumnCondition(LogicalOperator.AND)
    both.add_sub_condition(SingleColumnCondition("status", "RETRY", ComparatorType.EQUAL))
    both.add_sub_condition(SingleColumnCondition("attempts", 1, ComparatorType.LESS_THAN, pass_if_missing=False))
    assert _code(lambda: client.put_row(TABLE, Row([("id", "c")], [("status", "Z")]),
                                        Condition(RowExistenceExpectation.IGNORE, both))) == "OTSConditionCheckFail"


def test_ranges_both_directions_with_columns_to_get(client: OTSClient) -> None:
    for i in range(6):
        client.put_row(TABLE, Row([("id", f"k{i}")], [("status", "S" if i % 2 else "F"), ("n", i)]))
    _, next_pk, rows, _ = client.get_range(TABLE, Direction.BACKWARD, [("id", INF_MAX)], [("id", INF_MIN)],
                                           columns_to_get=["n"], limit=4, max_version=1)
    assert [r.primary_key[0][1] for r in rows] == ["k5", "k4", "k3", "k2"]
    assert [[c[0] for c in r.attribute_columns] for r in rows] == [["n"]] * 4
    assert next_pk == [("id", "k1")]
    _, next_pk, rows, _ = client.get_range(TABLE, Direction.FORWARD, [("id", "k1")], [("id", "k4")],
                                           limit=10, max_version=1)
    assert [r.primary_key[0][1] for r in rows] == ["k1", "k2", "k3"] and next_pk is None


def test_get_row_with_filter(client: OTSClient) -> None:
    client.put_row(TABLE, Row([("id", "g")], [("status", "FAILED")]))
    _, row, _ = client.get_row(TABLE, [("id", "g")], max_version=1,
                               column_filter=SingleColumnCondition("status", "SUCCEEDED", ComparatorType.EQUAL))
    assert row is None
    _, row, _ = client.get_row(TABLE, [("id", "g")], max_version=1,
                               column_filter=SingleColumnCondition("status", "FAILED", ComparatorType.EQUAL))
    assert row.attribute_columns[0][:2] == ("status", "FAILED")


def test_operations_outside_the_ram_policy_are_denied(client: OTSClient) -> None:
    assert _code(lambda: client.delete_row(TABLE, Row([("id", "x")]), Condition(RowExistenceExpectation.IGNORE))) \
        == "OTSNoPermissionAccess"


def test_primary_key_schema_is_enforced(client: OTSClient) -> None:
    assert _code(lambda: client.put_row(TABLE, Row([("key", "x")], [("a", "b")]))) == "OTSParameterInvalid"


def test_codec_reads_update_cells_the_sdk_reader_cannot() -> None:
    from tablestore.plainbuffer.plain_buffer_builder import PlainBufferBuilder

    raw = bytes(PlainBufferBuilder.serialize_for_update_row(
        [("id", "x")], {"put": [("a", "v", 1700000000000)], "delete": [("b", None, 1700000000001)],
                        "delete_all": ["c"], "increment": [("d", 5)]}))
    row = ots_codec.decode_row(raw)
    assert row.primary_key == [("id", "x")]
    assert [(c.name, c.value, c.op, c.timestamp) for c in row.cells] == [
        ("a", "v", None, 1700000000000), ("b", None, ots_codec.OP_DELETE_ONE, 1700000000001),
        ("c", None, ots_codec.OP_DELETE_ALL, None), ("d", 5, ots_codec.OP_INCREMENT, None)]
    corrupted = bytearray(raw)
    corrupted[-1] ^= 0xFF
    with pytest.raises(ots_codec.DecodeError):
        ots_codec.decode_row(bytes(corrupted))


def test_codec_reads_range_bounds() -> None:
    from tablestore.plainbuffer.plain_buffer_builder import PlainBufferBuilder

    row = ots_codec.decode_row(bytes(PlainBufferBuilder.serialize_primary_key([("id", INF_MIN)])))
    assert row.primary_key == [("id", ots_codec.INF_MIN)]
