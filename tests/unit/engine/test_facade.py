"""The engine facade, its answer shape and the local Recognizer adapter — with a fixed OCR backend
(a real implementation of the backend protocol that returns given lines), so no OCR models load."""

from __future__ import annotations

import io
import json
import threading

import pytest
from PIL import Image

from credrec.errors import ImageRejectedError, UpstreamRejectedError
from credrec.extidinfo import parse_ext_id_info
from credrec.models import ImageInput, RecognitionParams
from credrec_local import docgen
from credrec_local.adapters.recognizer import LocalRecognizer
from credrec_local.engine import CredentialEngine, EngineParameterError, answer
from credrec_local.engine.ocr import decode
from credrec_local.engine.types import Extraction, FieldValue, FraudReport, Signal

from .lines import FixedOcr, Page, truth_lines


@pytest.fixture(scope="module")
def bill():
    doc = docgen.generate(21, country="SG", layout="window", kind="electricity")
    sample = docgen.render_variant(doc, "clean", 21)
    return doc, sample


def _engine_for(doc) -> tuple[CredentialEngine, FixedOcr]:
    backend = FixedOcr(truth_lines(doc.truth))
    return CredentialEngine(backend), backend


def test_recognize_answers_like_the_api(bill):
    doc, sample = bill
    engine, _ = _engine_for(doc)
    res = engine.recognize(sample.data, fraud_check=False)
    assert (res.success, res.sub_code) == ("S", "200")
    ext = json.loads(res.ext_id_info)
    assert set(ext) == {"recInfo"}  # no spoofInfo without the fraud check
    rec = ext["recInfo"]
    assert rec["name"] == doc.truth.name
    assert rec["address"] == doc.truth.address
    assert set(rec) == {"name", "address", "issuer", "accountNumber", "billDate", "amountDue", "fieldDetails"}
    assert set(rec["fieldDetails"]["name"]) == {"confidence", "box", "rule"}
    # the pipeline's own parser reads it
    fields, fraud = parse_ext_id_info(res.ext_id_info, fraud_check=False, sub_code=res.sub_code)
    assert fields.name == doc.truth.name and fields.address == doc.truth.address
    assert fields.extra["accountNumber"] == doc.truth.account_number
    assert not fraud.checked
    assert set(res.timings) == {"decode", "ocr", "extract", "forensics", "total"}
    assert res.page.width == doc.image.width and res.page.lines


def test_no_text_is_213(bill):
    _, sample = bill
    engine = CredentialEngine(FixedOcr([]))
    res = engine.recognize(sample.data, fraud_check=True)
    assert (res.success, res.sub_code) == ("F", "213")
    assert json.loads(res.ext_id_info)["recInfo"]["name"] == ""


def test_text_without_name_or_address_is_213(bill):
    _, sample = bill
    p = Page()
    p.write(100, 100, "KOPI CORNER CAFE", h=40)
    p.write(100, 200, "Total")
    p.write(900, 200, "S$1.80")
    engine = CredentialEngine(FixedOcr(p.lines()))
    res = engine.recognize(sample.data, fraud_check=False)
    assert (res.success, res.sub_code) == ("F", "213")


def test_fraud_verdict_maps_to_212_and_spoof_info():
    ex = Extraction(name=FieldValue("Tan Wei Ming", 0.9, None, "block:window"))
    report = FraudReport(checked=True, signals=[
        Signal("amount_mismatch", 0.9, "amount due differs from the total", (1, 2, 3, 4), tag="PS"),
        Signal("recompressed", 0.5, "saved twice", None, informational=True),
    ], score=0.8, risk_level="high")
    assert answer.decide(True, ex, report) == ("S", "212")
    spoof = json.loads(answer.ext_id_info(ex, report))["spoofInfo"]
    assert spoof["spoofResult"] == "Y" and spoof["spoofType"] == ["PS"]
    assert spoof["riskLevel"] == "high" and spoof["score"] == 0.8
    assert spoof["signals"][0] == {"kind": "amount_mismatch", "score": 0.9, "reason": "amount due differs from the total",
                                   "region": [1, 2, 3, 4], "tag": "PS", "informational": False}
    assert "not proof" in spoof["disclaimer"]
    _, verdict = parse_ext_id_info(answer.ext_id_info(ex, report), fraud_check=True, sub_code="212")
    assert verdict.suspicious is True and verdict.types == ["PS"] and verdict.score == 0.8
    clean = FraudReport(checked=True)
    assert answer.decide(True, ex, clean) == ("S", "200")
    assert json.loads(answer.ext_id_info(ex, clean))["spoofInfo"]["spoofResult"] == "N"


