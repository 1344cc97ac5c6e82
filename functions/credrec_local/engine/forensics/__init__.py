"""Forgery *signals* for one page (fraud check on). Signals, not proof.

``analyze(page, extraction) -> FraudReport`` is the only entry point the engine facade uses. Each signal
family lives in its own module:

* ``metadata``    editing software named in EXIF/XMP/PNG text, Photoshop resource blocks (tag ``PS``);
                  re-save traces (informational only);
* ``consistency`` amount due vs total vs line items, impossible dates, dates out of order
                  (tag ``CONTENT_INCONSISTENT`` - ours; the API has no tag for contradictory content);
* ``arithmetic``  the table's sums rebuilt from the OCR lines (qty x price, items → subtotal → total,
                  tendered - change) and the one amount that breaks them (same tag);
* ``rendering``   per-line outliers: edge crispness, ink, baseline/angle, letter size (tag ``PS``);
* ``copymove``    text areas that are pixel-for-pixel clones (tag ``PS``);
* ``jpeg_history`` a text line without the page's earlier JPEG save (typed, pasted or moved after it;
                  tag ``PS``);
* ``screen``      screenshot (``SCREENSHOT``) and photo of a screen (``SCREEN_PHOTO``);
* ``combine``     score, risk level (low / suspicious / high) and tags.

Every signal carries a reason free of the document's personal data and, where it has one, the region
(original-image pixels) it points at. A forger who knows these checks can avoid them, and honest
documents can trip them: the report supports a human review, it does not replace one.
Cost: ~0.6 s CPU per page on top of OCR (median of 24 real-dev and SROIE pages, as sent and re-saved),
of which ~0.35 s is `jpeg_history` (about 20 grey re-compressions of the printed area).
"""

from __future__ import annotations

import logging

from credrec_local.engine.types import Extraction, FraudReport, Page, Signal

from .combine import combine

__all__ = ["analyze"]

_log = logging.getLogger(__name__)


def analyze(page: Page, extraction: Extraction) -> FraudReport:
    """Run every forgery signal on ``page`` and combine them. Never raises on odd input: a family that
    fails is skipped (and logged without document content), the others still report."""
    import numpy as np

    from . import arithmetic, consistency, copymove, jpeg_history, metadata, rendering, screen

    signals: list[Signal] = []

    def run(name: str, fn, *args) -> None:
        try:
            signals.extend(fn(*args))
        except Exception:  # a broken family must not take the recognition down
            _log.warning("forgery signal family %s failed", name, exc_info=True)

    run("metadata", metadata.signals, page)
    run("consistency", consistency.signals, extraction)
    run("arithmetic", arithmetic.signals, page.lines)
    run("jpeg_history", jpeg_history.signals, page)
    rgb = page.rgb
    if isinstance(rgb, np.ndarray) and rgb.ndim == 3 and rgb.shape[2] >= 3:
        if rgb.shape[2] > 3:
            page.rgb = rgb = rgb[..., :3]
        import cv2

        gray = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY)
        capture: list[Signal] = []
        try:
            capture = screen.signals(page)
        except Exception:
            _log.warning("forgery signal family screen failed", exc_info=True)
        signals.extend(capture)
        if not any(s.kind == "screenshot" for s in capture):
            # pixel-edit checks assume a captured page; on a screenshot the UI breaks their peer groups
            run("rendering", rendering.signals, page, gray, extraction)
            run("copymove", copymove.signals, page, extraction, gray)
    return combine(signals)
