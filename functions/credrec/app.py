"""The application object behind ``credrec.index.handler``: one per instance, adapters injected.

``App.handle(event, context)`` is the whole function. The cloud build (``index.py``) and the local
stack (``credrec_local``) construct it with different adapters and share every line of this path.

Events: an OSS trigger event (uploads; entries other than ``ObjectCreated:*`` are counted and
skipped), an HTTP trigger event, or an FC timer event (runs one sweep, see ``sweeper.py``).
``App.sweep()`` and ``App.redrive(message)`` are the same recovery calls for the local CLI.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .credentials import ContextCredentials, EnvironmentCredentials, InvocationCredentials
from .errors import CredrecError, RetryableBatchError, RetryableError
from .events import HttpRequest, OssEvent, decode_payload, is_http_event, is_oss_event, is_timer_event
from .http_api import HttpApi, response
from .logging import JsonLogger
from .pipeline import Invocation, Pipeline
from .ports import AnswerVault, Clock, ObjectSource, Recognizer, ResultStore
from .retry import Deadline, invocation_deadline
from .settings import Settings
from .sweeper import RedriveReport, Sweeper, SweepReport, redrive_payload

DEFAULT_TIMEOUT_S = 60.0
SAFETY_S = 1.5  # leave time to write the record before FC stops the instance


def invocation_seconds(context: Any) -> float:
    """Time this invocation may use, from the FC context (function.timeout, in seconds)."""
    remaining = getattr(context, "get_remaining_time_in_millis", None)
    if callable(remaining):
        try:
            return max(1.0, float(remaining()) / 1000 - SAFETY_S)
        except (TypeError, ValueError):
            pass
    function = getattr(context, "function", None)
    timeout = getattr(function, "timeout", None)
    try:
        seconds = float(timeout) if timeout else DEFAULT_TIMEOUT_S
    except (TypeError, ValueError):
        seconds = DEFAULT_TIMEOUT_S
    return max(1.0, seconds - SAFETY_S)


class App:
    def __init__(
        self,
        *,
        settings: Settings,
        recognizer: Recognizer,
        objects: ObjectSource,
        store: ResultStore,
        clock: Clock,
        logger: JsonLogger,
        credentials: InvocationCredentials | None = None,
        environ: Mapping[str, str] | None = None,
        vault: AnswerVault | None = None,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.log = logger
        self.credentials = credentials
        self.environ = environ or {}
        self.pipeline = Pipeline(settings=settings, recognizer=recognizer, objects=objects, store=store,
                                 clock=clock, logger=logger, vault=vault)
        self.http = HttpApi(settings, self.pipeline, logger)

    def handle(self, event: Any, context: Any) -> Any:
        """One invocation. Its credentials (``context.credentials``, else the environment) are in effect
        for this call only: concurrent invocations of the instance never see each other's."""
        if self.credentials is None:
            return self._dispatch(event, context)
        with self.credentials.scope(ContextCredentials(context, EnvironmentCredentials(self.environ))):
            return self._dispatch(event, context)

    def _dispatch(self, event: Any, context: Any) -> Any:
        request_id = getattr(context, "request_id", None)
        try:
            payload = decode_payload(event)
        except CredrecError as exc:
            self.log.error("event.invalid", request_id=request_id, error_code=exc.code)
            return {"error": {"code": exc.code, "message": exc.message}}
        deadline = Deadline(self.clock, invocation_seconds(context))
        with invocation_deadline(deadline):  # every adapter call below draws on this one budget
            return self._route(payload, request_id, deadline)

    def _route(self, payload: Any, request_id: str | None, deadline: Deadline) -> Any:
        if is_http_event(payload):
            inv = Invocation(request_id=request_id, deadline=deadline, trigger="http")
            try:
                return self.http.handle(HttpRequest(payload), inv)
            except Exception as exc:  # the HTTP layer already maps errors; this is a last resort
                self.log.error("http.unhandled", request_id=request_id, error_code=type(exc).__name__)
                return response(500, {"error": {"code": "INTERNAL_ERROR", "message": "internal error"}}, request_id)
        if is_oss_event(payload):
            return self._handle_oss(OssEvent(payload), Invocation(request_id=request_id, deadline=deadline))
        if is_timer_event(payload):
            report = self.sweep(inv=Invocation(request_id=request_id, deadline=deadline, trigger="timer"))
            return {"sweep": report.as_dict()}
        # Retrying cannot fix an event we do not understand: say so, do not raise.
        self.log.error("event.unrecognised", request_id=request_id, error_code="UNRECOGNISED_EVENT")
        return {"error": {"code": "UNRECOGNISED_EVENT", "message": "neither an OSS trigger event nor an HTTP v1 event"}}

    # ------------------------------------------------------------------ recovery

    def invocation(self, context: Any = None, *, seconds: float | None = None, trigger: str = "cli") -> Invocation:
        """An Invocation for a call made outside FC (CLI): ``seconds`` of budget, else the context's."""
        budget = seconds if seconds is not None else invocation_seconds(context)
        return Invocation(request_id=getattr(context, "request_id", None), deadline=Deadline(self.clock, budget),
                          trigger=trigger)

    def sweep(self, *, inv: Invocation | None = None, limit: int = 100, redrive: bool = True,
              seconds: float | None = None) -> SweepReport:
        """Finish overdue IN_PROGRESS records (one sweep; ``report.more``: call again)."""
        inv = inv or self.invocation(seconds=seconds, trigger="sweep")
        with invocation_deadline(inv.deadline):
            return Sweeper(self.pipeline).sweep(inv, limit=limit, redrive=redrive)

    def redrive(self, message: Any, *, inv: Invocation | None = None, seconds: float | None = None) -> RedriveReport:
        """Re-drive one dead-letter message (FC destination envelope or bare OSS event)."""
        inv = inv or self.invocation(seconds=seconds, trigger="redrive")
        with invocation_deadline(inv.deadline):
            return redrive_payload(self.pipeline, message, inv)

    # ------------------------------------------------------------------ OSS

    def _handle_oss(self, event: OssEvent, inv: Invocation) -> dict[str, Any]:
        """Every entry is tried; one bad entry never blocks the others. Transient failures are
        re-raised together at the end so FC retries the event (completed entries are then duplicates).
        Entries that are not uploads (``ObjectRemoved:*``…) are counted and skipped: no record, no call."""
        results: list[dict[str, Any]] = []
        failures: list[CredrecError] = []
        skipped: dict[str, int] = {}
        for entry in event.records:
            if not entry.is_upload:
                name = str(entry.event_name)
                skipped[name] = skipped.get(name, 0) + 1
                continue
            try:
                record = self.pipeline.process_upload(entry, inv)
                results.append({"id": record.id, "status": record.status.value})
            except RetryableError as exc:
                failures.append(exc)
                results.append({"status": "RETRY", "error": exc.code})
            except CredrecError as exc:  # e.g. the store refused a write permanently
                self.log.error("record.unstored", request_id=inv.request_id, error_code=exc.code)
                failures.append(exc)
                results.append({"status": "ERROR", "error": exc.code})
        counts: dict[str, int] = {}
        for item in results:
            counts[item["status"]] = counts.get(item["status"], 0) + 1
        self.log.info("event.done", request_id=inv.request_id, records=len(results), counts=counts,
                      skipped=skipped)
        if failures:
            raise RetryableBatchError(failures)
        return {"records": results}
