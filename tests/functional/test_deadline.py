"""One deadline (issue #9, case 5): every network call of an invocation draws on one budget.

The arithmetic (``retry.call_timeouts``) is checked exhaustively with hypothesis; the whole
function is then run through the three real SDKs against slow protocol servers with FC's 6 s
timeout: it must hand back before FC kills it. Before the fix, connect and read timeouts were each
capped at the time left (so together up to twice that) and the Tablestore writes used fixed 5 s /
20 s timeouts: the same run returned after ~7.5 s.
"""

from __future__ import annotations

import hashlib
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from credrec.errors import CredrecError, NetworkError
from credrec.index import build_cloud_app
from credrec.retry import MIN_CALL_S, call_timeouts
from tests.contract.conftest import (
    BUCKET,
    CREDS,
    INDEXES,
    INSTANCE,
    REGION,
    TABLE,
    TABLES,
    server_credentials,
)
from tests.functional.conftest import BILL, FcContext, FcFunction
from tests.servers._base import Fault
from tests.servers.oss_server import OssServer
from tests.servers.tablestore_server import TablestoreServer
from tests.support.textpng import TextChunkEngine, text_png


@given(
    left=st.floats(min_value=0.0, max_value=120.0),
    connect=st.floats(min_value=0.1, max_value=60.0),
    read=st.floats(min_value=0.5, max_value=300.0),
    fixed=st.booleans(),
)
def test_connect_plus_read_never_exceed_the_time_left(left, connect, read, fixed):
    try:
        c, r = call_timeouts(left, connect_s=connect, read_s=read, fixed_connect=fixed)
    except NetworkError as exc:
        assert exc.code == "DEADLINE_EXCEEDED" and exc.retryable
        return
    assert c + r <= left + 1e-9
    assert c <= connect and r <= read and r >= MIN_CALL_S


def test_without_a_deadline_the_configured_timeouts_apply():
    assert call_timeouts(None, connect_s=5.0, read_s=20.0) == (5.0, 20.0)


@pytest.fixture
def slow_cloud(monkeypatch):
    from credrec_local.servers.emulator import Emulator

    oss = OssServer(buckets=(BUCKET,), region=REGION, versioning=True, **server_credentials()).start()
    ots = TablestoreServer(instance=INSTANCE, tables=TABLES, indexes=INDEXES, **server_credentials()).start()
    # the recognition service never answers; every Tablestore request takes 2 s
    emulator = Emulator(TextChunkEngine(), timeout_rate=1.0, timeout_hang_s=10.0, **server_credentials()).start()
    ots.service.inject_fault(Fault("delay", count=1000, delay_s=2.0))
    env = {
        "CREDREC_REGION": REGION, "CREDREC_BUCKET": BUCKET, "CREDREC_UPLOAD_PREFIX": "uploads/",
        "CREDREC_CLOUDAUTH_ENDPOINT": emulator.endpoint, "CREDREC_CLOUDAUTH_PROTOCOL": "http",
        "CREDREC_OSS_ENDPOINT": oss.endpoint, "CREDREC_OSS_PUBLIC_ENDPOINT": oss.endpoint,
        "CREDREC_OTS_ENDPOINT": ots.endpoint, "CREDREC_OTS_INSTANCE": INSTANCE, "CREDREC_TABLE": TABLE,
        "CREDREC_HTTP_TOKEN_SHA256": hashlib.sha256(b"deadline-token").hexdigest(),
        "ALIBABA_CLOUD_ACCESS_KEY_ID": CREDS.access_key_id,
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET": CREDS.access_key_secret,
        "ALIBABA_CLOUD_SECURITY_TOKEN": CREDS.security_token,
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    app = build_cloud_app()
    app.log._stream = __import__("io").StringIO()
    yield app, oss.service
    emulator.stop()
    ots.stop()
    oss.stop()


def test_case5_with_a_6s_function_timeout_the_handler_hands_back_before_6s(slow_cloud):
    import json

    from credrec_local.runtime.watcher import oss_entry

    app, oss = slow_cloud
    etag = oss.put_object(BUCKET, "uploads/bill.png", text_png(BILL)).strip('"')
    event = json.dumps({"events": [oss_entry(BUCKET, "uploads/bill.png", etag, 1, REGION)]}).encode()
    started = time.monotonic()
    with pytest.raises(CredrecError):  # transient: FC will deliver again
        app.handle(event, FcContext(function=FcFunction(timeout=6)))
    elapsed = time.monotonic() - started
    # budget 6 s - 1.5 s safety = 4.5 s; the calls' timeouts are bounded by it, not by their settings
    assert elapsed < 6.0, f"the handler took {elapsed:.2f} s with a 6 s function timeout"
