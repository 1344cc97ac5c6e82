"""Editing-software traces in the file's metadata.

What fires (tag ``PS``):
* EXIF ``Software`` / ``ProcessingSoftware``, XMP ``CreatorTool`` / ``stEvt:softwareAgent`` (edit history),
  or PNG/WebP text chunks naming a pixel editor (Photoshop, GIMP, paint.net, Pixelmator, Affinity, Photopea, …).
* A Photoshop XMP namespace (``photoshop:``) or a Photoshop image-resource block (APP13 ``Photoshop 3.0``)
  carrying resources other than bare IPTC captions — Photoshop writes those on "Save As"; cameras,
  phones and scanners do not.

What never fires: scanner drivers and scanning apps ("Epson Scan 2", "HP Smart", "Adobe Scan",
"CamScanner", "Microsoft Lens"…), phone and camera firmware (an iOS version such as "17.4.1",
"Android", camera model strings), converters (ImageMagick, libvips). Unknown software is reported as
nothing: an unrecognised name is not evidence.

Re-save traces — a camera's EXIF in a file re-encoded by generic software (JFIF header next to camera
EXIF, no EXIF thumbnail), or a modification time well after the capture time — say "this is not the
camera's original file", which messengers and cloud uploads also cause. They are returned as
*informational* ``recompressed`` signals: reported, never counted.

These are careless-editor signals: stripping metadata defeats them, so their absence means nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
from dataclasses import dataclass, field

from credrec_local.engine.types import Page, Signal

# Pixel editors: names that mean a tool able to paint over text was the last (or an earlier) writer.
# Ordered (pattern, display name, score). Display names are product names, never document content.
_EDITORS: tuple[tuple[re.Pattern[str], str, float], ...] = tuple(
    (re.compile(p, re.I), name, score)
    for p, name, score in (
        (r"photoshop\s+lightroom|lightroom", "Adobe Lightroom", 0.7),  # photo developer; has healing tools
        (r"photoshop\s+express", "Adobe Photoshop Express", 0.85),
        (r"photoshop", "Adobe Photoshop", 0.9),
        (r"\bgimp\b", "GIMP", 0.9),
        (r"paint\.net", "paint.net", 0.9),
        (r"pixelmator", "Pixelmator", 0.9),
        (r"affinity\s+(photo|designer)", "Affinity", 0.9),
        (r"photopea", "Photopea", 0.9),
        (r"\bpixlr\b", "Pixlr", 0.9),
        (r"\bkrita\b", "Krita", 0.9),
        (r"paintshop|paint\s+shop\s+pro|corel\s*draw|corel\s+photo", "Corel", 0.9),
        (r"\bcanva\b", "Canva", 0.85),
        (r"picsart", "PicsArt", 0.85),
        (r"adobe\s+illustrator|\billustrator\b", "Adobe Illustrator", 0.85),
        (r"\binkscape\b", "Inkscape", 0.8),
        (r"snapseed", "Snapseed", 0.7),
        (r"fotor\b", "Fotor", 0.8),
        (r"\bmspaint\b|microsoft\s+paint|paint\s+3d", "Microsoft Paint", 0.85),
    )
)

_XMP_START = b"<x:xmpmeta"
_XMP_END = b"</x:xmpmeta>"


@dataclass
class Metadata:
    """What the container says about who wrote it. Built from bytes only; no pixels decoded."""

    software: list[str] = field(default_factory=list)  # EXIF Software/ProcessingSoftware, PNG Software, …
    xmp_tools: list[str] = field(default_factory=list)  # CreatorTool + history softwareAgent
    xmp_photoshop_ns: bool = False
    photoshop_irb: bool = False  # APP13 "Photoshop 3.0" with non-IPTC resources
    adobe_app14: bool = False
    jfif: bool = False
    camera_make: str | None = None
    camera_model: str | None = None
    exif_thumbnail: bool = False
    datetime_original: dt.datetime | None = None
    datetime_modified: dt.datetime | None = None


def _jpeg_segments(data: bytes) -> list[tuple[int, bytes]]:
    """(marker, payload) for every segment before the scan data."""
    out: list[tuple[int, bytes]] = []
    if not data.startswith(b"\xff\xd8"):
        return out
    i = 2
    n = len(data)
    while i + 4 <= n:
        if data[i] != 0xFF:
            break
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        if marker in (0xD9, 0xDA):  # EOI / start of scan: metadata is over
            break
        length = struct.unpack(">H", data[i + 2 : i + 4])[0]
        out.append((marker, data[i + 4 : i + 2 + length]))
        i += 2 + length
    return out


def _png_text_chunks(data: bytes) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return out
    i = 8
    while i + 8 <= len(data):
        length = struct.unpack(">I", data[i : i + 4])[0]
        ctype = data[i + 4 : i + 8]
        body = data[i + 8 : i + 8 + length]
        i += 12 + length
        if ctype == b"tEXt" and b"\0" in body:
            k, v = body.split(b"\0", 1)
            out.append((k.decode("latin-1"), v.decode("latin-1", "replace")))
        elif ctype == b"iTXt" and b"\0" in body:
            k, rest = body.split(b"\0", 1)
            # compression flag, method, language\0, translated keyword\0, text
            if len(rest) >= 2 and rest[0] == 0:
                parts = rest[2:].split(b"\0", 2)
                if len(parts) == 3:
                    out.append((k.decode("latin-1"), parts[2].decode("utf-8", "replace")))
        elif ctype == b"zTXt" and b"\0" in body:
            import zlib

            k, rest = body.split(b"\0", 1)
            try:
                out.append((k.decode("latin-1"), zlib.decompress(rest[1:]).decode("latin-1", "replace")))
            except zlib.error:
                pass
        elif ctype == b"IEND":
            break
    return out


def _xmp_packet(data: bytes) -> str | None:
    start = data.find(_XMP_START)
    if start < 0:
        return None
    end = data.find(_XMP_END, start)
    if end < 0:
        end = min(len(data), start + 65536)
    return data[start : end + len(_XMP_END)].decode("utf-8", "replace")


def _xmp_tools(xmp: str) -> list[str]:
    tools = re.findall(r"CreatorTool(?:=\"|>)([^\"<]{1,200})", xmp)
    tools += re.findall(r"softwareAgent(?:=\"|>)([^\"<]{1,200})", xmp)
    return [t.strip() for t in tools if t.strip()]


def _irb_has_photoshop_resources(payload: bytes) -> bool:
    """True when a Photoshop image-resource block holds anything beyond IPTC (0x0404)."""
    body = payload[len(b"Photoshop 3.0\0") :]
    i = 0
    found_other = False
    while i + 12 <= len(body) and body[i : i + 4] == b"8BIM":
        rid = struct.unpack(">H", body[i + 4 : i + 6])[0]
        name_len = body[i + 6]
        j = i + 7 + name_len
        if (1 + name_len) % 2:  # pascal string padded to even length
            j += 1
        if j + 4 > len(body):
            break
        size = struct.unpack(">I", body[j : j + 4])[0]
        if rid not in (0x0404,):
            found_other = True
        i = j + 4 + size + (size % 2)
    return found_other


def _parse_exif_datetime(value: object) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.strptime(value.strip()[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None


def read_metadata(data: bytes) -> Metadata:
    """Collect writer traces from JPEG, PNG or WebP bytes. Tolerates truncated or odd files."""
    meta = Metadata()
    for marker, payload in _jpeg_segments(data):
        if marker == 0xE0 and payload.startswith(b"JFIF\0"):
            meta.jfif = True
        elif marker == 0xED and payload.startswith(b"Photoshop 3.0\0"):
            meta.photoshop_irb = meta.photoshop_irb or _irb_has_photoshop_resources(payload)
        elif marker == 0xEE and payload.startswith(b"Adobe"):
            meta.adobe_app14 = True
    for key, value in _png_text_chunks(data):
        if key.lower() in ("software", "creator tool", "creatortool", "producer", "source"):
            meta.software.append(value.strip())
    xmp = _xmp_packet(data)
    if xmp:
        meta.xmp_tools = _xmp_tools(xmp)
        meta.xmp_photoshop_ns = bool(re.search(r"xmlns:photoshop=|<photoshop:|\bphotoshop:\w+=", xmp))
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as im:
            exif = im.getexif()
            for tag in (0x0131, 0x000B):  # Software, ProcessingSoftware
                v = exif.get(tag)
                if isinstance(v, str) and v.strip():
                    meta.software.append(v.strip().strip("\0"))
            make, model = exif.get(0x010F), exif.get(0x0110)
            meta.camera_make = make.strip("\0 ") if isinstance(make, str) and make.strip("\0 ") else None
            meta.camera_model = model.strip("\0 ") if isinstance(model, str) and model.strip("\0 ") else None
            meta.datetime_modified = _parse_exif_datetime(exif.get(0x0132))
            try:
                sub = exif.get_ifd(0x8769)
            except Exception:
                sub = {}
            meta.datetime_original = _parse_exif_datetime(sub.get(0x9003))
            try:
                ifd1 = exif.get_ifd(1)
            except Exception:
                ifd1 = {}
            meta.exif_thumbnail = bool(ifd1) and (0x0201 in ifd1 or 0x0111 in ifd1)
    except Exception:  # unreadable container: the other stages will complain; metadata says nothing
        meta.software = list(meta.software)
    return meta


def classify_software(name: str) -> tuple[str, float] | None:
    """(editor display name, score) when ``name`` is a pixel editor; None when benign or unknown.

    Only known editor names match, so scanner, phone and converter names (which contain none of them)
    can never fire, whatever else they say.
    """
    if not name:
        return None
    for pattern, display, score in _EDITORS:
        if pattern.search(name):
            return display, score
    return None


def signals(page: Page) -> list[Signal]:
    meta = read_metadata(page.data)
    out: list[Signal] = []
    editors: list[tuple[str, float, str]] = []
    for name in meta.software:
        hit = classify_software(name)
        if hit:
            editors.append((hit[0], hit[1], "the file's software field"))
    for name in meta.xmp_tools:
        hit = classify_software(name)
        if hit:
            editors.append((hit[0], hit[1], "the file's XMP editing history"))
    if editors:
        display, score, where = max(editors, key=lambda e: e[1])
        out.append(
            Signal(
                kind="editor_metadata",
                score=score,
                reason=f"{where} names an image editor ({display}); the image may have been edited",
                region=None,
                tag="PS",
            )
        )
    elif meta.xmp_photoshop_ns or meta.photoshop_irb:
        out.append(
            Signal(
                kind="editor_metadata",
                score=0.8,
                reason="the file carries Photoshop-specific metadata (image resources or XMP namespace); "
                "it was saved by Photoshop",
                region=None,
                tag="PS",
            )
        )
    # Re-save traces: informational only.
    camera = bool(meta.camera_make or meta.camera_model)
    if camera and page.format == "jpeg" and meta.jfif and not meta.exif_thumbnail:
        out.append(
            Signal(
                kind="recompressed",
                score=0.3,
                reason="camera metadata in a file re-encoded by other software (not the camera's original file)",
                informational=True,
            )
        )
    if (
        meta.datetime_original
        and meta.datetime_modified
        and meta.datetime_modified - meta.datetime_original > dt.timedelta(minutes=10)
    ):
        out.append(
            Signal(
                kind="recompressed",
                score=0.3,
                reason="the file was modified well after it was captured",
                informational=True,
            )
        )
    return out
