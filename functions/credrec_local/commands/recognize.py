"""``credrec recognize FILE|DIR ...``: images through a Recognizer (local engine or CloudAuth), one JSON line each.

Both backends go through the ``credrec.ports.Recognizer`` port and print the same shape, one line per
file (a folder stands for the images directly inside it, in name order)::

    {"file": "bills/a.jpg", "success": "S", "sub_code": "200", "ext_id_info": "<raw JSON string>",
     "fields": {"name": ..., "address": ..., "issuer": ..., ...},
     "field_details": {...}, "fraud": {"checked", "suspicious", "types", "score"},
     "request_id": ..., "note": ..., "backend": "local"}

With applicant data (``--expect-name/--expect-address/--expect-country``) or without, each line also
carries ``decision``: the same checks and policy as the function (``--policy FILE``, default the shipped
policy), so a file can be tried before it is uploaded.

Input the API would refuse (format, dimensions, aspect ratio, size, corrupt, unreadable) is refused
first with the pipeline's own ``credrec.validation``: ``{"file": ..., "error": {"code", "message"}}``.
A failed call prints the same error shape. One file's error never stops the batch.

Batch use: the models load once per worker (``--jobs N`` workers, each with its own engine, so N pages
are read at the same time), a progress bar goes to stderr when stderr is a terminal, and stdout carries
only the JSON lines, in the order the files finish. Exit code: 0 when every file was recognised,
2 when any file was refused (unreadable, or outside the API's limits), else 1 when any call failed.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer

from ._common import Backend, Endpoint, emit_json, make_recognizer

EXIT_OK = 0
EXIT_REJECTED = 2
EXIT_FAILED = 1

_DEFAULT_AREA = {"01": "0101", "04": "0401"}
# files a folder contributes (an explicitly named file is always tried, whatever its name)
FOLDER_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".webp", ".pdf"})


def recognition_json(rec: Any, backend: str) -> dict[str, Any]:
    """The printed object for a ``credrec.models.Recognition``."""
    extra = dict(rec.fields.extra)
    details = extra.pop("fieldDetails", None)
    fields: dict[str, Any] = {"name": rec.fields.name, "address": rec.fields.address}
    fields.update({k: v for k, v in extra.items() if not isinstance(v, (dict, list))})
    out: dict[str, Any] = {
        "success": rec.success,
        "sub_code": rec.sub_code,
        "ext_id_info": rec.ext_id_info,
        "fields": fields,
        "field_details": details if isinstance(details, dict) else {},
        "fraud": {
            "checked": rec.fraud.checked,
            "suspicious": rec.fraud.suspicious,
            "types": list(rec.fraud.types),
            "score": rec.fraud.score,
        },
        "request_id": rec.request_id,
        "note": rec.note,
        "backend": backend,
    }
    return out


def expand_inputs(paths: Iterable[Path]) -> list[Path]:
    """Files named on the command line, with each folder replaced by its image files (name order).
    A path that does not exist stays in the list: it becomes that file's error line."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(c for c in p.iterdir() if c.is_file() and c.suffix.lower() in FOLDER_SUFFIXES))
        else:
            out.append(p)
    return out


@dataclass(frozen=True)
class Outcome:
    line: dict[str, Any]  # the JSON line for this file
    exit_code: int  # EXIT_OK, EXIT_REJECTED or EXIT_FAILED


def _error(path: Path, code: str, message: str, exit_code: int, **more: Any) -> Outcome:
    return Outcome({"file": str(path), "error": {"code": code, "message": message, **more}}, exit_code)


def recognize_file(path: Path, recognizer: Any, params: Any, backend: str, *,
                   decide: Callable[[Any, Any], Any] | None = None) -> Outcome:
    """One file → its JSON line. Never raises for a bad file: every error becomes the line.
    ``recognizer``: a Recognizer, or a callable returning one (built only once a file passes validation).
    ``decide(recognition, error)``: the line's ``decision`` (a ``credrec.models.Decision``) when given."""
    out = _recognize_file(path, recognizer, params, backend)
    recognition = out.line.pop("_recognition", None)
    if decide is None:
        return out
    from credrec.models import RecordError

    if "error" in out.line:
        err = out.line["error"]
        decision = decide(None, RecordError(code=err["code"], message=err["message"],
                                            retryable=out.exit_code == EXIT_FAILED))
    else:
        decision = decide(recognition, None)
    out.line["decision"] = decision.model_dump(mode="json") if decision is not None else None
    return out


