"""The document's date as printed → ``datetime.date``, or None when it cannot be read without guessing.

Formats seen on bills and statements of the markets we serve: ISO ``2026-03-05``; ``05/03/2026``,
``05-03-2026``, ``05.03.2026`` (day first; month first in the US and the Philippines); two-digit years;
``5 Mar 2026``, ``05-MAR-26``, ``March 5, 2026``, ``Mar 2026`` (first of the month). Malay, Indonesian
and Tagalog month names are read too. A numeric date whose day and month could be swapped is read
the country's way; with no country and both readings valid and different it is None (UNKNOWN, never
guessed).
"""

from __future__ import annotations

import datetime as dt
import re

from .text import fold

MONTHS = {
    "jan": 1, "january": 1, "januari": 1, "enero": 1,
    "feb": 2, "february": 2, "februari": 2, "pebrero": 2, "febrero": 2,
    "mar": 3, "march": 3, "mac": 3, "maret": 3, "marso": 3, "marzo": 3,
    "apr": 4, "april": 4, "abril": 4,
    "may": 5, "mei": 5, "mayo": 5,
    "jun": 6, "june": 6, "juni": 6, "hunyo": 6, "junio": 6,
    "jul": 7, "july": 7, "julai": 7, "juli": 7, "hulyo": 7, "julio": 7,
    "aug": 8, "august": 8, "ogos": 8, "agustus": 8, "agosto": 8, "ago": 8, "agu": 8, "ags": 8,
    "sep": 9, "sept": 9, "september": 9, "setyembre": 9, "septiembre": 9,
    "oct": 10, "october": 10, "okt": 10, "oktober": 10, "oktubre": 10, "octubre": 10,
    "nov": 11, "november": 11, "nobyembre": 11, "noviembre": 11, "nop": 11,
    "dec": 12, "december": 12, "dis": 12, "disember": 12, "des": 12, "desember": 12, "disyembre": 12,
    "diciembre": 12,
}
MONTH_FIRST_COUNTRIES = frozenset({"US", "PH"})  # the Philippines writes 03/05/2026 for 5 March too

_ISO = re.compile(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b")
_NUMERIC = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})\b")
_NAMED_DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]*([a-z]{3,9})\.?[\s\-/.,]*(\d{4}|\d{2})\b")
_NAMED_MDY = re.compile(r"\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_NAMED_MY = re.compile(r"\b([a-z]{3,9})\.?[\s\-/,]+(\d{4})\b")


def _year(text: str) -> int:
    y = int(text)
    return y + 2000 if y < 100 else y


def _make(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def parse_date(text: str | None, *, country: str | None = None) -> dt.date | None:
    if not text:
        return None
    t = fold(text)
    if m := _ISO.search(t):
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _NAMED_DMY.search(t):
        month = MONTHS.get(m.group(2))
        if month:
            return _make(_year(m.group(3)), month, int(m.group(1)))
    if m := _NAMED_MDY.search(t):
        month = MONTHS.get(m.group(1))
        if month:
            return _make(int(m.group(3)), month, int(m.group(2)))
    if m := _NUMERIC.search(t):
        a, b, y = int(m.group(1)), int(m.group(2)), _year(m.group(3))
        dmy, mdy = _make(y, b, a), _make(y, a, b)
        if dmy and mdy and dmy != mdy:
            if country is None:
                return None
            return mdy if country in MONTH_FIRST_COUNTRIES else dmy
        return dmy or mdy
    if m := _NAMED_MY.search(t):
        month = MONTHS.get(m.group(1))
        if month:
            return _make(int(m.group(2)), month, 1)
    return None
