"""The claim / complete / release state machine, over the sqlite store (a real ResultStore)."""

from __future__ import annotations

import threading

import pytest

from credrec.idempotency import ClaimState, Idempotency, oss_record_id, record_id
from credrec.models import RecognitionParams, RecordError, Source, Status
from credrec_local.store_sqlite import SqliteResultStore
from tests.support.clock import ManualClock

SOURCE = Source(kind="oss", bucket="b", key="k", etag="E")
PARAMS = RecognitionParams()


@pytest.fixture
def store(tmp_path):
    return SqliteResultStore(tmp_path / "s.sqlite3")


@pytest.fixture
def idem(store, clock):
    return Idempotency(store, clock)


def claim(idem, rid="r" * 32, lease=60):
    return idem.claim(rid, source=SOURCE, params=PARAMS, lease_seconds=lease)


def test_ids_are_stable_and_normalise_etags():
    assert oss_record_id("b", "k", '"abc"') == oss_record_id("b", "k", "ABC")
    assert oss_record_id("b", "k", "ABC") != oss_record_id("b", "k2", "ABC")
    assert record_id("a", "bc") != record_id("ab", "c")  # parts are separated, not concatenated
    assert len(oss_record_id("b", "k", "e")) == 32


def test_first_claim_wins_then_completed_record_is_a_duplicate(idem):
    first = claim(idem)
    assert first.state is ClaimState.CLAIMED and first.record.deliveries == 1
    done, won = idem.complete(first.record.model_copy(update={"status": Status.SUCCEEDED}))
    assert won and done.lease_until == 0.0
    again = claim(idem)
    assert again.state is ClaimState.DONE and again.record.status is Status.SUCCEEDED


def test_live_lease_is_busy_and_expired_lease_is_taken_over(idem, clock):
    first = claim(idem, lease=30)
    assert claim(idem).state is ClaimState.BUSY
    clock.advance(31)
    taken = claim(idem)
    assert taken.state is ClaimState.CLAIMED and taken.record.deliveries == 2
    assert taken.record.owner != first.record.owner
    # the original worker wakes up late: its completion must not overwrite the new owner's claim
    stored, won = idem.complete(first.record.model_copy(update={"status": Status.SUCCEEDED}))
    assert not won and stored.status is Status.IN_PROGRESS and stored.owner == taken.record.owner


def test_released_claim_is_immediately_reclaimable_and_keeps_the_error(idem):
    first = claim(idem, lease=300)
    idem.release(first.record.model_copy(update={"attempts": 3}), RecordError(code="THROTTLED", message="x", retryable=True))
    second = claim(idem)
    assert second.state is ClaimState.CLAIMED
    assert second.record.attempts == 3 and second.record.error.code == "THROTTLED"


def test_retryable_failure_is_reclaimable_but_permanent_failure_is_final(idem):
    a = claim(idem, rid="a" * 32).record
    idem.complete(a.model_copy(update={"status": Status.FAILED,
                                       "error": RecordError(code="THROTTLED", message="", retryable=True)}))
    assert claim(idem, rid="a" * 32).state is ClaimState.CLAIMED
    b = claim(idem, rid="b" * 32).record
    idem.complete(b.model_copy(update={"status": Status.FAILED,
                                       "error": RecordError(code="InvalidParameter", message="", retryable=False)}))
    assert claim(idem, rid="b" * 32).state is ClaimState.DONE


def test_complete_refuses_non_terminal_status(idem):
    with pytest.raises(ValueError):
        idem.complete(claim(idem).record)


def test_concurrent_claims_have_exactly_one_winner(tmp_path):
    path = tmp_path / "race.sqlite3"
    clock = ManualClock()
    results, barrier = [], threading.Barrier(8)

    def worker():
        idem = Idempotency(SqliteResultStore(path), clock)
        barrier.wait()
        results.append(claim(idem).state)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count(ClaimState.CLAIMED) == 1 and results.count(ClaimState.BUSY) == 7


def test_concurrent_takeovers_of_an_expired_lease_have_one_winner(tmp_path):
    path = tmp_path / "race.sqlite3"
    clock = ManualClock()
    claim(Idempotency(SqliteResultStore(path), clock), lease=1)
    clock.advance(5)
    results, barrier = [], threading.Barrier(6)

    def worker():
        idem = Idempotency(SqliteResultStore(path), clock)
        barrier.wait()
        results.append(claim(idem).state)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count(ClaimState.CLAIMED) == 1
