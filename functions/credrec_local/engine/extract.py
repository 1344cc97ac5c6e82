"""Field extraction for DocType 01/0101 (transaction credentials) and 04/0401 (proof of address).

Rules, in order of trust:

1. **Holder name and address.**
   * *Labelled*: "Account Holder", "Bill To", "Customer (Name)", "Name", "Attn", "Mailing Address"…, the
     value inline ("Name: Tan Wei Ming"), to the right (key/value table) or below; the address then
     continues under the name, aligned with it.
   * *Address label*: "Service/Premises/Mailing/Supply/Billing Address" with its value inline or to the
     right and continuation lines aligned under the value.
   * *Envelope-window block* (no label): a name-like line in the upper part of the page with a
     left-aligned stack under it that ends in a postcode/region line.
   Each candidate is scored (label, name shape, address evidence, terminal postcode line, position);
   the best wins. Lines stop at another label, money, a date, a URL, or after the postcode/region line.
2. **Issuer**: the largest text near the top that is not a document title.
3. **Account number, dates, amounts**: label patterns with the value inline, to the right on the same
   (straightened) row, or just below. Every labelled amount and date is kept in ``amounts``/``dates``
   for the cross-field checks of the forgery signals.

Confidences are the OCR score times a per-rule reliability; ``rule`` names what fired.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import layout as L
from . import patterns as P
from .locales import LOCALES
from .types import Box, Extraction, FieldValue, LabelledAmount, LabelledDate, OcrLine
from .weights import WEIGHTS


@dataclass
class _Ctx:
    lay: L.Layout
    country: str | None
    month_first: bool
    heads: list[tuple[L.Item, str]] | None = None


@dataclass
class _Holder:
    name: L.Item | None
    name_text: str
    name_box: Box | None
    address: list[L.Item]
    score: float
    rule: str
    terminal: bool


def _union(items: list[L.Item]) -> Box | None:
    if not items:
        return None
    return (min(i.box[0] for i in items), min(i.box[1] for i in items), max(i.box[2] for i in items),
            max(i.box[3] for i in items))


def _mean_score(items: list[L.Item]) -> float:
    return sum(i.score for i in items) / len(items) if items else 0.0


def _clean(text: str) -> str:
    return " ".join(text.replace(" ,", ",").split()).strip(" ;|")


# ------------------------------------------------------------------------------------------- helpers


def _is_label_like(text: str) -> bool:
    t = text.strip()
    if P.is_label_text(t):
        return True
    if P.amount_label(t) and not P.parse_money(t, whole=False):
        return len(t.split()) <= 5
    dl = P.date_label(t)
    if dl and not dl[1].strip():
        return True
    m = P.ACCOUNT_LABEL.match(t)
    return bool(m and not m.group("rest").strip())


LABEL_REACH = 0.2  # a label on the left labels a value at most this share of the page width away


def _left_label(ctx: _Ctx, it: L.Item) -> L.Item | None:
    lefts = [b for b in ctx.lay.items if b is not it and b.x1 <= it.x0 + 0.3 * it.h and L.same_row(it, b)]
    if not lefts:
        return None
    nearest = max(lefts, key=lambda b: b.x1)
    if it.x0 - nearest.x1 > LABEL_REACH * ctx.lay.width:
        return None  # another column's label (a letter's reference column beside a right-hand window)
    return nearest if _is_label_like(nearest.text) else None


def _stops_address(ctx: _Ctx, it: L.Item) -> bool:
    t = it.text.strip()
    if _is_label_like(t) or P.URL_OR_MAIL.search(t):
        return True
    if P.parse_money(t) or P.looks_like_date(t):
        return True
    if re.fullmatch(r"[\d\s+()-]{7,}", t):  # phone
        return True
    if len(t.split()) > 9:  # a sentence, not an address line
        return True
    return _left_label(ctx, it) is not None


def _address_from(ctx: _Ctx, lines: list[L.Item], *, labelled_first: bool = False) -> tuple[list[L.Item], bool]:
    """Trim candidate address lines: stop at non-address lines; end after the postcode/region line.
    ``labelled_first``: the first line sits right of its own label (so a label on its left is expected)."""
    out: list[L.Item] = []
    terminal = False
    ref_h = max((i.h for i in lines), default=0.0)
    for k, it in enumerate(lines):
        if not (k == 0 and labelled_first) and _is_caption(it, ref_h):
            continue  # a form's field caption between the value lines
        if k == 0 and labelled_first:
            if _is_label_like(it.text) or P.parse_money(it.text) or P.looks_like_date(it.text):
                break
        elif _stops_address(ctx, it):
            break
        if terminal:
            # one more line is allowed after a postcode line when it is a state/region/country line
            if P.REGION_LINE.match(it.text) and len(out) < 7:
                out.append(it)
            break
        out.append(it)
        if P.is_terminal_line(it.text, ctx.country):
            terminal = True
        if len(out) >= 7:
            break
    # drop trailing lines without any address evidence when no terminal line was found
    if not terminal:
        while out and P.address_evidence(out[-1].text) < 0.2:
            out.pop()
    return out, terminal


def _is_caption(it: L.Item, ref_h: float) -> bool:
    """A form's printed field caption ("Street address (including apt. no.)"): smaller than the values,
    no digits, a field word."""
    t = it.text
    return it.h < 0.8 * ref_h and not re.search(r"\d", t) and bool(P.CAPTION_WORDS.search(t))


def _address_quality(lines: list[L.Item], terminal: bool) -> float:
    if not lines:
        return 0.0
    ev = max(P.address_evidence(i.text) for i in lines)
    q = WEIGHTS.address_evidence * ev + (WEIGHTS.terminal_line if terminal else 0.0)
    if len(lines) == 1 and not terminal:
        q *= WEIGHTS.single_line_factor
    return q


def _stack_below(ctx: _Ctx, first: L.Item, x: float | None = None, max_lines: int = 7) -> list[L.Item]:
    block = L.aligned_block(ctx.lay, first, x=x, max_lines=max_lines + 1, tol=1.3 * first.h)
    return block[1:]


# ------------------------------------------------------------------------------------------- holder


def _inline_value_x(it: L.Item, rest: str) -> float:
    frac = 1.0 - len(rest) / max(1, len(it.text))
    return it.x0 + frac * it.width


def _inline_box(it: L.Item, rest: str) -> Box:
    """The part of a "Label: value" phrase's box that holds the value (by character share)."""
    x0, y0, x1, y1 = it.box
    frac = 1.0 - len(rest.strip()) / max(1, len(it.text))
    return (x0 + frac * (x1 - x0), y0, x1, y1)


