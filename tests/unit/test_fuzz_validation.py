"""Property tests of the pre-flight gate (credrec.validation + image_integrity): random bytes and
mutated real images (made here with Pillow, then bit-flipped, cut, spliced) end in an accepted image
or an ImageRejectedError with a known code - never another exception, and never an accepted image
whose header is a lie (the declared size is within the limits)."""

from __future__ import annotations

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from credrec.errors import ImageRejectedError
from credrec.validation import MAX_SIDE, MIN_SIDE, RejectCode, validate_image
from tests.support.fuzzcount import count

SETTINGS = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
CODES = {v for k, v in vars(RejectCode).items() if not k.startswith("_")}


def _page() -> Image.Image:
    image = Image.new("RGB", (96, 64), "white")
    draw = ImageDraw.Draw(image)
    for y in range(4, 60, 9):
        draw.line((6, y, 88, y + 2), fill=(20, 20, 60), width=2)
    return image


def _encode(fmt: str, **kw) -> bytes:
    out = io.BytesIO()
    _page().save(out, fmt, **kw)
    return out.getvalue()


SEEDS = {
    "png": _encode("PNG"), "jpeg": _encode("JPEG", quality=80), "jpeg-progressive": _encode("JPEG", progressive=True),
    "bmp": _encode("BMP"), "webp": _encode("WEBP", quality=70), "webp-lossless": _encode("WEBP", lossless=True),
}


def _check(data: bytes) -> None:
    try:
        info, delivery = validate_image(data, url_possible=False)
    except ImageRejectedError as exc:
        assert exc.code in CODES and exc.http_status in (400, 413, 415), exc
        return
    assert delivery == "base64"
    assert MIN_SIDE < info.width < MAX_SIDE and MIN_SIDE < info.height < MAX_SIDE


@SETTINGS
@given(data=st.binary(max_size=4096))
def test_random_bytes(data):
    count("hypothesis: validation on random bytes")
    _check(data)


@SETTINGS
@given(magic=st.sampled_from([b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"BM", b"RIFF\x00\x00\x00\x00WEBPVP8 "]),
       tail=st.binary(max_size=2048))
def test_random_bytes_behind_a_real_signature(magic, tail):
    count("hypothesis: validation on random bytes behind an image signature")
    _check(magic + tail)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(SEEDS[draw(st.sampled_from(sorted(SEEDS)))])
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "cut", "splice", "zero", "duplicate"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "cut":
            del data[at:]
        elif kind == "splice":
            data[at:at] = draw(st.binary(min_size=1, max_size=32))
        elif kind == "zero":
            data[at:at + draw(st.integers(1, 64))] = b"\0" * 8
        else:
            data[at:at] = data[at:at + draw(st.integers(1, 256))]
    return bytes(data)


@SETTINGS
@given(data=mutated())
def test_mutated_real_images(data):
    count("hypothesis: validation on mutated real images")
    _check(data)
