"""The small soak (issue #9, item 10): 200 uploads through `credrec serve`'s runner against the
emulator, with 5xx, unanswered requests, duplicate events, overwrites and one kill -9 of the runner.
Asserts the invariants only — never timings (`make soak` prints the full table)."""

from __future__ import annotations

from tests.bench.soak import Soak, SoakConfig, table


def test_small_soak_keeps_every_invariant(tmp_path):
    config = SoakConfig(uploads=200, qps=20, kills=1, workers=4, latency_ms=100, upload_rate=50.0,
                        timeout_s=240.0, data_dir=tmp_path / "soak")
    result = Soak(config).run()
    report = table(result)
    assert result.kills == 1 and result.versions == 200 and result.overwrites > 0, report
    assert result.duplicates_injected > 0 and result.outcomes.get("timeout", 0) > 0, report
    assert result.outcomes.get("server_error", 0) > 0, report
    assert result.invariant_failures() == [], report
