"""The facade's entry point: every family together, robust to odd input, free of personal data."""

from __future__ import annotations

import numpy as np

from credrec_local.engine.forensics import analyze
from credrec_local.engine.types import Extraction, Page
from tests.unit.forensics.pages import jpeg, page, sample_extraction, sample_page


def test_clean_scan_is_low_risk(samples):
    s = samples("clean")
    r = analyze(sample_page(s), sample_extraction(s))
    assert r.checked and r.risk_level == "low" and r.tags == []


def test_each_tampered_kind_of_the_fixture_is_flagged_with_its_tag(samples):
    expected = {"editor": "PS", "copymove": "PS", "textedit": "PS", "screenshot": "SCREENSHOT",
                "screen_photo": "SCREEN_PHOTO"}
    for kind, tag in expected.items():
        s = samples(kind)
        r = analyze(sample_page(s), sample_extraction(s))
        assert r.suspicious, kind
        assert tag in r.tags, (kind, r.tags)


def test_reasons_never_quote_the_document(samples):
    for kind in ("textedit", "copymove", "splice", "clean"):
        s = samples(kind)
        r = analyze(sample_page(s), sample_extraction(s))
        words = {w for ln in s.truth.lines if ln.role in ("name", "address", "account_number", "amount_due")
                 for w in ln.text.split() if len(w) >= 4}
        for sig in r.signals:
            assert not any(w in sig.reason for w in words), (sig.reason, words)


def test_odd_pages_never_raise():
    tiny = np.full((8, 8, 3), 255, np.uint8)
    for p in (
        Page(data=b"", format="png", width=8, height=8, rgb=tiny),
        Page(data=b"not an image", format="jpeg", width=8, height=8, rgb=None),
        page(jpeg(np.zeros((300, 300, 3), np.uint8))),
        Page(data=b"", format="png", width=300, height=300, rgb=np.full((300, 300, 4), 200, np.uint8)),
    ):
        r = analyze(p, Extraction())
        assert r.checked and r.risk_level in ("low", "suspicious", "high")
