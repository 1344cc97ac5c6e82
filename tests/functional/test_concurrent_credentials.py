"""Concurrent invocations of one instance never mix their credentials (#10 item 4).

FC runs up to the instance concurrency of invocations at once in one process, each with its own
``context.credentials``. Here eight invocations, each carrying different STS credentials, run at the
same time through the production wiring (``build_cloud_app``) and the three official SDKs against the
OSS and Tablestore protocol servers and the CloudAuth emulator - all of which verify signatures and
tokens. Every request each server accepted is attributed to its invocation (by object key, record id or
image) and must have been signed with that invocation's own AccessKey.
"""

from __future__ import annotations

import base64
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qsl

import pytest

from credrec.credentials import Credentials
from credrec.index import build_cloud_app
from tests.contract.conftest import BUCKET, INSTANCE, REGION, TABLE
from tests.functional.conftest import FcContext
from tests.servers._base import LoopbackServer, Request, Response
from tests.servers.oss_server import OssApp
from tests.servers.tablestore_server import TablestoreApp
from tests.support.textpng import TextChunkEngine, text_png

INVOCATIONS = 8
ROUNDS = 3
KEYS = [Credentials(f"STS.inv-{i}", f"secret-{i}-5c1e", f"token-{i}/x+y=") for i in range(INVOCATIONS)]
ENV_KEY = Credentials("STS.environment", "environment-secret", "environment-token")


@dataclass
class Signed:
    """What a server accepted: (AccessKeyId it was signed with, what it was about)."""

    entries: list[tuple[str, str | bytes]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, access_key_id: str, subject: str | bytes) -> None:
        with self.lock:
            self.entries.append((access_key_id, subject))


class Recording:
    """A protocol server app that notes the signer of every request it accepted."""

    def __init__(self, app: Any, signer: Any, subject: Any) -> None:
        self.app, self.signer, self.subject, self.signed = app, signer, subject, Signed()

    def handle(self, request: Request) -> Response | object:
        answer = self.app.handle(request)
        if isinstance(answer, Response) and answer.status < 400:
            self.signed.add(self.signer(request), self.subject(request))
        return answer


def _oss_signer(request: Request) -> str:
    match = re.search(r"Credential=([^/,]+)/", request.header("Authorization") or "")
    assert match, request.path
    return match.group(1)


class RecordingVerifier:
    """The emulator's ACS3 verifier, noting the AccessKey of every request whose signature it verified."""

    def __init__(self, verifier: Any) -> None:
        self.verifier, self.signed = verifier, Signed()

    def verify(self, method: str, target: str, low: Any, body: bytes) -> str:
        access_key_id: str = self.verifier.verify(method, target, low, body)
        params = dict(parse_qsl(body.decode()))
        image = params.get("CredentialOcrPictureBase64")
        self.signed.add(access_key_id, base64.b64decode(image) if image else params.get("CredentialOcrPictureUrl", ""))
        return access_key_id

    def __getattr__(self, name: str) -> Any:
        return getattr(self.verifier, name)


