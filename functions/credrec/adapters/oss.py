"""ObjectSource over the official OSS SDK v2 (``alibabacloud-oss-v2``).

* Reads (HEAD/GET) go to ``settings.oss_read_endpoint`` — the region's *internal* endpoint by
  default, free and fast from FC. Presigned URLs are built on ``settings.oss_presign_endpoint`` —
  the *public* one — because the recognition service fetches them from outside our VPC.
* Endpoints may be ``host``, ``host:port`` or ``http(s)://host[:port]`` (no scheme → https). An IP
  or ``localhost`` endpoint uses path-style addressing (local servers); real endpoints use
  virtual-hosted style.
* ``read(..., etag=...)`` sends ``If-Match``: OSS answers 412 when the object was overwritten after
  the event → ObjectChangedError. On the versioned upload bucket ``head`` reports the version id
  and ``read``/``presign_get`` pin ``versionId``: the bytes validated are the bytes recognised, even
  when the key is overwritten meanwhile (reading a version needs ``oss:GetObjectVersion``).
* One deadline: with ``timeout_s`` a call's read timeout is what is left of it after the
  connect timeout (``Budget.call_timeouts``), so connect + read never exceed the time left. The body is checked against Content-Length and, when OSS sends
  it, ``x-oss-hash-crc64ecma``.
* ETags are normalised (quotes stripped, upper case). Not found → ObjectNotFoundError: a GET 404
  carries ``NoSuchKey``; a HEAD 404 has no body (the SDK reports code ``BadErrorResponse``), so the
  status decides.
* The SDK's retryer is off (``NopRetryer``): the pipeline owns retries. Credentials come from the
  provider on every call (``StaticCredentialsProvider`` per credential tuple — the SDK's
  environment provider reads ``OSS_*`` names, not the ``ALIBABA_CLOUD_*`` ones FC sets).
"""

from __future__ import annotations

import datetime
import json
from typing import Any
from urllib.parse import urlsplit

from ..codec import from_row, to_row
from ..credentials import Credentials, CredentialsProvider
from ..errors import ConfigurationError, CredrecError, NetworkError, ObjectChangedError, UpstreamProtocolError
from ..models import ObjectHead, Record
from ..retry import call_timeouts
from ..settings import Settings
from . import _errors
from ._clients import ClientCache, is_ip_or_localhost, split_endpoint

MAX_PRESIGN_SECONDS = 7 * 24 * 3600  # OSS V4 presign limit
OSS_CONNECT_S = 0.5  # connect timeout cap: the internal endpoint answers in milliseconds


def normalise_etag(etag: str | None) -> str:
    return (etag or "").strip().strip('"').strip().upper()


