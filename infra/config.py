"""The stack configuration: every ``credrec:*`` key, read once from Pulumi config and validated.

``load_config()`` is the only place the program touches ``pulumi.Config``. It returns a frozen
:class:`StackConfig`; everything downstream takes that object. A bad value, an unknown key (a typo
such as ``credrec:uploadprefix``) or an HTTP token that was not stored as a secret fails the run
before any resource is registered, with a message naming the key.

Each field's ``description`` is the documentation of the key: ``Pulumi.dev.yaml.example`` and the
README table are checked against :data:`CONFIG_KEYS` by the tests.
"""

from __future__ import annotations

import ipaddress
import math
import re
from typing import Annotated, Any, Literal

import pulumi
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic.alias_generators import to_camel

NAMESPACE = "credrec"
DEFAULT_REGION = "ap-southeast-1"
MIN_TOKEN_LENGTH = 32
INVOCATION_OVERHEAD_MS = 500  # OSS head/read and Tablestore claim/complete around the API call

_PREFIX_RE = re.compile(r"^[a-z][a-z0-9-]{1,18}[a-z0-9]$")
_REGION_RE = re.compile(r"^[a-z]{2}-[a-z]+(-[a-z]+)?-\d+$|^[a-z]{2}-[a-z]+$")


class ConfigError(ValueError):
    """The stack configuration is invalid; the message names the offending ``credrec:`` keys."""


#: Tablestore's time to live is an int32 number of seconds (about 68 years).
MAX_RECORD_RETENTION_DAYS = (2**31 - 1) // 86400
DEFAULT_RECORD_RETENTION_DAYS = 1825


