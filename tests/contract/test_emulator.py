"""The CloudAuth emulator, driven by the official SDK exactly as production code drives the service.

Recognition comes from the fast text-chunk engine (``tests/servers/engines.py``); the real OCR engine
behind the emulator is exercised by the Recognizer contract suite.
"""

from __future__ import annotations

import base64
import http.client
import json
import time
from typing import Any

import pytest

from credrec.adapters.cloudauth import CloudAuthRecognizer
from credrec.credentials import Credentials
from credrec.errors import (
    ConfigurationError,
    RetryableError,
    ThrottledError,
    UpstreamRejectedError,
    UpstreamUnavailableError,
)
from credrec.models import ImageInput, RecognitionParams
from tests.contract.conftest import BUCKET, CREDS, PERMANENT, WRONG_SECRET, cloud_settings, provider
from tests.servers.images import png, png_of_size
from tests.servers.scripted import ScriptedServer
from tests.support.textpng import text_png

BILL = text_png({"Name": "Jane Tan", "Address": "1 Orchard Road\nSingapore 238823"})


class FrozenClock:
    def __init__(self) -> None:
        self.now = float(int(time.time()))

    def __call__(self) -> float:
        return self.now


def sdk_client(emulator: Any, credentials: Credentials = CREDS) -> Any:
    from alibabacloud_cloudauth_intl20220809.client import Client
    from alibabacloud_tea_openapi.utils_models import Config

    return Client(Config(access_key_id=credentials.access_key_id, access_key_secret=credentials.access_key_secret,
                         security_token=credentials.security_token, endpoint=emulator.endpoint, protocol="http",
                         region_id="ap-southeast-1"))


def request(**overrides: Any) -> Any:
    from alibabacloud_cloudauth_intl20220809.models import CredentialRecognitionIntlRequest

    values = {"product_code": "CREDENTIAL_RECOGNITION", "doc_type": "01", "ocr_area": "0101", "fraud_check": "true",
              "credential_ocr_picture_base_64": base64.b64encode(BILL).decode()}
    values.update(overrides)
    return CredentialRecognitionIntlRequest(**{k: v for k, v in values.items() if v is not None})


def call(emulator: Any, credentials: Credentials = CREDS, **overrides: Any) -> Any:
    from darabonba.runtime import RuntimeOptions

    return sdk_client(emulator, credentials).credential_recognition_intl_with_options(
        request(**overrides), RuntimeOptions())


def sdk_error(emulator: Any, credentials: Credentials = CREDS, **overrides: Any) -> Any:
    with pytest.raises(Exception) as info:
        call(emulator, credentials, **overrides)
    return info.value


def adapter(emulator: Any, credentials: Credentials = CREDS) -> CloudAuthRecognizer:
    return CloudAuthRecognizer(cloud_settings(cloudauth_endpoint=emulator.endpoint), provider(credentials))


# ---------------------------------------------------------------- success and authentication


def test_signed_request_gets_the_api_answer(make_emulator: Any, text_engine: Any) -> None:
    emu = make_emulator(text_engine)
    response = call(emu)
    assert response.status_code == 200
    body = response.body
    assert (body.code, body.message) == ("Success", "success")
    assert (body.result.success, body.result.sub_code) == ("S", "200")
    ext = json.loads(body.result.ext_id_info)  # a JSON *string*, as the API sends it
    assert ext["recInfo"]["name"] == "Jane Tan"
    assert response.headers["x-acs-request-id"] == body.request_id
    assert text_engine.calls == [{"doc_type": "01", "ocr_area": "0101", "fraud_check": True, "size": len(BILL)}]


def test_permanent_key_without_token_is_accepted(make_emulator: Any, text_engine: Any) -> None:
    assert call(make_emulator(text_engine), PERMANENT).body.result.sub_code == "200"


def test_wrong_secret_is_refused(make_emulator: Any, text_engine: Any) -> None:
    emu = make_emulator(text_engine)
    err = sdk_error(emu, WRONG_SECRET)
    assert (type(err).__name__, err.status_code, err.code) == ("ClientException", 400, "SignatureDoesNotMatch")
    with pytest.raises(ConfigurationError) as info:
        adapter(emu, WRONG_SECRET).recognize(ImageInput(data=BILL), RecognitionParams())
    assert info.value.code == "SignatureDoesNotMatch" and not info.value.retryable
    assert text_engine.calls == []


