"""Pulumi mocks for the credrec stack, and the deprecation rules they enforce.

``RecordingMocks`` answers the engine the way Alibaba Cloud would (ids, ARNs, trigger URLs), records
every registration and invoke, and checks every resource's inputs *as they arrive on the wire*
(camelCase) against explicit tables of deprecated resource types and arguments. pulumi-alicloud only
warns about a deprecated argument inside its ``*Args`` classes, not when it is passed as a keyword to
the resource, so nothing else would catch one.

``tests/infra/test_infra_deprecations.py`` proves these tables cover everything the installed
pulumi-alicloud marks as deprecated for the types the stack uses.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi
from pulumi.runtime import rpc
from pulumi.runtime.mocks import MockMonitor

ACCOUNT_ID = "5123456789012345"
FC_ZONES = ("ap-southeast-1c", "ap-southeast-1a", "ap-southeast-1b")

GET_ACCOUNT = "alicloud:index/getAccount:getAccount"
GET_FC_ZONES = "alicloud:fc/getZones:getZones"

#: Resource types that must not be used, with what replaces them (pulumi-alicloud 4.0.0).
DEPRECATED_TYPES: dict[str, str] = {
    "alicloud:fc/service:Service": "fc.V3Function (FC 3.0 has no services)",
    "alicloud:fc/function:Function": "fc.V3Function",
    "alicloud:fc/trigger:Trigger": "fc.V3Trigger",
    "alicloud:fc/alias:Alias": "fc.V3Alias",
    "alicloud:fc/customDomain:CustomDomain": "fc.V3CustomDomain",
    "alicloud:fc/layerVersion:LayerVersion": "fc.V3LayerVersion",
    "alicloud:fc/functionAsyncInvokeConfig:FunctionAsyncInvokeConfig": "fc.V3AsyncInvokeConfig",
    "alicloud:mns/queue:Queue": "message.ServiceQueue",
    "alicloud:mns/topic:Topic": "message.ServiceTopic",
    "alicloud:mns/topicSubscription:TopicSubscription": "message.ServiceSubscription",
    "alicloud:log/ossShipper:OssShipper": "log.OssExport",
    "alicloud:ram/roleAttachment:RoleAttachment": "ecs.RamRoleAttachment",
}

#: Deprecated input properties per type, as wire (camelCase) paths; "a.b" is a nested property.
DEPRECATED_INPUTS: dict[str, frozenset[str]] = {
    "alicloud:oss/bucket:Bucket": frozenset({"acl", "policy", "refererConfig", "loggingIsenable"}),
    "alicloud:ram/role:Role": frozenset({"name", "document", "ramUsers", "services", "version"}),
    "alicloud:ram/policy:Policy": frozenset({"name", "document", "statements", "version"}),
    "alicloud:vpc/network:Network": frozenset(
        {"name", "secondaryCidrBlocks", "secondaryCidrMask", "ipv6CidrBlock", "ipv6Isp", "classicLinkEnabled"}
    ),
    "alicloud:vpc/switch:Switch": frozenset({"name", "availabilityZone"}),
    "alicloud:ecs/securityGroup:SecurityGroup": frozenset({"name", "innerAccess"}),
    "alicloud:log/project:Project": frozenset({"name"}),
    "alicloud:log/store:Store": frozenset({"name", "project"}),
    "alicloud:fc/v3Function:V3Function": frozenset(
        {
            "customContainerConfig.accelerationInfo",
            "customContainerConfig.accelerationInfo.status",
            "customContainerConfig.accelerationType",
            "customContainerConfig.acrInstanceId",
        }
    ),
    "pulumi:providers:alicloud": frozenset({"fc", "logEndpoint", "mnsEndpoint", "otsInstanceName"}),
}


def deprecation_violations(typ: str, name: str, inputs: Mapping[str, Any]) -> list[str]:
    """Deprecated type or deprecated (possibly nested) inputs of one registration."""
    problems = []
    if typ in DEPRECATED_TYPES:
        problems.append(f"{name}: {typ} is deprecated, use {DEPRECATED_TYPES[typ]}")
    for path in sorted(DEPRECATED_INPUTS.get(typ, ())):
        if _present(inputs, path.split(".")):
            problems.append(f"{name}: input {path!r} of {typ} is deprecated")
    return problems


def _present(value: Any, path: list[str]) -> bool:
    if not path:
        return value is not None
    if isinstance(value, list):
        return any(_present(item, path) for item in value)
    if isinstance(value, Mapping) and path[0] in value:
        return _present(value[path[0]], path[1:])
    return False


def unwrap_secrets(value: Any) -> tuple[Any, bool]:
    """Strip the engine's secret envelopes; say whether any were found."""
    if isinstance(value, Mapping):
        if value.get(rpc._special_sig_key) == rpc._special_secret_sig:
            inner, _ = unwrap_secrets(value.get("value"))
            return inner, True
        found = False
        out = {}
        for key, item in value.items():
            out[key], secret = unwrap_secrets(item)
            found = found or secret
        return out, found
    if isinstance(value, list):
        items = [unwrap_secrets(item) for item in value]
        return [item for item, _ in items], any(secret for _, secret in items)
    return value, False


@dataclass(frozen=True)
class Options:
    """The resource options of one registration as the engine received them (URNs, wire names)."""

    urn: str = ""
    parent: str = ""
    dependencies: frozenset[str] = frozenset()
    ignore_changes: tuple[str, ...] = ()
    delete_before_replace: bool = False


