"""``credrec redrive``: re-drive dead-lettered events — the local runner's folder, or the cloud's MNS queue.

Each dead letter (FC's destination envelope: the original event under ``requestPayload``; a bare OSS
event works too) goes through ``App.redrive`` (``credrec.sweeper.redrive_payload``): a finished record
is a duplicate (no API call), a given-back, expired or retryable-FAILED record is taken over and
finished. A dead letter is deleted only once all its uploads are terminal; one that met a live claim
or a transient failure stays for the next run. Running it twice is harmless, which is what makes it
safe to re-run after a crash half-way.

* default: ``DATA_DIR/dead-letters/*.json`` against the local stack (``--backend`` as elsewhere);
* ``--mns-queue Q --mns-endpoint https://<uid>.mns.<region>.aliyuncs.com``: the cloud dead-letter
  queue, read with the official MNS SDK, re-driven with the production wiring
  (``credrec.index.build_cloud_app``: ``CREDREC_*`` settings and ``ALIBABA_CLOUD_*`` credentials, as
  the function itself would run).
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Any

import typer

from ._common import Backend, DataDir, Endpoint, emit_json, open_stack


def _redrive_one(app: Any, body: bytes, seconds: float) -> tuple[bool, dict[str, Any]]:
    """(finished, JSON line) for one dead letter. The cloud wiring logs JSON lines to stdout (FC's
    log stream): here they go to stderr, so stdout stays one result per dead letter."""
    from credrec.errors import CredrecError

    try:
        with contextlib.redirect_stdout(sys.stderr):
            report = app.redrive(body, seconds=seconds)
    except CredrecError as exc:
        return False, {"error": exc.code}
    return report.done, report.as_dict()


def _progress(n: int, total: int | None, done: int, kept: int) -> None:
    of = f"/{total}" if total else ""
    sys.stderr.write(f"\rredrive: {n}{of} dead letters, {done} done, {kept} kept")
    sys.stderr.flush()


def _local(data_dir: Path, limit: int, seconds: float, backend: str, endpoint: str | None) -> tuple[int, int, int]:
    from credrec_local.runtime.event_queue import DEAD_LETTER_DIR

    folder = data_dir / DEAD_LETTER_DIR
    files = sorted(p for p in folder.glob("*.json") if not p.name.startswith(".")) if folder.exists() else []
    files = files[:limit] if limit else files
    if not files:
        return 0, 0, 0
    stack = open_stack(data_dir, backend, endpoint)
    done = kept = 0
    for n, path in enumerate(files, 1):
        try:
            finished, line = _redrive_one(stack.app, path.read_bytes(), seconds)
        except OSError as exc:
            finished, line = False, {"error": type(exc).__name__}
        if finished:
            path.unlink(missing_ok=True)
            done += 1
        else:
            kept += 1
        emit_json({"dead_letter": path.name, **line, "kept": not finished})
        _progress(n, len(files), done, kept)
    sys.stderr.write("\n")
    return len(files), done, kept


def _mns(queue_name: str, mns_endpoint: str, limit: int, seconds: float) -> tuple[int, int, int]:
    from credrec.credentials import EnvironmentCredentials
    from credrec.index import build_cloud_app
    from credrec_local.adapters.mns_dead_letters import MnsDeadLetters

    queue = MnsDeadLetters(mns_endpoint, queue_name, EnvironmentCredentials(os.environ))
    try:
        return _drain(queue, build_cloud_app(), limit, seconds)
    finally:
        queue.close()


def _drain(queue: Any, app: Any, limit: int, seconds: float) -> tuple[int, int, int]:
    seen = done = kept = 0
    while not limit or seen < limit:
        letter = queue.receive(wait_seconds=1)
        if letter is None:  # empty, or everything left is invisible while an earlier run works on it
            break
        seen += 1
        finished, line = _redrive_one(app, letter.body, seconds)
        if finished:
            queue.delete(letter)
            done += 1
        else:  # stays in the queue: visible again after its visibility timeout, for the next run
            kept += 1
        emit_json({"dead_letter": letter.message_id, "dequeue_count": letter.dequeue_count, **line,
                   "kept": not finished})
        _progress(seen, None, done, kept)
    if seen:
        sys.stderr.write("\n")
    return seen, done, kept


def register(app: typer.Typer) -> None:
    @app.command("redrive")
    def redrive(
        data_dir: Path = DataDir,
        limit: int = typer.Option(0, "--limit", min=0, help="At most this many dead letters (0 = all)."),
        seconds: float = typer.Option(120.0, "--seconds", min=5.0, help="Time budget per dead letter."),
        backend: str = Backend,
        endpoint: str | None = Endpoint,
        mns_queue: str | None = typer.Option(None, "--mns-queue", help="Cloud dead-letter queue name (MNS)."),
        mns_endpoint: str | None = typer.Option(None, "--mns-endpoint", envvar="CREDREC_MNS_ENDPOINT",
                                                help="https://<account-id>.mns.<region>.aliyuncs.com"),
    ) -> None:
        """Re-drive dead letters; one JSON line each, a progress line on stderr, a summary at the end."""
        if mns_queue:
            if not mns_endpoint:
                raise typer.BadParameter("--mns-queue needs --mns-endpoint")
            files, done, kept = _mns(mns_queue, mns_endpoint, limit, seconds)
        else:
            files, done, kept = _local(data_dir, limit, seconds, backend, endpoint)
        emit_json({"redrive": {"dead_letters": files, "done": done, "kept": kept}})
        if kept:
            raise typer.Exit(1)