def test_unknown_access_key_is_refused(make_emulator: Any, text_engine: Any) -> None:
    err = sdk_error(make_emulator(text_engine), Credentials("LTAI.unknown", "whatever"))
    assert (err.status_code, err.code) == (404, "InvalidAccessKeyId.NotFound")


def test_sts_token_must_match_and_be_current(make_emulator: Any, text_engine: Any) -> None:
    emu = make_emulator(text_engine)
    err = sdk_error(emu, Credentials(CREDS.access_key_id, CREDS.access_key_secret, "another-token"))
    assert (err.status_code, err.code) == (400, "InvalidSecurityToken.MismatchWithAccessKey")
    err = sdk_error(emu, Credentials(CREDS.access_key_id, CREDS.access_key_secret, None))
    assert err.code == "MissingSecurityToken"
    emu.service.expire_token(CREDS.access_key_id)
    with pytest.raises(RetryableError) as info:  # a fresh token on the next attempt may pass
        adapter(emu).recognize(ImageInput(data=BILL), RecognitionParams())
    assert info.value.code == "InvalidSecurityToken.Expired" and info.value.retryable


def test_stale_date_is_refused(make_emulator: Any, text_engine: Any) -> None:
    emu = make_emulator(text_engine, clock=lambda: time.time() + 3600)  # the server is an hour ahead
    err = sdk_error(emu)
    assert (err.status_code, err.code) == (400, "InvalidTimeStamp.Expired")


def _captured_request(text_engine: Any) -> Any:
    """What the SDK really puts on the wire (captured by a scripted server)."""
    with ScriptedServer() as tap:
        tap.script.push(200, {"RequestId": "x", "Code": "Success", "Message": "success",
                              "Result": {"Success": "S", "SubCode": "200", "ExtIdInfo": "{}"}})

        class Target:
            endpoint = tap.netloc

        call(Target())
        return tap.script.requests[0]


def _replay(emulator: Any, captured: Any, *, body: bytes | None = None, path: str | None = None) -> tuple[int, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", emulator.port, timeout=10)
    headers = {k: v for k, v in captured.headers.items() if k.lower() not in ("content-length",)}
    conn.request(captured.method, path or captured.path, body=captured.body if body is None else body, headers=headers)
    response = conn.getresponse()
    answer = json.loads(response.read())
    conn.close()
    return response.status, answer


def test_replayed_nonce_is_refused(make_emulator: Any, text_engine: Any) -> None:
    captured = _captured_request(text_engine)
    emu = make_emulator(text_engine)
    assert _replay(emu, captured)[0] == 200
    status, answer = _replay(emu, captured)
    assert (status, answer["Code"]) == (400, "SignatureNonceUsed")


def test_tampered_body_or_query_is_refused(make_emulator: Any, text_engine: Any) -> None:
    captured = _captured_request(text_engine)
    emu = make_emulator(text_engine)
    status, answer = _replay(emu, captured, body=captured.body.replace(b"Base64=", b"Base64=AAAA"))
    assert (status, answer["Code"]) == (400, "SignatureDoesNotMatch")
    status, answer = _replay(emu, captured, path=captured.path.replace("DocType=01", "DocType=04"))
    assert (status, answer["Code"]) == (400, "SignatureDoesNotMatch")
    assert set(answer) == {"RequestId", "HostId", "Code", "Message", "Recommend"}


def test_unknown_action_is_not_found(make_emulator: Any, text_engine: Any) -> None:
    from alibabacloud_cloudauth_intl20220809.models import CredentialGetResultIntlRequest
    from darabonba.runtime import RuntimeOptions

    client = sdk_client(make_emulator(text_engine))
    with pytest.raises(Exception) as info:
        client.credential_get_result_intl_with_options(CredentialGetResultIntlRequest(transaction_id="t"),
                                                       RuntimeOptions())
    assert (info.value.status_code, info.value.code) == (404, "InvalidAction.NotFound")


# ---------------------------------------------------------------- parameters


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"doc_type": None}, "MissingParameter"),
        ({"product_code": None}, "MissingParameter"),
        ({"fraud_check": None}, "MissingParameter"),
        ({"credential_ocr_picture_base_64": None}, "MissingParameter"),
        ({"doc_type": "99"}, "InvalidParameter"),
        ({"ocr_area": "0401"}, "InvalidParameter"),  # 01 takes 0101
        ({"fraud_check": "yes"}, "InvalidParameter"),
        ({"product_code": "ID_OCR"}, "InvalidParameter"),
        ({"credential_ocr_picture_base_64": "not base64 !!"}, "InvalidParameter"),
        ({"check_rule_config": "not json"}, "InvalidParameter"),
        ({"file_input_type": "TIFF"}, "InvalidParameter"),
    ],
)
def test_parameter_errors_are_400(make_emulator: Any, text_engine: Any, overrides: dict, code: str) -> None:
    emu = make_emulator(text_engine)
    err = sdk_error(emu, **overrides)
    assert (err.status_code, err.code) == (400, code)
    with pytest.raises(UpstreamRejectedError) as info:  # the adapter maps it as permanent
        from credrec.adapters._errors import map_cloudauth_error

        raise map_cloudauth_error(err)
    assert not info.value.retryable and info.value.code == code
    assert text_engine.calls == []


