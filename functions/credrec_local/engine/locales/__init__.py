"""The locale registry: one module per country, compiled into ``engine.patterns``.

Each module defines ``LOCALE`` (a :class:`~.base.Locale`): postcode pattern, regions, street words,
unit patterns, titles, name particles, currency, typical words, date order and address line order.
Adding a country is one module here (plus generator data in ``docgen`` to benchmark it); the
patterns module builds its postcode table, region/street/unit/title regexes and the country vote
from :data:`LOCALES`.

``POSTCODE_PRIORITY`` is the order in which a line's postcode is credited to a country when several
patterns match: the specific shapes first (Singapore's "Singapore 123456", UK/CA letter-digit codes,
state + number), the bare "5 digits + town" shape (MY, FR, DE) last.
"""

from __future__ import annotations

from . import au, ca, de, fr, hk, id_, in_, my, ph, sg, th, uk, us
from .base import AddressOrder, DateOrder, Locale, alt

__all__ = ["LOCALES", "POSTCODE_PRIORITY", "AddressOrder", "DateOrder", "Locale", "alt", "get"]

LOCALES: dict[str, Locale] = {m.LOCALE.code: m.LOCALE for m in (sg, my, ph, id_, th, hk, uk, au, us, ca, fr, de, in_)}

POSTCODE_PRIORITY: tuple[str, ...] = ("SG", "UK", "CA", "AU", "US", "IN", "TH", "ID", "PH", "MY", "FR", "DE")


def get(code: str | None) -> Locale | None:
    return LOCALES.get(code or "")
