"""``credrec recognize FILE``: one image through a Recognizer (local engine or CloudAuth), one JSON object out.

Both backends go through the ``credrec.ports.Recognizer`` port and print the same shape::

    {"success": "S", "sub_code": "200", "ext_id_info": "<raw JSON string>",
     "fields": {"name": ..., "address": ..., "issuer": ..., ...},
     "field_details": {...}, "fraud": {"checked", "suspicious", "types", "score"},
     "request_id": ..., "note": ..., "backend": "local"}

Input the API would refuse (format, dimensions, aspect ratio, size, corrupt) is refused first with
the pipeline's own ``credrec.validation``: exit code 2 and ``{"error": {"code", "message"}}``. A failed
call exits 1 with the same error shape.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import typer

from ._common import Backend, Endpoint, emit_json, make_recognizer

EXIT_REJECTED = 2
EXIT_FAILED = 1

_DEFAULT_AREA = {"01": "0101", "04": "0401"}


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


def _error(code: str, message: str, exit_code: int, **more: Any) -> None:
    emit_json({"error": {"code": code, "message": message, **more}})
    raise typer.Exit(exit_code)


def register(app: typer.Typer) -> None:
    @app.command("recognize")
    def recognize(
        file: Path = typer.Argument(..., help="Image file: PNG, JPEG, BMP or WebP (as the API accepts)."),  # noqa: B008
        doc_type: str = typer.Option("01", "--doc-type", help="01 transaction credential (e-bill), 04 proof of address."),
        ocr_area: str | None = typer.Option(
            None, "--ocr-area", help="0101 for DocType 01, 0401 for DocType 04 (default: follows --doc-type)."),
        fraud_check: bool = typer.Option(True, "--fraud-check/--no-fraud-check", help="Run the forgery signals."),
        backend: str = Backend,
        endpoint: str | None = Endpoint,
    ) -> None:
        """Recognise one proof-of-address image and print one JSON object."""
        from credrec.errors import CredrecError, ImageRejectedError
        from credrec.models import ImageInput, RecognitionParams
        from credrec.settings import Settings
        from credrec.validation import validate_image

        if backend not in ("local", "cloudauth"):
            _error("INVALID_ARGUMENT", "--backend must be local or cloudauth", EXIT_REJECTED)
        area = ocr_area or _DEFAULT_AREA.get(doc_type, "0101")
        try:
            data = file.read_bytes()
        except OSError as exc:
            _error("FILE_NOT_READABLE", f"cannot read {file}: {exc.strerror or exc}", EXIT_REJECTED)
        try:
            validate_image(data, url_possible=False)
        except ImageRejectedError as exc:
            _error(exc.code, exc.message, EXIT_REJECTED)
        try:
            settings = Settings.from_mapping(os.environ)
            recognizer, _ = make_recognizer(backend, endpoint, settings, None)
            params = RecognitionParams(doc_type=doc_type, ocr_area=area, fraud_check=fraud_check)
            rec = recognizer.recognize(ImageInput(data=data), params)
        except CredrecError as exc:
            _error(exc.code, exc.message, EXIT_FAILED, retryable=exc.retryable)
        except ValueError as exc:  # e.g. settings validation
            _error("INVALID_ARGUMENT", str(exc), EXIT_REJECTED)
        emit_json(recognition_json(rec, backend))
