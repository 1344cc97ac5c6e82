"""The dead-letter queue: upload events FC gave up on (retries exhausted or too old) land here,
kept for the maximum seven days, encrypted with service-managed keys."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_alicloud as alicloud

from infra import policies

TYPE = "credrec:dlq:DeadLetterQueue"
RETENTION_SECONDS = 604800  # the MNS maximum


@dataclass(frozen=True)
class DeadLetterQueueArgs:
    queue_name: str
    region: str
    account_id: str


class DeadLetterQueue(pulumi.ComponentResource):
    queue_name: pulumi.Output[str]
    destination_arn: pulumi.Output[str]

    def __init__(self, name: str, args: DeadLetterQueueArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(TYPE, name, None, opts)
        queue = alicloud.message.ServiceQueue(
            f"{name}-queue",
            queue_name=args.queue_name,
            message_retention_period=RETENTION_SECONDS,
            maximum_message_size=65536,
            enable_sse=True,
            sse_type="SMQ",
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.queue_name = queue.queue_name
        # FC's async destination takes the queue's "send message" ARN.
        self.destination_arn = queue.queue_name.apply(
            lambda q: policies.mns_queue_messages_arn(args.region, args.account_id, q)
        )
        self.register_outputs({"queue_name": self.queue_name, "destination_arn": self.destination_arn})