def _recognize_file(path: Path, recognizer: Any, params: Any, backend: str) -> Outcome:
    from credrec.errors import CredrecError, ImageRejectedError
    from credrec.models import ImageInput
    from credrec.validation import validate_upload

    try:
        data = path.read_bytes()
    except OSError as exc:
        return _error(path, "FILE_NOT_READABLE", f"cannot read {path}: {exc.strerror or exc}", EXIT_REJECTED)
    try:
        # PDFs too: the local engine reads them; the cloud adapter sends them only with api_version=v2
        info, _ = validate_upload(data, url_possible=False, allow_pdf=True)
    except ImageRejectedError as exc:
        return _error(path, exc.code, exc.message, EXIT_REJECTED)
    try:
        if not hasattr(recognizer, "recognize"):
            recognizer = recognizer()
    except Exception as exc:  # the recognizer itself cannot be built (settings, models)
        return _error(path, "ENGINE_UNAVAILABLE", f"{type(exc).__name__}: {exc}", EXIT_FAILED)
    try:
        rec = recognizer.recognize(ImageInput(data=data, format=info.format), params)
    except CredrecError as exc:
        return _error(path, exc.code, exc.message, EXIT_FAILED, retryable=exc.retryable)
    except Exception as exc:  # an engine bug on one odd file must not end the batch
        return _error(path, "INTERNAL_ERROR", f"{type(exc).__name__}: {exc}", EXIT_FAILED)
    return Outcome({"file": str(path), **recognition_json(rec, backend), "_recognition": rec}, EXIT_OK)


def batch_exit_code(codes: Iterable[int]) -> int:
    seen = set(codes)
    if EXIT_REJECTED in seen:
        return EXIT_REJECTED
    if EXIT_FAILED in seen:
        return EXIT_FAILED
    return EXIT_OK


def run_batch(files: list[Path], *, jobs: int, make: Callable[[], Any], params: Any, backend: str,
              emit: Callable[[dict[str, Any]], None], progress: bool,
              decide: Callable[[Any, Any], Any] | None = None) -> int:
    """Recognise ``files`` with ``jobs`` workers; ``make()`` builds one worker's recognizer (called once
    per worker thread, so the models load once per worker). Emits each line as its file finishes."""
    local = threading.local()
    lock = threading.Lock()

    def worker_recognizer() -> Any:
        rec = getattr(local, "recognizer", None)
        if rec is None:
            with lock:  # model loading is memory-heavy: one worker at a time
                rec = local.recognizer = make()
        return rec

    def one(path: Path) -> Outcome:
        return recognize_file(path, worker_recognizer, params, backend, decide=decide)

    codes: list[int] = []
    bar = _progress(len(files)) if progress else None
    try:
        if jobs <= 1:
            for path in files:
                out = one(path)
                emit(out.line)
                codes.append(out.exit_code)
                if bar is not None:
                    bar.advance()
        else:
            with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="recognize") as pool:
                futures = [pool.submit(one, p) for p in files]
                for fut in as_completed(futures):
                    out = fut.result()
                    emit(out.line)
                    codes.append(out.exit_code)
                    if bar is not None:
                        bar.advance()
    finally:
        if bar is not None:
            bar.stop()
    return batch_exit_code(codes)


