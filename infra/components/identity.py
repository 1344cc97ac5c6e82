"""RAM roles: who the function acts as, and who may invoke it.

:class:`ServiceRole` is a role one Alibaba Cloud service may assume, with exactly one custom policy
(checked by :func:`infra.policies.least_privilege_violations` before anything is registered) and an
explicit list of system policies. The stack makes two:

* the function's execution role, trusted by ``fc.aliyuncs.com``: the system policy
  ``AliyunAntCloudAuthFullAccess`` (the recognition API) plus the function's custom policy;
* the OSS trigger's invocation role, trusted by ``oss.aliyuncs.com``: invoke this one function.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pulumi
import pulumi_alicloud as alicloud

from infra import policies

TYPE = "credrec:identity:ServiceRole"


@dataclass(frozen=True)
class ServiceRoleArgs:
    role_name: str
    trusted_service: str
    policy_name: str
    policy: policies.PolicyDocument
    description: str
    system_policies: tuple[str, ...] = field(default_factory=tuple)


class ServiceRole(pulumi.ComponentResource):
    arn: pulumi.Output[str]
    role_name: pulumi.Output[str]
    attachments: list[alicloud.ram.RolePolicyAttachment]

    def __init__(self, name: str, args: ServiceRoleArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(TYPE, name, None, opts)
        trust = policies.trust_policy(args.trusted_service)
        problems = policies.trust_policy_violations(trust, service=args.trusted_service)
        problems += policies.least_privilege_violations(args.policy)
        if problems:
            raise ValueError(f"policies of role {args.role_name} rejected: {problems}")
        child = pulumi.ResourceOptions(parent=self)
        role = alicloud.ram.Role(
            f"{name}-role",
            role_name=args.role_name,
            assume_role_policy_document=policies.to_json(trust),
            description=args.description,
            max_session_duration=3600,
            opts=child,
        )
        policy = alicloud.ram.Policy(
            f"{name}-policy",
            policy_name=args.policy_name,
            policy_document=policies.to_json(args.policy),
            description=f"credrec: least privilege for {args.role_name}",
            # RAM keeps at most 5 versions; without rotation the sixth update of a policy fails.
            rotate_strategy="DeleteOldestNonDefaultVersionWhenLimitExceeded",
            opts=child,
        )
        self.attachments = [
            alicloud.ram.RolePolicyAttachment(
                f"{name}-custom",
                role_name=role.role_name,
                policy_name=policy.policy_name,
                policy_type="Custom",
                opts=child,
            )
        ]
        for system_policy in args.system_policies:
            self.attachments.append(
                alicloud.ram.RolePolicyAttachment(
                    f"{name}-{system_policy}",
                    role_name=role.role_name,
                    policy_name=system_policy,
                    policy_type="System",
                    opts=child,
                )
            )
        self.arn = role.arn
        self.role_name = role.role_name
        self.register_outputs({"arn": self.arn, "role_name": self.role_name})
