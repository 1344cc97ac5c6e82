"""Small generated PDFs shared by the PDF unit tests (built once per session: fonts subset in ~0.1 s)."""

from __future__ import annotations

import pytest

from credrec_local.docgen import generate
from credrec_local.docgen.pdf import PdfSample, digital_pdf


@pytest.fixture(scope="session")
def bill() -> PdfSample:
    return digital_pdf(generate(11, layout="window", kind="electricity"))


@pytest.fixture(scope="session")
def statement() -> PdfSample:
    return digital_pdf(generate(5), pages=2, holder_page=1)
