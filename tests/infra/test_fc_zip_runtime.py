"""The FC zip works on its own: unpacked into a clean CPython 3.10 (nothing installed), the contract
suites of the three cloud adapters pass against the protocol servers, with credrec and every SDK
loaded from the unpacked zip. And the zip stays within its size budget.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
from infra.fc_package import EXCLUDED_DISTRIBUTIONS, MAX_ZIP_BYTES, FunctionPackage

from tests.support import fc_zip

REPO = fc_zip.REPO
BUDGET_BYTES = 20_000_000  # 20 MB
CONTRACT_SUITES = (
    "tests/contract/test_contract_object_source.py",
    "tests/contract/test_contract_result_store.py",
    "tests/contract/test_contract_recognizer.py",
    "tests/contract/test_oss_cloud_errors.py",
    "tests/contract/test_tablestore_cloud_errors.py",
    "tests/contract/test_cloudauth_cloud_errors.py",
)
#: Distributions' import names that the cloud adapters must load, all from the zip.
SDK_MODULES = (
    "credrec", "pydantic", "pydantic_core", "pydantic_settings", "tablestore", "alibabacloud_oss_v2",
    "alibabacloud_cloudauth_intl20220809", "alibabacloud_tea_openapi", "darabonba", "alibabacloud_credentials",
    "requests", "urllib3", "google",
)


def test_zip_is_within_the_size_budget(fc_package: FunctionPackage) -> None:
    assert MAX_ZIP_BYTES == BUDGET_BYTES
    assert fc_package.size <= BUDGET_BYTES, f"{fc_package.size / 1e6:.1f} MB"


def test_zip_leaves_out_what_never_runs(fc_package: FunctionPackage) -> None:
    names = {name.removesuffix(".py") for name in fc_package.top_level}
    assert not names & {"numpy", "numpy.libs", "future", "past", "libfuturize", "libpasteurize"}
    assert {"numpy", "future"} <= set(EXCLUDED_DISTRIBUTIONS)
    assert not any(e.startswith("tablestore/ots_sdk/") and e.endswith(".so") for e in fc_package.entries)
    assert not any("/tests/" in e or e.startswith("tests/") for e in fc_package.entries)


@pytest.fixture(scope="module")
def runtime(fc_package: FunctionPackage, tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """The zip unpacked beside a clean python3.10 venv, and the environment that runs code from it."""
    python = fc_zip.find_python310()
    if python is None:
        pytest.skip("python3.10 (the FC runtime) is not installed here")
    root = tmp_path_factory.mktemp("fc-runtime")
    code = fc_zip.unpack(fc_package.path, root)
    harness = fc_zip.harness()
    servers = fc_zip.local_servers_path(root)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(root),
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        # the zip first, as on FC (/code); then pytest, the emulator's package and the repo (tests/)
        "PYTHONPATH": os.pathsep.join(map(str, (code, harness, servers, REPO))),
        "CREDREC_ZIP_CODE": str(code),
        "CREDREC_ZIP_HARNESS": str(harness),
        "CREDREC_ZIP_SERVERS": str(servers),
        "CREDREC_ZIP_SERVERS_REAL": str(REPO / "functions" / "credrec_local"),
        "CREDREC_ZIP_TESTS": os.pathsep.join((str(REPO / "tests"), str(REPO / "infra"))),
    }
    return SimpleNamespace(python=fc_zip.clean_venv(python, root), code=code, root=root, env=env)


def test_cloud_contract_suites_pass_from_the_unpacked_zip(runtime: SimpleNamespace) -> None:
    report = runtime.root / "origins.json"
    result = subprocess.run(  # noqa: S603
        [str(runtime.python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.support.zip_origin",
         "--timeout", "120", *CONTRACT_SUITES],
        cwd=REPO, env={**runtime.env, "CREDREC_ZIP_REPORT": str(report)}, capture_output=True, text=True,
        timeout=600, check=False,
    )
    tail = "\n".join((result.stdout + result.stderr).splitlines()[-40:])
    assert result.returncode == 0, tail
    summary = result.stdout.strip().splitlines()[-1]
    print(summary)
    assert " passed" in summary and "skipped" not in summary and "error" not in summary, summary
    assert int(summary.split(" passed")[0].split()[-1]) >= 40, summary

    origins = json.loads(report.read_text())
    assert origins["python"].startswith("3.10.")
    modules = origins["modules"]
    for name in SDK_MODULES:
        assert name in modules, f"{name} was never imported"
        assert modules[name]["where"] == "code", (name, modules[name])
    assert "numpy" not in modules
    leaks = {name: m for name, m in modules.items()
             if m["where"] == "other" or (m["where"] == "harness" and name not in fc_zip.HARNESS_TOP_LEVEL)}
    assert leaks == {}


#: Imports every module of the shipped package and runs the pruned packages' fallbacks once.
EXERCISE = """
import importlib, json, pkgutil, sys
import credrec
names = [m.name for m in pkgutil.walk_packages(credrec.__path__, "credrec.")]
for name in names:
    importlib.import_module(name)
import aiohttp.http_parser, frozenlist, multidict, propcache, yarl, yaml
from anyascii import anyascii
from rapidfuzz import fuzz
import pypdf
assert not yaml.__with_libyaml__ and yaml.safe_load("a: [1, 2]") == {"a": [1, 2]}
assert fuzz.ratio("Tan Wei Ming", "Tan Wei-Ming") > 80 and anyascii("Nguyễn") == "Nguyen"
assert str(yarl.URL("http://h/a b")) == "http://h/a%20b" and multidict.CIMultiDict(A="1")["a"] == "1"
print(json.dumps({"modules": len(names), "files": {n: sys.modules[n].__file__ for n in
      ("credrec", "rapidfuzz", "yaml", "pypdf", "anyascii", "aiohttp", "multidict")}}))
"""


def test_every_shipped_module_imports_and_the_pruned_fallbacks_work(runtime: SimpleNamespace) -> None:
    result = subprocess.run(  # noqa: S603
        [str(runtime.python), "-c", EXERCISE], cwd=runtime.root,
        env={**runtime.env, "PYTHONPATH": str(runtime.code)}, capture_output=True, text=True, timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["modules"] >= 30
    for name, file in out["files"].items():
        assert Path(file).resolve().is_relative_to(runtime.code.resolve()), (name, file)
