"""One real engine per test session (the OCR models load once; ~2-5 s)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def engine():
    from credrec_local.engine import get_engine

    return get_engine()
