"""ObjectSource contract: one behaviour suite, every adapter.

* ``oss`` — ``credrec.adapters.oss.OssObjectSource`` (alibabacloud-oss-v2) ↔ ``tests/servers/oss_server``
* ``dir`` — ``credrec_local.adapters.bucket_dir.BucketDirSource`` (a folder per bucket)
"""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from credrec.errors import ObjectChangedError, ObjectNotFoundError
from credrec.ports import ObjectSource
from tests.contract.conftest import BUCKET, cloud_settings, provider
from tests.servers.oss_server import OssServer

KEYS = [
    "uploads/bill.png",
    "uploads/a b+c/证件 #1.png",  # space, plus, unicode, hash
    "uploads/100% done & x=y.png",  # percent, ampersand, equals
]


@dataclass
class SourceHarness:
    source: ObjectSource
    put: Callable[..., Any]  # (bucket, key, data, metadata=None)
    fetch: Callable[[str], bytes]  # how the recognition side fetches a presigned URL
    expired_url: Callable[[str, str], str]  # a presigned URL that must be refused by now
    refused: tuple[type[BaseException], ...]


def _plain_get(url: str) -> bytes:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=10) as response:
        return response.read()


def _oss_harness() -> Iterator[SourceHarness]:
    from credrec.adapters.oss import OssObjectSource
    from tests.contract.conftest import REGION, server_credentials

    server = OssServer(buckets=(BUCKET,), region=REGION, versioning=True, **server_credentials()).start()
    try:
        settings = cloud_settings(oss_endpoint=server.endpoint, oss_public_endpoint=server.endpoint)
        source = OssObjectSource(settings, provider())

        def expired(bucket: str, key: str) -> str:
            url = source.presign_get(bucket, key, ttl_seconds=60)
            server.service.clock.advance(61)  # the server's clock, not the test's
            return url

        yield SourceHarness(
            source=source,
            put=lambda b, k, d, metadata=None: server.service.put_object(b, k, d, "image/png", metadata),
            fetch=_plain_get,
            expired_url=expired,
            refused=(urllib.error.HTTPError,),
        )
    finally:
        server.stop()


def _dir_harness(tmp_path: Any) -> Iterator[SourceHarness]:
    from credrec.errors import UpstreamRejectedError
    from credrec_local.adapters.bucket_dir import BucketDirSource

    source = BucketDirSource(tmp_path)

    def expired(bucket: str, key: str) -> str:
        # BucketDirSource reads time.time() and takes no clock: a URL that expired one second ago.
        # TODO(lead): inject a clock into BucketDirSource and advance it here instead.
        return source.presign_get(bucket, key, ttl_seconds=-1)

    yield SourceHarness(
        source=source,
        put=lambda b, k, d, metadata=None: source.put(b, k, d, metadata),
        fetch=source.open_presigned,  # the local recognizer's URL reader
        expired_url=expired,
        refused=(UpstreamRejectedError,),
    )


