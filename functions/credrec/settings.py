"""The one settings model. Built once per instance from ``CREDREC_*`` variables and passed down.

Nothing else in credrec reads ``os.environ`` for configuration. The infrastructure program sets the
function's environment from exactly these field names (``CREDREC_<FIELD>``); a test keeps the two in
step. Credentials are deliberately *not* settings: the function uses its role's STS credentials
(see ``credentials.py``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "CREDREC_"
REVIEWER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")


def parse_reviewer_hashes(raw: str) -> dict[str, str]:
    """``{"name": "<64 hex>"}`` from JSON text; names are short identifiers (they appear in the audit trail)."""
    try:
        data = json.loads(raw.strip() or "{}")
    except ValueError as exc:
        raise ValueError("reviewer_tokens_sha256 must be a JSON object of name -> sha256 hex") from exc
    if not isinstance(data, dict):
        raise ValueError("reviewer_tokens_sha256 must be a JSON object of name -> sha256 hex")
    out: dict[str, str] = {}
    for name, digest in data.items():
        if not REVIEWER_NAME.match(str(name)):
            raise ValueError("reviewer names are 1-64 letters, digits, '.', '_', '@' or '-'")
        text = str(digest).strip().lower()
        if len(text) != 64 or any(c not in "0123456789abcdef" for c in text):
            raise ValueError("each reviewer token hash must be 64 hex characters (sha256 of the token)")
        out[str(name)] = text
    return out


def due_index_name(table: str) -> str:
    """Name of the secondary index the sweeper reads (the infrastructure creates it by this name)."""
    return f"{table}_due"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, frozen=True, extra="ignore")

    # --- where things are -------------------------------------------------------------
    region: str = Field("ap-southeast-1", description="Alibaba Cloud region of every service used.")
    bucket: str = Field("", description="Upload bucket; the HTTP API reads only from this bucket.")
    upload_prefix: str = Field("uploads/", description="Key prefix the OSS trigger watches; oss_key must be under it.")

    # --- CredentialRecognitionIntl ----------------------------------------------------
    api_version: Literal["v1", "v2"] = Field(
        "v1", description="v1: CredentialRecognitionIntl (images only; a PDF is REJECTED with PDF_REQUIRES_V2); "
        "v2: CredentialRecognitionIntlV2 (images and PDFs, FileInputType IMAGE/PDF).")
    cloudauth_endpoint: str = Field(
        "", description="host[:port]; empty = cloudauth-intl-vpc.<region>.aliyuncs.com (same-region VPC endpoint)."
    )
    cloudauth_protocol: Literal["https", "http"] = Field("https", description="http only for the local emulator.")
    doc_type: str = Field("01", description="Default DocType: 01 transaction credential, 04 proof of address.")
    ocr_area: str = Field("0101", description="Default OcrArea: 0101 e-bill name+address, 0401 POA.")
    fraud_check: bool = Field(True, description="Default FraudCheck (tamper detection).")
    connect_timeout_ms: int = Field(5000, ge=100, le=60000, description="CloudAuth connect timeout.")
    read_timeout_ms: int = Field(20000, ge=500, le=300000, description="CloudAuth read timeout per attempt.")

    # --- OSS --------------------------------------------------------------------------
    oss_endpoint: str = Field("", description="Endpoint for reads; empty = oss-<region>-internal.aliyuncs.com.")
    oss_public_endpoint: str = Field(
        "", description="Endpoint for presigned URLs the API fetches; empty = oss-<region>.aliyuncs.com."
    )
    presign_ttl_seconds: int = Field(600, ge=30, le=600, description="Lifetime of presigned URLs (max 10 min).")
    answer_prefix: str = Field(
        "credrec-answers/",
        description="Private key prefix in the bucket where a paid answer waits when its final write failed "
        "(outside upload_prefix).",
    )

    # --- Tablestore -------------------------------------------------------------------
    ots_endpoint: str = Field("", description="https://<instance>.<region>.vpc.tablestore.aliyuncs.com")
    ots_instance: str = Field("", description="Tablestore instance name.")
    table: str = Field("credrec_records", description="Results table (primary key: id STRING).")

    # --- HTTP API ---------------------------------------------------------------------
    http_token_sha256: SecretStr | None = Field(
        None, description="hex SHA-256 of the bearer token; unset = every authenticated route answers 401."
    )

    reviewer_tokens_sha256: SecretStr = Field(
        SecretStr("{}"),
        description='Review workbench sign-in: JSON object {"reviewer name": "hex SHA-256 of their token"}; '
        "{} = nobody can sign in. Separate from the service token.",
    )
    review_claim_seconds: int = Field(
        300, ge=30, le=3600, description="How long a reviewer's claim on a record lasts without renewal."
    )

    # --- retries and leases -----------------------------------------------------------
    max_attempts: int = Field(4, ge=1, le=10, description="API attempts per invocation (first try included).")
    backoff_base_ms: int = Field(200, ge=1, le=10000, description="First retry delay before jitter.")
    backoff_cap_ms: int = Field(4000, ge=1, le=60000, description="Largest retry delay.")
    max_deliveries: int = Field(
        4, ge=1, le=9, description="FC async deliveries (1 + retry attempts); the last one records FAILED."
    )
    lease_margin_seconds: int = Field(
        15, ge=0, le=600, description="Added to the invocation's remaining time to form the claim lease."
    )
    final_write_reserve_ms: int = Field(
        2000, ge=0, le=60000,
        description="Time kept back from the API call for writing the record (retried) or keeping the paid answer.",
    )
    sweep_after_seconds: int = Field(
        900, ge=0, le=86400,
        description="A claim given back for FC's next delivery is finished by the sweeper after this long.",
    )

    # --- decisions --------------------------------------------------------------------
    policy: str = Field(
        default="", description="Decision policy document as compact JSON (infra sets it from "
        "credrec:policyFile); empty = the default policy shipped in the package (credrec/decide/default_policy.yaml)."
    )

    # --- logging ----------------------------------------------------------------------
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field("INFO", description="Log level.")

    @field_validator("upload_prefix")
    @classmethod
    def _prefix(cls, value: str) -> str:
        value = value.lstrip("/")
        if value and not value.endswith("/"):
            value += "/"
        if ".." in value.split("/"):
            raise ValueError("upload_prefix must not contain '..'")
        return value

    @field_validator("answer_prefix")
    @classmethod
    def _answer_prefix(cls, value: str) -> str:
        value = value.lstrip("/")
        if not value or ".." in value.split("/"):
            raise ValueError("answer_prefix must be a non-empty key prefix without '..'")
        return value if value.endswith("/") else value + "/"

    @field_validator("doc_type", "ocr_area")
    @classmethod
    def _digits(cls, value: str) -> str:
        if not value.isdigit():
            raise ValueError("must be digits, e.g. 01 / 0101")
        return value

    @field_validator("http_token_sha256")
    @classmethod
    def _sha256(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        raw = value.get_secret_value().strip().lower()
        if len(raw) != 64 or any(c not in "0123456789abcdef" for c in raw):
            raise ValueError("http_token_sha256 must be 64 hex characters (sha256 of the token)")
        return SecretStr(raw)

    @field_validator("reviewer_tokens_sha256")
    @classmethod
    def _reviewers(cls, value: SecretStr) -> SecretStr:
        return SecretStr(json.dumps(parse_reviewer_hashes(value.get_secret_value()), sort_keys=True,
                                    separators=(",", ":")))

    @model_validator(mode="after")
    def _backoff(self) -> Settings:
        if self.backoff_cap_ms < self.backoff_base_ms:
            raise ValueError("backoff_cap_ms must be >= backoff_base_ms")
        if self.upload_prefix and (self.answer_prefix.startswith(self.upload_prefix)
                                   or self.upload_prefix.startswith(self.answer_prefix)):
            raise ValueError("answer_prefix must lie outside upload_prefix (the trigger would fire on it)")
        return self

    # --- derived values ---------------------------------------------------------------
    @property
    def reviewer_hashes(self) -> dict[str, str]:
        """Reviewer name → hex SHA-256 of their token."""
        parsed: dict[str, str] = json.loads(self.reviewer_tokens_sha256.get_secret_value())
        return parsed

    @property
    def cloudauth_host(self) -> str:
        return self.cloudauth_endpoint or f"cloudauth-intl-vpc.{self.region}.aliyuncs.com"

    @property
    def due_index(self) -> str:
        """The results table's secondary index of IN_PROGRESS records, by ``due`` (see the sweeper)."""
        return due_index_name(self.table)

    @property
    def oss_read_endpoint(self) -> str:
        return self.oss_endpoint or f"oss-{self.region}-internal.aliyuncs.com"

    @property
    def oss_presign_endpoint(self) -> str:
        return self.oss_public_endpoint or f"oss-{self.region}.aliyuncs.com"

    @classmethod
    def from_mapping(cls, env: Mapping[str, str]) -> Settings:
        """Build from an explicit mapping of ``CREDREC_*`` variables (tests, the local CLI)."""
        values = {
            name: env[ENV_PREFIX + name.upper()]
            for name in cls.model_fields
            if ENV_PREFIX + name.upper() in env
        }
        return cls.model_validate(values)

    @classmethod
    def env_names(cls) -> list[str]:
        """The environment variable names, in field order (used by infra and its tests)."""
        return [ENV_PREFIX + name.upper() for name in cls.model_fields]
