"""``credrec sweep``: finish overdue IN_PROGRESS records of the local store (what the FC timer does).

One sweep reads the overdue records from the store's due index (never a table scan) and finishes
each one (``credrec.sweeper``): a kept paid answer is stored, otherwise the work is re-driven from
the bucket once (``--no-redrive``: recorded FAILED with its reason instead). A sweep that stops
early (time or ``--limit``) says so; ``--until-done`` sweeps again until nothing overdue is left.
"""

from __future__ import annotations

from pathlib import Path

import typer

from ._common import Backend, DataDir, Endpoint, emit_json, open_stack


def register(app: typer.Typer) -> None:
    @app.command("sweep")
    def sweep(
        data_dir: Path = DataDir,
        limit: int = typer.Option(100, "--limit", min=1, max=10000, help="Overdue records per sweep."),
        redrive: bool = typer.Option(True, "--redrive/--no-redrive",
                                     help="Re-drive the work (may call the API) or record FAILED."),
        until_done: bool = typer.Option(False, "--until-done", help="Sweep again while overdue records remain."),
        seconds: float = typer.Option(300.0, "--seconds", min=5.0, help="Time budget of one sweep."),
        backend: str = Backend,
        endpoint: str | None = Endpoint,
    ) -> None:
        """Finish IN_PROGRESS records past their lease; prints one JSON report per sweep."""
        stack = open_stack(data_dir, backend, endpoint)
        while True:
            report = stack.app.sweep(limit=limit, redrive=redrive, seconds=seconds)
            emit_json({"sweep": report.as_dict()})
            if not (until_done and report.more and report.examined):
                break
