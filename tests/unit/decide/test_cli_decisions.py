"""``credrec recognize --expect-* --policy`` and ``credrec results rescore`` (library and command)."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from credrec.decide import load_policy, parse_policy
from credrec.decide.rescore import rescore
from credrec.models import (
    Expected,
    Fields,
    FraudVerdict,
    Outcome,
    RecognitionParams,
    Record,
    RecordError,
    Source,
    Status,
)
from credrec_local.adapters.store_sqlite import SqliteResultStore
from credrec_local.commands import results
from credrec_local.commands.recognize import EXIT_OK, EXIT_REJECTED, _decider, expand_inputs, run_batch
from tests.support.textpng import PngTextRecognizer, text_png

PARAMS = RecognitionParams(doc_type="04", ocr_area="0401", fraud_check=True)
TODAY = dt.datetime.now(dt.timezone.utc).date()


def _bill(name: str = "TAN AH KOW", days_old: int = 15) -> bytes:
    return text_png({"Name": name, "Address": "BLK 123 ANG MO KIO AVENUE 3\n#05-67\nSINGAPORE 560123",
                     "issuer": "Merlion Power Pte Ltd",
                     "billDate": (TODAY - dt.timedelta(days=days_old)).strftime("%d %b %Y")})


def test_recognize_lines_carry_a_decision_for_the_applicant(tmp_path: Path) -> None:
    (tmp_path / "a_own.png").write_bytes(_bill())
    (tmp_path / "b_brother.png").write_bytes(_bill(name="TAN AH BENG"))
    (tmp_path / "c_broken.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    lines: list[dict] = []
    decide = _decider("Ah Kow Tan", "Blk 123 AMK Ave 3\\n#05-67\\nSingapore 560123", "sg", None)
    code = run_batch(expand_inputs([tmp_path]), jobs=1, make=PngTextRecognizer, params=PARAMS, backend="test",
                     emit=lines.append, progress=False, decide=decide)
    assert code == EXIT_REJECTED
    by_file = {Path(line["file"]).name: line for line in lines}
    assert by_file["a_own.png"]["decision"]["outcome"] == "ACCEPT"
    assert by_file["b_brother.png"]["decision"]["checks"]["name"]["verdict"] == "MISMATCH"
    assert by_file["c_broken.png"]["decision"]["reasons"][0]["code"] == "STATUS_REJECTED"
    assert all("_recognition" not in line for line in lines)
    json.dumps(lines)  # printable


def test_recognize_without_a_decider_prints_no_decision(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(_bill())
    lines: list[dict] = []
    assert run_batch([tmp_path / "a.png"], jobs=1, make=PngTextRecognizer, params=PARAMS, backend="test",
                     emit=lines.append, progress=False) == EXIT_OK
    assert "decision" not in lines[0] and "_recognition" not in lines[0]


def test_recognize_policy_file_and_bad_arguments(tmp_path: Path) -> None:
    strict = tmp_path / "strict.yaml"
    strict.write_text("name: strict\nversion: '7'\nage: {max_days: 10}\n")
    (tmp_path / "a.png").write_bytes(_bill(days_old=15))
    lines: list[dict] = []
    run_batch([tmp_path / "a.png"], jobs=1, make=PngTextRecognizer, params=PARAMS, backend="test",
              emit=lines.append, progress=False, decide=_decider("Tan Ah Kow", None, "SG", strict))
    decision = lines[0]["decision"]
    assert decision["policy"]["name"] == "strict" and decision["checks"]["age"]["verdict"] == "FAIL"
    with pytest.raises(ValueError, match="alpha-2"):
        _decider("Tan", None, "Singapore", None)
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\n")
    with pytest.raises(ValueError, match="version"):
        _decider("Tan", None, None, bad)


# ---------------------------------------------------------------- rescore

NOW = time.time()


def _records() -> list[Record]:
    policy = load_policy("")
    from credrec.decide import decide

    base = dict(source=Source(kind="oss", bucket="b", key="k"), created_at=NOW - 86400, updated_at=NOW - 86400,
                expected=Expected(name="Tan Ah Kow", country="SG"))
    date = (TODAY - dt.timedelta(days=40)).strftime("%d %b %Y")
    fields = Fields(name="TAN AH KOW", address="Blk 1 Road\nSingapore 560001",
                    extra={"issuer": "Merlion Power", "billDate": date})
    made = [
        Record(id="a-succeeded", status=Status.SUCCEEDED, fields=fields, owner="t1",
               fraud=FraudVerdict(checked=True, suspicious=False), **base),
        Record(id="b-no-text", status=Status.NO_TEXT, owner="t2", **base),
        Record(id="c-rejected", status=Status.REJECTED, owner="t3",
               error=RecordError(code="CORRUPT_IMAGE", message="x"), **base),
        Record(id="d-failed", status=Status.FAILED, owner="t4",
               error=RecordError(code="THROTTLED", message="x", retryable=True), **base),
        Record(id="e-in-progress", status=Status.IN_PROGRESS, owner="t5", lease_until=NOW + 60, **base),
        Record(id="f-old", status=Status.SUCCEEDED, fields=fields, owner="t6",
               **{**base, "created_at": NOW - 90 * 86400}),
    ]
    return [r.model_copy(update={"decision": decide(r, policy, now=NOW - 86400)}) for r in made]


@pytest.fixture
def store(tmp_path: Path) -> SqliteResultStore:
    s = SqliteResultStore(tmp_path / "credrec.sqlite3")
    for r in _records():
        assert s.create(r)
    return s


def _rows(store: SqliteResultStore) -> list[Record]:
    return store.list(limit=100).records


STRICT = "name: strict\nversion: '2'\nage: {max_days: 30}\n"


def test_rescore_dry_run_changes_nothing_and_counts_changes(store: SqliteResultStore) -> None:
    before = _rows(store)
    report = rescore(store, parse_policy(STRICT), now=NOW)
    assert _rows(store) == before
    assert report.dry_run and report.examined == 5 and report.skipped_in_progress == 1
    # the 40-day-old bill was ACCEPT-able on the address? no address given: REVIEW before; REJECT (too old) now
    assert report.transitions == {("REVIEW", "REJECT"): 2}
    assert report.changed == 2 and report.written == 0
    assert report.before["REJECT"] == 2 and report.after["REJECT"] == 4


def test_rescore_writes_changed_decisions_only_when_asked(store: SqliteResultStore) -> None:
    report = rescore(store, parse_policy(STRICT), now=NOW, dry_run=False)
    assert report.written == 5 and report.conflicts == 0  # new policy ref on every terminal record
    rows = {r.id: r for r in _rows(store)}
    assert rows["a-succeeded"].decision.outcome is Outcome.REJECT
    assert rows["a-succeeded"].decision.policy.name == "strict"
    assert rows["e-in-progress"].decision is None and rows["e-in-progress"].owner == "t5"
    assert all(rows[k].owner != f"t{i}" for i, k in enumerate(["a-succeeded", "b-no-text"], 1))
    again = rescore(store, parse_policy(STRICT), now=NOW, dry_run=False)
    assert again.changed == 0 and again.written == 0  # idempotent


def test_rescore_since_skips_older_records(store: SqliteResultStore) -> None:
    report = rescore(store, parse_policy(STRICT), now=NOW, since=NOW - 7 * 86400)
    assert report.skipped_before_since == 1 and report.examined == 4
    assert report.transitions == {("REVIEW", "REJECT"): 1}


def test_results_rescore_command(store: SqliteResultStore, tmp_path: Path) -> None:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """credrec (test)"""

    results.register(app)
    policy = tmp_path / "strict.yaml"
    policy.write_text(STRICT)
    before = _rows(store)
    run = CliRunner().invoke(app, ["results", "rescore", "--policy", str(policy), "--json",
                                   "--data-dir", str(tmp_path)])
    assert run.exit_code == 0, run.stdout
    out = json.loads(run.stdout.strip().splitlines()[-1])
    assert out["dry_run"] is True and out["changed"] == 2 and out["transitions"] == {"REVIEW->REJECT": 2}
    assert _rows(store) == before
    run = CliRunner().invoke(app, ["results", "rescore", "--policy", str(policy), "--write", "--since",
                                   (TODAY - dt.timedelta(days=7)).isoformat(), "--data-dir", str(tmp_path)])
    assert run.exit_code == 0, run.stdout
    assert "REVIEW → REJECT" in run.stdout and "written" in run.stdout
    assert {r.id: r for r in _rows(store)}["f-old"].decision.policy.name == "default"
    bad = CliRunner().invoke(app, ["results", "rescore", "--policy", str(tmp_path / "nope.yaml"),
                                   "--data-dir", str(tmp_path)])
    assert bad.exit_code != 0
