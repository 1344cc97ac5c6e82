"""The decision policy as code: a versioned YAML (or JSON) document validated by :class:`Policy`.

A policy says how strict the name and address matches are, how old a document may be (per country,
per type, per country and type), which document types are accepted, and which outcome every check
verdict and every fraud signal asks for. ``default_policy.yaml`` beside this module is the default.

Where a policy comes from, first found wins:

1. ``Settings.policy`` (``CREDREC_POLICY``): the policy document itself, as compact JSON — the Pulumi
   stack sets it from ``credrec:policyFile`` (see ``infra/config.py``);
2. the default file shipped in the package.

:func:`load_policy` is cached: the function reads its policy once per instance. ``Policy.ref`` names
it in every decision: name, version and the SHA-256 of its canonical JSON (sorted keys, no spaces),
so the same rules written with other comments or key order have the same digest.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..models import Outcome, PolicyRef, Status, Verdict

DEFAULT_POLICY_FILE = Path(__file__).with_name("default_policy.yaml")
CHECKS = ("name", "address", "age", "type", "fraud")
TYPES = ("utility_electricity", "utility_water", "utility_gas", "telecom", "bank_statement", "card_statement",
         "government", "insurance", "other")


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class MatchThresholds(_Strict):
    match_min: float = Field(default=0.8, ge=0.0, le=1.0, description="Lowest score a MATCH may have.")
    partial_min: float = Field(default=0.5, ge=0.0, le=1.0, description="Below this a non-match is a MISMATCH.")

    @model_validator(mode="after")
    def _order(self) -> MatchThresholds:
        if self.partial_min > self.match_min:
            raise ValueError("partial_min must not exceed match_min")
        return self


class AddressThresholds(MatchThresholds):
    words_min: float = Field(default=0.8, ge=0.0, le=1.0, description="Share of the applicant's street/place words "
                                                               "that must be on the document for a MATCH.")


class AgeRules(_Strict):
    max_days: int = Field(default=90, ge=1, le=3660, description="Default maximum age of the document, in days.")
    by_country: dict[str, int] = Field(default_factory=dict, description="Maximum age per country (ISO alpha-2).")
    by_type: dict[str, int] = Field(default_factory=dict, description="Maximum age per document type.")
    by_country_type: dict[str, int] = Field(default_factory=dict,
                                            description="Maximum age per 'CC/type', e.g. 'SG/government'.")
    future_tolerance_days: int = Field(default=1, ge=0, le=31, description="A date this many days ahead is still fine "
                                                                   "(time zones); later is FAIL.")

    @field_validator("by_type")
    @classmethod
    def _types(cls, value: dict[str, int]) -> dict[str, int]:
        unknown = set(value) - set(TYPES)
        if unknown:
            raise ValueError(f"unknown document types: {sorted(unknown)}")
        return value

    @field_validator("by_country")
    @classmethod
    def _countries(cls, value: dict[str, int]) -> dict[str, int]:
        bad = [c for c in value if len(c) != 2 or not c.isupper()]
        if bad:
            raise ValueError(f"countries are ISO alpha-2 upper case: {bad}")
        return value

    @field_validator("by_country_type")
    @classmethod
    def _pairs(cls, value: dict[str, int]) -> dict[str, int]:
        for key in value:
            cc, _, doc_type = key.partition("/")
            if len(cc) != 2 or not cc.isupper() or doc_type not in TYPES:
                raise ValueError(f"{key!r}: use 'CC/type' with a known type")
        return value

    def limit(self, country: str | None, doc_type: str | None) -> int:
        if country and doc_type and f"{country}/{doc_type}" in self.by_country_type:
            return self.by_country_type[f"{country}/{doc_type}"]
        if doc_type and doc_type in self.by_type:
            return self.by_type[doc_type]
        if country and country in self.by_country:
            return self.by_country[country]
        return self.max_days


class TypeRules(_Strict):
    accepted: list[str] = Field(default_factory=lambda: [t for t in TYPES if t != "other"])
    min_score: float = Field(default=0.0, ge=0.0, le=1.0, description="Below this share of the keyword evidence the "
                                                              "type is UNKNOWN.")

    @field_validator("accepted")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        unknown = set(value) - set(TYPES)
        if unknown:
            raise ValueError(f"unknown document types: {sorted(unknown)}")
        return value


def _routes(**pairs: Outcome) -> dict[Verdict, Outcome]:
    return {Verdict(k): v for k, v in pairs.items()}


class Routing(_Strict):
    """The outcome each verdict asks for. The decision is the strictest asked (REJECT > REVIEW > ACCEPT)."""

    name: dict[Verdict, Outcome] = Field(default_factory=lambda: _routes(
        MATCH=Outcome.ACCEPT, PARTIAL=Outcome.REVIEW, MISMATCH=Outcome.REJECT, UNKNOWN=Outcome.REVIEW,
        NOT_PROVIDED=Outcome.REVIEW))
    address: dict[Verdict, Outcome] = Field(default_factory=lambda: _routes(
        MATCH=Outcome.ACCEPT, PARTIAL=Outcome.REVIEW, MISMATCH=Outcome.REJECT, UNKNOWN=Outcome.REVIEW,
        NOT_PROVIDED=Outcome.REVIEW))
    age: dict[Verdict, Outcome] = Field(default_factory=lambda: _routes(
        PASS=Outcome.ACCEPT, FAIL=Outcome.REJECT, UNKNOWN=Outcome.REVIEW))
    type: dict[Verdict, Outcome] = Field(default_factory=lambda: _routes(
        PASS=Outcome.ACCEPT, FAIL=Outcome.REJECT, UNKNOWN=Outcome.REVIEW))
    fraud: dict[Verdict, Outcome] = Field(default_factory=lambda: _routes(
        PASS=Outcome.ACCEPT, FAIL=Outcome.REVIEW, UNKNOWN=Outcome.REVIEW))
    fraud_types: dict[str, Outcome] = Field(
        default_factory=dict, description="Outcome per fraud signal type (PS, SCREENSHOT...) when flagged; "
                                          "the strictest of these and routing.fraud[FAIL] applies.")
    status: dict[Status, Outcome] = Field(default_factory=lambda: {
        Status.NO_TEXT: Outcome.REJECT, Status.REJECTED: Outcome.REJECT, Status.FAILED: Outcome.REVIEW})

    @model_validator(mode="after")
    def _complete(self) -> Routing:
        need = {
            "name": {Verdict.MATCH, Verdict.PARTIAL, Verdict.MISMATCH, Verdict.UNKNOWN, Verdict.NOT_PROVIDED},
            "address": {Verdict.MATCH, Verdict.PARTIAL, Verdict.MISMATCH, Verdict.UNKNOWN, Verdict.NOT_PROVIDED},
            "age": {Verdict.PASS, Verdict.FAIL, Verdict.UNKNOWN},
            "type": {Verdict.PASS, Verdict.FAIL, Verdict.UNKNOWN},
            "fraud": {Verdict.PASS, Verdict.FAIL, Verdict.UNKNOWN},
        }
        for check, verdicts in need.items():
            missing = verdicts - set(getattr(self, check))
            if missing:
                raise ValueError(f"routing.{check} lacks {sorted(v.value for v in missing)}")
        missing_status = {Status.NO_TEXT, Status.REJECTED, Status.FAILED} - set(self.status)
        if missing_status:
            raise ValueError(f"routing.status lacks {sorted(s.value for s in missing_status)}")
        return self


class Policy(_Strict):
    name: str = Field(min_length=1, max_length=64)
    version: str = Field(min_length=1, max_length=32)
    description: str = ""
    default_country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$", description="Country used when the "
                                        "applicant data has none (date order, postcode format, age limits).")
    name_match: MatchThresholds = Field(default_factory=lambda: MatchThresholds())
    address_match: AddressThresholds = Field(default_factory=lambda: AddressThresholds())
    age: AgeRules = Field(default_factory=lambda: AgeRules())
    document_type: TypeRules = Field(default_factory=lambda: TypeRules())
    routing: Routing = Field(default_factory=lambda: Routing())

    def canonical_json(self) -> str:
        return json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    @property
    def ref(self) -> PolicyRef:
        digest = hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()
        return PolicyRef(name=self.name, version=self.version, sha256=digest)


class PolicyError(ValueError):
    """The policy document cannot be read or does not validate; the message says where."""


def parse_policy(text: str, *, source: str = "policy") -> Policy:
    """A policy from YAML or JSON text (JSON is YAML; pure JSON is read without PyYAML)."""
    data: Any
    stripped = text.lstrip()
    try:
        if stripped.startswith("{"):
            data = json.loads(text)
        else:
            import yaml

            data = yaml.safe_load(text)
    except Exception as exc:
        raise PolicyError(f"{source}: not valid YAML/JSON ({type(exc).__name__}: {exc})") from exc
    if not isinstance(data, dict):
        raise PolicyError(f"{source}: a policy is a mapping with name, version and rules")
    try:
        return Policy.model_validate(data)
    except Exception as exc:
        raise PolicyError(f"{source}: {exc}") from exc


def read_policy_file(path: str | Path) -> Policy:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyError(f"{p}: cannot be read ({exc.strerror})") from exc
    return parse_policy(text, source=str(p))


@lru_cache(maxsize=8)
def load_policy(inline: str = "") -> Policy:
    """The instance's policy: ``inline`` (``Settings.policy``) when set, else the shipped default."""
    if inline.strip():
        return parse_policy(inline, source="CREDREC_POLICY")
    return read_policy_file(DEFAULT_POLICY_FILE)
