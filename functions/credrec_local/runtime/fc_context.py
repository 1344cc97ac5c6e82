"""The FC context object, for in-process invocations of ``App.handle`` (runner, gateway, ``invoke``).

credrec reads ``request_id``, ``function.timeout`` / ``function.name`` and ``credentials`` (FC 3.0
python3.10 context); nothing else of FC's context is emulated.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

DEFAULT_FUNCTION_TIMEOUT_S = 120
FUNCTION_NAME = "credrec-local"


@dataclass(frozen=True)
class LocalFunction:
    timeout: int = DEFAULT_FUNCTION_TIMEOUT_S
    name: str = FUNCTION_NAME


def new_request_id() -> str:
    return f"local-{uuid.uuid4().hex[:16]}"


@dataclass
class LocalContext:
    """The FC context attributes credrec reads. ``credentials`` stays None: locally the environment's
    keys (or none, for the local engine) are used, as the cloud build falls back to."""

    request_id: str = field(default_factory=new_request_id)
    function: LocalFunction = field(default_factory=LocalFunction)
    credentials: Any = None
