"""Read the amount table of a receipt, invoice or bill from OCR lines: rows, amount cells, quantities, roles.

Works on ``Page.lines`` only (text, score and position of each OCR line), not on what extraction labelled:
a table's rows are rebuilt from geometry, so every line item counts, not just the ones a label rule found.

* **rows**: OCR lines whose vertical extents overlap (by half the smaller height) form one row, read left to
  right; lines much taller than the page's body text (a big "TOTAL 9.00" display) stay out of the rows;
* **cells**: the money amounts of a row (two or three decimals, optional currency and sign: ``RM 33.92``,
  ``-RM 0.02``, ``S$1,234.50``, ``1.234,56 €``, ``(12.00)``), each with its reading, OCR score and the part
  of the line box it occupies. A bare digit run where an amount should be (``3100`` for ``31.00``, a
  dropped decimal point) is kept as an *unsure* cell: it never makes a sum conclusive;
* **quantity**: one small integer in the row (``1 X``, ``2``, ``1 PC``), when there is exactly one;
* **role**: what the row's words say it is (``total``, ``subtotal``, ``tax``, ``tax_included``,
  ``discount``, ``service``, ``rounding``, ``tendered``, ``change``, ``previous_balance``, ``payment``,
  ``credit``, ``new_charges``, ``due``, ``count``, ``header``) from English words plus every locale's ``sum_labels``
  (``engine/locales``).
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from functools import lru_cache

from credrec_local.engine.locales import LOCALES
from credrec_local.engine.locales.base import ENGLISH_SUM_LABELS
from credrec_local.engine.patterns import CURRENCY
from credrec_local.engine.types import Box, OcrLine

ROLES = ("header", "count", "tax_included", "subtotal", "rounding", "discount", "service", "change", "tendered",
         "previous_balance", "payment", "credit", "new_charges", "tax", "due", "total")
# the order in which a row's words decide its role: the narrower phrase first ("total qty" is a count,
# "total excluding GST" a subtotal, "total GST" a tax, "rounded total" a total)
_ORDER = ("count", "tax_included", "subtotal", "change", "previous_balance", "payment", "tendered", "new_charges",
          "rounding", "discount", "service", "credit", "tax", "due", "total")

_CUR = rf"(?:{CURRENCY}|¥|S(?=\d))"  # the engine's currency markers; "S" before digits is an OCR-read "$"
_NUM = r"\d{1,3}(?:,\d{3})+\.\d{2,3}|\d{1,3}(?:[.\s']\d{3})+,\d{2}|\d+[.,]\d{2,3}"
_AMOUNT = re.compile(
    rf"(?<![\w.,/:])(?P<sign>[-\u2212(])?\s*(?P<cur>{_CUR})?\s*(?P<sign2>-)?\s*(?P<num>{_NUM})"
    rf"(?![.,]?\d)(?!\s*%)\s*(?P<cur2>€|EUR)?(?P<tail>\s*(?:CR|DR)\b|-(?!\d))?\)?")
# a line that is only a digit run ("3100": a dropped decimal point) or one decimal ("1803.9": a dropped
# trailing zero, or a statement printed that way)
_BARE = re.compile(r"^\s*(?:RM|\$)?\s*(?:(?P<num>\d{3,6})|(?P<one>\d{1,3}(?:,\d{3})*[.,]\d|\d+[.,]\d))\s*$")
_QTY = re.compile(r"(?<![\w.,/:-])(?P<q>\d{1,3})(?:\s*(?:[xX\u00d7@]|pcs?\b|PCS?\b|units?\b))?(?![\w.,/:%-])")
_MONTHS = ("jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june", "jul", "july",
           "aug", "august", "sep", "sept", "september", "oct", "october", "nov", "november", "dec", "december",
           "janv", "janvier", "févr", "février", "mars", "avr", "avril", "mai", "juin", "juil", "juillet", "août",
           "déc", "décembre", "januar", "februar", "märz", "okt", "oktober", "dez", "dezember", "mac", "mei",
           "ogos", "dis", "disember")
_DATE = re.compile(r"\b(?:" + "|".join(_MONTHS) + r")\b\.?|\b\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b", re.I)
_TALL = 1.8  # lines taller than this x the median line height are display text, not table rows


@dataclass(frozen=True)
class Cell:
    """One money amount read in a row."""

    value: float
    raw: str  # the characters read, sign and currency included
    box: Box
    score: float  # the OCR score of the line it was read in
    decimals: int  # 2 or 3; unsure: 1 ("1803.9") or 0 for a bare digit run (value already divided by 100)
    line: int  # index into the page's OCR lines

    @property
    def sure(self) -> bool:
        """Printed with cents. Three decimals ("9.000" a unit price, or "12,500" with a thousands
        separator) are unsure until a sum that holds confirms them."""
        return self.decimals == 2


@dataclass
class Row:
    lines: list[int]
    words: str  # the row's text with its amounts and quantity taken out
    cells: list[Cell]
    box: Box
    qty: int | None = None
    role: str | None = None
    header_words: int = 0
    extra_numbers: int = 0  # integers besides the quantity (item codes are long, these are short)
    notes: list[str] = field(default_factory=list)

    @property
    def amount(self) -> Cell | None:
        """The row's line amount: its rightmost cell."""
        return self.cells[-1] if self.cells else None


