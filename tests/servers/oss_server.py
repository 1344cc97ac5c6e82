"""A protocol-level OSS server for tests: the real ``alibabacloud_oss_v2`` client talks to it unchanged.

Path-style addressing (``/<bucket>/<percent-encoded key>``), which the SDK picks for IP endpoints.

* ``GET`` / ``HEAD`` an object: ``Content-Length``, ``Content-Type``, quoted upper-case ``ETag``,
  ``Last-Modified``, ``x-oss-request-id``, ``x-oss-hash-crc64ecma``; ``If-Match`` /
  ``If-None-Match`` (412 / 304); single ``Range`` (206).
* Authentication, fully verified: V4 header signatures (``OSS4-HMAC-SHA256 Credential=…``, with
  ``x-oss-date`` within 15 minutes) and V4 presigned URLs (``x-oss-signature-version`` …
  ``x-oss-signature``, checked against the signing time + ``x-oss-expires``). STS tokens
  (``x-oss-security-token`` header or query) must match the temporary key's token. Anonymous
  requests are refused (private bucket).
* Errors are the service's XML ``<Error><Code/><Message/><RequestId/><HostId/><EC/></Error>`` with
  ``x-oss-request-id`` / ``x-oss-ec`` headers — except for HEAD, which has no body (the SDK then
  reports ``BadErrorResponse``; set ``head_error_header=True`` to also send the base64 ``x-oss-err``
  header newer OSS versions add).
* ``faults`` injects failures (503 ``ServiceUnavailable``, dropped connections, raw bodies …);
  ``calls`` records (method, bucket, key, status); ``clock`` can be moved to expire presigned URLs.

* ``versioning=True`` models a versioned bucket: every write keeps a new version with its own
  ``x-oss-version-id``; GET/HEAD (and presigned GETs) with ``?versionId=`` serve exactly that
  version (404 ``NoSuchVersion`` otherwise); a DELETE without a version id leaves the versions.
* ``PUT`` (simple upload) and ``DELETE`` of an object, for adapters that write (the answer vault).

Not implemented: virtual-hosted style, V1 signatures, multipart, version listing, delete markers
as objects, ACLs beyond "private".
"""

from __future__ import annotations

import base64
import datetime as dt
import email.utils
import hashlib
import hmac
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote
from xml.sax.saxutils import escape

from ._base import DROP, Clock, Fault, FaultPlan, LoopbackServer, Request, Response

MAX_SKEW_S = 15 * 60
MAX_PRESIGN_S = 7 * 24 * 3600

EC = {
    "NoSuchKey": "0026-00000001",
    "NoSuchBucket": "0015-00000101",
    "AccessDenied": "0003-00000001",
    "SignatureDoesNotMatch": "0002-00000040",
    "InvalidAccessKeyId": "0002-00000002",
    "PreconditionFailed": "0026-00000002",
    "RequestTimeTooSkewed": "0002-00000504",
    "InvalidSecurityToken": "0002-00000009",
    "ServiceUnavailable": "0001-00000503",
    "InternalError": "0001-00000500",
}


@dataclass
class StoredObject:
    data: bytes
    etag: str  # quoted, upper-case hex
    content_type: str
    last_modified: float
    crc64: str
    metadata: dict[str, str] = field(default_factory=dict)  # user metadata, keys without x-oss-meta-
    version_id: str | None = None


def crc64(data: bytes) -> str:
    from alibabacloud_oss_v2.crc import Crc64

    digest = Crc64(0)
    digest.update(data)
    return str(digest.sum64())


