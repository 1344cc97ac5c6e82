"""The whole credrec stack, constructible from a validated config (``pulumi up`` and the tests).

:func:`build` does everything that can fail *before* registering a resource - account and zone
look-ups, names, the function's settings, every policy document - and then wires the components:

    network ─┬─ results table (VPC-bound Tablestore) ◄── network lock (VPC-only once the table exists)
             └─ function ◄── execution role ◄── custom policy (bucket prefix, table, logstore, DLQ)
    upload bucket ──► OSS trigger ──► function ──► async failures ──► dead-letter queue
    artifacts bucket (code/<sha256>.zip) ──► function code       HTTP trigger ──► function
    log project/logstore/index ◄── function logs

Every Alibaba Cloud resource uses one explicit provider pinned to ``credrec:region`` (the default
provider, configured from ``alicloud:region``, is never used). The one non-alicloud resource, the
Tablestore network lock, is a Pulumi dynamic resource that calls the Tablestore OpenAPI of the same
region with the deployer's credentials.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_alicloud as alicloud

from credrec.settings import Settings
from infra import policies
from infra.components.dlq import DeadLetterQueue, DeadLetterQueueArgs
from infra.components.function import RecognizerFunction, RecognizerFunctionArgs
from infra.components.identity import ServiceRole, ServiceRoleArgs
from infra.components.logs import FunctionLogs, FunctionLogsArgs
from infra.components.network import Network, NetworkArgs
from infra.components.storage import (
    SecureBucket,
    SecureBucketArgs,
    expire_delete_markers_rule,
    expire_prefix_rule,
)
from infra.components.table import ResultsTable, ResultsTableArgs
from infra.components.triggers import Triggers, TriggersArgs
from infra.config import StackConfig
from infra.environment import SECRET_VARIABLES, environment_variables, function_settings
from infra.fc_package import FunctionPackage, build_package
from infra.naming import OTS_VPC_LABEL, Names

#: Where a paid answer waits when its final write failed (the function's default, outside uploads/).
ANSWER_PREFIX: str = Settings.model_fields["answer_prefix"].default

#: A stack output: a resource's (possibly unset) property or a plain value.
StackOutput = pulumi.Output[str] | pulumi.Output[str | None] | str


class StackError(RuntimeError):
    """The stack cannot be built as configured (raised before any resource is registered)."""


@dataclass(frozen=True)
class Stack:
    """What :func:`build` made: the names it chose and the exported outputs."""

    names: Names
    account_id: str
    zone_id: str
    package: FunctionPackage
    environment: pulumi.Output[dict[str, str]]
    outputs: dict[str, StackOutput]


def build(cfg: StackConfig, package: FunctionPackage | None = None) -> Stack:
    """Create every resource of the stack and export its outputs."""
    provider = alicloud.Provider("alicloud", region=cfg.region)
    invoke = pulumi.InvokeOptions(provider=provider)
    account_id = alicloud.get_account(opts=invoke).id
    zone_id = choose_zone(cfg.zone_id, alicloud.fc.get_zones(opts=invoke).ids)
    names = Names.derive(cfg, account_id)

    # Validated here, so a value the function would refuse stops the run before anything exists.
    env = environment_variables(function_settings(cfg, names))
    package = package or build_package()

    function_policy = policies.function_policy(
        region=cfg.region,
        account_id=account_id,
        bucket=names.upload_bucket,
        upload_prefix=cfg.upload_prefix,
        ots_instance=names.ots_instance,
        table=names.table,
        log_project=names.log_project,
        logstore=names.logstore,
        queue=names.queue,
    )
    invoke_policy = policies.oss_invoke_policy(region=cfg.region, account_id=account_id, function=names.function)

    opts = pulumi.ResourceOptions(providers=[provider])
    network = Network(
        "network",
        NetworkArgs(
            vpc_name=names.vpc,
            vpc_cidr=cfg.vpc_cidr,
            vswitch_name=names.vswitch,
            vswitch_cidr=cfg.vswitch_cidr,
            zone_id=zone_id,
            security_group_name=names.security_group,
        ),
        opts,
    )
    uploads = SecureBucket(
        "uploads",
        SecureBucketArgs(
            bucket_name=names.upload_bucket,
            account_id=account_id,
            https_only=True,
            versioned=True,
            lifecycle_rules=[
                expire_prefix_rule(cfg.upload_prefix, cfg.image_retention_days, versioned=True),
                expire_prefix_rule(ANSWER_PREFIX, cfg.image_retention_days, rule_id="expire-kept-answers",
                                   versioned=True),
                expire_delete_markers_rule(cfg.upload_prefix),
                expire_delete_markers_rule(ANSWER_PREFIX),
            ],
        ),
        opts,
    )
    # FC fetches the code server-side; that path is not documented to use TLS, so the artifacts
    # bucket is private and encrypted but carries no HTTPS-only policy that could block it.
    artifacts = SecureBucket(
        "artifacts", SecureBucketArgs(bucket_name=names.artifacts_bucket, account_id=account_id, https_only=False), opts
    )
    table = ResultsTable(
        "results",
        ResultsTableArgs(
            instance_name=names.ots_instance,
            table_name=names.table,
            vpc_label=OTS_VPC_LABEL,
            vswitch_id=network.vswitch_id,
            region=cfg.region,
            allow_internet=cfg.tablestore_allow_internet,
            retention_days=cfg.record_retention_days,
        ),
        opts,
    )
    logs = FunctionLogs(
        "logs",
        FunctionLogsArgs(project_name=names.log_project, logstore_name=names.logstore, retention_days=cfg.log_retention_days),
        opts,
    )
    dlq = DeadLetterQueue(
        "dlq", DeadLetterQueueArgs(queue_name=names.queue, region=cfg.region, account_id=account_id), opts
    )
    execution_role = ServiceRole(
        "function-role",
        ServiceRoleArgs(
            role_name=names.function_role,
            trusted_service="fc.aliyuncs.com",
            policy_name=names.function_policy,
            policy=function_policy,
            description="credrec: identity of the recognition function",
            system_policies=(policies.SYSTEM_POLICY_ID_VERIFICATION,),
        ),
        opts,
    )
    secret_env: dict[str, pulumi.Input[str]] = {
        key: pulumi.Output.secret(value) if key in SECRET_VARIABLES else value for key, value in env.items()
    }
    function = RecognizerFunction(
        "recognizer",
        RecognizerFunctionArgs(
            function_name=names.function,
            package=package,
            code_bucket=artifacts.bucket,
            role_arn=execution_role.arn,
            environment=secret_env,
            memory_mb=cfg.function_memory_mb,
            cpu=cfg.cpu,
            timeout_seconds=cfg.function_timeout_seconds,
            instance_concurrency=cfg.instance_concurrency,
            reserved_concurrency=cfg.reserved_concurrency,
            internet_access=cfg.function_internet_access,
            vpc_id=network.vpc_id,
            vswitch_id=network.vswitch_id,
            security_group_id=network.security_group_id,
            log_project=logs.project,
            logstore=logs.logstore,
            async_retry_attempts=cfg.async_retry_attempts,
            async_max_event_age_seconds=cfg.async_max_event_age_seconds,
            dead_letter_arn=dlq.destination_arn,
            ready_after=(*execution_role.attachments, logs.index, table),
        ),
        opts,
    )
    invoke_role = ServiceRole(
        "oss-invoke-role",
        ServiceRoleArgs(
            role_name=names.oss_invoke_role,
            trusted_service="oss.aliyuncs.com",
            policy_name=names.oss_invoke_policy,
            policy=invoke_policy,
            description="credrec: lets OSS invoke the recognition function, nothing else",
        ),
        opts,
    )
    triggers = Triggers(
        "triggers",
        TriggersArgs(
            function_name=function.function_name,
            upload_prefix=cfg.upload_prefix,
            source_arn=policies.oss_source_arn(cfg.region, account_id, names.upload_bucket),
            invocation_role_arn=invoke_role.arn,
            ready_after=(*invoke_role.attachments, uploads),
            sweep_every_minutes=cfg.sweep_every_minutes,
        ),
        opts,
    )

    outputs: dict[str, StackOutput] = {
        "region": cfg.region,
        "bucketName": uploads.bucket,
        "uploadPrefix": cfg.upload_prefix,
        "httpTriggerUrl": triggers.http_url,
        "tableName": table.table_name,
        "tablestoreInstance": table.instance_name,
        "deadLetterQueueName": dlq.queue_name,
        "logProject": logs.project,
        "logStore": logs.logstore,
        "functionName": function.function_name,
        "codeObjectKey": function.code_key,
    }
    for key, value in outputs.items():
        pulumi.export(key, value)
    return Stack(
        names=names,
        account_id=account_id,
        zone_id=zone_id,
        package=package,
        environment=pulumi.Output.all(**secret_env),
        outputs=outputs,
    )


def choose_zone(requested: str | None, fc_zones: Sequence[str]) -> str:
    """The vSwitch zone: the requested one if Function Compute runs there, else the first FC zone."""
    zones = sorted(fc_zones)
    if not zones:
        raise StackError("Function Compute reports no zones in this region")
    if requested is None:
        return zones[0]
    if requested not in zones:
        raise StackError(f"credrec:zoneId={requested} is not a Function Compute zone here; choose one of {zones}")
    return requested
