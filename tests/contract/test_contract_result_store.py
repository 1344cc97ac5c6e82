"""ResultStore contract: one behaviour suite, every adapter.

* ``tablestore`` — ``credrec.adapters.tablestore.TablestoreResultStore`` (tablestore SDK) ↔
  ``tests/servers/tablestore_server``
* ``sqlite`` — ``credrec_local.adapters.store_sqlite.SqliteResultStore``
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from infra.policies import OTS_ROW_ACTIONS

from credrec.errors import InvalidRequestError
from credrec.models import (
    Check,
    Checks,
    Decision,
    Expected,
    Fields,
    FraudVerdict,
    Outcome,
    PolicyRef,
    Reason,
    RecognitionParams,
    Record,
    RecordError,
    ReviewAction,
    ReviewClaim,
    ReviewEntry,
    ReviewState,
    Source,
    Status,
    Verdict,
)
from credrec.ports import ResultStore
from tests.contract.conftest import (
    INDEXES,
    INSTANCE,
    TABLES,
    cloud_settings,
    provider,
    server_credentials,
)
from tests.servers.tablestore_server import TablestoreServer

GRANTED_ROW_APIS = {action.split(":", 1)[1] for action in OTS_ROW_ACTIONS}  # the deployed RAM policy


@pytest.fixture(params=["tablestore", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[ResultStore]:
    if request.param == "sqlite":
        from credrec_local.adapters.store_sqlite import SqliteResultStore

        sqlite_store = SqliteResultStore(tmp_path / "records.db")
        yield sqlite_store
        sqlite_store.close()
        return
    from credrec.adapters.tablestore import TablestoreResultStore

    server = TablestoreServer(instance=INSTANCE, tables=TABLES, indexes=INDEXES, **server_credentials()).start()
    try:
        settings = cloud_settings(ots_endpoint=server.endpoint)
        yield TablestoreResultStore(settings, provider())
        # the deployed RAM policy grants these row operations only
        assert server.service.apis_called() <= GRANTED_ROW_APIS
    finally:
        server.stop()


def record(record_id: str, *, status: Status = Status.IN_PROGRESS, owner: str | None = "worker-1",
           **updates: Any) -> Record:
    base = Record(
        id=record_id,
        status=status,
        source=Source(kind="oss", bucket="credrec-uploads", key=f"uploads/{record_id}.png", etag="ABC123", size=1234),
        created_at=1_795_000_000.25,
        updated_at=1_795_000_001.5,
        owner=owner,
        lease_until=1_795_000_060.0 if owner else 0.0,
        attempts=1,
        deliveries=1,
    )
    return base.model_copy(update=updates)


def full_record(record_id: str) -> Record:
    """Every field set, with values that stress encodings (unicode, newlines, JSON in strings, floats)."""
    return Record(
        id=record_id,
        status=Status.SUCCEEDED,
        source=Source(kind="oss", bucket="credrec-uploads", key="uploads/a b+c/证件 #1.png",
                      etag="5EB63BBBE01EEED093CB22BB8F5ACDC3", size=3_000_000),
        params=RecognitionParams(doc_type="04", ocr_area="0401", fraud_check=False),
        created_at=1_795_000_000.123456,
        updated_at=1_795_000_009.75,
        owner=None,
        lease_until=0.0,
        attempts=3,
        deliveries=2,
        sub_code="212",
        success="S",
        request_id="4EB35A1C-87EB-4A1F-9C0D-000000000001",
        fields=Fields(name="陈大文 Chan Tai Man", address="Flat 3, 12/F\n88 Queen's Road\nHong Kong",
                      extra={"issuer": "Power Co", "amount": 12.5, "nested": {"a": [1, 2, "x"]}}),
        fraud=FraudVerdict(checked=True, suspicious=True, types=["PS", "SCREENSHOT"], score=0.875),
        ext_id_info='{"recInfo": {"name": "陈大文"}, "spoofInfo": {"spoofResult": "Y"}}',
        error=RecordError(code="Throttling.Api", message="earlier attempt throttled", retryable=True),
        note="fraud_check_failed",
        delivery="url",
        duration_ms=1834,
        expected=Expected(name="Chan Tai-man 陳大文", address="Flat 3, 12/F, 88 Queen's Road\nHong Kong", country="HK"),
        decision=Decision(
            outcome=Outcome.REVIEW,
            reasons=[Reason(code="ADDRESS_PARTIAL", check="address", outcome=Outcome.REVIEW,
                            message="same building, another unit")],
            checks=Checks(
                name=Check(score=0.97, verdict=Verdict.MATCH, why="same tokens in another order",
                           detail={"tokens": {"matched": 3, "expected": 3}}),
                address=Check(score=0.61, verdict=Verdict.PARTIAL, why="unit differs",
                              detail={"components": {"unit": "MISMATCH", "street": "MATCH"}}),
                age=Check(score=None, verdict=Verdict.UNKNOWN, why="no date on the document"),
                type=Check(score=0.8, verdict=Verdict.PASS, why="electricity bill",
                           detail={"type": "utility", "evidence": ["kWh"]}),
                fraud=Check(score=0.875, verdict=Verdict.FAIL, why="PS, SCREENSHOT"),
            ),
            policy=PolicyRef(name="default", version="1", sha256="ab" * 32),
            decided_at=1_795_000_009.5,
        ),
        review=ReviewState(
            claim=ReviewClaim(reviewer="ana", until=1_795_000_300.5),
            trail=[ReviewEntry(reviewer="bo", at=1_795_000_100.25, action=ReviewAction.REJECT,
                               reasons=["tampered"], comment="<img src=x onerror=alert(1)> 陈")],
        ),
        review_rev=2,
    )


# ---------------------------------------------------------------- create / get


def test_create_once_then_false(store: ResultStore) -> None:
    assert store.create(record("rec-1")) is True
    assert store.create(record("rec-1", owner="worker-2")) is False
    assert store.get("rec-1").owner == "worker-1"


def test_get_round_trips_every_field(store: ResultStore) -> None:
    original = full_record("rec-full")
    assert store.create(original)
    assert store.get("rec-full") == original


def test_decision_and_expected_survive_a_replace(store: ResultStore) -> None:
    full = full_record("rec-decided")
    store.create(record("rec-decided", owner="worker-1", expected=full.expected))
    assert store.get("rec-decided").expected == full.expected
    assert store.get("rec-decided").decision is None
    done = full.model_copy(update={"owner": None})
    assert store.replace(done, expected_owner="worker-1") is True
    assert store.get("rec-decided") == done


def test_get_missing_is_none(store: ResultStore) -> None:
    assert store.get("never-written") is None


# ---------------------------------------------------------------- replace


def test_replace_with_the_right_owner(store: ResultStore) -> None:
    store.create(record("rec-2", owner="worker-1"))
    done = record("rec-2", status=Status.SUCCEEDED, owner=None, sub_code="200")
    assert store.replace(done, expected_owner="worker-1") is True
    assert store.get("rec-2") == done


def test_replace_with_a_wrong_owner_changes_nothing(store: ResultStore) -> None:
    store.create(record("rec-3", owner="worker-1"))
    assert store.replace(record("rec-3", status=Status.FAILED, owner="worker-2"), expected_owner="worker-2") is False
    assert store.get("rec-3") == record("rec-3", owner="worker-1")


def test_replace_expecting_no_owner(store: ResultStore) -> None:
    store.create(record("rec-4", owner=None))
    store.create(record("rec-5", owner="worker-1"))
    assert store.replace(record("rec-4", owner="worker-9"), expected_owner=None) is True
    assert store.get("rec-4").owner == "worker-9"
    assert store.replace(record("rec-5", owner="worker-9"), expected_owner=None) is False
    assert store.get("rec-5").owner == "worker-1"


def test_replace_of_a_missing_row_is_false(store: ResultStore) -> None:
    assert store.replace(record("rec-ghost"), expected_owner="worker-1") is False
    assert store.replace(record("rec-ghost"), expected_owner=None) is False
    assert store.get("rec-ghost") is None


# ---------------------------------------------------------------- races


def _race(n: int, fn: Any) -> list[Any]:
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def run(i: int) -> None:
        barrier.wait()
        results[i] = fn(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def test_racing_creates_exactly_one_wins(store: ResultStore) -> None:
    results = _race(8, lambda i: store.create(record("rec-race", owner=f"worker-{i}")))
    assert results.count(True) == 1
    winner = results.index(True)
    assert store.get("rec-race").owner == f"worker-{winner}"


def test_racing_replaces_exactly_one_wins(store: ResultStore) -> None:
    store.create(record("rec-claim", owner="old-worker"))
    results = _race(8, lambda i: store.replace(record("rec-claim", owner=f"worker-{i}"),
                                               expected_owner="old-worker"))
    assert results.count(True) == 1
    assert store.get("rec-claim").owner == f"worker-{results.index(True)}"


# ---------------------------------------------------------------- list


def _seed(store: ResultStore) -> tuple[set[str], set[str]]:
    succeeded, failed = set(), set()
    for i in range(13):
        rid = f"list-{i:02d}"
        status = Status.SUCCEEDED if i % 3 else Status.FAILED
        assert store.create(record(rid, status=status, owner=None))
        (succeeded if status is Status.SUCCEEDED else failed).add(rid)
    return succeeded, failed


def _all_pages(store: ResultStore, **kwargs: Any) -> list[list[Record]]:
    pages, cursor = [], None
    for _ in range(50):
        page = store.list(cursor=cursor, **kwargs)
        pages.append(page.records)
        cursor = page.cursor
        if cursor is None:
            return pages
    raise AssertionError("list never ended")


def test_list_by_status_pages_through_every_match_once(store: ResultStore) -> None:
    succeeded, failed = _seed(store)
    for status, expected in ((Status.SUCCEEDED, succeeded), (Status.FAILED, failed)):
        pages = _all_pages(store, status=status, limit=3)
        ids = [r.id for page in pages for r in page]
        assert len(ids) == len(set(ids)), "a record was listed twice"
        assert set(ids) == expected
        assert all(len(page) <= 3 for page in pages)
        assert all(r.status is status for page in pages for r in page)
        assert len(pages[0]) == 3  # a first page is full when enough rows match


def test_list_without_status_returns_everything(store: ResultStore) -> None:
    succeeded, failed = _seed(store)
    pages = _all_pages(store, limit=5)
    ids = [r.id for page in pages for r in page]
    assert sorted(ids) == sorted(succeeded | failed)


def test_list_of_nothing(store: ResultStore) -> None:
    page = store.list(status=Status.NO_TEXT, limit=10)
    assert page.records == [] and page.cursor is None


def test_list_rejects_a_forged_cursor(store: ResultStore) -> None:
    with pytest.raises(InvalidRequestError):
        store.list(cursor="not a cursor!")


# ---------------------------------------------------------------- due (the sweeper's index)


def test_due_lists_only_overdue_in_progress_records_oldest_first(store: ResultStore) -> None:
    store.create(record("due-late", lease_until=1_795_000_100.0))
    store.create(record("due-early", lease_until=1_795_000_050.0))
    store.create(record("due-future", lease_until=1_795_009_999.0))
    store.create(record("done", status=Status.SUCCEEDED, owner=None, lease_until=0.0))
    assert store.due(before=1_795_000_200.0) == ["due-early", "due-late"]
    assert store.due(before=1_795_000_200.0, limit=1) == ["due-early"]
    assert store.due(before=1_795_000_010.0) == []


def test_due_follows_every_write(store: ResultStore) -> None:
    store.create(record("due-1", lease_until=1_795_000_050.0))
    assert store.due(before=1_795_000_100.0) == ["due-1"]
    # lease extended: no longer overdue
    assert store.replace(record("due-1", owner="worker-2", lease_until=1_795_000_500.0), expected_owner="worker-1")
    assert store.due(before=1_795_000_100.0) == []
    # terminal: gone from the index for good
    assert store.replace(record("due-1", status=Status.FAILED, owner="worker-3", lease_until=0.0),
                         expected_owner="worker-2")
    assert store.due(before=1_795_999_999.0) == []


# ---------------------------------------------------------------- decisions replay (credrec.decide.rescore)


def test_rescore_over_every_adapter(store: ResultStore) -> None:
    from credrec.decide import parse_policy
    from credrec.decide.rescore import rescore

    for i, status in enumerate(Status):
        owner = "live-worker" if status is Status.IN_PROGRESS else f"token-{i}"
        assert store.create(record(f"rs-{i}", status=status, owner=owner,
                                   expected=Expected(name="Tan Ah Kow"),
                                   fields=Fields(name="TAN AH KOW", address="1 Road")))
    before = {r.id: r for r in store.list(limit=50).records}
    policy = parse_policy("name: replay\nversion: '1'\n")
    dry = rescore(store, policy, now=1_795_000_100.0)
    assert dry.examined == len(Status) - 1 and dry.skipped_in_progress == 1 and dry.written == 0
    assert {r.id: r for r in store.list(limit=50).records} == before  # a dry run writes nothing
    done = rescore(store, policy, now=1_795_000_100.0, dry_run=False)
    assert done.written == len(Status) - 1 and done.conflicts == 0
    after = {r.id: r for r in store.list(limit=50).records}
    for rid, rec in after.items():
        if rec.status is Status.IN_PROGRESS:
            assert rec == before[rid]
        else:
            assert rec.decision is not None and rec.decision.policy.name == "replay"
            assert rec.model_copy(update={"decision": None, "owner": before[rid].owner}) == before[rid]


# ---------------------------------------------------------------- replace_review (human review writes)


def _reviewed(rid: str, rev: int, reviewer: str, *, owner: str | None = "worker-1") -> Record:
    return record(rid, status=Status.SUCCEEDED, owner=owner, review_rev=rev,
                  review=ReviewState(claim=ReviewClaim(reviewer=reviewer, until=1_795_000_900.0)))


def test_replace_review_needs_the_revision_and_the_owner(store: ResultStore) -> None:
    store.create(record("rev-1", status=Status.SUCCEEDED, owner="worker-1"))
    assert store.replace_review(_reviewed("rev-1", 1, "ana"), expected_owner="worker-1", expected_rev=0) is True
    assert store.get("rev-1").review.claim.reviewer == "ana"
    # a writer that read revision 0 loses: the row is at revision 1 now
    assert store.replace_review(_reviewed("rev-1", 1, "bo"), expected_owner="worker-1", expected_rev=0) is False
    # the right revision but another owner (the pipeline took the row over) loses too
    assert store.replace_review(_reviewed("rev-1", 2, "bo"), expected_owner="worker-2", expected_rev=1) is False
    assert store.replace_review(_reviewed("rev-1", 2, "bo"), expected_owner="worker-1", expected_rev=1) is True
    stored = store.get("rev-1")
    assert stored.review_rev == 2 and stored.review.claim.reviewer == "bo"


def test_replace_review_of_a_row_without_owner(store: ResultStore) -> None:
    store.create(record("rev-2", status=Status.NO_TEXT, owner=None))
    assert store.replace_review(_reviewed("rev-2", 1, "ana", owner=None), expected_owner=None, expected_rev=0)
    assert store.replace_review(_reviewed("rev-2", 2, "ana", owner=None), expected_owner=None, expected_rev=0) is False


def test_replace_review_of_a_missing_row_is_false(store: ResultStore) -> None:
    assert store.replace_review(_reviewed("rev-ghost", 1, "ana"), expected_owner="worker-1", expected_rev=0) is False
    assert store.get("rev-ghost") is None


def test_racing_review_writes_exactly_one_wins(store: ResultStore) -> None:
    store.create(record("rev-race", status=Status.SUCCEEDED, owner=None))
    results = _race(8, lambda i: store.replace_review(_reviewed("rev-race", 1, f"reviewer-{i}", owner=None),
                                                      expected_owner=None, expected_rev=0))
    assert results.count(True) == 1
    assert store.get("rev-race").review.claim.reviewer == f"reviewer-{results.index(True)}"
