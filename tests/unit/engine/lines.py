"""Hand-made OCR lines for engine tests: text placed on a page, optionally rotated or perspective-warped."""

from __future__ import annotations

import math

from credrec_local.engine.ocr import RawText
from credrec_local.engine.types import OcrLine


class Page:
    """Collects lines written at (x, y) on an upright page, then renders them as OCR would see them."""

    def __init__(self, width: int = 1200, height: int = 1700) -> None:
        self.width, self.height = width, height
        self.rows: list[tuple[str, float, float, float]] = []

    def write(self, x: float, y: float, text: str, h: float = 22.0) -> Page:
        self.rows.append((text, x, y, h))
        return self

    def block(self, x: float, y: float, lines: list[str], h: float = 22.0, spacing: float = 1.5) -> Page:
        for i, text in enumerate(lines):
            self.write(x, y + i * h * spacing, text, h)
        return self

    def _corners(self, text: str, x: float, y: float, h: float) -> list[tuple[float, float]]:
        w = max(h, 0.52 * h * len(text))
        return [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]

    def lines(self, *, angle: float = 0.0, keystone: float = 0.0, turn: int = 0) -> list[OcrLine]:
        """``angle``: page rotation in degrees (clockwise); ``keystone``: extra angle per pixel of y
        (a perspective-like fan of line angles); ``turn``: 0/180 — the page photographed upside down."""
        cx, cy = self.width / 2, self.height / 2
        out = []
        for text, x, y, h in self.rows:
            pts = self._corners(text, x, y, h)
            a = math.radians(angle + keystone * (y - cy))
            c, s = math.cos(a), math.sin(a)
            rot = [((px - cx) * c - (py - cy) * s + cx, (px - cx) * s + (py - cy) * c + cy) for px, py in pts]
            if turn == 180:
                rot = [(self.width - px, self.height - py) for px, py in rot]
                rot = rot[2:] + rot[:2]  # the text's own top-left is now bottom-right in the image
            out.append(OcrLine(text, 0.98, tuple(rot)))  # type: ignore[arg-type]
        return out


class FixedOcr:
    """An OCR backend that 'reads' the given lines whatever the image (a real second implementation of
    the backend protocol, for facade tests without the OCR models)."""

    name = "fixed"

    def __init__(self, lines: list[OcrLine], upside_down: float = 0.0) -> None:
        self._lines = lines
        self._upside_down = upside_down
        self.calls = 0
        self.active = 0
        self.max_active = 0

    def read(self, bgr):  # type: ignore[no-untyped-def]
        import time

        self.calls += 1
        self.active += 1
        self.max_active = max(self.max_active, self.active)
        try:
            time.sleep(0.01)
            return [RawText(ln.quad, ln.text, ln.score, self._upside_down) for ln in self._lines]
        finally:
            self.active -= 1


def truth_lines(truth) -> list[OcrLine]:  # type: ignore[no-untyped-def]
    """OCR lines exactly as the generator drew them (an 'oracle' OCR)."""
    return [OcrLine(t.text, 1.0, ((t.box[0], t.box[1]), (t.box[2], t.box[1]), (t.box[2], t.box[3]), (t.box[0], t.box[3])))
            for t in truth.lines]
