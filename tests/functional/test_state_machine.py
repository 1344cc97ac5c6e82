"""Property-based test of the claim / lease / delivery rules (``credrec.idempotency``) with
hypothesis' stateful testing, on both results stores.

The model plays Function Compute: two event streams for one upload (the event and a duplicate
notification), each delivered at most ``M`` times, the next delivery only after the previous one
failed (raised, or its instance died). Between deliveries hypothesis interleaves, in any order:
the holder getting an answer, a transient failure (throttling), the holder's instance being
killed, time passing (FC kills invocations at their timeout), and the store going down and coming
back. After both streams are spent, one sweep (the real ``Sweeper``) runs.

Checked after every step: mutual exclusion (a claim is granted only when no other live invocation
holds one), terminal records never change (unless FAILED-retryable and reclaimed), and the ``due``
index lists the record exactly while it is IN_PROGRESS. At the end: the record is terminal.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from credrec.errors import StoreUnavailableError
from credrec.idempotency import ClaimState, Idempotency, oss_record_id, reclaimable
from credrec.logging import JsonLogger
from credrec.models import RecognitionParams, Record, RecordError, Source, Status
from credrec.pipeline import Invocation, Pipeline
from credrec.retry import Deadline
from credrec.settings import Settings
from credrec.sweeper import Sweeper
from credrec_local.adapters.bucket_dir import BucketDirSource
from credrec_local.adapters.store_sqlite import SqliteResultStore
from tests.conftest import BUCKET
from tests.functional.conftest import BILL
from tests.support.clock import ManualClock
from tests.support.faulty_store import FaultyStore
from tests.support.textpng import PngTextRecognizer, text_png

M = 3  # FC deliveries per event stream (1 + 2 retries)
HOLD = 900.0
MARGIN = 15.0
KEY = "uploads/bill.png"
PARAMS = RecognitionParams()


@dataclass
class Stream:
    left: int = M
    holder: Record | None = None  # the record as this stream's live invocation claimed it
    ends_at: float = 0.0  # FC kills the invocation at this time

    @property
    def ready(self) -> bool:
        return self.holder is None and self.left > 0


class _Machine(RuleBasedStateMachine):
    kind = "sqlite"

    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="credrec-sm-"))
        self.server: Any = None
        if self.kind == "sqlite":
            inner: Any = SqliteResultStore(self.tmp / "records.sqlite3")
        else:
            from credrec.adapters.tablestore import TablestoreResultStore
            from tests.contract.conftest import (
                INDEXES,
                INSTANCE,
                TABLES,
                cloud_settings,
                provider,
                server_credentials,
            )
            from tests.servers.tablestore_server import TablestoreServer

            self.server = TablestoreServer(instance=INSTANCE, tables=TABLES, indexes=INDEXES,
                                           **server_credentials()).start()
            inner = TablestoreResultStore(cloud_settings(ots_endpoint=self.server.endpoint), provider())
        self.store = FaultyStore(inner)
        self.clock = ManualClock()
        self.idem = Idempotency(self.store, self.clock, max_deliveries=M, give_back_hold_seconds=HOLD)
        self.objects = BucketDirSource(self.tmp / "data")
        head = self.objects.put(BUCKET, KEY, text_png(BILL))
        self.etag = head.etag
        self.rid = oss_record_id(BUCKET, KEY, head.etag)
        self.source = Source(kind="oss", bucket=BUCKET, key=KEY, etag=self.etag, version_id=head.version_id)
        self.streams = [Stream(), Stream()]
        self.paid = 0
        self.lost_answers = 0
        self.final: Record | None = None

    def teardown(self) -> None:
        if self.server is not None:
            self.server.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    # ------------------------------------------------------------------ helpers

    def _stored(self) -> Record | None:
        return self.store.inner.get(self.rid)

    def _end(self, stream: Stream) -> None:
        stream.holder = None

    # ------------------------------------------------------------------ FC

    @rule(which=st.sampled_from([0, 1]), timeout=st.sampled_from([10, 60]))
    def deliver(self, which: int, timeout: int) -> None:
        stream = self.streams[which]
        if not stream.ready:
            return
        stream.left -= 1
        lease = timeout - 1.5 + MARGIN
        try:
            claim = self.idem.claim(self.rid, source=self.source, params=PARAMS, lease_seconds=lease)
        except StoreUnavailableError:
            return  # the delivery failed; FC retries while stream.left > 0
        if claim.state is ClaimState.CLAIMED:
            now = self.clock.now()
            others = [s for s in self.streams if s is not stream and s.holder is not None and s.ends_at > now]
            assert not others, "a claim was granted while another live invocation held one"
            stream.holder = claim.record
            stream.ends_at = now + timeout - 1.5
        # DONE: finished; BUSY: raised (FC retries) or, on the last delivery, returned

    @rule(which=st.sampled_from([0, 1]))
    def holder_gets_an_answer(self, which: int) -> None:
        stream = self.streams[which]
        if stream.holder is None:
            return
        self.paid += 1
        final = stream.holder.model_copy(update={"status": Status.SUCCEEDED, "attempts": 1})
        try:
            _, won = self.idem.complete(final)
        except StoreUnavailableError:
            self.lost_answers += 1
            self._end(stream)
            return
        if not won:
            self.lost_answers += 1
        self._end(stream)

    @rule(which=st.sampled_from([0, 1]))
    def holder_throttled(self, which: int) -> None:
        stream = self.streams[which]
        if stream.holder is None:
            return
        error = RecordError(code="THROTTLED", message="Throttling.Api", retryable=True)
        before = self._stored()
        try:
            stored, terminal = self.idem.release(stream.holder, error)
        except StoreUnavailableError:
            self._end(stream)
            return
        ours = before is not None and before.holder == stream.holder.holder and before.status is Status.IN_PROGRESS
        if ours and before is not None and before.deliveries >= M:
            # the holder learnt (busy deliveries included) that no delivery will follow: it ends the record
            assert terminal and stored.status is Status.FAILED and stored.error.code == "RETRIES_EXHAUSTED"
        self._end(stream)

    @rule(which=st.sampled_from([0, 1]))
    def holder_killed(self, which: int) -> None:
        self._end(self.streams[which])

    @rule(seconds=st.sampled_from([1, 30, 45, 90, 200]))
    def time_passes(self, seconds: int) -> None:
        self.clock.advance(seconds)
        for stream in self.streams:
            if stream.holder is not None and stream.ends_at <= self.clock.now():
                self._end(stream)  # FC's timeout killed it

    @rule()
    def store_goes_down(self) -> None:
        self.store.down = True

    @rule()
    def store_comes_back(self) -> None:
        self.store.down = False

    # ------------------------------------------------------------------ invariants

    @invariant()
    def terminal_records_stay_terminal(self) -> None:
        stored = self._stored()
        if self.final is not None and not reclaimable(self.final):
            assert stored is not None and stored.status is self.final.status
        if stored is not None and stored.status.terminal:
            self.final = stored

    @invariant()
    def due_index_lists_exactly_the_in_progress_record(self) -> None:
        stored = self._stored()
        listed = self.store.inner.due(before=self.clock.now() + 10**7, limit=10)
        assert listed == ([self.rid] if stored is not None and stored.status is Status.IN_PROGRESS else [])

    # ------------------------------------------------------------------ the end

    @precondition(lambda self: all(s.left == 0 and s.holder is None for s in self.streams))
    @rule()
    def fc_is_done_then_one_sweep(self) -> None:
        self.store.down = False
        self.clock.advance(HOLD + 120)
        cfg = Settings(bucket=BUCKET, max_deliveries=M, sweep_after_seconds=int(HOLD))
        recognizer = PngTextRecognizer(url_reader=self.objects.open_presigned)
        pipeline = Pipeline(settings=cfg, recognizer=recognizer, objects=self.objects, store=self.store,
                            clock=self.clock, logger=JsonLogger(stream=_Null()))
        inv = Invocation(request_id="sweep", deadline=Deadline(self.clock, 60), trigger="timer")
        Sweeper(pipeline).sweep(inv, redrive=True)
        stored = self._stored()
        assert stored is None or stored.status.terminal, f"left {stored.status} after the last delivery + a sweep"
        if stored is not None and stored.status is Status.SUCCEEDED:
            # at most one paid answer per version, beyond answers whose final write was lost
            assert self.paid + len(recognizer.calls) <= 1 + self.lost_answers
        self.streams = [Stream(left=0), Stream(left=0)]


class _Null:
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


class SqliteMachine(_Machine):
    kind = "sqlite"


class TablestoreMachine(_Machine):
    kind = "tablestore"


_SETTINGS = dict(deadline=None, stateful_step_count=30, suppress_health_check=[HealthCheck.too_slow])
TestSqliteStateMachine = SqliteMachine.TestCase
TestSqliteStateMachine.settings = settings(max_examples=80, **_SETTINGS)  # type: ignore[arg-type]
TestTablestoreStateMachine = TablestoreMachine.TestCase
TestTablestoreStateMachine.settings = settings(max_examples=25, **_SETTINGS)  # type: ignore[arg-type]
