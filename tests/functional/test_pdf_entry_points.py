"""PDFs at the function's entry points with the V1 action selected (the default): refused before any
call, with a record and a code; the V2 path is covered with the local engine in test_pdf_recognition."""

from __future__ import annotations

import base64

from tests.support.pdfbytes import simple_pdf


def test_v1_refuses_a_raw_pdf_body_with_a_record_and_no_call(harness):
    response = harness.http("POST", "/recognize", body=simple_pdf(), headers={"content-type": "application/pdf"})
    assert response["statusCode"] == 400, response["body"]
    assert response["json"]["error"]["code"] == "PDF_REQUIRES_V2"
    assert harness.calls == 0
    record = harness.stack.store.get(response["json"]["id"])
    assert record is not None and record.status.value == "REJECTED" and record.error.code == "PDF_REQUIRES_V2"


def test_v1_refuses_pdf_base64_and_a_pdf_upload(harness):
    response = harness.http("POST", "/recognize", body={"pdf_base64": base64.b64encode(simple_pdf()).decode()})
    assert response["json"]["error"]["code"] == "PDF_REQUIRES_V2"
    etag = harness.put("uploads/bill.pdf", simple_pdf(2))
    harness.invoke(harness.oss_event(("uploads/bill.pdf", etag)))
    records = harness.http("GET", "/results", query={"status": "REJECTED"})["json"]["records"]
    assert any(r["error"]["code"] == "PDF_REQUIRES_V2" and r["source"]["kind"] == "oss" for r in records)
    assert harness.calls == 0


def test_pdf_base64_must_hold_a_pdf(harness, bill_png):
    response = harness.http("POST", "/recognize", body={"pdf_base64": base64.b64encode(bill_png).decode()})
    assert response["json"]["error"]["code"] == "UNSUPPORTED_FORMAT"


def test_v2_refuses_bad_pdfs_with_their_codes_and_no_call(harness):
    harness.app.pipeline.settings = harness.app.settings.model_copy(update={"api_version": "v2"})
    encrypted_like = simple_pdf(1, media_box=b"[0 0 1000000 1000000]")
    response = harness.http("POST", "/recognize", body=encrypted_like, headers={"content-type": "application/pdf"})
    assert response["json"]["error"]["code"] == "PDF_PAGE_TOO_LARGE"
    response = harness.http("POST", "/recognize", body=simple_pdf(11), headers={"content-type": "application/pdf"})
    assert response["json"]["error"]["code"] == "PDF_TOO_MANY_PAGES"
    assert harness.calls == 0