@pytest.fixture(params=["oss", "dir"])
def harness(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[SourceHarness]:
    if request.param == "dir":
        yield from _dir_harness(tmp_path)
    else:
        yield from _oss_harness()


def _md5(data: bytes) -> str:
    return hashlib.md5(data, usedforsecurity=False).hexdigest().upper()


@pytest.mark.parametrize("key", KEYS)
def test_head_reports_size_and_normalised_etag(harness: SourceHarness, key: str) -> None:
    data = b"\x89PNG fake image bytes " + key.encode()
    harness.put(BUCKET, key, data)
    head = harness.source.head(BUCKET, key)
    assert (head.bucket, head.key, head.size) == (BUCKET, key, len(data))
    assert head.etag == _md5(data)  # simple upload: MD5, upper case, no quotes


@pytest.mark.parametrize("key", KEYS)
def test_head_returns_user_metadata_with_applicant_data(harness: SourceHarness, key: str) -> None:
    from credrec.expected import from_metadata, to_metadata
    from credrec.models import Expected

    applicant = Expected(name="Nguyễn Thị Ánh", address="Blk 123 Ang Mo Kio Ave 3\n#05-12\nSingapore 560123",
                         country="SG")
    harness.put(BUCKET, key, b"image", metadata={**to_metadata(applicant), "other": "kept"})
    head = harness.source.head(BUCKET, key)
    assert head.metadata["expected-country"] == "SG" and head.metadata["other"] == "kept"
    assert from_metadata(head.metadata) == applicant
    harness.put(BUCKET, key, b"image v2")  # a new upload without metadata has none
    assert from_metadata(harness.source.head(BUCKET, key).metadata) is None


@pytest.mark.parametrize("key", KEYS)
def test_read_returns_the_bytes(harness: SourceHarness, key: str) -> None:
    data = bytes(range(256)) * 40
    harness.put(BUCKET, key, data)
    assert harness.source.read(BUCKET, key) == data


def test_read_with_matching_etag_in_any_spelling(harness: SourceHarness) -> None:
    data = b"content"
    harness.put(BUCKET, KEYS[0], data)
    for spelling in (_md5(data), _md5(data).lower(), f'"{_md5(data)}"'):
        assert harness.source.read(BUCKET, KEYS[0], etag=spelling) == data


def test_read_with_other_etag_is_object_changed(harness: SourceHarness) -> None:
    harness.put(BUCKET, KEYS[0], b"first version")
    announced = harness.source.head(BUCKET, KEYS[0]).etag
    harness.put(BUCKET, KEYS[0], b"overwritten after the event")
    with pytest.raises(ObjectChangedError) as info:
        harness.source.read(BUCKET, KEYS[0], etag=announced)
    assert not info.value.retryable


@pytest.mark.parametrize("operation", ["head", "read"])
def test_missing_object_is_not_found(harness: SourceHarness, operation: str) -> None:
    harness.put(BUCKET, KEYS[0], b"x")
    with pytest.raises(ObjectNotFoundError) as info:
        getattr(harness.source, operation)(BUCKET, "uploads/missing.png")
    assert not info.value.retryable


def test_missing_bucket_is_not_found(harness: SourceHarness) -> None:
    with pytest.raises(ObjectNotFoundError):
        harness.source.head("no-such-bucket-here", KEYS[0])


@pytest.mark.parametrize("key", KEYS)
def test_presigned_url_is_fetchable(harness: SourceHarness, key: str) -> None:
    data = b"presigned bytes " + key.encode()
    harness.put(BUCKET, key, data)
    url = harness.source.presign_get(BUCKET, key, ttl_seconds=300)
    assert harness.fetch(url) == data


def test_presigned_url_expires(harness: SourceHarness) -> None:
    harness.put(BUCKET, KEYS[1], b"short-lived")
    url = harness.expired_url(BUCKET, KEYS[1])
    with pytest.raises(harness.refused):
        harness.fetch(url)


# ---------------------------------------------------------------- versions (the upload bucket is versioned)


def test_every_write_is_a_new_version(harness: SourceHarness) -> None:
    harness.put(BUCKET, "uploads/v.png", b"first")
    first = harness.source.head(BUCKET, "uploads/v.png").version_id
    harness.put(BUCKET, "uploads/v.png", b"first")  # the same bytes again: still a new upload
    again = harness.source.head(BUCKET, "uploads/v.png").version_id
    assert first and again and first != again


def test_a_url_pinned_to_a_version_serves_it_after_an_overwrite(harness: SourceHarness) -> None:
    harness.put(BUCKET, "uploads/v.png", b"validated bytes")
    head = harness.source.head(BUCKET, "uploads/v.png")
    url = harness.source.presign_get(BUCKET, "uploads/v.png", ttl_seconds=60, version_id=head.version_id)
    harness.put(BUCKET, "uploads/v.png", b"someone else's bytes")
    assert harness.fetch(url) == b"validated bytes"
    assert harness.source.read(BUCKET, "uploads/v.png", version_id=head.version_id) == b"validated bytes"
    assert harness.source.read(BUCKET, "uploads/v.png") == b"someone else's bytes"
