"""The production wiring (``credrec.index.build_cloud_app``) end to end, offline.

Settings come from ``CREDREC_*`` variables and credentials from FC's context or ``ALIBABA_CLOUD_*``,
exactly as in Function Compute; the three official SDKs talk to protocol-level servers on
127.0.0.1: the OSS server, the Tablestore server and the CloudAuth emulator.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from credrec.index import build_cloud_app
from credrec.models import Status
from tests.contract.conftest import (
    BUCKET,
    CREDS,
    INDEXES,
    INSTANCE,
    REGION,
    TABLE,
    TABLES,
    server_credentials,
)
from tests.functional.conftest import BILL, FcContext
from tests.servers.oss_server import OssServer
from tests.servers.tablestore_server import TablestoreServer
from tests.support.textpng import TextChunkEngine, text_png

TOKEN = "wiring-token-93b1"


@pytest.fixture
def cloud(request, monkeypatch):
    from credrec_local.servers.emulator import Emulator

    oss = OssServer(buckets=(BUCKET,), region=REGION, **server_credentials()).start()
    ots = TablestoreServer(instance=INSTANCE, tables=TABLES, indexes=INDEXES, **server_credentials()).start()
    engine = TextChunkEngine()
    emulator_keys = getattr(request, "param", None) or server_credentials()
    emulator = Emulator(engine, **emulator_keys).start()
    env = {
        "CREDREC_REGION": REGION, "CREDREC_BUCKET": BUCKET, "CREDREC_UPLOAD_PREFIX": "uploads/",
        "CREDREC_CLOUDAUTH_ENDPOINT": emulator.endpoint, "CREDREC_CLOUDAUTH_PROTOCOL": "http",
        "CREDREC_OSS_ENDPOINT": oss.endpoint, "CREDREC_OSS_PUBLIC_ENDPOINT": oss.endpoint,
        "CREDREC_OTS_ENDPOINT": ots.endpoint, "CREDREC_OTS_INSTANCE": INSTANCE, "CREDREC_TABLE": TABLE,
        "CREDREC_HTTP_TOKEN_SHA256": hashlib.sha256(TOKEN.encode()).hexdigest(),
        "CREDREC_MAX_ATTEMPTS": "2", "CREDREC_BACKOFF_BASE_MS": "10", "CREDREC_BACKOFF_CAP_MS": "20",
        "ALIBABA_CLOUD_ACCESS_KEY_ID": CREDS.access_key_id,
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET": CREDS.access_key_secret,
        "ALIBABA_CLOUD_SECURITY_TOKEN": CREDS.security_token,
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    app = build_cloud_app()
    app.log._stream = __import__("io").StringIO()
    yield SimpleNamespace(app=app, oss=oss.service, ots=ots, engine=engine, emulator=emulator)
    emulator.stop()
    ots.stop()
    oss.stop()


def oss_event(key: str, etag: str) -> bytes:
    from credrec_local.runtime.watcher import oss_entry
    return json.dumps({"events": [oss_entry(BUCKET, key, etag, 1, REGION)]}).encode()


def test_upload_through_all_three_sdks(cloud):
    etag = cloud.oss.put_object(BUCKET, "uploads/bill.png", text_png(BILL)).strip('"')
    result = cloud.app.handle(oss_event("uploads/bill.png", etag), FcContext())
    record_id = result["records"][0]["id"]
    assert result["records"][0]["status"] == "SUCCEEDED"
    stored = cloud.app.pipeline.store.get(record_id)  # read back through the Tablestore SDK
    assert stored.status is Status.SUCCEEDED and stored.fields.name == BILL["Name"]
    assert stored.request_id and stored.delivery == "base64"
    # a duplicate delivery costs no second API call
    cloud.app.handle(oss_event("uploads/bill.png", etag), FcContext(request_id="again"))
    assert len(cloud.engine.calls) == 1


def test_context_credentials_win_over_the_environment(cloud, monkeypatch):
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "stale-secret")
    etag = cloud.oss.put_object(BUCKET, "uploads/ctx.png", text_png(BILL)).strip('"')
    context = FcContext(credentials=SimpleNamespace(access_key_id=CREDS.access_key_id,
                                                    access_key_secret=CREDS.access_key_secret,
                                                    security_token=CREDS.security_token))
    # environ was captured at build time; prove the context path by breaking the env copy the app holds
    cloud.app.environ = {"ALIBABA_CLOUD_ACCESS_KEY_ID": "x", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "y"}
    result = cloud.app.handle(oss_event("uploads/ctx.png", etag), context)
    assert result["records"][0]["status"] == "SUCCEEDED"


@pytest.mark.parametrize("cloud", [{"credentials": {"someone-else": "x"}}], indirect=True)
def test_credentials_the_api_refuses_leave_a_failed_record_not_a_crash(cloud):
    # only the emulator refuses the role's key: OSS and Tablestore still accept it
    etag = cloud.oss.put_object(BUCKET, "uploads/bad-creds.png", text_png(BILL)).strip('"')
    result = cloud.app.handle(oss_event("uploads/bad-creds.png", etag), FcContext())
    record = cloud.app.pipeline.store.get(result["records"][0]["id"])
    assert record.status is Status.FAILED and record.error.code == "CONFIGURATION_ERROR"
    assert record.error.upstream_code and not record.error.retryable


def test_http_trigger_through_the_cloud_wiring(cloud):
    event = json.loads(Path("events/http-healthz.json").read_text())
    event["rawPath"] = "/recognize"
    event["requestContext"]["http"].update(method="POST", path="/recognize")
    event["headers"] = {"authorization": f"Bearer {TOKEN}", "content-type": "application/json"}
    event["body"] = json.dumps({"image_base64": base64.b64encode(text_png(BILL)).decode()})
    response = cloud.app.handle(json.dumps(event).encode(), FcContext())
    assert response["statusCode"] == 200, response["body"]
    body = json.loads(response["body"])
    assert body["fields"]["address"] == BILL["Address"]


def test_store_outage_is_reraised_for_fc_and_nothing_is_lost(cloud):
    etag = cloud.oss.put_object(BUCKET, "uploads/outage.png", text_png(BILL)).strip('"')
    cloud.ots.service.inject("OTSServerBusy", status=503, count=10)
    from credrec.errors import RetryableBatchError
    with pytest.raises(RetryableBatchError):
        cloud.app.handle(oss_event("uploads/outage.png", etag), FcContext())
    assert cloud.engine.calls == []  # nothing billed while the store is down


def test_cloud_parity_applicant_data_in_oss_metadata_and_the_same_decision(cloud, tmp_path):
    """Production SDKs end to end: the applicant data rides in x-oss-meta-expected-* (read by the OSS
    SDK's HeadObject), and the decision on the cloud API's answer equals the local stack's."""
    import datetime as dt

    from credrec.decide import decide, load_policy
    from credrec.expected import to_metadata
    from credrec.models import Expected

    applicant = Expected(name="Wei Ming Tan", address="Blk 123 AMK Ave 3 #05-67 S560123", country="SG")
    today = dt.datetime.now(dt.timezone.utc).date()
    png = text_png({**BILL, "issuer": "Merlion Power Pte Ltd",
                    "billDate": (today - dt.timedelta(days=12)).strftime("%d/%m/%Y")})
    etag = cloud.oss.put_object(BUCKET, "uploads/applicant.png", png, "image/png", to_metadata(applicant))
    result = cloud.app.handle(oss_event("uploads/applicant.png", etag.strip('"')), FcContext())
    stored = cloud.app.pipeline.store.get(result["records"][0]["id"])  # through the Tablestore SDK
    assert stored.expected == applicant
    assert stored.decision.outcome.value == "ACCEPT", stored.decision
    assert stored.decision.checks.age.detail["age_days"] == 12  # dd/mm read the SG way
    again = decide(stored, load_policy(""), now=stored.decision.decided_at)  # the local rules, same answer
    assert again.checks == stored.decision.checks and again.outcome is stored.decision.outcome
