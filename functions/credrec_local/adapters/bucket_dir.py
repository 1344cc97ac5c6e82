"""ObjectSource over a folder: bucket ``B`` is ``DATA_DIR/buckets/B/``, keys are relative paths.

Keys can never escape their bucket folder: absolute keys, ``..``/``.`` segments, NUL bytes and
symlinks pointing outside are treated as objects that do not exist. ETags are the MD5 of the content
in upper-case hex, as OSS reports for simple uploads. User metadata (OSS ``x-oss-meta-*``) lives in a
sidecar JSON object ``DATA_DIR/bucket-meta/B/<key>.json`` — ``{"expected-name": "Tan%20Ah%20Kow"}``,
keys without the prefix, values as they would travel in the header — outside the bucket folder, so
the watcher never mistakes it for an upload. Presigned URLs are ``file://`` URLs carrying an
expiry and an HMAC, honoured by ``open_presigned`` (the local recognizer's URL reader).

Versions, like the cloud's versioned bucket: every write of a key (``put``, or a file copied into
the folder) is a new version, ``<mtime ns, hex>.<first 16 hex of the MD5>`` — a sequence and a
content hash — so writing the same bytes again is still a new version. ``read`` and
``presign_get`` with ``version_id`` serve exactly that version: a presigned URL points at an
immutable snapshot (``buckets/.versions/<bucket>/<key hash>/<version>``) taken while the version
was current, so an overwrite after validation can never put other bytes behind it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import time
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from credrec.errors import ObjectChangedError, ObjectNotFoundError, UpstreamRejectedError
from credrec.models import ObjectHead
from credrec_local.runtime.private_files import private_dir

_BUCKET = re.compile(r"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")
_MIME = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".bmp": "image/bmp",
         ".webp": "image/webp", ".pdf": "application/pdf", ".gif": "image/gif"}


class BucketDirSource:
    def __init__(self, data_dir: str | Path, *, secret: bytes | None = None) -> None:
        self.root = private_dir(Path(data_dir) / "buckets")  # uploads are personal data: owner-only
        self.snapshots = self.root / ".versions"  # not a bucket name: bucket names start with [a-z0-9]
        self._secret = secret or secrets.token_bytes(32)
        self._etags: dict[tuple[str, int, int], str] = {}

    # --- paths -------------------------------------------------------------------------

    def bucket_path(self, bucket: str) -> Path:
        if not _BUCKET.match(bucket or ""):
            raise ObjectNotFoundError("no such bucket", code="NO_SUCH_BUCKET")
        return self.root / bucket

    def path_for(self, bucket: str, key: str) -> Path:
        """The file for ``key``, guaranteed inside the bucket folder, else ObjectNotFoundError."""
        base = self.bucket_path(bucket)
        parts = key.split("/") if key else []
        if (
            not key or key.startswith("/") or "\x00" in key or "\\" in key
            or any(p in ("", ".", "..") for p in parts[:-1]) or parts[-1] in ("", ".", "..")
        ):
            raise ObjectNotFoundError("no such key")
        path = base.joinpath(*parts)
        try:
            resolved = path.resolve(strict=False)
            if not resolved.is_relative_to(base.resolve(strict=False)):
                raise ObjectNotFoundError("no such key")
        except OSError as exc:
            raise ObjectNotFoundError("no such key") from exc
        return path

    def key_for(self, bucket: str, path: Path) -> str:
        return path.relative_to(self.bucket_path(bucket)).as_posix()

    # --- ObjectSource ------------------------------------------------------------------

    def head(self, bucket: str, key: str, *, timeout_s: float | None = None) -> ObjectHead:
        path = self.path_for(bucket, key)
        try:
            st = path.stat()
        except OSError as exc:
            raise ObjectNotFoundError("no such key") from exc
        if not path.is_file():
            raise ObjectNotFoundError("no such key")
        cache_key = (str(path), st.st_mtime_ns, st.st_size)
        etag = self._etags.get(cache_key)
        if etag is None:
            etag = hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest().upper()
            self._etags[cache_key] = etag
        return ObjectHead(bucket=bucket, key=key, size=st.st_size, etag=etag,
                          content_type=_MIME.get(path.suffix.lower(), "application/octet-stream"),
                          metadata=self._metadata(bucket, key), version_id=_version(st.st_mtime_ns, etag))

    def metadata_path(self, bucket: str, key: str) -> Path:
        self.path_for(bucket, key)  # same key rules as the object itself
        return self.root.parent / "bucket-meta" / bucket / (key + ".json")

    def _metadata(self, bucket: str, key: str) -> dict[str, str]:
        try:
            data = json.loads(self.metadata_path(bucket, key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {str(k).lower(): str(v) for k, v in data.items() if isinstance(v, (str, int, float))}

    def read(
        self, bucket: str, key: str, *, etag: str | None = None, version_id: str | None = None,
        timeout_s: float | None = None,
    ) -> bytes:
        path = self.path_for(bucket, key)
        if version_id is not None:
            snapshot = self._snapshot_path(bucket, key, version_id)
            if snapshot.is_file():
                data = snapshot.read_bytes()
                self._check_etag(data, etag)
                return data
        try:
            before = path.stat().st_mtime_ns
            data = path.read_bytes()
            after = path.stat().st_mtime_ns
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
            raise ObjectNotFoundError("no such key") from exc
        actual = hashlib.md5(data, usedforsecurity=False).hexdigest().upper()
        if version_id is not None and (before != after or _version(after, actual) != version_id):
            raise ObjectChangedError("that version of the object is no longer available", code="NO_SUCH_VERSION")
        self._check_etag(data, etag, actual)
        return data

    @staticmethod
    def _check_etag(data: bytes, etag: str | None, actual: str | None = None) -> None:
        if etag is None:
            return
        actual = actual or hashlib.md5(data, usedforsecurity=False).hexdigest().upper()
        if actual != etag.strip('"').upper():
            raise ObjectChangedError("the object changed since it was announced")

    def _snapshot_path(self, bucket: str, key: str, version_id: str) -> Path:
        self.bucket_path(bucket)  # validates the name
        if not re.fullmatch(r"[0-9a-f]{1,20}\.[0-9A-F]{16}", version_id):
            raise ObjectNotFoundError("no such version", code="NO_SUCH_VERSION")
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
        return self.snapshots / bucket / digest / version_id

    def snapshot(self, bucket: str, key: str, version_id: str) -> Path:
        """The immutable copy of one version, taken now if that version is still the current one."""
        target = self._snapshot_path(bucket, key, version_id)
        if target.is_file():
            return target
        data = self.read(bucket, key, version_id=version_id)  # ObjectChangedError once overwritten
        private_dir(target.parent)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
        return target

    def presign_get(self, bucket: str, key: str, *, ttl_seconds: int, version_id: str | None = None) -> str:
        path = self.snapshot(bucket, key, version_id) if version_id else self.path_for(bucket, key)
        expires = int(time.time()) + int(ttl_seconds)
        signature = self._sign(str(path.resolve()), expires)
        return f"file://{quote(str(path.resolve()))}?expires={expires}&signature={signature}"

    # --- presigned URL reader ----------------------------------------------------------

    def _sign(self, path: str, expires: int) -> str:
        return hmac.new(self._secret, f"{path}\n{expires}".encode(), hashlib.sha256).hexdigest()

    def open_presigned(self, url: str) -> bytes:
        """Bytes behind a URL from ``presign_get``; refuses expired, altered or foreign URLs."""
        parts = urlsplit(url)
        query = parse_qs(parts.query)
        try:
            expires = int(query["expires"][0])
            signature = query["signature"][0]
        except (KeyError, ValueError, IndexError) as exc:
            raise UpstreamRejectedError("the image URL is not a presigned URL", code="INVALID_URL") from exc
        path = unquote(parts.path)
        if parts.scheme != "file" or not hmac.compare_digest(signature, self._sign(path, expires)):
            raise UpstreamRejectedError("the image URL signature does not match", code="INVALID_URL")
        if expires < time.time():
            raise UpstreamRejectedError("the image URL has expired", code="URL_EXPIRED")
        try:
            with open(path, "rb") as handle:
                return handle.read()
        except OSError as exc:
            raise UpstreamRejectedError("the image URL cannot be read", code="DOWNLOAD_FAILED") from exc

    # --- helpers for the local stack ---------------------------------------------------

    def put(self, bucket: str, key: str, data: bytes, metadata: dict[str, str] | None = None) -> ObjectHead:
        """Write an object atomically (rename), as an upload would; ``metadata`` replaces its user metadata
        (keys without ``x-oss-meta-``, ASCII values) and is written first, as OSS stores both at once."""
        path = self.path_for(bucket, key)
        meta_path = self.metadata_path(bucket, key)
        if metadata:  # applicant data: as private as the image itself
            private_dir(meta_path.parent)
            meta_tmp = meta_path.with_name(f".{meta_path.name}.{os.getpid()}.tmp")
            meta_fd = os.open(meta_tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(meta_fd, "w", encoding="utf-8") as meta_handle:
                meta_handle.write(json.dumps({k.lower(): v for k, v in metadata.items()}, ensure_ascii=True))
            os.replace(meta_tmp, meta_path)
        else:
            meta_path.unlink(missing_ok=True)
        private_dir(path.parent)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
        return self.head(bucket, key)


def _version(mtime_ns: int, etag: str) -> str:
    """A folder object's version id: its write time (a sequence) and a content hash."""
    return f"{mtime_ns:x}.{etag[:16].upper()}"
