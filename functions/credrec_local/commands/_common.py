"""Options and wiring shared by the offline commands."""

from __future__ import annotations

import json
import os
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
    """App logs go to DATA_DIR/logs/credrec.jsonl so stdout stays machine-readable."""
    path = data_dir / "logs" / "credrec.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    return JsonLogger(stream=open(path, "a", encoding="utf-8"), level=level)  # noqa: SIM115 - lives as long as the CLI


def make_recognizer(backend: str, endpoint: str | None, settings: Any, url_reader: Any) -> tuple[Recognizer, Any]:
    """The recognizer for ``--backend`` and the settings it implies."""
    if backend == "local":
        from credrec_local.engine import get_engine
        from credrec_local.recognizer import LocalRecognizer
        return LocalRecognizer(get_engine(), url_reader=url_reader), settings
    if backend == "cloudauth":
        from credrec.adapters.cloudauth import CloudAuthRecognizer
        from credrec.credentials import EnvironmentCredentials
        update: dict[str, Any] = {}
        if endpoint:
            host = endpoint.split(":")[0]
            update["cloudauth_endpoint"] = endpoint
            update["cloudauth_protocol"] = "http" if host in ("127.0.0.1", "localhost", "::1") else "https"
        settings = settings.model_copy(update=update)
        return CloudAuthRecognizer(settings, EnvironmentCredentials(os.environ)), settings
    raise typer.BadParameter("--backend must be local or cloudauth")


def emit_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def fraud_label(fraud: dict[str, Any]) -> str:
    if not fraud.get("checked"):
        return "not checked"
    if fraud.get("suspicious"):
        return "suspicious" + (f" ({', '.join(fraud['types'])})" if fraud.get("types") else "")
    return "no signal" if fraud.get("suspicious") is False else "unknown"
