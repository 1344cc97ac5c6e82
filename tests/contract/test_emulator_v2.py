"""CredentialRecognitionIntlV2 through the official SDK against the emulator: images and PDFs
(``FileInputType``), the adapter's action switch, and PDF refusals before the engine runs."""

from __future__ import annotations

import base64
import io
import json
from typing import Any

import pytest

from credrec.adapters.cloudauth import ACTION_V2, CloudAuthRecognizer
from credrec.errors import ConfigurationError, UpstreamRejectedError
from credrec.models import ImageInput, RecognitionParams
from tests.contract.conftest import CREDS, cloud_settings, provider
from tests.support.pdfbytes import simple_pdf
from tests.support.textpng import text_png

HOLDER = {"name": "Siti Rahman", "address": "8 Jalan Besar\nSingapore 208790"}


def pdf_with_holder(pages: int = 1) -> bytes:
    """A PDF whose document information carries the holder (what ``InfoEngine`` reads back)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(simple_pdf(pages))))
    writer.add_metadata({"/Subject": json.dumps(HOLDER)})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class InfoEngine:
    """An engine for the emulator's engine port that reads PDFs (pypdf: the /Subject of the document
    information) and PNG text chunks; records what it was given."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def recognize(self, data: bytes, *, doc_type: str, ocr_area: str, fraud_check: bool) -> Any:
        from types import SimpleNamespace

        from pypdf import PdfReader

        self.calls.append({"kind": "pdf" if data[:5] == b"%PDF-" else "image", "size": len(data),
                           "doc_type": doc_type, "ocr_area": ocr_area})
        if data[:5] == b"%PDF-":
            rec = json.loads(PdfReader(io.BytesIO(data)).metadata["/Subject"])
        else:
            from tests.support.textpng import read_text_chunks

            chunks = read_text_chunks(data)
            rec = {"name": chunks.get("Name", ""), "address": chunks.get("Address", "")}
        return SimpleNamespace(success="S", sub_code="200", ext_id_info=json.dumps({"recInfo": rec}))


def adapter(emulator: Any, version: str) -> CloudAuthRecognizer:
    return CloudAuthRecognizer(cloud_settings(cloudauth_endpoint=emulator.endpoint, api_version=version),
                               provider(CREDS))


def sdk_v2(emulator: Any, **overrides: Any) -> Any:
    from alibabacloud_cloudauth_intl20220809.client import Client
    from alibabacloud_cloudauth_intl20220809.models import CredentialRecognitionIntlV2Request
    from alibabacloud_tea_openapi.utils_models import Config
    from darabonba.runtime import RuntimeOptions

    client = Client(Config(access_key_id=CREDS.access_key_id, access_key_secret=CREDS.access_key_secret,
                           security_token=CREDS.security_token, endpoint=emulator.endpoint, protocol="http",
                           region_id="ap-southeast-1"))
    values = {"product_code": "CREDENTIAL_RECOGNITION", "doc_type": "04", "ocr_area": "0401", "fraud_check": "false",
              "file_input_type": "PDF", "credential_ocr_picture_base_64": base64.b64encode(pdf_with_holder()).decode()}
    values.update(overrides)
    return client.credential_recognition_intl_v2with_options(
        CredentialRecognitionIntlV2Request(**{k: v for k, v in values.items() if v is not None}), RuntimeOptions())


PARAMS = RecognitionParams(doc_type="04", ocr_area="0401", fraud_check=False)


def test_v2_adapter_sends_a_pdf_with_file_input_type_pdf(make_emulator: Any) -> None:
    engine = InfoEngine()
    emu = make_emulator(engine)
    data = pdf_with_holder(2)
    rec = adapter(emu, "v2").recognize(ImageInput(data=data, format="pdf"), PARAMS)
    assert (rec.success, rec.sub_code) == ("S", "200")
    assert rec.fields.name == HOLDER["name"] and rec.fields.address == HOLDER["address"]
    assert json.loads(rec.ext_id_info or "")["recInfo"] == HOLDER  # raw string kept
    assert engine.calls == [{"kind": "pdf", "size": len(data), "doc_type": "04", "ocr_area": "0401"}]


