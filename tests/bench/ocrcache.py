"""OCR results cached per file (content hash) so benchmarks of the extraction rules re-run in seconds.

    lines, skew, rotation, (w, h) = read_cached(path_or_bytes, cache_dir)

The cache holds only what ``engine.ocr.read_page`` returned (text, score, quad per line) in a JSON file
named by the SHA-256 of the image bytes and the backend, under ``cache_dir`` (default
``$CREDREC_OCR_CACHE`` or ``/tmp/credrec-ocr-cache``). Delete the folder to re-read everything.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

DEFAULT_DIR = Path(os.environ.get("CREDREC_OCR_CACHE") or Path(tempfile.gettempdir()) / "credrec-ocr-cache")


def _key(data: bytes, backend: str) -> str:
    return hashlib.sha256(data).hexdigest()[:32] + f"-{backend}.json"


def read_cached(data: bytes, *, cache_dir: Path | None = DEFAULT_DIR, backend: str = "rapidocr") -> dict[str, Any]:
    """{"lines": [OcrLine...], "skew": float, "rotation": int, "width": int, "height": int, "rgb": ndarray}"""
    from credrec_local.engine.ocr import decode, read_page
    from credrec_local.engine.types import OcrLine

    rgb, fmt = decode(data)
    h, w = rgb.shape[:2]
    path = cache_dir / _key(data, backend) if cache_dir is not None else None
    if path is not None and path.exists():
        raw = json.loads(path.read_text())
        lines = [OcrLine(t, s, tuple(tuple(p) for p in q)) for t, s, q in raw["lines"]]  # type: ignore[arg-type]
        return {"lines": lines, "skew": raw["skew"], "rotation": raw["rotation"], "width": w, "height": h,
                "rgb": rgb, "format": fmt, "cached": True}
    from credrec_local.engine import get_engine

    eng = get_engine(backend)
    text = read_page(eng.backend, rgb, lock=eng._ocr_lock)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"lines": [[ln.text, ln.score, ln.quad] for ln in text.lines],
                                    "skew": text.skew_degrees, "rotation": text.rotation}))
    return {"lines": text.lines, "skew": text.skew_degrees, "rotation": text.rotation, "width": w, "height": h,
            "rgb": rgb, "format": fmt, "cached": False}
