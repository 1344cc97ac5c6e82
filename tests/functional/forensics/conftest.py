"""One real engine per session (models load once) and generated samples for end-to-end fraud checks."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def engine():
    from credrec_local.engine import get_engine

    return get_engine()