def test_v2_adapter_sends_images_as_image(make_emulator: Any) -> None:
    engine = InfoEngine()
    emu = make_emulator(engine, success_code="200")  # V2's documented success Code
    png = text_png({"Name": "Jane Tan", "Address": "1 Orchard Road"})
    rec = adapter(emu, "v2").recognize(ImageInput(data=png, format="png"), PARAMS)
    assert rec.fields.name == "Jane Tan" and engine.calls[0]["kind"] == "image"
    assert adapter(emu, "v2").action == ACTION_V2


def test_v1_adapter_never_sends_a_pdf(make_emulator: Any) -> None:
    engine = InfoEngine()
    emu = make_emulator(engine)
    with pytest.raises(ConfigurationError) as info:
        adapter(emu, "v1").recognize(ImageInput(data=pdf_with_holder(), format="pdf"), PARAMS)
    assert info.value.code == "PDF_REQUIRES_V2"
    assert engine.calls == [] and emu.service.stats == {}


def test_v1_action_refuses_file_input_type_pdf(make_emulator: Any) -> None:
    from alibabacloud_cloudauth_intl20220809.client import Client
    from alibabacloud_cloudauth_intl20220809.models import CredentialRecognitionIntlRequest
    from alibabacloud_tea_openapi.utils_models import Config
    from darabonba.runtime import RuntimeOptions

    engine = InfoEngine()
    emu = make_emulator(engine)
    client = Client(Config(access_key_id=CREDS.access_key_id, access_key_secret=CREDS.access_key_secret,
                           security_token=CREDS.security_token, endpoint=emu.endpoint, protocol="http",
                           region_id="ap-southeast-1"))
    request = CredentialRecognitionIntlRequest(
        product_code="CREDENTIAL_RECOGNITION", doc_type="01", ocr_area="0101", fraud_check="false",
        file_input_type="PDF", credential_ocr_picture_base_64=base64.b64encode(pdf_with_holder()).decode())
    with pytest.raises(Exception) as info:
        client.credential_recognition_intl_with_options(request, RuntimeOptions())
    assert (info.value.status_code, info.value.code) == (400, "InvalidParameter")
    assert engine.calls == []


@pytest.mark.parametrize("overrides", [
    {"file_input_type": "IMAGE"},  # a PDF sent as an image
    {"credential_ocr_picture_base_64": base64.b64encode(simple_pdf(11)).decode()},
    {"credential_ocr_picture_base_64": base64.b64encode(simple_pdf(1, media_box=b"[0 0 5 5]")).decode()},
    {"credential_ocr_picture_base_64": base64.b64encode(b"%PDF-1.7\ngarbage\n%%EOF").decode()},
    {"credential_ocr_picture_base_64": base64.b64encode(text_png({"Name": "x"})).decode()},  # PDF type, PNG bytes
])
def test_unusable_pdfs_are_401_before_the_engine(make_emulator: Any, overrides: dict) -> None:
    engine = InfoEngine()
    emu = make_emulator(engine)
    with pytest.raises(Exception) as info:
        sdk_v2(emu, **overrides)
    assert (info.value.status_code, info.value.code) == (401, "UnqualifiedPhoto")
    assert engine.calls == []
    from credrec.adapters._errors import map_cloudauth_error

    assert isinstance(map_cloudauth_error(info.value), UpstreamRejectedError)


def test_v2_sdk_answer_keeps_the_documented_shape(make_emulator: Any) -> None:
    response = sdk_v2(make_emulator(InfoEngine()))
    assert response.status_code == 200 and response.body.result.sub_code == "200"
    assert json.loads(response.body.result.ext_id_info)["recInfo"]["name"] == HOLDER["name"]
