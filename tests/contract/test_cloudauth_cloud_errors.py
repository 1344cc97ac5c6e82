"""CloudAuthRecognizer behaviours only the cloud adapter has: wire shape, failures, timeouts, rotation.

Against the emulator where a well-behaved service answers, and against a scripted server for the
answers no well-behaved service gives (HTTP 200 with an error Code, HTML from a proxy …).
"""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from credrec.adapters.cloudauth import CloudAuthRecognizer
from credrec.credentials import Credentials
from credrec.errors import (
    ConfigurationError,
    NetworkError,
    UpstreamProtocolError,
    UpstreamRejectedError,
    UpstreamUnavailableError,
)
from credrec.models import ImageInput, RecognitionParams
from tests.contract.conftest import CREDS, PERMANENT, closed_port, cloud_settings, provider
from tests.servers.images import png
from tests.servers.scripted import ScriptedServer
from tests.support.textpng import text_png

BILL = text_png({"Name": "Jane Tan", "Address": "1 Orchard Road"})
OK_ANSWER = {"RequestId": "RID-1", "Code": "Success", "Message": "success",
             "Result": {"Success": "S", "SubCode": "200", "ExtIdInfo": '{"name": "Jane", "address": "Road 1"}'}}


def recognizer(endpoint: str, credentials: Any = None, **settings: Any) -> CloudAuthRecognizer:
    return CloudAuthRecognizer(cloud_settings(cloudauth_endpoint=endpoint, **settings),
                               credentials or provider(CREDS))


@pytest.fixture
def scripted() -> Any:
    with ScriptedServer() as server:
        yield server


# ---------------------------------------------------------------- what goes on the wire


def test_request_shape(scripted: Any) -> None:
    scripted.script.push(200, OK_ANSWER)
    scripted.script.push(200, OK_ANSWER)
    rec = recognizer(scripted.netloc)
    rec.recognize(ImageInput(data=BILL), RecognitionParams(doc_type="04", ocr_area="0401", fraud_check=False))
    rec.recognize(ImageInput(url="https://bucket.oss.example/k.png?x-oss-signature=s&a=b"), RecognitionParams())

    inline, by_url = scripted.script.requests
    assert inline.method == "POST" and urlsplit(inline.path).path == "/"
    assert inline.header("x-acs-action") == "CredentialRecognitionIntl"
    assert inline.header("x-acs-version") == "2022-08-09"
    assert inline.header("x-acs-security-token") == CREDS.security_token
    assert inline.header("Authorization").startswith(f"ACS3-HMAC-SHA256 Credential={CREDS.access_key_id},")
    query = parse_qs(urlsplit(inline.path).query)
    assert query == {"ProductCode": ["CREDENTIAL_RECOGNITION"], "DocType": ["04"], "OcrArea": ["0401"],
                     "FraudCheck": ["false"]}
    form = parse_qs(inline.body.decode())
    assert list(form) == ["CredentialOcrPictureBase64"]  # exactly one picture, in the form body
    assert base64.b64decode(form["CredentialOcrPictureBase64"][0]) == BILL
    assert parse_qs(urlsplit(by_url.path).query)["FraudCheck"] == ["true"]
    assert parse_qs(by_url.body.decode()) == {
        "CredentialOcrPictureUrl": ["https://bucket.oss.example/k.png?x-oss-signature=s&a=b"]}


def test_success_answer_is_parsed(scripted: Any) -> None:
    scripted.script.push(200, OK_ANSWER)
    result = recognizer(scripted.netloc).recognize(ImageInput(data=BILL), RecognitionParams(fraud_check=False))
    assert (result.success, result.sub_code, result.request_id) == ("S", "200", "RID-1")
    assert (result.fields.name, result.fields.address) == ("Jane", "Road 1")
    assert result.ext_id_info == OK_ANSWER["Result"]["ExtIdInfo"]


def test_ext_id_info_sent_as_an_object_is_kept_as_a_string(scripted: Any) -> None:
    answer = {**OK_ANSWER, "Code": "200", "Result": {"Success": "S", "SubCode": "200",
                                                     "ExtIdInfo": {"name": "Jane", "address": "Road 1"}}}
    scripted.script.push(200, answer)
    result = recognizer(scripted.netloc).recognize(ImageInput(data=BILL), RecognitionParams(fraud_check=False))
    assert result.fields.name == "Jane" and isinstance(result.ext_id_info, str)


# ---------------------------------------------------------------- HTTP 200 that is not a success


@pytest.mark.parametrize(
    ("answer", "error", "code"),
    [
        ({"RequestId": "r", "Code": "InvalidParameter", "Message": "bad DocType"}, UpstreamRejectedError,
         "InvalidParameter"),
        ({"RequestId": "r", "Code": "Throttling.Api", "Message": "flow control"}, None, "Throttling.Api"),
        ({"RequestId": "r", "Code": "SomethingOdd", "Message": "?"}, UpstreamProtocolError, "SomethingOdd"),
        ({"RequestId": "r", "Message": "no code at all"}, UpstreamProtocolError, None),
        ({"RequestId": "r", "Code": "Success", "Message": "success"}, UpstreamProtocolError, None),
        ({"RequestId": "r", "Code": "Success", "Result": {"Success": "S"}}, UpstreamProtocolError, None),
    ],
    ids=["error-code", "throttled-on-200", "unknown-code", "no-code", "no-result", "no-subcode"],
)
def test_http_200_without_success(scripted: Any, answer: dict, error: Any, code: str | None) -> None:
    scripted.script.push(200, answer)
    with pytest.raises(Exception) as info:
        recognizer(scripted.netloc).recognize(ImageInput(data=BILL), RecognitionParams())
    if error is not None:
        assert type(info.value) is error
    else:
        assert info.value.retryable  # throttling on a 200 is still throttling
    if code:
        assert info.value.code == code
    assert "RequestId" not in info.value.message or "r" in info.value.message


