"""Value types shared by the local engine's stages: OCR → extraction → forgery signals → answer.

Boxes are axis-aligned ``(x0, y0, x1, y1)`` in pixels of the *original* image as the caller gave it,
so a region reported by any stage can be drawn on the uploaded file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Box = tuple[float, float, float, float]
Quad = tuple[tuple[float, float], tuple[float, float], tuple[float, float], tuple[float, float]]


@dataclass(frozen=True)
class OcrLine:
    """One text line (or phrase) as the OCR engine returned it."""

    text: str
    score: float
    quad: Quad  # four corners, clockwise from top-left, original-image coordinates

    @property
    def box(self) -> Box:
        xs = [p[0] for p in self.quad]
        ys = [p[1] for p in self.quad]
        return (min(xs), min(ys), max(xs), max(ys))

    @property
    def height(self) -> float:
        x0, y0, x1, y1 = self.box
        return y1 - y0


@dataclass
class Page:
    """A decoded input image plus what the stages learn about it."""

    data: bytes  # the original file bytes (metadata, JPEG structure)
    format: str  # "png" | "jpeg" | "bmp" | "webp"
    width: int
    height: int
    rgb: object  # numpy.ndarray HxWx3 uint8, EXIF orientation applied (kept untyped: numpy is optional here)
    skew_degrees: float = 0.0  # median text-line angle found by the OCR stage
    lines: list[OcrLine] = field(default_factory=list)


@dataclass(frozen=True)
class FieldValue:
    """One extracted field with how sure we are and where it came from."""

    value: str
    confidence: float  # 0..1: OCR score × rule reliability
    box: Box | None
    rule: str  # which rule produced it, e.g. "label:account holder", "postcode-anchor"


AmountLabel = Literal[
    "amount_due", "total", "subtotal", "line_item", "tax", "previous_balance", "payment", "credit", "tendered",
    "change", "other"
]
DateLabel = Literal["bill_date", "due_date", "period_start", "period_end", "statement_date", "other"]


@dataclass(frozen=True)
class LabelledAmount:
    label: AmountLabel
    raw: str
    value: float
    box: Box | None


@dataclass(frozen=True)
class LabelledDate:
    label: DateLabel
    raw: str
    value: dt.date | None  # None when the printed date cannot exist (e.g. 31/02/2026)
    box: Box | None


@dataclass
class Extraction:
    """Fields for DocType 01/0101 and 04/0401. ``address`` keeps line breaks as '\\n'."""

    name: FieldValue | None = None
    address: FieldValue | None = None
    issuer: FieldValue | None = None
    account_number: FieldValue | None = None
    bill_date: FieldValue | None = None
    amount_due: FieldValue | None = None
    # everything with a recognised label, for cross-field consistency checks
    amounts: list[LabelledAmount] = field(default_factory=list)
    dates: list[LabelledDate] = field(default_factory=list)


SignalKind = Literal[
    "editor_metadata",
    "amount_mismatch",
    "impossible_date",
    "date_order",
    "ink_outlier",
    "edge_outlier",
    "baseline_outlier",
    "font_size_outlier",
    "copy_move",
    "jpeg_history",
    "screenshot",
    "screen_photo",
    "recompressed",
    "pdf_revisions",
    "pdf_producer",
    "pdf_dates",
    "pdf_hidden_text",
    "pdf_text_overlap",
    "pdf_font_outlier",
    "pdf_mixed_pages",
    "pdf_layer_mismatch",
    "block_outlier",
]


@dataclass(frozen=True)
class Signal:
    """One forgery *signal* (not proof): why it fired and where it points."""

    kind: SignalKind
    score: float  # 0..1 strength of this signal
    reason: str
    region: Box | None = None
    tag: str | None = None  # API vocabulary where one exists: "PS", "SCREENSHOT", "SCREEN_PHOTO"
    informational: bool = False  # reported but not counted in the verdict (e.g. "recompressed")


@dataclass
class FraudReport:
    checked: bool
    signals: list[Signal] = field(default_factory=list)
    score: float = 0.0  # combined 0..1
    risk_level: Literal["low", "suspicious", "high"] = "low"

    @property
    def suspicious(self) -> bool:
        return self.risk_level != "low"

    @property
    def tags(self) -> list[str]:
        seen: list[str] = []
        for s in self.signals:
            if s.tag and not s.informational and s.tag not in seen:
                seen.append(s.tag)
        return seen
