"""`credrec redrive --mns-queue`: the cloud dead-letter queue read with the official MNS SDK from a
protocol-level MNS server, re-driven with the production wiring (OSS, Tablestore and CloudAuth SDKs
against their local protocol servers — the `cloud` fixture of test_cloud_wiring)."""

from __future__ import annotations

import base64
import json

import pytest
from typer.testing import CliRunner

from credrec.idempotency import oss_record_id
from credrec.models import Status
from credrec_local.cli import _register, app
from credrec_local.runtime.watcher import oss_entry
from tests.contract.conftest import BUCKET, REGION, server_credentials
from tests.functional.conftest import BILL
from tests.functional.test_cloud_wiring import cloud  # noqa: F401 - the fixture
from tests.servers.mns_server import MnsServer
from tests.support.textpng import text_png

QUEUE = "credrec-dlq"


@pytest.fixture
def mns():
    server = MnsServer(queues=(QUEUE,), **server_credentials()).start()
    yield server
    server.stop()


def envelope(event: dict) -> str:
    """What FC's async onFailure destination writes (the original event as a JSON string)."""
    return json.dumps({
        "timestamp": 1795000000,
        "requestContext": {"requestId": "1-dead-letter", "functionArn": "acs:fc:ap-southeast-1:1:functions/credrec",
                           "condition": "UnhandledInvocationError", "approximateInvokeCount": 4},
        "requestPayload": json.dumps(event),
        "responseContext": {"statusCode": 200, "functionError": "UnhandledInvocationError"},
        "responsePayload": json.dumps({"errorMessage": "StoreUnavailableError"}),
    })


def run(*args: str) -> tuple[int, list[dict]]:
    _register()
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def test_mns_dead_letters_are_redriven_once_and_deleted(cloud, mns):  # noqa: F811
    keys = ["uploads/a.png", "uploads/b.png"]
    etags = [cloud.oss.put_object(BUCKET, key, text_png({**BILL, "Name": f"Person {n}"})).strip('"')
             for n, key in enumerate(keys)]
    mns.service.send(QUEUE, envelope({"events": [oss_entry(BUCKET, keys[0], etags[0], 1, REGION)]}))
    bare = json.dumps({"events": [oss_entry(BUCKET, keys[1], etags[1], 1, REGION)]})
    mns.service.send(QUEUE, base64.b64encode(bare.encode()).decode())  # a Base64 body works too

    args = ("redrive", "--mns-queue", QUEUE, "--mns-endpoint", mns.endpoint)
    code, lines = run(*args)
    assert code == 0, lines
    assert lines[-1] == {"redrive": {"dead_letters": 2, "done": 2, "kept": 0}}
    assert mns.service.depth(QUEUE) == 0 and len(cloud.engine.calls) == 2
    for n, (key, etag) in enumerate(zip(keys, etags, strict=True)):
        record = cloud.app.pipeline.store.get(oss_record_id(BUCKET, key, etag))
        assert record.status is Status.SUCCEEDED and record.fields.name == f"Person {n}"

    mns.service.send(QUEUE, envelope({"events": [oss_entry(BUCKET, keys[0], etags[0], 1, REGION)]}))  # again
    code, lines = run(*args)
    assert code == 0 and lines[0]["records"][0]["status"] == "SUCCEEDED", lines
    assert mns.service.depth(QUEUE) == 0 and len(cloud.engine.calls) == 2  # a duplicate: no second call


def test_a_message_that_is_not_an_event_stays_in_the_queue(cloud, mns):  # noqa: F811
    mns.service.send(QUEUE, "not an event")
    code, lines = run("redrive", "--mns-queue", QUEUE, "--mns-endpoint", mns.endpoint)
    assert code == 1 and lines[0]["kept"] is True and lines[0]["error"]
    assert mns.service.depth(QUEUE) == 1 and cloud.engine.calls == []
    assert ("DELETE", "DeleteMessage") not in mns.service.requests
