"""Pulumi entry point (``main: infra/`` in Pulumi.yaml). Thin by design: read the config, build."""

import os
import sys
from pathlib import Path

_PROGRAM_DIR = Path(__file__).resolve().parent
# Pulumi runs this directory as a script, with infra/ first on sys.path. The program is the `infra`
# package at the repo root, and infra/'s own modules must not shadow libraries of the same name
# (e.g. a module named like the `packaging` distribution that pulumi_alicloud imports).
sys.path[:] = [entry for entry in sys.path if Path(entry or os.curdir).resolve() != _PROGRAM_DIR]
sys.path.insert(0, str(_PROGRAM_DIR.parent))

from infra.config import load_config  # noqa: E402
from infra.stack import build  # noqa: E402

build(load_config())
