"""TablestoreResultStore behaviours only the cloud adapter has: service faults, auth, paging, RAM scope."""

from __future__ import annotations

from typing import Any

import pytest
from infra.policies import OTS_ROW_ACTIONS

from credrec.adapters.tablestore import TablestoreResultStore, decode_cursor, encode_cursor
from credrec.credentials import Credentials
from credrec.errors import AccessDeniedError, ConfigurationError, StoreError, StoreUnavailableError
from credrec.models import Source, Status
from tests.contract.conftest import (
    CREDS,
    INDEXES,
    INSTANCE,
    TABLE,
    TABLES,
    closed_port,
    cloud_settings,
    provider,
    server_credentials,
)
from tests.contract.test_contract_result_store import record
from tests.servers._base import Fault
from tests.servers.tablestore_server import TablestoreServer

GRANTED_ROW_APIS = {action.split(":", 1)[1] for action in OTS_ROW_ACTIONS}  # the deployed RAM policy


def store(endpoint: str, credentials: Credentials = CREDS, **settings: Any) -> TablestoreResultStore:
    return TablestoreResultStore(cloud_settings(ots_endpoint=endpoint, **settings), provider(credentials))


@pytest.mark.parametrize(
    ("code", "status"),
    [("OTSServerBusy", 503), ("OTSPartitionUnavailable", 503), ("OTSTimeout", 503),
     ("OTSInternalServerError", 500), ("OTSRowOperationConflict", 409), ("OTSNotEnoughCapacityUnit", 403),
     ("OTSQuotaExhausted", 403), ("OTSTableNotReady", 404), ("OTSSomethingNew", 502)],
)
def test_transient_service_errors_are_store_unavailable(ots_server: TablestoreServer, code: str, status: int) -> None:
    ots_server.service.inject(code, status=status, count=3)
    with pytest.raises(StoreUnavailableError) as info:
        store(ots_server.endpoint).create(record("r-1"))
    assert info.value.retryable and info.value.code == code
    assert ots_server.service.calls == [("PutRow", status)]  # NoRetryPolicy: exactly one request


def test_busy_reads_are_not_retried_either(ots_server: TablestoreServer) -> None:
    ots_server.service.inject("OTSServerBusy", count=3)
    with pytest.raises(StoreUnavailableError):
        store(ots_server.endpoint).get("r-1")
    with pytest.raises(StoreUnavailableError):
        store(ots_server.endpoint).list(status=Status.SUCCEEDED)
    assert [c[0] for c in ots_server.service.calls] == ["GetRow", "GetRange"]


def test_missing_table_is_a_permanent_store_error(ots_server: TablestoreServer) -> None:
    with pytest.raises(StoreError) as info:
        store(ots_server.endpoint, table="no_such_table").get("r-1")
    assert info.value.code == "OTSObjectNotExist" and not info.value.retryable


def test_wrong_secret_is_access_denied(ots_server: TablestoreServer) -> None:
    with pytest.raises(AccessDeniedError) as info:
        store(ots_server.endpoint, Credentials(CREDS.access_key_id, "wrong", CREDS.security_token)).get("r-1")
    assert info.value.code == "OTSAuthFailed"
    with pytest.raises(AccessDeniedError):
        store(ots_server.endpoint, Credentials(CREDS.access_key_id, CREDS.access_key_secret, "stale")).get("r-1")


def test_wrong_instance_is_access_denied(ots_server: TablestoreServer) -> None:
    with pytest.raises(AccessDeniedError):
        store(ots_server.endpoint, ots_instance="other").get("r-1")


def test_html_from_a_proxy_is_retryable(ots_server: TablestoreServer) -> None:
    ots_server.service.inject_fault(Fault("raw", status=502, body=b"<html>Bad Gateway</html>"))
    with pytest.raises(StoreUnavailableError):
        store(ots_server.endpoint).get("r-1")


