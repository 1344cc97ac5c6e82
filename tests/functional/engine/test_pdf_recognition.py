"""PDFs through the real local engine and the offline stack: text layer read exactly, the holder found
on a later page, edited PDFs flagged, benign re-saves not, scanned PDFs OCR'd; CLI and HTTP entry points."""

from __future__ import annotations

import base64
import json
import subprocess
import sys

import pytest

from credrec_local.docgen import generate
from credrec_local.docgen.pdf import BENIGN_KINDS, EDIT_KINDS, digital_pdf, edit_pdf, resave_pdf, scanned_pdf


@pytest.fixture(scope="module")
def bill():
    return digital_pdf(generate(21, layout="window", kind="electricity"))


def rec_info(result) -> dict:
    return json.loads(result.ext_id_info)["recInfo"]


def test_digital_pdf_is_read_from_its_text_layer_exactly(engine, bill):
    result = engine.recognize(bill.data, fraud_check=True)
    info = rec_info(result)
    assert (result.success, result.sub_code) == ("S", "200")
    assert info["name"] == bill.truth.name and info["address"] == bill.truth.address
    assert (info["pageNumber"], info["pageCount"], info["textSource"]) == (1, 1, "text_layer")
    assert result.fraud.risk_level == "low"


def test_the_holder_block_is_found_on_a_later_page(engine):
    sample = digital_pdf(generate(22), pages=3, holder_page=2)
    info = rec_info(engine.recognize(sample.data, fraud_check=False))
    assert info["pageNumber"] == 2 and info["pageCount"] == 3 and info["name"] == sample.truth.name


@pytest.mark.parametrize("kind", EDIT_KINDS)
def test_edited_pdfs_are_flagged_with_what_the_page_shows(engine, bill, kind):
    forged = edit_pdf(bill, kind, 7)
    result = engine.recognize(forged.data, fraud_check=True)
    assert result.sub_code == "212" and "PS" in result.fraud.tags, [s.reason for s in result.fraud.signals]
    if forged.edited["role"] == "name":
        assert rec_info(result)["name"] == forged.edited["new"]


@pytest.mark.parametrize("kind", BENIGN_KINDS)
def test_benign_resaves_are_not_flagged(engine, bill, kind):
    result = engine.recognize(resave_pdf(bill, kind).data, fraud_check=True)
    assert result.sub_code == "200" and rec_info(result)["name"] == bill.truth.name


@pytest.mark.slow
def test_scanned_pdf_is_ocrd(engine):
    sample = scanned_pdf(generate(23, layout="window", kind="water"), 23)
    info = rec_info(engine.recognize(sample.data, fraud_check=True))
    assert info["textSource"] == "ocr" and info["pageNumber"] == 1
    assert info["name"].lower() == sample.truth.name.lower()


