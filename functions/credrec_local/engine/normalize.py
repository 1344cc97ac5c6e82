"""OCR-aware text: repair what the recogniser typically does to address lines, keeping the raw reading.

``normalize_line(raw) -> str`` is applied to every phrase before extraction (``layout.Item.text``; the
OCR's own reading stays in ``Item.raw``). Repairs, each one local and reversible by looking at ``raw``:

* **Joined tokens** (the recogniser dropped the spaces): a digit/letter boundary inside an upper-case
  run ("BLK751WOODLANDSDRIVE" → "BLK 751 WOODLANDSDRIVE"), then a known street or unit word at either
  end of a long upper-case token ("WOODLANDSDRIVE" → "WOODLANDS DRIVE", "JALANAMPANG" → "JALAN AMPANG");
  the words come from the locale registry, and only lines with a digit are cut this way (an address
  line, not a surname such as "WOODHOUSE"). Mixed-case runs split at a lower→upper step
  ("YohanesKurniawan" → "Yohanes Kurniawan"), and before a capitals surname that ends the token
  ("SandrineLEFEBVRE" → "Sandrine LEFEBVRE", as French pages print the surname).
* **Split tokens**: a ZIP read with a space inside ("HI 29 922" → "HI 29922"); a postcode's letters and
  digits in the wrong places (Canadian "G4S 010" → "G4S 0I0", by the locale's ``fix_postcode``).

* **Joined names**: on a short line without digits, an all-capitals token of 10+ letters that starts with
  a common given name of a registry locale (``Locale.given_names``) is cut after it, when at least 5
  letters remain ("YOHANESKURNIAWAN" → "YOHANES KURNIAWAN"; "JOHNSTONE" is too short to be touched).
  Names missing from those short lists stay joined.
"""

from __future__ import annotations

import re
import unicodedata

from .locales import LOCALES, alt

_STREET_WORDS = tuple(sorted({w.upper() for loc in LOCALES.values() for w in loc.street_words
                              if len(w) >= 4 and w.isalpha()}, key=len, reverse=True))
# words that open an address line ("BLK 751", "JALAN …", "LORONG …", "SOI …")
_LEADING_WORDS = ("BLK", "BLOCK", "JALAN", "JLN", "LORONG", "LRG", "SOI", "UNIT", "FLAT", "LOT", "TAMAN")
_STATE_CODES = tuple(sorted({s for loc in LOCALES.values() for s in loc.state_codes}))

def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word.upper()) if not unicodedata.combining(c))


_GIVEN_NAMES = tuple(sorted({_fold(n) for loc in LOCALES.values() for n in loc.given_names if len(n) >= 4},
                            key=len, reverse=True))
_JOINED_NAME = re.compile(r"\b[A-Z]{10,}\b")

_DIGIT_LETTER = re.compile(r"(?<=[A-Z]{2})(?=\d)|(?<=\d)(?=[A-Z]{3})")
_LOWER = "a-zß-öø-ÿ"  # lower-case Latin letters, accented ones included
_UPPER = "A-ZÀ-ÖØ-Þ"
_CAMEL = re.compile(rf"(?<=[{_LOWER}]{{3}})(?=[{_UPPER}][{_LOWER}]{{2}})|(?<=[{_LOWER}]{{3}})(?=[{_UPPER}]{{3,}}(?![{_LOWER}\w]))")
_LONG_UPPER = re.compile(r"\b[A-Z]{7,}\b")
_ZIP_SPLIT = re.compile(r"\b(" + alt(_STATE_CODES) + r")(\.?,?\s+)(\d{2,3}) (\d{2,3})\b")


def _is_address_word(piece: str) -> bool:
    return (piece in _LEADING_WORDS or any(piece.endswith(w) for w in _STREET_WORDS)
            or any(piece.startswith(w) for w in _LEADING_WORDS))


def _split_digit_letter(token: str) -> str:
    # only capitals-and-digits tokens that hold an address word once split: "BLK751WOODLANDSDRIVE" yes;
    # identifiers ("INV12345", "GB11RBOS…", "S$12.00", "4th") stay as printed
    if len(token) < 6 or not re.fullmatch(r"[A-Z0-9#/-]+", token):
        return token
    if not (re.search(r"\d", token) and re.search(r"[A-Z]{3}", token)):
        return token
    split = _DIGIT_LETTER.sub(" ", token)
    return split if any(_is_address_word(p) for p in split.split()) else token


def _split_street_word(token: str) -> str:
    for w in _STREET_WORDS:
        if len(token) > len(w) + 2 and token.endswith(w):
            return f"{token[: -len(w)]} {w}"
    for w in _LEADING_WORDS:
        if len(token) > len(w) + 3 and token.startswith(w):
            return f"{w} {token[len(w):]}"
    return token


def _split_given_name(token: str) -> str:
    for g in _GIVEN_NAMES:
        if token.startswith(g) and len(token) - len(g) >= 5 and token not in _GIVEN_NAMES:
            return f"{g} {token[len(g):]}"
    return token


def split_joined(text: str) -> str:
    """Insert the spaces an OCR dropped (see the module docstring)."""
    if not re.search(r"\d", text) and len(text.split()) <= 3:  # a name line: cut after a known given name
        text = _JOINED_NAME.sub(lambda m: _split_given_name(m.group(0)), text)
    out = " ".join(_split_digit_letter(t) for t in text.split(" "))
    if re.search(r"\d", out):  # address lines carry numbers; a name line ("WOODHOUSE") is left alone
        out = _LONG_UPPER.sub(lambda m: _split_street_word(m.group(0)), out)
    return _CAMEL.sub(" ", out)


def merge_split(text: str) -> str:
    """Join pieces an OCR split apart (ZIP codes)."""
    def zip_join(m: re.Match[str]) -> str:
        digits = m.group(3) + m.group(4)
        return f"{m.group(1)}{m.group(2)}{digits}" if len(digits) == 5 else m.group(0)

    return _ZIP_SPLIT.sub(zip_join, text)


def fix_postcodes(text: str) -> str:
    """Each locale's own postcode repair, where its pattern matches (letters/digits by position)."""
    for loc in LOCALES.values():
        if loc.fix_postcode is None:
            continue
        rx = loc.postcode_regex()
        if rx is None:
            continue
        m = rx.search(text)
        if m is None:
            continue
        group = next((g for g in range(1, (rx.groups or 0) + 1) if m.group(g)), None)
        if group is None:
            continue
        a, b = m.span(group)
        text = text[:a] + loc.fix_postcode(text[a:b]) + text[b:]
    return text


def normalize_line(raw: str) -> str:
    """The reading the extraction rules see; ``raw`` is kept beside it by the caller."""
    text = " ".join(raw.split())
    if not text:
        return text
    text = merge_split(text)
    text = split_joined(text)
    text = fix_postcodes(text)
    return " ".join(text.split())
