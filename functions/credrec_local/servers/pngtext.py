"""PNG images that carry their own text, and the light engine that answers from it.

``text_png`` writes a valid grey PNG whose ``tEXt`` chunks hold the document's text (``Name``,
``Address`` with lines joined by ``\\n``, ``Fraud`` = ``Y`` to flag it, any other field). The
``PngTextEngine`` answers the emulator's ``recognize(data, *, doc_type, ocr_area, fraud_check)`` from
those chunks in microseconds, with the API's answer shape and SubCode rules (200, 212 when ``Fraud``
says so, 213 when there is no text), after a genuine PNG chunk walk with CRC checks.

It is the emulator's ``--load`` answer path (load tests need hundreds of answers a second; the OCR
engine gives about one) and the tests' fast engine. It reads no pixels: never use it to judge
recognition quality.
"""

from __future__ import annotations

import io
import json
import struct
import zlib
from dataclasses import dataclass

from credrec.errors import UpstreamRejectedError

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def text_png(texts: dict[str, str] | None = None, *, width: int = 640, height: int = 480) -> bytes:
    """A valid grey PNG of the given size whose tEXt chunks hold ``texts`` (keyword → text)."""
    raw = b"".join(b"\x00" + b"\xf0" * width for _ in range(height))
    out = io.BytesIO()
    out.write(PNG_SIGNATURE)
    out.write(_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)))
    for key, value in (texts or {}).items():
        out.write(_chunk(b"tEXt", key.encode("latin-1") + b"\x00" + value.encode("utf-8")))
    out.write(_chunk(b"IDAT", zlib.compress(raw, 9)))
    out.write(_chunk(b"IEND", b""))
    return out.getvalue()


def read_text_chunks(data: bytes) -> dict[str, str]:
    """The tEXt chunks of a PNG (keyword → text); refuses non-PNG data and corrupt chunks."""
    if not data.startswith(PNG_SIGNATURE):
        raise UpstreamRejectedError("not a PNG", code="InvalidParameter")
    pos, found = 8, {}
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        if zlib.crc32(kind + body) & 0xFFFFFFFF != crc:
            raise UpstreamRejectedError("PNG chunk CRC mismatch", code="UnqualifiedPhoto")
        if kind == b"tEXt":
            key, _, value = body.partition(b"\x00")
            found[key.decode("latin-1")] = value.decode("utf-8")
        if kind == b"IEND":
            break
        pos += 12 + length
    return found


@dataclass(frozen=True)
class EngineAnswer:
    success: str
    sub_code: str
    ext_id_info: str


class PngTextEngine:
    """The local engine's interface over PNG text chunks (see the module docstring)."""

    def recognize(self, data: bytes, *, doc_type: str, ocr_area: str, fraud_check: bool) -> EngineAnswer:
        texts = read_text_chunks(data)
        name, address = texts.get("Name"), texts.get("Address")
        if not name and not address:
            sub_code, success, rec = "213", "F", {}
        else:
            rec = {"name": name or "", "address": address or ""}
            rec.update({k: v for k, v in texts.items() if k not in ("Name", "Address", "Fraud")})
            sub_code, success = "200", "S"
        ext: dict[str, object] = {"recInfo": rec}
        if fraud_check:
            flagged = texts.get("Fraud", "").upper() == "Y"
            ext["spoofInfo"] = {"spoofResult": "Y" if flagged else "N", "spoofType": ["PS"] if flagged else []}
            if flagged and sub_code == "200":
                sub_code = "212"
        return EngineAnswer(success, sub_code, json.dumps(ext, ensure_ascii=False))
