"""One rig for the reliability scenarios: the real App over a folder bucket, a fault-injecting
recognizer and either results store (sqlite, or Tablestore through the SDK and the protocol
server), all on one manual clock. FC's async delivery is played by ``deliver``."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from credrec.app import App
from credrec.idempotency import oss_record_id
from credrec.logging import JsonLogger
from credrec.models import Record
from credrec.settings import Settings
from credrec_local.adapters.bucket_dir import BucketDirSource
from credrec_local.adapters.store_sqlite import SqliteResultStore
from tests.conftest import BUCKET, load_event
from tests.functional.conftest import FcContext, FcFunction
from tests.support.clock import ManualClock
from tests.support.faulty_store import FaultyStore
from tests.support.textpng import FaultyRecognizer, PngTextRecognizer

STORES = ("sqlite", "tablestore")


class Killed(BaseException):
    """The instance died (FC timeout, OOM, kill -9): nothing after this point runs."""


@dataclass
class Rig:
    app: App
    objects: BucketDirSource
    store: FaultyStore
    recognizer: FaultyRecognizer
    clock: ManualClock

    @property
    def answers(self) -> int:
        """Successful (billable) answers the service gave."""
        return len(self.recognizer.inner.calls)

    def put(self, key: str, data: bytes) -> str:
        return self.objects.put(BUCKET, key, data).etag

    def rid(self, key: str) -> str:
        return oss_record_id(BUCKET, key, self.objects.head(BUCKET, key).etag)

    def event(self, key: str, etag: str, name: str = "ObjectCreated:PutObject") -> dict[str, Any]:
        entry = copy.deepcopy(load_event("oss-put-object.json")["events"][0])
        entry["eventName"] = name
        entry["oss"]["object"]["key"] = key
        entry["oss"]["object"]["eTag"] = etag
        return {"events": [entry]}

    def deliver(self, event: dict[str, Any], *, timeout: int = 60, request_id: str = "req") -> Any:
        context = FcContext(request_id=request_id, function=FcFunction(timeout=timeout))
        return self.app.handle(json.dumps(event).encode(), context)

    def record(self, rid: str) -> Record | None:
        return self.store.inner.get(rid)

    def all_records(self) -> list[Record]:
        return self.store.inner.list(limit=1000).records


@contextmanager
def make_rig(kind: str, tmp_path: Path, settings: Settings, clock: ManualClock, logger: JsonLogger) -> Iterator[Rig]:
    objects = BucketDirSource(tmp_path / "data")
    recognizer = FaultyRecognizer(PngTextRecognizer(url_reader=objects.open_presigned))
    server = None
    if kind == "sqlite":
        inner: Any = SqliteResultStore(tmp_path / "records.sqlite3")
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

        server = TablestoreServer(instance=INSTANCE, tables=TABLES, indexes=INDEXES, **server_credentials()).start()
        inner = TablestoreResultStore(cloud_settings(ots_endpoint=server.endpoint), provider())
    store = FaultyStore(inner)
    app = App(settings=settings, recognizer=recognizer, objects=objects, store=store, clock=clock, logger=logger)
    try:
        yield Rig(app=app, objects=objects, store=store, recognizer=recognizer, clock=clock)
    finally:
        if server is not None:
            server.stop()
