"""pytest plugin for running the cloud contract suites from the unpacked FC zip (``-p tests.support.zip_origin``).

* keeps only the cloud adapters' parameters of the contract suites (the local adapters need the
  offline extra, which the zip rightly lacks);
* at the end writes ``$CREDREC_ZIP_REPORT``: where every imported top-level module was loaded from —
  ``code`` (the unpacked zip), ``harness`` (pytest), ``servers`` (the CloudAuth emulator and loopback
  server base), ``tests`` (this repository's tests, and ``infra`` whose granted API list a contract
  suite checks), ``stdlib`` — or ``other``.
"""

from __future__ import annotations

import json
import os
import sys
import sysconfig
from pathlib import Path
from typing import Any

import pytest

#: fixture name -> the parameter that is a cloud adapter
CLOUD_PARAMS = {"store": "tablestore", "harness": "oss", "case": "cloudauth-textpng"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    keep, drop = [], []
    for item in items:
        params: dict[str, Any] = getattr(getattr(item, "callspec", None), "params", {})
        local = any(name in params and params[name] != cloud for name, cloud in CLOUD_PARAMS.items())
        (drop if local else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def _roots() -> dict[str, list[Path]]:
    env = os.environ
    stdlib = {Path(sysconfig.get_paths()[name]).resolve() for name in ("stdlib", "platstdlib")}
    return {
        "code": [Path(env["CREDREC_ZIP_CODE"]).resolve()],
        "harness": [Path(env["CREDREC_ZIP_HARNESS"]).resolve()],
        "servers": [Path(env["CREDREC_ZIP_SERVERS"]).resolve(), Path(env["CREDREC_ZIP_SERVERS_REAL"]).resolve()],
        "tests": [Path(p).resolve() for p in env["CREDREC_ZIP_TESTS"].split(os.pathsep)],
        "stdlib": sorted(stdlib),
    }


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    report_path = os.environ.get("CREDREC_ZIP_REPORT")
    if not report_path:
        return
    roots = _roots()
    origins: dict[str, dict[str, str]] = {}
    for name, module in list(sys.modules.items()):
        if "." in name or name in ("__main__", "__mp_main__"):  # the latter two are pytest's entry point
            continue
        # a namespace package (google) has no __file__, only a __path__
        file = getattr(module, "__file__", None) or next(iter(getattr(module, "__path__", None) or []), None)
        if not file:
            continue
        path = Path(file).resolve()
        where = next((kind for kind, paths in roots.items() if any(path.is_relative_to(p) for p in paths)), "other")
        origins[name] = {"where": where, "file": str(path)}
    Path(report_path).write_text(json.dumps({"python": sys.version, "modules": origins}, indent=1))
