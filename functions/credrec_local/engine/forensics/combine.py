"""Combine forgery signals into one score, a risk level and tags.

* Informational signals (``informational=True``, e.g. "re-compressed") are kept in the report and never
  counted.
* Within one family (metadata, content, rendering, copy-move, compression history, capture) the strongest signal counts:
  an edited line usually trips several rendering measures at once, and they are one piece of evidence.
* Across families the strengths combine as a noisy OR: ``1 - Π(1 - s)``. Two independent weak signals
  add up to more than either.
* Risk: ``high`` from :data:`HIGH`, ``suspicious`` from :data:`SUSPICIOUS`, else ``low``. A signal is
  emitted *weak* (below ``SUSPICIOUS``) when it alone would raise too many false alarms.

Tags follow CredentialVerifyIntl's ``RiskTag`` where one exists — ``PS`` (pixel or metadata edits),
``SCREENSHOT``, ``SCREEN_PHOTO`` — plus ``CONTENT_INCONSISTENT`` (ours; the API has no tag for
contradictory content). A tag is reported only when its family contributes to a non-low verdict.

The result is a set of signals for a reviewer, not proof of forgery, and a low risk is not proof of
authenticity.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from credrec_local.engine.types import FraudReport, Signal

SUSPICIOUS = 0.5
HIGH = 0.8

FAMILY = {
    "editor_metadata": "metadata",
    "recompressed": "metadata",
    "amount_mismatch": "content",
    "impossible_date": "content",
    "date_order": "content",
    "ink_outlier": "rendering",
    "edge_outlier": "rendering",
    "baseline_outlier": "rendering",
    "font_size_outlier": "rendering",
    "block_outlier": "rendering",
    "copy_move": "copymove",
    "jpeg_history": "compression",
    "screenshot": "capture",
    "screen_photo": "capture",
    # PDF structure and text layer (forensics.pdf_signals)
    "pdf_revisions": "pdf_history",
    "pdf_producer": "pdf_metadata",
    "pdf_dates": "pdf_metadata",
    "pdf_hidden_text": "pdf_content",
    "pdf_text_overlap": "pdf_content",
    "pdf_font_outlier": "pdf_content",
    "pdf_mixed_pages": "pdf_pages",
    "pdf_layer_mismatch": "pdf_content",
}


def combine(signals: Iterable[Signal]) -> FraudReport:
    sigs = sorted(signals, key=lambda s: (s.informational, -s.score))
    best: dict[str, float] = {}
    for s in sigs:
        if s.informational:
            continue
        fam = FAMILY.get(s.kind, s.kind)
        best[fam] = max(best.get(fam, 0.0), min(1.0, max(0.0, s.score)))
    miss = 1.0
    for v in best.values():
        miss *= 1.0 - v
    score = round(1.0 - miss, 4)
    level: Literal["low", "suspicious", "high"] = "high" if score >= HIGH else "suspicious" if score >= SUSPICIOUS else "low"
    if level == "low":
        # keep every signal for the reviewer, but a low verdict carries no risk tag
        sigs = [
            Signal(kind=s.kind, score=s.score, reason=s.reason, region=s.region, tag=None, informational=True)
            if not s.informational
            else s
            for s in sigs
        ]
    return FraudReport(checked=True, signals=sigs, score=score, risk_level=level)
