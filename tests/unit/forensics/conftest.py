"""Generated documents shared by the forgery-signal tests (seeds 5000+; calibration used 1000-1059 and
the held-out measurement 3000-3039)."""

from __future__ import annotations

import pytest

from credrec_local.docgen import generate
from credrec_local.docgen.tamper import make_clean, make_tampered

# A textedit on seed 5002 retypes the name without matching the scan's blur; the copymove clones a line
# over a field; both are clear positives. The clean scan of the same seed prints the amount due twice.
SEED = 5002


@pytest.fixture(scope="session")
def doc():
    return generate(SEED)


@pytest.fixture(scope="session")
def samples(doc):
    cache: dict[str, object] = {}

    def get(kind: str):
        if kind not in cache:
            cache[kind] = make_clean(doc, SEED) if kind == "clean" else make_tampered(kind, doc, SEED)
        return cache[kind]

    return get
