"""The tampered-document generator: every kind, deterministic from the seed, with usable ground truth."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageOps

from credrec_local.docgen.tamper import TAMPER_KINDS, TAMPERED_KINDS, make_clean, make_tampered
from tests.unit.forensics.conftest import SEED


def _size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as im:
        return ImageOps.exif_transpose(im).size


def test_kinds_cover_the_brief_and_resaved_is_the_benign_one():
    assert {"textedit", "copymove", "splice", "editor", "screenshot", "screen_photo", "resaved"} <= set(TAMPER_KINDS)
    assert "resaved" not in TAMPERED_KINDS


@pytest.mark.parametrize("kind", [*TAMPER_KINDS, "clean"])
def test_every_kind_gives_a_decodable_file_with_tamper_truth(samples, kind):
    s = samples(kind)
    info = s.truth.extra["tamper"]
    assert info["kind"] == kind
    assert info["tampered"] is (kind in TAMPERED_KINDS)
    w, h = _size(s.data)
    assert (w, h) == (s.width, s.height)
    if info["region"] is not None:
        x0, y0, x1, y1 = info["region"]
        assert 0 <= x0 < x1 <= w and 0 <= y0 < y1 <= h
    if kind in ("textedit", "copymove", "splice"):
        assert info["region"] is not None and info["q1"] != info["q2"] and abs(info["q1"] - info["q2"]) >= 3
    if kind in ("clean", "resaved", "textedit", "copymove", "splice", "editor", "screen_photo"):
        assert s.format == "jpeg"


@pytest.mark.parametrize("kind", ["textedit", "copymove", "splice", "screenshot", "resaved"])
def test_same_seed_same_bytes(doc, samples, kind):
    assert make_tampered(kind, doc, SEED).data == samples(kind).data


def test_clean_negative_is_deterministic_and_differs_from_tampered(doc, samples):
    assert make_clean(doc, SEED).data == samples("clean").data
    assert samples("clean").data != samples("textedit").data


def test_textedit_truth_follows_the_edit(doc, samples):
    s = samples("textedit")
    info = s.truth.extra["tamper"]
    target = info["target"]
    if target == "name":
        assert s.truth.name != doc.truth.name
    elif target == "amount_due":
        assert s.truth.amount_due != doc.truth.amount_due
    else:
        assert s.truth.address_lines != doc.truth.address_lines


def test_editor_sample_names_an_editor_and_keeps_pixels_of_its_base(samples):
    s = samples("editor")
    assert any(tool in s.truth.extra["tamper"]["software"] for tool in ("Photoshop", "GIMP"))
    with Image.open(io.BytesIO(s.data)) as im:
        assert b"CreatorTool" in s.data and im.getexif().get(0x0131) == s.truth.extra["tamper"]["software"]


def test_unknown_kind_is_refused(doc):
    with pytest.raises(ValueError, match="unknown tamper kind"):
        make_tampered("invisible_ink", doc, 1)
