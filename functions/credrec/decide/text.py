"""Text folding shared by the matchers: any script to ASCII, lower case, OCR-confusable digits.

``anyascii`` transliterates (陳 → Chen, Nguyễn → Nguyen, สมชาย → smchay); it is imported on first use so
the function's cold start does not pay for its tables unless a decision needs them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"[^\S\n]+")
_LINE_BREAKS = re.compile(r"\s*\n\s*")


@lru_cache(maxsize=1)
def _anyascii():  # type: ignore[no-untyped-def]
    from anyascii import anyascii

    return anyascii


def fold(text: str) -> str:
    """ASCII, lower case, spaces collapsed, line breaks kept (one per break). Punctuation is kept: the
    callers decide what it means."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = _anyascii()(text)
    return _LINE_BREAKS.sub("\n", _SPACES.sub(" ", text.lower())).strip()


# Digits OCR confuses with letters inside words that have no digits of their own (names).
_NAME_DIGITS = str.maketrans({"0": "o", "1": "i", "5": "s", "8": "b", "4": "a", "3": "e", "6": "g", "7": "t"})


def letters_for_digits(token: str) -> str:
    """In a name token that is mostly letters, read digits as the letters OCR mistook them for."""
    if any(c.isdigit() for c in token) and sum(c.isalpha() for c in token) >= len(token) / 2:
        return token.translate(_NAME_DIGITS)
    return token
