"""The generator's value types: what was drawn (``Truth``) and the rendered page (``Document``/``Sample``)."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Literal

Box = tuple[float, float, float, float]
Variant = Literal["clean", "scan", "photo"]

# Roles a TruthLine can carry. The first block is what the issue names; the rest refine "other" so the
# forgery signals can find every labelled amount and date.
ROLES: tuple[str, ...] = (
    "name", "address", "issuer", "account_number", "bill_date", "due_date", "amount_due", "total", "subtotal",
    "line_item", "label", "header", "other",
    "tax", "previous_balance", "payment", "minimum_payment", "balance", "period",
)


@dataclass
class TruthLine:
    """One string drawn on the page. ``box`` is axis-aligned (x0, y0, x1, y1) in the image's pixels."""

    text: str
    role: str
    box: Box
    font: str
    size: int


@dataclass
class Truth:
    """Ground truth for one generated document.

    ``name`` and ``address_lines`` are exactly as printed (titles, upper case and all). ``amount_due`` is
    the printed string ("" when the document has none, e.g. a bank statement; then ``amount_value`` is 0).
    ``extra`` holds the rest: ``amounts`` (subtotal, tax, total, previous_balance, payment, amount_due,
    line_items), ``dates`` (ISO strings for bill_date, due_date, period_start, period_end), ``currency``,
    ``date_style``, ``font``, ``page``; tampering adds ``extra["tamper"]``.
    """

    country: str
    layout: str
    kind: str
    name: str
    address_lines: list[str]
    issuer: str
    account_number: str
    bill_date: str
    bill_date_iso: str
    amount_due: str
    amount_value: float
    lines: list[TruthLine]
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def address(self) -> str:
        return "\n".join(self.address_lines)

    def lines_with_role(self, role: str) -> list[TruthLine]:
        return [ln for ln in self.lines if ln.role == role]

    def copy(self) -> Truth:
        return copy.deepcopy(self)


@dataclass
class Document:
    """A clean rendered page (RGB) and its truth."""

    image: Any  # PIL.Image.Image
    truth: Truth
    seed: int = 0


@dataclass
class Sample:
    """An encoded file as a user would upload it. ``truth`` boxes are in the *displayed* image's pixels
    (after EXIF orientation), i.e. where the text is in ``PIL.ImageOps.exif_transpose(open(data))``."""

    data: bytes
    format: str  # "png" | "jpeg"
    variant: str  # "clean" | "scan" | "photo" (or a tamper kind's base variant)
    truth: Truth
    width: int = 0  # displayed size
    height: int = 0
