"""Drawing a synthetic bill or statement: content model, four layouts, and the truth of every line."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from PIL import Image, ImageDraw

from . import data as D
from .document import Document, Truth, TruthLine
from .fonts import FontFamily, families, load

LAYOUTS: tuple[str, ...] = ("window", "summary", "keyvalue", "statement")

_TITLES = {
    "electricity": ["Electricity Bill", "TAX INVOICE", "Your Electricity Bill", "Utilities Bill"],
    "water": ["Water Bill", "TAX INVOICE", "Water Charges", "Utilities Bill"],
    "gas": ["Gas Bill", "TAX INVOICE", "Your Gas Bill"],
    "telecom": ["Monthly Bill", "TAX INVOICE", "Your Bill", "Statement of Charges"],
    "credit_card": ["Credit Card Statement", "Card Statement", "Statement of Account"],
    "bank_statement": ["Statement of Account", "Account Statement", "Consolidated Statement", "Bank Statement"],
}
_NAME_LABELS = ["Account Holder", "Bill To", "Customer", "Name", "Customer Name", "Account Name"]
_ADDR_LABELS = ["Service Address", "Premises Address", "Mailing Address", "Supply Address", "Billing Address",
                "Address", "Correspondence Address"]
_ACCT_LABELS = {
    "credit_card": ["Card Number", "Card No.", "Card Account"],
    "bank_statement": ["Account Number", "Account No.", "A/C No."],
    "default": ["Account Number", "Account No.", "Contract Account", "Customer No.", "Account ID", "Acct No."],
}
_DATE_LABELS = {
    "credit_card": ["Statement Date"],
    "bank_statement": ["Statement Date", "Date"],
    "default": ["Bill Date", "Invoice Date", "Date of Issue", "Bill Issue Date", "Statement Date"],
}
_DUE_LABELS = ["Due Date", "Payment Due Date", "Pay By", "Please pay by"]
_AMOUNT_LABELS = {
    "credit_card": ["Total Amount Due", "New Balance", "Statement Balance"],
    "default": ["Amount Due", "Total Amount Due", "Total Due", "Amount Payable", "Please Pay", "Balance Due"],
}
# French and German pages: the document title and the labels of the holder's block in the page's language
# (the charges table, notices and the other labels stay in English: see the module's caveat in the report)
_LOCAL_TITLES = {
    "FR": {"electricity": ["Facture d'électricité", "FACTURE", "Votre facture"], "water": ["Facture d'eau", "FACTURE"],
           "gas": ["Facture de gaz", "FACTURE", "Votre facture"], "telecom": ["Votre facture", "FACTURE"],
           "credit_card": ["Relevé de carte", "Relevé de compte"], "bank_statement": ["Relevé de compte", "Relevé bancaire"]},
    "DE": {"electricity": ["Stromrechnung", "RECHNUNG", "Ihre Rechnung"], "water": ["Wasserrechnung", "RECHNUNG"],
           "gas": ["Gasrechnung", "RECHNUNG", "Ihre Rechnung"], "telecom": ["Ihre Rechnung", "RECHNUNG"],
           "credit_card": ["Kreditkartenabrechnung", "Abrechnung"], "bank_statement": ["Kontoauszug", "Kontoauszug Nr. 3"]},
}
_LOCAL_NAME_LABELS = {
    "FR": ["Titulaire du contrat", "Titulaire", "Nom du client", "Destinataire"],
    "DE": ["Kunde", "Kundenname", "Rechnungsempfänger", "Vertragspartner"],
}
_LOCAL_ADDR_LABELS = {
    "FR": ["Adresse de facturation", "Lieu de consommation", "Adresse", "Adresse de correspondance"],
    "DE": ["Anschrift", "Lieferadresse", "Rechnungsadresse", "Verbrauchsstelle"],
}
_MERCHANTS = ["Fresh Mart Supermarket", "Kopi Corner Cafe", "Metro Cinemas", "City Taxi", "Online Bookstore",
              "Sunrise Pharmacy", "Golden Noodle House", "Express Fuel Station", "Home Living Store",
              "Skyline Airways", "Green Grocer", "Fashion Avenue", "Tech Gadget Hub", "Harbour Seafood"]
_BANK_TXNS = ["Salary credit", "ATM withdrawal", "Funds transfer", "Bill payment", "Debit card purchase",
              "Interest credited", "Cash deposit", "Standing instruction", "Cheque deposit", "Service charge"]


@dataclass
class Content:
    country: str
    kind: str
    layout: str
    name: str
    address: list[str]
    issuer: str
    account: str
    bill_date: dt.date
    due_date: dt.date
    period_start: dt.date
    period_end: dt.date
    date_style: str
    items: list[tuple[str, float]]
    subtotal: float
    tax: float
    total: float
    previous: float
    payment: float
    amount_due: float
    minimum: float = 0.0
    closing: float = 0.0
    txns: list[tuple[dt.date, str, float]] = field(default_factory=list)  # bank / card lines (+ credit, - debit)
    opening: float = 0.0

    def money(self, value: float, rng: random.Random | None = None, symbol: bool = True) -> str:
        return D.format_money(self.country, value, symbol=symbol, rng=rng)

    def date(self, d: dt.date) -> str:
        return D.format_date(d, self.date_style)


def _round(country: str, value: float) -> float:
    return float(round(value)) if D.MONEY[country].decimals == 0 else round(value, 2)


def make_content(rng: random.Random, country: str, kind: str, layout: str) -> Content:
    scale = D.MONEY[country].scale
    name = D.person_name(country, rng)
    address = D.address_lines(country, rng)
    issuer = D.issuer_name(country, kind, rng)
    account = D.account_number(kind, rng)
    bill_date = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 540))
    period_end = bill_date - dt.timedelta(days=rng.randint(1, 6))
    period_start = period_end - dt.timedelta(days=rng.choice([27, 29, 30, 30, 31]))
    due_date = bill_date + dt.timedelta(days=rng.choice([14, 15, 18, 21, 25, 28]))
    r = lambda v: _round(country, v)  # noqa: E731
    items: list[tuple[str, float]] = []
    if kind == "electricity":
        kwh = rng.randint(120, 900)
        items = [(f"Electricity usage {kwh} kWh", r(kwh * rng.uniform(0.18, 0.32) * scale)),
                 ("Supply charge", r(rng.uniform(4, 15) * scale))]
        if rng.random() < 0.5:
            items.append(("Network charge", r(rng.uniform(5, 20) * scale)))
    elif kind == "water":
        m3 = round(rng.uniform(8, 40), 1)
        items = [(f"Water usage {m3} m3", r(m3 * rng.uniform(1.2, 2.8) * scale)),
                 ("Waterborne fee", r(m3 * rng.uniform(0.6, 1.2) * scale))]
        if rng.random() < 0.5:
            items.append(("Water conservation tax", r(rng.uniform(2, 12) * scale)))
    elif kind == "gas":
        units = rng.randint(40, 400)
        items = [(f"Gas usage {units} kWh", r(units * rng.uniform(0.15, 0.25) * scale)),
                 ("Fixed charge", r(rng.uniform(3, 10) * scale))]
    elif kind == "telecom":
        items = [(rng.choice(["Mobile plan 5G 120GB", "Mobile plan 60GB", "SIM only plan 30GB"]), r(rng.uniform(15, 60) * scale)),
                 (rng.choice(["Fibre broadband 1Gbps", "Home broadband 500Mbps"]), r(rng.uniform(30, 55) * scale))]
        if rng.random() < 0.6:
            items.append((rng.choice(["IDD calls", "Data roaming", "Value added services"]), r(rng.uniform(1, 20) * scale)))
    c = Content(country, kind, layout, name, address, issuer, account, bill_date, due_date, period_start, period_end,
                D.date_style(country, rng), items, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    if kind in ("electricity", "water", "gas", "telecom"):
        c.subtotal = r(sum(v for _, v in items))
        rate = D.MONEY[country].tax_rate
        c.tax = r(c.subtotal * rate) if rate else 0.0
        c.total = r(c.subtotal + c.tax)
        c.previous = r(rng.uniform(40, 160) * scale) if rng.random() < 0.8 else 0.0
        c.payment = c.previous if rng.random() < 0.8 else r(c.previous * rng.choice([0.0, 0.5]))
        c.amount_due = r(c.total + c.previous - c.payment)
    elif kind == "credit_card":
        c.previous = r(rng.uniform(100, 3000) * scale)
        c.payment = c.previous if rng.random() < 0.7 else r(c.previous * rng.uniform(0.1, 0.9))
        n = rng.randint(4, 8)
        day0 = period_start
        txns = [(day0 + dt.timedelta(days=rng.randint(0, 27)), rng.choice(_MERCHANTS), -r(rng.uniform(5, 300) * scale))
                for _ in range(n)]
        txns.sort(key=lambda t: t[0])
        txns.insert(0, (period_start + dt.timedelta(days=rng.randint(1, 10)), "Payment - thank you", c.payment))
        c.txns = txns
        c.subtotal = r(-sum(v for _, _, v in txns if v < 0))  # purchases
        c.total = c.subtotal
        c.amount_due = r(c.previous - c.payment + c.subtotal)
        c.minimum = r(max(50 * scale / 1.2, c.amount_due * 0.03)) if c.amount_due > 0 else 0.0
        c.minimum = min(c.minimum, c.amount_due)
    else:  # bank statement
        c.opening = r(rng.uniform(500, 20000) * scale)
        n = rng.randint(5, 9)
        txns = []
        for _ in range(n):
            desc = rng.choice(_BANK_TXNS)
            credit = desc in ("Salary credit", "Interest credited", "Cash deposit", "Cheque deposit") or rng.random() < 0.2
            amount = r(rng.uniform(10, 2500) * scale)
            txns.append((period_start + dt.timedelta(days=rng.randint(0, 29)), desc, amount if credit else -amount))
        txns.sort(key=lambda t: t[0])
        c.txns = txns
        c.closing = r(c.opening + sum(v for _, _, v in txns))
        c.amount_due = 0.0
    return c


# ------------------------------------------------------------------------------------------- canvas


class Canvas:
    def __init__(self, width: int, height: int, family: FontFamily, base: int, rng: random.Random) -> None:
        self.width, self.height = width, height
        self.family = family
        self.base = base
        self.rng = rng
        paper = rng.choice([(255, 255, 255), (255, 255, 255), (252, 251, 247), (248, 249, 252)])
        self.image = Image.new("RGB", (width, height), paper)
        self.draw = ImageDraw.Draw(self.image)
        self.lines: list[TruthLine] = []
        self.ink = rng.choice([(20, 20, 20), (0, 0, 0), (35, 35, 45), (25, 30, 60)])
        self.accent = rng.choice([(0, 84, 147), (196, 30, 58), (0, 122, 61), (90, 40, 130), (230, 120, 0), (30, 30, 30)])

    def text(self, x: float, y: float, s: str, role: str, size: float = 1.0, *, bold: bool = False,
             anchor: str = "la", fill: tuple[int, int, int] | None = None) -> tuple[float, float, float, float]:
        px = max(9, round(self.base * size))
        path = self.family.bold if bold else self.family.regular
        font = load(str(path), px)
        bbox = self.draw.textbbox((x, y), s, font=font, anchor=anchor)
        self.draw.text((x, y), s, font=font, fill=fill or self.ink, anchor=anchor)
        self.lines.append(TruthLine(s, role, tuple(float(v) for v in bbox), path.stem, px))  # type: ignore[arg-type]
        return bbox

    def width_of(self, s: str, size: float = 1.0, bold: bool = False) -> float:
        px = max(9, round(self.base * size))
        font = load(str(self.family.bold if bold else self.family.regular), px)
        return font.getlength(s)

    def rule(self, y: float, x0: float | None = None, x1: float | None = None, width: int = 2, color=None) -> None:
        m = self.margin
        self.draw.line([(x0 if x0 is not None else m, y), (x1 if x1 is not None else self.width - m, y)],
                       fill=color or (150, 150, 150), width=width)

    @property
    def margin(self) -> float:
        return self.width * 0.07

    @property
    def lh(self) -> float:
        return self.base * 1.5


def _names(c: Content, english: list[str]) -> list[str]:
    """The labels over or before the holder's name: the page's language where it has its own."""
    return _LOCAL_NAME_LABELS.get(c.country, english)


def _label(rng: random.Random, options: list[str], colon: bool) -> str:
    s = rng.choice(options)
    return s + ":" if colon else s


# ------------------------------------------------------------------------------------------- pieces


def _header(cv: Canvas, c: Content, rng: random.Random) -> float:
    m, W = cv.margin, cv.width
    band = rng.random() < 0.3
    y = cv.height * 0.035
    title = rng.choice(_LOCAL_TITLES[c.country][c.kind] if c.country in _LOCAL_TITLES else _TITLES[c.kind])
    centred = False
    fits = cv.width_of(c.issuer, 1.9, True) + cv.width_of(title, 1.25, True) + cv.base * 3 < W - 2 * m
    band = band and fits
    if band:
        cv.draw.rectangle([0, 0, W, cv.base * 4.2], fill=cv.accent)
        cv.text(m, cv.base * 1.1, c.issuer, "issuer", 1.8, bold=True, fill=(255, 255, 255))
        y = cv.base * 5.2
    else:
        centred = rng.random() < 0.25 or not fits
        if centred:
            cv.text(W / 2, y, c.issuer, "issuer", 1.9, bold=True, anchor="ma", fill=cv.accent)
            y += cv.base * 2.6
            cv.text(W / 2, y, title, "header", 1.25, bold=True, anchor="ma")
            y += cv.base * 2.0
        else:
            cv.text(m, y, c.issuer, "issuer", 1.9, bold=True, fill=cv.accent)
            y += cv.base * 2.6
    tiny = 0.72
    if rng.random() < 0.8:
        reg = {"SG": "GST Reg No. M2-{d}", "MY": "SST No. W10-{d}", "PH": "TIN {d}-000", "ID": "NPWP {d}",
               "TH": "Tax ID 0{d}", "HK": "BR No. {d}", "UK": "VAT Reg No. GB {d}", "AU": "ABN {d}",
               "US": "EIN {d}", "CA": "GST/HST No. 8{d} RT0001", "FR": "SIRET 44{d}00017",
               "DE": "USt-IdNr. DE81{d}", "IN": "GSTIN 27AAB{d}1Z5"}[c.country].format(d="".join(str(rng.randint(0, 9)) for _ in range(7)))
        cv.text(m, y, f"Customer Service {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}  |  {reg}", "other", tiny)
        y += cv.base * 1.3
    if not centred:
        cv.text(W - m, cv.height * 0.035 if not band else cv.base * 1.3, title, "header", 1.25, bold=True,
                anchor="ra", fill=(255, 255, 255) if band else cv.ink)
    cv.rule(y + cv.base * 0.5, color=cv.accent, width=3)
    return y + cv.base * 1.5


def _name_block(cv: Canvas, c: Content, x: float, y: float, rng: random.Random, *, size: float = 1.05) -> float:
    bold = rng.random() < 0.4
    cv.text(x, y, c.name, "name", size, bold=bold)
    y += cv.lh * size
    for ln in c.address:
        cv.text(x, y, ln, "address", size)
        y += cv.lh * size
    return y


def _kv_right(cv: Canvas, rows: list[tuple[str, str, str, bool]], x0: float, x1: float, y: float,
              colon: bool) -> float:
    for label, value, role, big in rows:
        size = 1.25 if big else 0.95
        label = label + (":" if colon else "")
        cv.text(x0, y + (cv.base * 0.25 if big else 0), label, "label", 0.95, bold=big)
        if cv.width_of(label, 0.95, bold=big) + cv.width_of(value, size, bold=big) + cv.base * 1.5 > x1 - x0:
            y += cv.lh  # no room beside the label: the value goes on the next line
        cv.text(x1, y, value, role, size, bold=big, anchor="ra")
        y += cv.lh * (1.35 if big else 1.0)
    return y


_NOTICES = [
    "Important: if you have moved, please update your mailing address online.",
    "Pay easily by GIRO, online banking, or at any post office counter.",
    "A late payment charge applies to amounts unpaid after the due date.",
    "Your average daily usage this period was {n} units.",
    "For enquiries, call our 24-hour hotline or visit our website.",
    "Go paperless: sign up for e-bills and receive your bill by email.",
    "Meter readings are estimated when we cannot access your premises.",
    "Interest is charged on balances not paid in full by the due date.",
]


def _notices(cv: Canvas, y: float, rng: random.Random) -> float:
    if rng.random() < 0.3:
        return y
    m = cv.margin
    cv.text(m, y, rng.choice(["Important Information", "Messages for you", "Notes"]), "header", 0.95, bold=True)
    y += cv.lh
    for s in rng.sample(_NOTICES, rng.randint(2, 4)):
        cv.text(m, y, s.format(n=round(rng.uniform(3, 30), 1)), "other", 0.82)
        y += cv.lh * 0.9
    return y + cv.lh * 0.5


def _summary_rows(c: Content, rng: random.Random, *, include_amount: bool = True) -> list[tuple[str, str, str, bool]]:
    key = c.kind if c.kind in ("credit_card", "bank_statement") else "default"
    rows = [(rng.choice(_ACCT_LABELS[key]), c.account, "account_number", False),
            (rng.choice(_DATE_LABELS[key]), c.date(c.bill_date), "bill_date", False)]
    if c.kind != "bank_statement":
        if rng.random() < 0.5:
            rows.append(("Billing Period", f"{c.date(c.period_start)} - {c.date(c.period_end)}", "period", False))
        rows.append((rng.choice(_DUE_LABELS), c.date(c.due_date), "due_date", False))
        if c.kind == "credit_card":
            rows.append(("Minimum Payment", c.money(c.minimum, rng), "minimum_payment", False))
        if include_amount:
            rows.append((rng.choice(_AMOUNT_LABELS["credit_card" if c.kind == "credit_card" else "default"]),
                         c.money(c.amount_due, rng), "amount_due", True))
    else:
        rows.append(("Statement Period", f"{c.date(c.period_start)} - {c.date(c.period_end)}", "period", False))
        rows.append(("Closing Balance", c.money(c.closing, rng), "balance", True))
    return rows


def _charges(cv: Canvas, c: Content, y: float, rng: random.Random) -> float:
    m, W = cv.margin, cv.width
    x_amt = W - m
    cv.text(m, y, rng.choice(["Summary of Charges", "Charges for this period", "Bill Details", "Your charges"]),
            "header", 1.1, bold=True)
    y += cv.lh * 1.2
    cv.rule(y - cv.base * 0.3)
    if c.kind == "bank_statement":
        return _bank_table(cv, c, y, rng)
    if c.kind == "credit_card":
        return _card_table(cv, c, y, rng)
    if c.previous and rng.random() < 0.9:
        cv.text(m, y, rng.choice(["Previous Balance", "Balance from last bill", "Balance B/F"]), "label")
        cv.text(x_amt, y, c.money(c.previous, rng), "previous_balance", anchor="ra")
        y += cv.lh
        cv.text(m, y, rng.choice(["Payment Received - Thank You", "Payment received", "Less: Payment"]), "label")
        cv.text(x_amt, y, c.money(-c.payment, rng) if c.payment else c.money(0.0, rng), "payment", anchor="ra")
        y += cv.lh * 1.2
    for desc, value in c.items:
        cv.text(m + cv.base, y, desc, "label", 0.95)
        cv.text(x_amt, y, c.money(value, rng, symbol=rng.random() < 0.3), "line_item", 0.95, anchor="ra")
        y += cv.lh
    cv.rule(y - cv.base * 0.2, x0=W * 0.55)
    cv.text(m, y, rng.choice(["Subtotal", "Current charges before tax", "Sub-total"]), "label", 0.95)
    cv.text(x_amt, y, c.money(c.subtotal, rng), "subtotal", 0.95, anchor="ra")
    y += cv.lh
    if c.tax:
        rate = D.MONEY[c.country].tax_rate * 100
        cv.text(m, y, f"{D.MONEY[c.country].tax_name} {rate:g}%", "label", 0.95)
        cv.text(x_amt, y, c.money(c.tax, rng), "tax", 0.95, anchor="ra")
        y += cv.lh
    cv.text(m, y, rng.choice(["Total Current Charges", "Total", "Total charges this month"]), "label", 1.0, bold=True)
    cv.text(x_amt, y, c.money(c.total, rng), "total", 1.0, bold=True, anchor="ra")
    y += cv.lh * 1.3
    cv.rule(y - cv.base * 0.3, width=3, color=cv.accent)
    cv.text(m, y, rng.choice(_AMOUNT_LABELS["default"]), "label", 1.15, bold=True)
    cv.text(x_amt, y, c.money(c.amount_due, rng), "amount_due", 1.15, bold=True, anchor="ra")
    return y + cv.lh * 1.8


def _card_table(cv: Canvas, c: Content, y: float, rng: random.Random) -> float:
    m, W = cv.margin, cv.width
    x_desc, x_amt = m + W * 0.18, W - m
    cv.text(m, y, "Previous Balance", "label", 0.95)
    cv.text(x_amt, y, c.money(c.previous, rng), "previous_balance", 0.95, anchor="ra")
    y += cv.lh
    for d, desc, v in c.txns:
        cv.text(m, y, D.format_date(d, D.table_date_style(c.country)), "other", 0.9)
        cv.text(x_desc, y, desc, "label", 0.9)
        txt = c.money(abs(v), rng, symbol=False) + (" CR" if v > 0 else "")
        cv.text(x_amt, y, txt, "payment" if v > 0 else "line_item", 0.9, anchor="ra")
        y += cv.lh * 0.95
    cv.rule(y - cv.base * 0.2, x0=W * 0.55)
    cv.text(m, y, "Total Purchases", "label", 0.95)
    cv.text(x_amt, y, c.money(c.subtotal, rng), "total", 0.95, anchor="ra")
    y += cv.lh
    cv.text(m, y, rng.choice(_AMOUNT_LABELS["credit_card"]), "label", 1.1, bold=True)
    cv.text(x_amt, y, c.money(c.amount_due, rng), "amount_due", 1.1, bold=True, anchor="ra")
    return y + cv.lh * 1.8


def _bank_table(cv: Canvas, c: Content, y: float, rng: random.Random) -> float:
    m, W = cv.margin, cv.width
    cols = [m, m + W * 0.16, W * 0.62, W * 0.76, W - m]
    for x, h, anchor in zip(cols, ["Date", "Description", "Withdrawal", "Deposit", "Balance"],
                            ["la", "la", "ra", "ra", "ra"], strict=True):
        cv.text(x, y, h, "label", 0.85, bold=True, anchor=anchor)
    y += cv.lh
    bal = c.opening
    cv.text(cols[1], y, "Balance brought forward", "label", 0.9)
    cv.text(cols[4], y, c.money(bal, rng, symbol=False), "previous_balance", 0.9, anchor="ra")
    y += cv.lh * 0.95
    for d, desc, v in c.txns:
        bal = _round(c.country, bal + v)
        style = D.table_date_style(c.country) if c.country in D.EXTRA_COUNTRIES else "dmy_short"
        cv.text(cols[0], y, D.format_date(d, style), "other", 0.85)
        cv.text(cols[1], y, desc, "label", 0.85)
        cv.text(cols[2] if v < 0 else cols[3], y, c.money(abs(v), rng, symbol=False),
                "line_item" if v < 0 else "payment", 0.85, anchor="ra")
        cv.text(cols[4], y, c.money(bal, rng, symbol=False), "other", 0.85, anchor="ra")
        y += cv.lh * 0.95
    cv.rule(y - cv.base * 0.2)
    cv.text(cols[1], y, "Closing Balance", "label", 1.0, bold=True)
    cv.text(cols[4], y, c.money(c.closing, rng), "balance", 1.0, bold=True, anchor="ra")
    return y + cv.lh * 1.8


def _footer(cv: Canvas, c: Content, rng: random.Random, y_min: float) -> None:
    m, W, H = cv.margin, cv.width, cv.height
    y = _notices(cv, y_min, rng)
    y = max(y, H * 0.80)
    if c.kind not in ("bank_statement",) and rng.random() < 0.5 and y < H * 0.86:
        # remittance slip: account and amount again, as real bills print them
        for xx in range(int(m), int(W - m), 18):
            cv.draw.line([(xx, y), (xx + 9, y)], fill=(120, 120, 120), width=1)
        y += cv.base * 0.8
        cv.text(m, y, "Payment slip - please detach and return with your payment", "other", 0.75)
        y += cv.lh * 0.9
        cv.text(m, y, "Account No.", "label", 0.85)
        cv.text(m + W * 0.2, y, c.account, "account_number", 0.85)
        cv.text(W * 0.58, y, "Amount Due", "label", 0.85)
        cv.text(W - m, y, c.money(c.amount_due, rng), "amount_due", 0.85, anchor="ra")
        y += cv.lh * 1.4
    y = max(y, H * 0.92)
    site = c.issuer.split()[0].lower()
    tld = {"SG": "sg", "MY": "my", "PH": "ph", "ID": "id", "TH": "th", "HK": "hk", "UK": "co.uk", "AU": "com.au", "US": "com", "CA": "ca",
           "FR": "fr", "DE": "de", "IN": "in"}
    cv.text(m, y, f"www.{site}-{c.kind.split('_')[0]}.example.{tld[c.country]}", "other", 0.72)
    cv.text(W - m, y, "Page 1 of 1", "other", 0.72, anchor="ra")
    y += cv.lh * 0.8
    if y < H - cv.base * 1.5:
        cv.text(m, y, rng.choice(["This is a computer-generated document. No signature is required.",
                                  "Please keep this document for your records.",
                                  "Thank you for being our valued customer."]), "other", 0.72)


# ------------------------------------------------------------------------------------------- layouts


def _layout_window(cv: Canvas, c: Content, rng: random.Random) -> None:
    m, W = cv.margin, cv.width
    y = _header(cv, c, rng) + cv.base
    top = y
    x_name = m + cv.base * rng.uniform(0.5, 2.5)
    if rng.random() < 0.4:
        cv.text(x_name, y, f"If undelivered, please return to PO Box {rng.randint(100, 9999)}", "other", 0.62)
        y += cv.lh * 0.9
    y_left = _name_block(cv, c, x_name, y + cv.base * 0.5, rng, size=rng.uniform(0.95, 1.15))
    y_right = _kv_right(cv, _summary_rows(c, rng), W * 0.56, W - m, top, colon=rng.random() < 0.5)
    y = max(y_left, y_right) + cv.lh
    y = _charges(cv, c, y, rng)
    _footer(cv, c, rng, y)


def _layout_summary(cv: Canvas, c: Content, rng: random.Random) -> None:
    m, W = cv.margin, cv.width
    y = _header(cv, c, rng) + cv.base
    top = y
    style = rng.choices(["above", "inline", "none"], [0.55, 0.25, 0.2])[0]
    colon = rng.random() < 0.6
    if style == "above":
        cv.text(m, y, _label(rng, _names(c, [*_NAME_LABELS, "Mailing Address"]), colon), "label", 0.9, bold=True)
        y_left = _name_block(cv, c, m, y + cv.lh, rng)
    elif style == "inline":
        lab = _label(rng, _names(c, ["Name", "Customer", "Account Holder", "Bill To"]), colon)
        cv.text(m, y, lab, "label", 1.0, bold=True)
        x_val = m + cv.width_of(lab + "  ", 1.0, bold=True)
        cv.text(x_val, y, c.name, "name", 1.0)
        yy = y + cv.lh
        x_addr = x_val if rng.random() < 0.6 else m
        for ln in c.address:
            cv.text(x_addr, yy, ln, "address", 1.0)
            yy += cv.lh
        y_left = yy
    else:
        y_left = _name_block(cv, c, m, y, rng)
    # right summary box
    x0, x1 = W * 0.55, W - m
    rows = _summary_rows(c, rng)
    h = cv.lh * (len(rows) + 1.8)
    cv.draw.rectangle([x0 - cv.base * 0.6, top - cv.base * 0.5, x1 + cv.base * 0.6, top + h],
                      outline=cv.accent, width=2, fill=rng.choice([None, (245, 247, 250), (250, 246, 240)]))
    cv.text(x0, top, rng.choice(["Account Summary", "Bill Summary", "Summary"]), "header", 1.0, bold=True)
    y_right = _kv_right(cv, rows, x0, x1, top + cv.lh * 1.2, colon=colon)
    y = max(y_left, y_right, top + h) + cv.lh
    y = _charges(cv, c, y, rng)
    _footer(cv, c, rng, y)


def _layout_keyvalue(cv: Canvas, c: Content, rng: random.Random) -> None:
    m, W = cv.margin, cv.width
    y = _header(cv, c, rng) + cv.base
    cv.text(m, y, rng.choice(["Customer Details", "Account Information", "Customer Information"]), "header", 1.1, bold=True)
    y += cv.lh * 1.3
    colon = rng.random() < 0.7
    x_val = m + W * rng.uniform(0.24, 0.3)
    key = c.kind if c.kind in ("credit_card", "bank_statement") else "default"
    cv.text(m, y, _label(rng, _names(c, ["Account Holder", "Name", "Customer Name", "Customer"]), colon), "label", 0.95)
    cv.text(x_val, y, c.name, "name", 1.0)
    y += cv.lh
    cv.text(m, y, _label(rng, _LOCAL_ADDR_LABELS.get(c.country, _ADDR_LABELS), colon), "label", 0.95)
    for ln in c.address:
        cv.text(x_val, y, ln, "address", 1.0)
        y += cv.lh
    y += cv.base * 0.3
    rows = [(_label(rng, _ACCT_LABELS[key], colon), c.account, "account_number"),
            (_label(rng, _DATE_LABELS[key], colon), c.date(c.bill_date), "bill_date")]
    if c.kind != "bank_statement":
        rows.append((_label(rng, _DUE_LABELS, colon), c.date(c.due_date), "due_date"))
        rows.append((_label(rng, _AMOUNT_LABELS["credit_card" if c.kind == "credit_card" else "default"], colon),
                     c.money(c.amount_due, rng), "amount_due"))
    else:
        rows.append((_label(rng, ["Statement Period"], colon), f"{c.date(c.period_start)} - {c.date(c.period_end)}", "period"))
    for label, value, role in rows:
        cv.text(m, y, label, "label", 0.95)
        cv.text(x_val, y, value, role, 1.0, bold=role == "amount_due")
        y += cv.lh
    y = _charges(cv, c, y + cv.lh, rng)
    _footer(cv, c, rng, y)


def _layout_statement(cv: Canvas, c: Content, rng: random.Random) -> None:
    m, W = cv.margin, cv.width
    y = _header(cv, c, rng) + cv.base * 1.5
    top = y
    if rng.random() < 0.25:
        cv.text(m, y, _label(rng, _names(c, ["Mailing Address", "Account Name", "Customer"]), rng.random() < 0.5), "label",
                0.85, bold=True)
        y += cv.lh
    y_left = _name_block(cv, c, m, y, rng, size=rng.uniform(0.9, 1.05))
    y_right = _kv_right(cv, _summary_rows(c, rng), W * 0.54, W - m, top, colon=rng.random() < 0.4)
    y = max(y_left, y_right) + cv.lh * 1.2
    y = _charges(cv, c, y, rng)
    _footer(cv, c, rng, y)


_LAYOUT_FN = {"window": _layout_window, "summary": _layout_summary, "keyvalue": _layout_keyvalue,
              "statement": _layout_statement}


def generate(seed: int, *, country: str | None = None, layout: str | None = None, kind: str | None = None) -> Document:
    """One clean document, fully determined by ``seed`` and the optional fixed choices."""
    rng = random.Random(seed)
    c_country = rng.choice(D.COUNTRIES)
    c_kind = rng.choice(D.KINDS)
    c_layout = rng.choice(LAYOUTS)
    country = country or c_country
    kind = kind or c_kind
    layout = layout or c_layout
    if country not in D.ALL_COUNTRIES:
        raise ValueError(f"unknown country {country!r}; expected one of {D.ALL_COUNTRIES}")
    if kind not in D.KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {D.KINDS}")
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; expected one of {LAYOUTS}")
    content = make_content(rng, country, kind, layout)
    fams = families()
    family = fams[rng.randrange(len(fams))]
    width = rng.randrange(1000, 1701, 20)
    ratio = rng.choice([1.414, 1.294])  # A4 or Letter
    height = int(width * ratio)
    base = round(width * rng.uniform(0.0150, 0.0178))
    cv = Canvas(width, height, family, base, rng)
    _LAYOUT_FN[layout](cv, content, rng)
    c = content
    amount_str = "" if kind == "bank_statement" else next(
        (ln.text for ln in cv.lines if ln.role == "amount_due"), "")
    truth = Truth(
        country=country, layout=layout, kind=kind, name=c.name, address_lines=list(c.address), issuer=c.issuer,
        account_number=c.account, bill_date=c.date(c.bill_date), bill_date_iso=c.bill_date.isoformat(),
        amount_due=amount_str, amount_value=0.0 if kind == "bank_statement" else c.amount_due, lines=cv.lines,
        extra={
            "amounts": {"subtotal": c.subtotal, "tax": c.tax, "total": c.total, "previous_balance": c.previous,
                        "payment": c.payment, "amount_due": c.amount_due, "minimum_payment": c.minimum,
                        "opening_balance": c.opening, "closing_balance": c.closing,
                        "line_items": [v for _, v in c.items] or [abs(v) for _, _, v in c.txns if v < 0]},
            "dates": {"bill_date": c.bill_date.isoformat(), "due_date": c.due_date.isoformat(),
                      "period_start": c.period_start.isoformat(), "period_end": c.period_end.isoformat()},
            "currency": D.MONEY[country].symbol, "date_style": c.date_style, "font": family.name,
            "page": {"width": width, "height": height, "base_px": base},
        },
    )
    return Document(image=cv.image, truth=truth, seed=seed)
