"""A real browser (Debian's chromium through chromedriver, driven by selenium) against ``credrec serve``'s
HTTP gateway on loopback, with records seeded into the local stack (no OCR engine needed).

CI installs chromium and chromium-driver (``make sysdeps``); on a machine without them the browser
tests are skipped, except under ``CI=true`` where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from credrec.models import Status
from credrec_local.adapters.reviewers import add_reviewer
from credrec_local.runtime.stack import LocalStack, build_stack
from credrec_local.servers.http_gateway import HttpGateway
from tests.support.review_seed import XSS_ADDRESS, XSS_NAME, Seeded, review_decision, seed
from tests.support.textpng import PngTextRecognizer

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROME_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
)


def browser_available() -> bool:
    return Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()


def new_driver(profile_dir: str, *, width: int = 1400, height: int = 900) -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile_dir}")
    options.add_argument(f"--window-size={width},{height}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    if not browser_available():
        if os.environ.get("CI"):
            pytest.fail("chromium and chromium-driver are required in CI (make sysdeps installs them)")
        pytest.skip("chromium / chromium-driver not installed (make sysdeps)")
    profile = tempfile.mkdtemp(prefix="credrec-chromium-")
    drv = new_driver(profile)
    drv.set_page_load_timeout(30)
    try:
        yield drv
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)


@dataclass
class Workbench:
    stack: LocalStack
    gateway: HttpGateway
    token: str  # reviewer "ana"
    other_token: str  # reviewer "bo"
    flagged: Seeded
    xss: Seeded
    cloud: Seeded
    clean: Seeded
    no_text: Seeded
    machine_review: Seeded

    @property
    def url(self) -> str:
        return self.gateway.url


@pytest.fixture
def workbench(tmp_path: Path) -> Iterator[Workbench]:
    data_dir = tmp_path / "data"
    token = add_reviewer(data_dir, "ana")
    other = add_reviewer(data_dir, "bo")
    stack = build_stack(data_dir, recognizer=PngTextRecognizer(), environ={"CREDREC_LOG_LEVEL": "WARNING"})
    base = 1_795_000_000.0
    flagged = seed(stack, "uploads/flagged.png", name="Tan Wei Ming", address="Blk 123 Ang Mo Kio Ave 3\n#05-67",
                   created_at=base, flagged=True, extra={"amountDue": "S$548.92"})
    xss = seed(stack, "uploads/markup.png", name=XSS_NAME, address=XSS_ADDRESS, created_at=base + 60, flagged=True)
    cloud = seed(stack, "uploads/cloud.png", name="Siti Aminah", address="12 Jalan Ampang\nKuala Lumpur",
                 created_at=base + 120, flagged=True, boxes=False, signals=[])
    clean = seed(stack, "uploads/clean.png", name="Alex Lim", address="1 Orchard Road", created_at=base + 180)
    machine_review = seed(stack, "uploads/review.png", name="Tan Ah Kow", address="Blk 123 Ang Mo Kio Ave 3\n#05-67",
                          created_at=base + 300, decision=review_decision("TAN AH KOW"))
    no_text = seed(stack, "uploads/blank.png", name="", address="", created_at=base + 240,
                   status=Status.NO_TEXT)
    gateway = HttpGateway(stack.app, "127.0.0.1", 0)
    gateway.start()
    try:
        yield Workbench(stack, gateway, token, other, flagged, xss, cloud, clean, no_text, machine_review)
    finally:
        gateway.stop()
        stack.store.close()
