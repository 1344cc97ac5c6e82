"""Small pure helpers of the cloud adapters."""

from __future__ import annotations

import pytest

from credrec.adapters._clients import ClientCache, credentials_key, is_ip_or_localhost, split_endpoint
from credrec.adapters.oss import normalise_etag
from credrec.adapters.tablestore import decode_cursor, encode_cursor
from credrec.credentials import Credentials
from credrec.errors import InvalidRequestError


@pytest.mark.parametrize(
    ("endpoint", "expected"),
    [
        ("cloudauth-intl-vpc.ap-southeast-1.aliyuncs.com", ("https", "cloudauth-intl-vpc.ap-southeast-1.aliyuncs.com")),
        ("127.0.0.1:8080", ("https", "127.0.0.1:8080")),
        ("http://127.0.0.1:8080", ("http", "127.0.0.1:8080")),
        ("https://inst.ap-southeast-1.vpc.tablestore.aliyuncs.com/", ("https", "inst.ap-southeast-1.vpc.tablestore.aliyuncs.com")),
        ("  oss-ap-southeast-1-internal.aliyuncs.com ", ("https", "oss-ap-southeast-1-internal.aliyuncs.com")),
    ],
)
def test_split_endpoint(endpoint: str, expected: tuple[str, str]) -> None:
    assert split_endpoint(endpoint) == expected


@pytest.mark.parametrize("endpoint", ["ftp://host", "http://", ""])
def test_split_endpoint_refuses(endpoint: str) -> None:
    with pytest.raises(ValueError):
        split_endpoint(endpoint)


def test_split_endpoint_default_scheme() -> None:
    assert split_endpoint("127.0.0.1:1", default_scheme="http") == ("http", "127.0.0.1:1")


def test_ip_or_localhost() -> None:
    assert is_ip_or_localhost("127.0.0.1") and is_ip_or_localhost("[::1]") and is_ip_or_localhost("localhost")
    assert not is_ip_or_localhost("oss-ap-southeast-1.aliyuncs.com")


def test_client_cache_rebuilds_on_rotation_only() -> None:
    built: list[str] = []
    cache: ClientCache[str] = ClientCache(lambda c: built.append(c.access_key_id) or f"client-{len(built)}", size=2)
    a, b, c = Credentials("A", "s"), Credentials("B", "s", "t"), Credentials("C", "s")
    assert cache.get(a) == cache.get(Credentials("A", "s")) == "client-1"
    assert cache.get(b) == "client-2"
    assert cache.get(a) == "client-1"  # still cached (two kept)
    cache.get(c)  # evicts the oldest
    assert built == ["A", "B", "C"]
    assert credentials_key(a) != credentials_key(Credentials("A", "s", "token"))
    assert len(credentials_key(a)) == 64  # a digest, not the secret


@pytest.mark.parametrize("etag", ['"5EB63BBBE01EEED093CB22BB8F5ACDC3"', "5eb63bbbe01eeed093cb22bb8f5acdc3",
                                  ' "5EB63BBBE01EEED093CB22BB8F5ACDC3" '])
def test_normalise_etag(etag: str) -> None:
    assert normalise_etag(etag) == "5EB63BBBE01EEED093CB22BB8F5ACDC3"


def test_cursor_round_trip_and_rejects() -> None:
    assert decode_cursor(encode_cursor("rec/1 + é")) == "rec/1 + é"
    for bad in ("", "!!!", encode_cursor("x")[:-3] + "zzz", "eyJ2IjogMn0"):  # last: {"v": 2}
        with pytest.raises(InvalidRequestError):
            decode_cursor(bad)