def test_both_pictures_is_data_duplication(make_emulator: Any, text_engine: Any) -> None:
    err = sdk_error(make_emulator(text_engine), credential_ocr_picture_url="http://127.0.0.1:1/x.png")
    assert (err.status_code, err.code) == (401, "DataDuplication")


# ---------------------------------------------------------------- image limits


@pytest.mark.parametrize(
    ("image", "code"),
    [
        (png_of_size(3_000_001), "ToolargeImage"),  # > 3 MB inline
        (png(10, 10), "UnqualifiedPhoto"),  # sides must be > 15 px
        (png(800, 12), "UnqualifiedPhoto"),
        (png(64, 48)[:-20], "UnqualifiedPhoto"),  # truncated
        (b"GIF89a" + b"\x00" * 100, "UnqualifiedPhoto"),  # unsupported format
    ],
    ids=["too-large", "too-small", "too-thin", "truncated", "gif"],
)
def test_image_limits_are_401(make_emulator: Any, text_engine: Any, image: bytes, code: str) -> None:
    emu = make_emulator(text_engine)
    err = sdk_error(emu, credential_ocr_picture_base_64=base64.b64encode(image).decode())
    assert (err.status_code, err.code) == (401, code)
    if len(image) < 1_000_000:  # (the 3 MB body is slow to form-encode twice)
        with pytest.raises(UpstreamRejectedError):
            adapter(emu).recognize(ImageInput(data=image), RecognitionParams())
    assert text_engine.calls == []


def test_exactly_3mb_inline_is_accepted(make_emulator: Any, text_engine: Any) -> None:
    image = png_of_size(3_000_000)
    assert call(make_emulator(text_engine), credential_ocr_picture_base_64=base64.b64encode(image).decode()
                ).body.result.sub_code == "213"


# ---------------------------------------------------------------- URL input


def _presigned(oss_server: Any, data: bytes, key: str = "uploads/by-url.png") -> str:
    from credrec.adapters.oss import OssObjectSource

    oss_server.service.put_object(BUCKET, key, data)
    source = OssObjectSource(cloud_settings(oss_endpoint=oss_server.endpoint,
                                            oss_public_endpoint=oss_server.endpoint), provider())
    return source.presign_get(BUCKET, key, ttl_seconds=120)


def test_url_on_loopback_is_downloaded(make_emulator: Any, text_engine: Any, oss_server: Any) -> None:
    url = _presigned(oss_server, BILL)
    response = call(make_emulator(text_engine), credential_ocr_picture_base_64=None, credential_ocr_picture_url=url)
    assert response.body.result.sub_code == "200"
    assert ("GET", BUCKET, "uploads/by-url.png", 200) in oss_server.service.calls


def test_url_beyond_loopback_is_refused_without_a_download(make_emulator: Any, text_engine: Any) -> None:
    emu = make_emulator(text_engine)
    err = sdk_error(emu, credential_ocr_picture_base_64=None,
                    credential_ocr_picture_url="https://203.0.113.7/bill.png?x-oss-signature=abc")
    assert (err.status_code, err.code) == (400, "InvalidParameter")
    err = sdk_error(emu, credential_ocr_picture_base_64=None, credential_ocr_picture_url="file:///etc/passwd")
    assert (err.status_code, err.code) == (400, "InvalidParameter")


def test_expired_or_missing_url_is_invalid_parameter(make_emulator: Any, text_engine: Any, oss_server: Any) -> None:
    emu = make_emulator(text_engine)
    url = _presigned(oss_server, BILL)
    oss_server.service.delete_object(BUCKET, "uploads/by-url.png")
    err = sdk_error(emu, credential_ocr_picture_base_64=None, credential_ocr_picture_url=url)
    assert (err.status_code, err.code) == (400, "InvalidParameter")
    url = _presigned(oss_server, BILL)
    oss_server.service.clock.advance(600)
    err = sdk_error(emu, credential_ocr_picture_base_64=None, credential_ocr_picture_url=url)
    assert (err.status_code, err.code) == (400, "InvalidParameter")