def test_html_from_a_proxy_is_retryable(scripted: Any) -> None:
    scripted.script.push(502, b"<html><body>502 Bad Gateway</body></html>", content_type="text/html")
    with pytest.raises(UpstreamUnavailableError) as info:
        recognizer(scripted.netloc).recognize(ImageInput(data=BILL), RecognitionParams())
    assert info.value.retryable


def test_the_sdk_makes_one_attempt_only(scripted: Any) -> None:
    for _ in range(3):
        scripted.script.push(500, {"RequestId": "r", "Code": "InternalError", "Message": "boom"})
    with pytest.raises(UpstreamUnavailableError):
        recognizer(scripted.netloc).recognize(ImageInput(data=BILL), RecognitionParams())
    assert len(scripted.script.requests) == 1  # the pipeline's retry layer owns retries


def test_unknown_5xx_and_429(scripted: Any) -> None:
    scripted.script.push(503, {"RequestId": "r", "Code": "ServiceUnavailable", "Message": "busy"})
    scripted.script.push(429, {"RequestId": "r", "Code": "TooMany", "Message": "slow down"})
    rec = recognizer(scripted.netloc)
    with pytest.raises(UpstreamUnavailableError):
        rec.recognize(ImageInput(data=BILL), RecognitionParams())
    with pytest.raises(Exception) as info:
        rec.recognize(ImageInput(data=BILL), RecognitionParams())
    assert type(info.value).__name__ == "ThrottledError"


# ---------------------------------------------------------------- network


def test_connection_refused_is_network_error() -> None:
    with pytest.raises(NetworkError) as info:
        recognizer(f"127.0.0.1:{closed_port()}").recognize(ImageInput(data=BILL), RecognitionParams())
    assert info.value.retryable
    assert CREDS.access_key_secret not in info.value.message


def test_read_timeout_is_network_error(make_emulator: Any, text_engine: Any) -> None:
    emu = make_emulator(text_engine, latency_ms=3000)
    with pytest.raises(NetworkError):
        recognizer(emu.endpoint).recognize(ImageInput(data=BILL), RecognitionParams(), timeout_s=0.3)


def test_no_time_left_sends_nothing(make_emulator: Any, text_engine: Any) -> None:
    emu = make_emulator(text_engine)
    with pytest.raises(NetworkError) as info:
        recognizer(emu.endpoint).recognize(ImageInput(data=BILL), RecognitionParams(), timeout_s=0)
    assert info.value.code == "DEADLINE_EXCEEDED"
    assert emu.service.stats == {}


# ---------------------------------------------------------------- through the emulator


def test_invalid_image_is_rejected_permanently(make_emulator: Any, text_engine: Any) -> None:
    emu = make_emulator(text_engine)
    with pytest.raises(UpstreamRejectedError) as info:
        recognizer(emu.endpoint).recognize(ImageInput(data=png(10, 10)), RecognitionParams())
    assert info.value.code == "UnqualifiedPhoto" and not info.value.retryable
    assert getattr(info.value, "upstream_status", None) == 401


def test_bad_secret_is_a_configuration_error(make_emulator: Any, text_engine: Any) -> None:
    emu = make_emulator(text_engine)
    bad = provider(Credentials(CREDS.access_key_id, "wrong-secret-xyz", CREDS.security_token))
    with pytest.raises(ConfigurationError) as info:
        recognizer(emu.endpoint, bad).recognize(ImageInput(data=BILL), RecognitionParams())
    assert "wrong-secret-xyz" not in info.value.message


class RotatingCredentials:
    def __init__(self, *credentials: Credentials) -> None:
        self.sequence = list(credentials)

    def get(self) -> Credentials:
        return self.sequence.pop(0) if len(self.sequence) > 1 else self.sequence[0]


def test_credentials_are_fetched_per_call(make_emulator: Any, text_engine: Any) -> None:
    emu = make_emulator(text_engine)
    rec = recognizer(emu.endpoint, RotatingCredentials(CREDS, PERMANENT))
    assert rec.recognize(ImageInput(data=BILL), RecognitionParams()).sub_code == "200"
    assert rec.recognize(ImageInput(data=BILL), RecognitionParams()).sub_code == "200"
    assert emu.service.stats == {"Success": 2}


def test_missing_credentials_surface_as_configuration_error(make_emulator: Any, text_engine: Any) -> None:
    from credrec.credentials import EnvironmentCredentials

    emu = make_emulator(text_engine)
    with pytest.raises(ConfigurationError):
        recognizer(emu.endpoint, EnvironmentCredentials({})).recognize(ImageInput(data=BILL), RecognitionParams())
    assert emu.service.stats == {}


def test_endpoint_with_scheme_is_accepted(make_emulator: Any, text_engine: Any) -> None:
    emu = make_emulator(text_engine)
    rec = CloudAuthRecognizer(cloud_settings(cloudauth_endpoint=emu.url, cloudauth_protocol="https"), provider())
    assert rec.endpoint == emu.endpoint  # scheme taken from the URL, Host header stays host:port
    assert rec.recognize(ImageInput(data=BILL), RecognitionParams()).sub_code == "200"


def test_default_endpoint_is_the_vpc_one() -> None:
    rec = CloudAuthRecognizer(cloud_settings(cloudauth_protocol="https"), provider())
    assert rec.endpoint == "cloudauth-intl-vpc.ap-southeast-1.aliyuncs.com"