@pytest.fixture
def cloud(monkeypatch: pytest.MonkeyPatch) -> Iterator[SimpleNamespace]:
    from credrec_local.servers.emulator import Emulator

    keys = [*KEYS, ENV_KEY]
    accepted = {"credentials": {k.access_key_id: k.access_key_secret for k in keys},
                "sts_tokens": {k.access_key_id: k.security_token for k in keys}}
    oss_app = OssApp(buckets=(BUCKET,), region=REGION, **accepted)
    oss = Recording(oss_app, _oss_signer, lambda r: r.path)
    ots = Recording(TablestoreApp(instance=INSTANCE, tables={TABLE: ["id"]}, **accepted),
                    lambda r: r.header("x-ots-accesskeyid") or "", lambda r: r.body)
    oss_server, ots_server = LoopbackServer(oss).start(), LoopbackServer(ots).start()
    # latency keeps every invocation inside its recognition while the others start theirs
    emulator = Emulator(TextChunkEngine(), latency_ms=60, engine_concurrency=INVOCATIONS, **accepted)
    verifier = emulator.service.verifier = RecordingVerifier(emulator.service.verifier)
    emulator.start()
    env = {
        "CREDREC_REGION": REGION, "CREDREC_BUCKET": BUCKET, "CREDREC_UPLOAD_PREFIX": "uploads/",
        "CREDREC_CLOUDAUTH_ENDPOINT": emulator.endpoint, "CREDREC_CLOUDAUTH_PROTOCOL": "http",
        "CREDREC_OSS_ENDPOINT": oss_server.url, "CREDREC_OSS_PUBLIC_ENDPOINT": oss_server.url,
        "CREDREC_OTS_ENDPOINT": ots_server.url, "CREDREC_OTS_INSTANCE": INSTANCE, "CREDREC_TABLE": TABLE,
        "CREDREC_HTTP_TOKEN_SHA256": "0" * 64,
        "ALIBABA_CLOUD_ACCESS_KEY_ID": ENV_KEY.access_key_id,
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET": ENV_KEY.access_key_secret,
        "ALIBABA_CLOUD_SECURITY_TOKEN": ENV_KEY.security_token or "",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    app = build_cloud_app()
    app.log._stream = __import__("io").StringIO()
    yield SimpleNamespace(app=app, oss_app=oss_app, oss=oss.signed, ots=ots.signed, cloudauth=verifier.signed)
    emulator.stop()
    ots_server.stop()
    oss_server.stop()


def _context(i: int, round_: int) -> FcContext:
    key = KEYS[i]
    creds = SimpleNamespace(access_key_id=key.access_key_id, access_key_secret=key.access_key_secret,
                            security_token=key.security_token)
    return FcContext(request_id=f"inv-{i}-{round_}", credentials=creds)


def test_concurrent_invocations_sign_every_request_with_their_own_credentials(cloud: SimpleNamespace) -> None:
    from credrec_local.runtime.watcher import oss_entry

    images: dict[bytes, int] = {}
    events: dict[tuple[int, int], bytes] = {}
    for round_ in range(ROUNDS):
        for i in range(INVOCATIONS):
            key = f"uploads/inv-{i}-r{round_}.png"
            data = text_png({"Name": f"Holder {i}", "Address": f"Blk {i} Round {round_} Road\nSingapore 5601{i:02d}"})
            images[data] = i
            etag = cloud.oss_app.put_object(BUCKET, key, data)
            events[(i, round_)] = json.dumps({"events": [oss_entry(BUCKET, key, etag, len(data), REGION)]}).encode()

    record_of: dict[str, int] = {}
    failures: list[BaseException] = []
    for round_ in range(ROUNDS):
        start = threading.Barrier(INVOCATIONS)

        def invoke(i: int, round_: int = round_, start: threading.Barrier = start) -> None:
            try:
                start.wait(timeout=10)
                result = cloud.app.handle(events[(i, round_)], _context(i, round_))
                assert result["records"][0]["status"] == "SUCCEEDED", result
                record_of[result["records"][0]["id"]] = i
            except BaseException as exc:  # reported below, with the others
                failures.append(exc)

        threads = [threading.Thread(target=invoke, args=(i,)) for i in range(INVOCATIONS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert failures == []
    assert len(record_of) == INVOCATIONS * ROUNDS

    def owner_of_path(path: str) -> int:
        match = re.search(r"inv-(\d+)-r\d+\.png", path)
        assert match, path
        return int(match.group(1))

    def owner_of_row(body: bytes) -> int:
        owners = {i for record_id, i in record_of.items() if record_id.encode() in body}
        assert len(owners) == 1, body[:80]
        return owners.pop()

    def owner_of_image(subject: bytes | str) -> int:
        return images[subject] if isinstance(subject, bytes) else owner_of_path(subject)

    checked = 0
    for signed, owner in ((cloud.oss, owner_of_path), (cloud.ots, owner_of_row), (cloud.cloudauth, owner_of_image)):
        assert signed.entries, "a service saw no request"
        for access_key_id, subject in signed.entries:
            assert access_key_id == KEYS[owner(subject)].access_key_id  # type: ignore[arg-type]
            checked += 1
    # every invocation reached every service: OSS (head + read), Tablestore (claim + complete), CloudAuth
    assert len(cloud.cloudauth.entries) == INVOCATIONS * ROUNDS
    assert checked >= INVOCATIONS * ROUNDS * 5


def test_after_an_invocation_the_next_one_without_context_credentials_uses_the_environment(
        cloud: SimpleNamespace) -> None:
    from credrec_local.runtime.watcher import oss_entry

    def event(key: str) -> bytes:
        data = text_png({"Name": "Env Holder", "Address": f"1 {key} Road\nSingapore 560001"})
        etag = cloud.oss_app.put_object(BUCKET, f"uploads/{key}.png", data)
        return json.dumps({"events": [oss_entry(BUCKET, f"uploads/{key}.png", etag, len(data), REGION)]}).encode()

    first, second = event("first"), event("second")
    assert cloud.app.handle(first, _context(3, 0))["records"][0]["status"] == "SUCCEEDED"
    assert cloud.app.handle(second, FcContext(request_id="plain"))["records"][0]["status"] == "SUCCEEDED"
    signers = {name: {key for key, subject in cloud.oss.entries if f"/{name}.png" in str(subject)}
               for name in ("first", "second")}
    assert signers == {"first": {KEYS[3].access_key_id}, "second": {ENV_KEY.access_key_id}}