def test_dropped_connection_and_refused_connection(ots_server: TablestoreServer) -> None:
    ots_server.service.inject_fault(Fault("drop"))
    with pytest.raises(StoreUnavailableError) as info:
        store(ots_server.endpoint).get("r-1")
    assert info.value.code == "STORE_NETWORK_ERROR"
    with pytest.raises(StoreUnavailableError):
        store(f"http://127.0.0.1:{closed_port()}").get("r-1")


def test_condition_failure_is_a_false_return_not_an_error(ots_server: TablestoreServer) -> None:
    s = store(ots_server.endpoint)
    assert s.create(record("r-1")) is True
    assert s.create(record("r-1")) is False
    assert s.replace(record("r-1"), expected_owner="someone-else") is False
    assert ("PutRow", 403) in ots_server.service.calls  # OTSConditionCheckFail travelled as a 403


def test_short_filtered_pages_are_topped_up(ots_server: TablestoreServer) -> None:
    """The service stops after scanning a bounded number of rows; a filtered page can come back short."""
    s = store(ots_server.endpoint)
    for i in range(12):
        s.create(record(f"r-{i:02d}", status=Status.SUCCEEDED if i % 4 == 0 else Status.FAILED, owner=None))
    ots_server.service.range_scan_limit = 3
    page = s.list(status=Status.SUCCEEDED, limit=2)
    assert [r.id for r in page.records] == ["r-00", "r-04"]
    rest = s.list(status=Status.SUCCEEDED, limit=2, cursor=page.cursor)
    assert [r.id for r in rest.records] == ["r-08"]
    assert sum(1 for api, _ in ots_server.service.calls if api == "GetRange") > 2


def test_only_granted_row_operations_are_used(ots_server: TablestoreServer) -> None:
    s = store(ots_server.endpoint)
    s.create(record("r-1"))
    s.replace(record("r-1", owner="w2"), expected_owner="worker-1")
    s.get("r-1")
    s.list(status=Status.IN_PROGRESS)
    s.list()
    assert ots_server.service.apis_called() <= GRANTED_ROW_APIS


def test_a_corrupt_row_is_a_store_error(ots_server: TablestoreServer) -> None:
    s = store(ots_server.endpoint)
    s.create(record("r-1"))
    table = ots_server.service.tables[TABLE]
    key = next(iter(table.rows))
    table.rows[key]["source"] = ("{not json", 0)
    with pytest.raises(StoreError) as info:
        s.get("r-1")
    assert info.value.code == "STORE_CORRUPT_ROW"


def test_settings_are_checked() -> None:
    with pytest.raises(ConfigurationError):
        TablestoreResultStore(cloud_settings(ots_endpoint=""), provider())
    with pytest.raises(ConfigurationError):
        TablestoreResultStore(cloud_settings(ots_endpoint="ftp://x", ots_instance=INSTANCE), provider())


def test_endpoint_without_scheme_means_https() -> None:
    s = TablestoreResultStore(cloud_settings(ots_endpoint="credrec.ap-southeast-1.vpc.tablestore.aliyuncs.com"),
                              provider())
    assert s._endpoint == "https://credrec.ap-southeast-1.vpc.tablestore.aliyuncs.com"


def test_cursor_round_trip() -> None:
    assert decode_cursor(encode_cursor("id/with+odd=chars 证")) == "id/with+odd=chars 证"


def test_server_verifies_v4_signatures_too() -> None:
    """The adapter signs V2 (no region); the server also speaks V4 should the adapter switch."""
    from tablestore import OTSClient, Row
    from tablestore.retry import NoRetryPolicy

    server = TablestoreServer(instance=INSTANCE, tables=TABLES, indexes=INDEXES, **server_credentials()).start()
    try:
        client = OTSClient(server.endpoint, CREDS.access_key_id, CREDS.access_key_secret, INSTANCE,
                           sts_token=CREDS.security_token, region="ap-southeast-1", retry_policy=NoRetryPolicy(),
                           enable_native=False)
        client.put_row(TABLE, Row([("id", "v4")], [("status", "IN_PROGRESS"),
                                                  ("source", Source(kind="http").model_dump_json())]))
        assert server.service.row(TABLE, ("v4",))["status"] == "IN_PROGRESS"
    finally:
        server.stop()
