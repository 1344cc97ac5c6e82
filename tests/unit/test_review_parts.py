"""Small parts of the review workbench: overlays read defensively, reviewer maps, SVG escaping, queue cursors."""

from __future__ import annotations

import json

import pytest

from credrec.errors import InvalidRequestError
from credrec.review.dashboard import STATUS_COLOURS, stacked_bars
from credrec.review.overlays import overlays
from credrec.review.service import decode_queue_cursor, encode_queue_cursor
from credrec.settings import Settings, parse_reviewer_hashes

HASH = "AB" * 32


@pytest.mark.parametrize("raw", [None, "", "not json", "[1, 2]", '{"recInfo": "{broken"}', '{"spoofInfo": 7}'])
def test_unusable_answers_give_no_overlays(raw):
    assert overlays(raw) == {"fields": [], "signals": [], "boxes_available": False, "disclaimer": None}


def test_overlays_keep_only_drawable_boxes_and_finite_scores():
    raw = json.dumps({
        "recInfo": json.dumps({"name": "<b>A</b>", "address": "B", "fieldDetails": {
            "name": {"confidence": 0.9, "box": [10, 20, 110, 40], "rule": "block"},
            "address": {"confidence": "NaN", "box": [50, 50, 40, 60]},  # inverted: not drawable
            "issuer": "not a dict"}}),
        "spoofInfo": {"signals": [{"kind": "copy_move", "score": True, "reason": "x", "region": [0, 0, 5, 5]},
                                  {"kind": "screen", "score": 0.4, "reason": "moire", "region": None}, "junk"]},
    })
    result = overlays(raw)
    assert [(f["key"], f["value"], f["confidence"], f["box"]) for f in result["fields"]] == [
        ("name", "<b>A</b>", 0.9, [10.0, 20.0, 110.0, 40.0]), ("address", "B", None, None)]
    assert [(s["kind"], s["score"], s["region"]) for s in result["signals"]] == [
        ("copy_move", None, [0.0, 0.0, 5.0, 5.0]), ("screen", 0.4, None)]
    assert result["boxes_available"] is True


def test_cloud_shaped_answers_have_fields_but_no_boxes():
    result = overlays(json.dumps({"recInfo": {"name": "A"}, "spoofInfo": {"spoofResult": "Y", "spoofType": ["PS"]}}))
    assert result["boxes_available"] is False and result["fields"] == []


def test_reviewer_maps_are_validated_and_normalised():
    assert parse_reviewer_hashes(json.dumps({"ana.lee@ops": HASH})) == {"ana.lee@ops": HASH.lower()}
    assert parse_reviewer_hashes("") == {}
    for bad in ('{"ana": "abc"}', '["ana"]', '{"": "' + HASH + '"}', '{"a b": "' + HASH + '"}', "{"):
        with pytest.raises(ValueError):
            parse_reviewer_hashes(bad)
    settings = Settings.from_mapping({"CREDREC_REVIEWER_TOKENS_SHA256": json.dumps({"bo": HASH})})
    assert settings.reviewer_hashes == {"bo": HASH.lower()} and HASH.lower() not in repr(settings)


def test_chart_text_is_escaped_and_an_empty_period_says_so():
    svg = stacked_bars("Records <per> day", {"2026-01-02": {"<script>": 2, "SUCCEEDED": 3}}, STATUS_COLOURS)
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "Records &lt;per&gt; day" in svg
    assert "no records in this period" in stacked_bars("t", {}, STATUS_COLOURS)


def test_queue_cursors_round_trip_and_forgeries_are_refused():
    assert decode_queue_cursor(encode_queue_cursor("rest", "abc")) == ("rest", "abc")
    for bad in ("%%%", encode_queue_cursor("queue", None)[:-2] + "!!", "eyJwIjoiZWxzZSIsImMiOm51bGx9"):
        with pytest.raises(InvalidRequestError):
            decode_queue_cursor(bad)
