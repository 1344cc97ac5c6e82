"""Fixtures for the contract suites: protocol servers on loopback, settings pointing at them, and
credentials the servers accept.

The cloud adapters run their real SDKs against ``tests/servers`` (OSS, Tablestore) and the CloudAuth
emulator (``credrec_local.servers.emulator``); the local adapters run as they are. Servers are started per
test (a few milliseconds each) so no state leaks between tests.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from credrec.credentials import Credentials, StaticCredentials
from credrec.settings import Settings
from tests.servers.oss_server import OssServer
from tests.servers.tablestore_server import TablestoreServer

BUCKET = "credrec-uploads"
INSTANCE = "credrec"
TABLE = "credrec_records"
#: the results table and its sparse index of IN_PROGRESS records (as ``infra`` creates them)
TABLES = {TABLE: ["id"]}
INDEXES = {f"{TABLE}_due": (TABLE, ["due", "id"])}
REGION = "ap-southeast-1"
# STS-shaped credentials: every adapter must carry the token, every server checks it
CREDS = Credentials("STS.contract-key", "contract-secret-7d3e", "sts-token/with+special=chars")
PERMANENT = Credentials("LTAI.contract-permanent", "permanent-secret-51aa")
WRONG_SECRET = Credentials(CREDS.access_key_id, "not-the-secret", CREDS.security_token)


def server_credentials() -> dict[str, Any]:
    return {
        "credentials": {CREDS.access_key_id: CREDS.access_key_secret,
                        PERMANENT.access_key_id: PERMANENT.access_key_secret},
        "sts_tokens": {CREDS.access_key_id: CREDS.security_token},
    }


def provider(credentials: Credentials = CREDS) -> StaticCredentials:
    return StaticCredentials(credentials)


def cloud_settings(**values: Any) -> Settings:
    base: dict[str, Any] = {
        "region": REGION,
        "bucket": BUCKET,
        "ots_instance": INSTANCE,
        "table": TABLE,
        "connect_timeout_ms": 2000,
        "read_timeout_ms": 10000,
        "cloudauth_protocol": "http",
    }
    base.update(values)
    return Settings(**base)




def closed_port() -> int:
    """A loopback port nothing listens on (connection refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def oss_server() -> Iterator[OssServer]:
    server = OssServer(buckets=(BUCKET,), region=REGION, **server_credentials()).start()
    yield server
    server.stop()


@pytest.fixture
def ots_server() -> Iterator[TablestoreServer]:
    server = TablestoreServer(instance=INSTANCE, tables=TABLES, indexes=INDEXES, **server_credentials()).start()
    yield server
    server.stop()


@pytest.fixture
def make_emulator() -> Iterator[Callable[..., Any]]:
    """``make_emulator(engine, **options)`` → a started ``credrec_local.servers.emulator.Emulator``."""
    from credrec_local.servers.emulator import Emulator

    started: list[Emulator] = []

    def make(engine: Any = None, **options: Any) -> Emulator:
        options = {**server_credentials(), **options}
        emulator = Emulator(engine, **options).start()
        started.append(emulator)
        return emulator

    yield make
    for emulator in started:
        emulator.stop()


@pytest.fixture
def text_engine() -> Any:
    from tests.support.textpng import TextChunkEngine

    return TextChunkEngine()


@pytest.fixture(scope="session")
def real_engine() -> Any:
    """The local OCR engine, loaded once per session."""
    from credrec_local.engine import get_engine

    return get_engine()