class OssObjectSource:
    """``ObjectSource`` over ``alibabacloud_oss_v2.Client``."""

    def __init__(self, settings: Settings, credentials: CredentialsProvider) -> None:
        self._settings = settings
        self._credentials = credentials
        self._connect_s = min(settings.connect_timeout_ms / 1000.0, OSS_CONNECT_S)
        try:
            self._read_endpoint = "://".join(split_endpoint(settings.oss_read_endpoint))
            self._presign_endpoint = "://".join(split_endpoint(settings.oss_presign_endpoint))
        except ValueError as exc:
            raise ConfigurationError(f"invalid OSS endpoint: {exc}", code="INVALID_ENDPOINT") from exc
        self._readers: ClientCache[Any] = ClientCache(lambda c: self._build_client(c, self._read_endpoint))
        self._presigners: ClientCache[Any] = ClientCache(lambda c: self._build_client(c, self._presign_endpoint))

    # ------------------------------------------------------------------ client

    def _build_client(self, credentials: Credentials, endpoint: str) -> Any:
        import alibabacloud_oss_v2 as oss

        config = oss.config.load_default()
        config.credentials_provider = oss.credentials.StaticCredentialsProvider(
            credentials.access_key_id, credentials.access_key_secret, credentials.security_token or None
        )
        config.region = self._settings.region
        config.endpoint = endpoint
        config.retryer = oss.retry.NopRetryer()
        config.connect_timeout = self._connect_s
        config.readwrite_timeout = self._settings.read_timeout_ms / 1000.0
        if is_ip_or_localhost(urlsplit(endpoint).hostname or ""):
            config.use_path_style = True  # local servers: no bucket.<ip> virtual hosts
        try:
            return oss.Client(config)
        except Exception as exc:
            raise _errors.map_oss_error(exc, "NewClient") from exc

    def _reader(self) -> Any:
        return self._readers.get(self._credentials.get())

    # ------------------------------------------------------------------ port

    def _op_options(self, timeout_s: float | None) -> dict[str, Any]:
        """Per-call read timeout from the invocation's budget; the connect timeout is the client's
        (the SDK has no per-call one), so it is kept short (``OSS_CONNECT_S``) and counted first."""
        _, read = call_timeouts(timeout_s, connect_s=self._connect_s, read_s=self._settings.read_timeout_ms / 1000.0,
                                fixed_connect=True)
        return {"readwrite_timeout": read}

    def head(self, bucket: str, key: str, *, timeout_s: float | None = None) -> ObjectHead:
        import alibabacloud_oss_v2 as oss

        options = self._op_options(timeout_s)
        client = self._reader()
        try:
            result = client.head_object(oss.HeadObjectRequest(bucket=bucket, key=key), **options)
        except CredrecError:
            raise
        except Exception as exc:
            raise _errors.map_oss_error(exc, "HeadObject") from exc
        size = result.content_length
        if size is None:
            raise _errors.make_error(UpstreamProtocolError, "OSS HeadObject: answer without Content-Length")
        metadata = {str(k).lower(): str(v) for k, v in (result.metadata or {}).items()}
        return ObjectHead(bucket=bucket, key=key, size=int(size), etag=normalise_etag(result.etag),
                          content_type=result.content_type or None, metadata=metadata,
                          version_id=result.version_id or None)

    def read(
        self, bucket: str, key: str, *, etag: str | None = None, version_id: str | None = None,
        timeout_s: float | None = None,
    ) -> bytes:
        import alibabacloud_oss_v2 as oss

        options = self._op_options(timeout_s)
        client = self._reader()
        expected = normalise_etag(etag) if etag else None
        request = oss.GetObjectRequest(bucket=bucket, key=key, version_id=version_id or None)
        if expected:
            request.if_match = f'"{expected}"'
        try:
            result = client.get_object(request, **options)
            try:
                data = bytes(result.body.read())
            finally:
                result.body.close()
        except CredrecError:
            raise
        except Exception as exc:
            raise _errors.map_oss_error(exc, "GetObject") from exc

        if expected and result.etag and normalise_etag(result.etag) != expected:
            raise ObjectChangedError("OSS GetObject: the object's ETag differs from the expected one")
        length = result.content_length
        if length is not None and int(length) != len(data):
            raise NetworkError(f"OSS GetObject: body truncated ({len(data)} of {length} bytes)",
                               code="TRUNCATED_BODY")
        crc = _header(result.headers, "x-oss-hash-crc64ecma")
        if crc is not None:
            from alibabacloud_oss_v2.crc import Crc64

            digest = Crc64(0)
            digest.update(data)
            if str(digest.sum64()) != crc.strip():
                raise NetworkError("OSS GetObject: CRC-64 of the body does not match x-oss-hash-crc64ecma",
                                   code="CHECKSUM_MISMATCH")
        return data

    def presign_get(self, bucket: str, key: str, *, ttl_seconds: int, version_id: str | None = None) -> str:
        import alibabacloud_oss_v2 as oss

        if not 1 <= ttl_seconds <= MAX_PRESIGN_SECONDS:
            raise ConfigurationError(f"presign ttl must be 1..{MAX_PRESIGN_SECONDS} s, got {ttl_seconds}",
                                     code="INVALID_PRESIGN_TTL")
        client = self._presigners.get(self._credentials.get())
        try:
            result = client.presign(oss.GetObjectRequest(bucket=bucket, key=key, version_id=version_id or None),
                                    expires=datetime.timedelta(seconds=ttl_seconds))
        except CredrecError:
            raise
        except Exception as exc:
            raise _errors.map_oss_error(exc, "Presign") from exc
        return str(result.url)


def _header(headers: Any, name: str) -> str | None:
    if not headers:
        return None
    value = headers.get(name)
    if value is None:
        lowered = {str(k).lower(): v for k, v in dict(headers).items()}
        value = lowered.get(name.lower())
    return None if value is None else str(value)


class OssAnswerVault:
    """``AnswerVault`` over the same OSS SDK: one private object per record under
    ``settings.answer_prefix`` in the upload bucket (outside the trigger's prefix, so it triggers
    nothing; private and encrypted like every object there; the bucket's lifecycle expires it).

    Written only when a paid answer's final write failed, read back by the next delivery or the
    sweeper (``oss:PutObject``/``oss:GetObject``/``oss:DeleteObject`` on that prefix only)."""

    def __init__(self, settings: Settings, credentials: CredentialsProvider) -> None:
        self._settings = settings
        self._objects = OssObjectSource(settings, credentials)

    def _key(self, record_id: str) -> str:
        return f"{self._settings.answer_prefix}{record_id}.json"

    def keep(self, record: Record) -> None:
        import alibabacloud_oss_v2 as oss

        body = json.dumps(to_row(record), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        client = self._objects._reader()
        try:
            client.put_object(oss.PutObjectRequest(
                bucket=self._settings.bucket, key=self._key(record.id), body=body,
                content_type="application/json", server_side_encryption="AES256"), **self._objects._op_options(None))
        except CredrecError:
            raise
        except Exception as exc:
            raise _errors.map_oss_error(exc, "PutObject") from exc

    def take(self, record_id: str) -> Record | None:
        from ..errors import ObjectNotFoundError

        try:
            raw = self._objects.read(self._settings.bucket, self._key(record_id))
        except ObjectNotFoundError:
            return None
        try:
            return from_row(record_id, json.loads(raw.decode("utf-8")))
        except (ValueError, UnicodeDecodeError):
            return None  # unreadable: the answer is lost, as if never kept

    def drop(self, record_id: str) -> None:
        import alibabacloud_oss_v2 as oss

        client = self._objects._reader()
        try:
            client.delete_object(oss.DeleteObjectRequest(bucket=self._settings.bucket, key=self._key(record_id)),
                                 **self._objects._op_options(None))
        except CredrecError:
            raise
        except Exception as exc:
            raise _errors.map_oss_error(exc, "DeleteObject") from exc
