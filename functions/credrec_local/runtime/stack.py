"""Wiring of the offline stack: the same ``credrec.app.App`` with local adapters.

    bucket  → BucketDirSource   (DATA_DIR/buckets/<bucket>/<key>)
    store   → SqliteResultStore (DATA_DIR/credrec.sqlite3)
    engine  → any Recognizer; by default the local OCR engine (credrec_local.adapters.recognizer)

``open_local_stack`` is the one factory the commands use (``demo``, ``serve``, ``invoke``, ``sweep``,
``redrive``): it picks the recognizer for ``--backend`` and builds everything else around it.
``build_stack`` takes a ready recognizer (tests, benchmarks).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from credrec.app import App
from credrec.errors import ConfigurationError
from credrec.logging import JsonLogger
from credrec.ports import Clock, Recognizer, SystemClock
from credrec.settings import ENV_PREFIX, Settings
from credrec_local.adapters.answer_vault import FolderAnswerVault
from credrec_local.adapters.bucket_dir import BucketDirSource
from credrec_local.adapters.reviewers import load_reviewers
from credrec_local.adapters.store_sqlite import SqliteResultStore
from credrec_local.runtime.private_files import private_dir

BACKENDS = ("local", "cloudauth")
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
DEFAULT_DATA_DIR = Path(".credrec")
DEFAULT_BUCKET = "credrec-uploads"
TOKEN_FILE = "api-token"  # noqa: S105 - a file name, not a secret


@dataclass
class LocalStack:
    data_dir: Path
    settings: Settings
    objects: BucketDirSource
    store: SqliteResultStore
    app: App
    token: str


def local_token(data_dir: Path, environ: Mapping[str, str] | None = None) -> str:
    """The local API token: ``CREDREC_LOCAL_TOKEN`` if set, else a random one kept in DATA_DIR (0600).

    Safe when several processes start on a fresh data dir at once: the token is written to a private
    temporary file first and published with ``link()``, which either creates the name with complete
    content or fails because another process already did — then that process's token is used. No
    reader can see a half-written or empty file.
    """
    env = os.environ if environ is None else environ
    if env.get("CREDREC_LOCAL_TOKEN"):
        return env["CREDREC_LOCAL_TOKEN"]
    path = data_dir / TOKEN_FILE
    if not path.exists():
        private_dir(data_dir, tighten=False)
        _publish_token(path, secrets.token_urlsafe(24))
    token = path.read_text(encoding="utf-8").strip()
    if not token:
        raise ConfigurationError(f"the token file {path} is empty: delete it to have a new token made")
    return token


def _publish_token(path: Path, token: str) -> None:
    """Create ``path`` holding ``token`` (mode 0600) unless it exists; never leaves a partial file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(token + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process published first: its token wins
    finally:
        tmp.unlink(missing_ok=True)


def local_settings(data_dir: Path, token: str, environ: Mapping[str, str] | None = None, **overrides: str) -> Settings:
    """Settings for the offline stack: CREDREC_* from the environment, then local defaults."""
    env = dict(os.environ if environ is None else environ)
    values = {k: v for k, v in env.items() if k.startswith(ENV_PREFIX)}
    values.setdefault(ENV_PREFIX + "BUCKET", DEFAULT_BUCKET)
    values.setdefault(ENV_PREFIX + "API_VERSION", "v2")  # the local engine reads images and PDFs
    values[ENV_PREFIX + "HTTP_TOKEN_SHA256"] = hashlib.sha256(token.encode()).hexdigest()
    if ENV_PREFIX + "REVIEWER_TOKENS_SHA256" not in values:  # `credrec reviewers add NAME`
        values[ENV_PREFIX + "REVIEWER_TOKENS_SHA256"] = json.dumps(load_reviewers(data_dir))
    for name, value in overrides.items():
        values[ENV_PREFIX + name.upper()] = value
    return Settings.from_mapping(values)


def build_stack(
    data_dir: str | Path = DEFAULT_DATA_DIR,
    *,
    recognizer: Recognizer,
    objects: BucketDirSource | None = None,
    settings: Settings | None = None,
    clock: Clock | None = None,
    logger: JsonLogger | None = None,
    environ: Mapping[str, str] | None = None,
) -> LocalStack:
    data_dir = Path(data_dir)
    private_dir(data_dir, tighten=False)
    token = local_token(data_dir, environ)
    settings = settings or local_settings(data_dir, token, environ)
    objects = objects or BucketDirSource(data_dir)
    store = SqliteResultStore(data_dir / "credrec.sqlite3")
    app = App(
        settings=settings, recognizer=recognizer, objects=objects, store=store,
        clock=clock or SystemClock(), logger=logger or JsonLogger(level=settings.log_level),
        vault=FolderAnswerVault(data_dir),
    )
    return LocalStack(data_dir=data_dir, settings=settings, objects=objects, store=store, app=app, token=token)


def make_recognizer(
    backend: str, endpoint: str | None, settings: Settings, url_reader: Callable[[str], bytes] | None,
    environ: Mapping[str, str] | None = None,
) -> tuple[Recognizer, Settings]:
    """The recognizer for ``--backend`` (``local`` OCR engine or ``cloudauth`` over the SDK, at
    ``endpoint`` when given: http for a loopback host) and the settings it implies."""
    if backend == "local":
        from credrec_local.adapters.recognizer import LocalRecognizer
        from credrec_local.engine import get_engine

        return LocalRecognizer(get_engine(), url_reader=url_reader), settings
    if backend == "cloudauth":
        from credrec.adapters.cloudauth import CloudAuthRecognizer
        from credrec.credentials import EnvironmentCredentials

        update: dict[str, str] = {}
        if endpoint:
            host = endpoint.split(":")[0]
            update["cloudauth_endpoint"] = endpoint
            update["cloudauth_protocol"] = "http" if host in LOOPBACK_HOSTS else "https"
        settings = settings.model_copy(update=update)
        return CloudAuthRecognizer(settings, EnvironmentCredentials(os.environ if environ is None else environ)), settings
    raise ValueError(f"--backend must be one of {', '.join(BACKENDS)}")


def open_local_stack(
    data_dir: str | Path = DEFAULT_DATA_DIR,
    *,
    backend: str = "local",
    endpoint: str | None = None,
    logger: JsonLogger | None = None,
    environ: Mapping[str, str] | None = None,
) -> LocalStack:
    """The local stack for the commands: settings from CREDREC_* and the local token, the recognizer
    for ``backend``, the folder bucket (whose presigned URLs the local recognizer reads) and sqlite."""
    data_dir = Path(data_dir)
    objects = BucketDirSource(data_dir)
    token = local_token(data_dir, environ)
    recognizer, settings = make_recognizer(backend, endpoint, local_settings(data_dir, token, environ),
                                           objects.open_presigned, environ)
    return build_stack(data_dir, recognizer=recognizer, objects=objects, settings=settings, logger=logger,
                       environ=environ)
