"""PDF input for the local engine: pdfium text layer and rendering (``textlayer``), file structure and
history (``structure``), the per-page recognition flow (``recognize``), page images (``pages``)."""

from __future__ import annotations

from .pages import page_count, stored_page_png
from .textlayer import render_page_png

__all__ = ["page_count", "render_page_png", "stored_page_png"]
