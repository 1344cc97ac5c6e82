"""Typed values that cross module boundaries.

``Record`` is the durable outcome of one upload or one HTTP call: it *is* the stored row. Personal
data (``fields``, ``ext_id_info``) lives here and in the store only, never in logs.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Status(str, enum.Enum):
    IN_PROGRESS = "IN_PROGRESS"
    SUCCEEDED = "SUCCEEDED"
    NO_TEXT = "NO_TEXT"
    REJECTED = "REJECTED"
    FAILED = "FAILED"

    @property
    def terminal(self) -> bool:
        return self is not Status.IN_PROGRESS


TERMINAL_STATUSES = frozenset(s for s in Status if s.terminal)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RecognitionParams(_Frozen):
    """DocType / OcrArea / FraudCheck sent with one recognition call."""

    doc_type: str = "01"
    ocr_area: str = "0101"
    fraud_check: bool = True


class ObjectHead(_Frozen):
    """What a HEAD on an object tells us. ``etag`` is normalised (no quotes, upper case)."""

    bucket: str
    key: str
    size: int
    etag: str
    content_type: str | None = None


class Source(_Frozen):
    """Where a record's image came from."""

    kind: Literal["oss", "http"]
    bucket: str | None = None
    key: str | None = None
    etag: str | None = None
    size: int | None = None


class ImageInput(_Frozen):
    """Exactly one of ``data`` (sent as Base64) or ``url`` (a presigned GET URL)."""

    data: bytes | None = None
    url: str | None = None
    format: str | None = None

    @model_validator(mode="after")
    def _one_of(self) -> ImageInput:
        if (self.data is None) == (self.url is None):
            raise ValueError("ImageInput needs exactly one of data or url")
        return self


class Fields(_Frozen):
    """Extracted fields. ``name``/``address`` are the product; ``extra`` keeps every other scalar."""

    name: str | None = None
    address: str | None = None
    extra: dict[str, Any] = Field(default_factory=dict)


class FraudVerdict(_Frozen):
    checked: bool = False
    suspicious: bool | None = None
    types: list[str] = Field(default_factory=list)
    score: float | None = None


class Recognition(_Frozen):
    """One answer from a Recognizer (cloud API or local engine), already parsed.

    ``ext_id_info`` is the raw string exactly as received, kept for audit and re-parsing.
    """

    success: str  # "S" | "F"
    sub_code: str
    ext_id_info: str | None = None
    fields: Fields = Field(default_factory=Fields)
    fraud: FraudVerdict = Field(default_factory=FraudVerdict)
    request_id: str | None = None
    note: str | None = None  # e.g. "rule_mismatch" for SubCode 204


class RecordError(_Frozen):
    code: str  # stable credrec code (THROTTLED, CORRUPT_IMAGE, OBJECT_NOT_FOUND, ...)
    message: str
    retryable: bool = False
    upstream_code: str | None = None  # the service's own code when it gave one (Throttling.Api, NoSuchKey…)


class Record(BaseModel):
    """The stored outcome. Mutated only through ``model_copy(update=...)`` by idempotency rules."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    status: Status
    source: Source
    params: RecognitionParams = Field(default_factory=RecognitionParams)
    created_at: float
    updated_at: float
    # lease: while IN_PROGRESS, the claim is held by ``owner`` until ``lease_until`` (epoch seconds)
    owner: str | None = None
    lease_until: float = 0.0
    attempts: int = 0  # API calls made for this record, across invocations
    deliveries: int = 0  # times a worker claimed this record
    sub_code: str | None = None
    success: str | None = None
    request_id: str | None = None
    fields: Fields = Field(default_factory=Fields)
    fraud: FraudVerdict = Field(default_factory=FraudVerdict)
    ext_id_info: str | None = None
    error: RecordError | None = None
    note: str | None = None
    delivery: Literal["base64", "url"] | None = None
    duration_ms: int | None = None

    def public_view(self) -> dict[str, Any]:
        """The JSON shape users see (HTTP API, CLI): no lease internals, ISO-8601 UTC timestamps."""
        data = self.model_dump(mode="json", exclude={"owner", "lease_until"})
        for name in ("created_at", "updated_at"):
            data[name] = _iso(data[name])
        return data


def _iso(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class ListPage(_Frozen):
    records: list[Record]
    cursor: str | None = None
