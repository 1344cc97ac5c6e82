"""What the extraction rules need to know about one country, as data (see ``locales/__init__.py``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

DateOrder = Literal["DMY", "MDY", "YMD"]
# how a postal address is written, top to bottom
AddressOrder = Literal[
    "street-first",  # house number and street, then town and postcode (UK, US, AU, CA, SG, MY, PH, ID, TH, IN)
    "postcode-before-town",  # street, then "75009 PARIS" / "10115 Berlin" (FR, DE)
    "flat-first",  # flat/floor, building, street, district, region (HK)
]


@dataclass(frozen=True)
class Locale:
    """One country's address and document conventions. Every pattern is a regex *source* (compiled into
    ``engine.patterns``); word lists are matched whole-word and case-insensitively unless noted."""

    code: str  # the engine's country code ("UK" for Great Britain, as the generator uses)
    name: str
    # A line that ends an address: one capture group holding the postcode. Matched case-sensitively
    # when ``postcode_case_sensitive`` (UK/CA patterns rely on capitals), else case-insensitively.
    postcode: str | None = None
    postcode_case_sensitive: bool = False
    regions: tuple[str, ...] = ()  # full region/state/province names: a line of only these ends an address
    state_codes: tuple[str, ...] = ()  # abbreviations used inside the postcode line ("CA 94401", "NSW 2000")
    region_words: tuple[str, ...] = ()  # districts/regions that are address evidence (not names) anywhere
    country_names: tuple[str, ...] = ()
    street_words: tuple[str, ...] = ()  # whole words: "Street", "Jalan", "Rue"
    street_suffixes: tuple[str, ...] = ()  # word endings: German "…straße", "…weg"
    unit_patterns: tuple[str, ...] = ()  # regex sources: "#05-67", "Flat 3B", "Apt 4"
    titles: tuple[str, ...] = ()  # regex sources, without the trailing dot: "mr", "mme", "herr"
    name_particles: tuple[str, ...] = ()  # lower-case words allowed inside a person's name
    currency: tuple[str, ...] = ()  # regex sources of currency markers that vote for this country
    markers: tuple[str, ...] = ()  # regex sources of words typical of this country's bills (vote for it)
    # common given names: where to cut an all-capitals name the OCR read without its space
    # ("YOHANESKURNIAWAN" → "YOHANES KURNIAWAN"); written for this registry, not a census
    given_names: tuple[str, ...] = ()
    name_labels: tuple[str, ...] = ()  # regex sources of labels in front of the holder's name
    address_labels: tuple[str, ...] = ()  # regex sources of labels in front of the holder's address
    # regex sources of words that make a line an organisation, never a person (issuers' trade words and legal
    # forms in the country's language, e.g. German compounds "…bank", "Stadtwerke"); matched case-insensitively
    company_words: tuple[str, ...] = ()
    # words of the sum rows of a receipt, invoice or bill, as (role, regex source) pairs; roles are those of
    # ``forensics.tables.ROLES`` ("total", "subtotal", "tax", "tax_included", "discount", "service",
    # "rounding", "tendered", "change", "previous_balance", "payment", "credit", "new_charges", "due", "count", "header")
    sum_labels: tuple[tuple[str, str], ...] = ()
    date_order: DateOrder = "DMY"
    address_order: AddressOrder = "street-first"
    # OCR repair of a found postcode (e.g. Canadian letter/digit positions); None: digits only
    fix_postcode: Callable[[str], str] | None = None

    @property
    def month_first(self) -> bool:
        return self.date_order == "MDY"

    def postcode_regex(self) -> re.Pattern[str] | None:
        if not self.postcode:
            return None
        return re.compile(self.postcode, 0 if self.postcode_case_sensitive else re.IGNORECASE)


def alt(words: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of literal words, longest first (so "Jakarta Selatan" wins over "Jakarta")."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# The sum-row words every locale shares (English is printed on receipts and bills everywhere the engine reads);
# a locale adds its own language in ``Locale.sum_labels``. Matched case-insensitively on a row's words.
ENGLISH_SUM_LABELS: tuple[tuple[str, str], ...] = (
    ("header", r"\b(?:qty|quantity|description|desc|price|unit\s*price|u/price|s/price|amount|amt|item|rate|"
               r"total|disc)\b"),
    ("count", r"\b(?:total\s*)?(?:qty|quantity|item\(?s\)?|items|pcs|units)\b|\bno\.?\s*of\s*items?\b"),
    ("tax_included", r"\b(?:[il1]ncl(?:\.|uding|usive)?\s*(?:of\s*)?(?:gst|vat|sst|tax)|(?:gst|vat|sst|tax)\s*incl)"),
    ("subtotal", r"\b(?:sub\s*-?\s*total|excl(?:\.|uding|usive)?\s*(?:of\s*)?(?:gst|vat|sst|tax)|"
                 r"before\s*(?:tax|gst|vat|sst)|net\s*amount|total\s*(?:excl|net)\b|nett?\s*total|untaxed\s*amount)"),
    ("rounding", r"\b(?:round(?:ing)?\s*(?:adj(?:ustment)?)?|rounding)\b"),
    ("discount", r"\b(?:disc(?:ount)?|less|promo(?:tion)?|voucher|coupon|you\s*saved?)\b"),
    ("service", r"\b(?:service\s*charge|svc\s*(?:chg|charge)?|s/c|tips?|gratuity)\b"),
    ("tax", r"\b(?:gst|vat|sst|tax|sales\s*tax|service\s*tax|hst|pst|qst)\b"),
    ("change", r"\b(?:change(?:\s*due)?)\b"),
    ("tendered", r"\b(?:cash|tendered|amount\s*tendered|received|visa|master\s*card|mastercard|amex|card|"
                 r"credit\s*card|debit|e-?wallet|paid)\b"),
    ("previous_balance", r"\b(?:previous\s*balance|balance\s*b/?f|balance\s*brought\s*forward|opening\s*balance|"
                         r"beginning\s*balance|last\s*bill(?:\s*amount)?|previous\s*bill|brought\s*forward)\b"),
    ("payment", r"\b(?:payments?\s*(?:received)?|payment\s*-?\s*thank\s*you|less\s*payments?)\b"),
    ("credit", r"\b(?:credits?|adjustments?|rebates?|refunds?)\b"),
    ("new_charges", r"\b(?:(?:total\s*)?(?:new|current)\s*charges|charges\s*this\s*period)\b"),
    # what the holder owes now (a statement's closing line): on a bill with a previous balance it is not
    # the sum of the charges above it alone
    ("due", r"\b(?:(?:total\s*)?amount\s*due|total\s*due|balance\s*due|amount\s*payable|total\s*payable|"
            r"new\s*balance|statement\s*balance|closing\s*balance|ending\s*balance|net\s*payable|please\s*pay)\b"),
    ("total", r"\b(?:total|grand\s*total)\b"),
)
