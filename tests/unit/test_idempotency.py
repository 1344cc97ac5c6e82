"""The claim / complete / release state machine, over the sqlite store (a real ResultStore)."""

from __future__ import annotations

import threading

import pytest

from credrec.idempotency import ClaimState, Idempotency, oss_record_id, record_id
from credrec.models import RecognitionParams, RecordError, Source, Status
from credrec_local.adapters.store_sqlite import SqliteResultStore
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
    # the busy delivery counted too: FC deliveries, not claims
    assert taken.state is ClaimState.CLAIMED and taken.record.deliveries == 3
    assert taken.record.holder != first.record.holder
    # the original worker wakes up late: its completion must not overwrite the new owner's claim
    stored, won = idem.complete(first.record.model_copy(update={"status": Status.SUCCEEDED}))
    assert not won and stored.status is Status.IN_PROGRESS and stored.holder == taken.record.holder


def test_released_claim_is_immediately_reclaimable_and_keeps_the_error(idem):
    first = claim(idem, lease=300)
    released, terminal = idem.release(first.record.model_copy(update={"attempts": 3}),
                                      RecordError(code="THROTTLED", message="x", retryable=True))
    assert not terminal and released.holder is None and released.status is Status.IN_PROGRESS
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
        barrier.wait(timeout=30)  # every worker opens the fresh file at once, then claims
        idem = Idempotency(SqliteResultStore(path), clock)
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
        barrier.wait(timeout=30)  # every worker opens the fresh file at once, then claims
        idem = Idempotency(SqliteResultStore(path), clock)
        results.append(claim(idem).state)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count(ClaimState.CLAIMED) == 1


def test_busy_deliveries_count_so_the_holder_ends_the_record_on_the_last_one(store, clock):
    idem = Idempotency(store, clock, max_deliveries=3)
    holder = claim(idem, lease=120).record
    assert claim(idem).state is ClaimState.BUSY  # delivery 2
    assert claim(idem).state is ClaimState.BUSY  # delivery 3: the last one FC makes
    err = RecordError(code="THROTTLED", message="Throttling.Api", retryable=True, upstream_code="Throttling.Api")
    stored, terminal = idem.release(holder, err)  # the holder's stale copy says deliveries=1
    assert terminal and stored.status is Status.FAILED and stored.deliveries == 3
    assert stored.error.code == "RETRIES_EXHAUSTED" and "THROTTLED" in stored.error.message
    assert store.get(holder.id).status is Status.FAILED


def test_holder_completes_after_busy_deliveries_rotated_the_token(idem, store):
    holder = claim(idem, lease=120).record
    assert claim(idem).state is ClaimState.BUSY
    stored, won = idem.complete(holder.model_copy(update={"status": Status.SUCCEEDED}))
    assert won and stored.status is Status.SUCCEEDED and stored.deliveries == 2
    assert store.get(holder.id).status is Status.SUCCEEDED


def test_a_lost_answer_to_our_own_terminal_write_is_recognised(idem, store):
    holder = claim(idem).record
    final = holder.model_copy(update={"status": Status.SUCCEEDED})
    idem.complete(final)
    again, won = idem.complete(final)  # the retry layer repeats a write whose answer was lost
    assert won and again.status is Status.SUCCEEDED


def test_claim_due_takes_only_records_whose_time_has_passed(idem, clock, store):
    held = claim(idem, rid="h" * 32, lease=60).record
    assert store.due(before=clock.now()) == []
    assert idem.claim_due(held.id, lease_seconds=60).state is ClaimState.NOT_DUE
    clock.advance(61)
    assert store.due(before=clock.now()) == [held.id]
    swept = idem.claim_due(held.id, lease_seconds=60)
    assert swept.state is ClaimState.CLAIMED and swept.record.deliveries == held.deliveries  # not a delivery
    idem.complete(swept.record.model_copy(update={"status": Status.FAILED,
                                                   "error": RecordError(code="ABANDONED", message="")}))
    assert store.due(before=clock.now() + 10_000) == []
    assert idem.claim_due(held.id, lease_seconds=60).state is ClaimState.DONE