def _value_for(ctx: _Ctx, it: L.Item, rest: str, accept, *, allow_below: bool = True,  # type: ignore[no-untyped-def]
               max_right: float = 0.55) -> tuple[str, L.Item | None, str, float] | None:
    """(value text, item holding it, how, value left x) for a label item, or None."""
    rest = rest.strip()
    if rest and accept(rest):
        return rest, it, "inline", _inline_value_x(it, rest)
    if rest:
        return None  # the label's own line carries something else
    for nb in L.right_of(ctx.lay, it, max_gap=max_right * ctx.lay.width)[:2]:
        if accept(nb.text):
            return nb.text, nb, "right", nb.x0
        break
    if allow_below:
        for nb in L.below(ctx.lay, it, tol=max(2.5 * it.h, 0.05 * ctx.lay.width), max_dy=2.4)[:1]:
            if accept(nb.text):
                return nb.text, nb, "below", nb.x0
    return None


def _stack_under_value(ctx: _Ctx, label: L.Item, v) -> list[L.Item]:  # type: ignore[no-untyped-def]
    """The lines stacked under a labelled value found by :func:`_value_for`: under the value's own line,
    or, for a value inline with its label, under the label at the value's x."""
    _text, value_item, how, vx = v
    if how == "inline":
        return _stack_below(ctx, label, x=vx)
    return _stack_below(ctx, value_item, x=None)