class _progress:
    """A rich progress bar on stderr (files done / total, rate, time left)."""

    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._p = Progress(TextColumn("recognize"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                           console=Console(file=sys.stderr), transient=False)
        self._task = self._p.add_task("files", total=total)
        self._p.start()

    def advance(self) -> None:
        self._p.advance(self._task)

    def stop(self) -> None:
        self._p.stop()


def _worker_factory(backend: str, endpoint: str | None, settings: Any, shared: bool) -> Callable[[], Any]:
    """Local backend: each worker gets its own engine (own OCR models) so pages are read in parallel;
    with one worker, the process-wide engine. CloudAuth: one client per worker."""

    def make() -> Any:
        if backend == "local" and not shared:
            from credrec_local.adapters.recognizer import LocalRecognizer
            from credrec_local.engine import CredentialEngine

            return LocalRecognizer(CredentialEngine())
        recognizer, _ = make_recognizer(backend, endpoint, settings, None)
        return recognizer

    return make


def register(app: typer.Typer) -> None:
    @app.command("recognize")
    def recognize(
        files: list[Path] = typer.Argument(  # noqa: B008
            ..., help="Image files (PNG, JPEG, BMP, WebP as the API accepts), PDFs (read page by page; the result names the page), or folders of them."),
        doc_type: str = typer.Option("01", "--doc-type", help="01 transaction credential (e-bill), 04 proof of address."),
        ocr_area: str | None = typer.Option(
            None, "--ocr-area", help="0101 for DocType 01, 0401 for DocType 04 (default: follows --doc-type)."),
        fraud_check: bool = typer.Option(True, "--fraud-check/--no-fraud-check", help="Run the forgery signals."),
        jobs: int = typer.Option(1, "--jobs", "-j", min=1, max=64,
                                 help="Files recognised at the same time (each worker loads the models once)."),
        progress: bool | None = typer.Option(
            None, "--progress/--no-progress", help="Progress bar on stderr (default: when stderr is a terminal)."),
        expect_name: str | None = typer.Option(None, "--expect-name", help="The applicant's name (checked "
                                               "against the document; never logged)."),
        expect_address: str | None = typer.Option(None, "--expect-address", help="The applicant's address "
                                                  "('\\n' or commas between lines)."),
        expect_country: str | None = typer.Option(None, "--expect-country", help="ISO 3166-1 alpha-2, e.g. SG."),
        policy_file: Path | None = typer.Option(None, "--policy", help="Decision policy YAML (default: the "  # noqa: B008
                                                 "shipped credrec/decide/default_policy.yaml)."),
        backend: str = Backend,
        endpoint: str | None = Endpoint,
    ) -> None:
        """Recognise proof-of-address images and print one JSON line per file, with a decision."""
        from credrec.models import RecognitionParams
        from credrec.settings import Settings

        if backend not in ("local", "cloudauth"):
            emit_json({"error": {"code": "INVALID_ARGUMENT", "message": "--backend must be local or cloudauth"}})
            raise typer.Exit(EXIT_REJECTED)
        area = ocr_area or _DEFAULT_AREA.get(doc_type, "0101")
        try:
            settings = Settings.from_mapping(os.environ)
            params = RecognitionParams(doc_type=doc_type, ocr_area=area, fraud_check=fraud_check)
        except ValueError as exc:  # settings or parameter validation
            emit_json({"error": {"code": "INVALID_ARGUMENT", "message": str(exc)}})
            raise typer.Exit(EXIT_REJECTED) from None
        try:
            decide = _decider(expect_name, expect_address, expect_country, policy_file)
        except ValueError as exc:  # PolicyError, or applicant data that does not validate
            emit_json({"error": {"code": "INVALID_ARGUMENT", "message": str(exc)}})
            raise typer.Exit(EXIT_REJECTED) from None
        paths = expand_inputs(files)
        if not paths:
            emit_json({"error": {"code": "NO_FILES", "message": "no image files in the given folders"}})
            raise typer.Exit(EXIT_REJECTED)
        show = sys.stderr.isatty() if progress is None else progress
        code = run_batch(paths, jobs=min(jobs, len(paths)), make=_worker_factory(backend, endpoint, settings, jobs <= 1),
                         params=params, backend=backend, emit=emit_json, progress=show, decide=decide)
        raise typer.Exit(code)


def _decider(name: str | None, address: str | None, country: str | None,
             policy_file: Path | None) -> Callable[[Any, Any], Any]:
    """``decide(recognition, error)`` for this run: the applicant data and policy are fixed once."""
    import time

    from credrec.decide import load_policy, read_policy_file
    from credrec.decide.decision import decide_recognition
    from credrec.models import Expected

    policy = read_policy_file(policy_file) if policy_file else load_policy("")
    try:
        expected = Expected(name=name, address=address.replace("\\n", "\n") if address else None,
                            country=country.upper() if country else None)
    except ValueError as exc:
        raise ValueError("--expect-name/--expect-address at most 512/2048 characters, --expect-country an ISO "
                         "3166-1 alpha-2 code such as SG") from exc
    given = None if expected.is_empty() else expected

    def decide(recognition: Any, error: Any) -> Any:
        return decide_recognition(recognition, given, policy, now=time.time(), error=error)

    return decide
