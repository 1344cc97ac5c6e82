"""Editing-software traces in metadata: editors fire (tag PS), scanners/phones/converters never do."""

from __future__ import annotations

import io
import struct

import numpy as np
import pytest
from PIL import Image

from credrec_local.engine.forensics import metadata
from tests.unit.forensics.pages import jpeg, page, png

BLANK = np.full((64, 64, 3), 245, np.uint8)


def _kinds(data: bytes) -> list[tuple[str, bool]]:
    return [(s.kind, s.informational) for s in metadata.signals(page(data))]


@pytest.mark.parametrize("software", ["Adobe Photoshop 25.4 (Windows)", "GIMP 2.10.36", "paint.net 5.0.12",
                                      "Pixelmator Pro 3.5", "Adobe Photoshop Lightroom Classic 13.1"])
def test_exif_software_naming_an_editor_fires_ps(software):
    sigs = metadata.signals(page(jpeg(BLANK, exif={0x0131: software})))
    assert [s.kind for s in sigs] == ["editor_metadata"]
    assert sigs[0].tag == "PS" and not sigs[0].informational
    assert sigs[0].score >= 0.5


@pytest.mark.parametrize("software", ["Epson Scan 2", "HP Smart", "Canon IJ Scan Utility", "NAPS2", "Adobe Scan",
                                      "17.5.1", "S911BXXU3CXD1", "Microsoft Lens", "ImageMagick 7.1.1"])
def test_scanner_phone_and_converter_software_never_fires(software):
    data = jpeg(BLANK, exif={0x0131: software, 0x010F: "Apple", 0x0110: "iPhone 13"})
    assert not [k for k, info in _kinds(data) if not info]


def test_xmp_creator_tool_and_history_fire_without_exif():
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           b'<rdf:Description xmp:CreatorTool="GIMP 2.10" xmlns:xmp="http://ns.adobe.com/xap/1.0/"/>'
           b"</rdf:RDF></x:xmpmeta>")
    buf = io.BytesIO()
    Image.fromarray(BLANK).save(buf, format="JPEG", xmp=xmp)
    sigs = metadata.signals(page(buf.getvalue()))
    assert sigs and sigs[0].kind == "editor_metadata" and "XMP" in sigs[0].reason


def _with_app13(data: bytes, resource_id: int) -> bytes:
    body = b"8BIM" + struct.pack(">H", resource_id) + b"\x00\x00" + struct.pack(">I", 4) + b"\x00\x00\x00\x01"
    payload = b"Photoshop 3.0\x00" + body
    seg = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    return data[:2] + seg + data[2:]


def test_photoshop_resource_block_fires_but_bare_iptc_does_not():
    base = jpeg(BLANK)
    assert [k for k, _ in _kinds(_with_app13(base, 0x03ED))] == ["editor_metadata"]  # resolution info
    assert _kinds(_with_app13(base, 0x0404)) == []  # IPTC captions only: news/photo tools write these too


def test_png_software_text_chunk():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Software", "GIMP 2.10.34")
    buf = io.BytesIO()
    Image.fromarray(BLANK).save(buf, format="PNG", pnginfo=info)
    assert [k for k, _ in _kinds(buf.getvalue())] == ["editor_metadata"]
    assert _kinds(png(BLANK)) == []


def test_camera_exif_in_a_re_encoded_file_is_informational_only():
    data = jpeg(BLANK, exif={0x010F: "samsung", 0x0110: "SM-S911B"})  # PIL writes JFIF + EXIF, no thumbnail
    kinds = _kinds(data)
    assert ("recompressed", True) in kinds
    assert all(info for _, info in kinds)


def test_reasons_name_the_tool_not_the_document():
    sig = metadata.signals(page(jpeg(BLANK, exif={0x0131: "Adobe Photoshop 24.7 (Macintosh)"})))[0]
    assert "Adobe Photoshop" in sig.reason and "(Macintosh)" not in sig.reason


def test_generated_editor_sample_fires_and_clean_scan_does_not(samples):
    assert [s.kind for s in metadata.signals(page(samples("editor").data)) if not s.informational] == ["editor_metadata"]
    assert [s for s in metadata.signals(page(samples("clean").data)) if not s.informational] == []
    assert [s for s in metadata.signals(page(samples("resaved").data)) if not s.informational] == []
