"""ExtIdInfo shapes and SubCode rules."""

from __future__ import annotations

import json

import pytest

from credrec.extidinfo import outcome, parse_ext_id_info
from credrec.models import Status


def test_documented_shape_with_nested_objects():
    raw = json.dumps({"recInfo": {"name": "Tan Wei Ming", "address": ["Blk 1", "Singapore 560001"], "issuer": "SP"},
                      "spoofInfo": {"spoofResult": "Y", "spoofType": ["PS", "SCREENSHOT"], "score": 0.8}})
    fields, fraud = parse_ext_id_info(raw, fraud_check=True, sub_code="212")
    assert fields.name == "Tan Wei Ming" and fields.address == "Blk 1\nSingapore 560001"
    assert fields.extra == {"issuer": "SP"}
    assert fraud.checked and fraud.suspicious and fraud.types == ["PS", "SCREENSHOT"] and fraud.score == 0.8


def test_documented_shape_with_json_strings_inside():
    raw = json.dumps({"recInfo": json.dumps({"name": "A", "address": "B"}),
                      "spoofInfo": json.dumps({"spoofResult": "N", "spoofType": "PS,SCREEN_PHOTO"})})
    fields, fraud = parse_ext_id_info(raw, fraud_check=True, sub_code="200")
    assert (fields.name, fields.address) == ("A", "B")
    assert fraud.suspicious is False and fraud.types == ["PS", "SCREEN_PHOTO"]


def test_flat_shape_from_sdk_examples():
    fields, fraud = parse_ext_id_info('{\n  "address": "",\n  "name":"Jane Doe"\n}', fraud_check=True, sub_code="200")
    assert fields.name == "Jane Doe" and fields.address is None
    assert fraud.checked and fraud.suspicious is False


def test_unknown_keys_are_kept_and_garbage_never_raises():
    fields, _ = parse_ext_id_info('{"recInfo": {"Name": "X", "billAmount": 12.5, "weird": {"a": 1}}}',
                                  fraud_check=False, sub_code="200")
    assert fields.name == "X" and fields.extra == {"billAmount": 12.5, "weird": {"a": 1}}
    for raw in (None, "", "not json", "[1,2]", '{"recInfo": "not json"}'):
        parse_ext_id_info(raw, fraud_check=True, sub_code="200")


def test_risk_score_map_takes_the_highest():
    raw = json.dumps({"spoofInfo": {"spoofResult": "Y", "riskScore": {"PS": "0.02", "SCREENSHOT": "0.91"}}})
    assert parse_ext_id_info(raw, fraud_check=True, sub_code="212")[1].score == pytest.approx(0.91)


@pytest.mark.parametrize(
    "success, sub_code, status, note",
    [("S", "200", Status.SUCCEEDED, None), ("F", "213", Status.NO_TEXT, "no_text"),
     ("S", "212", Status.SUCCEEDED, "fraud_check_failed"), ("S", "204", Status.SUCCEEDED, "rule_mismatch"),
     ("F", "211", Status.FAILED, "sub_code_211"), ("S", "299", Status.SUCCEEDED, "sub_code_299"),
     ("F", None, Status.FAILED, "sub_code_missing")],
)
def test_sub_code_rules(success, sub_code, status, note):
    assert outcome(success, sub_code) == (status, note)


def test_sub_code_212_flags_fraud_even_without_spoof_block():
    _, fraud = parse_ext_id_info('{"name": "A"}', fraud_check=True, sub_code="212")
    assert fraud.suspicious is True