class OssError(Exception):
    def __init__(self, status: int, code: str, message: str, **extra: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra


class OssApp:
    def __init__(
        self,
        *,
        credentials: Mapping[str, str],
        sts_tokens: Mapping[str, str] | None = None,
        region: str = "ap-southeast-1",
        buckets: tuple[str, ...] = ("credrec-uploads",),
        clock: Callable[[], float] | None = None,
        head_error_header: bool = False,
        send_crc64: bool = True,
        versioning: bool = False,
    ) -> None:
        self.credentials = dict(credentials)
        self.sts_tokens = dict(sts_tokens or {})
        self.region = region
        self.clock = clock or Clock()
        self.head_error_header = head_error_header
        self.send_crc64 = send_crc64
        self.buckets: dict[str, dict[str, StoredObject]] = {b: {} for b in buckets}
        self.versioning = versioning
        self.versions: dict[tuple[str, str], dict[str, StoredObject]] = {}
        self.faults = FaultPlan()
        self.calls: list[tuple[str, str, str, int]] = []
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ helpers for tests

    def put_object(self, bucket: str, key: str, data: bytes, content_type: str = "application/octet-stream",
                   metadata: dict[str, str] | None = None) -> str:
        """Store an object; returns its normalised ETag (upper-case hex, no quotes). ``metadata`` is user
        metadata as OSS keeps it (keys without ``x-oss-meta-``, ASCII values), sent back on GET/HEAD."""
        return self._store(bucket, key, data, content_type, metadata).etag.strip('"')

    def _store(self, bucket: str, key: str, data: bytes, content_type: str,
               metadata: dict[str, str] | None = None) -> StoredObject:
        etag = hashlib.md5(data, usedforsecurity=False).hexdigest().upper()
        meta = {k.lower(): v for k, v in (metadata or {}).items()}
        for value in meta.values():
            value.encode("ascii")  # OSS refuses non-ASCII header values; so do we
        version = f"CAEQ{uuid.uuid4().hex.upper()}" if self.versioning else None
        obj = StoredObject(data, f'"{etag}"', content_type, self.clock(), crc64(data), meta, version)
        with self._lock:
            self.buckets.setdefault(bucket, {})[key] = obj
            if version is not None:
                self.versions.setdefault((bucket, key), {})[version] = obj
        return obj

    def version_of(self, bucket: str, key: str) -> str | None:
        """The current version id of an object (versioned buckets)."""
        with self._lock:
            obj = self.buckets.get(bucket, {}).get(key)
        return obj.version_id if obj else None

    def delete_object(self, bucket: str, key: str) -> None:
        with self._lock:
            self.buckets.get(bucket, {}).pop(key, None)

    def inject(self, code: str = "ServiceUnavailable", *, status: int = 503, count: int = 1,
               message: str = "injected fault") -> None:
        self.faults.add(Fault("error", count=count, status=status, code=code, message=message))

    def inject_fault(self, fault: Fault) -> None:
        self.faults.add(fault)

    # ------------------------------------------------------------------ HTTP

    def handle(self, request: Request) -> Response | object:
        raw_path, _, raw_query = request.path.partition("?")
        path = unquote(raw_path)
        bucket, _, key = path.lstrip("/").partition("/")
        request_id = uuid.uuid4().hex.upper()[:24]
        head = request.method == "HEAD"
        try:
            self._authenticate(request, raw_query, bucket, key)
            fault = self.faults.take(f"{request.method} {bucket}/{key}")
            if fault is not None:
                if fault.kind == "drop":
                    self._record(request.method, bucket, key, 0)
                    return DROP
                if fault.kind == "raw":
                    self._record(request.method, bucket, key, fault.status)
                    return Response(fault.status, [("Content-Type", fault.content_type), *fault.headers], fault.body)
                if fault.kind == "delay":
                    time.sleep(fault.delay_s)
                else:
                    raise OssError(fault.status, fault.code, fault.message)
            if request.method == "PUT":
                response = self._put(request, bucket, key, request_id)
            elif request.method == "DELETE":
                with self._lock:
                    self.buckets.get(bucket, {}).pop(key, None)
                response = Response(204, [("x-oss-request-id", request_id), ("Content-Length", "0")], b"")
            elif request.method not in ("GET", "HEAD"):
                raise OssError(405, "MethodNotAllowed", "The specified method is not allowed against this resource.")
            else:
                response = self._object(request, bucket, key, request_id, _query(raw_query).get("versionId"))
        except OssError as err:
            response = self._error(err, request_id, bucket, key, head=head)
        self._record(request.method, bucket, key, response.status)
        return response

    def _record(self, method: str, bucket: str, key: str, status: int) -> None:
        with self._lock:
            self.calls.append((method, bucket, key, status))

    def _error(self, err: OssError, request_id: str, bucket: str, key: str, *, head: bool) -> Response:
        ec = EC.get(err.code, "0000-00000000")
        fields = {"Code": err.code, "Message": err.message, "RequestId": request_id,
                  "HostId": f"{bucket}.oss-{self.region}.aliyuncs.com", **err.extra, "EC": ec}
        xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n'
               + "".join(f"  <{k}>{escape(str(v))}</{k}>\n" for k, v in fields.items()) + "</Error>\n").encode()
        headers = [("Content-Type", "application/xml"), ("x-oss-request-id", request_id), ("x-oss-ec", ec),
                   ("Server", "AliyunOSS")]
        if head:
            if self.head_error_header:
                headers.append(("x-oss-err", base64.b64encode(xml).decode()))
            return Response(err.status, [*headers, ("Content-Length", "0")], b"")
        return Response(err.status, headers, xml)

    def _put(self, request: Request, bucket: str, key: str, request_id: str) -> Response:
        if bucket not in self.buckets:
            raise OssError(404, "NoSuchBucket", "The specified bucket does not exist.", BucketName=bucket)
        obj = self._store(bucket, key, request.body, request.header("Content-Type") or "application/octet-stream")
        headers = [("ETag", obj.etag), ("x-oss-request-id", request_id), ("x-oss-hash-crc64ecma", obj.crc64),
                   ("Content-Length", "0")]
        if obj.version_id:
            headers.append(("x-oss-version-id", obj.version_id))
        return Response(200, headers, b"")

    def _object(self, request: Request, bucket: str, key: str, request_id: str,
                version_id: str | None = None) -> Response:
        with self._lock:
            objects = self.buckets.get(bucket)
            if objects is None:
                raise OssError(404, "NoSuchBucket", "The specified bucket does not exist.", BucketName=bucket)
            if version_id is not None:
                obj = self.versions.get((bucket, key), {}).get(unquote(version_id))
                if obj is None:
                    raise OssError(404, "NoSuchVersion", "The specified version does not exist.", Key=key)
            else:
                obj = objects.get(key)
        if obj is None:
            raise OssError(404, "NoSuchKey", "The specified key does not exist.", Key=key)
        if_match = request.header("If-Match")
        if if_match is not None and not _etag_matches(if_match, obj.etag):
            raise OssError(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold.",
                           Condition="If-Match")
        if_none = request.header("If-None-Match")
        headers = [
            ("Content-Type", obj.content_type),
            ("ETag", obj.etag),
            ("Last-Modified", email.utils.formatdate(obj.last_modified, usegmt=True)),
            ("x-oss-request-id", request_id),
            ("x-oss-object-type", "Normal"),
            ("x-oss-storage-class", "Standard"),
            ("Accept-Ranges", "bytes"),
            ("Server", "AliyunOSS"),
            *((f"x-oss-meta-{k}", v) for k, v in sorted(obj.metadata.items())),
        ]
        if obj.version_id:
            headers.append(("x-oss-version-id", obj.version_id))
        if if_none is not None and _etag_matches(if_none, obj.etag):
            return Response(304, [*headers, ("Content-Length", "0")], b"")
        data, status = obj.data, 200
        range_header = request.header("Range")
        if range_header and range_header.startswith("bytes="):
            first, _, last = range_header[6:].partition("-")
            size = len(obj.data)
            try:
                start = int(first) if first else max(0, size - int(last))
                end = min(int(last), size - 1) if (first and last) else size - 1
            except ValueError:
                start, end = 0, size - 1
            if 0 <= start <= end < size:
                data, status = obj.data[start : end + 1], 206
                headers.append(("Content-Range", f"bytes {start}-{end}/{size}"))
        elif self.send_crc64:
            headers.append(("x-oss-hash-crc64ecma", obj.crc64))
        headers.append(("Content-Length", str(len(data))))
        return Response(status, headers, data)

    # ------------------------------------------------------------------ authentication (V4)

    def _authenticate(self, request: Request, raw_query: str, bucket: str, key: str) -> None:
        pairs = [p.partition("=") for p in raw_query.split("&") if p] if raw_query else []
        query = {k: v for k, _, v in pairs}
        authorization = request.header("Authorization")
        if authorization:
            self._verify_header_auth(request, authorization, pairs, bucket, key)
        elif "x-oss-signature" in query:
            self._verify_query_auth(request, query, pairs, bucket, key)
        else:
            raise OssError(403, "AccessDenied", "You have no right to access this object because of bucket acl.")

    def _secret_for(self, access_key_id: str, token: str | None) -> str:
        secret = self.credentials.get(access_key_id)
        if secret is None:
            raise OssError(403, "InvalidAccessKeyId", "The OSS Access Key Id you provided does not exist in our records.",
                           OSSAccessKeyId=access_key_id)
        if access_key_id in self.sts_tokens:
            if token != self.sts_tokens[access_key_id]:
                raise OssError(403, "InvalidSecurityToken", "The security token you provided is invalid.")
        elif token:
            raise OssError(403, "InvalidSecurityToken", "The security token you provided is invalid.")
        return secret

    def _scope(self, credential: str) -> tuple[str, str, str]:
        parts = credential.split("/")
        if len(parts) != 5 or parts[3] != "oss" or parts[4] != "aliyun_v4_request":
            raise OssError(400, "InvalidArgument", "Invalid credential in request.")
        if parts[2] != self.region:
            raise OssError(400, "InvalidArgument", f"Invalid signing region in Authorization header: {parts[2]}.")
        return parts[0], parts[1], "/".join(parts[1:])

    def _canonical(self, request: Request, pairs: list[tuple[str, str, str]], bucket: str, key: str,
                   additional: list[str], payload_hash: str, *, skip: tuple[str, ...] = ()) -> str:
        uri = quote("/" + bucket + "/" + key if bucket else "/", safe="/")
        items = sorted((k, v) for k, _, v in pairs if k not in skip)
        canonical_query = "&".join(f"{k}={v}" if v else k for k, v in items)
        lowered = {k.lower(): v for k, v in request.headers.items()}
        names = sorted(n for n in lowered
                       if n.startswith("x-oss-") or n in ("content-type", "content-md5") or n in additional)
        canonical_headers = "".join(f"{n}:{lowered[n]}\n" for n in names)
        return "\n".join([request.method, uri, canonical_query, canonical_headers, ";".join(additional),
                          payload_hash])

    def _signature(self, secret: str, date: str, scope: str, stamp: str, canonical: str) -> str:
        string_to_sign = "\n".join(["OSS4-HMAC-SHA256", stamp, scope,
                                    hashlib.sha256(canonical.encode()).hexdigest()])
        key = ("aliyun_v4" + secret).encode()
        for part in (date, self.region, "oss", "aliyun_v4_request"):
            key = hmac.new(key, part.encode(), hashlib.sha256).digest()
        return hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()

    def _verify_header_auth(self, request: Request, authorization: str, pairs: list[tuple[str, str, str]],
                            bucket: str, key: str) -> None:
        algo, _, rest = authorization.partition(" ")
        if algo != "OSS4-HMAC-SHA256":
            raise OssError(400, "InvalidArgument", "Unsupported Authorization scheme.")
        fields = dict(part.strip().split("=", 1) for part in rest.split(",") if "=" in part)
        credential, signature = fields.get("Credential", ""), fields.get("Signature", "")
        additional = [h for h in fields.get("AdditionalHeaders", "").split(";") if h]
        access_key_id, date, scope = self._scope(credential)
        stamp = request.header("x-oss-date") or ""
        try:
            sent = dt.datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.timezone.utc)
        except ValueError:
            raise OssError(403, "AccessDenied", "Missing or invalid x-oss-date.") from None
        if abs(sent.timestamp() - self.clock()) > MAX_SKEW_S or stamp[:8] != date:
            raise OssError(403, "RequestTimeTooSkewed",
                           "The difference between the request time and the current time is too large.")
        secret = self._secret_for(access_key_id, request.header("x-oss-security-token"))
        canonical = self._canonical(request, pairs, bucket, key, additional,
                                    request.header("x-oss-content-sha256") or "UNSIGNED-PAYLOAD")
        if not hmac.compare_digest(self._signature(secret, date, scope, stamp, canonical), signature):
            raise OssError(403, "SignatureDoesNotMatch",
                           "The request signature we calculated does not match the signature you provided.")

    def _verify_query_auth(self, request: Request, query: dict[str, str], pairs: list[tuple[str, str, str]],
                           bucket: str, key: str) -> None:
        if query.get("x-oss-signature-version") != "OSS4-HMAC-SHA256":
            raise OssError(400, "InvalidArgument", "Unsupported x-oss-signature-version.")
        stamp = query.get("x-oss-date", "")
        try:
            signed_at = dt.datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.timezone.utc).timestamp()
            expires = int(query.get("x-oss-expires", ""))
        except ValueError:
            raise OssError(400, "InvalidArgument", "Invalid x-oss-date or x-oss-expires.") from None
        if not 0 < expires <= MAX_PRESIGN_S:
            raise OssError(400, "InvalidArgument", "x-oss-expires must be between 1 and 604800.")
        if self.clock() > signed_at + expires:
            raise OssError(403, "AccessDenied", "Request has expired.",
                           Expires=dt.datetime.fromtimestamp(signed_at + expires, dt.timezone.utc).isoformat())
        if signed_at > self.clock() + MAX_SKEW_S:
            raise OssError(403, "RequestTimeTooSkewed", "The request was signed in the future.")
        access_key_id, date, scope = self._scope(unquote(query.get("x-oss-credential", "")))
        token = unquote(query["x-oss-security-token"]) if "x-oss-security-token" in query else None
        secret = self._secret_for(access_key_id, token)
        additional = [h for h in unquote(query.get("x-oss-additional-headers", "")).split(";") if h]
        canonical = self._canonical(request, pairs, bucket, key, additional, "UNSIGNED-PAYLOAD",
                                    skip=("x-oss-signature",))
        if not hmac.compare_digest(self._signature(secret, date, scope, stamp, canonical),
                                   unquote(query["x-oss-signature"])):
            raise OssError(403, "SignatureDoesNotMatch",
                           "The request signature we calculated does not match the signature you provided.")


def _query(raw_query: str) -> dict[str, str]:
    pairs = [p.partition("=") for p in raw_query.split("&") if p] if raw_query else []
    return {k: v for k, _, v in pairs}


def _etag_matches(condition: str, etag: str) -> bool:
    wanted = {c.strip().strip('"').upper() for c in condition.split(",")}
    return "*" in wanted or etag.strip('"').upper() in wanted


class OssServer(LoopbackServer):
    """``OssApp`` on a loopback port; ``endpoint`` is what ``Config.endpoint`` takes."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(OssApp(**kwargs))

    @property
    def service(self) -> OssApp:
        return self.app  # type: ignore[return-value]

    @property
    def endpoint(self) -> str:
        return self.url
