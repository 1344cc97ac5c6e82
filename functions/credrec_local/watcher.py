"""Turns files appearing under the local bucket's upload prefix into OSS trigger events.

The events have FC 3.0's OSS shape (``{"events": [...]}``, ``ObjectCreated:PutObject``, key, eTag,
size) and go to the same ``App.handle`` that serves the cloud trigger. A file is announced once per
content version (ETag), only after its size has stopped changing between two polls, and dot-files
(partial writes) are ignored. Restarting the watcher re-announces existing files; idempotency makes
that free for the ones already processed.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from credrec.app import App
from credrec.errors import CredrecError

from .bucket_dir import BucketDirSource


@dataclass
class LocalContext:
    """The FC context attributes credrec reads, for in-process invocations."""

    request_id: str = field(default_factory=lambda: f"local-{uuid.uuid4().hex[:16]}")
    function: Any = None
    credentials: Any = None

    def __post_init__(self) -> None:
        if self.function is None:
            self.function = type("Function", (), {"timeout": 120, "name": "credrec-local"})()


def oss_entry(bucket: str, key: str, etag: str, size: int, region: str,
              event_name: str = "ObjectCreated:PutObject") -> dict[str, Any]:
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return {
        "eventName": event_name,
        "eventSource": "acs:oss",
        "eventTime": now,
        "eventVersion": "1.0",
        "oss": {
            "bucket": {"arn": f"acs:oss:{region}:local:{bucket}", "name": bucket, "ownerIdentity": "local"},
            "object": {"deltaSize": size, "eTag": etag, "key": key, "size": size},
            "ossSchemaVersion": "1.0",
            "ruleId": "credrec-local-watcher",
        },
        "region": region,
        "requestParameters": {"sourceIPAddress": "127.0.0.1"},
        "responseElements": {"requestId": uuid.uuid4().hex[:24].upper()},
        "userIdentity": {"principalId": "local"},
    }


class BucketWatcher:
    def __init__(
        self,
        app: App,
        objects: BucketDirSource,
        *,
        bucket: str,
        prefix: str,
        region: str,
        batch_size: int = 1,
        on_result: Callable[[str, Any], None] | None = None,
    ) -> None:
        self.app = app
        self.objects = objects
        self.bucket = bucket
        self.prefix = prefix
        self.region = region
        self.batch_size = max(1, batch_size)
        self.on_result = on_result
        self._announced: dict[str, str] = {}  # key -> etag
        self._sizes: dict[str, tuple[int, int]] = {}  # key -> (size, mtime_ns) seen last poll
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def root(self) -> Path:
        return self.objects.bucket_path(self.bucket) / self.prefix

    def _files(self) -> Iterable[Path]:
        if not self.root.exists():
            return []
        return sorted(p for p in self.root.rglob("*")
                      if p.is_file() and not any(part.startswith(".") for part in p.relative_to(self.root).parts))

    def pending(self, *, require_stable: bool = True) -> list[tuple[str, str, int]]:
        """(key, etag, size) of files not yet announced in their current version."""
        ready = []
        for path in self._files():
            key = self.objects.key_for(self.bucket, path)
            try:
                st = path.stat()
            except FileNotFoundError:
                continue
            seen = (st.st_size, st.st_mtime_ns)
            stable = self._sizes.get(key) == seen
            self._sizes[key] = seen
            if require_stable and not stable:
                continue
            head = self.objects.head(self.bucket, key)
            if self._announced.get(key) != head.etag:
                ready.append((key, head.etag, head.size))
        return ready

    def scan_once(self, *, require_stable: bool = False) -> list[tuple[str, Any]]:
        """Announce every pending file; returns (key, handler result or error dict) per batch entry."""
        out: list[tuple[str, Any]] = []
        pending = self.pending(require_stable=require_stable)
        for start in range(0, len(pending), self.batch_size):
            batch = pending[start : start + self.batch_size]
            event = {"events": [oss_entry(self.bucket, key, etag, size, self.region) for key, etag, size in batch]}
            try:
                result = self.app.handle(json.dumps(event).encode("utf-8"), LocalContext())
            except CredrecError as exc:  # FC would retry the event; the watcher retries on its next poll
                result = {"error": {"code": exc.code, "message": exc.message}}
                for key, _etag, _size in batch:
                    out.append((key, result))
                    if self.on_result:
                        self.on_result(key, result)
                continue
            for (key, etag, _size), item in zip(batch, result.get("records", [])):
                self._announced[key] = etag
                out.append((key, item))
                if self.on_result:
                    self.on_result(key, item)
        return out

    def run(self, interval_s: float = 0.5) -> None:
        while not self._stop.is_set():
            self.scan_once(require_stable=True)
            self._stop.wait(interval_s)

    def start(self, interval_s: float = 0.5) -> None:
        self._thread = threading.Thread(target=self.run, args=(interval_s,), name="credrec-watcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
