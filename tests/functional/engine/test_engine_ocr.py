"""The real engine (rapidocr, bundled models) on generated pages: several countries and layouts, clean,
scanned and photographed; one page for each country of the locale registry at least. A small fixed set
keeps this to about a minute on 2 cores; the
benchmark (tests/bench/engine.py) measures accuracy on many more pages and other seeds."""

from __future__ import annotations

import json

import pytest

from credrec_local import docgen
from credrec_local.docgen.score import norm, score_fields

PAGES = [
    ("SG", "window", "scan"),
    ("SG", "keyvalue", "photo"),
    ("MY", "summary", "scan"),
    ("HK", "keyvalue", "photo"),
    ("PH", "statement", "scan"),
    ("ID", "window", "photo"),
    ("TH", "summary", "clean"),
    ("UK", "statement", "scan"),
    ("US", "window", "photo"),
    # appended (seeds 709+): the remaining countries of the locale registry, one page each
    ("AU", "keyvalue", "scan"),
    ("CA", "summary", "photo"),
    ("FR", "window", "scan"),
    ("DE", "statement", "photo"),
    ("IN", "keyvalue", "scan"),
]


def test_every_registered_locale_has_a_page():
    from credrec_local.engine.locales import LOCALES

    assert {country for country, _, _ in PAGES} == set(LOCALES)


@pytest.fixture(scope="module")
def samples():
    out = {}
    for i, (country, layout, variant) in enumerate(PAGES):
        seed = 700 + i
        doc = docgen.generate(seed, country=country, layout=layout)
        out[(country, layout, variant)] = docgen.render_variant(doc, variant, seed)
    return out


@pytest.mark.parametrize(("country", "layout", "variant"), PAGES)
def test_name_and_address(engine, samples, country, layout, variant):
    sample = samples[(country, layout, variant)]
    res = engine.recognize(sample.data, fraud_check=False)
    rec = json.loads(res.ext_id_info)["recInfo"]
    truth = sample.truth
    assert (res.success, res.sub_code) == ("S", "200"), rec
    scores = score_fields(rec, truth)
    assert scores.name_exact, (rec["name"], truth.name)
    assert scores.address_f1 >= 0.9, (rec["address"], truth.address_lines)
    # the line that carries the postcode / region is read exactly
    assert norm(rec["address"].splitlines()[-1]) == norm(truth.address_lines[-1])
    # lines are reported in the uploaded image's coordinates: the name box overlaps the truth box
    box = rec["fieldDetails"]["name"]["box"]
    tb = truth.lines_with_role("name")[0].box
    assert box[0] < tb[2] and tb[0] < box[2] and box[1] < tb[3] and tb[1] < box[3]


def test_other_fields_on_a_scan(engine, samples):
    sample = samples[("SG", "window", "scan")]
    rec = json.loads(engine.recognize(sample.data, fraud_check=False).ext_id_info)["recInfo"]
    s = score_fields(rec, sample.truth)
    assert s.issuer_exact and s.account_exact and s.bill_date_ok
    assert s.amount_ok in (True, None)


def test_fraud_check_adds_spoof_info(engine, samples):
    sample = samples[("TH", "summary", "clean")]
    res = engine.recognize(sample.data, fraud_check=True)
    ext = json.loads(res.ext_id_info)
    spoof = ext["spoofInfo"]
    assert spoof["spoofResult"] in ("Y", "N")
    assert (res.sub_code == "212") == (spoof["spoofResult"] == "Y")
    assert isinstance(spoof["spoofType"], list) and "disclaimer" in spoof
    assert res.fraud.checked


def test_blank_page_is_no_text(engine):
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (800, 1100), (250, 250, 250)).save(buf, format="PNG")
    res = engine.recognize(buf.getvalue(), fraud_check=True)
    assert (res.success, res.sub_code) == ("F", "213")
    assert not res.fraud.checked


@pytest.mark.parametrize("turn", [90, 180])
def test_page_turned_without_exif(engine, turn):
    """A page saved sideways or upside down with no EXIF tag to say so is still read in order."""
    import io

    doc = docgen.generate(741, country="SG", layout="summary")
    buf = io.BytesIO()
    doc.image.rotate(turn, expand=True).save(buf, format="JPEG", quality=90)
    rec = json.loads(engine.recognize(buf.getvalue(), fraud_check=False).ext_id_info)["recInfo"]
    scores = score_fields(rec, doc.truth)
    assert scores.name_exact, (rec["name"], doc.truth.name)
    assert scores.address_f1 >= 0.9, (rec["address"], doc.truth.address_lines)
