"""Function Compute entry point: ``credrec.index.handler`` serves the OSS and the HTTP trigger.

The application (settings, models, SDK clients) is built once per instance on the first invocation,
and everything is imported only then: importing this module costs almost nothing, and the first
invocation pays for pydantic and the SDKs once (see the pipeline benchmark for the figures).
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import App

_app: App | None = None
_lock = threading.Lock()


def build_cloud_app() -> App:
    """The production wiring: Settings from CREDREC_* env, the three cloud adapters, STS credentials."""
    from .adapters.cloudauth import CloudAuthRecognizer
    from .adapters.oss import OssAnswerVault, OssObjectSource
    from .adapters.tablestore import TablestoreResultStore
    from .app import App
    from .credentials import EnvironmentCredentials, InvocationCredentials
    from .logging import JsonLogger
    from .ports import SystemClock
    from .settings import Settings

    settings = Settings()
    credentials = InvocationCredentials(EnvironmentCredentials(os.environ))
    return App(
        settings=settings,
        recognizer=CloudAuthRecognizer(settings, credentials),
        objects=OssObjectSource(settings, credentials),
        store=TablestoreResultStore(settings, credentials),
        vault=OssAnswerVault(settings, credentials),
        clock=SystemClock(),
        logger=JsonLogger(level=settings.log_level),
        credentials=credentials,
        environ=os.environ,
    )


def get_app() -> App:
    global _app
    if _app is None:
        with _lock:
            if _app is None:
                _app = build_cloud_app()
    return _app


def handler(event: Any, context: Any) -> Any:
    return get_app().handle(event, context)
