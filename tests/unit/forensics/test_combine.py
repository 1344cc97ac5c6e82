"""Combining signals: families, noisy OR, informational signals, risk levels and tags."""

from __future__ import annotations

from credrec_local.engine.forensics.combine import HIGH, SUSPICIOUS, combine
from credrec_local.engine.types import Signal


def sig(kind, score, tag=None, informational=False):
    return Signal(kind=kind, score=score, reason="r", region=None, tag=tag, informational=informational)


def test_no_signal_is_low_risk_without_tags():
    r = combine([])
    assert r.checked and r.risk_level == "low" and r.score == 0.0 and r.tags == [] and not r.suspicious


def test_one_editor_trace_is_suspicious_with_tag_ps():
    r = combine([sig("editor_metadata", 0.9, "PS")])
    assert r.risk_level == "high" and r.tags == ["PS"] and r.suspicious


def test_informational_signals_are_kept_but_not_counted():
    r = combine([sig("recompressed", 0.9, informational=True)])
    assert r.risk_level == "low" and r.score == 0.0 and len(r.signals) == 1


def test_same_family_counts_once_and_families_combine_as_noisy_or():
    one = combine([sig("edge_outlier", 0.6, "PS"), sig("ink_outlier", 0.4, "PS")])
    assert one.score == 0.6
    two = combine([sig("edge_outlier", 0.6, "PS"), sig("amount_mismatch", 0.6, "CONTENT_INCONSISTENT")])
    assert two.score == round(1 - 0.4 * 0.4, 4) and two.risk_level == "high"
    assert two.tags == ["PS", "CONTENT_INCONSISTENT"]


def test_a_weak_signal_alone_stays_low_and_loses_its_tag():
    r = combine([sig("ink_outlier", 0.35, "PS")])
    assert r.risk_level == "low" and r.tags == []
    assert r.signals[0].kind == "ink_outlier"  # still reported for the reviewer


def test_thresholds_and_tag_vocabulary():
    assert 0 < SUSPICIOUS < HIGH <= 1
    r = combine([sig("screenshot", 0.6, "SCREENSHOT"), sig("screen_photo", 0.55, "SCREEN_PHOTO")])
    assert r.risk_level == "suspicious" or r.risk_level == "high"
    assert set(r.tags) <= {"PS", "SCREENSHOT", "SCREEN_PHOTO", "CONTENT_INCONSISTENT"}
