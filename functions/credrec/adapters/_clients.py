"""Small helpers shared by the cloud adapters (no SDK imports here)."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from typing import Generic, TypeVar
from urllib.parse import urlsplit

from ..credentials import Credentials

T = TypeVar("T")


def credentials_key(credentials: Credentials) -> str:
    """A digest of the credential tuple: compares rotations without keeping another copy of the secret."""
    raw = "\x00".join((credentials.access_key_id, credentials.access_key_secret, credentials.security_token or ""))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ClientCache(Generic[T]):
    """One SDK client per credential tuple, built on demand.

    Credentials are fetched for every call (FC hands out STS credentials that rotate); the client is
    rebuilt only when the tuple changes. A handful of recent tuples are kept so that concurrent
    invocations straddling a rotation do not thrash.
    """

    def __init__(self, factory: Callable[[Credentials], T], *, size: int = 2) -> None:
        self._factory = factory
        self._size = max(1, size)
        self._lock = threading.Lock()
        self._clients: dict[str, T] = {}

    def get(self, credentials: Credentials) -> T:
        key = credentials_key(credentials)
        with self._lock:
            client = self._clients.get(key)
            if client is not None:
                return client
            client = self._factory(credentials)
            self._clients[key] = client
            while len(self._clients) > self._size:
                self._clients.pop(next(iter(self._clients)))
            return client


def split_endpoint(endpoint: str, *, default_scheme: str = "https") -> tuple[str, str]:
    """``host``, ``host:port`` or ``scheme://host[:port][/]`` → (scheme, netloc)."""
    value = endpoint.strip()
    if "://" not in value:
        value = f"{default_scheme}://{value}"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an http(s) endpoint: {endpoint!r}")
    return parts.scheme, parts.netloc


def is_ip_or_localhost(host: str) -> bool:
    import ipaddress

    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