def test_cli_recognize_a_pdf(tmp_path, bill):
    path = tmp_path / "bill.pdf"
    path.write_bytes(bill.data)
    out = subprocess.run([sys.executable, "-m", "credrec_local.cli", "recognize", str(path)],  # noqa: S603
                         capture_output=True, text=True, timeout=300, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    line = json.loads(out.stdout.strip().splitlines()[-1])
    assert line["fields"]["name"] == bill.truth.name and line["fields"]["pageNumber"] == 1


def test_http_and_oss_entry_points_take_pdfs_on_the_local_stack(tmp_path, engine, bill):
    from credrec.models import Status
    from credrec_local.adapters.recognizer import LocalRecognizer
    from credrec_local.runtime.stack import build_stack
    from tests.functional.conftest import FcContext, FcFunction

    stack = build_stack(tmp_path / "data", recognizer=LocalRecognizer(engine), environ={"CREDREC_LOCAL_TOKEN": "t"})
    assert stack.settings.api_version == "v2"
    from tests.conftest import load_event

    event = load_event("http-healthz.json")
    event["rawPath"] = "/recognize"
    event["requestContext"]["http"].update(method="POST", path="/recognize")
    event["headers"] = {"host": "local", "authorization": "Bearer t", "content-type": "application/pdf"}
    event["queryParameters"] = {}
    event["body"], event["isBase64Encoded"] = base64.b64encode(bill.data).decode(), True
    response = stack.app.handle(json.dumps(event).encode(), FcContext(function=FcFunction(timeout=120)))
    body = json.loads(response["body"])
    assert response["statusCode"] == 200, body
    assert body["status"] == "SUCCEEDED" and body["fields"]["name"] == bill.truth.name
    assert body["fields"]["extra"]["pageNumber"] == 1
    etag = stack.objects.put(stack.settings.bucket, "uploads/statement.pdf", bill.data).etag
    oss = load_event("oss-put-object.json")
    oss["events"][0]["oss"]["object"].update(key="uploads/statement.pdf", eTag=etag)
    oss["events"][0]["oss"]["bucket"]["name"] = stack.settings.bucket
    result = stack.app.handle(json.dumps(oss).encode(), FcContext(function=FcFunction(timeout=120)))
    record = stack.store.get(result["records"][0]["id"])
    assert record.status is Status.SUCCEEDED and record.fields.name == bill.truth.name, record


def test_v2_through_the_sdk_against_the_emulator_with_the_real_engine(engine, bill):
    from credrec.adapters.cloudauth import CloudAuthRecognizer
    from credrec.models import ImageInput, RecognitionParams
    from credrec_local.servers.emulator import Emulator
    from tests.contract.conftest import CREDS, cloud_settings, provider, server_credentials

    with Emulator(engine, **server_credentials()) as emu:
        recognizer = CloudAuthRecognizer(cloud_settings(cloudauth_endpoint=emu.endpoint, api_version="v2"),
                                         provider(CREDS))
        rec = recognizer.recognize(ImageInput(data=bill.data, format="pdf"), RecognitionParams())
        forged = recognizer.recognize(ImageInput(data=edit_pdf(bill, "incremental_name", 9).data, format="pdf"),
                                      RecognitionParams())
    assert rec.sub_code == "200" and rec.fields.name == bill.truth.name
    assert rec.fields.extra["pageNumber"] == 1 and json.loads(rec.ext_id_info or "{}")["recInfo"]["textSource"]
    assert forged.sub_code == "212" and forged.fraud.suspicious and "PS" in forged.fraud.types


def test_production_wiring_v2_takes_pdf_uploads_inline_and_by_presigned_url(engine, bill, monkeypatch):
    """``build_cloud_app`` with CREDREC_API_VERSION=v2: OSS trigger → OSS SDK → CloudAuth SDK (V2,
    FileInputType=PDF) → emulator with the real engine → Tablestore SDK. A PDF over 3 MB goes by URL."""
    import hashlib
    import io
    import os

    from pypdf import PdfReader, PdfWriter

    from credrec.index import build_cloud_app
    from credrec.models import Status
    from credrec_local.runtime.watcher import oss_entry
    from credrec_local.servers.emulator import Emulator
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
    from tests.functional.conftest import FcContext
    from tests.servers.oss_server import OssServer
    from tests.servers.tablestore_server import TablestoreServer

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(bill.data)))
    writer.add_attachment("readings.bin", os.urandom(3_300_000))  # an e-bill with an attachment: > 3 MB
    big = io.BytesIO()
    writer.write(big)
    oss = OssServer(buckets=(BUCKET,), region=REGION, **server_credentials()).start()
    ots = TablestoreServer(instance=INSTANCE, tables=TABLES, indexes=INDEXES, **server_credentials()).start()
    emulator = Emulator(engine, **server_credentials()).start()
    try:
        env = {
            "CREDREC_REGION": REGION, "CREDREC_BUCKET": BUCKET, "CREDREC_UPLOAD_PREFIX": "uploads/",
            "CREDREC_API_VERSION": "v2",
            "CREDREC_CLOUDAUTH_ENDPOINT": emulator.endpoint, "CREDREC_CLOUDAUTH_PROTOCOL": "http",
            "CREDREC_OSS_ENDPOINT": oss.endpoint, "CREDREC_OSS_PUBLIC_ENDPOINT": oss.endpoint,
            "CREDREC_OTS_ENDPOINT": ots.endpoint, "CREDREC_OTS_INSTANCE": INSTANCE, "CREDREC_TABLE": TABLE,
            "CREDREC_HTTP_TOKEN_SHA256": hashlib.sha256(b"t").hexdigest(),
            "ALIBABA_CLOUD_ACCESS_KEY_ID": CREDS.access_key_id,
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET": CREDS.access_key_secret,
            "ALIBABA_CLOUD_SECURITY_TOKEN": CREDS.security_token,
        }
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        app = build_cloud_app()
        app.log._stream = io.StringIO()
        for key, data, delivery in (("uploads/bill.pdf", bill.data, "base64"),
                                    ("uploads/big.pdf", big.getvalue(), "url")):
            etag = oss.service.put_object(BUCKET, key, data).strip('"')
            event = json.dumps({"events": [oss_entry(BUCKET, key, etag, len(data), REGION)]}).encode()
            result = app.handle(event, FcContext())
            stored = app.pipeline.store.get(result["records"][0]["id"])
            assert stored.status is Status.SUCCEEDED, stored
            assert stored.delivery == delivery and stored.fields.name == bill.truth.name
            assert stored.fields.extra["pageNumber"] == 1
    finally:
        emulator.stop()
        ots.stop()
        oss.stop()


@pytest.mark.slow
def test_a_forged_ocr_layer_on_a_scan_is_flagged_and_not_read(engine):
    doc = generate(24, layout="window", kind="gas")
    forged = scanned_pdf(doc, 24, ocr_layer=True, layer_name="JONATHAN LIM")
    result = engine.recognize(forged.data, fraud_check=True)
    info = rec_info(result)
    assert info["textSource"] == "ocr" and "JONATHAN" not in info["name"].upper()
    assert any(s.kind == "pdf_layer_mismatch" for s in result.fraud.signals)
