"""The local gateway and watcher: real HTTP and real files into the same handler."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

import pytest

from credrec.models import Status
from credrec_local.runtime.watcher import BucketWatcher
from credrec_local.servers.http_gateway import HttpGateway
from tests.conftest import BUCKET, TEST_TOKEN
from tests.functional.conftest import BILL
from tests.support.textpng import text_png


@pytest.fixture
def gateway(harness):
    gw = HttpGateway(harness.app, "127.0.0.1", 0)
    gw.start()
    yield gw
    gw.stop()


def call(url, *, method="GET", data=None, headers=None):
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:  # noqa: S310 - loopback test server
            return resp.status, dict(resp.headers), json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), json.loads(err.read() or b"null")


def test_curl_like_requests_behave_as_the_http_trigger(gateway, bill_png, harness):
    assert call(gateway.url + "/healthz")[0] == 200
    status, headers, body = call(gateway.url + "/recognize", method="POST", data=bill_png,
                                 headers={"Content-Type": "image/png"})
    assert status == 401 and body["error"]["code"] == "UNAUTHORIZED" and "Bearer" in headers["www-authenticate"]

    auth = {"Authorization": f"Bearer {TEST_TOKEN}"}
    status, headers, body = call(gateway.url + "/recognize?fraud_check=false", method="POST", data=bill_png,
                                 headers={**auth, "Content-Type": "image/png"})
    assert status == 200 and body["fields"]["name"] == BILL["Name"] and body["fraud"]["checked"] is False
    assert headers["cache-control"] == "no-store" and headers["x-request-id"].startswith("1-")

    status, _, listed = call(gateway.url + "/results?status=SUCCEEDED", headers=auth)
    assert status == 200 and [r["id"] for r in listed["records"]] == [body["id"]]
    status, _, shown = call(gateway.url + "/results/" + body["id"], headers=auth)
    assert status == 200 and shown["fields"]["address"] == BILL["Address"]


def test_json_body_and_percent_encoded_paths(gateway, bill_png, harness):
    import base64
    auth = {"Authorization": f"Bearer {TEST_TOKEN}", "Content-Type": "application/json"}
    payload = json.dumps({"image_base64": base64.b64encode(bill_png).decode(), "doc_type": "04", "ocr_area": "0401"})
    status, _, body = call(gateway.url + "/recognize", method="POST", data=payload.encode(), headers=auth)
    assert status == 200 and body["params"]["doc_type"] == "04"
    status, _, _ = call(gateway.url + "/results%2F" + body["id"], headers=auth)
    assert status == 200  # rawPath is encoded, requestContext.http.path decoded, as in FC


def _runner(harness, queue):
    from credrec_local.runtime.runner import LocalRunner
    return LocalRunner(harness.app, queue, workers=2, poll_s=0.02).start()


def test_watcher_turns_dropped_files_into_records(harness, bill_png, tmp_path):
    from credrec_local.runtime.event_queue import EventQueue

    objects = harness.stack.objects
    queue = EventQueue(tmp_path / "runner", backoff_base_s=0.01)
    watcher = BucketWatcher(queue, objects, bucket=BUCKET, prefix="uploads/", region="ap-southeast-1")
    objects.put(BUCKET, "uploads/a.png", bill_png)
    objects.put(BUCKET, "uploads/sub/b.png", text_png({"Name": "Nguyen Van An", "Address": "12 Le Loi"}))
    objects.put(BUCKET, "elsewhere/c.png", bill_png)  # outside the prefix: not an upload
    (objects.bucket_path(BUCKET) / "uploads" / ".partial.png.tmp").write_bytes(b"half")

    assert watcher.scan_once(require_stable=True) == []  # sizes not yet seen twice
    assert sorted(watcher.scan_once(require_stable=True)) == ["uploads/a.png", "uploads/sub/b.png"]
    assert watcher.scan_once() == []  # nothing new
    runner = _runner(harness, queue)
    try:
        assert runner.drain(timeout_s=30)
        records = harness.stack.store.list(status=Status.SUCCEEDED).records
        assert sorted(r.source.key for r in records) == ["uploads/a.png", "uploads/sub/b.png"]

        objects.put(BUCKET, "uploads/a.png", text_png({}))  # overwritten: a new version is a new upload
        assert watcher.scan_once() == ["uploads/a.png"]
        runner.notify()
        assert runner.drain(timeout_s=30)
    finally:
        runner.stop()
    assert [r.source.key for r in harness.stack.store.list(status=Status.NO_TEXT).records] == ["uploads/a.png"]
    assert harness.calls == 3


def test_a_restarted_watcher_announces_only_what_arrived_meanwhile(harness, bill_png, tmp_path):
    from credrec_local.runtime.event_queue import EventQueue

    objects = harness.stack.objects
    objects.put(BUCKET, "uploads/before.png", bill_png)
    first = BucketWatcher(EventQueue(tmp_path / "runner"), objects, bucket=BUCKET, prefix="uploads/",
                          region="ap-southeast-1")
    assert first.scan_once() == ["uploads/before.png"]
    objects.put(BUCKET, "uploads/meanwhile.png", text_png({"Name": "Siti Aminah", "Address": "3 Jalan Besar"}))
    queue = EventQueue(tmp_path / "runner")  # a new process: only the queue database is shared
    second = BucketWatcher(queue, objects, bucket=BUCKET, prefix="uploads/", region="ap-southeast-1")
    assert second.scan_once() == ["uploads/meanwhile.png"]
    assert queue.counts().ready == 2


def test_watcher_thread_and_runner_pick_up_a_copy(harness, bill_png, tmp_path):
    from credrec_local.runtime.event_queue import EventQueue
    from credrec_local.runtime.runner import LocalRunner

    objects = harness.stack.objects
    seen = []
    queue = EventQueue(tmp_path / "runner")
    runner = LocalRunner(harness.app, queue, workers=1, poll_s=0.02,
                         on_done=lambda event, outcome, result: seen.append((outcome, result))).start()
    watcher = BucketWatcher(queue, objects, bucket=BUCKET, prefix="uploads/", region="ap-southeast-1",
                            on_enqueued=lambda keys: runner.notify())
    watcher.start(interval_s=0.05)
    try:
        objects.put(BUCKET, "uploads/live.png", bill_png)
        for _ in range(200):
            if seen:
                break
            time.sleep(0.05)
    finally:
        watcher.stop()
        runner.stop()
    assert [(outcome, result["records"][0]["status"]) for outcome, result in seen] == [("done", "SUCCEEDED")]
    assert harness.stack.store.list(status=Status.SUCCEEDED).records[0].source.key == "uploads/live.png"
