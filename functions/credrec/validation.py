"""Pre-flight image checks against the CredentialRecognition limits, before any billed call.

PDFs are checked in ``pdf_validation`` (``validate_upload`` dispatches by magic bytes).

From the API page: PNG, JPG/JPEG, BMP or WebP; 15 < width, height < 8192; aspect ratio < 50;
at most 3 MB sent as Base64 and 10 MB sent as a URL. We use decimal megabytes (the stricter reading).

The real format comes from magic bytes, never from the file name or Content-Type. Dimensions come
from the headers alone: nothing is decoded, so a decompression bomb (a tiny file declaring a huge
canvas) is refused by its declared size before anything else is read. Then
``image_integrity.check_integrity`` walks the file (PNG chunks, CRCs and the inflated size of the
image data; JPEG coding type, Huffman tables and scan length; BMP RLE streams; WebP chunks) so
truncated or corrupt uploads are refused as ``CORRUPT_IMAGE`` instead of becoming a billed call.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from typing import Literal

from .errors import ImageRejectedError
from .image_integrity import check_integrity
from .pdf_validation import PdfInfo, PdfRejectCode, inspect_pdf

BASE64_MAX_BYTES = 3_000_000
URL_MAX_BYTES = 10_000_000
MIN_SIDE = 15  # exclusive: sides must be > 15
MAX_SIDE = 8192  # exclusive: sides must be < 8192
MAX_ASPECT = 50  # exclusive

Delivery = Literal["base64", "url"]


class RejectCode:
    EMPTY_FILE = "EMPTY_FILE"
    UNSUPPORTED_FORMAT = "UNSUPPORTED_FORMAT"
    CORRUPT_IMAGE = "CORRUPT_IMAGE"
    IMAGE_TOO_SMALL = "IMAGE_TOO_SMALL"
    IMAGE_TOO_LARGE = "IMAGE_DIMENSIONS_TOO_LARGE"
    ASPECT_RATIO = "ASPECT_RATIO_TOO_LARGE"
    FILE_TOO_LARGE = "FILE_TOO_LARGE"


@dataclass(frozen=True)
class ImageInfo:
    format: Literal["png", "jpeg", "bmp", "webp"]
    width: int
    height: int
    size: int


def _reject(code: str, message: str, status: int = 400) -> ImageRejectedError:
    return ImageRejectedError(message, code=code, http_status=status)


# ------------------------------------------------------------------ format sniffing

_OTHER_FORMATS = (
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"%PDF", "PDF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"\x00\x00\x01\x00", "ICO"),
)


def sniff(data: bytes) -> str | None:
    """The format name from magic bytes: png/jpeg/bmp/webp, another known name, or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"BM") and len(data) >= 26:
        return "bmp"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    for magic, name in _OTHER_FORMATS:
        if data.startswith(magic):
            return name
    if data[4:8] == b"ftyp":
        return "HEIC/MP4"
    return None


# ------------------------------------------------------------------ per-format headers


def _png(data: bytes) -> tuple[int, int]:
    if len(data) < 33 or data[12:16] != b"IHDR" or struct.unpack(">I", data[8:12])[0] != 13:
        raise _reject(RejectCode.CORRUPT_IMAGE, "PNG header is incomplete")
    ihdr = data[12:29]
    (crc,) = struct.unpack(">I", data[29:33])
    if zlib.crc32(ihdr) & 0xFFFFFFFF != crc:
        raise _reject(RejectCode.CORRUPT_IMAGE, "PNG header checksum mismatch")
    width, height, depth, color = struct.unpack(">IIBB", data[16:26])
    if depth not in (1, 2, 4, 8, 16) or color not in (0, 2, 3, 4, 6):
        raise _reject(RejectCode.CORRUPT_IMAGE, "PNG header has invalid bit depth or colour type")
    return width, height  # chunks, IDAT and IEND: image_integrity


_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg(data: bytes) -> tuple[int, int]:
    pos, size = 2, len(data)
    dims: tuple[int, int] | None = None
    while pos < size:
        if data[pos] != 0xFF:
            raise _reject(RejectCode.CORRUPT_IMAGE, "JPEG marker structure is broken")
        while pos < size and data[pos] == 0xFF:  # fill bytes
            pos += 1
        if pos >= size:
            break
        marker = data[pos]
        pos += 1
        if marker == 0xD8 or 0xD0 <= marker <= 0xD7 or marker == 0x01:
            continue
        if marker == 0xD9:
            break
        if pos + 2 > size:
            break
        (length,) = struct.unpack(">H", data[pos : pos + 2])
        if length < 2 or pos + length > size:
            raise _reject(RejectCode.CORRUPT_IMAGE, "JPEG segment runs past the end of the file")
        if marker in _SOF:
            if length < 8:
                raise _reject(RejectCode.CORRUPT_IMAGE, "JPEG frame header is too short")
            height, width = struct.unpack(">HH", data[pos + 3 : pos + 7])
            dims = (width, height)
        if marker == 0xDA:  # start of scan: entropy-coded data follows, must end with EOI
            if dims is None:
                raise _reject(RejectCode.CORRUPT_IMAGE, "JPEG has no frame header before its scan")
            if data.rfind(b"\xff\xd9") <= pos + length:
                raise _reject(RejectCode.CORRUPT_IMAGE, "JPEG is truncated (no end-of-image marker)")
            return dims
        pos += length
    raise _reject(RejectCode.CORRUPT_IMAGE, "JPEG has no image data")


