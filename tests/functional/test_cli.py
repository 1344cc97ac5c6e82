"""The offline CLI end to end with the real local engine: demo, invoke on every sample event,
results, and serve answering real HTTP like the HTTP trigger."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from credrec_local import cli
from credrec_local.runtime.samples import SPECS
from tests.conftest import EVENTS

cli._register()
runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(cli.app, list(args))
    return result.exit_code, result.stdout


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip().startswith("{")]


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("demo")
    code, out = run("demo", "--once", "--json", "--data-dir", str(data_dir))
    assert code == 0, out
    (data_dir / "first-run.jsonl").write_text(out)
    return data_dir


def test_demo_prints_one_json_record_per_sample(demo_dir):
    records = json_lines((demo_dir / "first-run.jsonl").read_text())
    assert len(records) == len(SPECS)
    by_file = {r["file"].rsplit("/", 1)[-1]: r for r in records}
    assert by_file["corrupt-upload.jpg"]["status"] == "REJECTED"
    assert by_file["corrupt-upload.jpg"]["error"]["code"] == "CORRUPT_IMAGE"
    succeeded = [r for r in records if r["status"] == "SUCCEEDED"]
    assert len(succeeded) >= len(SPECS) - 2  # allow the engine one miss; the corrupt file is REJECTED
    for record in records:
        assert {"id", "status", "source", "fields", "fraud", "error", "sub_code", "created_at"} <= set(record)
        assert record["source"]["bucket"] and record["source"]["key"] and "etag" in record["source"]
    sg = by_file["sg-electricity-bill.png"]
    assert sg["status"] == "SUCCEEDED" and sg["fields"]["name"] and sg["fields"]["address"]
    assert sg["fraud"]["checked"] is True


def test_running_the_demo_again_recognises_nothing_twice(demo_dir):
    log = demo_dir / "logs" / "credrec.jsonl"
    before = log.read_text().count('"event":"api.done"') if log.exists() else 0
    code, out = run("demo", "--once", "--json", "--data-dir", str(demo_dir))
    assert code == 0
    again = {r["id"]: r["status"] for r in json_lines(out)}
    first = {r["id"]: r["status"] for r in json_lines((demo_dir / "first-run.jsonl").read_text())}
    assert again == first
    lines = [json.loads(x) for x in log.read_text().splitlines()]
    assert not any(x["event"] == "record.duplicate" for x in lines)  # the queue remembers what it announced

    for name in ("queue.sqlite3", "queue.sqlite3-wal", "queue.sqlite3-shm"):  # forget it: all re-announced
        (demo_dir / name).unlink(missing_ok=True)
    code, out = run("demo", "--once", "--json", "--data-dir", str(demo_dir))
    assert code == 0 and {r["id"]: r["status"] for r in json_lines(out)} == first
    lines = [json.loads(x) for x in log.read_text().splitlines()]
    assert sum(1 for x in lines if x["event"] == "record.duplicate") >= len(SPECS)
    assert log.read_text().count('"event":"api.done"') == before


@pytest.mark.parametrize("event_file", sorted(p.name for p in EVENTS.glob("*.json")))
def test_invoke_runs_every_sample_event(demo_dir, event_file):
    code, out = run("invoke", "--event", str(EVENTS / event_file), "--data-dir", str(demo_dir))
    assert code == 0, out
    result = json.loads(out.strip().splitlines()[-1])
    if event_file.startswith("oss-"):
        assert all(r["status"] in ("SUCCEEDED", "NO_TEXT", "REJECTED", "FAILED") for r in result["records"])
    else:
        assert "statusCode" in result and json.loads(result["body"]) is not None


def test_invoke_processes_the_object_named_in_the_event(demo_dir):
    code, out = run("invoke", "--event", str(EVENTS / "oss-put-object.json"), "--data-dir", str(demo_dir))
    record = json.loads(out.strip().splitlines()[-1])["records"][0]
    assert record["status"] == "SUCCEEDED"
    code, shown = run("results", "show", record["id"], "--json", "--data-dir", str(demo_dir))
    view = json.loads(shown)
    assert code == 0 and view["source"]["key"] == "uploads/samples/sg-electricity-bill.png"


def test_invoke_multi_record_sample_reports_each_entry(demo_dir):
    code, out = run("invoke", "--event", str(EVENTS / "oss-multi-record.json"), "--data-dir", str(demo_dir))
    statuses = [r["status"] for r in json.loads(out.strip().splitlines()[-1])["records"]]
    assert statuses[1:3] == ["REJECTED", "FAILED"]  # the corrupt upload, the deleted object
    code, out = run("results", "list", "--status", "FAILED", "--json", "--data-dir", str(demo_dir))
    failed = json_lines(out)
    assert any(r["error"]["code"] == "OBJECT_NOT_FOUND" for r in failed)


def test_invoke_http_samples_apply_the_token(demo_dir):
    code, out = run("invoke", "--event", str(EVENTS / "http-unauthenticated.json"), "--data-dir", str(demo_dir))
    assert json.loads(out.strip().splitlines()[-1])["statusCode"] == 401
    code, out = run("invoke", "--event", str(EVENTS / "http-get-results.json"), "--data-dir", str(demo_dir))
    response = json.loads(out.strip().splitlines()[-1])
    assert response["statusCode"] == 200 and json.loads(response["body"])["records"]


def test_results_show_unknown_id_exits_non_zero(demo_dir):
    code, out = run("results", "show", "0" * 32, "--json", "--data-dir", str(demo_dir))
    assert code == 1 and json.loads(out)["error"]["code"] == "NOT_FOUND"


def _http(url, token=None):
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:  # noqa: S310 - loopback
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def test_serve_answers_like_the_http_trigger(demo_dir):
    from credrec_local.commands.serve import start_services

    services = start_services(demo_dir, host="127.0.0.1", port=0, backend="local", endpoint=None, watch=False)
    stack, gateway = services.stack, services.gateway
    try:
        assert _http(gateway.url + "/healthz")[0] == 200
        status, body = _http(gateway.url + "/results")
        assert status == 401 and body["error"]["code"] == "UNAUTHORIZED"
        status, body = _http(gateway.url + "/results?status=REJECTED", token=stack.token)
        assert status == 200 and body["records"][0]["status"] == "REJECTED"
    finally:
        services.stop()


def test_the_workbench_works_on_the_demo_data_with_a_reviewer_from_the_cli(demo_dir, capsys):
    from credrec_local.commands.serve import explain, start_services

    code, token = run("reviewers", "add", "ana", "--data-dir", str(demo_dir))
    assert code == 0 and token.strip().startswith("rv_")
    assert run("reviewers", "list", "--data-dir", str(demo_dir)) == (0, "ana\n")
    assert token.strip() not in (demo_dir / "reviewers.json").read_text()  # only the hash is kept
    services = start_services(demo_dir, host="127.0.0.1", port=0, backend="local", endpoint=None, watch=False)
    stack, gateway = services.stack, services.gateway
    try:
        explain(services)
        assert f"review:  {gateway.url}/" in capsys.readouterr().err
        status, queue = _http(gateway.url + "/review/queue", token=token.strip())
        # the two tampered samples wait for a person, beside what the decision layer sent to review
        assert status == 200 and all(r["flags"] and r["needs_review"] for r in queue["records"])
        assert sum("fraud_flagged" in r["flags"] for r in queue["records"]) == 2
        assert all(r["decision"] == "REVIEW" for r in queue["records"] if "decision_review" in r["flags"])
        assert _http(gateway.url + "/review/queue", token=stack.token)[0] == 401  # the service token is not a reviewer
    finally:
        services.stop()
    assert run("reviewers", "remove", "ana", "--data-dir", str(demo_dir))[0] == 0
    assert run("reviewers", "list", "--data-dir", str(demo_dir)) == (0, "")


def test_backend_cloudauth_runs_the_same_commands_against_the_api(tmp_path, monkeypatch):
    """``--backend cloudauth --endpoint`` uses the real SDK adapter (here against the emulator)."""
    from credrec_local.adapters.bucket_dir import BucketDirSource
    from credrec_local.servers.emulator import Emulator
    from tests.functional.conftest import BILL
    from tests.support.textpng import TextChunkEngine, text_png

    engine = TextChunkEngine()
    with Emulator(engine, credentials={"LTAI-local-demo": "demo-secret"}) as emulator:
        monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-local-demo")
        monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "demo-secret")
        monkeypatch.delenv("ALIBABA_CLOUD_SECURITY_TOKEN", raising=False)
        BucketDirSource(tmp_path).put("credrec-uploads", "uploads/samples/sg-electricity-bill.png", text_png(BILL))
        code, out = run("invoke", "--event", str(EVENTS / "oss-put-object.json"), "--data-dir", str(tmp_path),
                        "--backend", "cloudauth", "--endpoint", emulator.endpoint)
    assert code == 0, out
    record = json.loads(out.strip().splitlines()[-1])["records"][0]
    assert record["status"] == "SUCCEEDED" and len(engine.calls) == 1
    code, shown = run("results", "show", record["id"], "--json", "--data-dir", str(tmp_path))
    assert json.loads(shown)["fields"]["name"] == BILL["Name"]
