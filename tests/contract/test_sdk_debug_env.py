"""Issue #10 row 11: ``DEBUG=sdk`` in the function's environment must not put the STS token (or any
request header) into its logs. The Tea/darabonba cores read ``os.getenv('DEBUG')`` on every request
and dump the headers to their own stderr handler; the adapter disables those loggers."""

from __future__ import annotations

from credrec.adapters.cloudauth import CloudAuthRecognizer
from credrec.models import ImageInput, RecognitionParams
from tests.contract.conftest import CREDS, cloud_settings, provider
from tests.support.textpng import text_png


def test_debug_sdk_prints_no_headers(make_emulator, text_engine, monkeypatch, capfd):
    emulator = make_emulator(text_engine)
    monkeypatch.setenv("DEBUG", "sdk")
    recognizer = CloudAuthRecognizer(cloud_settings(cloudauth_endpoint=emulator.netloc), provider())
    result = recognizer.recognize(ImageInput(data=text_png({"Name": "Tan Wei Ming"}), format="png"),
                                  RecognitionParams(fraud_check=False))
    assert result.sub_code == "200"
    out, err = capfd.readouterr()
    for secret in (CREDS.security_token, CREDS.access_key_id, "x-acs-security-token", "authorization"):
        assert secret not in out + err, secret
