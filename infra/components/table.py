"""The results table: a Tablestore instance reachable only from the function's VPC, bound to that
VPC, and one encrypted table keyed like the function's records (one ``id`` STRING column).

Network ACL: ``VPC`` plus the console's trusted proxy (``TRUST_PROXY``) so an operator can inspect or
erase records in the console; no Internet. The Pulumi provider creates tables over the instance's
public endpoint, so the very first deploy sets ``tablestoreAllowInternet=true`` and the second one
closes it again (see the README's deploy steps).
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_alicloud as alicloud

TYPE = "credrec:table:ResultsTable"
PRIMARY_KEY = [{"name": "id", "type": "String"}]


@dataclass(frozen=True)
class ResultsTableArgs:
    instance_name: str
    table_name: str
    vpc_label: str
    vswitch_id: pulumi.Input[str]
    allow_internet: bool


def network_type_acls(allow_internet: bool) -> list[str]:
    return ["VPC", "INTERNET"] if allow_internet else ["VPC"]


class ResultsTable(pulumi.ComponentResource):
    instance_name: pulumi.Output[str]
    table_name: pulumi.Output[str]

    def __init__(self, name: str, args: ResultsTableArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(TYPE, name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        instance = alicloud.ots.Instance(
            f"{name}-instance",
            name=args.instance_name,
            description="credrec results",
            instance_type="Capacity",
            network_type_acls=network_type_acls(args.allow_internet),
            network_source_acls=["TRUST_PROXY"],
            opts=child,
        )
        alicloud.ots.InstanceAttachment(
            f"{name}-vpc-binding",
            instance_name=instance.name,
            vpc_name=args.vpc_label,
            vswitch_id=args.vswitch_id,
            opts=child,
        )
        table = alicloud.ots.Table(
            f"{name}-table",
            instance_name=instance.name,
            table_name=args.table_name,
            primary_keys=PRIMARY_KEY,
            max_version=1,
            time_to_live=-1,
            enable_sse=True,
            sse_key_type="SSE_KMS_SERVICE",
            opts=child,
        )
        self.instance_name = instance.name
        self.table_name = table.table_name
        self.register_outputs({"instance_name": self.instance_name, "table_name": self.table_name})
