"""Issue #10 row 3: a 16-bit greyscale PNG decodes to the page it shows, not an all-white page
(Pillow's convert("RGB") clips I;16 samples at 255; the engine then read NO_TEXT)."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw

from credrec.validation import validate_image
from credrec_local.engine.ocr import decode


def _page_16bit() -> bytes:
    page = Image.new("L", (240, 120), 255)
    ImageDraw.Draw(page).rectangle((20, 40, 200, 60), fill=30)  # a dark "line of text"
    grey = (np.asarray(page).astype(np.uint32) * 257).astype(np.uint16)  # 8 → 16-bit samples (255 → 65535)
    out = io.BytesIO()
    Image.fromarray(grey).save(out, "PNG")
    return out.getvalue()


def test_a_16bit_grey_png_keeps_its_dark_pixels():
    data = _page_16bit()
    validate_image(data, url_possible=False)  # a valid upload
    with Image.open(io.BytesIO(data)) as im:
        assert im.mode in ("I;16", "I")  # really a wide greyscale PNG
    rgb, fmt = decode(data)
    assert fmt == "png" and rgb.dtype == np.uint8 and rgb.shape == (120, 240, 3)
    assert rgb[50, 100].tolist() == [30, 30, 30]  # the line, not clipped to white
    assert rgb[10, 10].tolist() == [255, 255, 255]
