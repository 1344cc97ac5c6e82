"""The soak: uploads through ``credrec serve``'s runner against the emulator at the API's QPS limit,
with faults, duplicate events, overwrites and ``kill -9`` of the runner; prints one table.

    make soak                                   # 1,000 uploads, --qps 5, 3 kills (~5 min)
    python tests/bench/soak.py --uploads 200 --qps 20 --kills 1     # the size `make test` runs

Three processes, as a user would run them: ``credrec emulator --load`` (PNG-text answers, ``--qps``,
``--error-rate``, ``--timeout-rate``), ``credrec serve --no-http --backend cloudauth`` (watcher →
durable queue → ``--workers`` runner threads → the handler over the official SDK), and this driver,
which writes files into the local bucket, injects duplicate events into the runner's queue, overwrites
existing keys, kills the runner with SIGKILL and restarts it. When the queue is empty and every
version has a record, the runner stops and ``credrec sweep`` runs once.

Every uploaded version carries a unique name in its PNG text, so a record holding another version's
data is detected exactly; billed calls are the emulator's successful answers (``GET /metrics``), and
"beyond one per version" is successful answers minus distinct images answered.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO / "functions"), str(REPO)]

from credrec.models import Status  # noqa: E402
from credrec_local.adapters.bucket_dir import BucketDirSource  # noqa: E402
from credrec_local.adapters.store_sqlite import SqliteResultStore  # noqa: E402
from credrec_local.runtime.event_queue import EventQueue  # noqa: E402
from credrec_local.runtime.watcher import oss_event  # noqa: E402
from credrec_local.servers.pngtext import text_png  # noqa: E402

BUCKET = "credrec-uploads"
REGION = "ap-southeast-1"
ACCESS_KEY = ("LTAI-soak-local", "soak-secret-not-a-real-key")


@dataclass
class SoakConfig:
    uploads: int = 1000
    qps: int = 5
    error_rate: float = 0.05
    timeout_rate: float = 0.02
    duplicate_rate: float = 0.10
    overwrite_rate: float = 0.05
    kills: int = 3
    workers: int = 4
    latency_ms: int = 300  # the emulator's answer time (the real API takes longer: fewer workers would do)
    upload_rate: float = 25.0  # uploads offered per second (well above --qps: a backlog builds)
    read_timeout_ms: int = 2000  # the SDK's read timeout; unanswered requests hang longer
    hang_s: float = 5.0
    down_s: float = 1.5  # how long the runner stays dead after each kill
    function_timeout_s: int = 20  # the FC function timeout the handler is told (its claim lease follows)
    seed: int = 9
    timeout_s: float = 1800.0
    data_dir: Path | None = None


@dataclass
class Version:
    key: str
    etag: str
    name: str
    uploaded_at: float


@dataclass
class SoakResult:
    config: SoakConfig
    uploads: int = 0
    versions: int = 0
    duplicates_injected: int = 0
    overwrites: int = 0
    kills: int = 0
    terminal_records: int = 0
    versions_without_terminal: int = 0
    extra_records: int = 0
    in_progress_before_sweep: int = 0
    in_progress_after_sweep: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    error_codes: dict[str, int] = field(default_factory=dict)
    billed: int = 0
    distinct_images: int = 0
    outcomes: dict[str, float] = field(default_factory=dict)
    wrong_data: int = 0
    dead_letters: int = 0
    waiting_seconds: float = 0.0
    answers_per_s_waiting: float = 0.0
    waiting_seconds_up: float = 0.0  # the same, leaving out each kill -> restarted runner window
    answers_per_s_waiting_up: float = 0.0
    down_seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    sweep: dict[str, Any] = field(default_factory=dict)
    elapsed_s: float = 0.0

    @property
    def extra_billed(self) -> int:
        return self.billed - self.distinct_images

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    def invariant_failures(self) -> list[str]:
        failures = []
        if self.terminal_records != self.versions or self.versions_without_terminal or self.extra_records:
            failures.append(f"terminal records {self.terminal_records} != distinct versions {self.versions} "
                            f"({self.versions_without_terminal} without one, {self.extra_records} extra)")
        if self.in_progress_after_sweep:
            failures.append(f"{self.in_progress_after_sweep} record(s) IN_PROGRESS after one sweep")
        if self.extra_billed > self.config.workers * self.kills:
            failures.append(f"{self.extra_billed} billed calls beyond one per version > workers x kills "
                            f"= {self.config.workers * self.kills}")
        if self.wrong_data:
            failures.append(f"{self.wrong_data} record(s) hold another version's data")
        return failures


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CREDREC_", "ALIBABA_CLOUD_"))}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "functions"), str(REPO)])
    env.update(extra)
    return env


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "credrec_local.cli", *args]


def _wait_for_text(path: Path, text: str, proc: subprocess.Popen[bytes], timeout_s: float = 120.0) -> None:
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        if path.exists() and text in path.read_text(errors="replace"):
            return
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args!r} exited with {proc.returncode}: {path.read_text(errors='replace')}")
        time.sleep(0.05)
    raise TimeoutError(f"no {text!r} in {path}")


class Soak:
    def __init__(self, config: SoakConfig, say: Any = None) -> None:
        self.c = config
        self.say = say or (lambda msg: None)
        self.rng = random.Random(config.seed)
        self.result = SoakResult(config=config)
        self.versions: dict[str, Version] = {}  # etag -> version
        self.current: dict[str, str] = {}  # key -> etag of its current version
        self.samples: list[tuple[float, float, int]] = []  # (time, successful answers, events waiting)
        self.down: list[list[float]] = []  # [killed at, runner ready again at] (monotonic)
        self._stop_sampling = threading.Event()
        self._logs: list[Any] = []

    # ------------------------------------------------------------------ processes

    def _start_emulator(self) -> None:
        self.port = _free_port()
        self.endpoint = f"127.0.0.1:{self.port}"
        log = self.dir / "emulator.log"
        handle = open(log, "wb")
        self._logs.append(handle)
        self.emulator = subprocess.Popen(  # noqa: S603 - our own CLI
            _cli("emulator", "--load", "--port", str(self.port), "--qps", str(self.c.qps),
                 "--error-rate", str(self.c.error_rate), "--timeout-rate", str(self.c.timeout_rate),
                 "--timeout-hang-s", str(self.c.hang_s), "--latency-ms", str(self.c.latency_ms),
                 "--seed", str(self.c.seed)),
            env=_env(CREDREC_EMULATOR_ACCESS_KEY_ID=ACCESS_KEY[0], CREDREC_EMULATOR_ACCESS_KEY_SECRET=ACCESS_KEY[1]),
            stdout=handle, stderr=handle)
        _wait_for_text(log, "metrics:", self.emulator)

    def _serve_env(self) -> dict[str, str]:
        return _env(ALIBABA_CLOUD_ACCESS_KEY_ID=ACCESS_KEY[0], ALIBABA_CLOUD_ACCESS_KEY_SECRET=ACCESS_KEY[1],
                    CREDREC_READ_TIMEOUT_MS=str(self.c.read_timeout_ms), CREDREC_CONNECT_TIMEOUT_MS="1000",
                    CREDREC_SWEEP_AFTER_SECONDS="5", CREDREC_LOG_LEVEL="INFO")

    def _start_runner(self) -> None:
        n = len(self._logs)
        log = self.dir / f"serve-{n}.log"
        handle = open(log, "wb")
        self._logs.append(handle)
        self.serve = subprocess.Popen(  # noqa: S603 - our own CLI
            _cli("serve", "--no-http", "--backend", "cloudauth", "--endpoint", self.endpoint,
                 "--data-dir", str(self.dir), "--workers", str(self.c.workers), "--retry-backoff-s", "1",
                 "--retry-backoff-cap-s", "8", "--poll-s", "0.2",
                 "--function-timeout", str(self.c.function_timeout_s)),
            env=self._serve_env(), stdout=handle, stderr=handle)
        _wait_for_text(log, "dead letters:", self.serve)
        if self.down and len(self.down[-1]) == 1:
            self.down[-1].append(time.monotonic())

    def _kill_runner(self) -> None:
        self.serve.send_signal(signal.SIGKILL)
        self.serve.wait(10)
        self.down.append([time.monotonic()])
        self.result.kills += 1

    def _stop(self, proc: subprocess.Popen[bytes]) -> None:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)

    # ------------------------------------------------------------------ metrics

    def metrics(self) -> dict[str, float]:
        with urllib.request.urlopen(f"http://{self.endpoint}/metrics", timeout=10) as resp:
            text = resp.read().decode()
        out: dict[str, float] = {}
        for line in text.splitlines():
            if line.startswith("credrec_emulator_") and "_total" in line:
                name, value = line.rsplit(" ", 1)
                out[name] = float(value)
        return out

    def _sample(self) -> None:
        queue = EventQueue(self.dir)
        while not self._stop_sampling.is_set():
            try:
                success = self.metrics().get('credrec_emulator_calls_total{outcome="success"}', 0.0)
                waiting = queue.counts().ready
                self.samples.append((time.monotonic(), success, waiting))
            except OSError:
                pass
            self._stop_sampling.wait(1.0)

    # ------------------------------------------------------------------ the run

    def run(self) -> SoakResult:
        started = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="credrec-soak-") as tmp:
            self.dir = self.c.data_dir or Path(tmp)
            self.dir.mkdir(parents=True, exist_ok=True)
            self.objects = BucketDirSource(self.dir)
            self.queue = EventQueue(self.dir)
            try:
                self._start_emulator()
                self._start_runner()
                sampler = threading.Thread(target=self._sample, daemon=True)
                sampler.start()
                self._upload_all()
                self._wait_until_settled()
                self._stop(self.serve)
                self._stop_sampling.set()
                sampler.join(5)
                self._collect(before_sweep=True)
                self._wait_for_leases()
                self._sweep()
                self._collect(before_sweep=False)
            finally:
                self._stop_sampling.set()
                for proc in (getattr(self, "serve", None), getattr(self, "emulator", None)):
                    if proc is not None:
                        self._stop(proc)
                for handle in self._logs:
                    handle.close()
                self.queue.close()
        self.result.elapsed_s = time.monotonic() - started
        return self.result

    def _put(self, key: str) -> None:
        n = len(self.versions)
        name = f"Soak Person {n:05d} {uuid.uuid4().hex[:6]}"
        data = text_png({"Name": name, "Address": f"{n} Soak Street\nSingapore {100000 + n}"}, width=320, height=240)
        head = self.objects.put(BUCKET, key, data)
        self.versions[head.etag] = Version(key=key, etag=head.etag, name=name, uploaded_at=time.time())
        self.current[key] = head.etag
        self.result.uploads += 1

    def _upload_all(self) -> None:
        c, r = self.c, self.result
        kill_at = {int(c.uploads * (k + 1) / (c.kills + 1)) for k in range(c.kills)}
        restart_at: float | None = None
        interval = 1.0 / c.upload_rate
        next_at = time.monotonic()
        for i in range(c.uploads):
            if restart_at is not None and time.monotonic() >= restart_at:
                self._start_runner()
                restart_at = None
            announced = self.queue.announced(BUCKET)
            ready = [k for k, etag in self.current.items() if announced.get(k) == etag]
            if ready and self.rng.random() < c.overwrite_rate:
                self._put(self.rng.choice(ready))  # a new version of an existing key
                r.overwrites += 1
            else:
                self._put(f"uploads/soak/{i:05d}.png")
            if announced and self.rng.random() < c.duplicate_rate:  # the same OSS event delivered again
                key = self.rng.choice(sorted(announced))
                etag = announced[key]
                size = len(self.objects.read(BUCKET, key)) if self.current.get(key) == etag else 0
                self.queue.put(oss_event(BUCKET, [(key, etag, size)], REGION))
                r.duplicates_injected += 1
            if i in kill_at and restart_at is None:
                self.say(f"kill -9 of the runner after {i} uploads")
                self._kill_runner()
                restart_at = time.monotonic() + c.down_s
            next_at += interval
            time.sleep(max(0.0, next_at - time.monotonic()))
        if restart_at is not None:
            time.sleep(max(0.0, restart_at - time.monotonic()))
            self._start_runner()
        r.versions = len(self.versions)

    def _records(self) -> list[Any]:
        store = SqliteResultStore(self.dir / "credrec.sqlite3")
        records, cursor = [], None
        while True:
            page = store.list(limit=500, cursor=cursor)
            records += page.records
            cursor = page.cursor
            if not cursor:
                break
        store.close()
        return records

    def _wait_until_settled(self) -> None:
        end = time.monotonic() + self.c.timeout_s
        last = -1
        while time.monotonic() < end:
            counts = self.queue.counts()
            terminal = {(r.source.key, r.source.etag) for r in self._records() if r.status.terminal}
            missing = sum(1 for v in self.versions.values() if (v.key, v.etag) not in terminal)
            if counts.pending == 0 and missing == 0:
                return
            if counts.pending == 0 and missing == last:  # nothing queued and no progress: the sweep's turn
                return
            last = missing if counts.pending == 0 else -1
            self.say(f"waiting: {counts.pending} queued, {missing} versions without a terminal record")
            time.sleep(2.0)

    def _wait_for_leases(self) -> None:
        """The sweep comes after the leases of records left IN_PROGRESS have run out (as the FC timer
        trigger's next run would): a sweep never takes a live claim."""
        leases = [rec.lease_until for rec in self._records() if rec.status is Status.IN_PROGRESS]
        if leases:
            wait = max(leases) - time.time() + 0.5
            self.say(f"{len(leases)} record(s) IN_PROGRESS: sweeping after their leases end ({max(wait, 0):.0f} s)")
            time.sleep(max(0.0, min(wait, self.c.timeout_s)))

    def _sweep(self) -> None:
        out = subprocess.run(  # noqa: S603 - our own CLI
            _cli("sweep", "--data-dir", str(self.dir), "--backend", "cloudauth", "--endpoint", self.endpoint),
            env=self._serve_env(), capture_output=True, text=True, timeout=600)
        lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
        self.result.sweep = json.loads(lines[-1])["sweep"] if lines else {"error": out.stderr[-500:]}

    def _collect(self, *, before_sweep: bool) -> None:
        r = self.result
        records = [rec for rec in self._records() if rec.source.kind == "oss"]
        in_progress = sum(1 for rec in records if rec.status is Status.IN_PROGRESS)
        if before_sweep:
            r.in_progress_before_sweep = in_progress
            return
        r.in_progress_after_sweep = in_progress
        by_version: dict[tuple[str | None, str | None], list[Any]] = {}
        for rec in records:
            by_version.setdefault((rec.source.key, rec.source.etag), []).append(rec)
        r.terminal_records = sum(1 for rec in records if rec.status.terminal
                                 and rec.source.etag in self.versions)
        r.versions_without_terminal = sum(
            1 for v in self.versions.values()
            if not any(rec.status.terminal for rec in by_version.get((v.key, v.etag), [])))
        r.extra_records = sum(len(recs) - 1 for recs in by_version.values() if len(recs) > 1) + sum(
            len(recs) for (key, etag), recs in by_version.items() if etag not in self.versions)
        for rec in records:
            r.statuses[rec.status.value] = r.statuses.get(rec.status.value, 0) + 1
            if rec.error is not None:
                r.error_codes[rec.error.code] = r.error_codes.get(rec.error.code, 0) + 1
            version = self.versions.get(rec.source.etag or "")
            if rec.fields.name and (version is None or rec.fields.name != version.name):
                r.wrong_data += 1
            if version is not None and rec.status.terminal:
                r.latencies.append(rec.updated_at - version.uploaded_at)
        m = self.metrics()
        r.outcomes = {k.split('"')[1]: v for k, v in m.items() if "outcome=" in k}
        r.billed = int(r.outcomes.get("success", 0))
        r.distinct_images = int(m.get("credrec_emulator_distinct_images_total", 0))
        r.dead_letters = len(self.queue.dead_letters())
        # successful answers per second over the intervals that began and ended with events waiting;
        # a second figure leaves out the intervals touching a kill -> runner-ready-again window
        windows = [(w[0], w[1] if len(w) > 1 else w[0]) for w in self.down]
        r.down_seconds = sum(end - start for start, end in windows)
        gained = seconds = gained_up = seconds_up = 0.0
        for (t0, s0, w0), (t1, s1, w1) in zip(self.samples, self.samples[1:], strict=False):
            if w0 > 0 and w1 > 0:
                gained += s1 - s0
                seconds += t1 - t0
                if not any(t0 <= end and start <= t1 for start, end in windows):
                    gained_up += s1 - s0
                    seconds_up += t1 - t0
        r.waiting_seconds, r.waiting_seconds_up = seconds, seconds_up
        r.answers_per_s_waiting = gained / seconds if seconds else 0.0
        r.answers_per_s_waiting_up = gained_up / seconds_up if seconds_up else 0.0


def table(r: SoakResult) -> str:
    c = r.config
    rows = [
        ("uploads (new keys + overwrites)", f"{r.uploads} ({r.uploads - r.overwrites} + {r.overwrites})"),
        ("duplicate events injected", str(r.duplicates_injected)),
        ("kill -9 of the runner (each restarted)", str(r.kills)),
        ("distinct object versions", str(r.versions)),
        ("terminal records", f"{r.terminal_records}  (versions without one: {r.versions_without_terminal}, "
                             f"extra: {r.extra_records})"),
        ("records by status", ", ".join(f"{k} {v}" for k, v in sorted(r.statuses.items()))),
        ("error codes", ", ".join(f"{k} {v}" for k, v in sorted(r.error_codes.items())) or "-"),
        ("IN_PROGRESS before / after one sweep", f"{r.in_progress_before_sweep} / {r.in_progress_after_sweep}"),
        ("sweep", json.dumps(r.sweep, separators=(",", ":"))),
        ("dead letters left", str(r.dead_letters)),
        ("billed calls (successful answers)", str(r.billed)),
        ("billed calls beyond one per version", f"{r.extra_billed}  (limit workers x kills = {c.workers * r.kills})"),
        ("records holding another version's data", str(r.wrong_data)),
        ("emulator answers by outcome", ", ".join(f"{k} {int(v)}" for k, v in sorted(r.outcomes.items()))),
        ("successful answers/s while uploads waited", f"{r.answers_per_s_waiting:.2f} = "
         f"{r.answers_per_s_waiting / c.qps:.2f} x --qps {c.qps}  (over {r.waiting_seconds:.0f} s)"),
        ("  the same, runner up (kill -> restarted left out)", f"{r.answers_per_s_waiting_up:.2f} = "
         f"{r.answers_per_s_waiting_up / c.qps:.2f} x --qps {c.qps}  (over {r.waiting_seconds_up:.0f} s; "
         f"runner down {r.down_seconds:.0f} s in all)"),
        ("upload -> record latency p50 / p95", f"{r.percentile(50):.1f} s / {r.percentile(95):.1f} s"),
        ("wall time", f"{r.elapsed_s:.0f} s"),
    ]
    width = max(len(name) for name, _ in rows)
    head = (f"soak: {c.uploads} uploads, emulator --load --qps {c.qps} --error-rate {c.error_rate} "
            f"--timeout-rate {c.timeout_rate} --latency-ms {c.latency_ms}; serve --workers {c.workers}; "
            f"{c.duplicate_rate:.0%} duplicate events, {c.overwrite_rate:.0%} overwrites, {c.kills} kills")
    lines = [head, "", f"| {'measure'.ljust(width)} | value |", f"|{'-' * (width + 2)}|-------|"]
    lines += [f"| {name.ljust(width)} | {value} |" for name, value in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    defaults = SoakConfig()
    for name, value in vars(defaults).items():
        if name == "data_dir":
            parser.add_argument("--data-dir", type=Path, default=None)
        else:
            parser.add_argument(f"--{name.replace('_', '-')}", type=type(value), default=value)
    parser.add_argument("--check", action="store_true", help="Exit 1 when an invariant fails.")
    args = vars(parser.parse_args(argv))
    check = args.pop("check")
    config = SoakConfig(**args)
    result = Soak(config, say=lambda msg: print(msg, file=sys.stderr, flush=True)).run()
    print(table(result))
    failures = result.invariant_failures()
    for failure in failures:
        print(f"INVARIANT FAILED: {failure}")
    return 1 if failures and check else 0


if __name__ == "__main__":
    sys.exit(main())
