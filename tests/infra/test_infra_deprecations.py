"""No deprecated resource type or argument reaches the engine.

pulumi-alicloud only warns about deprecated arguments inside its ``*Args`` classes; passed as keywords
to a resource (as everyone does) they are silent. So the mocks check every registration's wire
inputs against explicit tables (``infra_mocks``), and the tests below prove (1) the stack is clean,
(2) the check really fires through the engine, and (3) the tables cover everything the installed
provider package marks as deprecated for the types the stack uses.
"""

from __future__ import annotations

import importlib
import inspect
import re
import typing
from typing import Any

import pulumi
import pulumi_alicloud as alicloud
from pulumi import _types

from tests.infra.conftest import Deployment
from tests.infra.infra_mocks import (
    DEPRECATED_INPUTS,
    DEPRECATED_TYPES,
    RecordingMocks,
    deprecation_violations,
)


def test_the_stack_uses_nothing_deprecated(deployment: Deployment):
    assert deployment.violations == ()
    assert {r.typ for r in deployment.registrations}.isdisjoint(DEPRECATED_TYPES)


def test_the_check_fires_through_the_engine(deployment: Deployment, mocks: RecordingMocks):
    """Register deprecated usages the way a careless edit would; every one must be reported."""
    before = len(mocks.violations)

    @pulumi.runtime.test
    def probe() -> pulumi.Output[Any]:
        bucket = alicloud.oss.Bucket("probe-bucket", bucket="probe-bucket", acl="public-read")
        role = alicloud.ram.Role("probe-role", name="probe-role", document='{"Version":"1"}')
        queue = alicloud.mns.Queue("probe-queue", name="probe-queue")
        switch = alicloud.vpc.Switch("probe-switch", vpc_id="vpc-1", cidr_block="10.0.0.0/24", availability_zone="z")
        function = alicloud.fc.V3Function(
            "probe-function", runtime="python3.10", handler="h",
            custom_container_config={"image": "i", "acr_instance_id": "cri-1"},
        )
        return pulumi.Output.all(bucket.id, role.id, queue.id, switch.id, function.id)

    probe()
    found = mocks.violations[before:]
    expected = [
        r"probe-bucket: input 'acl' of alicloud:oss/bucket:Bucket",
        r"probe-role: input 'document' of alicloud:ram/role:Role",
        r"probe-role: input 'name' of alicloud:ram/role:Role",
        r"probe-queue: alicloud:mns/queue:Queue is deprecated",
        r"probe-switch: input 'availabilityZone' of alicloud:vpc/switch:Switch",
        r"probe-function: input 'customContainerConfig.acrInstanceId'",
    ]
    for pattern in expected:
        assert any(re.search(pattern, v) for v in found), (pattern, found)


def test_nested_and_list_paths_are_checked():
    typ = "alicloud:fc/v3Function:V3Function"
    assert deprecation_violations(typ, "f", {"customContainerConfig": {"accelerationType": "Default"}})
    assert deprecation_violations(typ, "f", {"customContainerConfig": {"image": "i"}}) == []
    assert deprecation_violations("alicloud:oss/bucket:Bucket", "b", {"acl": "private"})
    assert deprecation_violations("alicloud:oss/bucket:Bucket", "b", {"bucket": "b"}) == []


# --- the tables cover what the installed package deprecates ---------------------------------------

def _module_and_class(token: str) -> tuple[Any, str]:
    if token == "pulumi:providers:alicloud":  # noqa: S105 - a type token, not a password
        return importlib.import_module("pulumi_alicloud.provider"), "Provider"
    _, path, cls = token.split(":")
    module, file = path.split("/")
    snake = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", file).lower()
    return importlib.import_module(f"pulumi_alicloud.{module}.{snake}"), cls


def _deprecated_paths(args_cls: type, prefix: str = "", seen: set | None = None) -> set[str]:
    """Wire paths of every property the package marks deprecated, nested input types included."""
    seen = seen if seen is not None else set()
    if args_cls in seen:
        return set()
    seen.add(args_cls)
    names = _types.input_type_py_to_pulumi_names(args_cls)
    types = _types.input_type_types(args_cls)
    found = set()
    for py_name, wire in names.items():
        prop = getattr(args_cls, py_name, None)
        if isinstance(prop, property) and "_pulumi_deprecated_callable" in prop.fget.__dict__:
            found.add(prefix + wire)
        for nested in _input_types(types.get(wire)):
            found |= _deprecated_paths(nested, f"{prefix}{wire}.", seen)
    return found


def _input_types(annotation: Any) -> list[type]:
    if typing.get_origin(annotation) is None:
        return [annotation] if isinstance(annotation, type) and _types.is_input_type(annotation) else []
    return [t for arg in typing.get_args(annotation) for t in _input_types(arg)]


def _resource_is_deprecated(module: Any) -> bool:
    return "> **DEPRECATED:**" in inspect.getsource(module)


def test_tables_cover_every_deprecation_of_the_types_used(deployment: Deployment):
    used = {r.typ for r in deployment.registrations if r.typ.startswith(("alicloud:", "pulumi:providers:"))}
    assert len(used) >= 20
    for token in sorted(used):
        module, cls = _module_and_class(token)
        assert getattr(getattr(module, cls), "pulumi_type", token) == token  # the right class was found
        assert not _resource_is_deprecated(module), f"{token} is deprecated in pulumi-alicloud {alicloud._utilities.get_version()}"
        # a few resources name their input class <Cls>InitArgs (e.g. oss.BucketVersioning)
        derived = _deprecated_paths(getattr(module, f"{cls}Args", None) or getattr(module, f"{cls}InitArgs"))
        missing = derived - DEPRECATED_INPUTS.get(token, frozenset())
        assert not missing, f"{token}: deprecated in the package but not checked: {sorted(missing)}"


def test_deprecated_types_table_matches_the_package():
    for token in DEPRECATED_TYPES:
        module, cls = _module_and_class(token)
        assert hasattr(module, cls), token
        assert _resource_is_deprecated(module), f"{token} is listed as deprecated but the package does not say so"
