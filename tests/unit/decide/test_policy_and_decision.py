"""Policy as code (validation, digest, routing) and the decision it yields for one record."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from credrec.decide import PolicyError, decide, load_policy, parse_policy
from credrec.decide.dates import parse_date
from credrec.decide.doctype import classify
from credrec.decide.policy import DEFAULT_POLICY_FILE, Policy
from credrec.models import (
    Expected,
    Fields,
    FraudVerdict,
    Outcome,
    Record,
    RecordError,
    Source,
    Status,
    Verdict,
)

NOW = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.timezone.utc).timestamp()


def record(status: Status = Status.SUCCEEDED, *, name: str = "TAN AH KOW", days_old: int = 10,
           issuer: str = "Lion City Power", expected: Expected | None = None, fraud: FraudVerdict | None = None,
           **extra: object) -> Record:
    date = (dt.date(2026, 11, 29) - dt.timedelta(days=days_old)).strftime("%d %b %Y")
    return Record(
        id="r1", status=status, source=Source(kind="http"), created_at=NOW, updated_at=NOW,
        fields=Fields(name=name, address="BLK 123 ANG MO KIO AVENUE 3\n#05-67\nSINGAPORE 560123",
                      extra={"issuer": issuer, "billDate": date, **extra}),
        fraud=fraud or FraudVerdict(checked=True, suspicious=False),
        expected=expected if expected is not None else Expected(
            name="Tan Ah Kow", address="Blk 123 Ang Mo Kio Ave 3 #05-67 Singapore 560123", country="SG"),
        error=RecordError(code="CORRUPT_IMAGE", message="x") if status is Status.REJECTED else None,
    )


def test_default_policy_is_valid_and_digest_ignores_formatting() -> None:
    policy = load_policy("")
    assert policy.name == "default" and policy.ref.version == policy.version
    as_json = policy.canonical_json()
    again = parse_policy(json.dumps(json.loads(as_json), indent=2))
    assert again.ref == policy.ref
    changed = parse_policy(as_json.replace('"max_days":92', '"max_days":62'))
    assert changed.ref.sha256 != policy.ref.sha256


@pytest.mark.parametrize("text", [
    "name: x\n",  # no version
    "name: x\nversion: '1'\nage: {max_days: 0}\n",  # out of range
    "name: x\nversion: '1'\ndocument_type: {accepted: [passport]}\n",  # unknown type
    "name: x\nversion: '1'\nrouting: {name: {MATCH: ACCEPT}}\n",  # incomplete routing
    "name: x\nversion: '1'\nthreshold: 3\n",  # unknown key
    "name: x\nversion: '1'\nname_match: {match_min: 0.4, partial_min: 0.6}\n",
    "- just\n- a list\n",
    "name: [unclosed\n",
])
def test_invalid_policies_are_refused_with_a_message(text: str) -> None:
    with pytest.raises(PolicyError):
        parse_policy(text)


def test_a_good_recent_bill_of_the_applicant_is_accepted() -> None:
    decision = decide(record(), load_policy(""), now=NOW)
    assert decision is not None and decision.outcome is Outcome.ACCEPT
    assert decision.checks.age.detail["age_days"] == 10
    assert decision.checks.type.detail["type"] == "utility_electricity"


def test_each_check_routes_by_policy() -> None:
    policy = load_policy("")
    assert decide(record(days_old=120), policy, now=NOW).outcome is Outcome.REJECT  # too old
    assert decide(record(days_old=-10), policy, now=NOW).outcome is Outcome.REJECT  # future
    govt = decide(record(days_old=200, issuer="Inland Revenue Authority"), policy, now=NOW)
    assert govt.outcome is Outcome.ACCEPT and govt.checks.age.detail["max_days"] == 366  # by type
    flagged = decide(record(fraud=FraudVerdict(checked=True, suspicious=True, types=["SCREENSHOT"])), policy, now=NOW)
    assert flagged.outcome is Outcome.REVIEW
    strict = Policy.model_validate({**policy.model_dump(), "routing": {
        **policy.routing.model_dump(), "fraud_types": {"SCREENSHOT": "REJECT"}}})
    assert decide(record(fraud=FraudVerdict(checked=True, suspicious=True, types=["SCREENSHOT"])), strict,
                  now=NOW).outcome is Outcome.REJECT
    unknown_type = decide(record(issuer="Acme Holdings"), policy, now=NOW)
    assert unknown_type.outcome is Outcome.REVIEW and unknown_type.checks.type.verdict is Verdict.UNKNOWN


def test_records_without_recognition_get_a_decision_from_their_status() -> None:
    policy = load_policy("")
    rejected = decide(record(Status.REJECTED), policy, now=NOW)
    assert rejected.outcome is Outcome.REJECT and rejected.reasons[0].code == "STATUS_REJECTED"
    assert decide(record(Status.FAILED), policy, now=NOW).outcome is Outcome.REVIEW
    assert decide(record(Status.NO_TEXT), policy, now=NOW).outcome is Outcome.REJECT
    assert decide(record(Status.IN_PROGRESS), policy, now=NOW) is None


def test_dates_are_read_the_country_way_and_never_guessed() -> None:
    assert parse_date("05/03/2026", country="SG") == dt.date(2026, 3, 5)
    assert parse_date("05/03/2026", country="US") == dt.date(2026, 5, 3)
    assert parse_date("05/03/2026") is None  # ambiguous without a country
    assert parse_date("25/03/2026") == dt.date(2026, 3, 25)  # only one reading
    assert parse_date("March 5, 2026") == dt.date(2026, 3, 5)
    assert parse_date("05-MAR-26") == dt.date(2026, 3, 5)
    assert parse_date("5 Mac 2026") == dt.date(2026, 3, 5)  # Malay
    assert parse_date("2026-03-05") == dt.date(2026, 3, 5)
    assert parse_date("31/02/2026", country="SG") is None
    assert parse_date("soon") is None


@pytest.mark.parametrize(("extra", "expected_type"), [
    ({"issuer": "Merlion Power & Light"}, "utility_electricity"),
    ({"issuer": "PT Garuda Water Services"}, "utility_water"),
    ({"issuer": "Straits Gas Company"}, "utility_gas"),
    ({"issuer": "Kallang Broadband"}, "telecom"),
    ({"issuer": "Lion City Savings Bank", "amountDue": ""}, "bank_statement"),
    ({"issuer": "Lion City Bank", "amountDue": "S$ 120.00"}, "card_statement"),
    ({"issuer": "Siam Card Services"}, "card_statement"),
    ({"issuer": "Inland Revenue Authority of Singapore"}, "government"),
    ({"issuer": "Great Eastern Life Assurance"}, "insurance"),
    ({"issuer": "Acme Holdings"}, "other"),
    ({}, None),
])
def test_document_type_with_evidence(extra: dict[str, str], expected_type: str | None) -> None:
    found = classify(extra)
    assert found.type == expected_type
    if expected_type not in (None, "other"):
        assert found.evidence and all(e["type"] == expected_type for e in found.evidence)


def test_policy_file_shipped_in_the_package() -> None:
    assert DEFAULT_POLICY_FILE.is_file()


def test_the_openapi_decision_schema_lists_the_models_enums() -> None:
    from credrec.decide.policy import CHECKS
    from credrec.models import Checks, Decision
    from tests.conftest import REPO

    schemas = json.loads((REPO / "functions/credrec/openapi.json").read_text(encoding="utf-8"))["components"]["schemas"]
    assert schemas["Decision"]["properties"]["outcome"]["enum"] == [o.value for o in Outcome]
    assert schemas["Check"]["properties"]["verdict"]["enum"] == [v.value for v in Verdict]
    assert set(schemas["Decision"]["properties"]["checks"]["properties"]) == set(Checks.model_fields) == set(CHECKS)
    assert set(schemas["Decision"]["properties"]) == set(Decision.model_fields)
