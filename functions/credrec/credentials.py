"""Credentials for the cloud adapters: the function role's STS credentials, passed explicitly.

tea-openapi 0.4.6 has no default credential chain and the OSS v2 SDK's environment provider reads
``OSS_*`` names, so credrec resolves credentials itself and hands them to every SDK client:
FC's ``context.credentials`` when present (python3.10 runtime), else the ``ALIBABA_CLOUD_*``
variables FC sets for the execution role. Nothing here is a setting and nothing is ever logged.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Protocol

from .errors import ConfigurationError


@dataclass(frozen=True)
class Credentials:
    access_key_id: str
    access_key_secret: str
    security_token: str | None = None

    def __repr__(self) -> str:  # never print secrets
        return f"Credentials(access_key_id={self.access_key_id[:4]}…, sts={self.security_token is not None})"


class CredentialsProvider(Protocol):
    def get(self) -> Credentials: ...


class StaticCredentials:
    def __init__(self, credentials: Credentials) -> None:
        self._credentials = credentials

    def get(self) -> Credentials:
        return self._credentials


class EnvironmentCredentials:
    """Reads ``ALIBABA_CLOUD_ACCESS_KEY_ID`` / ``_SECRET`` / ``_SECURITY_TOKEN`` on every call.

    Re-reading each time means a rotated STS token in a long-lived instance is picked up.
    """

    def __init__(self, environ: Mapping[str, str]) -> None:
        self._environ = environ

    def get(self) -> Credentials:
        key_id = self._environ.get("ALIBABA_CLOUD_ACCESS_KEY_ID", "")
        secret = self._environ.get("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "")
        if not key_id or not secret:
            raise ConfigurationError(
                "no credentials: the function role's STS credentials were not found in the context "
                "or in ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET",
                code="MISSING_CREDENTIALS",
            )
        return Credentials(key_id, secret, self._environ.get("ALIBABA_CLOUD_SECURITY_TOKEN") or None)


class ContextCredentials:
    """FC's per-invocation ``context.credentials`` first, the environment second."""

    def __init__(self, context: Any, fallback: CredentialsProvider) -> None:
        self._context = context
        self._fallback = fallback

    def get(self) -> Credentials:
        creds = getattr(self._context, "credentials", None)
        key_id = getattr(creds, "access_key_id", None) or getattr(creds, "accessKeyId", None)
        secret = getattr(creds, "access_key_secret", None) or getattr(creds, "accessKeySecret", None)
        token = getattr(creds, "security_token", None) or getattr(creds, "securityToken", None)
        if key_id and secret:
            return Credentials(key_id, secret, token or None)
        return self._fallback.get()


#: The provider of the invocation running in this thread (or task); see InvocationCredentials.
_INVOCATION: ContextVar[CredentialsProvider | None] = ContextVar("credrec_invocation_credentials", default=None)


class InvocationCredentials:
    """The credentials of the invocation running in the current context, else ``default``.

    One FC instance runs up to its instance concurrency of invocations at once, each on its own
    thread, and the adapters hold one provider for all of them. The invocation's own provider (FC's
    ``context.credentials``) therefore lives in a :class:`contextvars.ContextVar`: every thread or task
    sees only the one its invocation set with :meth:`scope`, which restores the previous value on exit
    (runtime threads are reused). No invocation can sign a request with another one's credentials.
    """

    def __init__(self, default: CredentialsProvider) -> None:
        self._default = default

    @contextmanager
    def scope(self, provider: CredentialsProvider) -> Iterator[None]:
        token = _INVOCATION.set(provider)
        try:
            yield
        finally:
            _INVOCATION.reset(token)

    def get(self) -> Credentials:
        return (_INVOCATION.get() or self._default).get()
