"""Issue #10 rows 7 and 11: the local data dir keeps personal data owner-only, and the sqlite store
reports an unreadable row as a StoreError (as Tablestore does), never a raw pydantic error."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from credrec.errors import StoreError
from credrec_local.adapters.bucket_dir import BucketDirSource
from credrec_local.adapters.store_sqlite import SqliteResultStore
from tests.support.textpng import text_png


def file_logger(data: Path):
    """The CLI's log file opener; the CLI needs the `local` extra (typer), absent from the FC-runtime venv."""
    pytest.importorskip("typer")
    from credrec_local.commands._common import file_logger as open_log

    return open_log(data)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask():
    previous = os.umask(0o022)  # the usual default: files 0644, folders 0755
    yield
    os.umask(previous)


def test_fresh_data_dir_is_owner_only(tmp_path, loose_umask):
    from credrec.models import Record, Source, Status

    data = tmp_path / "data"
    store = SqliteResultStore(data / "credrec.sqlite3")
    store.create(Record(id="a" * 32, status=Status.IN_PROGRESS, source=Source(kind="http"),
                        created_at=1, updated_at=1))
    objects = BucketDirSource(data)
    objects.put("credrec-uploads", "uploads/Jane Doe/bill.png", text_png({"Name": "Jane Doe"}))
    logger = file_logger(data)
    logger.info("record.completed", status="SUCCEEDED")

    assert _mode(data) == 0o700
    for name in ("credrec.sqlite3", "credrec.sqlite3-wal", "credrec.sqlite3-shm"):
        assert _mode(data / name) == 0o600, name
    bucket = data / "buckets" / "credrec-uploads"
    for folder in (data / "buckets", bucket, bucket / "uploads", bucket / "uploads" / "Jane Doe"):
        assert _mode(folder) == 0o700, folder
    assert _mode(bucket / "uploads" / "Jane Doe" / "bill.png") == 0o600
    assert _mode(data / "logs") == 0o700 and _mode(data / "logs" / "credrec.jsonl") == 0o600
    store.close()


def test_an_existing_loose_data_dir_is_tightened_inside(tmp_path, loose_umask):
    data = tmp_path / "data"
    (data / "buckets").mkdir(parents=True, mode=0o755)
    (data / "logs").mkdir(mode=0o755)
    (data / "credrec.sqlite3").touch(mode=0o644)
    (data / "logs" / "credrec.jsonl").touch(mode=0o644)
    SqliteResultStore(data / "credrec.sqlite3").close()
    BucketDirSource(data)
    file_logger(data)
    assert _mode(data / "credrec.sqlite3") == 0o600
    assert _mode(data / "buckets") == 0o700
    assert _mode(data / "logs") == 0o700 and _mode(data / "logs" / "credrec.jsonl") == 0o600


def test_an_unreadable_sqlite_row_is_a_store_error(tmp_path):
    store = SqliteResultStore(tmp_path / "credrec.sqlite3")
    store._execute("INSERT INTO records (id, status, owner, row) VALUES (?, ?, ?, ?)",
                   ("b" * 32, "SUCCEEDED", None, '{"status": "NOT_A_STATUS", "created_at": "x"}'))
    store._execute("INSERT INTO records (id, status, owner, row) VALUES (?, ?, ?, ?)",
                   ("c" * 32, "SUCCEEDED", None, "not json"))
    for rid in ("b" * 32, "c" * 32):
        with pytest.raises(StoreError) as info:
            store.get(rid)
        assert info.value.code == "STORE_CORRUPT_ROW"
    with pytest.raises(StoreError):
        store.list()
    store.close()


def test_private_dir_is_safe_under_concurrent_creation(tmp_path):
    from credrec_local.runtime.private_files import private_dir

    target = tmp_path / "a" / "b" / "c"
    errors: list[BaseException] = []

    def make() -> None:
        try:
            private_dir(target)
        except BaseException as exc:  # the test reports any failure
            errors.append(exc)

    threads = [threading.Thread(target=make) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and _mode(target) == 0o700
