"""Benchmark of the offline pipeline. Prints a table; never fails on timings.

    python tests/bench/pipeline.py [--docs 12] [--overhead-records 300] [--import-runs 7]

1. documents per second through the whole offline stack (generated bills → local bucket →
   watcher events → handler → local OCR engine → sqlite), engine load excluded and reported apart;
2. per-record overhead outside recognition: the same path with an instant recognizer (the PNG
   text-chunk recognizer from tests/support), i.e. claim + head + read + validate + complete + log;
3. handler cold-import time, as a ratio to a bare ``import alibabacloud_cloudauth_intl20220809.client``,
   and the first-invocation build of the cloud wiring (imports of all three SDKs).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "functions")]


def _median_import(statement: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", statement], check=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_imports(runs: int) -> dict[str, float]:
    base = _median_import("pass", runs)
    handler = _median_import("import credrec.index", runs) - base
    sdk = _median_import("import alibabacloud_cloudauth_intl20220809.client", runs) - base
    wired = _median_import(
        "import credrec.index, credrec.app, alibabacloud_cloudauth_intl20220809.client, alibabacloud_oss_v2, tablestore",
        runs) - base
    return {"python": base, "handler": handler, "sdk": sdk, "wired": wired}


def bench_overhead(records: int) -> dict[str, float]:
    from credrec.logging import JsonLogger
    from credrec_local.runtime.fc_context import LocalContext
    from credrec_local.runtime.stack import build_stack
    from credrec_local.runtime.watcher import oss_entry
    from tests.support.textpng import PngTextRecognizer, text_png

    with tempfile.TemporaryDirectory() as tmp:
        recognizer = PngTextRecognizer()
        stack = build_stack(tmp, recognizer=recognizer, logger=JsonLogger(stream=io.StringIO()), environ={})
        bucket = stack.settings.bucket
        events = []
        for i in range(records):
            data = text_png({"Name": f"Person {i}", "Address": f"Blk {i} Ang Mo Kio Ave 3\nSingapore 5601{i % 100:02d}"})
            head = stack.objects.put(bucket, f"uploads/bench/{i}.png", data)
            events.append(json.dumps({"events": [oss_entry(bucket, head.key, head.etag, head.size, "ap-southeast-1")]}).encode())
        # time the recognizer alone on the same images, to subtract it
        from credrec.models import ImageInput, RecognitionParams
        images = [stack.objects.read(bucket, f"uploads/bench/{i}.png") for i in range(records)]
        t0 = time.perf_counter()
        for data in images:
            recognizer.recognize(ImageInput(data=data), RecognitionParams())
        recog = (time.perf_counter() - t0) / records
        per = []
        for event in events:
            t0 = time.perf_counter()
            stack.app.handle(event, LocalContext())
            per.append(time.perf_counter() - t0)
        dup = []
        for event in events[:100]:
            t0 = time.perf_counter()
            stack.app.handle(event, LocalContext())
            dup.append(time.perf_counter() - t0)
    return {"median": statistics.median(per) - recog, "p95": sorted(per)[int(len(per) * 0.95)] - recog,
            "duplicate": statistics.median(dup), "recognizer": recog}


def bench_throughput(docs: int) -> dict[str, float]:
    from credrec.logging import JsonLogger
    from credrec_local.adapters.recognizer import LocalRecognizer
    from credrec_local.docgen import COUNTRIES, LAYOUTS, generate, render_variant
    from credrec_local.engine import get_engine
    from credrec_local.runtime.event_queue import EventQueue
    from credrec_local.runtime.runner import LocalRunner
    from credrec_local.runtime.stack import build_stack
    from credrec_local.runtime.watcher import BucketWatcher

    t0 = time.perf_counter()
    engine = get_engine()
    load = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        from credrec_local.adapters.bucket_dir import BucketDirSource
        objects = BucketDirSource(tmp)
        stack = build_stack(tmp, recognizer=LocalRecognizer(engine, url_reader=objects.open_presigned),
                            objects=objects, logger=JsonLogger(stream=io.StringIO()), environ={})
        bucket = stack.settings.bucket
        for i in range(docs):
            doc = generate(9000 + i, country=COUNTRIES[i % 6], layout=LAYOUTS[i % len(LAYOUTS)])
            variant = ("clean", "scan", "photo")[i % 3]
            objects.put(bucket, f"uploads/bench/{i}.{'png' if variant == 'clean' else 'jpg'}",
                        render_variant(doc, variant, i).data)
        queue = EventQueue(tmp)
        watcher = BucketWatcher(queue, objects, bucket=bucket, prefix="uploads/", region="ap-southeast-1")
        t0 = time.perf_counter()
        watcher.scan_once()
        runner = LocalRunner(stack.app, queue, workers=1, poll_s=0.02).start()  # the engine uses both cores
        runner.drain()
        runner.stop()
        elapsed = time.perf_counter() - t0
        from credrec.models import Status
        ok = len(stack.store.list(status=Status.SUCCEEDED, limit=docs).records)
    return {"docs": docs, "seconds": elapsed, "per_second": docs / elapsed, "load": load, "succeeded": ok}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=12)
    parser.add_argument("--overhead-records", type=int, default=300)
    parser.add_argument("--import-runs", type=int, default=7)
    args = parser.parse_args()

    imports = bench_imports(args.import_runs)
    overhead = bench_overhead(args.overhead_records)
    throughput = bench_throughput(args.docs)

    rows = [
        ("offline throughput (local OCR engine, 2 cores)",
         f"{throughput['per_second']:.2f} docs/s ({throughput['docs']} docs in {throughput['seconds']:.1f} s, "
         f"{throughput['succeeded']} SUCCEEDED; engine load {throughput['load']:.1f} s apart)"),
        ("per-record overhead outside recognition (median / p95)",
         f"{overhead['median'] * 1000:.2f} ms / {overhead['p95'] * 1000:.2f} ms "
         f"({args.overhead_records} uploads; instant recognizer {overhead['recognizer'] * 1000:.2f} ms subtracted)"),
        ("duplicate delivery (claim finds a completed record)", f"{overhead['duplicate'] * 1000:.2f} ms median"),
        ("cold import of credrec.index", f"{imports['handler'] * 1000:.0f} ms"),
        ("cold import of alibabacloud_cloudauth_intl20220809.client", f"{imports['sdk'] * 1000:.0f} ms"),
        ("handler import / SDK import ratio", f"{imports['handler'] / imports['sdk']:.2f}"),
        ("first invocation: app (pydantic models) + the three SDKs, loaded lazily", f"{imports['wired'] * 1000:.0f} ms"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure'.ljust(width)} | result")
    print(f"{'-' * width}-|-{'-' * 60}")
    for name, value in rows:
        print(f"{name.ljust(width)} | {value}")
    print(f"\n(python {sys.version.split()[0]}, {os.cpu_count()} cores; interpreter start {imports['python'] * 1000:.0f} ms excluded)")


if __name__ == "__main__":
    main()
