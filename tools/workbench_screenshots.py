"""Regenerate the README's screenshots of the review workbench: ``make screenshots``.

1. runs ``credrec demo --once`` with the local OCR engine into a fresh data dir (build/screenshots/),
2. adds two reviewers, lets "bo" approve one flagged document and claim another,
3. serves the stack on loopback and drives Debian's chromium (headless, selenium) through the queue,
   a tampered bill with its overlays, and the dashboard,
4. writes tools/screenshots/{queue,record,dashboard}.png (palette PNGs, a few hundred KB at most).

``--reuse-demo`` keeps the records of an earlier run (only the page is photographed again).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "functions"), str(REPO)]

from credrec.errors import ConfigurationError  # noqa: E402
from credrec.models import ImageInput, Recognition, RecognitionParams, ReviewAction  # noqa: E402

OUT = REPO / "tools" / "screenshots"
DATA = REPO / "build" / "screenshots"
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
         "--window-size=1360,860")


class ServeOnly:
    """The workbench needs no recognizer; POST /recognize is not part of the screenshots."""

    def recognize(self, image: ImageInput, params: RecognitionParams, *, timeout_s: float | None = None) -> Recognition:
        raise ConfigurationError("no recognizer in the screenshot stack")


def run_demo() -> None:
    shutil.rmtree(DATA, ignore_errors=True)
    DATA.mkdir(parents=True)
    print("running the demo with the local OCR engine (a minute or two) …", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "credrec_local.cli", "demo", "--once", "--json", "--data-dir", str(DATA)],  # noqa: S603
                   check=True, stdout=subprocess.DEVNULL, cwd=REPO,
                   env={**os.environ, "PYTHONPATH": f"{REPO / 'functions'}:{REPO}"})


def save(driver: object, name: str) -> None:
    from PIL import Image

    OUT.mkdir(parents=True, exist_ok=True)
    raw = OUT / f".{name}.raw.png"
    driver.save_screenshot(str(raw))  # type: ignore[attr-defined]
    with Image.open(raw) as image:
        image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(OUT / f"{name}.png",
                                                                                      optimize=True)
    raw.unlink()
    print(f"wrote {OUT / name}.png ({(OUT / f'{name}.png').stat().st_size // 1024} KB)", file=sys.stderr)


def main() -> None:
    if "--reuse-demo" not in sys.argv or not (DATA / "credrec.sqlite3").exists():
        run_demo()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    from credrec.review.service import ReviewService, needs_review
    from credrec_local.adapters.reviewers import add_reviewer
    from credrec_local.runtime.stack import build_stack
    from credrec_local.servers.http_gateway import HttpGateway

    token = add_reviewer(DATA, "ana")
    add_reviewer(DATA, "bo")
    stack = build_stack(DATA, recognizer=ServeOnly(), environ={"CREDREC_LOG_LEVEL": "WARNING"})
    records = stack.store.list(limit=100).records
    by_name = {(r.source.key or "").rsplit("/", 1)[-1]: r for r in records}
    service = ReviewService(stack.store, stack.app.clock, claim_seconds=stack.settings.review_claim_seconds)
    tampered = by_name["sg-bill-edited-amount.jpg"]
    other = by_name["my-bill-photoshopped.jpg"]
    # something in the trail and a claim held by someone else, so every part of the page shows
    for record in records:
        if not needs_review(record) and record.status.value == "SUCCEEDED" and not record.review.trail:
            service.claim(record.id, "bo")
            service.decide(record.id, "bo", action=ReviewAction.APPROVE, reasons=[], comment=None, seen_decisions=0)
            break
    service.claim(other.id, "bo")

    gateway = HttpGateway(stack.app, "127.0.0.1", 0)
    gateway.start()
    profile = tempfile.mkdtemp(prefix="credrec-shots-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    wait = WebDriverWait(driver, 30, poll_frequency=0.1)
    try:
        driver.get(gateway.url + "/")
        field = wait.until(lambda d: d.find_element(By.ID, "signin-token"))
        field.send_keys(token, Keys.ENTER)
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "tr.queue-row"))
        driver.find_element(By.ID, "f-view").send_keys("All")
        driver.find_element(By.ID, "f-apply").click()
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "tr.queue-row")) == len(records))
        wait.until(lambda d: d.find_element(By.ID, "count-queue").text)
        time.sleep(0.3)
        save(driver, "queue")
        driver.get(f"{gateway.url}/#/record/{tampered.id}")
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#overlay g.ov-signal"))
        time.sleep(0.3)
        save(driver, "record")
        driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
        driver.get(f"{gateway.url}/#/dashboard")
        wait.until(lambda d: d.execute_script("return document.getElementById('chart-decisions').naturalWidth") > 0)
        time.sleep(0.3)
        save(driver, "dashboard")
    finally:
        driver.quit()
        gateway.stop()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
