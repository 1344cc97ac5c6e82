"""The local bucket folder: keys can never escape it; presigned URLs are signed and expire."""

from __future__ import annotations

import os
import time

import pytest

from credrec.errors import ObjectChangedError, ObjectNotFoundError, UpstreamRejectedError
from credrec_local.adapters.bucket_dir import BucketDirSource


@pytest.fixture
def source(tmp_path):
    src = BucketDirSource(tmp_path)
    src.put("bucket-a", "uploads/ok.png", b"hello")
    (tmp_path / "secret.txt").write_text("outside")
    return src


@pytest.mark.parametrize("key", ["../secret.txt", "uploads/../../secret.txt", "/etc/passwd", "uploads/./ok.png",
                                 "uploads//ok.png", "a\x00b", "", "uploads\\..\\..\\secret.txt", "uploads/"])
def test_keys_cannot_escape_or_alias(source, key):
    with pytest.raises(ObjectNotFoundError):
        source.head("bucket-a", key)


def test_symlink_out_of_the_bucket_is_not_an_object(source, tmp_path):
    os.symlink(tmp_path / "secret.txt", source.bucket_path("bucket-a") / "uploads" / "link.png")
    with pytest.raises(ObjectNotFoundError):
        source.read("bucket-a", "uploads/link.png")


def test_bad_bucket_names_are_refused(source):
    for bucket in ("..", "Bucket", "a", "a/b"):
        with pytest.raises(ObjectNotFoundError):
            source.head(bucket, "uploads/ok.png")


def test_etag_is_content_md5_and_read_checks_it(source):
    head = source.head("bucket-a", "uploads/ok.png")
    assert head.etag == "5D41402ABC4B2A76B9719D911017C592" and head.size == 5
    assert source.read("bucket-a", "uploads/ok.png", etag=f'"{head.etag.lower()}"') == b"hello"
    with pytest.raises(ObjectChangedError):
        source.read("bucket-a", "uploads/ok.png", etag="0" * 32)


def test_presigned_urls_are_signed_and_expire(source, tmp_path):
    url = source.presign_get("bucket-a", "uploads/ok.png", ttl_seconds=60)
    assert source.open_presigned(url) == b"hello"
    with pytest.raises(UpstreamRejectedError):
        source.open_presigned(url.replace("ok.png", "ok2.png"))
    with pytest.raises(UpstreamRejectedError):
        BucketDirSource(tmp_path).open_presigned(url)  # another instance's secret
    expired = source.presign_get("bucket-a", "uploads/ok.png", ttl_seconds=-1)
    with pytest.raises(UpstreamRejectedError) as err:
        source.open_presigned(expired)
    assert err.value.code == "URL_EXPIRED"
    assert int(url.split("expires=")[1].split("&")[0]) <= time.time() + 61