class StackConfig(BaseModel):
    """Validated ``credrec:*`` stack configuration (camelCase keys in Pulumi, snake_case here)."""

    model_config = ConfigDict(frozen=True, extra="forbid", alias_generator=to_camel, populate_by_name=True)

    region: str = Field(DEFAULT_REGION, description="Region of every resource (ID Verification must be active there).")
    name_prefix: str = Field(
        ...,
        description="Prefix of every resource name; 3-20 chars, lowercase letters, digits, '-'. "
        "Default: credrec-<stack>.",
    )
    upload_prefix: str = Field("uploads/", description="Key prefix the OSS trigger watches (must end with '/').")
    image_retention_days: Annotated[int, Field(ge=1, le=3650)] = Field(
        7, description="Days after which uploaded images are deleted by the bucket lifecycle rule."
    )
    log_retention_days: Annotated[int, Field(ge=1, le=3650)] = Field(
        30, description="Retention of the function's SLS logstore, in days."
    )
    record_retention_days: Annotated[int, Field(ge=-1, le=MAX_RECORD_RETENTION_DAYS)] = Field(
        DEFAULT_RECORD_RETENTION_DAYS,
        description="Days a result record (names, addresses) is kept after its last write; -1 keeps records "
        "until deleted. Default 1825 (5 years, the common AML/KYC record-keeping minimum).",
    )
    function_memory_mb: Annotated[int, Field(ge=128, le=32768, multiple_of=64)] = Field(
        1024, description="Function memory in MB (multiple of 64)."
    )
    function_cpu: float | None = Field(
        None, description="vCPUs (multiple of 0.05, 1:1 to 1:4 vCPU:GB of memory). Default: memory/2 GB."
    )
    function_timeout_seconds: Annotated[int, Field(ge=10, le=86400)] = Field(
        120, description="Function timeout in seconds (must exceed one recognition attempt)."
    )
    function_concurrency: Annotated[int, Field(ge=1, le=200)] = Field(
        10, description="Requests one function instance serves at once (instance concurrency)."
    )
    api_qps: Annotated[int, Field(ge=1, le=1000)] = Field(
        5, description="Calls per second the ID Verification API allows this account (CREDENTIAL_RECOGNITION: 5); "
        "sizes the function's reserved concurrency.",
    )
    api_latency_ms: Annotated[int, Field(ge=100, le=60000)] = Field(
        2000, description="Typical CredentialRecognitionIntl answer time (ms), for sizing the fleet to apiQps.",
    )
    sweep_every_minutes: Annotated[int, Field(ge=1, le=1440)] = Field(
        5, description="How often the timer trigger runs the sweeper (finishes records left IN_PROGRESS).",
    )
    async_retry_attempts: Annotated[int, Field(ge=0, le=8)] = Field(
        3, description="FC retries of a failed upload event before it goes to the dead-letter queue (0-8)."
    )
    async_max_event_age_seconds: Annotated[int, Field(ge=60, le=604800)] = Field(
        86400, description="Oldest upload event FC still delivers, in seconds; older ones go to the DLQ."
    )
    http_token: SecretStr = Field(
        ...,
        description="Bearer token for the HTTP trigger; required, a Pulumi secret, at least 32 characters "
        "(only its SHA-256 reaches the function).",
    )
    reviewers: SecretStr = Field(
        SecretStr("{}"),
        description="Review workbench sign-in, a secret: JSON object of reviewer name -> SHA-256 hex of their "
        "token (`credrec reviewers add NAME` prints both); only the hashes reach the function.",
    )
    vpc_cidr: str = Field("10.88.0.0/16", description="CIDR of the VPC created for the function.")
    vswitch_cidr: str = Field("10.88.0.0/24", description="CIDR of the vSwitch (inside vpcCidr).")
    zone_id: str | None = Field(
        None, description="Zone of the vSwitch; must be a Function Compute zone. Default: the first FC zone."
    )
    tablestore_allow_internet: bool = Field(
        False,
        description="Keep the Tablestore instance open to the Internet (no network lock): only while "
        "changing the table or running `pulumi refresh`; false: VPC-only after every `pulumi up`.",
    )
    function_internet_access: bool = Field(
        False, description="Let the function reach the Internet; it only needs VPC endpoints, so false."
    )
    log_level: str = Field("INFO", description="Function log level: DEBUG, INFO, WARNING or ERROR.")
    api_version: Literal["v1", "v2"] = Field(
        "v1", description="v1: CredentialRecognitionIntl (images only); v2: CredentialRecognitionIntlV2 (images and PDFs).")
    doc_type: str = Field("01", description="Default DocType sent to CredentialRecognitionIntl.")
    ocr_area: str = Field("0101", description="Default OcrArea sent to CredentialRecognitionIntl.")
    fraud_check: bool = Field(True, description="Default FraudCheck (tamper detection) flag.")
    policy_file: str | None = Field(
        None, description="Decision policy YAML (credrec.decide; path relative to the project): validated at "
        "`pulumi up` and deployed as CREDREC_POLICY. Default: the policy shipped in the function package."
    )

    @field_validator("region")
    @classmethod
    def _region(cls, value: str) -> str:
        if not _REGION_RE.match(value):
            raise ValueError(f"{value!r} is not a region id such as ap-southeast-1")
        return value

    @field_validator("name_prefix")
    @classmethod
    def _name_prefix(cls, value: str) -> str:
        if not _PREFIX_RE.match(value) or "--" in value:
            raise ValueError(
                f"{value!r}: use 3-20 lowercase letters, digits or '-', starting with a letter, "
                "not ending with '-' (it becomes part of globally unique bucket and log project names)"
            )
        return value

    @field_validator("upload_prefix")
    @classmethod
    def _upload_prefix(cls, value: str) -> str:
        if not value or value.startswith("/") or not value.endswith("/"):
            raise ValueError("must be a non-empty key prefix such as 'uploads/' (no leading '/', trailing '/')")
        if ".." in value.split("/") or "*" in value:
            raise ValueError("must not contain '..' or '*'")
        return value

    @field_validator("http_token")
    @classmethod
    def _token(cls, value: SecretStr) -> SecretStr:
        token = value.get_secret_value()
        if len(token) < MIN_TOKEN_LENGTH or token.strip() != token:
            raise ValueError(
                f"must be at least {MIN_TOKEN_LENGTH} characters without surrounding spaces "
                "(e.g. `openssl rand -hex 32`)"
            )
        return value

    @field_validator("reviewers")
    @classmethod
    def _reviewers(cls, value: SecretStr) -> SecretStr:
        from credrec.settings import parse_reviewer_hashes

        parse_reviewer_hashes(value.get_secret_value())  # raises ValueError with the reason
        return value

    @field_validator("vpc_cidr", "vswitch_cidr")
    @classmethod
    def _cidr(cls, value: str) -> str:
        network = ipaddress.ip_network(value, strict=True)
        if network.version != 4 or not network.is_private:
            raise ValueError("must be a private IPv4 CIDR block")
        return value

    @field_validator("record_retention_days")
    @classmethod
    def _retention(cls, value: int) -> int:
        if value == 0:
            raise ValueError("recordRetentionDays must be -1 (keep until deleted) or at least 1 day")
        return value

    @field_validator("policy_file")
    @classmethod
    def _policy_file(cls, value: str | None) -> str | None:
        if value:
            policy_json(value)  # readable, valid and small enough, or the run stops here
        return value or None

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        if value not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
        return value

    @model_validator(mode="after")
    def _cross_checks(self) -> StackConfig:
        vpc = ipaddress.ip_network(self.vpc_cidr)
        vsw = ipaddress.ip_network(self.vswitch_cidr)
        if not (vpc.prefixlen in range(8, 25) and vsw.prefixlen in range(16, 30)):
            raise ValueError("vpcCidr mask must be /8-/24 and vswitchCidr mask /16-/29")
        if not vsw.subnet_of(vpc):  # type: ignore[arg-type]
            raise ValueError(f"vswitchCidr {vsw} is not inside vpcCidr {vpc}")
        cpu = self.cpu
        memory_gb = self.function_memory_mb / 1024
        if not math.isclose(round(cpu / 0.05) * 0.05, cpu, abs_tol=1e-9):
            raise ValueError("functionCpu must be a multiple of 0.05")
        if not (memory_gb / 4 - 1e-9 <= cpu <= memory_gb + 1e-9):
            raise ValueError(f"functionCpu {cpu} vs {memory_gb} GB: the ratio must be between 1:1 and 1:4")
        return self

    @property
    def cpu(self) -> float:
        """vCPUs for the function: the configured value, else half the memory in GB (rounded up)."""
        if self.function_cpu is not None:
            return self.function_cpu
        return round(math.ceil(self.function_memory_mb / 1024 / 2 / 0.05 - 1e-9) * 0.05, 2)

    @property
    def reserved_concurrency(self) -> int:
        """Concurrent invocations that keep ``api_qps`` calls per second busy and no more (Little's law:
        in flight = rate x time in the function; each invocation spends the API latency plus ~0.5 s on
        OSS and Tablestore). FC queues the async events beyond it, unbilled, for up to 5 h."""
        return max(1, math.ceil(self.api_qps * (self.api_latency_ms + INVOCATION_OVERHEAD_MS) / 1000))

    @property
    def instance_concurrency(self) -> int:
        """Requests one instance serves at once: ``functionConcurrency``, never more than the fleet."""
        return min(self.function_concurrency, self.reserved_concurrency)

    @property
    def max_deliveries(self) -> int:
        """How many times FC delivers one upload event: the first try plus the retries."""
        return self.async_retry_attempts + 1


