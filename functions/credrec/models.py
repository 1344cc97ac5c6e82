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


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RecognitionParams(_Frozen):
    """DocType / OcrArea / FraudCheck sent with one recognition call."""

    doc_type: str = "01"
    ocr_area: str = "0101"
    fraud_check: bool = True


class ObjectHead(_Frozen):
    """What a HEAD on an object tells us. ``etag`` is normalised (no quotes, upper case).

    ``version_id`` identifies the exact bytes on a versioned bucket (OSS ``x-oss-version-id``; the
    folder bucket's own version ids): reads and presigned URLs pinned to it never see an overwrite."""

    bucket: str
    key: str
    size: int
    etag: str
    content_type: str | None = None
    # user metadata (``x-oss-meta-*`` without the prefix, keys lower case); may hold applicant data
    metadata: dict[str, str] = Field(default_factory=dict)
    version_id: str | None = None


class Source(_Frozen):
    """Where a record's image came from."""

    kind: Literal["oss", "http"]
    bucket: str | None = None
    key: str | None = None  # the real object key (never a URL-encoded form of it)
    etag: str | None = None
    size: int | None = None
    version_id: str | None = None  # the object version the record is about (versioned buckets)


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
    http_status: int | None = None  # the status the HTTP API answers with for this error
    detail: str | None = None  # operator-only upstream text (operation, server message, request id); not public


class Expected(_Frozen):
    """Who the applicant says they are and where they live (personal data: stored, never logged).

    ``country`` is an ISO 3166-1 alpha-2 code (upper case); it selects the policy's age limits and
    helps the address matcher. Every field is optional; an empty ``Expected`` is the same as none.
    """

    name: str | None = Field(default=None, max_length=512)
    address: str | None = Field(default=None, max_length=2048)
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")

    @model_validator(mode="before")
    @classmethod
    def _clean(cls, data: Any) -> Any:
        if isinstance(data, dict):
            data = dict(data)
            for key in ("name", "address", "country"):
                value = data.get(key)
                if isinstance(value, str):
                    value = value.strip()
                    data[key] = (value.upper() if key == "country" else value) or None
        return data

    def is_empty(self) -> bool:
        return self.name is None and self.address is None and self.country is None


class Outcome(str, enum.Enum):
    ACCEPT = "ACCEPT"
    REVIEW = "REVIEW"
    REJECT = "REJECT"


class Verdict(str, enum.Enum):
    """One check's verdict. Name/address use MATCH/PARTIAL/MISMATCH; age/type/fraud use PASS/FAIL.

    UNKNOWN: the check could not be made from what the document gave (no date, no name read...).
    NOT_PROVIDED: the applicant data the check needs was not given (no expected name...).
    """

    MATCH = "MATCH"
    PARTIAL = "PARTIAL"
    MISMATCH = "MISMATCH"
    PASS = "PASS"  # noqa: S105 - a verdict, not a password
    FAIL = "FAIL"
    UNKNOWN = "UNKNOWN"
    NOT_PROVIDED = "NOT_PROVIDED"


class Check(_Frozen):
    """One check's result. ``why`` explains in words without repeating personal data; ``detail``
    holds the evidence (per-component verdicts, the document's date and age, type keywords...)."""

    score: float | None = Field(default=None, ge=0.0, le=1.0)
    verdict: Verdict = Verdict.UNKNOWN
    why: str = ""
    detail: dict[str, Any] = Field(default_factory=dict)


class Checks(_Frozen):
    name: Check = Field(default_factory=Check)
    address: Check = Field(default_factory=Check)
    age: Check = Field(default_factory=Check)
    type: Check = Field(default_factory=Check)
    fraud: Check = Field(default_factory=Check)


class Reason(_Frozen):
    """Why the outcome is what it is: a stable ``code`` (NAME_MISMATCH, DOCUMENT_TOO_OLD...), the
    check it comes from, the outcome this reason alone asks for, and a sentence."""

    code: str
    check: str | None = None
    outcome: Outcome
    message: str = ""


class PolicyRef(_Frozen):
    """Which policy decided: its name, version and the SHA-256 of the policy file's bytes."""

    name: str
    version: str
    sha256: str


class Decision(_Frozen):
    """``outcome`` is the strictest outcome any reason asks for (REJECT > REVIEW > ACCEPT)."""

    outcome: Outcome
    reasons: list[Reason] = Field(default_factory=list)
    checks: Checks = Field(default_factory=Checks)
    policy: PolicyRef
    decided_at: float | None = None  # epoch seconds; rescoring sets it again


class ReviewAction(str, enum.Enum):
    """What a reviewer decided about a record."""

    APPROVE = "APPROVE"
    REJECT = "REJECT"
    REQUEST_DOCUMENT = "REQUEST_DOCUMENT"


class ReviewEntry(_Frozen):
    """One human decision, appended to ``Record.review.trail`` and never changed afterwards."""

    reviewer: str
    at: float  # epoch seconds
    action: ReviewAction
    reasons: list[str] = Field(default_factory=list)
    comment: str | None = None


class ReviewClaim(_Frozen):
    """A reviewer looking at a record: others cannot decide it until ``until`` (epoch seconds)."""

    reviewer: str
    until: float


class ReviewState(_Frozen):
    """The human side of a record: the current claim (if any) and the append-only decision trail."""

    claim: ReviewClaim | None = None
    trail: list[ReviewEntry] = Field(default_factory=list)

    @property
    def last(self) -> ReviewEntry | None:
        return self.trail[-1] if self.trail else None


class Record(BaseModel):
    """The stored outcome. Mutated only through ``model_copy(update=...)`` by idempotency rules."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    status: Status
    source: Source
    params: RecognitionParams = Field(default_factory=RecognitionParams)
    created_at: float
    updated_at: float
    # The claim state (see ``idempotency.py``). ``owner`` is a fencing token: every conditional write
    # installs a fresh one, so a write based on a stale read fails. ``holder`` is the claim that holds
    # (or, on a terminal record, finished) the record; ``None`` while the claim is given back.
    # ``lease_until`` (epoch seconds): while held, the end of the lease; while given back, the time
    # after which the sweeper may finish the record; 0 once terminal.
    owner: str | None = None
    holder: str | None = None
    lease_until: float = 0.0
    attempts: int = 0  # API calls made for this record, across invocations
    deliveries: int = 0  # FC deliveries that reached this record (busy ones included)
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
    expected: Expected | None = None  # applicant data sent with the upload (personal data)
    decision: Decision | None = None  # the answer to "is this a valid proof of address for them?"
    # human review (credrec.review): every write of these goes through ResultStore.replace_review,
    # a conditional write on ``review_rev`` (the number of review writes so far)
    review: ReviewState = Field(default_factory=ReviewState)
    review_rev: int = 0

    def public_view(self) -> dict[str, Any]:
        """The JSON shape users see (HTTP API, CLI): no lease internals, ISO-8601 UTC timestamps."""
        data = self.model_dump(mode="json", exclude={"owner": True, "holder": True, "lease_until": True, "review_rev": True,
                                                     "error": {"detail"}})
        for name in ("created_at", "updated_at"):
            data[name] = _iso(data[name])
        if data.get("decision") and data["decision"].get("decided_at") is not None:
            data["decision"]["decided_at"] = _iso(data["decision"]["decided_at"])
        review = data["review"]
        if review["claim"] is not None:
            review["claim"]["until"] = _iso(review["claim"]["until"])
        for entry in review["trail"]:
            entry["at"] = _iso(entry["at"])
        return data


def _iso(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class ListPage(_Frozen):
    records: list[Record]
    cursor: str | None = None
