"""Fixtures for the infrastructure tests: the real FC package and the stack run under Pulumi mocks.

Pulumi's mocks are process-global, so they are installed once, here, by the session fixture
``deployment`` - only when a test in this directory asks for it - and everything the stack
registered is snapshotted for the tests to read. Other test directories never see them.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:  # the Pulumi program is the `infra` package at the repo root
    sys.path.insert(0, str(REPO_ROOT))

import pulumi  # noqa: E402
from infra.config import StackConfig, load_config  # noqa: E402
from infra.fc_package import FunctionPackage, build_package  # noqa: E402
from infra.stack import Stack, build  # noqa: E402
from pulumi.runtime.sync_await import _sync_await  # noqa: E402

from tests.infra.infra_mocks import RecordingMocks, Registration  # noqa: E402

PROJECT = "credrec"
STACK = "mock"
REGION = "ap-southeast-1"
HTTP_TOKEN = "test-token-0123456789abcdef0123456789abcdef"  # noqa: S105 - 42 chars, test-only
BASE_CONFIG = {"credrec:httpToken": HTTP_TOKEN}
SECRET_KEYS = ["credrec:httpToken"]


@dataclass(frozen=True)
class Deployment:
    """Everything one mocked ``pulumi up`` produced."""

    cfg: StackConfig
    stack: Stack
    registrations: tuple[Registration, ...]
    violations: tuple[str, ...]
    calls: tuple[tuple[str, dict[str, Any], str | None], ...]
    outputs: dict[str, Any]
    environment: dict[str, str]
    environment_is_secret: bool
    mocks: RecordingMocks

    def of_type(self, typ: str) -> list[Registration]:
        return [r for r in self.registrations if r.typ == typ]

    def one(self, typ: str, **where: Any) -> Registration:
        matches = [r for r in self.of_type(typ) if all(r.inputs.get(k) == v for k, v in where.items())]
        assert len(matches) == 1, f"expected exactly one {typ} {where}, found {len(matches)}"
        return matches[0]

    def by_name(self, name: str) -> Registration:
        matches = [r for r in self.registrations if r.name == name]
        assert len(matches) == 1, f"expected one resource named {name}, found {len(matches)}"
        return matches[0]


@pytest.fixture(scope="session")
def fc_package(tmp_path_factory: pytest.TempPathFactory) -> FunctionPackage:
    """The real package, built for the FC platform (dependency install cached in build/fc/deps)."""
    return build_package(out_dir=tmp_path_factory.mktemp("fc-package"))


@pytest.fixture(scope="session")
def mocks() -> RecordingMocks:
    recording = RecordingMocks(region=REGION)
    pulumi.runtime.set_mocks(recording, project=PROJECT, stack=STACK, preview=False, monitor=recording.monitor)
    return recording


def set_config(values: dict[str, str], secret_keys: list[str] | None = None) -> None:
    pulumi.runtime.set_all_config(dict(values), secret_keys=list(secret_keys or []))


@pytest.fixture(scope="session")
def deployment(mocks: RecordingMocks, fc_package: FunctionPackage) -> Deployment:
    set_config(BASE_CONFIG, SECRET_KEYS)
    captured: dict[str, Any] = {}

    @pulumi.runtime.test
    def run() -> pulumi.Output[Any]:
        cfg = load_config()
        stack = build(cfg, package=fc_package)
        captured.update(cfg=cfg, stack=stack)
        return pulumi.Output.all(outputs=pulumi.Output.all(**stack.outputs), env=stack.environment).apply(
            captured.update
        )

    run()
    stack = captured["stack"]
    return Deployment(
        cfg=captured["cfg"],
        stack=stack,
        registrations=tuple(mocks.registrations),
        violations=tuple(mocks.violations),
        calls=tuple(mocks.calls),
        outputs=captured["outputs"],
        environment=captured["env"],
        environment_is_secret=_sync_await(stack.environment.is_secret()),
        mocks=mocks,
    )
