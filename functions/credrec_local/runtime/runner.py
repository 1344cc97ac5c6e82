"""The local runner: FC 3.0's asynchronous invocation, on one machine, over ``EventQueue``.

``workers`` threads each take one event at a time from the durable queue and call ``App.handle``
with an FC-like context, exactly as FC invokes the function for an OSS trigger:

* the handler **returns** → the event is done (FC does not retry a returned value, even an error dict);
* the handler **raises** → FC's ``UnhandledInvocationError``: retried after a backoff, up to
  ``max_deliveries`` deliveries in all (1 + FC's default 3 retries), then written to the dead-letter
  folder (FC's ``onFailure`` destination);
* more events than workers → they wait in the queue unbilled and without spending deliveries, as FC
  queues async invocations refused for concurrency;
* the runner killed (``kill -9``) → the events it was running count as failed deliveries on restart
  (``EventQueue.recover``), events enqueued meanwhile are still there.

The HTTP trigger is synchronous and never goes through the runner (FC never retries it).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from credrec.app import App
from credrec_local.runtime.event_queue import EventQueue, QueuedEvent
from credrec_local.runtime.fc_context import LocalContext, LocalFunction

OnDone = Callable[[QueuedEvent, str, Any], None]  # (event, "done" | "retry" | "dead-letter", result or error)


@dataclass
class RunnerStats:
    invocations: int = 0
    done: int = 0
    retried: int = 0
    dead_lettered: int = 0
    recovered: int = 0


class LocalRunner:
    def __init__(
        self,
        app: App,
        queue: EventQueue,
        *,
        workers: int = 2,
        function_timeout_s: int = 120,
        poll_s: float = 0.1,
        on_done: OnDone | None = None,
    ) -> None:
        self.app = app
        self.queue = queue
        self.workers = max(1, workers)
        self.function = LocalFunction(timeout=function_timeout_s)
        self.poll_s = poll_s
        self.on_done = on_done
        self.stats = RunnerStats()
        self._stats_lock = threading.Lock()
        self._stop = threading.Event()
        self._wake = threading.Condition()
        self._busy = 0
        self._threads: list[threading.Thread] = []

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> LocalRunner:
        """Take the data dir's runner lock, recover what a killed runner left, start the workers."""
        self.queue.acquire_lock()
        again, dead = self.queue.recover()
        self.stats.recovered = again + dead
        self._stop.clear()
        for n in range(self.workers):
            thread = threading.Thread(target=self._work, name=f"credrec-runner-{n}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self, timeout_s: float = 30.0) -> None:
        """Stop taking events; wait for the invocations in flight, then release the lock."""
        self._stop.set()
        self.notify()
        deadline = time.monotonic() + timeout_s
        for thread in self._threads:
            thread.join(timeout=max(0.1, deadline - time.monotonic()))
        self._threads.clear()
        self.queue.release_lock()

    def notify(self) -> None:
        """Wake idle workers (an event was just enqueued)."""
        with self._wake:
            self._wake.notify_all()

    def drain(self, timeout_s: float | None = None) -> bool:
        """Block until nothing is queued, delayed or in flight; False on timeout."""
        deadline = None if timeout_s is None else time.monotonic() + timeout_s
        while True:
            counts = self.queue.counts()
            with self._wake:
                busy = self._busy
            if counts.pending == 0 and busy == 0:
                return True
            if deadline is not None and time.monotonic() >= deadline:
                return False
            time.sleep(self.poll_s)

    # ------------------------------------------------------------------ workers

    def _work(self) -> None:
        while not self._stop.is_set():
            event = None
            with self._wake:
                self._busy += 1
            try:
                event = self.queue.take()
                if event is not None:
                    self._invoke(event)
            except Exception:  # the queue database busy or failing: keep the worker alive, try again
                time.sleep(self.poll_s)
            finally:
                with self._wake:
                    self._busy -= 1
            if event is None:
                try:
                    wait = self.queue.next_ready_in()
                except Exception:
                    wait = None
                with self._wake:
                    self._wake.wait(self.poll_s if wait is None else min(max(wait, 0.01), self.poll_s * 5))

    def _invoke(self, event: QueuedEvent) -> None:
        with self._stats_lock:
            self.stats.invocations += 1
        if self.queue.expired(event):  # older than FC's maxAsyncEventAgeInSeconds: never invoked
            self.queue.fail(event, "the event is older than the queue's maximum event age", condition="EventExpired")
            self._count("dead_lettered")
            self._report(event, "dead-letter", {"error": "EventExpired"})
            return
        context = LocalContext(request_id=event.request_id, function=self.function)
        try:
            result = self.app.handle(event.payload.encode("utf-8"), context)
        except Exception as exc:  # FC: UnhandledInvocationError → async retry
            error = describe_error(exc)
            outcome = self.queue.fail(event, error)
            self._count("retried" if outcome == "retry" else "dead_lettered")
            self._report(event, outcome, {"error": error})
            if outcome == "retry":
                self.notify()
            return
        self.queue.ack(event)
        self._count("done")
        self._report(event, "done", result)

    def _count(self, name: str) -> None:
        with self._stats_lock:
            setattr(self.stats, name, getattr(self.stats, name) + 1)

    def _report(self, event: QueuedEvent, outcome: str, result: Any) -> None:
        if self.on_done is not None:
            try:
                self.on_done(event, outcome, result)
            except Exception:  # noqa: S110 - a progress callback must never break the runner
                pass


def describe_error(exc: BaseException) -> str:
    """``Type: CODE: message`` for credrec's errors (stable codes, no personal data), ``Type: text`` else."""
    code, message = getattr(exc, "code", None), getattr(exc, "message", None)
    if code and message is not None:
        return f"{type(exc).__name__}: {code}: {message}"
    return f"{type(exc).__name__}: {exc}"


def event_keys(event: QueuedEvent) -> list[str]:
    """The object keys an OSS event names (for progress displays); [] for anything else."""
    try:
        payload = json.loads(event.payload)
        return [str(e["oss"]["object"]["key"]) for e in payload.get("events", [])]
    except (ValueError, KeyError, TypeError, AttributeError):
        return []