def _holder_candidates(ctx: _Ctx) -> list[_Holder]:
    lay = ctx.lay
    H = lay.height
    cands: list[_Holder] = []
    name_ok = lambda t: P.name_score(t) >= 0.4  # noqa: E731
    for it in lay.items:
        pos_pen = WEIGHTS.low_on_page if it.cy > 0.7 * H else 0.0
        m = P.NAME_LABEL.match(it.text)
        if m:
            label = m.group("label").lower()
            v = _value_for(ctx, it, m.group("rest"), name_ok)
            if v:
                text, holder_item, how, _vx = v
                stack = _stack_under_value(ctx, it, v)
                if how == "inline" and not stack:
                    stack = _stack_below(ctx, it, x=it.x0)
                addr, terminal = _address_from(ctx, stack)
                # a label is stronger evidence than geometry: labelled names start ahead of window blocks
                score = WEIGHTS.name_label + P.name_score(text) + _address_quality(addr, terminal) - pos_pen
                if label in ("customer", "name") and how == "below":
                    score -= WEIGHTS.generic_label_below
                cands.append(_Holder(holder_item, _clean(text),
                                     _inline_box(it, text) if how == "inline" else holder_item.box if holder_item else None,
                                     addr, score, f"label:{label}/{how}", terminal))
        m = P.ADDRESS_LABEL.match(it.text)
        if m:
            label = m.group("label").lower()
            # (a) "Mailing Address" over a name + address block
            v = _value_for(ctx, it, m.group("rest"), name_ok)
            if v:
                text, holder_item, how, _vx = v
                addr, terminal = _address_from(ctx, _stack_under_value(ctx, it, v))
                if addr and _address_quality(addr, terminal) >= 0.5:
                    cands.append(_Holder(holder_item, _clean(text), it.box if how == "inline" else holder_item.box if holder_item else None,
                                         addr, WEIGHTS.address_label_with_name + P.name_score(text)
                                         + _address_quality(addr, terminal) - pos_pen,
                                         f"label:{label}/name-{how}", terminal))
            # (b) the address itself
            addr_ok = lambda t: P.address_evidence(t) > 0 or bool(re.search(r"\d", t))  # noqa: E731
            v = _value_for(ctx, it, m.group("rest"), addr_ok)
            if v:
                text, first_item, how, vx = v
                if how == "inline":
                    rest_lines = _stack_below(ctx, it, x=vx)
                    lines = rest_lines
                    first_virtual = L.Item(text, it.score, it.box, it.cx, it.cy, vx, it.x1, it.h, it.angle, it.sources)
                    addr, terminal = _address_from(ctx, [first_virtual, *lines])
                else:
                    assert first_item is not None
                    addr, terminal = _address_from(ctx, [first_item, *_stack_below(ctx, first_item)],
                                                   labelled_first=how == "right")
                if addr:
                    cands.append(_Holder(None, "", None, addr,
                                         WEIGHTS.address_label_only + _address_quality(addr, terminal) - pos_pen,
                                         f"label:{label}/{how}", terminal))
    # envelope-window blocks: a name-like line over a left-aligned address stack
    for it in lay.items:
        ns = P.name_score(it.text)
        if ns < 0.4 or it.cy > 0.75 * H or _left_label(ctx, it) is not None:
            continue
        above = [b for b in lay.items if b is not it and 0.55 * it.h < L.dy_line(b, it) <= 2.5 * max(b.h, it.h)
                 and abs(b.x0 - it.x0) <= 1.3 * it.h and 0.85 < b.h / it.h < 1.18]
        if any((P.address_evidence(b.text) >= 0.3 or P.name_score(b.text) >= 0.4) and not _RETURN_ADDRESS.search(b.text)
               and not _is_label_like(b.text) for b in above):
            continue  # inside a name/address block, not its first line
        if _under_other_party(ctx, it):
            continue  # the issuer's branch, a payer, an agent or a return address
        addr, terminal = _address_from(ctx, _stack_below(ctx, it))
        if not addr or (ns < 0.8 and len(addr) < 2):
            continue  # a lone word over a postcode is a town, not a person
        if any(P.BUSINESS_MAIL.search(a.text) for a in addr):
            continue  # CEDEX / TSA routing: a company's mail address
        q = _address_quality(addr, terminal)
        if q < 0.45:
            continue
        pos_pen = WEIGHTS.window_low_on_page if it.cy > 0.5 * H else 0.0
        cands.append(_Holder(it, _clean(it.text), it.box, addr, WEIGHTS.window_block + ns + q - pos_pen,
                             "block:window", terminal))
    return cands


