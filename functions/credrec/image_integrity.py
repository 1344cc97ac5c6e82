"""Structural integrity of an image whose header already passed: is there a decodable picture?

``validation`` reads format and dimensions from the headers; this module walks the rest of the file
so that uploads a decoder would refuse are REJECTED ``CORRUPT_IMAGE`` before any billed call, with
bounded memory and no image library:

* PNG: every chunk's length and CRC, ``IHDR`` first, ``IEND`` reached (bytes after it are allowed,
  as decoders ignore them), and the ``IDAT`` stream inflated in bounded steps to exactly the size
  the header implies (scanlines x filter bytes, Adam7 passes included): a corrupted, truncated or
  padded stream, or a header declaring far more pixels than the data holds, is refused. Inflating
  stops as soon as the output exceeds the expected size, so a bomb costs at most that much work,
  and the caller checks the declared dimensions (< 8192 px a side) first.
* JPEG: baseline, extended or progressive frames of 8-bit precision only (lossless, hierarchical
  and 12-bit JPEGs are refused: common decoders and the service do not take them); a sane frame
  header; for a Huffman-coded sequential scan, at least the bits its tables need to code every
  block (a file cut short far enough and given an end-of-image marker is below that), and with
  restart markers, as many as the scan's MCUs call for (which catches any cut).
* BMP: the pixel array inside the file; an RLE4/RLE8 stream walked to its end-of-bitmap without
  drawing outside the image; BMPs wrapping a JPEG or PNG refused.
* WebP: every RIFF chunk inside the file; a ``VP8``/``VP8L`` image chunk present and, for lossy
  frames, the first partition inside the chunk (a header-only file has no picture).

What this cannot see: a scan whose bytes are all present but wrong (a JPEG with a damaged middle
still decodes, with garbage); only a full decoder can tell that.
"""

from __future__ import annotations

import struct
import zlib

from .errors import ImageRejectedError

CORRUPT_IMAGE = "CORRUPT_IMAGE"
_INFLATE_STEP = 1 << 20  # bytes of inflated output per step: memory stays bounded


def _corrupt(message: str) -> ImageRejectedError:
    return ImageRejectedError(message, code=CORRUPT_IMAGE, http_status=400)


def check_integrity(data: bytes, kind: str) -> None:
    """Raise ``ImageRejectedError(CORRUPT_IMAGE)`` when ``data`` (of format ``kind``) holds no
    decodable picture. ``kind`` is ``validation.sniff``'s answer: png, jpeg, bmp or webp."""
    checker = {"png": _png, "jpeg": _jpeg, "bmp": _bmp, "webp": _webp}.get(kind)
    if checker is None:
        return
    try:
        checker(data)
    except (struct.error, IndexError, KeyError, ValueError) as exc:
        raise _corrupt(f"{kind.upper()} structure is incomplete") from exc


# ------------------------------------------------------------------ PNG

_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))


