"""Importing the adapters pulls in no SDK: a cold start pays only for the SDKs an invocation uses."""

from __future__ import annotations

import subprocess
import sys

SDK_ROOTS = ("tablestore", "alibabacloud_oss_v2", "alibabacloud_tea_openapi", "alibabacloud_cloudauth_intl20220809",
             "darabonba", "Tea", "alibabacloud_credentials", "requests", "urllib3", "google", "aiohttp",
             "credrec_local")


def test_adapter_modules_import_no_sdk() -> None:
    code = (
        "import sys\n"
        "import credrec.adapters, credrec.adapters.cloudauth, credrec.adapters.oss, credrec.adapters.tablestore\n"
        "import credrec.adapters._errors, credrec.adapters._clients\n"
        f"roots = {SDK_ROOTS!r}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in roots}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    assert out.stdout.strip() == "[]", out.stdout


def test_constructing_adapters_imports_no_sdk() -> None:
    """Clients are built on the first call, not in the constructor (nor at instance start-up)."""
    code = (
        "import sys\n"
        "from credrec.settings import Settings\n"
        "from credrec.credentials import StaticCredentials, Credentials\n"
        "from credrec.adapters.cloudauth import CloudAuthRecognizer\n"
        "from credrec.adapters.oss import OssObjectSource\n"
        "from credrec.adapters.tablestore import TablestoreResultStore\n"
        "s = Settings(ots_endpoint='https://i.ap-southeast-1.vpc.tablestore.aliyuncs.com', ots_instance='i')\n"
        "c = StaticCredentials(Credentials('a', 'b'))\n"
        "CloudAuthRecognizer(s, c); OssObjectSource(s, c); TablestoreResultStore(s, c)\n"
        f"roots = {SDK_ROOTS!r}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in roots}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    assert out.stdout.strip() == "[]", out.stdout
