"""``credrec serve``: the HTTP trigger and the OSS trigger, locally."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Optional

import typer

from ._common import Backend, DataDir, Endpoint, file_logger, make_recognizer


def start_services(data_dir: Path, *, host: str, port: int, backend: str, endpoint: str | None, watch: bool,
                   on_result=None):  # noqa: ANN001, ANN201
    from credrec_local.bucket_dir import BucketDirSource
    from credrec_local.http_gateway import HttpGateway
    from credrec_local.stack import build_stack, local_settings, local_token
    from credrec_local.watcher import BucketWatcher

    objects = BucketDirSource(data_dir)
    token = local_token(data_dir)
    recognizer, settings = make_recognizer(backend, endpoint, local_settings(data_dir, token), objects.open_presigned)
    stack = build_stack(data_dir, recognizer=recognizer, objects=objects, settings=settings,
                        logger=file_logger(data_dir, settings.log_level))
    gateway = HttpGateway(stack.app, host, port)
    gateway.start()
    watcher = None
    if watch:
        watcher = BucketWatcher(stack.app, objects, bucket=settings.bucket, prefix=settings.upload_prefix,
                                region=settings.region, on_result=on_result)
        (objects.bucket_path(settings.bucket) / settings.upload_prefix).mkdir(parents=True, exist_ok=True)
        watcher.start()
    return stack, gateway, watcher


def explain(stack, gateway, watcher) -> None:  # noqa: ANN001
    s = stack.settings
    bucket_dir = stack.objects.bucket_path(s.bucket) / s.upload_prefix
    lines = [
        f"credrec is serving the HTTP trigger on {gateway.url}",
        f"  token:   {stack.token}   (kept in {stack.data_dir / 'api-token'})",
        f"  try:     curl -s {gateway.url}/healthz",
        f"           curl -s -H 'Authorization: Bearer {stack.token}' {gateway.url}/results",
        f"           curl -s -H 'Authorization: Bearer {stack.token}' -H 'Content-Type: image/png' "
        f"--data-binary @bill.png {gateway.url}/recognize",
    ]
    if watcher is not None:
        lines.append(f"  uploads: copy files into {bucket_dir}/ and they are processed like OSS uploads")
    lines.append("  logs:    " + str(stack.data_dir / "logs" / "credrec.jsonl") + "   (Ctrl-C to stop)")
    sys.stderr.write("\n".join(lines) + "\n")


def wait_forever(gateway, watcher) -> None:  # noqa: ANN001
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        sys.stderr.write("stopping\n")
    finally:
        if watcher is not None:
            watcher.stop()
        gateway.stop()


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        host: str = typer.Option("127.0.0.1", "--host", help="Bind address (keep it on loopback)."),
        port: int = typer.Option(9000, "--port"),
        data_dir: Path = DataDir,
        watch: bool = typer.Option(True, "--watch/--no-watch", help="Also process files dropped into the bucket."),
        backend: str = Backend,
        endpoint: Optional[str] = Endpoint,  # noqa: UP007
    ) -> None:
        """Serve the HTTP API as the HTTP trigger would, and watch the local bucket like the OSS trigger."""
        if host not in ("127.0.0.1", "localhost", "::1"):
            sys.stderr.write(f"warning: binding to {host} exposes the API beyond this machine\n")
        stack, gateway, watcher = start_services(data_dir, host=host, port=port, backend=backend,
                                                 endpoint=endpoint, watch=watch)
        explain(stack, gateway, watcher)
        wait_forever(gateway, watcher)