def png_raw_size(width: int, height: int, depth: int, color: int, interlace: int) -> int:
    """Bytes of filtered scanlines the IDAT stream must inflate to."""
    bits = depth * _CHANNELS[color]

    def rows(w: int, h: int) -> int:
        return 0 if w == 0 or h == 0 else h * (1 + (w * bits + 7) // 8)

    if interlace == 0:
        return rows(width, height)
    total = 0
    for x0, y0, dx, dy in _ADAM7:
        total += rows((width - x0 + dx - 1) // dx, (height - y0 + dy - 1) // dy)
    return total


def _png(data: bytes) -> None:
    pos, size = 8, len(data)
    ihdr: tuple[int, int, int, int, int] | None = None
    idat: list[memoryview] = []
    view = memoryview(data)
    while True:
        if pos + 12 > size:
            raise _corrupt("PNG is truncated (no IEND chunk)")
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        ctype = data[pos + 4:pos + 8]
        end = pos + 12 + length
        if length > 0x7FFFFFFF or end > size:
            raise _corrupt("PNG chunk runs past the end of the file")
        (crc,) = struct.unpack(">I", data[end - 4:end])
        if zlib.crc32(view[pos + 4:end - 4]) & 0xFFFFFFFF != crc:
            raise _corrupt(f"PNG {ctype.decode('latin-1')!r} chunk checksum mismatch")
        if ihdr is None:
            if ctype != b"IHDR" or length != 13:
                raise _corrupt("PNG does not start with its IHDR chunk")
            width, height, depth, color, _comp, _filter, interlace = struct.unpack(">IIBBBBB", data[pos + 8:pos + 21])
            if color not in _CHANNELS or interlace not in (0, 1):
                raise _corrupt("PNG header has an invalid colour type or interlace method")
            ihdr = (width, height, depth, color, interlace)
        elif ctype == b"IDAT":
            idat.append(view[pos + 8:end - 4])
        elif ctype == b"IEND":
            break
        pos = end
    if not idat:
        raise _corrupt("PNG has no image data (no IDAT chunk)")
    expected = png_raw_size(*ihdr)
    inflater = zlib.decompressobj()
    produced = 0
    try:
        for part in idat:
            chunk = inflater.decompress(part, _INFLATE_STEP)
            produced += len(chunk)
            while inflater.unconsumed_tail and produced <= expected:
                chunk = inflater.decompress(inflater.unconsumed_tail, _INFLATE_STEP)
                produced += len(chunk)
            if produced > expected:
                raise _corrupt("PNG image data is larger than its header declares")
        while not inflater.eof and produced <= expected:
            chunk = inflater.flush(_INFLATE_STEP) if not inflater.unconsumed_tail else inflater.decompress(
                inflater.unconsumed_tail, _INFLATE_STEP)
            if not chunk:
                break
            produced += len(chunk)
    except zlib.error as exc:
        raise _corrupt("PNG image data is corrupt (deflate stream error)") from exc
    if produced != expected or not inflater.eof:
        raise _corrupt(f"PNG image data holds {produced} of the {expected} bytes its header declares")


# ------------------------------------------------------------------ JPEG

_SUPPORTED_SOF = {0xC0, 0xC1, 0xC2, 0xC9, 0xCA}  # baseline, extended, progressive (Huffman or arithmetic)
_HUFFMAN_SEQUENTIAL = {0xC0, 0xC1}
_OTHER_SOF = {0xC3: "lossless", 0xC5: "hierarchical", 0xC6: "hierarchical", 0xC7: "hierarchical lossless",
              0xCB: "lossless", 0xCD: "hierarchical", 0xCE: "hierarchical", 0xCF: "hierarchical lossless"}


def _huffman_lengths(table: bytes) -> dict[int, int]:
    """symbol → code length for one DHT table body (16 counts, then the symbols)."""
    counts = table[:16]
    lengths: dict[int, int] = {}
    pos = 16
    for bits, count in enumerate(counts, start=1):
        for symbol in table[pos:pos + count]:
            lengths.setdefault(symbol, bits)
        pos += count
    return lengths


def _jpeg(data: bytes) -> None:
    pos, size = 2, len(data)
    tables: dict[tuple[int, int], dict[int, int]] = {}
    frame: dict[int, tuple[int, int]] | None = None  # component id → (h, v) sampling
    dims = (0, 0)
    sequential = False
    restart_interval = 0
    while pos < size:
        if data[pos] != 0xFF:
            raise _corrupt("JPEG marker structure is broken")
        while pos < size and data[pos] == 0xFF:
            pos += 1
        if pos >= size:
            break
        marker = data[pos]
        pos += 1
        if marker == 0xD8 or 0xD0 <= marker <= 0xD7 or marker == 0x01:
            continue
        if marker == 0xD9:
            break
        (length,) = struct.unpack(">H", data[pos:pos + 2])
        body = data[pos + 2:pos + length]
        if length < 2 or pos + length > size:
            raise _corrupt("JPEG segment runs past the end of the file")
        if marker in _OTHER_SOF:
            raise _corrupt(f"JPEG is {_OTHER_SOF[marker]}, which the service cannot decode")
        if marker in _SUPPORTED_SOF:
            precision, height, width, ncomp = struct.unpack(">BHHB", body[:6])
            if precision != 8:
                raise _corrupt(f"JPEG has {precision}-bit samples; only 8-bit JPEGs can be decoded")
            if ncomp not in (1, 3, 4) or length != 8 + 3 * ncomp:
                raise _corrupt("JPEG frame header is inconsistent")
            frame = {}
            for i in range(ncomp):
                cid, sampling, _tq = body[6 + 3 * i:9 + 3 * i]
                h, v = sampling >> 4, sampling & 15
                if not (1 <= h <= 4 and 1 <= v <= 4):
                    raise _corrupt("JPEG frame header has invalid sampling factors")
                frame[cid] = (h, v)
            dims, sequential = (width, height), marker in _HUFFMAN_SEQUENTIAL
            if width == 0 or height == 0:
                raise _corrupt("JPEG declares an empty frame")
        elif marker == 0xC4:
            at = 0
            while at < len(body):
                klass, ident = body[at] >> 4, body[at] & 15
                total = 17 + sum(body[at + 1:at + 17])
                if len(body) < at + total:
                    raise _corrupt("JPEG Huffman table is truncated")
                tables[(klass, ident)] = _huffman_lengths(body[at + 1:at + total])
                at += total
        elif marker == 0xDD:
            (restart_interval,) = struct.unpack(">H", body[:2])
        elif marker == 0xDA:
            if frame is None:
                raise _corrupt("JPEG has no frame header before its scan")
            scan_end = data.rfind(b"\xff\xd9")
            if scan_end <= pos + length:
                raise _corrupt("JPEG is truncated (no end-of-image marker)")
            if sequential:
                _check_sequential_scan(data, pos + length, scan_end, body, frame, dims, tables, restart_interval)
            return
        pos += length
    raise _corrupt("JPEG has no image data")


def _check_sequential_scan(data: bytes, start: int, end: int, header: bytes, frame: dict[int, tuple[int, int]],
                           dims: tuple[int, int], tables: dict[tuple[int, int], dict[int, int]],
                           restart_interval: int) -> None:
    """A sequential scan must hold at least one DC code and one end-of-block per block."""
    ncomp = header[0]
    selectors = {header[1 + 2 * i]: header[2 + 2 * i] for i in range(ncomp)}
    hmax = max(h for h, _ in frame.values())
    vmax = max(v for _, v in frame.values())
    width, height = dims
    if ncomp == 1:  # a single-component scan codes that component's blocks, not whole MCUs
        (cid,) = selectors
        h, v = frame.get(cid, (1, 1))
        component_w, component_h = -(-width * h // hmax), -(-height * v // vmax)
        units = -(-component_w // 8) * -(-component_h // 8)
        blocks = {cid: units}
    else:
        units = -(-width // (8 * hmax)) * -(-height // (8 * vmax))  # MCUs
        blocks = {cid: units * frame[cid][0] * frame[cid][1] for cid in selectors if cid in frame}
    minimum = 0
    for cid, count in blocks.items():
        dc = tables.get((0, selectors[cid] >> 4), {})
        ac = tables.get((1, selectors[cid] & 15), {})
        if not dc or not ac:
            raise _corrupt("JPEG scan uses a Huffman table the file does not define")
        eob = ac.get(0x00, min(ac.values()))
        minimum += count * (min(dc.values()) + eob)
    segment = data[start:end]
    restarts = sum(segment.count(bytes((0xFF, m))) for m in range(0xD0, 0xD8))
    coded_bits = (len(segment) - segment.count(b"\xff\x00") - 2 * restarts) * 8
    if coded_bits < minimum:
        raise _corrupt("JPEG scan is too short to code every block (the file is truncated)")
    if restart_interval:
        wanted = -(-units // restart_interval) - 1
        if restarts < wanted:
            raise _corrupt(f"JPEG scan has {restarts} of its {wanted} restart markers (the file is truncated)")


# ------------------------------------------------------------------ BMP


def _bmp(data: bytes) -> None:
    (offset,) = struct.unpack("<I", data[10:14])
    (dib,) = struct.unpack("<I", data[14:18])
    if dib < 40:
        return  # OS/2 core header: uncompressed, the pixel array was checked with the header
    width, height = struct.unpack("<ii", data[18:26])
    bpp, compression = struct.unpack("<HI", data[28:34])
    if compression in (4, 5):
        raise _corrupt("BMP wraps a JPEG or PNG; send that image itself")
    if compression in (1, 2):
        if (compression, bpp) not in ((1, 8), (2, 4)):
            raise _corrupt("BMP compression does not match its bit depth")
        _walk_rle(data[offset:], width, abs(height), nibbles=compression == 2)
    elif compression not in (0, 3, 6):
        raise _corrupt(f"BMP uses unknown compression {compression}")


def _walk_rle(stream: bytes, width: int, height: int, *, nibbles: bool) -> None:
    """Follow an RLE8/RLE4 stream to its end-of-bitmap, never drawing outside the image."""
    x = y = pos = 0
    size = len(stream)
    while pos + 1 < size:
        count, value = stream[pos], stream[pos + 1]
        pos += 2
        if count:
            x += count
        elif value == 0:  # end of line
            x, y = 0, y + 1
        elif value == 1:  # end of bitmap
            return
        elif value == 2:  # delta
            if pos + 2 > size:
                break
            x, y = x + stream[pos], y + stream[pos + 1]
            pos += 2
        else:  # absolute run of `value` pixels, padded to 16 bits
            nbytes = (value + 1) // 2 if nibbles else value
            pos += nbytes + (nbytes & 1)
            x += value
        if x > width or y > height:
            raise _corrupt("BMP RLE data draws outside the image")
    raise _corrupt("BMP RLE data has no end-of-bitmap (the file is truncated or not RLE)")


# ------------------------------------------------------------------ WebP


def _webp(data: bytes) -> None:
    (riff_size,) = struct.unpack("<I", data[4:8])
    end = min(len(data), 8 + riff_size)
    pos = 12
    image = False
    while pos + 8 <= end:
        ctype = data[pos:pos + 4]
        (length,) = struct.unpack("<I", data[pos + 4:pos + 8])
        body_end = pos + 8 + length
        if body_end > end:
            raise _corrupt("WebP chunk runs past the end of the file")
        if ctype == b"VP8 ":
            if length < 10:
                raise _corrupt("WebP lossy frame is empty")
            tag = int.from_bytes(data[pos + 8:pos + 11], "little")
            first_partition = tag >> 5
            if tag & 1 or 10 + first_partition > length:  # bit 0 set: not a key frame
                raise _corrupt("WebP lossy frame is truncated (no image data after its header)")
            image = True
        elif ctype == b"VP8L":
            if length <= 5:
                raise _corrupt("WebP lossless frame is empty")
            image = True
        pos = body_end + (length & 1)
    if not image:
        raise _corrupt("WebP holds no image frame")
