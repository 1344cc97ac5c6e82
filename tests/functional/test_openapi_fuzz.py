"""Schemathesis against a real ``credrec serve`` process, driven by functions/credrec/openapi.json.

Every generated request (valid and invalid by the document) must end in a status the document lists
for that operation, with a JSON body that matches the documented schema - never a 5xx, a traceback or
a hang (each call has a timeout), and the server's stderr must hold no traceback. The number of
generated cases per operation and mode is printed in the terminal summary.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

from tests.conftest import REPO
from tests.support.fuzzcount import count

TOKEN = "fuzz-token-2f6c9a1e0b7d4e55"  # noqa: S105 - a throwaway token for a loopback test server
EXAMPLES_PER_OPERATION = 30
#: A schema-valid body can still hold bytes that are no image (the schema cannot say "a decodable
#: PNG"), so a 400 for it is right: every other default check applies (no 5xx, documented status,
#: JSON content type and schema, invalid data refused, auth not ignored...).
NOT_APPLICABLE = [schemathesis.checks.positive_data_acceptance]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir: Path = tmp_path_factory.mktemp("fuzz-data")
    port = _free_port()
    env = {**os.environ, "CREDREC_LOCAL_TOKEN": TOKEN,
           "PYTHONPATH": os.pathsep.join([str(REPO / "functions"), str(REPO)])}
    proc = subprocess.Popen(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "credrec_local.cli", "serve", "--data-dir", str(data_dir), "--port", str(port),
         "--no-watch", "--workers", "1"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=2):  # noqa: S310 - loopback
                    break
            except OSError as exc:
                if proc.poll() is not None or time.monotonic() > deadline:
                    assert proc.stderr is not None
                    raise RuntimeError(f"credrec serve did not start: {proc.stderr.read().decode()[-2000:]}") from exc
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            _, err = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
        assert b"Traceback" not in err, err.decode()[-3000:]  # nothing the fuzzer sent made it crash


@pytest.fixture(scope="module")
def api_schema(served: str) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_url(served + "/openapi.json")


@pytest.mark.parametrize("mode", [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE],
                         ids=["valid-by-the-document", "invalid-by-the-document"])
def test_every_generated_request_ends_in_a_documented_answer(api_schema: schemathesis.BaseSchema, served: str,
                                                             mode: schemathesis.GenerationMode) -> None:
    """(schemathesis' own pytest plugin does not run under pytest 9 yet: its operations are driven
    here with hypothesis directly, one property per operation.)"""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 5  # schemathesis leaves out the document's own path
    for operation in operations:
        _fuzz(operation, mode, served)


def _fuzz(operation: schemathesis.APIOperation, mode: schemathesis.GenerationMode, served: str) -> None:
    label = f"{mode.value} {operation.method.upper()} {operation.path}"

    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def answers_as_documented(case: schemathesis.Case) -> None:
        count(f"schemathesis vs credrec serve: {label}")
        case.call_and_validate(base_url=served, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30,
                               excluded_checks=NOT_APPLICABLE)

    try:
        answers_as_documented()
    except Unsatisfiable:
        # an operation with no parameters and no body (GET /healthz) has nothing to make invalid
        assert mode is schemathesis.GenerationMode.NEGATIVE and not operation.body and not any(
            True for _ in operation.iter_parameters()), label
