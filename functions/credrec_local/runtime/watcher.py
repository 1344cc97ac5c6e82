"""Turns files appearing under the local bucket's upload prefix into OSS trigger events on the queue.

The events have FC 3.0's OSS shape (``{"events": [...]}``, ``ObjectCreated:PutObject``, key, eTag,
size) and go to the runner's durable queue (``credrec_local.runtime.event_queue``), which delivers them to the
same ``App.handle`` that serves the cloud trigger, with FC's async retries. A file is announced once
per content version (ETag), only after its size has stopped changing between two polls, and dot-files
(partial writes) are ignored. The announced versions live in the queue's database, written in the
same transaction as the event: after a restart (even a ``kill -9``) files that arrived while the
watcher was down are announced, the others are not announced again.

A file the bucket refuses to serve (a name OSS keys cannot map to here, such as one containing
``\\``, or a symlink pointing out of the bucket) is still announced, under an ETag derived from its
size and modification time, so it ends as a FAILED ``OBJECT_NOT_FOUND`` record instead of being
skipped. No failure of one poll stops the thread: it is logged (``watcher.poll_failed``) and the
next poll tries again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from credrec.errors import CredrecError
from credrec.logging import JsonLogger
from credrec_local.adapters.bucket_dir import BucketDirSource
from credrec_local.runtime.event_queue import EventQueue


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


def oss_event(bucket: str, versions: Iterable[tuple[str, str, int]], region: str) -> dict[str, Any]:
    """FC's OSS trigger payload for (key, etag, size) versions."""
    return {"events": [oss_entry(bucket, key, etag, size, region) for key, etag, size in versions]}


class BucketWatcher:
    def __init__(
        self,
        queue: EventQueue,
        objects: BucketDirSource,
        *,
        bucket: str,
        prefix: str,
        region: str,
        batch_size: int = 1,
        on_enqueued: Callable[[list[str]], None] | None = None,
        logger: JsonLogger | None = None,
    ) -> None:
        self.queue = queue
        self.objects = objects
        self.bucket = bucket
        self.prefix = prefix
        self.region = region
        self.batch_size = max(1, batch_size)
        self.on_enqueued = on_enqueued
        self.log = logger if logger is not None else JsonLogger()
        self.failed_polls = 0
        self._announced: dict[str, str] = queue.announced(bucket)  # key -> etag, durable
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

    @staticmethod
    def _unservable_etag(key: str, size: int, mtime_ns: int) -> str:
        """A stable stand-in ETag for a file the bucket will not serve: one record per version."""
        return hashlib.md5(f"{key}\n{size}\n{mtime_ns}".encode(), usedforsecurity=False).hexdigest().upper()

    def pending(self, *, require_stable: bool = True) -> list[tuple[str, str, int]]:
        """(key, etag, size) of files not yet announced in their current version."""
        ready = []
        for path in self._files():
            key = self.objects.key_for(self.bucket, path)
            try:
                st = path.stat()
            except OSError:  # vanished, or a dangling symlink: nothing to announce
                continue
            seen = (st.st_size, st.st_mtime_ns)
            stable = self._sizes.get(key) == seen
            self._sizes[key] = seen
            if require_stable and not stable:
                continue
            try:
                head = self.objects.head(self.bucket, key)
                etag, size = head.etag, head.size
            except (CredrecError, OSError):  # the bucket refuses it: announce anyway, it must leave a record
                etag, size = self._unservable_etag(key, st.st_size, st.st_mtime_ns), st.st_size
            if self._announced.get(key) != etag:
                ready.append((key, etag, size))
        return ready

    def scan_once(self, *, require_stable: bool = False) -> list[str]:
        """Enqueue an event for every pending file version; returns the keys announced."""
        announced: list[str] = []
        pending = self.pending(require_stable=require_stable)
        for start in range(0, len(pending), self.batch_size):
            batch = pending[start : start + self.batch_size]
            self.queue.announce(self.bucket, [(key, etag) for key, etag, _ in batch],
                                oss_event(self.bucket, batch, self.region))
            keys = [key for key, _etag, _size in batch]
            for key, etag, _size in batch:
                self._announced[key] = etag
            announced += keys
            if self.on_enqueued is not None:
                self.on_enqueued(keys)
        return announced

    def poll(self) -> None:
        """One poll of the thread: never raises, so one bad file or a bug cannot stop the watcher."""
        try:
            self.scan_once(require_stable=True)
        except Exception as exc:  # logged by class name only: messages can carry file names
            self.failed_polls += 1
            self.log.error("watcher.poll_failed", error_code=type(exc).__name__)

    def run(self, interval_s: float = 0.5) -> None:
        while not self._stop.is_set():
            self.poll()
            self._stop.wait(interval_s)

    def start(self, interval_s: float = 0.5) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self.run, args=(interval_s,), name="credrec-watcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
