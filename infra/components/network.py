"""The private network the function runs in: one VPC, one vSwitch in a Function Compute zone and a
security group that admits no inbound traffic (FC instances only make outbound calls to VPC
endpoints; nothing ever connects to them)."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_alicloud as alicloud

TYPE = "credrec:network:Network"


@dataclass(frozen=True)
class NetworkArgs:
    vpc_name: str
    vpc_cidr: str
    vswitch_name: str
    vswitch_cidr: str
    zone_id: str
    security_group_name: str


class Network(pulumi.ComponentResource):
    vpc_id: pulumi.Output[str]
    vswitch_id: pulumi.Output[str]
    security_group_id: pulumi.Output[str]

    def __init__(self, name: str, args: NetworkArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(TYPE, name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        vpc = alicloud.vpc.Network(
            f"{name}-vpc",
            vpc_name=args.vpc_name,
            cidr_block=args.vpc_cidr,
            description="credrec: private network of the recognition function",
            opts=child,
        )
        vswitch = alicloud.vpc.Switch(
            f"{name}-vswitch",
            vswitch_name=args.vswitch_name,
            vpc_id=vpc.id,
            cidr_block=args.vswitch_cidr,
            zone_id=args.zone_id,
            description="credrec: function ENIs and the Tablestore VPC binding",
            opts=child,
        )
        # No SecurityGroupRule resources at all: no ingress; the default egress lets the function
        # reach the VPC endpoints. "Drop" also refuses traffic between members of the group.
        security_group = alicloud.ecs.SecurityGroup(
            f"{name}-sg",
            security_group_name=args.security_group_name,
            vpc_id=vpc.id,
            security_group_type="normal",
            inner_access_policy="Drop",
            description="credrec: function ENIs; no inbound rules",
            opts=child,
        )
        self.vpc_id = vpc.id
        self.vswitch_id = vswitch.id
        self.security_group_id = security_group.id
        self.register_outputs(
            {"vpc_id": self.vpc_id, "vswitch_id": self.vswitch_id, "security_group_id": self.security_group_id}
        )