@dataclass(frozen=True)
class Registration:
    """One resource as the engine received it: inputs without secret envelopes, which top-level
    inputs arrived as secrets (what the engine would encrypt in state), and its options."""

    typ: str
    name: str
    inputs: dict[str, Any]
    outputs: dict[str, Any]
    provider: str | None
    resource_id: str
    secret_inputs: frozenset[str]
    options: Options = Options()


class RecordingMonitor(MockMonitor):
    """The mock engine, also keeping what ``MockResourceArgs`` leaves out: the URN, parent,
    dependencies (explicit ``depends_on`` and those implied by inputs) and ``ignore_changes``."""

    def __init__(self, mocks: RecordingMocks) -> None:
        super().__init__(mocks)
        self._pending: dict[tuple[str, str], Options] = {}
        self._lock = threading.Lock()

    def RegisterResource(self, request: Any) -> Any:
        options = Options(
            urn=self.make_urn(request.parent, request.type, request.name),
            parent=request.parent,
            dependencies=frozenset(request.dependencies),
            ignore_changes=tuple(request.ignoreChanges),
            delete_before_replace=bool(request.deleteBeforeReplace),
        )
        with self._lock:
            self._pending[(request.type, request.name)] = options
        return super().RegisterResource(request)

    def options_of(self, typ: str, name: str) -> Options:
        with self._lock:
            return self._pending.pop((typ, name), Options())


class RecordingMocks(pulumi.runtime.Mocks):
    """Cloud stand-in: computed outputs per type, recorded registrations, deprecation checks."""

    def __init__(self, region: str) -> None:
        self.region = region
        self.registrations: list[Registration] = []
        self.calls: list[tuple[str, dict[str, Any], str | None]] = []
        self.violations: list[str] = []
        self.monitor = RecordingMonitor(self)  # pass to set_mocks(..., monitor=) to record options

    # --- engine callbacks --------------------------------------------------------------------
    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        inputs: dict[str, Any] = {}
        secret_inputs = set()
        for key, value in args.inputs.items():
            inputs[key], secret = unwrap_secrets(value)
            if secret:
                secret_inputs.add(key)
        self.violations.extend(deprecation_violations(args.typ, args.name, inputs))
        resource_id, computed = self._computed(args.typ, args.name, inputs)
        outputs = {**args.inputs, **computed}
        self.registrations.append(
            Registration(args.typ, args.name, inputs, outputs, args.provider, resource_id, frozenset(secret_inputs),
                         self.monitor.options_of(args.typ, args.name))
        )
        return resource_id, outputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict[str, Any]:
        self.calls.append((args.token, dict(args.args), args.provider))
        if args.token == GET_ACCOUNT:
            return {"id": ACCOUNT_ID}
        if args.token == GET_FC_ZONES:
            return {"id": "fc-zones", "ids": list(FC_ZONES), "zones": [{"id": z} for z in FC_ZONES]}
        # Any other look-up is unexpected: the stack would depend on something the tests don't model.
        raise NotImplementedError(f"unmocked invoke {args.token}")

    # --- what the cloud would compute --------------------------------------------------------
    def _computed(self, typ: str, name: str, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        region, account = self.region, ACCOUNT_ID
        if typ == "alicloud:ram/role:Role":
            role = inputs.get("roleName") or inputs.get("name") or name
            return role, {"arn": f"acs:ram::{account}:role/{role.lower()}", "roleId": "300000000000000001"}
        if typ == "alicloud:ram/policy:Policy":
            return inputs.get("policyName", name), {"type": "Custom", "defaultVersion": "v1"}
        if typ == "alicloud:oss/bucket:Bucket":
            bucket = inputs.get("bucket", name)
            return bucket, {
                "extranetEndpoint": f"oss-{region}.aliyuncs.com",
                "intranetEndpoint": f"oss-{region}-internal.aliyuncs.com",
                "location": f"oss-{region}",
            }
        if typ == "alicloud:oss/bucketObject:BucketObject":
            return f"{inputs['bucket']}:{inputs['key']}", {}
        if typ == "alicloud:ots/instance:Instance":
            return inputs["name"], {}
        if typ == "alicloud:ots/table:Table":
            return f"{inputs['instanceName']}:{inputs['tableName']}", {}
        if typ == "alicloud:ots/instanceAttachment:InstanceAttachment":
            return inputs["instanceName"], {"vpcId": "vpc-mock"}
        if typ == "alicloud:log/project:Project":
            return inputs["projectName"], {}
        if typ == "alicloud:log/store:Store":
            return f"{inputs['projectName']}:{inputs['logstoreName']}", {}
        if typ == "alicloud:message/serviceQueue:ServiceQueue":
            return inputs["queueName"], {}
        if typ == "alicloud:fc/v3Function:V3Function":
            fn = inputs.get("functionName", name)
            return fn, {"functionArn": f"acs:fc:{region}:{account}:functions/{fn}", "state": "Active"}
        if typ == "alicloud:fc/v3Trigger:V3Trigger":
            computed: dict[str, Any] = {"triggerId": f"trig-{name}"}
            if inputs.get("triggerType") == "http":
                host = f"{inputs['functionName']}-abcdefghij.{region}"
                computed["httpTrigger"] = {
                    "urlInternet": f"https://{host}.fcapp.run",
                    "urlIntranet": f"https://{host}-vpc.fcapp.run",
                }
            return f"{inputs['functionName']}:{inputs.get('triggerName')}", computed
        return f"{name}-id", {}
