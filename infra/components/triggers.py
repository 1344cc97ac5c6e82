"""How the function is reached.

* OSS trigger: objects created under the upload prefix of the upload bucket - single PUT, browser
  form POST, server-side copy, append, and completed multipart upload - invoke the function
  asynchronously, as the OSS invocation role. Every way an object gets content is subscribed, so no
  upload can arrive without leaving a record (an appendable object makes one record per append:
  each append is a new version). Not subscribed: ``PutSymlink`` (a symlink has no content of its own
  and may point outside the upload prefix), ``InitiateMultipartUpload``/``UploadPart``/
  ``UploadPartCopy`` (no object exists until ``CompleteMultipartUpload``).
* HTTP trigger: GET and POST only. FC's own auth is ``anonymous`` because the function *is* the auth
  layer: every route except ``/healthz`` requires ``Authorization: Bearer <token>``, compared in
  constant time against ``CREDREC_HTTP_TOKEN_SHA256``. (FC's ``function`` auth type would demand
  Alibaba Cloud request signatures from every client instead.)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_alicloud as alicloud

from infra.components.function import QUALIFIER

TYPE = "credrec:triggers:Triggers"
OSS_EVENTS = (
    "oss:ObjectCreated:PutObject",
    "oss:ObjectCreated:PostObject",
    "oss:ObjectCreated:CopyObject",
    "oss:ObjectCreated:AppendObject",
    "oss:ObjectCreated:CompleteMultipartUpload",
)
HTTP_METHODS = ("GET", "POST")
HTTP_AUTH_TYPE = "anonymous"


def oss_trigger_config(upload_prefix: str) -> dict[str, Any]:
    """FC 3.0 OSSTriggerConfig: ``events`` + ``filter.key.prefix`` (lower-case keys, not FC 2.0's)."""
    return {"events": list(OSS_EVENTS), "filter": {"key": {"prefix": upload_prefix}}}


def timer_trigger_config(every_minutes: int) -> dict[str, Any]:
    """FC 3.0 TimerTriggerConfig: the function receives ``{"triggerTime", "triggerName", "payload"}``
    and runs one sweep (``credrec.sweeper``)."""
    return {"cronExpression": f"@every {every_minutes}m", "enable": True, "payload": "sweep"}


def http_trigger_config() -> dict[str, Any]:
    """FC 3.0 HTTPTriggerConfig."""
    return {"authType": HTTP_AUTH_TYPE, "methods": list(HTTP_METHODS), "disableURLInternet": False}


@dataclass(frozen=True)
class TriggersArgs:
    function_name: pulumi.Input[str]
    upload_prefix: str
    source_arn: str
    invocation_role_arn: pulumi.Input[str]
    # The OSS role's grant must exist before OSS is told to use the role.
    ready_after: tuple[pulumi.Resource, ...] = ()
    sweep_every_minutes: int = 5


class Triggers(pulumi.ComponentResource):
    http_url: pulumi.Output[str | None]
    http_url_intranet: pulumi.Output[str | None]

    def __init__(self, name: str, args: TriggersArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(TYPE, name, None, opts)
        alicloud.fc.V3Trigger(
            f"{name}-oss",
            function_name=args.function_name,
            trigger_name="oss-upload",
            trigger_type="oss",
            qualifier=QUALIFIER,
            source_arn=args.source_arn,
            invocation_role=args.invocation_role_arn,
            trigger_config=json.dumps(oss_trigger_config(args.upload_prefix)),
            description="uploads under the watched prefix",
            opts=pulumi.ResourceOptions(parent=self, depends_on=list(args.ready_after)),
        )
        alicloud.fc.V3Trigger(
            f"{name}-sweep",
            function_name=args.function_name,
            trigger_name="sweep",
            trigger_type="timer",
            qualifier=QUALIFIER,
            trigger_config=json.dumps(timer_trigger_config(args.sweep_every_minutes)),
            description="finishes records left IN_PROGRESS past their lease (sweeper)",
            opts=pulumi.ResourceOptions(parent=self),
        )
        http = alicloud.fc.V3Trigger(
            f"{name}-http",
            function_name=args.function_name,
            trigger_name="http",
            trigger_type="http",
            qualifier=QUALIFIER,
            trigger_config=json.dumps(http_trigger_config()),
            description="HTTP API; bearer token checked by the function",
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.http_url = http.http_trigger.apply(lambda t: t.url_internet if t else None)
        self.http_url_intranet = http.http_trigger.apply(lambda t: t.url_intranet if t else None)
        self.register_outputs({"http_url": self.http_url})
