"""``credrec invoke --event FILE``: run the handler in process on an FC event file (like `sam local invoke`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from ._common import Backend, DataDir, Endpoint, emit_json, open_stack

PLACEHOLDER_ETAG = "0" * 32


def prepare_event(event: Any, stack: Any, *, strict_etag: bool) -> tuple[Any, list[str]]:
    """Fill the local token into HTTP events and local ETags into OSS sample events."""
    notes: list[str] = []
    text = json.dumps(event)
    if "${CREDREC_TOKEN}" in text:
        event = json.loads(text.replace("${CREDREC_TOKEN}", stack.token))
        notes.append("replaced ${CREDREC_TOKEN} with the local API token")
    if isinstance(event, dict) and isinstance(event.get("events"), list):
        from credrec.errors import ObjectNotFoundError
        from credrec.events import OssRecord
        for entry in event["events"]:
            record = OssRecord(entry)
            if record.problem():
                continue
            for key in record.key_candidates():
                try:
                    head = stack.objects.head(record.bucket, key)
                except ObjectNotFoundError:
                    continue
                if head.etag != record.etag and (record.etag == PLACEHOLDER_ETAG or not strict_etag):
                    entry["oss"]["object"]["eTag"] = head.etag
                    entry["oss"]["object"]["size"] = head.size
                    notes.append(f"used the local object's ETag for entry {event['events'].index(entry)}")
                break
    return event, notes


def register(app: typer.Typer) -> None:
    @app.command("invoke")
    def invoke(
        event_file: Path = typer.Option(..., "--event", "-e", exists=True, dir_okay=False, help="FC event JSON."),
        data_dir: Path = DataDir,
        strict_etag: bool = typer.Option(False, "--strict-etag", help="Keep the event's eTag even if it differs."),
        backend: str = Backend,
        endpoint: str | None = Endpoint,
    ) -> None:
        """Run credrec.index's handler code on an event, against the local bucket and store; print the result."""
        from credrec.errors import CredrecError
        from credrec_local.runtime.fc_context import LocalContext

        try:
            event = json.loads(event_file.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise typer.BadParameter(f"{event_file} is not JSON: {exc}") from exc
        stack = open_stack(data_dir, backend, endpoint)
        event, notes = prepare_event(event, stack, strict_etag=strict_etag)
        for note in notes:
            sys.stderr.write(f"note: {note}\n")
        try:
            result = stack.app.handle(json.dumps(event).encode("utf-8"), LocalContext())
        except CredrecError as exc:  # what FC reports for an unhandled error; it would retry an async event
            emit_json({"errorType": type(exc).__name__, "errorCode": exc.code, "errorMessage": exc.message})
            raise typer.Exit(1) from exc
        emit_json(result)