def _under_other_party(ctx: _Ctx, it: L.Item) -> bool:
    """Is ``it`` the first line under a heading that names another party (see ``P.OTHER_PARTY_HEADING``)?"""
    for b in ctx.lay.items:
        if b is it:
            continue
        d = L.dy_line(b, it)
        if 0.5 * it.h < d <= 2.8 * max(b.h, it.h) and abs(b.x0 - it.x0) <= 3 * it.h and \
                P.OTHER_PARTY_HEADING.match(b.text):
            return True
    return False


def _name_tokens(text: str) -> set[str]:
    return {t.casefold() for t in re.findall(r"[^\W\d_]{2,}", P.strip_title(text))}


def _adjust_for_page(ctx: _Ctx, cands: list[_Holder]) -> None:
    """Page-level evidence about each candidate holder name (named weights in ``WEIGHTS``):

    * it shares a word with the issuer (the largest text at the top): an organisation, not a person;
    * the same person is printed elsewhere on the page ("Policyholder: Sandra Todson" beside the
      envelope block "SANDRA TODSON"): the holder's name is usually repeated, an agent's seldom."""
    issuer = _issuer(ctx, set())
    # (a person's name printed large at the top is no issuer: that is the repeated-name case below)
    issuer_tokens = {t for t in _name_tokens(issuer.value) if len(t) >= 3} \
        if issuer and P.name_score(issuer.value) < 0.8 else set()
    names = [(it, _name_tokens(it.text)) for it in ctx.lay.items if P.name_score(it.text) >= 0.8]
    for c in cands:
        if not c.name_text:
            continue
        toks = _name_tokens(c.name_text)
        if toks & issuer_tokens:
            c.score -= WEIGHTS.issuer_word_in_name
        if toks and any(other is not c.name and o and (o <= toks or toks <= o) for other, o in names):
            c.score += WEIGHTS.name_repeated


_RETURN_ADDRESS = re.compile(r"\b(?:return(?:ed)?\s+to|undeliver|postage\s+paid|if\s+not\s+delivered)", re.I)


def _choose_holder(ctx: _Ctx, cands: list[_Holder]) -> tuple[FieldValue | None, FieldValue | None]:
    if not cands:
        return None, None
    _adjust_for_page(ctx, cands)
    named = [c for c in cands if c.name_text]
    addr_only = [c for c in cands if not c.name_text]
    best_named = max(named, key=lambda c: c.score) if named else None
    best_addr = max(addr_only, key=lambda c: c.score) if addr_only else None
    name_fv = addr_fv = None
    if best_named is not None:
        conf = _clamp((best_named.name.score if best_named.name else 0.9) * min(1.0, 0.45 + best_named.score / 3.2))
        name_fv = FieldValue(best_named.name_text, conf, best_named.name_box, best_named.rule)
    # the address: the named candidate's own block, unless an address label gives a better one
    use = best_named
    if best_named is not None and not best_named.terminal:
        # a labelled name without its address ("Titulaire du contrat: Mme GUÉRIN MAËLLE"): the same person's
        # postal block elsewhere on the page carries it
        toks = _name_tokens(best_named.name_text)
        same = [c for c in named if c is not best_named and c.terminal and toks & _name_tokens(c.name_text)]
        if same:
            use = max(same, key=lambda c: c.score)
    if best_addr is not None and (use is None or not use.address or
                                  (best_addr.terminal and not use.terminal) or
                                  (best_addr.terminal == use.terminal and best_addr.score > use.score + 0.3
                                   and len(use.address) < 2)):
        use = best_addr
    if use is not None and use.address:
        lines = [_clean(P.fix_address_ocr(i.text)) for i in use.address]
        q = _address_quality(use.address, use.terminal)
        conf = _clamp(_mean_score(use.address) * (0.55 + 0.45 * q))
        addr_fv = FieldValue("\n".join(lines), conf, _union(use.address), use.rule + ("/postcode" if use.terminal else ""))
    return name_fv, addr_fv


def _clamp(v: float) -> float:
    return round(max(0.0, min(1.0, v)), 3)


# ------------------------------------------------------------------------------------------- issuer


