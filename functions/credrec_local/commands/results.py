"""``credrec results list|show``: read the local results database."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ._common import DataDir, emit_json, fraud_label

results_app = typer.Typer(no_args_is_help=True, help="Inspect stored records.")


def _store(data_dir: Path):
    from credrec_local.store_sqlite import SqliteResultStore
    path = data_dir / "credrec.sqlite3"
    if not path.exists():
        raise typer.BadParameter(f"no results database in {data_dir} (run `credrec demo` or `credrec serve` first)")
    return SqliteResultStore(path)


@results_app.command("list")
def list_records(
    status: Optional[str] = typer.Option(None, "--status", help="SUCCEEDED, NO_TEXT, REJECTED, FAILED or IN_PROGRESS."),  # noqa: UP007
    limit: int = typer.Option(100, "--limit", min=1, max=1000),
    as_json: bool = typer.Option(False, "--json", help="One JSON record per line."),
    data_dir: Path = DataDir,
) -> None:
    """List records, optionally of one status."""
    from credrec.models import Status
    wanted = None
    if status:
        try:
            wanted = Status(status.upper())
        except ValueError as exc:
            raise typer.BadParameter(f"unknown status {status!r}") from exc
    store = _store(data_dir)
    records, cursor = [], None
    while len(records) < limit:
        page = store.list(status=wanted, limit=min(100, limit - len(records)), cursor=cursor)
        records += page.records
        cursor = page.cursor
        if not cursor:
            break
    if as_json:
        for record in records:
            emit_json(record.public_view())
        return
    from rich.console import Console
    from rich.table import Table
    table = Table(title=f"{len(records)} record(s)")
    for col in ("id", "status", "source", "name", "fraud", "code"):
        table.add_column(col, overflow="fold")
    for r in records:
        view = r.public_view()
        table.add_row(r.id, r.status.value, r.source.key or r.source.kind, r.fields.name or "",
                      fraud_label(view["fraud"]), (r.error.code if r.error else r.sub_code) or "")
    Console().print(table)


@results_app.command("show")
def show(
    record_id: str = typer.Argument(..., help="Record id (32 hex characters)."),
    as_json: bool = typer.Option(False, "--json"),
    data_dir: Path = DataDir,
) -> None:
    """Show one record in full."""
    record = _store(data_dir).get(record_id)
    if record is None:
        emit_json({"error": {"code": "NOT_FOUND", "message": "no such record"}})
        raise typer.Exit(1)
    view = record.public_view()
    if as_json:
        emit_json(view)
        return
    from rich.console import Console
    from rich.pretty import Pretty
    Console().print(Pretty(view, expand_all=True))


def register(app: typer.Typer) -> None:
    app.add_typer(results_app, name="results")
