"""Pre-flight checks: the API's documented limits, from headers alone."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from credrec.errors import ImageRejectedError
from credrec.validation import (
    BASE64_MAX_BYTES,
    URL_MAX_BYTES,
    choose_delivery,
    inspect_image,
    sniff,
    validate_image,
)


def encode(fmt: str, size=(640, 480), mode="RGB", **kw) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "white").save(out, fmt, **kw)
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares ``width`` x ``height`` (a decompression bomb's shape)."""
    ihdr = b"IHDR" + struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = b"IDAT" + zlib.compress(b"\0" * 1024)
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + ihdr + struct.pack(">I", zlib.crc32(ihdr))
            + struct.pack(">I", len(idat) - 4) + idat + struct.pack(">I", zlib.crc32(idat))
            + b"\0\0\0\0IEND\xaeB`\x82")


@pytest.mark.parametrize(
    "fmt, kw",
    [("PNG", {}), ("JPEG", {"quality": 85}), ("JPEG", {"progressive": True}), ("BMP", {}),
     ("WEBP", {"quality": 80}), ("WEBP", {"lossless": True})],
)
def test_accepted_formats_report_true_dimensions(fmt, kw):
    info = inspect_image(encode(fmt, (777, 555), **kw))
    assert (info.width, info.height) == (777, 555)
    assert info.format == {"PNG": "png", "JPEG": "jpeg", "BMP": "bmp", "WEBP": "webp"}[fmt]


def test_format_comes_from_magic_bytes_not_from_the_name():
    assert sniff(encode("PNG")) == "png"
    assert sniff(encode("GIF")) == "GIF"
    assert sniff(b"%PDF-1.7") == "PDF"
    assert sniff(b"\0\0\0\x18ftypheic") == "HEIC/MP4"


@pytest.mark.parametrize("fmt", ["GIF", "TIFF", "PDF"])
def test_other_formats_are_unsupported_with_415(fmt):
    data = encode(fmt) if fmt != "PDF" else b"%PDF-1.4\n%..."
    with pytest.raises(ImageRejectedError) as err:
        inspect_image(data)
    assert err.value.code == "UNSUPPORTED_FORMAT" and err.value.http_status == 415


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "BMP", "WEBP"])
@pytest.mark.parametrize("keep", [0.5, 0.9])
def test_truncated_files_are_corrupt(fmt, keep):
    data = encode(fmt, (640, 480), mode="RGB" if fmt != "PNG" else "L")
    with pytest.raises(ImageRejectedError) as err:
        validate_image(data[: int(len(data) * keep)], url_possible=True)
    assert err.value.code == "CORRUPT_IMAGE"


def test_bad_png_header_checksum_is_corrupt():
    data = bytearray(encode("PNG"))
    data[20] ^= 0xFF
    with pytest.raises(ImageRejectedError) as err:
        inspect_image(bytes(data))
    assert err.value.code == "CORRUPT_IMAGE"


@pytest.mark.parametrize(
    "size, code",
    [((15, 400), "IMAGE_TOO_SMALL"), ((400, 15), "IMAGE_TOO_SMALL"), ((8192, 100), "IMAGE_DIMENSIONS_TOO_LARGE"),
     ((100, 5000), "ASPECT_RATIO_TOO_LARGE"), ((20, 1000), "ASPECT_RATIO_TOO_LARGE")],
)
def test_dimension_limits(size, code):
    with pytest.raises(ImageRejectedError) as err:
        validate_image(png_header_only(*size), url_possible=True)
    assert err.value.code == code


def blank_png(width: int, height: int) -> bytes:
    """A real (decodable) greyscale PNG of any size, cheap to make: one zlib stream of zeros."""
    ihdr = b"IHDR" + struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = b"IDAT" + zlib.compress(b"\0" * (height * (width + 1)), 1)
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + ihdr + struct.pack(">I", zlib.crc32(ihdr))
            + struct.pack(">I", len(idat) - 4) + idat + struct.pack(">I", zlib.crc32(idat))
            + b"\0\0\0\0IEND\xaeB`\x82")


def test_limits_are_exclusive_boundaries():
    validate_image(blank_png(16, 16), url_possible=True)
    validate_image(blank_png(8191, 8191), url_possible=True)
    validate_image(blank_png(16, 799), url_possible=True)  # ratio 49.9


def test_decompression_bomb_is_refused_from_its_header():
    bomb = png_header_only(100_000, 100_000)  # 10 G pixels declared in ~1 KB
    assert len(bomb) < 2000
    with pytest.raises(ImageRejectedError) as err:
        validate_image(bomb, url_possible=True)
    assert err.value.code == "IMAGE_DIMENSIONS_TOO_LARGE"


def test_delivery_by_size():
    assert choose_delivery(BASE64_MAX_BYTES, url_possible=True) == "base64"
    assert choose_delivery(BASE64_MAX_BYTES + 1, url_possible=True) == "url"
    assert choose_delivery(URL_MAX_BYTES, url_possible=True) == "url"
    for size, url_ok in ((URL_MAX_BYTES + 1, True), (BASE64_MAX_BYTES + 1, False)):
        with pytest.raises(ImageRejectedError) as err:
            choose_delivery(size, url_possible=url_ok)
        assert err.value.code == "FILE_TOO_LARGE" and err.value.http_status == 413


def test_empty_file():
    with pytest.raises(ImageRejectedError) as err:
        validate_image(b"", url_possible=True)
    assert err.value.code == "EMPTY_FILE"
