"""`credrec sweep` and `credrec redrive` on a data dir the runner used (backend: the emulator)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from credrec.idempotency import Idempotency, oss_record_id
from credrec.models import RecognitionParams, Source, Status
from credrec.ports import SystemClock
from credrec_local.adapters.bucket_dir import BucketDirSource
from credrec_local.adapters.store_sqlite import SqliteResultStore
from credrec_local.cli import _register, app
from credrec_local.runtime.event_queue import EventQueue
from credrec_local.runtime.runner import LocalRunner
from credrec_local.runtime.watcher import oss_event
from credrec_local.servers.emulator import Emulator
from tests.functional.conftest import BILL
from tests.support.textpng import TextChunkEngine, text_png

BUCKET = "credrec-uploads"
KEY = "uploads/late.png"


class AlwaysFails:
    """The function failing on every delivery (as a store outage would): the event is dead-lettered."""

    def handle(self, event: bytes, context: object) -> None:
        raise RuntimeError("store unavailable")


@pytest.fixture
def emulator(monkeypatch):
    engine = TextChunkEngine()
    with Emulator(engine, credentials={"LTAI-local-demo": "demo-secret"}) as emu:
        monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-local-demo")
        monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "demo-secret")
        monkeypatch.delenv("ALIBABA_CLOUD_SECURITY_TOKEN", raising=False)
        emu.engine_calls = engine.calls
        yield emu


def run(*args: str) -> tuple[int, list[dict]]:
    _register()
    result = CliRunner().invoke(app, list(args))
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return result.exit_code, lines


def test_redrive_consumes_the_local_dead_letters_once(tmp_path, emulator):
    head = BucketDirSource(tmp_path).put(BUCKET, KEY, text_png(BILL))
    queue = EventQueue(tmp_path, max_deliveries=2, backoff_base_s=0.01)
    queue.put(oss_event(BUCKET, [(KEY, head.etag, head.size)], "ap-southeast-1"))
    runner = LocalRunner(AlwaysFails(), queue, workers=1, poll_s=0.02).start()
    assert runner.drain(timeout_s=20)
    runner.stop()
    assert len(queue.dead_letters()) == 1

    code, lines = run("redrive", "--data-dir", str(tmp_path), "--backend", "cloudauth", "--endpoint", emulator.endpoint)
    assert code == 0, lines
    assert lines[0]["records"][0]["status"] == "SUCCEEDED" and lines[0]["kept"] is False
    assert lines[-1] == {"redrive": {"dead_letters": 1, "done": 1, "kept": 0}}
    assert queue.dead_letters() == [] and len(emulator.engine_calls) == 1
    record = SqliteResultStore(tmp_path / "credrec.sqlite3").get(oss_record_id(BUCKET, KEY, head.etag))
    assert record is not None and record.status is Status.SUCCEEDED and record.fields.name == BILL["Name"]

    code, lines = run("redrive", "--data-dir", str(tmp_path), "--backend", "cloudauth", "--endpoint", emulator.endpoint)
    assert code == 0 and lines == [{"redrive": {"dead_letters": 0, "done": 0, "kept": 0}}]


def test_sweep_finishes_a_record_whose_worker_died(tmp_path, emulator):
    head = BucketDirSource(tmp_path).put(BUCKET, KEY, text_png(BILL))
    store = SqliteResultStore(tmp_path / "credrec.sqlite3")
    rid = oss_record_id(BUCKET, KEY, head.etag)
    claim = Idempotency(store, SystemClock()).claim(  # a worker claimed it, then was killed
        rid, source=Source(kind="oss", bucket=BUCKET, key=KEY, etag=head.etag, size=head.size),
        params=RecognitionParams(), lease_seconds=-1.0)
    assert claim.record.status is Status.IN_PROGRESS

    code, lines = run("sweep", "--data-dir", str(tmp_path), "--backend", "cloudauth", "--endpoint", emulator.endpoint)
    assert code == 0, lines
    assert lines[-1]["sweep"]["examined"] == 1 and lines[-1]["sweep"]["finished"] == {"SUCCEEDED": 1}
    record = store.get(rid)
    assert record is not None and record.status is Status.SUCCEEDED and record.fields.name == BILL["Name"]

    code, lines = run("sweep", "--data-dir", str(tmp_path), "--backend", "cloudauth", "--endpoint", emulator.endpoint)
    assert code == 0 and lines[-1]["sweep"]["examined"] == 0 and len(emulator.engine_calls) == 1
