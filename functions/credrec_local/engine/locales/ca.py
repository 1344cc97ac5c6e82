"""Canada: province code and "A1A 1A1" postcode; English and French street words.

Postcodes alternate letter and digit, so OCR confusions (0/O, 1/I, 5/S, 8/B, 2/Z, 6/G) are repaired
by position (``fix_postcode``)."""

from __future__ import annotations

import re

from .base import Locale

PROVINCES = ("AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT")
PROVINCE_NAMES = ("Alberta", "British Columbia", "Manitoba", "New Brunswick", "Newfoundland and Labrador",
                  "Nova Scotia", "Northwest Territories", "Nunavut", "Ontario", "Prince Edward Island", "Quebec",
                  "Québec", "Saskatchewan", "Yukon")
_TO_LETTER = str.maketrans({"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z", "6": "G"})
_TO_DIGIT = str.maketrans({"O": "0", "I": "1", "L": "1", "S": "5", "B": "8", "Z": "2", "G": "6"})
# after a province code the shape may be blurred by OCR; alone it must be exact
_LOOSE = r"[A-Z][0-9OILSBZG][A-Z0-9]\s?[0-9OILSBZG][A-Z0-9][0-9OILSBZG]"


def fix_postcode(code: str) -> str:
    """"G4S 010" → "G4S 0I0": letters where letters belong, digits where digits belong."""
    compact = code.replace(" ", "").upper()
    if len(compact) != 6:
        return code
    chars = [c.translate(_TO_LETTER) if i % 2 == 0 else c.translate(_TO_DIGIT) for i, c in enumerate(compact)]
    return "".join(chars[:3]) + " " + "".join(chars[3:])


LOCALE = Locale(
    code="CA",
    name="Canada",
    postcode=(r"\b(?:" + "|".join(PROVINCES) + r")\.?,?\s+(" + _LOOSE + r")\b"
              r"|\b([ABCEGHJ-NPRSTVXY]\d[A-Z]\s?\d[A-Z]\d)\b"),
    postcode_case_sensitive=True,
    regions=PROVINCE_NAMES,
    state_codes=PROVINCES,
    country_names=("Canada",),
    street_words=("Street", "St", "Road", "Rd", "Avenue", "Ave", "Drive", "Dr", "Boulevard", "Blvd", "Crescent",
                  "Cres", "Court", "Ct", "Way", "Place", "Pl", "Lane", "Rue", "Chemin", "Montée"),
    unit_patterns=(r"\bApt\.?\s*\w+", r"\bSuite\s+\w+", r"\bUnit\s+\w+"),
    titles=("mr", "mrs", "ms", "miss", "dr", r"m\.(?=\s)", "mme"),
    currency=(r"CA\$|CAD|C\$",),
    given_names=("Liam", "Noah", "Emma", "Olivia", "Benjamin", "Lucas", "Chloe", "Nathan", "Gabriel", "Jacob"),
    company_words=(r"\b(?:ltée|ltee|inc|enr|hydro)\b",),
    date_order="YMD",
    fix_postcode=fix_postcode,
)

assert re.compile(LOCALE.postcode or "").search("BIG CITY ON G4S 010")  # the loose shape after a province
