"""Replay: recompute the decisions of stored records under another policy, without calling the API.

A decision depends only on what the record already holds (fields, fraud verdict, status, applicant
data) and the policy, so a new policy can be tried on past traffic: :func:`rescore` reads every
terminal record (optionally those created since a time), decides again, and reports how many
outcomes would change and how (ACCEPT→REVIEW, ...). With ``dry_run`` (the default) nothing is
written; otherwise each changed record is rewritten with one conditional write on its current
``owner`` token, so a record that changed meanwhile is left alone and counted as ``conflicts``.
IN_PROGRESS records are skipped: their decision is made when they finish.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from ..models import Outcome, Record
from ..ports import ResultStore
from .decision import decide
from .policy import Policy


@dataclass
class RescoreReport:
    policy: str  # name@version
    dry_run: bool
    examined: int = 0  # terminal records in range
    skipped_in_progress: int = 0
    skipped_before_since: int = 0
    changed: int = 0  # records whose outcome differs
    written: int = 0
    conflicts: int = 0  # changed meanwhile: left alone
    before: Counter[str] = field(default_factory=Counter)  # outcome → count ("NONE" when undecided)
    after: Counter[str] = field(default_factory=Counter)
    transitions: Counter[tuple[str, str]] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, object]:
        return {
            "policy": self.policy, "dry_run": self.dry_run, "examined": self.examined, "changed": self.changed,
            "written": self.written, "conflicts": self.conflicts, "skipped_in_progress": self.skipped_in_progress,
            "skipped_before_since": self.skipped_before_since,
            "before": dict(sorted(self.before.items())), "after": dict(sorted(self.after.items())),
            "transitions": {f"{a}->{b}": n for (a, b), n in sorted(self.transitions.items())},
        }


def _label(outcome: Outcome | None) -> str:
    return outcome.value if outcome is not None else "NONE"


def rescore(
    store: ResultStore,
    policy: Policy,
    *,
    now: float,
    since: float | None = None,
    dry_run: bool = True,
    page_size: int = 200,
    new_token: Callable[[], str] = lambda: uuid.uuid4().hex,
) -> RescoreReport:
    report = RescoreReport(policy=f"{policy.name}@{policy.version}", dry_run=dry_run)
    cursor: str | None = None
    while True:
        page = store.list(limit=page_size, cursor=cursor)
        for record in page.records:
            _one(store, policy, record, report, now=now, since=since, dry_run=dry_run, new_token=new_token)
        cursor = page.cursor
        if not cursor:
            return report


def _one(store: ResultStore, policy: Policy, record: Record, report: RescoreReport, *, now: float,
         since: float | None, dry_run: bool, new_token: Callable[[], str]) -> None:
    if not record.status.terminal:
        report.skipped_in_progress += 1
        return
    if since is not None and record.created_at < since:
        report.skipped_before_since += 1
        return
    report.examined += 1
    decision = decide(record, policy, now=now)
    old = _label(record.decision.outcome if record.decision else None)
    new = _label(decision.outcome if decision else None)
    report.before[old] += 1
    report.after[new] += 1
    if old != new:
        report.changed += 1
        report.transitions[(old, new)] += 1
    if dry_run:
        return
    if record.decision is not None and decision is not None and old == new and \
            record.decision.policy == decision.policy and record.decision.checks == decision.checks:
        return  # same policy, same result: nothing to write
    rewritten = record.model_copy(update={"decision": decision, "owner": new_token()})
    if store.replace(rewritten, expected_owner=record.owner):
        report.written += 1
    else:
        report.conflicts += 1
