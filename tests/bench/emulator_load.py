"""How many answers a second `credrec emulator --load` sustains (issue #9: >= 50 QPS on 2 cores).

    .venv/bin/python tests/bench/emulator_load.py [--seconds 10] [--threads 8]

The emulator runs as its own process (`credrec emulator --load`, no --qps limit, no faults); clients
are threads of this process calling it through the production adapter (`CloudAuthRecognizer`, the
official SDK, ACS3 signatures), each with its own distinct PNG-text images. Client and server share
the machine's cores, so the figure is a floor for the server alone. Prints a table; never fails on
timings.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO / "functions"), str(REPO)]

from credrec.adapters.cloudauth import CloudAuthRecognizer  # noqa: E402
from credrec.credentials import Credentials, StaticCredentials  # noqa: E402
from credrec.models import ImageInput, RecognitionParams  # noqa: E402
from credrec.settings import Settings  # noqa: E402
from credrec_local.servers.pngtext import text_png  # noqa: E402

KEY = ("LTAI-bench-local", "bench-secret-not-real")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()

    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "functions"), str(REPO)]),
           "CREDREC_EMULATOR_ACCESS_KEY_ID": KEY[0], "CREDREC_EMULATOR_ACCESS_KEY_SECRET": KEY[1]}
    proc = subprocess.Popen([sys.executable, "-m", "credrec_local.cli", "emulator", "--load", "--port", str(port)],  # noqa: S603
                            env=env, stderr=subprocess.PIPE, text=True)
    try:
        while "metrics:" not in (line := proc.stderr.readline() if proc.stderr else ""):
            if not line:
                raise SystemExit("the emulator did not start")
        settings = Settings.from_mapping({"CREDREC_CLOUDAUTH_ENDPOINT": f"127.0.0.1:{port}",
                                          "CREDREC_CLOUDAUTH_PROTOCOL": "http"})
        recognizer = CloudAuthRecognizer(settings, StaticCredentials(Credentials(*KEY)))
        params = RecognitionParams(doc_type="01", ocr_area="0101", fraud_check=True)
        counts = [0] * args.threads
        errors = [0] * args.threads
        stop = [0.0]

        def client(n: int) -> None:
            i = 0
            while time.monotonic() < stop[0]:
                image = text_png({"Name": f"Bench {n}-{i}", "Address": f"{i} Bench Road"}, width=320, height=240)
                try:
                    recognizer.recognize(ImageInput(data=image), params)
                    counts[n] += 1
                except Exception:
                    errors[n] += 1
                i += 1

        recognizer.recognize(ImageInput(data=text_png({"Name": "warm up"})), params)
        started = time.monotonic()
        stop[0] = started + args.seconds
        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.threads)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        proc.terminate()
        proc.wait(10)
    total = sum(counts)
    rows = [("client threads (official SDK, ACS3-signed)", str(args.threads)),
            ("successful answers", f"{total} in {elapsed:.1f} s"),
            ("answers per second", f"{total / elapsed:.1f}"),
            ("errors", str(sum(errors))),
            ("cores", str(os.cpu_count()))]
    print("credrec emulator --load, sustained answer rate")
    print()
    print("| measure | value |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
