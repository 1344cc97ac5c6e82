"""Synthetic proof-of-address documents with ground truth: fixtures for tests, the demo and benchmarks.

Public API (other modules — tampering, the demo, the benchmark — rely on it; keep it stable)::

    doc = generate(seed, country="SG", layout="window", kind="electricity")   # Document(image, truth)
    sample = render_variant(doc, "photo", seed)   # Sample(data, format, variant, truth)
    font_paths()                                  # fonts from Debian packages, or FontsMissingError
    COUNTRIES, LAYOUTS, KINDS, VARIANTS
    EXTRA_COUNTRIES, ALL_COUNTRIES                # CA FR DE IN: opt-in (a seed alone draws from COUNTRIES)

Everything is deterministic from the seed (and the installed fonts). Lower-level pieces for other
generators: ``degrade``/``encode`` (the variant pipeline), ``map_box``/``map_truth`` (carry boxes through
a geometry).
"""

from __future__ import annotations

from .data import ALL_COUNTRIES, COUNTRIES, EXTRA_COUNTRIES, KINDS
from .document import ROLES, Document, Sample, Truth, TruthLine
from .fonts import FONT_PACKAGES, FontsMissingError, font_paths
from .render import LAYOUTS, generate
from .variants import VARIANTS, Degraded, degrade, encode, map_box, map_truth, render_variant

__all__ = [
    "ALL_COUNTRIES", "COUNTRIES", "EXTRA_COUNTRIES", "FONT_PACKAGES", "KINDS", "LAYOUTS", "ROLES", "VARIANTS", "Degraded", "Document",
    "FontsMissingError", "Sample", "Truth", "TruthLine", "degrade", "encode", "font_paths", "generate",
    "map_box", "map_truth", "render_variant",
]
