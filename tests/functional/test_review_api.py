"""The review workbench through the function's HTTP trigger path (FC v1 events into ``App.handle``):
the page and its assets, reviewer authentication, claims between two reviewers, the append-only
audit trail, the queue and its filters, the image endpoint and the dashboard."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
from importlib import resources
from typing import Any

import pytest

from credrec.models import Status
from credrec.review.service import ReviewService
from credrec_local.runtime.stack import build_stack
from tests.conftest import TEST_TOKEN, load_event
from tests.functional.conftest import Harness
from tests.support.review_seed import XSS_NAME, review_decision, seed
from tests.support.textpng import FaultyRecognizer, PngTextRecognizer, text_png

ANA, BO = "rv-ana-token-1c9e", "rv-bo-token-77aa"
BASE = 1_795_000_000.0


@pytest.fixture
def wb(tmp_path: Any, settings: Any, clock: Any, logger: Any) -> Harness:
    reviewers = {"ana": hashlib.sha256(ANA.encode()).hexdigest(), "bo": hashlib.sha256(BO.encode()).hexdigest()}
    settings = type(settings).model_validate(settings.model_dump() | {"reviewer_tokens_sha256": json.dumps(reviewers)})
    inner = PngTextRecognizer()
    stack = build_stack(tmp_path / "data", recognizer=FaultyRecognizer(inner), settings=settings, clock=clock,
                        logger=logger, environ={})
    inner._url_reader = stack.objects.open_presigned
    return Harness(stack=stack, recognizer=FaultyRecognizer(inner))


def call(h: Harness, method: str, path: str, token: str | None = ANA, **kw: Any) -> dict[str, Any]:
    return h.http(method, path, token=token, **kw)


def page(h: Harness, method: str, path: str) -> dict[str, Any]:
    """A non-JSON answer through the same FC v1 event path (Harness.http parses JSON bodies)."""
    event = load_event("http-healthz.json")
    event["rawPath"] = path
    event["requestContext"]["http"].update(method=method, path=path)
    event["headers"] = {"host": "local"}
    event["queryParameters"] = {}
    return h.invoke(event)


def call_raw(h: Harness, path: str) -> dict[str, Any]:
    event = load_event("http-healthz.json")
    event["rawPath"] = path
    event["requestContext"]["http"].update(method="GET", path=path)
    event["headers"] = {"host": "local", "authorization": f"Bearer {ANA}"}
    event["queryParameters"] = {}
    return h.invoke(event)


def seeded(h: Harness) -> dict[str, str]:
    s = h.stack
    return {
        "flagged": seed(s, "uploads/f.png", name="Tan Wei Ming", address="Blk 1", created_at=BASE, flagged=True).id,
        "xss": seed(s, "uploads/x.png", name=XSS_NAME, address="1 Road", created_at=BASE + 10, flagged=True).id,
        "clean": seed(s, "uploads/c.png", name="Alex Lim", address="2 Road", created_at=BASE + 86400).id,
        "blank": seed(s, "uploads/b.png", name="", address="", created_at=BASE + 20, status=Status.NO_TEXT).id,
        "machine": seed(s, "uploads/m.png", name="Tan Ah Kow", address="Blk 123", created_at=BASE + 30,
                        decision=review_decision("TAN AH KOW")).id,
    }


# ---------------------------------------------------------------- the page, on the HTTP trigger path


def test_the_trigger_serves_the_page_and_assets_with_a_strict_policy(wb: Harness) -> None:
    package = resources.files("credrec.review").joinpath("static")
    for path, name, kind in (("/", "index.html", "text/html"), ("/static/app.js", "app.js", "text/javascript"),
                             ("/static/app.css", "app.css", "text/css")):
        answer = page(wb, "GET", path)
        assert answer["statusCode"] == 200
        assert answer["body"] == package.joinpath(name).read_text("utf-8")
        headers = answer["headers"]
        assert headers["content-type"].startswith(kind)
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert headers["x-frame-options"] == "DENY" and headers["referrer-policy"] == "no-referrer"
    assert call(wb, "GET", "/static/../settings.py", token=None)["statusCode"] == 404
    assert page(wb, "POST", "/")["statusCode"] == 405


def test_the_page_has_no_inline_script_style_or_external_source() -> None:
    html = resources.files("credrec.review").joinpath("static", "index.html").read_text("utf-8")
    js = resources.files("credrec.review").joinpath("static", "app.js").read_text("utf-8")
    assert "<style" not in html and " style=" not in html and not re.search(r"\son[a-z]+\s*=", html)
    assert html.count("<script") == 1 and 'src="/static/app.js"' in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in html
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "document.write" not in js
    assert "eval(" not in js and "localStorage" not in js and "document.cookie" not in js


def test_the_json_api_answers_carry_the_frame_and_script_policy(wb: Harness) -> None:
    headers = call(wb, "GET", "/results", token=TEST_TOKEN)["headers"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


# ---------------------------------------------------------------- tokens


def test_review_routes_take_reviewer_tokens_only(wb: Harness) -> None:
    assert call(wb, "GET", "/review/me")["json"]["reviewer"] == "ana"
    assert call(wb, "GET", "/review/me", token=BO)["json"]["reviewer"] == "bo"
    for token in (TEST_TOKEN, None, "", "rv-unknown"):
        answer = call(wb, "GET", "/review/queue", token=token)
        assert answer["statusCode"] == 401 and answer["headers"]["www-authenticate"].startswith("Bearer")
    assert call(wb, "GET", "/results", token=ANA)["statusCode"] == 401  # and not the other way round


def test_without_reviewers_nobody_signs_in(tmp_path: Any, settings: Any, clock: Any, logger: Any) -> None:
    stack = build_stack(tmp_path / "d", recognizer=PngTextRecognizer(), settings=settings, clock=clock,
                        logger=logger, environ={})
    h = Harness(stack=stack, recognizer=FaultyRecognizer(PngTextRecognizer()))
    answer = call(h, "GET", "/review/me")
    assert answer["statusCode"] == 401 and "reviewers" in answer["json"]["error"]["message"]


# ---------------------------------------------------------------- claims and decisions


def test_two_reviewers_cannot_decide_the_same_record(wb: Harness, clock: Any) -> None:
    rid = seeded(wb)["flagged"]
    mine = call(wb, "POST", f"/review/records/{rid}/claim")
    assert mine["statusCode"] == 200 and mine["json"]["claim"]["reviewer"] == "ana"
    # bo sees the lease, cannot take it and cannot decide
    assert call(wb, "GET", f"/review/records/{rid}", token=BO)["json"]["claim"]["reviewer"] == "ana"
    queue = call(wb, "GET", "/review/queue", token=BO)["json"]["records"]
    assert next(r for r in queue if r["id"] == rid)["claim"]["reviewer"] == "ana"
    taken = call(wb, "POST", f"/review/records/{rid}/claim", token=BO)
    assert taken["statusCode"] == 409 and taken["json"]["error"]["code"] == "CLAIMED_BY_OTHER"
    assert "ana" in taken["json"]["error"]["message"]
    refused = call(wb, "POST", f"/review/records/{rid}/decision", token=BO, body={"action": "APPROVE"})
    assert refused["statusCode"] == 409
    assert call(wb, "POST", f"/review/records/{rid}/release", token=BO)["statusCode"] == 409
    # ana decides; the claim ends with the decision
    done = call(wb, "POST", f"/review/records/{rid}/decision",
                body={"action": "REJECT", "reasons": ["tampered"], "comment": "amount retyped", "seen_decisions": 0})
    assert done["statusCode"] == 200 and done["json"]["claim"] is None
    # bo, still looking at the old view, cannot add a blind second decision
    stale = call(wb, "POST", f"/review/records/{rid}/decision", token=BO,
                 body={"action": "APPROVE", "seen_decisions": 0})
    assert stale["statusCode"] == 409 and stale["json"]["error"]["code"] == "STALE_VIEW"
    trail = call(wb, "GET", f"/results/{rid}", token=TEST_TOKEN)["json"]["review"]["trail"]
    assert trail == [{"reviewer": "ana", "at": trail[0]["at"], "action": "REJECT", "reasons": ["tampered"],
                      "comment": "amount retyped"}]
    assert trail[0]["at"].endswith("Z")


def test_a_lapsed_claim_can_be_taken_over(wb: Harness, clock: Any) -> None:
    rid = seeded(wb)["flagged"]
    assert call(wb, "POST", f"/review/records/{rid}/claim")["statusCode"] == 200
    clock.advance(wb.stack.settings.review_claim_seconds + 1)
    assert call(wb, "POST", f"/review/records/{rid}/claim", token=BO)["json"]["claim"]["reviewer"] == "bo"
    assert call(wb, "POST", f"/review/records/{rid}/decision", body={"action": "APPROVE"})["statusCode"] == 409


def test_racing_claims_one_reviewer_wins(wb: Harness) -> None:
    rid = seeded(wb)["flagged"]
    service = ReviewService(wb.stack.store, wb.stack.app.clock, claim_seconds=300)
    names = [f"r{i}" for i in range(8)]
    barrier = threading.Barrier(len(names))
    outcome: dict[str, str] = {}

    def run(name: str) -> None:
        barrier.wait()
        try:
            service.claim(rid, name)
            outcome[name] = "won"
        except Exception as exc:
            outcome[name] = getattr(exc, "code", type(exc).__name__)

    threads = [threading.Thread(target=run, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    winners = [n for n, o in outcome.items() if o == "won"]
    assert len(winners) == 1 and set(outcome.values()) == {"won", "CLAIMED_BY_OTHER"}
    assert wb.stack.store.get(rid).review.claim.reviewer == winners[0]


def test_the_trail_only_grows(wb: Harness) -> None:
    rid = seeded(wb)["blank"]
    for token, body in ((ANA, {"action": "REQUEST_DOCUMENT", "reasons": ["unreadable"]}),
                        (BO, {"action": "APPROVE"})):
        assert call(wb, "POST", f"/review/records/{rid}/claim", token=token)["statusCode"] == 200
        assert call(wb, "POST", f"/review/records/{rid}/decision", token=token, body=body)["statusCode"] == 200
    trail = call(wb, "GET", f"/results/{rid}", token=TEST_TOKEN)["json"]["review"]["trail"]
    assert [(e["reviewer"], e["action"]) for e in trail] == [("ana", "REQUEST_DOCUMENT"), ("bo", "APPROVE")]
    stored = wb.stack.store.get(rid)
    assert stored.review_rev == 4 and stored.status is Status.NO_TEXT  # the machine's outcome is untouched


@pytest.mark.parametrize(("body", "message"), [
    ({"action": "REJECT"}, "at least one reason"),
    ({"action": "REJECT", "reasons": ["made_up"]}, "unknown reasons"),
    ({"action": "REJECT", "reasons": ["other"]}, "needs a comment"),
    ({"action": "APPROVE", "reasons": ["tampered"]}, "no rejection reasons"),
    ({"action": "MAYBE"}, "action must be"),
    ({"action": "APPROVE", "comment": "x" * 2001}, "at most 2000"),
    ({"action": "APPROVE", "who": "someone-else"}, "unknown fields"),
    ({"action": "APPROVE", "seen_decisions": True}, "seen_decisions"),
])
def test_bad_decisions_are_refused_and_leave_nothing(wb: Harness, body: dict[str, Any], message: str) -> None:
    rid = seeded(wb)["flagged"]
    answer = call(wb, "POST", f"/review/records/{rid}/decision", body=body)
    assert answer["statusCode"] == 400 and message in answer["json"]["error"]["message"]
    assert wb.stack.store.get(rid).review.trail == []


def test_records_still_in_processing_cannot_be_reviewed(wb: Harness, clock: Any) -> None:
    from credrec.idempotency import Idempotency
    from credrec.models import RecognitionParams, Source

    claim = Idempotency(wb.stack.store, clock).claim("a" * 32, source=Source(kind="http"),
                                                     params=RecognitionParams(), lease_seconds=60)
    assert claim.record.status is Status.IN_PROGRESS
    answer = call(wb, "POST", f"/review/records/{'a' * 32}/claim")
    assert answer["statusCode"] == 409 and answer["json"]["error"]["code"] == "NOT_REVIEWABLE"
    assert call(wb, "POST", f"/review/records/{'b' * 32}/claim")["statusCode"] == 404


# ---------------------------------------------------------------- queue, record, image, dashboard


def test_queue_lists_what_needs_review_first_and_filters(wb: Harness) -> None:
    ids = seeded(wb)
    queue = call(wb, "GET", "/review/queue")["json"]
    assert {r["id"] for r in queue["records"]} == {ids["flagged"], ids["xss"], ids["blank"], ids["machine"]}
    assert next(r for r in queue["records"] if r["id"] == ids["machine"])["flags"] == ["decision_review"]
    assert queue["cursor"] is None
    everything = call(wb, "GET", "/review/queue", query={"view": "all", "limit": "2"})["json"]
    seen, cursor, pages = [r["id"] for r in everything["records"]], everything["cursor"], 1
    while cursor:
        page = call(wb, "GET", "/review/queue", query={"view": "all", "limit": "2", "cursor": cursor})["json"]
        seen += [r["id"] for r in page["records"]]
        cursor, pages = page["cursor"], pages + 1
    assert sorted(seen) == sorted(ids.values()) and seen[-1] == ids["clean"] and pages >= 2
    assert [r["id"] for r in call(wb, "GET", "/review/queue", query={"status": "NO_TEXT"})["json"]["records"]] == [
        ids["blank"]]
    flagged = call(wb, "GET", "/review/queue", query={"fraud": "CONTENT_INCONSISTENT"})["json"]["records"]
    assert {r["id"] for r in flagged} == {ids["flagged"], ids["xss"]}
    day = call(wb, "GET", "/review/queue", query={"view": "all", "since": "2026-11-19", "until": "2026-11-19"})
    assert [r["id"] for r in day["json"]["records"]] == [ids["clean"]]
    assert [r["id"] for r in call(wb, "GET", "/review/queue", query={"decision": "REVIEW"})["json"]["records"]] == [
        ids["machine"]]
    assert call(wb, "GET", "/review/queue", query={"decision": "ACCEPT"})["json"]["records"] == []
    for bad in ({"view": "mine"}, {"status": "DONE"}, {"since": "yesterday"}, {"limit": "0"}, {"cursor": "%%"},
                {"fraud": "<b>"}):
        assert call(wb, "GET", "/review/queue", query=bad)["statusCode"] == 400
    # a decided record leaves the queue
    call(wb, "POST", f"/review/records/{ids['flagged']}/claim")
    call(wb, "POST", f"/review/records/{ids['flagged']}/decision", body={"action": "APPROVE"})
    assert ids["flagged"] not in {r["id"] for r in call(wb, "GET", "/review/queue")["json"]["records"]}


def test_record_view_carries_overlays_and_the_image_comes_through_the_api(wb: Harness) -> None:
    rid = seeded(wb)["flagged"]
    view = call(wb, "GET", f"/review/records/{rid}")["json"]
    assert view["flags"] == ["fraud_flagged"] and view["needs_review"] is True
    assert view["overlays"]["boxes_available"] is True
    assert [f["key"] for f in view["overlays"]["fields"]] == ["name", "address"]
    assert view["overlays"]["signals"][0]["region"] == [420.0, 200.0, 560.0, 230.0]
    image = call_raw(wb, f"/review/records/{rid}/image")
    assert image["statusCode"] == 200 and image["isBase64Encoded"] is True
    assert image["headers"]["content-type"] == "image/png" and image["headers"]["cache-control"] == "no-store"
    assert base64.b64decode(image["body"]) == wb.stack.objects.read(wb.stack.settings.bucket, "uploads/f.png")


def test_cloud_shaped_answers_have_no_boxes_and_inline_uploads_no_image(wb: Harness, bill_png: bytes) -> None:
    made = call(wb, "POST", "/recognize", token=TEST_TOKEN,
                body={"image_base64": base64.b64encode(text_png({"Name": "A B", "Fraud": "Y"})).decode()})
    rid = made["json"]["id"]
    view = call(wb, "GET", f"/review/records/{rid}")["json"]
    assert view["needs_review"] is True and view["overlays"]["boxes_available"] is False
    assert view["image"]["available"] is False and "inline" in view["image"]["why_not"]
    answer = call(wb, "GET", f"/review/records/{rid}/image")
    assert answer["statusCode"] == 404 and answer["json"]["error"]["code"] == "IMAGE_UNAVAILABLE"


def test_a_deleted_image_is_explained(wb: Harness) -> None:
    rid = seeded(wb)["flagged"]
    wb.stack.objects.path_for(wb.stack.settings.bucket, "uploads/f.png").unlink()
    answer = call(wb, "GET", f"/review/records/{rid}/image")
    assert answer["statusCode"] == 404 and "no longer in the bucket" in answer["json"]["error"]["message"]


def test_dashboard_figures_and_charts(wb: Harness, clock: Any) -> None:
    ids = seeded(wb)
    clock.advance(120)
    call(wb, "POST", f"/review/records/{ids['flagged']}/claim")
    call(wb, "POST", f"/review/records/{ids['flagged']}/decision", body={"action": "APPROVE"})
    stats = call(wb, "GET", "/review/stats")["json"]
    assert stats["queue"] == 3 and stats["scanned"] == 5 and stats["complete"] is True
    assert stats["human_decisions"] == {"APPROVE": 1} and stats["decided"] == 1
    assert stats["median_upload_to_decision_seconds"] == pytest.approx(clock.now() - BASE)
    assert sum(sum(v.values()) for v in stats["by_day_status"].values()) == 5
    assert stats["by_day_decision"]["2026-11-18"] == {"NONE": 3, "REVIEW": 1}
    chart = call_raw(wb, "/review/charts/status.svg")
    assert chart["statusCode"] == 200 and chart["headers"]["content-type"].startswith("image/svg+xml")
    assert chart["body"].startswith("<svg") and "SUCCEEDED" in chart["body"] and "<script" not in chart["body"]
    assert call_raw(wb, "/review/charts/decisions.svg")["statusCode"] == 200
    assert call(wb, "GET", "/review/charts/other.svg")["statusCode"] == 404


def test_logs_name_routes_without_ids_or_personal_data(wb: Harness, log_stream: Any) -> None:
    rid = seeded(wb)["xss"]
    call(wb, "GET", f"/review/records/{rid}")
    call(wb, "POST", f"/review/records/{rid}/claim")
    call(wb, "POST", f"/review/records/{rid}/decision", body={"action": "REJECT", "reasons": ["other"],
                                                             "comment": "Call Tan Wei Ming at home"})
    text = log_stream.getvalue()
    assert "/review/records/{id}/decision" in text
    assert "Tan Wei Ming" not in text and "onerror" not in text and '"ana"' not in text


def test_a_writer_that_read_before_a_review_write_cannot_erase_it(wb: Harness) -> None:
    """Review writes rotate the fencing token, so e.g. a rescore based on an older read loses its write."""
    rid = seeded(wb)["machine"]
    stale = wb.stack.store.get(rid)
    assert call(wb, "POST", f"/review/records/{rid}/claim")["statusCode"] == 200
    assert call(wb, "POST", f"/review/records/{rid}/decision", body={"action": "APPROVE"})["statusCode"] == 200
    rescored = stale.model_copy(update={"decision": None, "owner": "rescore-token"})
    assert wb.stack.store.replace(rescored, expected_owner=stale.owner) is False
    assert [e["action"] for e in call(wb, "GET", f"/results/{rid}", token=TEST_TOKEN)["json"]["review"]["trail"]] == [
        "APPROVE"]


def test_a_pdf_document_is_explained_not_shown(wb: Harness) -> None:
    rid = seeded(wb)["flagged"]
    wb.stack.objects.path_for(wb.stack.settings.bucket, "uploads/f.png").write_bytes(b"%PDF-1.7\n%...")
    record = wb.stack.store.get(rid)
    head = wb.stack.objects.head(wb.stack.settings.bucket, "uploads/f.png")
    source = record.source.model_copy(update={"etag": head.etag})
    assert wb.stack.store.replace(record.model_copy(update={"source": source}), expected_owner=record.owner)
    answer = call(wb, "GET", f"/review/records/{rid}/image")
    assert answer["statusCode"] == 415 and answer["json"]["error"]["code"] == "PDF_NOT_RENDERED"