def _bmp(data: bytes) -> tuple[int, int]:
    (offset,) = struct.unpack("<I", data[10:14])
    (dib,) = struct.unpack("<I", data[14:18])
    if dib == 12:
        width, height = struct.unpack("<HH", data[18:22])
        bpp = struct.unpack("<H", data[24:26])[0]
        compression = 0
    elif dib >= 40 and len(data) >= 34:
        width, height = struct.unpack("<ii", data[18:26])
        bpp, compression = struct.unpack("<HI", data[28:34])
    else:
        raise _reject(RejectCode.CORRUPT_IMAGE, "BMP header is unknown or incomplete")
    height = abs(height)
    if width <= 0 or bpp not in (1, 4, 8, 16, 24, 32) or offset >= len(data):
        raise _reject(RejectCode.CORRUPT_IMAGE, "BMP header is invalid")
    if compression in (0, 3):  # uncompressed / bitfields: the pixel array size is known
        row = ((bpp * width + 31) // 32) * 4
        if offset + row * height > len(data):
            raise _reject(RejectCode.CORRUPT_IMAGE, "BMP is truncated (pixel array past the end)")
    return width, height


def _webp(data: bytes) -> tuple[int, int]:
    (riff_size,) = struct.unpack("<I", data[4:8])
    if riff_size + 8 > len(data) or len(data) < 30:
        raise _reject(RejectCode.CORRUPT_IMAGE, "WebP is truncated")
    chunk = data[12:16]
    body = data[20:]
    if chunk == b"VP8 ":
        if body[3:6] != b"\x9d\x01\x2a":
            raise _reject(RejectCode.CORRUPT_IMAGE, "WebP (lossy) frame header is invalid")
        width, height = struct.unpack("<HH", body[6:10])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L":
        if body[0] != 0x2F:
            raise _reject(RejectCode.CORRUPT_IMAGE, "WebP (lossless) signature is invalid")
        (bits,) = struct.unpack("<I", body[1:5])
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X":
        width = int.from_bytes(body[4:7], "little") + 1
        height = int.from_bytes(body[7:10], "little") + 1
        return width, height
    raise _reject(RejectCode.CORRUPT_IMAGE, "WebP has no image chunk")


_PARSERS = {"png": _png, "jpeg": _jpeg, "bmp": _bmp, "webp": _webp}


# ------------------------------------------------------------------ public API


def inspect_image(data: bytes) -> ImageInfo:
    """Format and dimensions from the headers; ImageRejectedError when unusable. Never decodes."""
    if not data:
        raise _reject(RejectCode.EMPTY_FILE, "the file is empty")
    kind = sniff(data)
    if kind not in _PARSERS:
        found = f" (found {kind})" if kind else ""
        raise _reject(
            RejectCode.UNSUPPORTED_FORMAT, f"only PNG, JPEG, BMP and WebP images are accepted{found}", 415
        )
    try:
        width, height = _PARSERS[kind](data)
    except (struct.error, IndexError) as exc:
        raise _reject(RejectCode.CORRUPT_IMAGE, f"{kind.upper()} header is incomplete") from exc
    return ImageInfo(format=kind, width=width, height=height, size=len(data))  # type: ignore[arg-type]


def check_dimensions(info: ImageInfo) -> None:
    w, h = info.width, info.height
    if w <= MIN_SIDE or h <= MIN_SIDE:
        raise _reject(RejectCode.IMAGE_TOO_SMALL, f"image is {w}x{h}; both sides must be greater than {MIN_SIDE} px")
    if w >= MAX_SIDE or h >= MAX_SIDE:
        raise _reject(RejectCode.IMAGE_TOO_LARGE, f"image is {w}x{h}; both sides must be less than {MAX_SIDE} px")
    if max(w, h) / min(w, h) >= MAX_ASPECT:
        raise _reject(RejectCode.ASPECT_RATIO, f"aspect ratio of {w}x{h} is not below {MAX_ASPECT}")


def choose_delivery(size: int, *, url_possible: bool) -> Delivery:
    """Base64 up to 3 MB; a presigned URL up to 10 MB when the image lives in a bucket; else refuse."""
    if size <= 0:
        raise _reject(RejectCode.EMPTY_FILE, "the file is empty")
    if size <= BASE64_MAX_BYTES:
        return "base64"
    if not url_possible:
        raise _reject(
            RejectCode.FILE_TOO_LARGE,
            f"image is {size} bytes; images sent inline must be at most {BASE64_MAX_BYTES} bytes",
            413,
        )
    if size <= URL_MAX_BYTES:
        return "url"
    raise _reject(RejectCode.FILE_TOO_LARGE, f"image is {size} bytes; the limit is {URL_MAX_BYTES} bytes", 413)


def validate_image(data: bytes, *, url_possible: bool) -> tuple[ImageInfo, Delivery]:
    """Every pre-flight check in order: size budget, format, dimensions, aspect, then integrity (last:
    it reads the whole file, and only once the declared size is known to be within the limits)."""
    delivery = choose_delivery(len(data), url_possible=url_possible)
    info = inspect_image(data)
    check_dimensions(info)
    check_integrity(data, info.format)
    return info, delivery


def validate_upload(data: bytes, *, url_possible: bool, allow_pdf: bool) -> tuple[ImageInfo | PdfInfo, Delivery]:
    """Images as :func:`validate_image`; a PDF (by its magic bytes) is checked by
    :func:`credrec.pdf_validation.inspect_pdf` when the selected action takes PDFs (V2), and refused
    with ``PDF_REQUIRES_V2`` when it does not (V1 takes images only; we do not rasterise)."""
    if sniff(data) != "PDF":
        return validate_image(data, url_possible=url_possible)
    if not allow_pdf:
        raise _reject(PdfRejectCode.PDF_REQUIRES_V2,
                      "PDF input needs the CredentialRecognitionIntlV2 action (CREDREC_API_VERSION=v2); "
                      "the V1 action takes images only")
    delivery = choose_delivery(len(data), url_possible=url_possible)
    return inspect_pdf(data), delivery
