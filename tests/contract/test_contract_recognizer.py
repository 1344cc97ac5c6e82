"""Recognizer contract: one behaviour suite, every adapter.

* ``cloudauth`` — ``credrec.adapters.cloudauth.CloudAuthRecognizer`` (official SDK) ↔ the CloudAuth
  emulator ↔ the local OCR engine
* ``local`` — ``credrec_local.adapters.recognizer.LocalRecognizer`` over the same engine
* ``cloudauth-textpng`` / ``textpng`` — the same pair over a fast second engine that reads text
  carried in PNG chunks (``tests/servers/engines.py`` / ``tests/support/textpng.py``): it proves the
  SDK → emulator → answer path preserves what an in-process recognizer returns, in milliseconds.

URL input is a presigned URL of the OSS protocol server (what production sends for large images).
The OCR engine costs about a second per page: the real-engine params make two recognitions each
(a bill by URL with FraudCheck on, a blank page inline with it off).
"""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from credrec.errors import UpstreamRejectedError
from credrec.models import ImageInput, RecognitionParams
from credrec.ports import Recognizer
from tests.contract.conftest import (
    BUCKET,
    CREDS,
    cloud_settings,
    provider,
)
from tests.servers.images import png
from tests.support.textpng import text_png

NAME = "Jane Tan Mei Ling"
ADDRESS = "Blk 123 Orchard Road #04-56\nSingapore 238823"


@dataclass
class Case:
    recognizer: Recognizer
    bill: bytes
    name: str
    address: str
    blank: bytes
    url_for: Callable[[bytes], str]
    exact: bool  # the engine reads text exactly (no OCR noise)
    validates: bool = True  # refuses images outside the API's limits like the service does


def _fetch(url: str) -> bytes:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=10) as response:
        return response.read()


@pytest.fixture(scope="module")
def bill_document() -> Any:
    """A realistic clean bill from the document generator (skips when fonts/docgen are missing)."""
    try:
        from credrec_local.docgen import generate, render_variant
    except ImportError:
        pytest.skip("credrec_local.docgen not available")
    try:
        doc = generate(7, country="SG", kind="electricity")
        return render_variant(doc, "clean", 7)
    except Exception as exc:  # FontsMissingError and friends
        pytest.skip(f"document generator unusable here: {exc}")


@pytest.fixture(params=["cloudauth-textpng", "textpng", "cloudauth", "local"])
def case(request: pytest.FixtureRequest, oss_server: Any, make_emulator: Any) -> Iterator[Case]:
    from credrec.adapters.oss import OssObjectSource

    settings_oss = cloud_settings(oss_endpoint=oss_server.endpoint, oss_public_endpoint=oss_server.endpoint)
    source = OssObjectSource(settings_oss, provider())
    counter = iter(range(1000))

    def url_for(data: bytes) -> str:
        key = f"uploads/contract-{next(counter)}.img"
        oss_server.service.put_object(BUCKET, key, data)
        return source.presign_get(BUCKET, key, ttl_seconds=300)

    kind = request.param
    if kind.endswith("textpng"):
        from tests.support.textpng import TextChunkEngine

        bill = text_png({"Name": NAME, "Address": ADDRESS})
        blank = text_png({})
        if kind == "textpng":
            from tests.support.textpng import PngTextRecognizer

            recognizer: Recognizer = PngTextRecognizer(url_reader=_fetch)
        else:
            emulator = make_emulator(TextChunkEngine())
            from credrec.adapters.cloudauth import CloudAuthRecognizer

            recognizer = CloudAuthRecognizer(cloud_settings(cloudauth_endpoint=emulator.endpoint), provider(CREDS))
        yield Case(recognizer, bill, NAME, ADDRESS, blank, url_for, exact=True, validates=kind != "textpng")
        return

    engine = request.getfixturevalue("real_engine")
    sample = request.getfixturevalue("bill_document")
    blank = text_png({})
    if kind == "local":
        from credrec_local.adapters.recognizer import LocalRecognizer

        recognizer = LocalRecognizer(engine, url_reader=_fetch)
    else:
        from credrec.adapters.cloudauth import CloudAuthRecognizer

        emulator = make_emulator(engine)
        recognizer = CloudAuthRecognizer(cloud_settings(cloudauth_endpoint=emulator.endpoint, read_timeout_ms=60000),
                                         provider(CREDS))
    yield Case(recognizer, sample.data, sample.truth.name, sample.truth.address, blank, url_for, exact=False)


def _words(text: str | None) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", (text or "").casefold()))


def _matches(found: str | None, truth: str, exact: bool) -> bool:
    if exact:
        return found == truth
    words = _words(truth)
    return bool(words) and len(words & _words(found)) >= max(1, (len(words) + 1) // 2)


def test_bill_by_url_yields_name_address_and_fraud_verdict(case: Case) -> None:
    url = case.url_for(case.bill)
    result = case.recognizer.recognize(ImageInput(url=url), RecognitionParams(fraud_check=True))
    assert (result.success, result.sub_code) == ("S", "200")
    assert _matches(result.fields.name, case.name, case.exact), result.fields.name
    assert _matches(result.fields.address, case.address, case.exact), result.fields.address
    assert result.fraud.checked is True
    assert result.fraud.suspicious is False  # a clean, untouched page
    assert isinstance(result.ext_id_info, str) and result.ext_id_info.startswith("{")
    assert result.request_id


def test_blank_page_inline_is_213_without_fraud_check(case: Case) -> None:
    result = case.recognizer.recognize(ImageInput(data=case.blank), RecognitionParams(fraud_check=False))
    assert result.sub_code == "213"
    assert result.fields.name is None and result.fields.address is None
    assert result.fraud.checked is False


def test_bill_inline(case: Case) -> None:
    if not case.exact:
        pytest.skip("covered by the URL test; one OCR page per behaviour keeps the suite fast")
    result = case.recognizer.recognize(ImageInput(data=case.bill), RecognitionParams(fraud_check=False))
    assert (result.sub_code, result.fields.name, result.fields.address) == ("200", case.name, case.address)
    assert result.fraud.checked is False


@pytest.mark.parametrize(("image", "code"), [(png(10, 10), "UnqualifiedPhoto"), (png(8192, 16), "ToolargeImage"),
                                             (b"GIF89a" + bytes(64), "UnqualifiedPhoto")],
                         ids=["too-small", "too-wide", "gif"])
def test_images_outside_the_api_limits_are_rejected(case: Case, image: bytes, code: str) -> None:
    if not case.validates:
        pytest.skip("the PNG-text test double does not model the API's image limits")
    with pytest.raises(UpstreamRejectedError) as info:
        case.recognizer.recognize(ImageInput(data=image), RecognitionParams())
    assert info.value.code == code and not info.value.retryable