@lru_cache(maxsize=1)
def _role_patterns() -> dict[str, re.Pattern[str]]:
    sources: dict[str, list[str]] = {r: [] for r in ROLES}
    for role, src in ENGLISH_SUM_LABELS:
        sources[role].append(src)
    for loc in LOCALES.values():
        for role, src in loc.sum_labels:
            sources.setdefault(role, []).append(src)
    return {r: re.compile("|".join(f"(?:{s})" for s in srcs), re.IGNORECASE) for r, srcs in sources.items() if srcs}


def role_of(words: str) -> tuple[str | None, int]:
    """(role, number of distinct table-header words) for a row's words."""
    pats = _role_patterns()
    heads = {m.group(0).lower() for m in pats["header"].finditer(words)} if "header" in pats else set()
    for role in _ORDER:
        pat = pats.get(role)
        if pat is not None and pat.search(words):
            if role == "rounding" and (pats["total"].search(words) or pats["due"].search(words)) and not re.search(
                    r"\badj", words, re.I):
                return "total", len(heads)  # "TOTAL ROUNDED", "Rounded Total (RM)"
            return role, len(heads)
    return None, len(heads)


def _number(num: str) -> tuple[float, int] | None:
    """A printed amount (``1,234.50``, ``1.234,50``, ``1 234,50``, ``9.000``) → (value, decimals)."""
    m = re.fullmatch(r"(?P<int>\d{1,3}(?:[,.\s']\d{3})+|\d+)(?P<sep>[.,])(?P<dec>\d{2,3})", num)
    if not m:
        return None
    whole = re.sub(r"\D", "", m.group("int"))
    return float(f"{whole}.{m.group('dec')}"), len(m.group("dec"))


def _span_box(line: OcrLine, start: int, end: int) -> Box:
    x0, y0, x1, y1 = line.box
    n = max(1, len(line.text))
    return (x0 + (x1 - x0) * start / n, y0, x0 + (x1 - x0) * end / n, y1)


def cells_of(line: OcrLine, index: int) -> tuple[list[Cell], str]:
    """The amounts in one OCR line and the line's text without them."""
    out: list[Cell] = []
    rest = line.text
    for m in _AMOUNT.finditer(line.text):
        parsed = _number(m.group("num"))
        if parsed is None:
            continue
        value, decimals = parsed
        negative = bool(m.group("sign") or m.group("sign2") or (m.group("tail") or "").strip() in ("CR", "-"))
        out.append(Cell(-value if negative else value, m.group(0).strip(), _span_box(line, m.start(), m.end()),
                        line.score, decimals, index))
        rest = rest[:m.start()] + " " * (m.end() - m.start()) + rest[m.end():]
    if not out:
        bare = _BARE.match(line.text)
        if bare and bare.group("num"):
            out.append(Cell(int(bare.group("num")) / 100, line.text.strip(), line.box, line.score, 0, index))
            rest = ""
        elif bare:
            one = bare.group("one")
            out.append(Cell(float(re.sub(r"[^\d]", "", one[:-2]) + "." + one[-1]), line.text.strip(), line.box,
                            line.score, 1, index))
            rest = ""
    return out, rest


