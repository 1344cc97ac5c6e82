"""Tiny valid images written with the stdlib, for tests that need bytes the validators accept."""

from __future__ import annotations

import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(width: int = 64, height: int = 48, *, shade: int = 200, noise_bytes: int = 0) -> bytes:
    """A grey RGB PNG. ``noise_bytes`` appends an ancillary chunk to reach a given file size."""
    row = b"\x00" + bytes([shade, shade, shade]) * width
    raw = zlib.compress(row * height, 9)
    out = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    if noise_bytes:
        out += _chunk(b"teXt", b"pad\x00" + b"x" * noise_bytes)
    return out + _chunk(b"IDAT", raw) + _chunk(b"IEND", b"")


def png_of_size(size: int, width: int = 64, height: int = 48) -> bytes:
    """A valid PNG of exactly ``size`` bytes (padding in a tEXt chunk)."""
    base = len(png(width, height))
    padding = size - base - 12 - 4  # chunk overhead + 'pad\0'
    if padding < 0:
        raise ValueError(f"size must be at least {base + 16}")
    data = png(width, height, noise_bytes=padding)
    assert len(data) == size
    return data
