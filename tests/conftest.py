"""Fixtures shared by every test tier: settings, a manual clock, a readable log stream, the local
stores, and a fast real recognizer for synthetic images (tests/support/textpng.py)."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest

from credrec.logging import JsonLogger
from credrec.settings import Settings
from tests.support.clock import ManualClock

REPO = Path(__file__).resolve().parent.parent
EVENTS = REPO / "events"
TEST_TOKEN = "test-token-6f1c0a4e"
BUCKET = "credrec-uploads"


def load_event(name: str) -> dict:
    return json.loads((EVENTS / name).read_text(encoding="utf-8"))


@pytest.fixture
def settings() -> Settings:
    return Settings.from_mapping(
        {
            "CREDREC_BUCKET": BUCKET,
            "CREDREC_UPLOAD_PREFIX": "uploads/",
            "CREDREC_HTTP_TOKEN_SHA256": hashlib.sha256(TEST_TOKEN.encode()).hexdigest(),
            "CREDREC_MAX_ATTEMPTS": "3",
            "CREDREC_MAX_DELIVERIES": "3",
        }
    )


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def log_stream() -> io.StringIO:
    return io.StringIO()


@pytest.fixture
def logger(log_stream: io.StringIO) -> JsonLogger:
    return JsonLogger(stream=log_stream, level="DEBUG")


def log_lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """The number of generated cases of each fuzz run (hypothesis, schemathesis), when any ran."""
    from tests.support.fuzzcount import COUNTS

    if COUNTS:
        terminalreporter.section("generated cases per fuzz run")
        for run, n in sorted(COUNTS.items()):
            terminalreporter.write_line(f"{n:6d}  {run}")
