"""One record + one policy → one ``Decision``. Pure: reads the record's stored fields only, never calls out.

The same function decides a fresh recognition (``pipeline``), a stored record under a new policy
(``rescore``) and the cloud API's answer (its name/address/date/issuer are in ``Record.fields`` like
the local engine's), so all three agree by construction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..models import (
    Check,
    Checks,
    Decision,
    Expected,
    Outcome,
    Reason,
    Recognition,
    Record,
    RecordError,
    Source,
    Status,
    Verdict,
)
from .addresses import match_address
from .dates import parse_date
from .doctype import classify
from .names import match_name
from .policy import Policy

DATE_KEYS = ("billdate", "statementdate", "issuedate", "documentdate", "invoicedate", "date", "billingdate",
             "dateofissue", "printdate")
_RANK = {Outcome.ACCEPT: 0, Outcome.REVIEW: 1, Outcome.REJECT: 2}


def strictest(outcomes: list[Outcome]) -> Outcome:
    return max(outcomes, key=lambda o: _RANK[o], default=Outcome.ACCEPT)


def _norm(key: str) -> str:
    return key.lower().replace("_", "").replace(" ", "").replace("-", "")


def document_date_text(extra: dict[str, Any]) -> tuple[str, str] | None:
    by_key = {_norm(k): (k, v) for k, v in extra.items() if isinstance(v, str) and v.strip()}
    for key in DATE_KEYS:
        if key in by_key:
            return by_key[key][0], by_key[key][1]
    return None


def age_check(record: Record, policy: Policy, country: str | None, doc_type: str | None, today: dt.date) -> Check:
    found = document_date_text(record.fields.extra)
    if found is None:
        return Check(verdict=Verdict.UNKNOWN, why="the answer has no document date")
    key, text = found
    date = parse_date(text, country=country)
    if date is None:
        return Check(verdict=Verdict.UNKNOWN, why="the document date cannot be read without guessing the day/month "
                     "order or the format", detail={"field": key})
    limit = policy.age.limit(country, doc_type)
    age = (today - date).days
    detail = {"field": key, "date": date.isoformat(), "age_days": age, "max_days": limit}
    if age < -policy.age.future_tolerance_days:
        return Check(score=0.0, verdict=Verdict.FAIL, why="the document is dated in the future", detail=detail)
    if age > limit:
        return Check(score=0.0, verdict=Verdict.FAIL, why=f"the document is {age} days old; the limit is {limit}",
                     detail=detail)
    return Check(score=round(max(0.0, 1.0 - max(age, 0) / limit), 3), verdict=Verdict.PASS,
                 why=f"the document is {max(age, 0)} days old; the limit is {limit}", detail=detail)


def type_check(record: Record, policy: Policy) -> tuple[Check, str | None]:
    found = classify(record.fields.extra)
    detail: dict[str, Any] = {"type": found.type, "issuer_found": found.issuer is not None,
                              "evidence": found.evidence}
    if found.type is None:
        return Check(verdict=Verdict.UNKNOWN, why="nothing in the answer says what the document is",
                     detail=detail), None
    if found.type == "other" or (found.score or 0.0) < policy.document_type.min_score:
        if found.type in policy.document_type.accepted:
            return Check(score=found.score, verdict=Verdict.PASS, why="type 'other' is accepted", detail=detail), \
                found.type
        return Check(score=found.score, verdict=Verdict.UNKNOWN, why="no keyword says what the document is",
                     detail=detail), None
    if found.type in policy.document_type.accepted:
        return Check(score=found.score, verdict=Verdict.PASS, why=f"{found.type.replace('_', ' ')} (accepted)",
                     detail=detail), found.type
    return Check(score=found.score, verdict=Verdict.FAIL, why=f"{found.type.replace('_', ' ')} is not an accepted type",
                 detail=detail), found.type


def fraud_check(record: Record) -> Check:
    fraud = record.fraud
    detail = {"types": list(fraud.types)}
    if not fraud.checked:
        return Check(verdict=Verdict.UNKNOWN, why="the forgery check did not run", detail=detail)
    if fraud.suspicious is True:
        kinds = ", ".join(fraud.types) or "unspecified"
        return Check(score=fraud.score, verdict=Verdict.FAIL, why=f"forgery signals: {kinds}", detail=detail)
    if fraud.suspicious is False:
        return Check(score=fraud.score, verdict=Verdict.PASS, why="no forgery signal", detail=detail)
    return Check(score=fraud.score, verdict=Verdict.UNKNOWN, why="the forgery check gave no verdict", detail=detail)


def _not_run(why: str) -> Check:
    return Check(verdict=Verdict.UNKNOWN, why=why)


def decide(record: Record, policy: Policy, *, now: float) -> Decision | None:
    """The decision for a terminal record (None while IN_PROGRESS)."""
    if not record.status.terminal:
        return None
    expected = record.expected or Expected()
    country = expected.country or policy.default_country
    routing = policy.routing
    if record.status is not Status.SUCCEEDED:
        why = f"no recognition to check (status {record.status.value})"
        name = Check(verdict=Verdict.NOT_PROVIDED, why="no applicant name was given") if not expected.name \
            else _not_run(why)
        address = Check(verdict=Verdict.NOT_PROVIDED, why="no applicant address was given") if not expected.address \
            else _not_run(why)
        checks = Checks(name=name, address=address, age=_not_run(why), type=_not_run(why), fraud=fraud_check(record))
        outcome = routing.status.get(record.status, Outcome.REVIEW)
        code = record.error.code if record.error else record.status.value
        reason = Reason(code=f"STATUS_{record.status.value}", check=None, outcome=outcome,
                        message=f"the record ended {record.status.value} ({code})")
        return Decision(outcome=outcome, reasons=[reason], checks=checks, policy=policy.ref, decided_at=now)

    nm, am = policy.name_match, policy.address_match
    type_result, doc_type = type_check(record, policy)
    today = dt.datetime.fromtimestamp(now, dt.timezone.utc).date()
    checks = Checks(
        name=match_name(expected.name, record.fields.name, match_min=nm.match_min, partial_min=nm.partial_min),
        address=match_address(expected.address, record.fields.address, country=country, match_min=am.match_min,
                              partial_min=am.partial_min, words_min=am.words_min),
        age=age_check(record, policy, country, doc_type, today),
        type=type_result,
        fraud=fraud_check(record),
    )
    reasons: list[Reason] = []
    for check_name in ("name", "address", "age", "type", "fraud"):
        check: Check = getattr(checks, check_name)
        table = getattr(routing, check_name)
        outcome = table.get(check.verdict, Outcome.REVIEW)
        if check_name == "fraud" and check.verdict is Verdict.FAIL:
            outcome = strictest([outcome, *(routing.fraud_types[t] for t in record.fraud.types
                                            if t in routing.fraud_types)])
        if outcome is not Outcome.ACCEPT:
            reasons.append(Reason(code=f"{check_name.upper()}_{check.verdict.value}", check=check_name,
                                  outcome=outcome, message=check.why))
    final = strictest([r.outcome for r in reasons])
    if not reasons:
        reasons.append(Reason(code="ALL_CHECKS_PASSED", check=None, outcome=Outcome.ACCEPT,
                              message="name, address, date, type and forgery checks all passed"))
    reasons.sort(key=lambda r: -_RANK[r.outcome])
    return Decision(outcome=final, reasons=reasons, checks=checks, policy=policy.ref, decided_at=now)


def decide_recognition(
    recognition: Recognition | None, expected: Expected | None, policy: Policy, *, now: float,
    error: RecordError | None = None,
) -> Decision | None:
    """A decision for one recognition outside the pipeline (``credrec recognize``): the same rules on a
    transient record. ``recognition`` None with ``error``: the file was refused (REJECTED)."""
    from ..extidinfo import outcome

    if recognition is None:
        status = Status.REJECTED if error is None or not error.retryable else Status.FAILED
        record = Record(id="transient", status=status, source=Source(kind="http"), created_at=now, updated_at=now,
                        error=error, expected=expected)
    else:
        status, note = outcome(recognition.success, recognition.sub_code)
        record = Record(id="transient", status=status, source=Source(kind="http"), created_at=now, updated_at=now,
                        sub_code=recognition.sub_code, success=recognition.success, fields=recognition.fields,
                        fraud=recognition.fraud, note=recognition.note or note, expected=expected)
    return decide(record, policy, now=now)