#: The function's environment variables share FC's 4 KB budget; the policy gets at most this much.
MAX_POLICY_BYTES = 2048


def policy_json(path: str) -> str:
    """The policy file as the compact canonical JSON the function reads from ``CREDREC_POLICY``."""
    from credrec.decide import PolicyError, read_policy_file

    try:
        policy = read_policy_file(path)
    except PolicyError as exc:
        raise ValueError(str(exc)) from None
    text = policy.canonical_json()
    if len(text.encode("utf-8")) > MAX_POLICY_BYTES:
        raise ValueError(f"{path}: {len(text.encode())} bytes as JSON; at most {MAX_POLICY_BYTES} fit in the "
                         "function's environment (drop the description or unneeded overrides)")
    return text


#: Config key (camelCase, as written in Pulumi.<stack>.yaml without the namespace) -> description.
CONFIG_KEYS: dict[str, str] = {
    to_camel(name): field.description or "" for name, field in StackConfig.model_fields.items()
}
SECRET_KEYS = frozenset({"httpToken", "reviewers"})


def default_name_prefix(stack: str) -> str:
    """``credrec-<stack>`` squeezed into the prefix rules (lowercase, '-' separators, 20 chars)."""
    slug = re.sub(r"[^a-z0-9]+", "-", stack.lower()).strip("-")
    return f"credrec-{slug}"[:20].rstrip("-")


def load_config(config: pulumi.Config | None = None, stack: str | None = None) -> StackConfig:
    """Read every ``credrec:*`` key once and return the validated configuration."""
    config = config or pulumi.Config(NAMESPACE)
    stack = stack or pulumi.get_stack()
    unknown = sorted(_present_keys() - set(CONFIG_KEYS))
    if unknown:
        raise ConfigError(
            f"unknown config keys {[f'{NAMESPACE}:{k}' for k in unknown]}; known keys: {sorted(CONFIG_KEYS)}"
        )
    raw: dict[str, Any] = {}
    for key in CONFIG_KEYS:
        value = config.get(key)
        if value is not None:
            raw[key] = value
    token_key = f"{NAMESPACE}:httpToken"
    if "httpToken" not in raw:
        raise ConfigError(f"{token_key} is required: `pulumi config set --secret httpToken \"$(openssl rand -hex 32)\"`")
    if not pulumi.runtime.is_config_secret(token_key):
        raise ConfigError(f"{token_key} must be stored as a secret: `pulumi config set --secret httpToken ...`")
    if "reviewers" in raw and not pulumi.runtime.is_config_secret(f"{NAMESPACE}:reviewers"):
        raise ConfigError(f"{NAMESPACE}:reviewers must be stored as a secret: `pulumi config set --secret reviewers ...`")
    raw.setdefault("namePrefix", default_name_prefix(stack))
    try:
        return StackConfig.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{NAMESPACE}:{'.'.join(str(p) for p in err['loc']) or '(stack)'}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(f"invalid stack configuration: {problems}") from None


def _present_keys() -> set[str]:
    """Keys set under our namespace, from wherever the Pulumi runtime holds config."""
    # The language host hands config to the SDK either through set_all_config (CONFIG) or through
    # the PULUMI_CONFIG environment bag; the SDK has no public "list keys" call, so read both.
    from pulumi.runtime import config as runtime_config

    keys = set(runtime_config.CONFIG.get()) | set(runtime_config.get_config_env())
    prefix = NAMESPACE + ":"
    return {key[len(prefix) :] for key in keys if key.startswith(prefix)}
