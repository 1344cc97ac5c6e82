"""``infra/__main__.py`` runs the way Pulumi runs it: as a script, with nothing put on sys.path.

A separate, isolated interpreter (``-I``: no PYTHONPATH, no cwd on the path) installs minimal mocks
and runs the program directory with ``runpy`` (``main: infra/``), which puts ``infra/`` itself - not
the repo root - first on sys.path. This also
builds the package at its default location (``build/fc/``), as ``pulumi up`` would.
"""

from __future__ import annotations

import json
import subprocess
import sys

from tests.infra.conftest import HTTP_TOKEN, REPO_ROOT

DRIVER = r"""
import json, runpy, sys
import pulumi

class Mocks(pulumi.runtime.Mocks):
    types = []
    def new_resource(self, args):
        self.types.append(args.typ)
        return args.name + "-id", dict(args.inputs)
    def call(self, args):
        if args.token == "alicloud:index/getAccount:getAccount":
            return {"id": "5123456789012345"}
        if args.token == "alicloud:fc/getZones:getZones":
            return {"id": "z", "ids": ["ap-southeast-1a"], "zones": [{"id": "ap-southeast-1a"}]}
        raise NotImplementedError(args.token)

# Like the language host, pulumi is imported first; then forget `packaging` so the program's own
# imports must find it again - from site-packages, never from infra/.
for name in [m for m in sys.modules if m == "packaging" or m.startswith("packaging.")]:
    del sys.modules[name]

mocks = Mocks()
pulumi.runtime.set_mocks(mocks, project="credrec", stack="entry", preview=False)
pulumi.runtime.set_all_config({"credrec:httpToken": sys.argv[2]}, secret_keys=["credrec:httpToken"])

@pulumi.runtime.test
def run():
    runpy.run_path(sys.argv[1], run_name="__main__")
    return pulumi.Output.from_input(None)

run()
print(json.dumps({"types": sorted(set(mocks.types)), "packaging": sys.modules["packaging"].__file__,
                  "path": sys.path}))
"""


def test_entry_point_runs_as_a_script(tmp_path):
    result = subprocess.run(  # noqa: S603 - our own interpreter and driver
        [sys.executable, "-I", "-c", DRIVER, str(REPO_ROOT / "infra"), HTTP_TOKEN],
        cwd=tmp_path, capture_output=True, text=True, check=False, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert "alicloud:fc/v3Function:V3Function" in report["types"]
    assert "alicloud:fc/v3Trigger:V3Trigger" in report["types"]
    assert (REPO_ROOT / "build" / "fc" / "credrec-fc.zip").is_file()
    assert "site-packages" in report["packaging"]
    assert str(REPO_ROOT / "infra") not in report["path"]
