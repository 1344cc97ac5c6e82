"""Applicant data carried with an upload: OSS object user metadata ⇄ ``Expected``.

An uploader sets, on the object, any of::

    x-oss-meta-expected-name:    percent-encoded UTF-8, e.g. Tan%20Ah%20Kow
    x-oss-meta-expected-address: percent-encoded UTF-8 (line breaks as %0A)
    x-oss-meta-expected-country: ISO 3166-1 alpha-2, e.g. SG

(HTTP headers carry ASCII only, hence the encoding; ``urllib.parse.quote(value, safe="")`` makes it.)
The SDKs hand user metadata back without the ``x-oss-meta-`` prefix and lower-cased, so the keys read
here are ``expected-name``, ``expected-address`` and ``expected-country``. A value that does not decode
or validate is dropped (the record says so in ``Expected``'s absence), never guessed, never logged.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote, unquote

from .models import Expected

META_PREFIX = "expected-"
FIELDS = ("name", "address", "country")
HEADER_PREFIX = "x-oss-meta-"


def from_metadata(metadata: Mapping[str, str] | None) -> Expected | None:
    """``Expected`` from user metadata (keys with or without ``x-oss-meta-``), None when there is none."""
    if not metadata:
        return None
    values: dict[str, str] = {}
    for raw_key, raw_value in metadata.items():
        key = raw_key.lower()
        key = key[len(HEADER_PREFIX):] if key.startswith(HEADER_PREFIX) else key
        if not key.startswith(META_PREFIX) or key[len(META_PREFIX):] not in FIELDS:
            continue
        try:
            value = unquote(str(raw_value), encoding="utf-8", errors="strict")
        except UnicodeDecodeError:
            continue
        values[key[len(META_PREFIX):]] = value
    if not values:
        return None
    try:
        expected = Expected.model_validate(values)
    except ValueError:
        # keep what validates: a bad country must not throw the name and address away
        kept = {}
        for name, value in values.items():
            try:
                Expected.model_validate({name: value})
            except ValueError:
                continue
            kept[name] = value
        expected = Expected.model_validate(kept)
    return None if expected.is_empty() else expected


def to_metadata(expected: Expected) -> dict[str, str]:
    """User metadata (without the ``x-oss-meta-`` prefix) for an upload carrying ``expected``."""
    out: dict[str, str] = {}
    for name in FIELDS:
        value = getattr(expected, name)
        if value:
            out[META_PREFIX + name] = quote(value, safe="")
    return out
