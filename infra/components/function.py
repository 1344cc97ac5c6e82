"""The recognition function: its code object, the FC 3.0 function and its async failure handling.

* Code: the deterministic package is uploaded to the *artifacts* bucket (never the upload bucket the
  trigger watches) under ``code/<sha256>.zip``; ``code.checksum`` carries its CRC-64 so FC verifies
  the bytes it fetched. A new hash is a new key, so every code change redeploys the function.
* Function: python3.10, ``credrec.index.handler``, in the VPC, with the execution role, the
  ``CREDREC_*`` environment (kept secret in state: it holds the bearer token's hash) and SLS logs.
* Async: bounded retries and event age; events FC gives up on go to the dead-letter queue.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pulumi
import pulumi_alicloud as alicloud

from infra.fc_package import HANDLER, RUNTIME, FunctionPackage

TYPE = "credrec:function:RecognizerFunction"
QUALIFIER = "LATEST"


@dataclass(frozen=True)
class RecognizerFunctionArgs:
    function_name: str
    package: FunctionPackage
    code_bucket: pulumi.Input[str]
    role_arn: pulumi.Input[str]
    environment: Mapping[str, pulumi.Input[str]]
    memory_mb: int
    cpu: float
    timeout_seconds: int
    instance_concurrency: int
    reserved_concurrency: int
    internet_access: bool
    vpc_id: pulumi.Input[str]
    vswitch_id: pulumi.Input[str]
    security_group_id: pulumi.Input[str]
    log_project: pulumi.Input[str]
    logstore: pulumi.Input[str]
    async_retry_attempts: int
    async_max_event_age_seconds: int
    dead_letter_arn: pulumi.Input[str]
    # Resources that must be complete before FC validates the function (role grants, log index).
    ready_after: Sequence[pulumi.Resource] = ()


class RecognizerFunction(pulumi.ComponentResource):
    function_name: pulumi.Output[str]
    function_arn: pulumi.Output[str]
    code_key: pulumi.Output[str]

    def __init__(
        self, name: str, args: RecognizerFunctionArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(TYPE, name, None, opts)
        package = args.package
        code = alicloud.oss.BucketObject(
            f"{name}-code",
            bucket=args.code_bucket,
            key=package.object_key,
            source=str(package.path),
            content_md5=package.md5_base64,
            content_type="application/zip",
            server_side_encryption="AES256",
            opts=pulumi.ResourceOptions(parent=self),
        )
        function = alicloud.fc.V3Function(
            f"{name}-function",
            function_name=args.function_name,
            description=f"credrec proof-of-address recognition (code {package.sha256[:12]})",
            runtime=RUNTIME,
            handler=HANDLER,
            code={
                "oss_bucket_name": code.bucket,
                "oss_object_name": code.key,
                "checksum": package.crc64,
            },
            role=args.role_arn,
            environment_variables=dict(args.environment),
            memory_size=args.memory_mb,
            cpu=args.cpu,
            disk_size=512,
            timeout=args.timeout_seconds,
            instance_concurrency=args.instance_concurrency,
            internet_access=args.internet_access,
            vpc_config={
                "vpc_id": args.vpc_id,
                "vswitch_ids": [args.vswitch_id],
                "security_group_id": args.security_group_id,
            },
            log_config={
                "project": args.log_project,
                "logstore": args.logstore,
                "enable_request_metrics": True,
                "enable_instance_metrics": True,
                "log_begin_rule": "DefaultRegex",
            },
            opts=pulumi.ResourceOptions(
                parent=self,
                depends_on=[code, *args.ready_after],
                additional_secret_outputs=["environment_variables"],
            ),
        )
        # The fleet bound (QPS governance): at most ``reserved_concurrency`` invocations at once; async
        # events beyond it wait in FC's queue (unbilled, no retry attempt spent) instead of meeting
        # Throttling.Api. Sized from apiQps and the API latency in infra.config.
        alicloud.fc.V3ConcurrencyConfig(
            f"{name}-concurrency",
            function_name=function.function_name,
            reserved_concurrency=args.reserved_concurrency,
            opts=pulumi.ResourceOptions(parent=self),
        )
        alicloud.fc.V3AsyncInvokeConfig(
            f"{name}-async",
            function_name=function.function_name,
            qualifier=QUALIFIER,
            max_async_retry_attempts=args.async_retry_attempts,
            max_async_event_age_in_seconds=args.async_max_event_age_seconds,
            destination_config={"on_failure": {"destination": args.dead_letter_arn}},
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.function_name = function.function_name
        self.function_arn = function.function_arn
        self.code_key = code.key
        self.register_outputs(
            {"function_name": self.function_name, "function_arn": self.function_arn, "code_key": self.code_key}
        )