def test_unsupported_doc_type(bill):
    doc, sample = bill
    engine, _ = _engine_for(doc)
    with pytest.raises(EngineParameterError):
        engine.recognize(sample.data, doc_type="02", ocr_area="0201")
    assert engine.recognize(sample.data, doc_type="04", ocr_area="0401", fraud_check=False).sub_code == "200"


def test_undecodable_bytes_fail_cleanly(bill):
    doc, _ = bill
    engine, backend = _engine_for(doc)
    for data in (b"", b"\x89PNG\r\n\x1a\n" + b"\0" * 50, b"GIF89a....", b"not an image"):
        with pytest.raises(ImageRejectedError):
            engine.recognize(data, fraud_check=False)
    assert backend.calls == 0


def test_absurd_pixel_counts_are_refused_before_decoding():
    img = Image.new("L", (9000, 9000), 255)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    with pytest.raises(ImageRejectedError) as info:
        decode(buf.getvalue(), max_pixels=50_000_000)
    assert info.value.code == "IMAGE_DIMENSIONS_TOO_LARGE"


def test_decode_applies_exif_orientation_and_flattens_transparency():
    img = Image.new("RGB", (40, 20), (255, 0, 0))
    exif = Image.Exif()
    exif[0x0112] = 6
    buf = io.BytesIO()
    img.save(buf, format="JPEG", exif=exif.tobytes())
    rgb, fmt = decode(buf.getvalue())
    assert fmt == "jpeg" and rgb.shape[:2] == (40, 20)  # displayed upright: 20 wide, 40 high
    rgba = Image.new("RGBA", (30, 30), (0, 0, 0, 0))
    buf = io.BytesIO()
    rgba.save(buf, format="PNG")
    rgb, _ = decode(buf.getvalue())
    assert rgb.min() == 255  # transparent → white paper, not black


def test_ocr_is_serialised_across_threads(bill):
    doc, sample = bill
    engine, backend = _engine_for(doc)
    results = []

    def work():
        results.append(engine.recognize(sample.data, fraud_check=False).sub_code)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["200"] * 4
    assert backend.calls == 4 and backend.max_active == 1


# --------------------------------------------------------------------------- LocalRecognizer


def test_local_recognizer_from_bytes_and_file_url(bill, tmp_path):
    doc, sample = bill
    engine, _ = _engine_for(doc)
    rec = LocalRecognizer(engine)
    params = RecognitionParams(fraud_check=False)
    a = rec.recognize(ImageInput(data=sample.data), params)
    assert (a.success, a.sub_code, a.note) == ("S", "200", None)
    assert a.fields.name == doc.truth.name and a.request_id.startswith("local-")
    path = tmp_path / "bill.png"
    path.write_bytes(sample.data)
    b = rec.recognize(ImageInput(url=path.as_uri()), params)
    assert b.fields == a.fields and b.ext_id_info == a.ext_id_info


def test_local_recognizer_uses_the_given_url_reader(bill):
    doc, sample = bill
    engine, _ = _engine_for(doc)
    seen = []

    def reader(url: str) -> bytes:
        seen.append(url)
        return sample.data

    out = LocalRecognizer(engine, url_reader=reader).recognize(ImageInput(url="file:///x?signature=1"), RecognitionParams())
    assert seen == ["file:///x?signature=1"] and out.fields.name == doc.truth.name


def test_local_recognizer_refuses_like_the_service(bill, tmp_path):
    doc, _ = bill
    engine, backend = _engine_for(doc)
    rec = LocalRecognizer(engine)
    tiny = io.BytesIO()
    Image.new("RGB", (10, 10)).save(tiny, format="PNG")
    with pytest.raises(UpstreamRejectedError) as info:
        rec.recognize(ImageInput(data=tiny.getvalue()), RecognitionParams())
    assert info.value.code == "UnqualifiedPhoto"
    with pytest.raises(UpstreamRejectedError) as info:
        rec.recognize(ImageInput(data=b"\x89PNG\r\n\x1a\n" + b"\0" * 4_000_000), RecognitionParams())
    assert info.value.code == "ToolargeImage"
    with pytest.raises(UpstreamRejectedError) as info:
        rec.recognize(ImageInput(url=(tmp_path / "missing.png").as_uri()), RecognitionParams())
    with pytest.raises(UpstreamRejectedError) as info:
        rec.recognize(ImageInput(data=docgen.render_variant(doc, "clean", 1).data),
                      RecognitionParams(doc_type="03", ocr_area="0301"))
    assert info.value.code == "InvalidParameter"
    assert backend.calls == 0
