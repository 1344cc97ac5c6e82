"""Hand-built PDF files for tests: exact bytes, correct cross-reference tables, and malformed shapes
(bombs, loops, encryption) that no well-behaved writer would emit."""

from __future__ import annotations

import struct
import zlib


def build_pdf(objects: list[bytes], *, root: int = 1, extra_trailer: bytes = b"", version: bytes = b"1.7") -> bytes:
    """``objects[i]`` is the body of object ``i + 1`` (without ``obj``/``endobj``)."""
    out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, extra_trailer, xref)
    return bytes(out)


def stream(data: bytes, *, compress: bool = False, extra: bytes = b"") -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def simple_pdf(pages: int = 1, *, media_box: bytes = b"[0 0 595 842]", page_extra: bytes = b"",
               count: int | None = None, content: bytes = b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET") -> bytes:
    """Catalog, page tree, ``pages`` pages sharing one content stream and one font."""
    first_page = 5
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(pages))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages if count is None else count),
        stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for _ in range(pages):
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Contents 3 0 R "
                    b"/Resources << /Font << /F1 4 0 R >> >> %s>>" % (media_box, page_extra))
    return build_pdf(objs)


def nested_array(depth: int) -> bytes:
    return b"[" * depth + b"0" + b"]" * depth


def objstm_bomb_pdf(inflated_bytes: int) -> bytes:
    """The catalog and page tree live in an object stream whose Flate data inflates to ``inflated_bytes``
    (the objects first, then padding): reading the page tree means inflating the whole stream."""
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    pages = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"
    header = b"1 0 2 %d 3 %d " % (len(catalog) + 1, len(catalog) + len(pages) + 2)
    body = header + catalog + b" " + pages + b" " + page + b" "
    padded = body + b" " * max(0, inflated_bytes - len(body))
    comp = zlib.compress(padded, 9)
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    objstm_off = len(out)
    out += (b"4 0 obj\n<< /Type /ObjStm /N 3 /First %d /Length %d /Filter /FlateDecode >>\nstream\n"
            % (len(header), len(comp)) + comp + b"\nendstream\nendobj\n")
    xref_off = len(out)
    rows = [(0, 0, 65535), (2, 4, 0), (2, 4, 1), (2, 4, 2), (1, objstm_off, 0), (1, xref_off, 0)]
    table = b"".join(struct.pack(">BIH", a, b, c) for a, b, c in rows)
    out += (b"5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % len(table)
            + table + b"\nendstream\nendobj\n")
    out += b"startxref\n%d\n%%%%EOF\n" % xref_off
    return bytes(out)


def image_page_pdf(content: bytes, *, gray: bytes = b"\x20\x60\xa0\xe0", text_page: bool = False) -> bytes:
    """One page with a 2x2 grey image XObject ``/Im1`` and Helvetica ``/F1``; ``content`` draws them.
    With ``text_page``, a second page carries only text (a mixed document)."""
    image = (b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
             b"/BitsPerComponent 8 /Length %d >>\nstream\n" % len(gray) + gray + b"\nendstream")
    kids = b"4 0 R 6 0 R" if text_page else b"4 0 R"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, 2 if text_page else 1),
        stream(content),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
        b"/Resources << /Font << /F1 5 0 R >> /XObject << /Im1 7 0 R >> >> >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 8 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        image,
        stream(b"BT /F1 12 Tf 72 720 Td (Terms and conditions of the account apply) Tj ET"),
    ]
    return build_pdf(objs)
