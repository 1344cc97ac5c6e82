"""Cold first invocation from the FC zip, in a clean python3.10. Prints a table; never fails on timings.

    python tests/bench/fc_cold_start.py [--zip PATH ...] [--runs 5]

Without ``--zip`` it builds the package (``infra.fc_package``) and measures that. Each zip is unpacked
beside a clean ``python3.10 -m venv --without-pip`` (nothing installed), as FC unpacks it into
``/code``; each run is a fresh process with ``PYTHONDONTWRITEBYTECODE=1`` (FC's code directory is
read-only, so every cold start compiles the modules it imports). One run times, in order:
``import credrec.index``; ``build_cloud_app()`` (settings, adapters); the first OSS call (HeadObject +
GetObject, which imports and builds the OSS SDK client); the first Tablestore call (GetRow); the first
CloudAuth call (CredentialRecognitionIntl). The three services are the protocol-level servers of
``tests/servers`` and the CloudAuth emulator on 127.0.0.1, started by this script. Figures are medians
of ``--runs`` processes after one warm-up of the page cache.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "functions")]

INNER = r"""
import json, os, sys, time
t0 = time.perf_counter()
import credrec.index as index
t1 = time.perf_counter()
app = index.build_cloud_app()
t2 = time.perf_counter()
from credrec.models import ImageInput, RecognitionParams
bucket, key = os.environ["CREDREC_BUCKET"], os.environ["BENCH_KEY"]
head = app.pipeline.objects.head(bucket, key)
data = app.pipeline.objects.read(bucket, key, etag=head.etag)
t3 = time.perf_counter()
app.pipeline.store.get("bench-no-such-record")
t4 = time.perf_counter()
app.pipeline.recognizer.recognize(ImageInput(data=data), RecognitionParams())
t5 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "build": t2 - t1, "oss": t3 - t2, "tablestore": t4 - t3,
                  "cloudauth": t5 - t4, "numpy": "numpy" in sys.modules}))
"""


def _servers() -> tuple[dict[str, str], list[object]]:
    from credrec_local.servers.emulator import Emulator
    from tests.contract.conftest import BUCKET, CREDS, INSTANCE, REGION, TABLE, server_credentials
    from tests.servers.oss_server import OssServer
    from tests.servers.tablestore_server import TablestoreServer
    from tests.support.textpng import TextChunkEngine, text_png

    oss = OssServer(buckets=(BUCKET,), region=REGION, **server_credentials()).start()
    ots = TablestoreServer(instance=INSTANCE, tables={TABLE: ["id"]}, **server_credentials()).start()
    emulator = Emulator(TextChunkEngine(), **server_credentials()).start()
    oss.service.put_object(BUCKET, "uploads/bench.png", text_png({"Name": "Jane Tan", "Address": "1 Bench Road"}))
    env = {
        "CREDREC_REGION": REGION, "CREDREC_BUCKET": BUCKET, "CREDREC_UPLOAD_PREFIX": "uploads/",
        "CREDREC_CLOUDAUTH_ENDPOINT": emulator.endpoint, "CREDREC_CLOUDAUTH_PROTOCOL": "http",
        "CREDREC_OSS_ENDPOINT": oss.endpoint, "CREDREC_OSS_PUBLIC_ENDPOINT": oss.endpoint,
        "CREDREC_OTS_ENDPOINT": ots.endpoint, "CREDREC_OTS_INSTANCE": INSTANCE, "CREDREC_TABLE": TABLE,
        "CREDREC_HTTP_TOKEN_SHA256": "0" * 64,
        "ALIBABA_CLOUD_ACCESS_KEY_ID": CREDS.access_key_id,
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET": CREDS.access_key_secret,
        "ALIBABA_CLOUD_SECURITY_TOKEN": CREDS.security_token or "",
        "BENCH_KEY": "uploads/bench.png",
    }
    return env, [emulator, ots, oss]


def measure(zip_path: Path, python310: Path, service_env: dict[str, str], runs: int) -> dict[str, float]:
    from tests.support import fc_zip

    with tempfile.TemporaryDirectory(prefix="credrec-cold-") as tmp:
        root = Path(tmp)
        code = fc_zip.unpack(zip_path, root)
        venv_python = fc_zip.clean_venv(python310, root)
        env = {"PATH": "/usr/bin:/bin", "HOME": tmp, "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1",
               "PYTHONPATH": str(code), **service_env}
        rows: list[dict[str, float]] = []
        bare: list[float] = []
        for i in range(runs + 1):
            start = time.perf_counter()
            subprocess.run([str(venv_python), "-c", "pass"], env=env, check=True)  # noqa: S603
            python_s = time.perf_counter() - start
            start = time.perf_counter()
            out = subprocess.run([str(venv_python), "-c", INNER], env=env, check=True, capture_output=True,  # noqa: S603
                                 text=True).stdout
            wall = time.perf_counter() - start
            if i == 0:
                continue  # page-cache warm-up
            row = json.loads(out.strip().splitlines()[-1])
            row["process"] = wall
            rows.append(row)
            bare.append(python_s)
        unzipped = sum(info.file_size for info in zipfile.ZipFile(zip_path).infolist())
    result = {key: statistics.median(r[key] for r in rows)
              for key in ("import", "build", "oss", "tablestore", "cloudauth", "process")}
    result.update(python=statistics.median(bare), size=zip_path.stat().st_size, unzipped=unzipped,
                  numpy=any(r["numpy"] for r in rows))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zip", action="append", type=Path, help="a built FC zip (repeatable)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from tests.support import fc_zip

    python310 = fc_zip.find_python310()
    if python310 is None:
        print("python3.10 not found: nothing measured")
        return
    zips = args.zip
    if not zips:
        from infra.fc_package import build_package

        zips = [build_package(out_dir=Path(tempfile.mkdtemp(prefix="credrec-fc-"))).path]
    service_env, servers = _servers()
    try:
        results = [(path, measure(path, python310, service_env, args.runs)) for path in zips]
    finally:
        for server in servers:
            server.stop()  # type: ignore[attr-defined]
    print(f"Cold first invocation from the FC zip, clean python3.10 venv, median of {args.runs} fresh processes "
          "(ms; protocol servers on 127.0.0.1)")
    header = ("zip", "MB", "unzipped MB", "python", "import credrec.index", "build_cloud_app", "1st OSS",
              "1st Tablestore", "1st CloudAuth", "whole process", "numpy loaded")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for path, r in results:
        cells = [path.name, f"{r['size'] / 1e6:.1f}", f"{r['unzipped'] / 1e6:.0f}",
                 *(f"{r[k] * 1000:.0f}" for k in ("python", "import", "build", "oss", "tablestore", "cloudauth",
                                                  "process")),
                 "yes" if r["numpy"] else "no"]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    main()