def test_url_image_over_10mb_is_too_large(make_emulator: Any, text_engine: Any, oss_server: Any) -> None:
    url = _presigned(oss_server, png_of_size(10_000_001), key="uploads/huge.png")
    err = sdk_error(make_emulator(text_engine), credential_ocr_picture_base_64=None, credential_ocr_picture_url=url)
    assert (err.status_code, err.code) == (401, "ToolargeImage")


# ---------------------------------------------------------------- flow control and chaos


def test_throttling_beyond_qps(make_emulator: Any, text_engine: Any) -> None:
    clock = FrozenClock()
    emu = make_emulator(text_engine, qps=2, clock=clock)
    assert [call(emu).status_code for _ in range(2)] == [200, 200]
    err = sdk_error(emu)
    assert (type(err).__name__, err.status_code, err.code) == ("ClientException", 403, "Throttling.Api")
    with pytest.raises(ThrottledError) as info:
        adapter(emu).recognize(ImageInput(data=BILL), RecognitionParams())
    assert info.value.retryable and info.value.retry_after_s is None
    clock.now += 1  # next second: quota again
    assert call(emu).status_code == 200
    assert len(text_engine.calls) == 3


def test_throttling_with_retry_after(make_emulator: Any, text_engine: Any) -> None:
    emu = make_emulator(text_engine, qps=1, clock=FrozenClock(), retry_after_ms=1500)
    call(emu)
    err = sdk_error(emu)
    assert (type(err).__name__, err.retry_after) == ("ThrottlingException", 1500)
    with pytest.raises(ThrottledError) as info:
        adapter(emu).recognize(ImageInput(data=BILL), RecognitionParams())
    assert info.value.retry_after_s == 1.5 and info.value.code == "Throttling.Api"


def test_error_rate_answers_internal_error(make_emulator: Any, text_engine: Any) -> None:
    emu = make_emulator(text_engine, error_rate=1.0)
    err = sdk_error(emu)
    assert (type(err).__name__, err.status_code, err.code) == ("ServerException", 500, "InternalError")
    with pytest.raises(UpstreamUnavailableError) as info:
        adapter(emu).recognize(ImageInput(data=BILL), RecognitionParams())
    assert info.value.retryable
    assert text_engine.calls == []


def test_error_rate_is_reproducible_with_a_seed(make_emulator: Any, text_engine: Any) -> None:
    def outcomes(emu: Any) -> list[int]:
        results = []
        for _ in range(12):
            try:
                results.append(call(emu).status_code)
            except Exception as exc:
                results.append(exc.status_code)
        return results

    first = outcomes(make_emulator(text_engine, error_rate=0.5, seed=11))
    second = outcomes(make_emulator(text_engine, error_rate=0.5, seed=11))
    assert first == second and {200, 500} == set(first)


def test_success_code_200_variant(make_emulator: Any, text_engine: Any) -> None:
    emu = make_emulator(text_engine, success_code="200")
    assert call(emu).body.code == "200"
    result = adapter(emu).recognize(ImageInput(data=BILL), RecognitionParams())
    assert (result.sub_code, result.fields.name) == ("200", "Jane Tan")


def test_engine_failure_is_internal_error(make_emulator: Any) -> None:
    def broken(data: bytes, **_: Any) -> Any:
        raise RuntimeError("model file missing")

    err = sdk_error(make_emulator(broken))
    assert (err.status_code, err.code) == (500, "InternalError")


def test_cli_command_is_registered() -> None:
    typer = pytest.importorskip("typer")  # the CLI belongs to the [local] extras
    from typer.testing import CliRunner

    from credrec_local.commands.emulator import register

    app = typer.Typer()

    @app.callback()
    def main() -> None:
        pass

    register(app)
    result = CliRunner().invoke(app, ["emulator", "--help"])
    assert result.exit_code == 0
    command = typer.main.get_command(app).commands["emulator"]  # type: ignore[attr-defined]
    options = {opt for param in command.params for opt in param.opts}
    assert {"--host", "--port", "--access-key-id", "--access-key-secret", "--qps", "--error-rate",
            "--latency-ms"} <= options
