"""OssObjectSource behaviours only the cloud adapter has: service faults, auth, integrity, endpoints."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from credrec.adapters.oss import OssObjectSource
from credrec.credentials import Credentials
from credrec.errors import (
    AccessDeniedError,
    ConfigurationError,
    NetworkError,
    ObjectNotFoundError,
    RetryableError,
    ThrottledError,
    UpstreamUnavailableError,
)
from tests.contract.conftest import (
    BUCKET,
    CREDS,
    REGION,
    closed_port,
    cloud_settings,
    provider,
    server_credentials,
)
from tests.servers._base import Fault
from tests.servers.oss_server import OssServer

KEY = "uploads/bill.png"
DATA = b"\x89PNG not really" * 100


def source(endpoint: str, credentials: Credentials = CREDS, **settings: Any) -> OssObjectSource:
    return OssObjectSource(cloud_settings(oss_endpoint=endpoint, oss_public_endpoint=endpoint, **settings),
                           provider(credentials))


@pytest.fixture
def seeded(oss_server: OssServer) -> OssServer:
    oss_server.service.put_object(BUCKET, KEY, DATA, "image/png")
    return oss_server


@pytest.mark.parametrize("operation", ["head", "read"])
def test_503_is_upstream_unavailable_after_one_attempt(seeded: OssServer, operation: str) -> None:
    seeded.service.inject("ServiceUnavailable", status=503, count=5)
    with pytest.raises(UpstreamUnavailableError) as info:
        getattr(source(seeded.endpoint), operation)(BUCKET, KEY)
    assert info.value.retryable
    assert len(seeded.service.calls) == 1  # NopRetryer: the pipeline owns retries


def test_429_is_throttled(seeded: OssServer) -> None:
    seeded.service.inject("TooManyRequests", status=429)
    with pytest.raises(ThrottledError):
        source(seeded.endpoint).read(BUCKET, KEY)


def test_dropped_connection_is_network_error(seeded: OssServer) -> None:
    seeded.service.inject_fault(Fault("drop"))
    with pytest.raises(NetworkError):
        source(seeded.endpoint).read(BUCKET, KEY)


def test_connection_refused_is_network_error() -> None:
    with pytest.raises(NetworkError) as info:
        source(f"http://127.0.0.1:{closed_port()}").head(BUCKET, KEY)
    assert info.value.retryable


def test_corrupted_body_is_caught_by_crc64(seeded: OssServer) -> None:
    seeded.service.buckets[BUCKET][KEY].crc64 = "12345"
    with pytest.raises(NetworkError) as info:
        source(seeded.endpoint).read(BUCKET, KEY)
    assert info.value.code == "CHECKSUM_MISMATCH"


def test_wrong_secret(seeded: OssServer) -> None:
    bad = Credentials(CREDS.access_key_id, "wrong-secret", CREDS.security_token)
    with pytest.raises(ConfigurationError) as info:  # GET: the XML body names SignatureDoesNotMatch
        source(seeded.endpoint, bad).read(BUCKET, KEY)
    assert info.value.code == "SignatureDoesNotMatch"
    with pytest.raises(AccessDeniedError):  # HEAD: no body, only the 403 status
        source(seeded.endpoint, bad).head(BUCKET, KEY)


def test_head_errors_read_x_oss_err_when_sent() -> None:
    server = OssServer(buckets=(BUCKET,), region=REGION, head_error_header=True, **server_credentials()).start()
    try:
        bad = Credentials(CREDS.access_key_id, "wrong-secret", CREDS.security_token)
        with pytest.raises(ConfigurationError) as info:
            source(server.endpoint, bad).head(BUCKET, KEY)
        assert info.value.code == "SignatureDoesNotMatch"
        with pytest.raises(ObjectNotFoundError) as missing:
            source(server.endpoint).head(BUCKET, KEY)
        assert missing.value.code == "NoSuchKey"
    finally:
        server.stop()


def test_sts_token_mismatch_is_configuration_error(seeded: OssServer) -> None:
    with pytest.raises(ConfigurationError) as info:
        source(seeded.endpoint, Credentials(CREDS.access_key_id, CREDS.access_key_secret, "stale")).read(BUCKET, KEY)
    assert info.value.code == "InvalidSecurityToken"


def test_clock_skew_is_retryable(seeded: OssServer) -> None:
    seeded.service.clock.advance(3600)
    with pytest.raises(RetryableError) as info:
        source(seeded.endpoint).read(BUCKET, KEY)
    assert info.value.code == "RequestTimeTooSkewed"


def test_presign_uses_the_public_endpoint_and_carries_the_token(seeded: OssServer) -> None:
    settings = cloud_settings(oss_endpoint=f"http://127.0.0.1:{closed_port()}", oss_public_endpoint=seeded.endpoint)
    url = OssObjectSource(settings, provider()).presign_get(BUCKET, KEY, ttl_seconds=600)
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == seeded.endpoint
    query = parse_qs(parts.query)
    assert query["x-oss-security-token"] == [CREDS.security_token]
    assert 590 <= int(query["x-oss-expires"][0]) <= 600


def test_presign_ttl_bounds() -> None:
    with pytest.raises(ConfigurationError):
        source("oss-ap-southeast-1.aliyuncs.com").presign_get(BUCKET, KEY, ttl_seconds=0)


def test_default_endpoints() -> None:
    settings = cloud_settings()
    assert settings.oss_read_endpoint == "oss-ap-southeast-1-internal.aliyuncs.com"
    url = OssObjectSource(settings, provider()).presign_get(BUCKET, KEY, ttl_seconds=60)
    assert url.startswith(f"https://{BUCKET}.oss-ap-southeast-1.aliyuncs.com/uploads/bill.png?")


def test_error_messages_carry_no_secrets(seeded: OssServer) -> None:
    seeded.service.inject("InternalError", status=500, message="x-oss-security-token=leaked Signature=abc")
    with pytest.raises(UpstreamUnavailableError) as info:
        source(seeded.endpoint).read(BUCKET, KEY)
    assert "leaked" not in info.value.message and "abc" not in info.value.message
    assert CREDS.access_key_secret not in info.value.message
