"""``credrec results list|show|rescore``: read the local results database, replay decisions."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from credrec.models import Record

from ._common import DataDir, emit_json, fraud_label

results_app = typer.Typer(no_args_is_help=True, help="Inspect stored records.")


def _store(data_dir: Path):
    from credrec_local.adapters.store_sqlite import SqliteResultStore
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
    records: list[Record] = []
    cursor: str | None = None
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
    for col in ("id", "status", "source", "name", "fraud", "code", "decision"):
        table.add_column(col, overflow="fold")
    for r in records:
        view = r.public_view()
        decision = r.decision.outcome.value if r.decision else ""
        table.add_row(r.id, r.status.value, r.source.key or r.source.kind, r.fields.name or "",
                      fraud_label(view["fraud"]), (r.error.code if r.error else r.sub_code) or "", decision)
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


@results_app.command("rescore")
def rescore_records(
    policy_file: Path = typer.Option(..., "--policy", help="The policy YAML to decide with."),  # noqa: B008
    since: str | None = typer.Option(None, "--since", help="Only records created on or after this date "
                                        "(YYYY-MM-DD, UTC) or ISO-8601 time."),
    dry_run: bool = typer.Option(True, "--dry-run/--write", help="Show what would change (default) or write it."),
    as_json: bool = typer.Option(False, "--json", help="The report as one JSON line."),
    data_dir: Path = DataDir,
) -> None:
    """Recompute the decisions of stored records under a policy, without calling the API again."""
    import datetime as dt
    import time

    from credrec.decide import PolicyError, read_policy_file
    from credrec.decide.rescore import rescore

    try:
        policy = read_policy_file(policy_file)
    except PolicyError as exc:
        emit_json({"error": {"code": "INVALID_POLICY", "message": str(exc)}})
        raise typer.Exit(2) from None
    since_ts = None
    if since:
        try:
            parsed = dt.datetime.fromisoformat(since)
        except ValueError as exc:
            raise typer.BadParameter("--since: use YYYY-MM-DD or an ISO-8601 time") from exc
        since_ts = (parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)).timestamp()
    report = rescore(_store(data_dir), policy, now=time.time(), since=since_ts, dry_run=dry_run)
    if as_json:
        emit_json(report.as_dict())
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    title = f"rescore with {report.policy}: {report.examined} record(s), {report.changed} outcome(s) change"
    table = Table(title=title + (" (dry run: nothing written)" if dry_run else ""))
    table.add_column("outcome")
    table.add_column("before", justify="right")
    table.add_column("after", justify="right")
    for outcome in sorted(set(report.before) | set(report.after)):
        table.add_row(outcome, str(report.before.get(outcome, 0)), str(report.after.get(outcome, 0)))
    console.print(table)
    for (old, new), n in sorted(report.transitions.items()):
        console.print(f"  {old} → {new}: {n}")
    if not dry_run:
        console.print(f"written: {report.written}, left alone (changed meanwhile): {report.conflicts}")
    if report.skipped_in_progress or report.skipped_before_since:
        console.print(f"skipped: {report.skipped_in_progress} in progress, {report.skipped_before_since} "
                      "created before --since")


def register(app: typer.Typer) -> None:
    app.add_typer(results_app, name="results")
