"""The emulator for load: unanswered requests (--timeout-rate), GET /metrics, and the --load mode."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from credrec.errors import RetryableError
from credrec.models import ImageInput, RecognitionParams
from credrec_local.servers.emulator import OUTCOMES
from tests.contract.conftest import CREDS, WRONG_SECRET
from tests.contract.test_emulator import BILL, FrozenClock, adapter, sdk_error
from tests.support.textpng import text_png

REPO = Path(__file__).resolve().parents[2]
PARAMS = RecognitionParams(doc_type="01", ocr_area="0101", fraud_check=True)


def metrics(endpoint: str) -> dict[str, float]:
    with urllib.request.urlopen(f"http://{endpoint}/metrics", timeout=10) as resp:
        assert resp.headers["Content-Type"].startswith("text/plain")
        text = resp.read().decode()
    out: dict[str, float] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name.endswith("_total"):
                label = sample.labels.get("outcome")
                out[f"{sample.name}{'{' + label + '}' if label else ''}"] = sample.value
    return out


def test_metrics_count_every_outcome_and_distinct_images(make_emulator, text_engine):
    clock = FrozenClock()
    emu = make_emulator(text_engine, qps=3, clock=clock)
    recognizer = adapter(emu)
    before = metrics(emu.endpoint)
    assert all(before[f"credrec_emulator_calls_total{{{o}}}"] == 0 for o in OUTCOMES)  # exported from the start
    assert before["credrec_emulator_distinct_images_total"] == 0

    recognizer.recognize(ImageInput(data=BILL), PARAMS)
    recognizer.recognize(ImageInput(data=BILL), PARAMS)  # same image: billed again, not a new image
    other = text_png({"Name": "Ahmad bin Ali", "Address": "2 Jalan Ampang"})
    recognizer.recognize(ImageInput(data=other), PARAMS)
    with pytest.raises(RetryableError):  # 4th call in the same second: Throttling.Api
        recognizer.recognize(ImageInput(data=other), PARAMS)
    clock.now += 1
    sdk_error(emu, WRONG_SECRET)
    sdk_error(emu, doc_type="09")
    after = metrics(emu.endpoint)
    assert after["credrec_emulator_calls_total{success}"] == 3
    assert after["credrec_emulator_calls_total{throttled}"] == 1
    assert after["credrec_emulator_calls_total{signature_error}"] == 1
    assert after["credrec_emulator_calls_total{invalid_parameter}"] == 1
    assert after["credrec_emulator_distinct_images_total"] == 2


def test_server_errors_are_counted(make_emulator, text_engine):
    emu = make_emulator(text_engine, error_rate=1.0)
    with pytest.raises(RetryableError):
        adapter(emu).recognize(ImageInput(data=BILL), PARAMS)
    assert metrics(emu.endpoint)["credrec_emulator_calls_total{server_error}"] == 1
    assert text_engine.calls == []


def test_a_timed_out_request_gets_no_answer_and_is_not_recognised(make_emulator, text_engine):
    emu = make_emulator(text_engine, timeout_rate=1.0, timeout_hang_s=3.0)
    recognizer = adapter(emu)
    started = time.monotonic()
    with pytest.raises(RetryableError):  # the SDK's read timeout fires: a retryable network error
        recognizer.recognize(ImageInput(data=BILL), PARAMS, timeout_s=0.6)
    assert time.monotonic() - started < 2.5
    counts = metrics(emu.endpoint)
    assert counts["credrec_emulator_calls_total{timeout}"] == 1
    assert counts["credrec_emulator_calls_total{success}"] == 0 and text_engine.calls == []


def test_rates_are_validated():
    from credrec_local.servers.emulator import CloudAuthService

    with pytest.raises(ValueError):
        CloudAuthService(None, credentials={"a": "b"}, error_rate=0.6, timeout_rate=0.5)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_cli_load_mode_answers_from_png_text_and_serves_metrics():
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": f"{REPO / 'functions'}{os.pathsep}{REPO}",
           "CREDREC_EMULATOR_ACCESS_KEY_ID": CREDS.access_key_id,
           "CREDREC_EMULATOR_ACCESS_KEY_SECRET": CREDS.access_key_secret,
           "CREDREC_EMULATOR_SECURITY_TOKEN": CREDS.security_token or ""}
    proc = subprocess.Popen([sys.executable, "-m", "credrec_local.cli", "emulator", "--load", "--port", str(port)],  # noqa: S603
                            env=env, stderr=subprocess.PIPE, text=True)
    try:
        banner = ""
        while "metrics:" not in banner:
            line = proc.stderr.readline()
            assert line, f"emulator exited: {banner}"
            banner += line
        assert "LOAD-TEST MODE" in banner
        recognizer = adapter(type("Emu", (), {"endpoint": f"127.0.0.1:{port}"})())
        rec = recognizer.recognize(ImageInput(data=BILL), PARAMS)
        assert rec.fields.name == "Jane Tan"
        assert metrics(f"127.0.0.1:{port}")["credrec_emulator_distinct_images_total"] == 1
    finally:
        proc.terminate()
        proc.wait(10)
        proc.stderr.close()



def test_a_request_cut_short_by_a_dying_client_is_not_answered_or_counted(make_emulator, text_engine):
    emu = make_emulator(text_engine)
    with socket.create_connection(("127.0.0.1", emu.port), timeout=5) as sock:
        sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n" + b"a" * 10)
        sock.shutdown(socket.SHUT_WR)  # as a kill -9 half-way through the body
        assert sock.recv(1024) == b""  # closed without an answer
    counts = metrics(emu.endpoint)
    assert sum(counts[f"credrec_emulator_calls_total{{{o}}}"] for o in OUTCOMES) == 0


def test_throttled_answers_skip_the_answer_latency(make_emulator, text_engine):
    clock = FrozenClock()
    slept: list[float] = []
    emu = make_emulator(text_engine, qps=1, clock=clock, latency_ms=250, sleep=slept.append)
    recognizer = adapter(emu)
    recognizer.recognize(ImageInput(data=BILL), PARAMS)
    with pytest.raises(RetryableError):
        recognizer.recognize(ImageInput(data=BILL), PARAMS)
    assert slept == [0.25]  # only the answered request waited
