"""Options and wiring shared by the offline commands."""

from __future__ import annotations

import atexit
import json
import sys
from pathlib import Path
from typing import Any

import typer

from credrec.logging import JsonLogger
from credrec.ports import Recognizer

DataDir = typer.Option(Path(".credrec"), "--data-dir", help="Local bucket, results database and logs.",
                       envvar="CREDREC_DATA_DIR")
Backend = typer.Option("local", "--backend", help="local (offline OCR engine) or cloudauth (real API or emulator).")
Endpoint = typer.Option(None, "--endpoint", help="cloudauth host[:port]; a loopback host is spoken to over http.")


def file_logger(data_dir: Path, level: str = "INFO") -> JsonLogger:
    """App logs go to DATA_DIR/logs/credrec.jsonl (0600, folder 0700) so stdout stays machine-readable."""
    import atexit

    from credrec_local.runtime.private_files import open_private_append

    stream = open_private_append(data_dir / "logs" / "credrec.jsonl")
    atexit.register(stream.close)  # it lives as long as the command's process, and is closed at its end
    return JsonLogger(stream=stream, level=level)


def make_recognizer(backend: str, endpoint: str | None, settings: Any, url_reader: Any) -> tuple[Recognizer, Any]:
    """The recognizer for ``--backend`` (see ``credrec_local.runtime.stack.make_recognizer``), as a CLI error."""
    from credrec_local.runtime.stack import make_recognizer as build

    try:
        return build(backend, endpoint, settings, url_reader)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc


def open_stack(data_dir: Path, backend: str, endpoint: str | None) -> Any:
    """The one local stack of a command, logging to DATA_DIR/logs/credrec.jsonl."""
    from credrec_local.runtime.stack import local_settings, local_token, open_local_stack

    level = local_settings(data_dir, local_token(data_dir)).log_level
    try:
        return open_local_stack(data_dir, backend=backend, endpoint=endpoint, logger=file_logger(data_dir, level))
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc


def emit_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def fraud_label(fraud: dict[str, Any]) -> str:
    if not fraud.get("checked"):
        return "not checked"
    if fraud.get("suspicious"):
        return "suspicious" + (f" ({', '.join(fraud['types'])})" if fraud.get("types") else "")
    return "no signal" if fraud.get("suspicious") is False else "unknown"
