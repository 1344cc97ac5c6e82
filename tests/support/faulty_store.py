"""``FaultyStore`` wraps a real ResultStore and makes its next calls fail, as a busy or unreachable
store does (the Tablestore protocol server injects the same faults at the wire; this wrapper lets
one scenario run unchanged over the sqlite store too)."""

from __future__ import annotations

import builtins
from collections.abc import Callable
from typing import Any

from credrec.errors import StoreUnavailableError
from credrec.models import ListPage, Record, Status
from credrec.ports import ResultStore


class FaultyStore:
    def __init__(self, inner: ResultStore) -> None:
        self.inner = inner
        self._failing: dict[str, int] = {}
        self.down = False  # every call fails while True
        self.failed = 0

    def fail(self, method: str = "*", count: int = 1) -> None:
        """The next ``count`` calls of ``method`` (``create``/``replace``/``get``/``due``/``*``) fail."""
        self._failing[method] = self._failing.get(method, 0) + count

    def _check(self, method: str) -> None:
        for name in (method, "*"):
            if self.down or self._failing.get(name, 0) > 0:
                if not self.down:
                    self._failing[name] -= 1
                self.failed += 1
                raise StoreUnavailableError("injected: the store is busy", code="STORE_BUSY")

    def _call(self, method: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        self._check(method)
        return fn(*args, **kwargs)

    def create(self, record: Record) -> bool:
        return bool(self._call("create", self.inner.create, record))

    def replace(self, record: Record, *, expected_owner: str | None) -> bool:
        return bool(self._call("replace", self.inner.replace, record, expected_owner=expected_owner))

    def get(self, record_id: str) -> Record | None:
        result: Record | None = self._call("get", self.inner.get, record_id)
        return result

    def list(self, *, status: Status | None = None, limit: int = 50, cursor: str | None = None) -> ListPage:
        result: ListPage = self._call("list", self.inner.list, status=status, limit=limit, cursor=cursor)
        return result

    def due(self, *, before: float, limit: int = 100) -> builtins.list[str]:
        result: builtins.list[str] = self._call("due", self.inner.due, before=before, limit=limit)
        return result