def _slope(lines: list[OcrLine]) -> float:
    """The median slope (dy/dx) of the wide lines' top edges."""
    slopes = []
    for ln in lines:
        (ax, ay), (bx, by) = ln.quad[0], ln.quad[1]
        if bx - ax > 3 * max(1.0, ln.height):
            slopes.append((by - ay) / (bx - ax))
    return statistics.median(slopes) if slopes else 0.0


def build_rows(lines: list[OcrLine]) -> list[Row]:
    """The page's table rows, top to bottom."""
    if not lines:
        return []
    med = statistics.median(max(1.0, ln.height) for ln in lines)
    slope = _slope(lines)

    def band(i: int) -> tuple[float, float]:
        """The line's vertical extent with the page's skew taken out (a photographed page's rows slope)."""
        x0, y0, x1, y1 = lines[i].box
        shift = slope * (x0 + x1) / 2
        return y0 - shift, y1 - shift

    order = sorted((i for i, ln in enumerate(lines) if ln.height <= _TALL * med), key=lambda i: sum(band(i)) / 2)
    groups: list[list[int]] = []
    for i in order:
        y0, y1 = band(i)
        placed = False
        for g in reversed(groups[-3:]):
            gy0 = statistics.median(band(j)[0] for j in g)
            gy1 = statistics.median(band(j)[1] for j in g)
            overlap = min(y1, gy1) - max(y0, gy0)
            if overlap >= 0.5 * min(y1 - y0, gy1 - gy0):
                g.append(i)
                placed = True
                break
        if not placed:
            groups.append([i])
    rows: list[Row] = []
    for g in groups:
        g.sort(key=lambda i: lines[i].box[0])
        cells: list[Cell] = []
        words: list[str] = []
        for i in g:
            found, rest = cells_of(lines[i], i)
            cells += found
            words.append(rest)
        text = " ".join(w.strip() for w in words if w.strip())
        cells.sort(key=lambda c: c.box[0])
        qtys = [int(m.group("q")) for m in _QTY.finditer(text) if 0 < int(m.group("q")) < 1000]
        if _DATE.search(text):
            qtys = [0, 0]  # a day of the month is not a quantity: no quantity for a dated row
        box = (min(lines[i].box[0] for i in g), min(lines[i].box[1] for i in g),
               max(lines[i].box[2] for i in g), max(lines[i].box[3] for i in g))
        # a bare digit run counts only as the row's last amount (elsewhere it is an item code or a quantity)
        cells = [c for k, c in enumerate(cells) if c.sure or k == len(cells) - 1]
        role, heads = role_of(text)
        if not cells and not re.search(r"\d", text) and (heads >= 3 or (heads == 2 and role is None)):
            role = "header"  # "Description Qty Price Amount", "Item Amount"; not "Total Amount Due"
        rows.append(Row(lines=g, words=text, cells=cells, box=box, qty=qtys[0] if len(qtys) == 1 else None,
                        role=role, header_words=heads, extra_numbers=max(0, len(qtys) - 1)))
    return rows


def display_cells(lines: list[OcrLine]) -> list[Cell]:
    """Amounts printed large on their own (a receipt's "9.00" in double-height type under the total):
    the lines :func:`build_rows` leaves out, when they hold one sure amount and nothing else."""
    if not lines:
        return []
    med = statistics.median(max(1.0, ln.height) for ln in lines)
    out: list[Cell] = []
    for i, ln in enumerate(lines):
        if ln.height > _TALL * med:
            found, rest = cells_of(ln, i)
            if len(found) == 1 and found[0].sure and not rest.strip():
                out.append(found[0])
    return out
