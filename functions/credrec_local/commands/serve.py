"""``credrec serve``: the HTTP trigger and the OSS trigger, locally.

Files dropped into the local bucket become OSS events on the durable queue (``watcher``), and
``--workers`` runner threads deliver them to the handler with FC's async semantics (``runner``):
retries with backoff, a dead-letter folder, nothing lost across ``kill -9`` and restart. The HTTP
API is synchronous, as FC's HTTP trigger, and never retried.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer

from ._common import Backend, DataDir, Endpoint, open_stack


@dataclass
class RunnerOptions:
    workers: int = 2
    retry_backoff_s: float = 1.0
    retry_backoff_cap_s: float = 30.0
    max_event_age_s: float = 86400.0
    function_timeout_s: int = 120
    poll_s: float = 0.5


@dataclass
class Services:
    stack: Any
    gateway: Any
    queue: Any
    runner: Any
    watcher: Any

    def stop(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
        if self.runner is not None:
            self.runner.stop()
        if self.gateway is not None:
            self.gateway.stop()


def open_queue(stack: Any, options: RunnerOptions) -> Any:
    from credrec_local.runtime.event_queue import EventQueue

    return EventQueue(stack.data_dir, max_deliveries=stack.settings.max_deliveries,
                      max_age_s=options.max_event_age_s, backoff_base_s=options.retry_backoff_s,
                      backoff_cap_s=max(options.retry_backoff_s, options.retry_backoff_cap_s))


def start_runner(stack: Any, queue: Any, options: RunnerOptions, on_done: Any = None) -> Any:
    from credrec_local.runtime.runner import LocalRunner

    return LocalRunner(stack.app, queue, workers=options.workers, function_timeout_s=options.function_timeout_s,
                       on_done=on_done).start()


def start_services(data_dir: Path, *, host: str, port: int, backend: str, endpoint: str | None, watch: bool,
                   options: RunnerOptions | None = None, http: bool = True, stack: Any = None) -> Services:
    from credrec_local.runtime.event_queue import RunnerLockedError
    from credrec_local.runtime.private_files import private_dir
    from credrec_local.runtime.watcher import BucketWatcher
    from credrec_local.servers.http_gateway import HttpGateway

    options = options or RunnerOptions()
    stack = stack or open_stack(data_dir, backend, endpoint)
    settings = stack.settings
    queue = open_queue(stack, options)
    try:
        runner = start_runner(stack, queue, options)
    except RunnerLockedError as exc:
        raise typer.BadParameter(f"{exc}: stop the other `credrec serve` first") from exc
    gateway = None
    if http:
        gateway = HttpGateway(stack.app, host, port)
        gateway.start()
    watcher = None
    if watch:
        watcher = BucketWatcher(queue, stack.objects, bucket=settings.bucket, prefix=settings.upload_prefix,
                                region=settings.region, on_enqueued=lambda _keys: runner.notify(), logger=stack.app.log)
        private_dir(stack.objects.bucket_path(settings.bucket) / settings.upload_prefix)
        watcher.start(options.poll_s)
    return Services(stack=stack, gateway=gateway, queue=queue, runner=runner, watcher=watcher)


def explain(services: Services) -> None:
    stack, gateway, watcher = services.stack, services.gateway, services.watcher
    s = stack.settings
    bucket_dir = stack.objects.bucket_path(s.bucket) / s.upload_prefix
    reviewers = sorted(s.reviewer_hashes)
    lines = []
    if gateway is not None:
        lines += [
            f"credrec is serving the HTTP trigger on {gateway.url}",
            f"  review:  {gateway.url}/   (workbench; reviewers: "
            + (", ".join(reviewers) if reviewers else "none yet — `credrec reviewers add NAME` prints a sign-in token")
            + ")",
            f"  token:   {stack.token}   (kept in {stack.data_dir / 'api-token'})",
            f"  try:     curl -s {gateway.url}/healthz",
            f"           curl -s -H 'Authorization: Bearer {stack.token}' {gateway.url}/results",
            f"           curl -s -H 'Authorization: Bearer {stack.token}' -H 'Content-Type: image/png' "
            f"--data-binary @bill.png {gateway.url}/recognize",
        ]
    if watcher is not None:
        lines.append(f"  uploads: copy files into {bucket_dir}/ and they are processed like OSS uploads "
                     f"({services.runner.workers} workers, FC async retries)")
    recovered = services.runner.stats.recovered
    if recovered:
        lines.append(f"  queue:   {recovered} event(s) were in flight when the last runner stopped: retried")
    lines.append(f"  dead letters: {services.queue.dead_dir}   (`credrec redrive` re-drives them)")
    lines.append("  logs:    " + str(stack.data_dir / "logs" / "credrec.jsonl") + "   (Ctrl-C to stop)")
    sys.stderr.write("\n".join(lines) + "\n")
    sys.stderr.flush()


def wait_forever(services: Services) -> None:
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        sys.stderr.write("stopping\n")
    finally:
        services.stop()


Workers = typer.Option(2, "--workers", min=1, max=64, help="Concurrent invocations (FC instances x instance concurrency).")
RetryBackoff = typer.Option(1.0, "--retry-backoff-s", min=0.0, help="First async retry delay; doubles per delivery.")


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        host: str = typer.Option("127.0.0.1", "--host", help="Bind address (keep it on loopback)."),
        port: int = typer.Option(9000, "--port", help="HTTP port (0 = any free port)."),
        data_dir: Path = DataDir,
        watch: bool = typer.Option(True, "--watch/--no-watch", help="Also process files dropped into the bucket."),
        http: bool = typer.Option(True, "--http/--no-http", help="Serve the HTTP trigger."),
        backend: str = Backend,
        endpoint: str | None = Endpoint,
        workers: int = Workers,
        retry_backoff_s: float = RetryBackoff,
        retry_backoff_cap_s: float = typer.Option(30.0, "--retry-backoff-cap-s", min=0.0,
                                                  help="Largest async retry delay."),
        max_event_age_s: float = typer.Option(86400.0, "--max-event-age-s", min=1.0,
                                              help="Older events are dead-lettered instead of invoked "
                                                   "(FC's maxAsyncEventAgeInSeconds)."),
        function_timeout_s: int = typer.Option(120, "--function-timeout", min=1, max=86400,
                                               help="The function timeout the handler is told (FC's timeout)."),
        poll_s: float = typer.Option(0.5, "--poll-s", min=0.05, help="How often the bucket folder is scanned."),
    ) -> None:
        """Serve the HTTP API as the HTTP trigger would, and watch the local bucket like the OSS trigger."""
        if host not in ("127.0.0.1", "localhost", "::1"):
            sys.stderr.write(f"warning: binding to {host} exposes the API beyond this machine\n")
        options = RunnerOptions(workers=workers, retry_backoff_s=retry_backoff_s,
                                retry_backoff_cap_s=retry_backoff_cap_s, max_event_age_s=max_event_age_s,
                                function_timeout_s=function_timeout_s, poll_s=poll_s)
        services = start_services(data_dir, host=host, port=port, backend=backend, endpoint=endpoint,
                                  watch=watch, options=options, http=http)
        explain(services)
        wait_forever(services)