def _issuer(ctx: _Ctx, exclude: set[int]) -> FieldValue | None:
    lay = ctx.lay
    top = [it for it in lay.items if it.y1 < 0.2 * lay.height and id(it) not in exclude]
    if not top:
        return None
    heights = sorted(i.h for i in lay.items)
    median_h = heights[len(heights) // 2]
    best, best_s = None, 0.0
    for it in top:
        t = it.text.strip()
        if len(t) < 3 or not re.search(r"[A-Za-z]{2}", t) or P.parse_money(t) or P.find_dates(t) or \
                P.URL_OR_MAIL.search(t) or re.search(r"\d{4,}", t):
            continue
        s = it.h / median_h
        if P.COMPANY_WORDS.search(t):
            s *= 1.3
        if P.DOC_TITLE_WORDS.search(t) and not P.COMPANY_WORDS.search(t):
            s *= 0.55
        if _is_label_like(t):
            s *= 0.3
        s *= 1.0 - 0.5 * (it.cy / (0.2 * lay.height))  # nearer the top is likelier
        if s > best_s:
            best, best_s = it, s
    if best is None or best_s < 0.5:
        return None
    conf = _clamp(best.score * min(1.0, 0.5 + best_s / 3))
    return FieldValue(_clean(best.text), conf, best.box, "largest-top-text")


# ------------------------------------------------------------------------------------------- account


_ACCOUNT_VALUE = re.compile(r"^[A-Z]{0,4}[\s-]?[0-9X*•][0-9X*•A-Z\s/-]{3,}[0-9A-Z]$", re.IGNORECASE)


def _account_ok(text: str) -> bool:
    t = text.strip().strip(":").strip()
    if not _ACCOUNT_VALUE.match(t):
        return False
    digits = sum(c.isdigit() for c in t)
    if digits < 4 or P.looks_like_date(t):
        return False
    return not re.search(r"[.,]\d{2}$", t)  # money


def _account(ctx: _Ctx) -> FieldValue | None:
    best: tuple[float, FieldValue] | None = None
    for it in ctx.lay.items:
        m = P.ACCOUNT_LABEL.match(it.text)
        if not m:
            continue
        label = re.sub(r"\s+", " ", m.group("label").lower())
        v = _value_for(ctx, it, m.group("rest"), _account_ok, max_right=0.5)
        if not v:
            continue
        text, holder, how, _ = v
        pri = 1.0
        if label.startswith(("invoice", "reference", "ref")):
            pri = 0.6
        elif label == "account":
            pri = 0.8
        pri -= 0.1 * (how == "below") + 0.2 * (it.cy > 0.75 * ctx.lay.height)
        box = holder.box if holder is not None else it.box
        fv = FieldValue(_clean(text), _clamp((holder or it).score * (0.7 + 0.25 * pri)), box, f"label:{label}/{how}")
        if best is None or pri > best[0]:
            best = (pri, fv)
    return best[1] if best else None


# ------------------------------------------------------------------------------------------- dates


def _label_name(text: str) -> str:
    return " ".join(text.split(":")[0].split()).lower()


def _dates(ctx: _Ctx) -> tuple[list[LabelledDate], FieldValue | None]:
    out: list[LabelledDate] = []
    used: set[int] = set()
    bill: tuple[float, FieldValue] | None = None
    for it in ctx.lay.items:
        dl = P.date_label(it.text)
        if not dl:
            continue
        kind, rest = dl
        bare = re.match(r"^\s*date\b", it.text, re.I) is not None
        v = _value_for(ctx, it, rest, lambda t: bool(P.find_dates(t, month_first=ctx.month_first)),
                       allow_below=not bare, max_right=0.5)
        if not v:
            continue
        text, holder, how, _ = v
        ds = P.find_dates(text, month_first=ctx.month_first)
        box = holder.box if holder is not None else it.box
        if holder is not None:
            used.add(id(holder))
        used.add(id(it))
        if kind == "period":
            if len(ds) >= 2:
                out.append(LabelledDate("period_start", ds[0].raw, ds[0].value, box))
                out.append(LabelledDate("period_end", ds[1].raw, ds[1].value, box))
            continue
        d = ds[0]
        out.append(LabelledDate(kind, d.raw, d.value, box))  # type: ignore[arg-type]
        if kind in ("bill_date", "statement_date"):
            pri = 1.0 if kind == "bill_date" and not bare else 0.9 if kind == "statement_date" else 0.6
            pri -= 0.2 * (it.cy > 0.75 * ctx.lay.height)
            fv = FieldValue(d.raw, _clamp((holder or it).score * (0.65 + 0.3 * pri) * (1.0 if d.value else 0.6)),
                            box, f"label:{_label_name(it.text)}/{how}")
            if bill is None or pri > bill[0]:
                bill = (pri, fv)
    # unlabelled dates (transaction tables and the like), for range checks
    for it in ctx.lay.items:
        if id(it) in used:
            continue
        for d in P.find_dates(it.text, month_first=ctx.month_first):
            out.append(LabelledDate("other", d.raw, d.value, it.box))
    return out, bill[1] if bill else None


# ------------------------------------------------------------------------------------------- amounts


_COLUMN_HEADS = [("credit", re.compile(r"^\s*(?:deposits?|credits?|money\s*in|paid\s*in)\s*(?:\(\S+\))?\s*$", re.I)),
                 ("line_item", re.compile(r"^\s*(?:withdrawals?|debits?|money\s*out|paid\s*out)\s*(?:\(\S+\))?\s*$", re.I)),
                 ("other", re.compile(r"^\s*balance\s*(?:\(\S+\))?\s*$", re.I))]


def _column_heads(ctx: _Ctx) -> list[tuple[L.Item, str]]:
    if ctx.heads is None:
        ctx.heads = [(head, kind) for head in ctx.lay.items for kind, pat in _COLUMN_HEADS if pat.match(head.text)]
    return ctx.heads


def _column_kind(ctx: _Ctx, it: L.Item) -> str | None:
    """For statement tables: the kind named by the column header above this amount (nearest first)."""
    best: tuple[float, str] | None = None
    for head, kind in _column_heads(ctx):
        d = L.dy_line(head, it)
        if d <= 0.5 * it.h or d > 0.5 * ctx.lay.height:
            continue
        if not (head.x0 - it.h < it.x1 and it.x0 < head.x1 + it.h):
            continue
        if best is None or d < best[0]:
            best = (d, kind)
    return best[1] if best else None


def _amounts(ctx: _Ctx) -> tuple[list[LabelledAmount], FieldValue | None]:
    lay = ctx.lay
    out: list[LabelledAmount] = []
    due: list[tuple[float, float, FieldValue]] = []
    seen: set[int] = set()
    for it in lay.items:
        t = it.text.strip()
        money = P.parse_money(t, require_marker=True)
        label_text = ""
        label_item: L.Item | None = None
        if money is None:
            tail = P.parse_money(t, whole=False, require_marker=True)
            if tail is None or P.looks_like_date(t):
                continue
            prefix = t[: len(t) - len(tail.raw)].strip()
            if not re.search(r"[A-Za-z]{3}", prefix) or re.search(r"%\s*$", prefix):
                continue
            money, label_text, label_item = tail, prefix, it
        else:
            if P.looks_like_date(t):
                continue
            lefts = [b for b in lay.items if b is not it and b.x1 <= it.x0 + 0.3 * it.h and L.same_row(it, b)]
            lefts.sort(key=lambda b: -b.x1)
            column = _column_kind(ctx, it)
            named = next((P.amount_label(b.text) for b in lefts if re.search(r"[A-Za-z]{3}", b.text)), None)
            if column is not None and named in (None, "credit", "payment", "other"):
                # a statement table: the column says what it is
                out.append(LabelledAmount(column, money.raw, money.value, it.box))  # type: ignore[arg-type]
                continue
            if lefts and P.parse_money(lefts[0].text, require_marker=True):
                # a balance column next to another amount
                out.append(LabelledAmount("other", money.raw, money.value, it.box))
                continue
            text_lefts = [b for b in lefts if re.search(r"[A-Za-z]{3}", b.text)]
            if text_lefts:
                label_item = text_lefts[0]
                label_text = label_item.text
            else:
                # label above the amount (stacked summary boxes)
                ups = [b for b in lay.items if b is not it and 0.5 * it.h < L.dy_line(b, it) < 2.6 * it.h
                       and b.x0 < it.x1 and b.x1 > it.x0 and re.search(r"[A-Za-z]{3}", b.text)]
                if ups:
                    label_item = min(ups, key=lambda b: L.dy_line(b, it))
                    label_text = label_item.text
        if id(it) in seen:
            continue
        seen.add(id(it))
        kind = P.amount_label(label_text) if label_text else None
        if kind is None:
            kind = "line_item" if label_text else "other"
        if money.credit and kind in ("line_item", "other"):
            kind = "credit"
        out.append(LabelledAmount(kind, money.raw, money.value, it.box))  # type: ignore[arg-type]
        if kind == "amount_due":
            box = it.box if label_item is it else _union([it])
            fv = FieldValue(_clean(money.raw), _clamp(it.score * 0.9), box,
                            f"label:{_clean(re.sub(r'[:.]+$', '', label_text)).lower()}")
            due.append((it.h, -it.cy, fv))
    best = None
    if due:
        top = [d for d in due if d[1] > -0.75 * lay.height] or due
        best = max(top, key=lambda d: (round(d[0] / 2), d[1]))[2]
    return out, best


# ------------------------------------------------------------------------------------------- country


def guess_country(lay: L.Layout) -> str | None:
    """The page's country: postcode lines (1 vote each), currency markers (0.5), typical words (0.5).

    Malaysia, France and Germany share the "5 digits + town" shape, which the postcode table credits to
    Malaysia; those votes go to Malaysia when something else on the page is Malaysian (currency, a state),
    to France or Germany when their words are there, and are dropped otherwise unless nothing else voted
    ("84686 Emily Springs" on a US form is a house number, not a Malaysian postcode)."""
    votes: dict[str, float] = {}
    shared = 0.0
    for it in lay.items:
        c = P.postcode_country(it.text)
        if c == "MY":
            shared += 1.0
        elif c:
            votes[c] = votes.get(c, 0) + 1.0
        for pat, cc in (*P.CURRENCY_COUNTRY, *P.MARKER_COUNTRY):
            if pat.search(it.text):
                votes[cc] = votes.get(cc, 0) + 0.5
    if shared:
        euro = {cc: v for cc, v in votes.items() if cc in ("FR", "DE")}
        own = votes.get("MY", 0.0) + sum(1 for it in lay.items if P.REGION_WORD.search(it.text) and
                                           any(s.lower() in it.text.lower() for s in P.MY_STATES))
        target = "MY" if own else max(euro, key=lambda k: euro[k]) if euro else None
        if target is not None:  # a bare "5 digits + word" line alone says nothing (a US house number)
            votes[target] = votes.get(target, 0) + shared
        elif not votes:
            votes["MY"] = shared
    return max(votes, key=lambda k: votes[k]) if votes else None


# ------------------------------------------------------------------------------------------- entry


def extract(lines: list[OcrLine], width: int, height: int, *, rotation: int = 0,
            lay: L.Layout | None = None) -> Extraction:
    """All fields from OCR lines (original-image coordinates) of a ``width`` x ``height`` page."""
    if not lines:
        return Extraction()
    lay = lay or L.build(lines, width, height, rotation=rotation)
    country = guess_country(lay)
    locale = LOCALES.get(country or "")
    ctx = _Ctx(lay, country, bool(locale and locale.month_first))
    name, address = _choose_holder(ctx, _holder_candidates(ctx))
    holder_ids: set[int] = set()
    if name is not None or address is not None:
        boxes = [b for b in (name.box if name else None, address.box if address else None) if b]
        for it in lay.items:
            if any(it.box[0] >= b[0] - 1 and it.box[1] >= b[1] - 1 and it.box[2] <= b[2] + 1 and it.box[3] <= b[3] + 1
                   for b in boxes):
                holder_ids.add(id(it))
    issuer = _issuer(ctx, holder_ids)
    account = _account(ctx)
    dates, bill_date = _dates(ctx)
    amounts, amount_due = _amounts(ctx)
    return Extraction(name=name, address=address, issuer=issuer, account_number=account, bill_date=bill_date,
                      amount_due=amount_due, amounts=amounts, dates=dates)
