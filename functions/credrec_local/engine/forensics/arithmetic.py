"""Table arithmetic: the sums a receipt, invoice or bill prints must hold. Signal ``amount_mismatch``.

Reads the amount table from the OCR lines (``tables.build_rows``) and checks, in the forms the document
itself states:

* **rows**: quantity x unit price (- a discount column) = the line amount; a unit price printed twice
  (two price columns) agrees with itself;
* **column**: the line items (between the table header and the first subtotal/total) add up to that
  subtotal/total, give or take the discount, service, tax and rounding rows printed between them;
* **chain**: each later subtotal/total follows from the one before and the rows between (subtotal +
  service + tax - discount ± rounding = total; a tax-inclusive total contains its tax, so the tax may
  or may not be added);
* **payment**: the cash tendered minus the change is one of the totals (within 5-cent cash rounding);
* **statements**: previous balance - payments (+ credits) + new charges = the amount due.

A retyped amount breaks every identity it takes part in by the same amount. The cell (or set of cells)
that explains *every* broken identity at once, and takes part in no identity that holds, is the suspect:
a line amount that disagrees with both its row (qty x price) and the column sum by the same difference
is pinpointed. Only such a finding - two independent sums (row and column, total and payment, display
and chain, two steps of a running balance) broken by the same difference at one amount - raises the risk
(score 0.85). One broken sum, even when the other sums corroborate every other amount (a unit price whose
line amount the column confirms), and a sum broken with nothing to say which amount changed, are *weak*
signals (0.35: reported with their region, not raising the risk alone): a nested breakdown, a line the OCR
split or merged, a charge printed elsewhere break one sum too (the permissive version flagged 6 of 21
genuine pages of the forgery bench's eval set).

It flags only what is **conclusive**:

* every amount involved was read cleanly (two decimals, no bare digit run where a decimal point was
  dropped) with OCR score ≥ :data:`MIN_SCORE`;
* the breaks are explained by a single changed amount (several unrelated breaks mean the table was read
  wrong, not that it was edited);
* the suspect's reading is not one OCR confusion away from the value the sums imply: one digit read as
  a similar-looking one (:data:`CONFUSABLE`, measured on SROIE receipts against their transcriptions:
  5↔6, 3↔5, 6↔8, 1↔7 and the round shapes 0/6/8/9/3), a digit dropped or added. A forger who changes a
  digit to an unlike one (2→9, 4→1, 8→5, …) is not excused; one who picks a look-alike digit is.

Signals, not proof: a receipt with an unprinted promotion or a quantity the OCR missed can break a sum
too; the reason says "does not add up", not "forged".
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from credrec_local.engine.types import Box, OcrLine, Signal

from .tables import Cell, Row, build_rows, display_cells

TAG = "CONTENT_INCONSISTENT"
MIN_SCORE = 0.9  # OCR score every amount in a flagged sum must have
_CENT = 0.011
_CASH_ROUNDING = 0.05
_MIN_RUN = 3  # steps of a running balance before it counts as one
_MIN_BREAK = 0.06  # smaller differences are per-line tax or cash rounding, not an edit

# digit pairs the OCR reads one for the other (unordered); see the module docstring
CONFUSABLE = frozenset(frozenset(p) for p in
                       ("56", "35", "68", "17", "08", "06", "09", "38", "89"))

_CHECKPOINT = ("subtotal", "total", "tax_included", "due")
_ADJUST = ("discount", "service", "tax", "rounding", "credit")


@dataclass
class Identity:
    """One stated sum: ``stated`` = computed from ``parts``; ``residuals`` = stated - computed, one per
    form the document may use (it holds when any is zero)."""

    name: str
    stated: Cell
    parts: list[Cell]
    residuals: list[float]
    scale: dict[int, float]  # id(cell) -> how a change of that cell moves the computed side (qty for a price)

    @property
    def holds(self) -> bool:
        return any(abs(r) <= _CENT for r in self.residuals)

    @property
    def cells(self) -> list[Cell]:
        return [self.stated, *self.parts]

    def sure(self, corroborated: frozenset[int] = frozenset()) -> bool:
        """Every amount read cleanly with a good score (or, for a bare digit run, confirmed by a sum that
        holds with its decimal point put back)."""
        return all((c.sure or id(c) in corroborated) and c.score >= MIN_SCORE for c in self.cells)

    def implied(self, cell: Cell) -> list[float]:
        """The values ``cell`` would have to hold for this identity to hold (one per form)."""
        if cell is self.stated:
            return [cell.value - r for r in self.residuals]
        k = self.scale.get(id(cell), 1.0)
        return [cell.value + r / k for r in self.residuals]


# ------------------------------------------------------------------------------------------ identities

def _close(a: float, b: float, tol: float = _CENT) -> bool:
    return abs(a - b) <= tol


def _row_identities(row: Row) -> list[Identity]:
    """qty x price (- a discount column) = the line amount, for an item row with a quantity and a price.

    A discount column that makes the row hold gives one identity over all its cells; otherwise each price
    column gives its own (a price printed twice must agree with the amount twice)."""
    amount = row.amount
    if amount is None or len(row.cells) < 2 or not amount.sure:
        return []
    others = [c for c in row.cells[:-1] if c.sure and c.value != 0]
    if len(others) > 2:
        return []  # more columns (tax rate, amount before and after tax): no single stated relation
    qty = row.qty
    if qty is None:
        if row.extra_numbers or not any(_close(c.value, amount.value) for c in others):
            return []  # no quantity printed: only a price equal to the amount (qty 1) is a stated relation
        qty = 1

    def tol(price: Cell) -> float:
        return _CENT + (qty * 0.005 if price.decimals == 3 else 0.0)  # a 3-decimal unit price is rounded

    for price, other in itertools.permutations(others, 2):
        if other.box[0] > price.box[0] and abs(other.value - qty * price.value) <= tol(price):
            # the line amount is the column before the last (the last adds tax, or is a running total)
            return [Identity("row", other, [price], [0.0], {id(price): float(qty)})]
    for price, disc in itertools.permutations(others, 2):
        if abs(amount.value - (qty * price.value - abs(disc.value))) <= tol(price):
            return [Identity("row", amount, [price, disc], [0.0], {id(price): float(qty), id(disc): -1.0})]
    out = []
    held = [p for p in others if abs(amount.value - qty * p.value) <= tol(p)]
    for price in others:
        if held and price not in held and not _repeat(price, held[0]):
            continue  # another column (tax, points) beside a price that holds: not a repeat of the price
        r = amount.value - qty * price.value
        out.append(Identity("row", amount, [price], [0.0 if abs(r) <= tol(price) else round(r, 2)],
                            {id(price): float(qty)}))
    return out


def _repeat(a: Cell, b: Cell) -> bool:
    """``a`` looks like a reprint of ``b`` with a digit or two changed (same length)."""
    da, db = _digits(a.raw), _digits(b.raw)
    return len(da) == len(db) and sum(x != y for x, y in zip(da, db, strict=True)) <= 2


def _signed_sums(adjust: list[tuple[str, Cell]]) -> list[float]:
    """Every total the adjustment rows can make: each may be printed but not added (a tax already
    included, a rounding shown for information), discounts subtract, a rounding keeps its printed sign
    (either sign when none is printed)."""
    options: list[list[float]] = []
    for role, c in adjust[:6]:
        v = abs(c.value)
        if role == "discount":
            options.append([0.0, -v])
        elif role == "credit":  # an "adjustment" of either sign
            options.append([0.0, c.value] if c.value < 0 else [0.0, v, -v])
        elif role == "rounding":
            signed = c.value < 0 or "+" in c.raw
            options.append([0.0, c.value] if signed else [0.0, v, -v])
        else:
            options.append([0.0, v])
    return sorted({round(sum(combo), 2) for combo in itertools.product(*options)}, key=abs)


def _sum_identity(name: str, stated: Cell, base_parts: list[Cell], base: float,
                  adjust: list[tuple[str, Cell]]) -> Identity:
    residuals = [round(stated.value - (base + s), 2) for s in _signed_sums(adjust)]
    return Identity(name, stated, base_parts + [c for _, c in adjust], residuals, {})


@dataclass
class Table:
    header: int | None
    items: list[Row]
    block: list[Row]  # the sum rows after the items, top to bottom


def _sum_starts(rows: list[Row], start: int) -> list[int]:
    """Rows from ``start`` where a sum block can begin (a subtotal, total, tax, service charge or rounding
    line with an amount, with a subtotal or total at or below it), up to the next table header."""
    out = []
    for k in range(start, len(rows)):
        r = rows[k]
        if r.role == "header" and k > start:
            break
        if r.role in (*_CHECKPOINT, "tax", "service", "rounding") and r.cells:
            out.append(k)
    return [k for k in out if any(rows[j].role in _CHECKPOINT for j in out if j >= k)]


def _items_above(rows: list[Row], start: int, s: int, header: int | None) -> list[Row]:
    if header is None:
        # no header: the money rows just above the total, up to a gap or a labelled row
        k, gap, top = s - 1, 0, s
        while k >= start and gap <= 3:
            r = rows[k]
            if r.role == "count":
                k -= 1
                continue
            if r.role not in (None, "discount") or (r.role is None and r.cells and not r.cells[-1].sure):
                break
            gap = 0 if r.cells else gap + 1
            if r.cells:
                top = k
            k -= 1
        start = top
    return [r for r in rows[start:s] if r.cells and r.role != "count"]


def read_table(rows: list[Row]) -> Table | None:
    """The item rows and the sum block of the page's main table (the first total with items above it),
    or None when there is none."""
    headers = [k for k, r in enumerate(rows) if r.role == "header"]
    for h in [*headers, None]:
        start = 0 if h is None else h + 1
        for s in _sum_starts(rows, start):
            items = _items_above(rows, start, s, h)
            if not items:
                continue
            block: list[Row] = []
            quiet = 0
            for r in rows[s:]:
                if r.role == "header":
                    break
                if not r.cells:
                    quiet += 1
                    if quiet > 3:
                        break
                    continue
                quiet = 0
                if len(r.cells) > 1:
                    break  # a tax summary or a second table
                block.append(r)
                if r.role == "change":
                    break
            return Table(h, items, block)
    return None


def _item_columns(items: list[Row]) -> list[list[Cell]]:
    """The other amount columns of the item rows (right-aligned with each other), right to left, each
    when every item row has a cell in it."""
    out: list[list[Cell]] = []
    for j in range(2, 4):
        cells = [r.cells[-j] for r in items if len(r.cells) >= j and r.cells[-j].sure]
        if len(cells) != len(items) or not cells:
            break
        tol = 1.5 * max(1.0, cells[0].box[3] - cells[0].box[1])
        # a column of its own (amounts before tax beside amounts after it): it differs on every line; a
        # unit price column repeating the amounts (qty 1) is no second opinion on the total
        own = all(not _close(c.value, r.cells[-1].value) for c, r in zip(cells, items, strict=True))
        if own and all(abs(c.box[2] - cells[0].box[2]) <= tol for c in cells):
            out.append(cells)
    return out


def identities(table: Table, displays: list[Cell] | None = None, statement: bool = False) -> list[Identity]:
    """The table's identities: rows, column, chain, display, payment. An amount due that does not follow
    from the totals above it may carry a balance the page does not print: it ends the chain; on a
    ``statement`` (a bill with a previous balance) the amount due always ends it (see
    :func:`statement_identities`)."""
    out: list[Identity] = []
    for r in table.items:
        out += _row_identities(r)
    item_cells: list[Cell] = []
    for r in table.items:
        c = r.amount
        if c is None:
            continue
        if r.role == "discount" and c.value > 0:
            c = Cell(-c.value, c.raw, c.box, c.score, c.decimals, c.line)
        item_cells.append(c)
    base_parts = list(item_cells)
    base = sum(c.value for c in item_cells)
    name = "column"
    columns = _item_columns(table.items)
    adjust: list[tuple[str, Cell]] = []
    tendered: list[Cell] = []
    change: list[Cell] = []
    checkpoints: list[Cell] = []
    loose: list[Cell] = []
    for r in table.block:
        c = r.cells[-1]
        role = r.role
        if role in ("previous_balance", "new_charges"):
            return out  # a statement's summary (see statement_identities), not a receipt chain
        if role == "payment":
            role = "tendered"
        if role in _ADJUST:
            adjust.append((role, c))
        elif role == "tendered":
            tendered.append(c)
        elif role == "change":
            change.append(c)
        elif statement and role == "due":
            break
        elif role in _CHECKPOINT or role is None:
            if c.value == 0 or any(_close(c.value, abs(a.value)) for _, a in adjust):
                continue  # "Total 0.00", "Total GST": a total of one adjustment, not of the bill
            ident = _sum_identity(name, c, base_parts, base, adjust)
            if name == "column" and not ident.holds:
                # the items may add up in another amount column (before tax, when the last adds it)
                for cells in columns:
                    alt = _sum_identity(name, c, cells, sum(x.value for x in cells), adjust)
                    if alt.holds:
                        ident = alt
                        break
            if role == "due" and not ident.holds:
                break  # the amount due may carry a balance the page does not print: not conclusive
            if role is None and not ident.holds:
                loose.append(c)  # an unlabelled amount that does not follow: a new section starts here
                break
            out.append(ident)
            checkpoints.append(c)
            base_parts, base, adjust, name = [c], c.value, [], "chain"
    block_top = table.block[0].box[1] if table.block else 0.0
    for shown in displays or []:
        # a total printed again in large type below the table must repeat one of the totals
        if checkpoints and shown.box[1] >= block_top:
            same = next((c for c in checkpoints if _close(shown.value, c.value)), None)
            if same is not None:
                out.append(Identity("display", shown, [same], [0.0], {}))
            else:
                last = checkpoints[-1]
                out.append(Identity("display", shown, [last], [round(shown.value - last.value, 2)], {}))
    if tendered and change and checkpoints:
        t, ch = tendered[0], change[0]
        paid = t.value - abs(ch.value)
        for target in checkpoints + loose:
            if _close(paid, target.value, _CASH_ROUNDING + _CENT):
                out.append(Identity("payment", target, [t, ch], [0.0], {}))
                break
        else:
            last = checkpoints[-1]
            residual = round(last.value - paid, 2)
            out.append(Identity("payment", last, [t, ch], [residual], {id(ch): -1.0}))
    return out


def statement_identities(rows: list[Row]) -> list[Identity]:
    """previous balance - payments - credits + the period's charges = the amount due, where a bill prints
    them in a summary: the charges are a "new charges" line or a total above the amount due (each payment
    or credit may be printed but not counted, e.g. one received after the cut-off)."""
    out: list[Identity] = []
    for k, r in enumerate(rows):
        if r.role != "previous_balance" or len(r.cells) != 1:
            continue
        prev = r.cells[0]
        minus: list[Cell] = []
        charges: list[Cell] = []
        new_lines: list[float] = []
        for below in rows[k + 1:k + 30]:
            if len(below.cells) != 1:
                continue
            c = below.cells[0]
            if below.role in ("payment", "credit"):
                minus.append(c)
            elif below.role in ("new_charges", "total", "subtotal"):
                charges.append(c)
                if below.role == "new_charges":
                    new_lines.append(c.value)
            elif below.role == "due" and charges:
                options = [[0.0, -abs(m.value)] for m in minus[:5]]
                less = sorted({round(sum(x), 2) for x in itertools.product(*options)}, key=abs)
                new = [ch.value for ch in charges]
                if len(new_lines) > 1:
                    new.append(sum(new_lines))
                residuals = sorted({round(c.value - (prev.value + n + t), 2) for n in new for t in less}, key=abs)
                out.append(Identity("statement", c, [prev, *minus, *charges], residuals, {}))
                break
            elif below.role in ("previous_balance", "due"):
                break
    return out


def _aligned(a: Cell, b: Cell, width: float) -> bool:
    return abs(a.box[2] - b.box[2]) <= width


def balance_identities(rows: list[Row]) -> list[Identity]:
    """A statement's running balance: each row's balance = the balance above it ± the row's amount.

    A run is the rows with an amount and a balance (the rightmost cell, right-aligned with the one above),
    opened by a row with the balance alone ("brought forward"). Kept only when it is a running balance:
    at least :data:`_MIN_RUN` steps and most of them hold (a table whose last column is not a balance
    breaks nearly every step)."""
    out: list[Identity] = []
    run: list[Row] = []

    def flush() -> None:
        # the balance printed after a row's amount, or (some statements) before it: whichever the run follows
        best: list[Identity] = []
        for lag in (0, 1):
            steps = []
            for k in range(max(1, lag + 1), len(run)):
                b0, b1 = run[k - 1].cells[-1], run[k].cells[-1]
                amount = run[k - lag].cells[-2]
                residuals = [round(b1.value - (b0.value + sign * abs(amount.value)), 2) for sign in (1, -1)]
                steps.append(Identity("balance", b1, [b0, amount], residuals, {id(b0): 1.0}))
            if sum(i.holds for i in steps) > sum(i.holds for i in best):
                best = steps
        if len(best) >= _MIN_RUN and sum(i.holds for i in best) >= 0.6 * len(best):
            out.extend(best)

    for r in rows:
        if not r.cells:
            continue
        width = 0.6 * max(1.0, r.box[3] - r.box[1]) * 3
        if len(r.cells) >= 2 and (not run or _aligned(run[-1].cells[-1], r.cells[-1], width)):
            if not run:
                run = [r]  # no opening balance: the first row's balance opens the run
                continue
            run.append(r)
            continue
        flush()
        run = [r] if len(r.cells) == 1 else []
    flush()
    return out


def grid_identities(rows: list[Row]) -> list[Identity]:
    """A total row with several amount columns (beginning and ending balance of each account, this year
    and last year) sums the rows right above it that have as many amounts, column by column."""
    out: list[Identity] = []
    for k, total in enumerate(rows):
        n = len(total.cells)
        if total.role not in ("total", "subtotal") or n < 2 or not all(c.sure for c in total.cells):
            continue
        tol = 1.5 * max(1.0, total.box[3] - total.box[1])
        above: list[Row] = []
        for r in reversed(rows[max(0, k - 30):k]):
            if not r.cells:
                continue
            if len(r.cells) != n or r.role in ("total", "subtotal") or not all(
                    abs(a.box[2] - b.box[2]) <= tol for a, b in zip(r.cells, total.cells, strict=True)):
                break
            above.append(r)
        if len(above) < 2:
            continue
        for j in range(n):
            parts = [r.cells[j] for r in reversed(above)]
            out.append(Identity("grid", total.cells[j], parts,
                                [round(total.cells[j].value - sum(c.value for c in parts), 2)], {}))
    return out


# ------------------------------------------------------------------------------------------ OCR excuse

def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def ocr_confusion(read: str, value: float, decimals: int = 2) -> bool:
    """True when ``read`` could be the OCR's reading of ``value`` printed: one look-alike digit, or one
    digit dropped or added (a lost decimal point is caught earlier: such a cell is never sure)."""
    a = _digits(read)
    b = _digits(f"{abs(value):.{max(2, decimals)}f}")
    if a == b:
        return True
    if len(a) == len(b):
        diff = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
        return len(diff) == 1 and frozenset(diff[0]) in CONFUSABLE
    if abs(len(a) - len(b)) == 1:
        long_, short = (a, b) if len(a) > len(b) else (b, a)
        return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))
    return False


# ------------------------------------------------------------------------------------------ verdict

@dataclass
class Finding:
    suspects: list[Cell]
    broken: list[Identity]
    localised: bool


def _union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _excused(ident: Identity) -> bool:
    """A broken identity that one OCR confusion of one of its amounts explains, in the form that comes
    closest to holding (a form that drops terms to reach a look-alike digit is no explanation)."""
    best = min(abs(r) for r in ident.residuals)
    closest = Identity(ident.name, ident.stated, ident.parts, [r for r in ident.residuals if abs(r) == best],
                       ident.scale)
    return any(ocr_confusion(c.raw, v, c.decimals) for c in closest.cells for v in closest.implied(c))


def judge(idents: list[Identity], rounding: frozenset[int] = frozenset()) -> Finding | None:
    """The single changed amount that explains every broken identity, when the evidence is conclusive.
    ``rounding``: the ids of rounding-adjustment cells (they can only be off by a few cents)."""
    # a bare digit run ("3100") in a sum that holds with it read as 31.00 is confirmed by that sum
    corroborated = frozenset(id(c) for i in idents if i.holds for c in i.cells if not c.sure)
    broken = [i for i in idents if not i.holds and not _excused(i)]
    if not broken or not all(i.sure(corroborated) for i in broken):
        return None
    if all(max(abs(r) for r in i.residuals) < _MIN_BREAK for i in broken):
        return None
    held = {id(c) for i in idents if i.holds and i.sure(corroborated) for c in i.cells}
    common = [c for c in broken[0].cells if all(any(c is d for d in i.cells) for i in broken[1:])]
    suspects: list[Cell] = []
    for c in common:
        if id(c) in held:
            continue
        # one value of the cell must satisfy every broken identity
        options = [set(round(v, 2) for v in i.implied(c)) for i in broken]
        agreed = set.intersection(*options)
        if id(c) in rounding:
            agreed = {v for v in agreed if abs(v) <= 0.1}  # a rounding adjustment is a few cents
        if agreed:
            suspects.append(c)
    if not suspects:
        return None
    localised = len(suspects) <= 2 and (len(broken) >= 2 or len(held) > 0)
    return Finding(suspects, broken, localised)


def signals(lines: list[OcrLine]) -> list[Signal]:
    rows = build_rows(lines)
    table = read_table(rows)
    statement = any(r.role == "previous_balance" and r.cells for r in rows)
    tabled = identities(table, display_cells(lines), statement) if table is not None else []
    rounding = frozenset(id(r.cells[-1]) for r in table.block if r.role == "rounding") if table else frozenset()
    finding = judge(tabled + statement_identities(rows) + balance_identities(rows) + grid_identities(rows),
                    rounding)
    if finding is None:
        return []
    if finding.localised:
        region = _union([c.box for c in finding.suspects])
        kinds = sorted({i.name for i in finding.broken})
        # conclusive: two independent sums (a row and its column, a total and the payment, two steps of a
        # running balance) broken by the same difference at one amount. One broken sum whose other amounts
        # are corroborated elsewhere is weak: on layouts nobody here tuned on it misfired on genuine pages
        independent = len(finding.broken) >= 2 and (len(kinds) >= 2 or kinds == ["balance"])
        return [Signal(kind="amount_mismatch", score=0.85 if independent else 0.35, tag=TAG, region=region,
                       reason=f"an amount does not add up with its table ({', '.join(kinds)} sum broken by the "
                              "same difference)")]
    if not all(i.name in ("statement", "balance", "grid") for i in finding.broken) and (
            table is None or table.header is None):
        return []  # items found without a table header may include a stray amount
    stated = [i.stated for i in finding.broken]
    region = _union([c.box for c in finding.suspects] + [c.box for c in stated])
    # a sum broken with nothing on the page to say which amount changed is not conclusive (a nested
    # breakdown, a line the OCR split or merged, a charge printed elsewhere): a weak signal for the reviewer
    return [Signal(kind="amount_mismatch", score=0.35, tag=TAG, region=region,
                   reason="the amounts do not add up to the printed total (which one differs is not known)")]
