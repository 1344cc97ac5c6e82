"""The review workbench in a real browser: sign in, queue, a flagged record with its overlays, a
keyboard approval that lands in the audit trail, markup in extracted values shown as text, the
"no boxes" notice for cloud-shaped answers, and the dashboard."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import Workbench
from tests.support.review_seed import XSS_ADDRESS, XSS_NAME

WAIT_S = 20


def wait(driver: Any, condition: Any, message: Any) -> Any:
    """``condition`` within WAIT_S; otherwise fail with ``message`` (a string, or a callable for page state)."""
    try:
        return WebDriverWait(driver, WAIT_S, poll_frequency=0.1).until(condition)
    except TimeoutException:
        raise AssertionError(f"timed out: {message() if callable(message) else message}") from None


def visible(driver: Any, element_id: str) -> bool:
    found = driver.find_elements(By.ID, element_id)
    return bool(found) and found[0].is_displayed()


def sign_in(driver: Any, wb: Workbench, token: str) -> None:
    driver.get_log("browser")  # drain what earlier tests left (the driver is shared)
    driver.get(wb.url + "/")
    driver.execute_script("sessionStorage.clear()")
    driver.get(wb.url + "/#/queue")
    wait(driver, lambda d: visible(d, "signin-token"), "the sign-in form is shown")
    field = driver.find_element(By.ID, "signin-token")
    field.send_keys(token)
    field.send_keys(Keys.ENTER)
    wait(driver, lambda d: visible(d, "view-queue") and d.find_elements(By.CSS_SELECTOR, "tr.queue-row"),
         "the queue appears after sign-in")


def press(driver: Any, keys: str) -> None:
    driver.find_element(By.TAG_NAME, "body").send_keys(keys)


def results_api(wb: Workbench, record_id: str) -> dict[str, Any]:
    request = urllib.request.Request(f"{wb.url}/results/{record_id}",  # noqa: S310 - http://127.0.0.1 only
                                     headers={"Authorization": f"Bearer {wb.stack.token}"})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.loads(response.read())


def queue_ids(driver: Any) -> list[str]:
    return [row.get_attribute("data-id") for row in driver.find_elements(By.CSS_SELECTOR, "tr.queue-row")]


def open_record(driver: Any, wb: Workbench, record_id: str) -> None:
    driver.find_element(By.CSS_SELECTOR, f'tr.queue-row[data-id="{record_id}"]').click()
    wait(driver, lambda d: visible(d, "view-record") and d.find_element(By.ID, "rec-meta").text.find(record_id) >= 0,
         "the record page shows the record")


def console_errors(driver: Any) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def test_reviewer_clears_a_flagged_record_with_the_keyboard(driver: Any, workbench: Workbench) -> None:
    wb = workbench
    sign_in(driver, wb, wb.token)
    assert "ana" in driver.find_element(By.ID, "who").text
    # the queue: flagged, cloud-shaped and no-text records; the clean one is not waiting for anyone
    ids = queue_ids(driver)
    assert set(ids) == {wb.flagged.id, wb.xss.id, wb.cloud.id, wb.no_text.id, wb.machine_review.id}
    wait(driver, lambda d: d.find_element(By.ID, "count-queue").text.startswith("5"), "the queue count is shown")
    # keyboard: select the flagged record's row with j/k and open it with Enter
    target = ids.index(wb.flagged.id)
    press(driver, "j" * target)
    selected = driver.find_element(By.CSS_SELECTOR, "tr.queue-row.selected").get_attribute("data-id")
    assert selected == wb.flagged.id
    press(driver, Keys.ENTER)
    wait(driver, lambda d: visible(d, "view-record"), "the record page opens")
    assert driver.current_url.endswith("#/record/" + wb.flagged.id)  # only the hash id in the URL

    # the image arrives through the API and the overlays are drawn over it
    wait(driver, lambda d: d.execute_script("return document.getElementById('doc-image').naturalWidth") == 640,
         "the document image loads")
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#overlay g.ov-signal"), "forgery regions are drawn")
    fields = driver.find_elements(By.CSS_SELECTOR, "#overlay g.ov-field")
    signals = driver.find_elements(By.CSS_SELECTOR, "#overlay g.ov-signal")
    assert len(fields) == 3 and len(signals) == 1  # name, address, amountDue; one signal with a region
    signal_title = driver.execute_script("return document.querySelector('#overlay g.ov-signal title').textContent")
    assert "amount_mismatch" in signal_title and "score 0.85" in signal_title
    assert signals[0].is_displayed()
    # hovering a region shows its score and reason
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).move_to_element(signals[0].find_element(By.TAG_NAME, "rect")).perform()
    wait(driver, lambda d: "score 0.85" in d.find_element(By.ID, "hover-info").text, "hover shows the score")
    # the claim is ours and visible
    assert "claimed by you" in driver.find_element(By.ID, "rec-claim").text
    # s hides the forgery regions, s again shows them
    press(driver, "s")
    assert not driver.find_element(By.CSS_SELECTOR, "#overlay g.ov-signal").is_displayed()
    press(driver, "s")
    assert driver.find_element(By.CSS_SELECTOR, "#overlay g.ov-signal").is_displayed()
    # fields beside their confidences
    name_row = driver.find_element(By.CSS_SELECTOR, '#fields-body tr[data-field="name"]')
    assert "Tan Wei Ming" in name_row.text and "0.97" in name_row.text
    assert driver.find_element(By.ID, "no-boxes").is_displayed() is False

    # approve with the keyboard: the decision is in the audit trail behind the service API
    press(driver, "a")
    wait(driver, lambda d: "Approved" in d.find_element(By.ID, "toast").text,
         lambda: "the approval is confirmed; page says: " + driver.find_element(By.ID, "decide-error").text)
    trail = results_api(wb, wb.flagged.id)["review"]["trail"]
    assert [(e["reviewer"], e["action"]) for e in trail] == [("ana", "APPROVE")]
    assert results_api(wb, wb.flagged.id)["review"]["claim"] is None
    # the page moved on to the next record of the queue
    wait(driver, lambda d: not d.current_url.endswith(wb.flagged.id), "the next record opens")
    assert console_errors(driver) == []


def test_markup_in_extracted_values_is_shown_as_text(driver: Any, workbench: Workbench) -> None:
    wb = workbench
    sign_in(driver, wb, wb.token)
    name_cell = driver.find_element(By.CSS_SELECTOR, f'tr.queue-row[data-id="{wb.xss.id}"] td.name')
    assert name_cell.text == XSS_NAME
    open_record(driver, wb, wb.xss.id)
    row = driver.find_element(By.CSS_SELECTOR, '#fields-body tr[data-field="name"] td.value')
    assert row.text == XSS_NAME
    address = driver.find_element(By.CSS_SELECTOR, '#fields-body tr[data-field="address"] td.value')
    assert address.text == XSS_ADDRESS
    assert driver.execute_script("return document.querySelectorAll('main img:not(#doc-image):not(.charts img)').length") == 0
    assert driver.execute_script("return document.querySelectorAll('main script').length") == 0
    assert driver.execute_script("return window.__credrecXss === undefined")
    # the raw answer is there, collapsed, as text
    details = driver.find_element(By.ID, "raw-details")
    assert details.get_attribute("open") is None
    details.find_element(By.TAG_NAME, "summary").click()
    assert json.dumps(XSS_NAME) in driver.find_element(By.ID, "raw-ext").text


def test_machine_decision_reasons_and_verdicts_beside_the_fields(driver: Any, workbench: Workbench) -> None:
    wb = workbench
    sign_in(driver, wb, wb.token)
    row = driver.find_element(By.CSS_SELECTOR, f'tr.queue-row[data-id="{wb.machine_review.id}"]')
    assert "machine: review" in row.text and "REVIEW" in row.text
    open_record(driver, wb, wb.machine_review.id)
    decision = driver.find_element(By.ID, "rec-decision").text
    assert "REVIEW" in decision and "ADDRESS_PARTIAL: same building, another unit" in decision
    name = driver.find_element(By.CSS_SELECTOR, '#fields-body tr[data-field="name"]').text
    assert "TAN AH KOW" in name and "MATCH" in name
    address = driver.find_element(By.CSS_SELECTOR, '#fields-body tr[data-field="address"]').text
    assert "#05-68" in address and "PARTIAL (0.8)" in address
    assert "PASS" in driver.find_element(By.CSS_SELECTOR, '#fields-body tr[data-field="age"]').text


def test_cloud_answers_without_boxes_say_so_and_reject_needs_a_reason(driver: Any, workbench: Workbench) -> None:
    wb = workbench
    sign_in(driver, wb, wb.token)
    open_record(driver, wb, wb.cloud.id)
    wait(driver, lambda d: d.find_element(By.ID, "no-boxes").is_displayed(), "the no-boxes notice is shown")
    assert "no boxes" in driver.find_element(By.ID, "no-boxes").text
    assert driver.find_elements(By.CSS_SELECTOR, "#overlay g") == []
    # reject with the keyboard: r opens the reasons, Ctrl+Enter without one is refused by the API
    press(driver, "r")
    wait(driver, lambda d: d.find_element(By.ID, "decide-form").is_displayed(), "the reject form opens")
    driver.find_element(By.ID, "decide-confirm").click()
    wait(driver, lambda d: "at least one reason" in d.find_element(By.ID, "decide-error").text, "a reason is required")
    driver.find_element(By.ID, "reason-name_mismatch").click()
    driver.find_element(By.ID, "decide-comment").send_keys("surname differs from the application")
    driver.find_element(By.ID, "decide-comment").send_keys(Keys.CONTROL, Keys.ENTER)
    wait(driver, lambda d: "Rejected" in d.find_element(By.ID, "toast").text, "the rejection is confirmed")
    entry = results_api(wb, wb.cloud.id)["review"]["trail"][0]
    assert entry["action"] == "REJECT" and entry["reasons"] == ["name_mismatch"]
    assert entry["comment"] == "surname differs from the application"


def test_a_record_claimed_by_another_reviewer_is_read_only(driver: Any, workbench: Workbench) -> None:
    wb = workbench
    wb.stack.app.http.review.service.claim(wb.no_text.id, "bo")
    sign_in(driver, wb, wb.token)
    row = driver.find_element(By.CSS_SELECTOR, f'tr.queue-row[data-id="{wb.no_text.id}"]')
    assert "bo" in row.text  # the lease is visible in the queue
    open_record(driver, wb, wb.no_text.id)
    wait(driver, lambda d: "bo is reviewing" in d.find_element(By.ID, "rec-claim").text, "the other claim is shown")
    assert driver.find_element(By.ID, "act-approve").get_attribute("disabled") is not None
    press(driver, "a")
    assert results_api(wb, wb.no_text.id)["review"]["trail"] == []


def test_dashboard_draws_its_charts(driver: Any, workbench: Workbench) -> None:
    wb = workbench
    sign_in(driver, wb, wb.token)
    press(driver, "2")
    wait(driver, lambda d: visible(d, "view-dashboard"), "the dashboard opens")
    for chart in ("chart-status", "chart-decisions"):
        wait(driver, lambda d, c=chart: d.execute_script(f"return document.getElementById('{c}').naturalWidth") > 0,
             f"{chart} is drawn")
    assert driver.find_element(By.ID, "dash-queue").text.startswith("5")
    assert console_errors(driver) == []


def test_a_wrong_token_is_refused_and_the_service_token_is_not_a_reviewer(driver: Any, workbench: Workbench) -> None:
    wb = workbench
    driver.get(wb.url + "/")
    driver.execute_script("sessionStorage.clear()")
    driver.get(wb.url + "/#/queue")
    for token in ("not-a-token", wb.stack.token):
        field = wait(driver, lambda d: d.find_element(By.ID, "signin-token"), "sign-in form")
        field.clear()
        field.send_keys(token)
        field.send_keys(Keys.ENTER)
        wait(driver, lambda d: "not a reviewer token" in d.find_element(By.ID, "signin-error").text, "refused")
    assert driver.execute_script("return sessionStorage.length") == 0
    assert driver.get_cookies() == []
