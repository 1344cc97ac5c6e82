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


class CachedBackend:
    """An OCR backend that answers from the cache folder when it has read the same pixels before.

    Wraps any ``engine.ocr.OcrBackend``: the key is the SHA-256 of the BGR array handed to ``read`` (and
    its shape and the backend's name), so the whole engine (``CredentialEngine(CachedBackend(...))``:
    decode, layout, extraction, forgery signals) runs unchanged and only the OCR call is saved. For
    benchmarks that re-score extraction rules on the same generated pages."""

    def __init__(self, inner: Any, cache_dir: Path = DEFAULT_DIR) -> None:
        self.inner = inner
        self.name = f"{getattr(inner, 'name', type(inner).__name__)}+cache"
        self.cache_dir = cache_dir
        self.hits = self.misses = 0

    def read(self, bgr: Any) -> list[Any]:
        from credrec_local.engine.ocr import RawText

        inner_name = getattr(self.inner, "name", type(self.inner).__name__)
        digest = hashlib.sha256(repr(bgr.shape).encode() + bgr.tobytes()).hexdigest()[:32]
        path = self.cache_dir / f"raw-{digest}-{inner_name}.json"
        if path.exists():
            self.hits += 1
            return [RawText(tuple(tuple(p) for p in q), t, s, u)  # type: ignore[arg-type]
                    for q, t, s, u in json.loads(path.read_text())]
        self.misses += 1
        raw = self.inner.read(bgr)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps([[[[float(x), float(y)] for x, y in r.quad], r.text, float(r.score),
                                    float(r.upside_down)] for r in raw]))
        tmp.replace(path)
        return raw
