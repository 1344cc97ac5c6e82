"""JSON-lines logging with an allow-list of keys, so personal data cannot reach the logs.

One line per record or request. Only the keys in ``SAFE_KEYS`` are written; anything else passed in
is dropped and its *name* listed under ``dropped`` (never its value). Object keys are logged only as
a short hash (``key_hash``) because file names often carry people's names. The stream is injected so
tests can read exactly what was written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
import threading
from typing import Any, TextIO

LEVELS = {"DEBUG": 10, "INFO": 20, "WARNING": 30, "ERROR": 40}

SAFE_KEYS = frozenset(
    {
        "request_id", "record_id", "trigger", "event_name", "status", "sub_code", "success",
        "attempts", "deliveries", "duration_ms", "api_ms", "read_ms", "error_code", "retryable",
        "route", "method", "http_status", "records", "outcome", "delivery", "image_format", "width",
        "height", "size", "key_hash", "bucket", "fraud_checked", "fraud_suspicious", "fraud_types",
        "delay_ms", "claim", "upstream_request_id", "counts", "note", "service", "version", "cold_start",
        "backend", "dropped_keys",
        # recovery (sweeper, dead-letter re-drive) and skipped non-upload events
        "skipped", "examined", "finished", "redriven", "from_vault", "errors", "more", "retry",
        # decisions (codes and outcomes only; applicant data never)
        "decision", "decision_reasons", "expected_given", "error_type",
    }
)
_MAX_TEXT = 200


def key_hash(key: str | None) -> str | None:
    """A short, stable, non-reversible handle for an object key (12 hex chars)."""
    if key is None:
        return None
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def _clean(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return value[:_MAX_TEXT]
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value if v is None or isinstance(v, (bool, int, float, str))]
    if isinstance(value, dict):
        return {str(k)[:40]: _clean(v) for k, v in value.items() if isinstance(v, (bool, int, float, str))}
    return str(getattr(value, "value", type(value).__name__))[:_MAX_TEXT]


class JsonLogger:
    def __init__(
        self, stream: TextIO | None = None, level: str = "INFO", service: str = "credrec", **bound: Any
    ) -> None:
        self._stream = stream
        self._level = LEVELS.get(level.upper(), 20)
        self._bound = {"service": service, **bound}
        self._lock = threading.Lock()

    @property
    def stream(self) -> TextIO:
        return self._stream if self._stream is not None else sys.stdout

    def bind(self, **fields: Any) -> JsonLogger:
        child = JsonLogger.__new__(JsonLogger)
        child._stream = self._stream
        child._level = self._level
        child._bound = {**self._bound, **fields}
        child._lock = self._lock
        return child

    def debug(self, event: str, **fields: Any) -> None:
        self._emit("DEBUG", event, fields)

    def info(self, event: str, **fields: Any) -> None:
        self._emit("INFO", event, fields)

    def warning(self, event: str, **fields: Any) -> None:
        self._emit("WARNING", event, fields)

    def error(self, event: str, **fields: Any) -> None:
        self._emit("ERROR", event, fields)

    def _emit(self, level: str, event: str, fields: dict[str, Any]) -> None:
        if LEVELS[level] < self._level:
            return
        merged = {**self._bound, **fields}
        line: dict[str, Any] = {
            "ts": dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds"),
            "level": level,
            "event": event[:80],
        }
        dropped = []
        for key, value in merged.items():
            if key in SAFE_KEYS:
                if value is not None:
                    line[key] = _clean(value)
            else:
                dropped.append(key)
        if dropped:
            line["dropped_keys"] = sorted(dropped)
        text = json.dumps(line, ensure_ascii=False, separators=(",", ":"))
        with self._lock:
            self.stream.write(text + "\n")
            self.stream.flush()
