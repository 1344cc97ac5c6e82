"""``credrec redrive``: re-drive the events the local runner dead-lettered (``DATA_DIR/dead-letters``).

Each dead-letter file (FC's destination envelope: the original event under ``requestPayload``) goes
through ``App.redrive`` (``credrec.sweeper.redrive_payload``): a finished record is a duplicate (no
API call), a given-back, expired or retryable-FAILED record is taken over and finished. A file is
deleted only once all its entries are terminal; one that met a live claim or a transient failure
stays for the next run. Running it twice is harmless: that is what makes it safe to re-run after a
crash half-way.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ._common import Backend, DataDir, Endpoint, emit_json, open_stack


def register(app: typer.Typer) -> None:
    @app.command("redrive")
    def redrive(
        data_dir: Path = DataDir,
        limit: int = typer.Option(0, "--limit", min=0, help="At most this many files (0 = all)."),
        seconds: float = typer.Option(120.0, "--seconds", min=5.0, help="Time budget per dead letter."),
        backend: str = Backend,
        endpoint: str | None = Endpoint,
    ) -> None:
        """Re-drive the local dead-letter folder; one JSON line per file, a summary at the end."""
        from credrec.errors import CredrecError
        from credrec_local.event_queue import DEAD_LETTER_DIR

        folder = data_dir / DEAD_LETTER_DIR
        files = sorted(p for p in folder.glob("*.json") if not p.name.startswith(".")) if folder.exists() else []
        if limit:
            files = files[:limit]
        if not files:
            emit_json({"redrive": {"files": 0, "done": 0, "kept": 0}})
            return
        stack = open_stack(data_dir, backend, endpoint)
        done = kept = 0
        for n, path in enumerate(files, 1):
            try:
                message = path.read_bytes()
                report = stack.app.redrive(message, seconds=seconds)
            except (OSError, ValueError, CredrecError) as exc:
                kept += 1
                emit_json({"file": path.name, "error": getattr(exc, "code", type(exc).__name__), "kept": True})
                continue
            if report.done:
                path.unlink(missing_ok=True)
                done += 1
            else:
                kept += 1
            emit_json({"file": path.name, **report.as_dict(), "kept": not report.done})
            sys.stderr.write(f"\rredrive: {n}/{len(files)} files, {done} done, {kept} kept")
            sys.stderr.flush()
        sys.stderr.write("\n")
        emit_json({"redrive": {"files": len(files), "done": done, "kept": kept}})
        if kept:
            raise typer.Exit(1)


