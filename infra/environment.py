"""The function's environment, built from the function's own settings model.

:func:`function_settings` fills *every* field of ``credrec.settings.Settings`` explicitly (defaults
included), so the deployed configuration is complete and readable in the console, and validates it
with the model itself: a value the function would reject fails ``pulumi up`` before any resource is
created. :func:`environment_variables` turns it into ``CREDREC_*`` strings and proves the function
reads back exactly the same settings from them.

The bearer token never reaches the function: only its SHA-256, which the function compares in
constant time with the hash of the presented token.
"""

from __future__ import annotations

import hashlib
from typing import Any

from pydantic import SecretStr

from credrec.settings import ENV_PREFIX, Settings
from infra.config import StackConfig, policy_json
from infra.naming import Names

TOKEN_HASH_VARIABLE = ENV_PREFIX + "HTTP_TOKEN_SHA256"
REVIEWERS_VARIABLE = ENV_PREFIX + "REVIEWER_TOKENS_SHA256"
SECRET_VARIABLES = frozenset({TOKEN_HASH_VARIABLE, REVIEWERS_VARIABLE})


def token_sha256(cfg: StackConfig) -> str:
    return hashlib.sha256(cfg.http_token.get_secret_value().encode()).hexdigest()


def endpoints(region: str, ots_instance: str) -> dict[str, str]:
    """Same-region private endpoints the function uses from inside the VPC."""
    return {
        # ID Verification's same-region VPC endpoint (ID Verification server API endpoint list).
        "cloudauth_endpoint": f"cloudauth-intl-vpc.{region}.aliyuncs.com",
        "oss_endpoint": f"oss-{region}-internal.aliyuncs.com",
        # Presigned URLs for images over 3 MB are fetched by the recognition service from outside
        # our VPC, so they are signed for the public endpoint (HTTPS; the bucket refuses plain HTTP).
        "oss_public_endpoint": f"oss-{region}.aliyuncs.com",
        "ots_endpoint": f"https://{ots_instance}.{region}.vpc.tablestore.aliyuncs.com",
    }


def function_settings(cfg: StackConfig, names: Names) -> Settings:
    """The validated settings the deployed function will run with."""
    values: dict[str, Any] = {
        name: field.default for name, field in Settings.model_fields.items()
    }
    values.update(
        region=cfg.region,
        bucket=names.upload_bucket,
        upload_prefix=cfg.upload_prefix,
        cloudauth_protocol="https",
        api_version=cfg.api_version,
        doc_type=cfg.doc_type,
        ocr_area=cfg.ocr_area,
        fraud_check=cfg.fraud_check,
        policy=policy_json(cfg.policy_file) if cfg.policy_file else "",
        ots_instance=names.ots_instance,
        table=names.table,
        http_token_sha256=token_sha256(cfg),
        reviewer_tokens_sha256=cfg.reviewers,
        max_deliveries=cfg.max_deliveries,
        log_level=cfg.log_level,
        **endpoints(cfg.region, names.ots_instance),
    )
    unknown = set(values) - set(Settings.model_fields)
    if unknown:  # Settings ignores extra keys; a misspelt one here would silently never apply.
        raise KeyError(f"not Settings fields: {sorted(unknown)}")
    settings = Settings.model_validate(values)
    per_attempt_s = (settings.connect_timeout_ms + settings.read_timeout_ms) / 1000
    if cfg.function_timeout_seconds <= per_attempt_s:
        raise ValueError(
            f"credrec:functionTimeoutSeconds={cfg.function_timeout_seconds} leaves no room for one "
            f"recognition attempt ({per_attempt_s:.0f} s connect+read timeout)"
        )
    return settings


def environment_variables(settings: Settings) -> dict[str, str]:
    """``CREDREC_*`` strings for every settings field, in field order; round-trip checked."""
    env: dict[str, str] = {}
    for name in Settings.model_fields:
        env[ENV_PREFIX + name.upper()] = _to_env(getattr(settings, name))
    if Settings.from_mapping(env) != settings:
        raise AssertionError("the function would not read back the settings infra deploys")
    return env


def _to_env(value: Any) -> str:
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        raise ValueError("every setting is deployed explicitly; None has no environment form")
    return str(value)
