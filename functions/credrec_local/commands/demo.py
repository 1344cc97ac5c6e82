"""``credrec demo``: sample documents → local bucket → OSS-shaped events → handler → store → table."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import typer

from ._common import Backend, DataDir, Endpoint, emit_json, fraud_label, open_stack


def _put_samples(stack: Any) -> list[tuple[str, str]]:
    """Write the samples that are not in the bucket yet; returns (key, description) for all of them."""
    from credrec_local.runtime.samples import PREFIX, SPECS

    bucket = stack.settings.bucket
    prefix = stack.settings.upload_prefix.rstrip("/") + "/" + PREFIX.split("/", 1)[1]
    out = []
    for spec in SPECS:
        key = prefix + spec.name
        path = stack.objects.path_for(bucket, key)
        if not path.exists():
            stack.objects.put(bucket, key, spec.build())
        out.append((key, spec.description))
    return out


def _table(rows: list[tuple[str, dict[str, Any]]], elapsed: float) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    # below ~120 columns (an 80-column terminal, or output piped without a width) one address line per
    # table line would make every row ten lines tall: join them, and fold the code into the verdict
    compact = console.width < 120
    table = Table(title=f"credrec demo — {len(rows)} documents in {elapsed:.1f} s", show_lines=True,
                  expand=compact, padding=(0, 1 if not compact else 0))
    table.add_column("file", overflow="fold", max_width=28, ratio=3 if compact else None)
    table.add_column("status", no_wrap=True)
    table.add_column("name", overflow="fold", ratio=3 if compact else None)
    table.add_column("address", overflow="fold", max_width=None if compact else 42, ratio=6 if compact else None)
    table.add_column("verdict / code" if compact else "fraud verdict", overflow="fold", ratio=3 if compact else None)
    if not compact:
        table.add_column("code")
    colours = {"SUCCEEDED": "green", "NO_TEXT": "yellow", "REJECTED": "red", "FAILED": "red"}
    for key, view in rows:
        status = view.get("status", "?")
        fields = view.get("fields") or {}
        error = view.get("error") or {}
        address = fields.get("address") or ""
        verdict = fraud_label(view.get("fraud") or {})
        code = error.get("code") or view.get("sub_code") or ""
        cells = [key.rsplit("/", 1)[-1], f"[{colours.get(status, 'white')}]{status}[/]", fields.get("name") or ""]
        if compact:
            cells += [", ".join(line.strip() for line in address.splitlines() if line.strip()), f"{verdict} / {code}"]
        else:
            cells += [address, verdict, code]
        table.add_row(*cells)
    console.print(table)


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo(
        once: bool = typer.Option(False, "--once", help="Process the samples, print the results and exit."),
        as_json: bool = typer.Option(False, "--json", help="One JSON record per line instead of a table."),
        data_dir: Path = DataDir,
        backend: str = Backend,
        endpoint: str | None = Endpoint,
        host: str = typer.Option("127.0.0.1", "--host", help="Where to serve afterwards (without --once)."),
        port: int = typer.Option(9000, "--port"),
    ) -> None:
        """Run the whole pipeline offline on generated sample documents."""
        from credrec.idempotency import oss_record_id
        from credrec_local.runtime.event_queue import RunnerLockedError
        from credrec_local.runtime.watcher import BucketWatcher

        from .serve import RunnerOptions, explain, open_queue, start_runner, start_services, wait_forever

        started = time.monotonic()
        say = (lambda msg: None) if as_json else (lambda msg: sys.stderr.write(msg + "\n"))
        say(f"loading the {backend} recognizer …")
        stack = open_stack(data_dir, backend, endpoint)
        settings, objects = stack.settings, stack.objects
        samples = _put_samples(stack)
        say(f"{len(samples)} sample documents in {objects.bucket_path(settings.bucket) / settings.upload_prefix}")

        # the same path as `serve`: files → OSS events on the durable queue → runner → handler
        options = RunnerOptions(workers=1)
        queue = open_queue(stack, options)
        watcher = BucketWatcher(queue, objects, bucket=settings.bucket, prefix=settings.upload_prefix,
                                region=settings.region, logger=stack.app.log)
        results: dict[str, dict[str, Any]] = {}
        announced = set(watcher.scan_once())

        def collect(event: Any, outcome: str, result: Any) -> None:
            from credrec_local.runtime.runner import event_keys
            items = (result or {}).get("records") or [] if outcome == "done" and isinstance(result, dict) else []
            for n, key in enumerate(event_keys(event)):
                results[key] = items[n] if n < len(items) else {"status": outcome.upper()}

        try:
            runner = start_runner(stack, queue, options, on_done=collect)
        except RunnerLockedError as exc:
            raise typer.BadParameter(f"{exc}: stop the running `credrec serve` first") from exc
        try:
            if as_json or not sys.stderr.isatty():
                runner.drain()
            else:
                from rich.progress import Progress
                with Progress(transient=True) as progress:
                    task = progress.add_task("recognising", total=max(1, queue.counts().pending))
                    while not runner.drain(timeout_s=0.2):
                        progress.update(task, completed=len(results))
        finally:
            runner.stop()
        rows = []
        for key, _description in samples:
            head = objects.head(settings.bucket, key)
            record = stack.store.get(oss_record_id(settings.bucket, key, head.etag))
            item = results.get(key)
            view = record.public_view() if record else {"status": (item or {}).get("status", "PENDING"),
                                                          "error": {"code": (item or {}).get("error")}}
            rows.append((key, view))
        wanted = {key for key, _ in samples}
        for key in sorted(k for k in announced | set(results) if k not in wanted):  # files the user dropped in
            item = results.get(key) or {}
            record = stack.store.get(item["id"]) if item.get("id") else None
            rows.append((key, record.public_view() if record else {"status": item.get("status", "PENDING")}))

        if as_json:
            for key, view in rows:
                emit_json({"file": key, **view})
        else:
            _table(rows, time.monotonic() - started)
            say(f"records are in {stack.store.path}; try `credrec results list` or `credrec results show ID`")
        if once:
            return
        services = start_services(data_dir, host=host, port=port, backend=backend, endpoint=endpoint,
                                  watch=True, stack=stack)
        explain(services)
        wait_forever(services)
